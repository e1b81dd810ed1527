"""The one error type of the analysis layer: a message a user can read."""

from __future__ import annotations


class AnalysisError(Exception):
    """Analysis could not run or could not finish; ``str()`` says why in plain words."""


class ModelLoadError(AnalysisError):
    """The shipped weights are missing, damaged or from another model version."""
