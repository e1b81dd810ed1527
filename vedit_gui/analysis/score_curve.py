"""The cut model's per-frame score curve, pieced back together from suggestions.

An analysis cached before the full curve was kept still left, on each cut suggestion, the
scores around it (``params["curve"]`` from ``params["curve_start"]``). This module imports no
torch: the editor's session uses it without loading the model.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ..timeline import CUT, Suggestion


def curve_from_suggestions(suggestions: Iterable[Suggestion], source: str, frames: int) -> np.ndarray | None:
    """The score curve of ``source`` (``frames`` long) from the stretches its cut suggestions
    carry: NaN where none saw the score, None when none carries any."""
    curve = np.full(max(0, frames), np.nan, np.float32)
    found = False
    for suggestion in suggestions:
        if suggestion.kind != CUT or suggestion.source != source:
            continue
        values = suggestion.params.get("curve")
        if not isinstance(values, list) or not values:
            continue
        start = int(suggestion.params.get("curve_start", suggestion.source_range.start))
        piece = np.asarray(values, np.float32)[max(0, -start) : max(0, frames - start)]
        begin = max(0, start)
        # Stretches of neighbouring suggestions overlap with the same scores: either will do.
        curve[begin : begin + len(piece)] = np.fmax(curve[begin : begin + len(piece)], piece)
        found = found or len(piece) > 0
    return curve if found else None
