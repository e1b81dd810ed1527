"""The frame index of a video stream, built from one packet scan (no decoding).

Kept as a few numpy arrays so a two-hour file costs a few megabytes: the presentation
timestamps of every frame in display order and the timestamps of the keyframes. A
variable-rate stream is counted on a constant grid, at its average rate or at the rate of
the edit it is in (:func:`on_grid`), made from the same timestamps.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..timeline import parse_rate


@dataclass(frozen=True, eq=False)
class VideoIndex:
    """Where every frame of a video stream sits in time.

    ``pts`` holds each frame's presentation time (stream time base) in display order;
    ``keyframe_pts`` the sorted times of keyframes; ``grid`` maps a frame on the constant
    ``rate`` grid to a position in ``pts`` (identity for constant-rate files).
    """

    time_base: Fraction
    pts: np.ndarray
    keyframe_pts: np.ndarray
    rate: Fraction
    grid: np.ndarray
    variable_frame_rate: bool

    def __post_init__(self) -> None:
        # Shared between readers through the probe cache: nobody may change them.
        for array in (self.pts, self.keyframe_pts, self.grid):
            array.flags.writeable = False

    @property
    def frame_count(self) -> int:
        return int(self.grid.shape[0])

    @property
    def first_pts(self) -> int:
        return int(self.pts[0])

    def source_position(self, frame: int) -> int:
        """The position in ``pts`` of the frame shown at grid frame ``frame``."""
        return int(self.grid[frame])

    def keyframe_at_or_before(self, pts: int) -> int:
        """The time of the last keyframe not after ``pts`` (the first keyframe when none)."""
        i = int(np.searchsorted(self.keyframe_pts, pts, side="right")) - 1
        return int(self.keyframe_pts[max(i, 0)])

    def first_grid_frame(self, position: int) -> int:
        """The first grid frame showing source position ``position`` or a later one (a
        variable-rate grid skips some positions); ``frame_count`` past the last."""
        return int(np.searchsorted(self.grid, position))

    def holds(self, pts: int | None) -> bool:
        """Whether a frame of the index is presented at ``pts``."""
        if pts is None:
            return False
        i = int(np.searchsorted(self.pts, pts))
        return i < self.pts.size and int(self.pts[i]) == pts

    def position_of_pts(self, pts: int) -> int:
        """The display-order position of the frame with time ``pts`` (or the last before it)."""
        return int(np.searchsorted(self.pts, pts, side="right")) - 1


_REORDER_DEPTH = 16
"""The most frames a codec sends after one it shows later (x264's and x265's B-frame limit)."""


def build_index(
    pts: list[int], keyframes: list[int], time_base: Fraction, nominal_rate: Fraction | None,
    *, cut_short: bool = False,
) -> VideoIndex:
    """Index from the packet timestamps of a scan; ``nominal_rate`` is the container's claim.

    ``cut_short``: the file was cut off (an interrupted copy or recording). Frames coded ahead
    of ones shown before them (B-frames) may then be lost just before the cut, leaving a hole
    near the end of an otherwise regular stream: the picture ends before the hole, rather
    than the whole file being read as variable-rate with a frame repeated in the hole.
    """
    times = np.unique(np.asarray(pts, dtype=np.int64))
    keys = np.unique(np.asarray(keyframes, dtype=np.int64))
    if cut_short and times.size > 2:
        deltas = np.diff(times)
        median = int(np.median(deltas))
        holes = np.flatnonzero(np.abs(deltas - median) > max(2, median // 10))
        if holes.size and holes[0] >= deltas.size - _REORDER_DEPTH:
            last = times[holes[0]]
            return build_index(list(times[: holes[0] + 1]), list(keys[keys <= last]), time_base, nominal_rate)
    if keys.size == 0 or keys[0] > times[0]:
        # A stream that opens on a non-keyframe (cut from a longer file) still decodes from its start.
        keys = np.concatenate([times[:1], keys])
    if times.size == 1:
        rate = parse_rate(float(nominal_rate)) if nominal_rate else Fraction(25)
        return VideoIndex(time_base, times, keys, rate, np.zeros(1, np.int64), False)
    deltas = np.diff(times)
    median = int(np.median(deltas))
    # Timestamp rounding (1 ms time bases at 29.97) jitters by a tick; real VFR moves by more.
    tolerance = max(2, median // 10)
    variable = bool(np.any(np.abs(deltas - median) > tolerance))
    if not variable:
        measured = 1 / (median * time_base)
        if nominal_rate and abs(float(nominal_rate) / float(measured) - 1) < 0.02:
            rate = parse_rate(float(nominal_rate))
        else:
            rate = parse_rate(float(measured))
        return VideoIndex(
            time_base, times, keys, rate, np.arange(times.size, dtype=np.int64), False
        )
    # Variable rate: a constant grid at the average rate; each grid frame shows the source
    # frame on screen at its time.
    elapsed = int(times[-1] - times[0]) * time_base
    return _variable_index(time_base, times, keys, _snap_average_rate((times.size - 1) / elapsed))


def on_grid(index: VideoIndex, rate: Fraction) -> VideoIndex:
    """``index`` on a constant grid at ``rate``: a variable-rate stream sampled once at the
    rate of the edit it is in (each grid frame the source frame on screen at its start), so
    the edit's frames need not be mapped onto the average-rate grid, a second sampling.
    A constant-rate index is returned as it is: its frames are the file's own."""
    if not index.variable_frame_rate or rate == index.rate or index.pts.size < 2:
        return index
    return _variable_index(index.time_base, index.pts, index.keyframe_pts, rate)


def _variable_index(time_base: Fraction, times: np.ndarray, keys: np.ndarray, rate: Fraction) -> VideoIndex:
    """A variable-rate stream's index on a constant grid at ``rate``: grid frame i shows the
    last source frame whose time is not after i / ``rate`` seconds from the first."""
    # The average interval, with the last frame held for one more of them.
    elapsed = int(times[-1] - times[0]) * time_base
    count = max(1, round(elapsed * times.size / (times.size - 1) * rate))
    # Grid frame i starts at i / rate seconds: in ticks, i * den / num, rounded (integer maths).
    num = rate.numerator * time_base.numerator
    den = rate.denominator * time_base.denominator
    grid_times = times[0] + (np.arange(count, dtype=np.int64) * den * 2 + num) // (2 * num)
    grid = np.searchsorted(times, grid_times, side="right") - 1
    return VideoIndex(time_base, times, keys, rate, grid.astype(np.int64), True)


COMMON_RATES = tuple(
    Fraction(r) for r in ("24000/1001", "24", "25", "30000/1001", "30", "50", "60000/1001", "60")
)


def _snap_average_rate(average: Fraction) -> Fraction:
    """A readable grid rate for variable-rate video: a common rate within 3 %, else the
    average to 1/100 fps (phones average 29.8 for a nominal 30)."""
    for rate in COMMON_RATES:
        if abs(average / rate - 1) < Fraction(3, 100):
            return rate
    return max(Fraction(round(average * 100), 100), Fraction(1, 100))
