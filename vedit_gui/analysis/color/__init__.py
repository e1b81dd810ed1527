"""Per-shot colour correction: a neural grade suggestion and shot-to-shot matching (no Qt).

:func:`~.suggest.suggest_grade` predicts one editable grade for a shot from frames sampled
across it, on top of a classical white-balance and exposure estimate, with a confidence;
:func:`~.match.match_grade` fits the same parameters to bring a shot to a reference shot.
The app runs the model in NumPy (:mod:`.infer`); only training (and :mod:`.model`) imports torch.
"""

from .errors import ColorError

__all__ = ["ColorError"]
