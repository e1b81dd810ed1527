"""Detectors and neural models that turn footage into suggestions (no Qt).

Shot transitions: :class:`~.cut_detector.CutDetector` (streaming, frame by frame) and
:func:`~.analyze.analyze_cuts` (one source, decoded once, cached). Weights ship in ``models/``.
The package itself imports only the error types, so catching them does not load torch.
"""

from .errors import AnalysisError, ModelLoadError

__all__ = ["AnalysisError", "ModelLoadError"]
