"""The error type of colour analysis."""

from __future__ import annotations

from ..errors import AnalysisError


class ColorError(AnalysisError):
    """Colour analysis could not run on the frames given; ``str()`` says why."""
