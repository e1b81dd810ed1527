"""Shot transitions as values, and the post-processing that turns network scores into them.

Frames are 0-based in decode order. A hard cut between frames k−1 and k is ``start=k−1,
end=k``; a gradual transition spans its first to last mixed frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cut_weights import KINDS

# Score curve kept on each transition for the UI: this many frames either side of it.
CURVE_MARGIN = 16
# Extent scores above this mark a frame as part of a gradual transition.
EXTENT_THRESHOLD = 0.5
# Peaks closer than this (frames) to a stronger one are the same transition.
PEAK_RADIUS = 3
# A wipe replaces the picture. Where the frames just outside a detected "wipe" still agree
# over half the picture, something crossed or left the shot (a bird, a hand, a sliding panel)
# and no shot ended. A thumbnail cell counts as replaced when its colour moved by more than
# CELL_CHANGE (mean over R, G, B in 0..1). Synthetic wipes and pushes, as the network finds
# them, replace at least 57 % of the cells in 99 % of cases (models/cutnet.md).
WIPE_MIN_REPLACED = 0.5
CELL_CHANGE = 0.06
# The frames compared lie this far outside the detected span: its ends often fall a frame or
# two inside the true one.
WIPE_MARGIN = 4
# Bump when the post-processing changes: results caches key on it with the weights.
REVISION = "pp2"


@dataclass(frozen=True)
class Transition:
    """One detected transition with the evidence the UI shows beside it."""

    start: int
    end: int
    kind: str
    confidence: float
    # The network's per-frame transition score from ``curve_start`` on (for the UI's curve).
    curve: tuple[float, ...] = ()
    curve_start: int = 0

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "kind": self.kind,
                "confidence": round(self.confidence, 4)}

    @property
    def cut_frame(self) -> int:
        """Where an editor splits the shot: the first frame of the new shot, or the middle."""
        return self.end if self.kind == "cut" else (self.start + self.end + 1) // 2


def pick_transitions(
    event: np.ndarray,
    extent: np.ndarray,
    kinds: np.ndarray,
    *,
    threshold: float,
    offset: int = 0,
    lo: int = 0,
    hi: int | None = None,
    at_start: bool = True,
    at_end: bool = True,
    thumbs: np.ndarray | None = None,
    thumbs_start: int = 0,
) -> list[Transition]:
    """Transitions whose peak lies in ``[lo, hi)`` of these per-frame probabilities.

    ``event`` and ``extent`` are probabilities (N), ``kinds`` N×len(KINDS) probabilities;
    ``offset`` is the frame number of index 0. Peaks are local maxima of ``event`` at or above
    ``threshold``; each takes the run of frames around it whose ``extent`` is high as its span.
    ``at_start`` / ``at_end``: the arrays begin / end where the video does, so a gradual
    change running into that edge (a fade-in from black at the very start) is no transition:
    there is no shot on its other side. ``thumbs`` (3×cells colour thumbnails in 0..1, row
    ``i`` for index ``thumbs_start + i``) lets a "wipe" be checked for replacing the picture.
    """
    n = len(event)
    hi = n if hi is None else min(hi, n)
    found: list[Transition] = []
    lo = max(lo, 0)
    for t in (np.nonzero(event[lo:hi] >= threshold)[0] + lo).tolist():
        p = float(event[t])
        window = event[max(0, t - PEAK_RADIUS) : t + PEAK_RADIUS + 1]
        if p < window.max() or (p == window.max() and int(np.argmax(window)) != min(t, PEAK_RADIUS)):
            continue
        a = b = t
        if extent[t] >= EXTENT_THRESHOLD:
            while a > 0 and extent[a - 1] >= EXTENT_THRESHOLD:
                a -= 1
            while b < n - 1 and extent[b + 1] >= EXTENT_THRESHOLD:
                b += 1
        kind = KINDS[int(np.argmax(kinds[a : b + 1].mean(0)))]
        if kind == "cut" or b - a < 2:
            kind, a, b = "cut", t - 1, t
            if a < 0:
                continue
        else:
            at_an_edge = (at_start and a == 0) or (at_end and b == n - 1)
            not_a_wipe = kind == "wipe" and thumbs is not None and not _replaces_picture(thumbs, thumbs_start, a, b)
            if at_an_edge or not_a_wipe:
                continue
        c0 = max(0, a - CURVE_MARGIN)
        curve = tuple(round(float(v), 3) for v in event[c0 : b + CURVE_MARGIN + 1])
        found.append(Transition(a + offset, b + offset, kind, p, curve, c0 + offset))
    return prune_duplicates(found)


def replaced_share(before: np.ndarray, after: np.ndarray) -> float:
    """Share of thumbnail cells (3×cells, 0..1) whose colour changed by more than CELL_CHANGE."""
    return float((np.abs(after - before).mean(0) > CELL_CHANGE).mean())


def _replaces_picture(thumbs: np.ndarray, first: int, a: int, b: int) -> bool:
    before = max(0, a - WIPE_MARGIN) - first
    after = min(first + len(thumbs) - 1, b + WIPE_MARGIN) - first
    if before < 0:
        return True  # no longer held (a span reaching far back): the network's word stands
    return replaced_share(thumbs[before], thumbs[after]) >= WIPE_MIN_REPLACED


def prune_duplicates(transitions: list[Transition], gap: int = 2) -> list[Transition]:
    """Keep the most confident of transitions that overlap or lie within ``gap`` frames."""
    kept: list[Transition] = []
    for tr in sorted(transitions, key=lambda t: -t.confidence):
        if all(tr.end + gap < k.start or tr.start > k.end + gap for k in kept):
            kept.append(tr)
    return sorted(kept, key=lambda t: t.start)
