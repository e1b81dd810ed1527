"""Per-shot colour correction: a neural grade suggestion and shot-to-shot matching (no Qt).

:func:`~.suggest.suggest_grade` predicts one editable grade for a shot from frames sampled
across it, on top of a classical white-balance and exposure estimate, with a confidence;
:func:`~.match.match_grade` fits the same parameters to bring a shot to a reference shot.
Importing the package loads no torch; :mod:`.suggest` does.
"""

from .errors import ColorError

__all__ = ["ColorError"]
