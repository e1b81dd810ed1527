"""The cut model's score curve in the band under the suggestion lane.

Scores live on source frames; the band shows them where the timeline shows those frames
(the same source→timeline mapping as the clips: ``clip_source_frame``), so the curve follows
every trim, split and move. Each pixel column shows the highest score of the frames it
covers, so a one-frame peak stays visible at any zoom and a paint costs one value per
column whatever the source's length.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QPolygonF

from ..timeline import Clip, Timeline, Track, TrackKind
from . import timeline_theme as theme
from .timeline_scale import TimeScale


@dataclass(frozen=True)
class _TrackClips:
    """A video track's clips as arrays (timeline start and end, source start, rate ratio,
    source), so a paint maps columns to source frames without a Python loop over clips."""

    starts: np.ndarray
    ends: np.ndarray
    sources: np.ndarray  # first source frame, at the timeline's rate
    ratios: np.ndarray  # source frames per timeline frame
    path_index: np.ndarray  # each clip's source, as an index into ``paths``
    paths: tuple[str, ...]


_TRACK_CACHE: OrderedDict[tuple[int, Fraction], tuple[Track, _TrackClips]] = OrderedDict()
_TRACK_CACHE_SIZE = 8


def _track_clips(track: Track, rate: Fraction) -> _TrackClips:
    key = (id(track), rate)
    hit = _TRACK_CACHE.get(key)
    if hit is not None and hit[0] is track:
        _TRACK_CACHE.move_to_end(key)
        return hit[1]
    clips = [(rng.start, item) for _, item, rng in track.ranges() if isinstance(item, Clip) and item.duration > 0]
    paths = tuple(dict.fromkeys(clip.media.path for _, clip in clips))
    arrays = _TrackClips(
        np.array([start for start, _ in clips], np.float64),
        np.array([start + clip.duration for start, clip in clips], np.float64),
        np.array([clip.source_range.start for _, clip in clips], np.float64),
        np.array([float(clip.media.rate / rate) for _, clip in clips], np.float64),
        np.array([paths.index(clip.media.path) for _, clip in clips], np.int64),
        paths,
    )
    # The cache holds the track itself, so its id cannot be reused while the entry lives.
    _TRACK_CACHE[key] = (track, arrays)
    while len(_TRACK_CACHE) > _TRACK_CACHE_SIZE:
        _TRACK_CACHE.popitem(last=False)
    return arrays


def score_columns(
    timeline: Timeline, curves: Mapping[str, np.ndarray], scale: TimeScale, left: int, right: int
) -> np.ndarray:
    """For each pixel column in ``[left, right)``: the highest score of the source frames it
    shows, NaN where it shows none with a known score. The top video track wins where tracks
    overlap, as in the picture. Costs O(columns + visible clips + visible source frames)."""
    values = np.full(max(0, right - left), np.nan, np.float32)
    if not curves or right <= left:
        return values
    for track in timeline.tracks:
        if track.kind is TrackKind.VIDEO:
            shown = _track_columns(_track_clips(track, timeline.rate), curves, scale, left, right)
            found = ~np.isnan(shown)
            values[found] = shown[found]
    return values


def _track_columns(
    clips: _TrackClips, curves: Mapping[str, np.ndarray], scale: TimeScale, left: int, right: int
) -> np.ndarray:
    width = right - left
    shown = np.full(width, np.nan, np.float32)
    fpp = scale.frames_per_pixel
    t_lo = scale.first_frame + (left - scale.left) * fpp
    t_hi = scale.first_frame + (right - scale.left) * fpp
    first = int(np.searchsorted(clips.ends, t_lo, side="right"))
    last = int(np.searchsorted(clips.starts, t_hi, side="left"))
    if last <= first:
        return shown
    starts, ends = clips.starts[first:last], clips.ends[first:last]
    # Segments lie within one column and one clip: cut at column edges and clip boundaries.
    edges = np.concatenate((t_lo + np.arange(width + 1) * fpp, starts, ends))
    edges = np.unique(np.clip(edges, t_lo, t_hi))
    a, b = edges[:-1], edges[1:]
    clip = np.searchsorted(starts, a, side="right") - 1
    inside = (clip >= 0) & (a < ends[np.maximum(clip, 0)])
    a, b, clip = a[inside], b[inside], clip[inside] + first
    column = np.minimum(((a - t_lo) / fpp + 1e-9).astype(np.int64), width - 1)
    ratio, source, start = clips.ratios[clip], clips.sources[clip], clips.starts[clip]
    s0 = np.floor((source + a - start) * ratio + 1e-9).astype(np.int64)
    # Every frame a column touches counts in it: a one-frame peak is never lost between two.
    s1 = np.maximum(np.ceil((source + b - start) * ratio - 1e-9).astype(np.int64), s0 + 1)
    sources = clips.path_index[clip]
    for index in np.unique(sources).tolist():
        curve = curves.get(clips.paths[index])
        if curve is None or len(curve) == 0:
            continue
        mine = sources == index
        lo, hi, col = s0[mine], s1[mine], column[mine]
        known = lo < len(curve)  # a curve still being analysed ends early
        lo, hi, col = lo[known], np.minimum(hi[known], len(curve)), col[known]
        if not len(lo):
            continue
        shared = hi[:-1] - lo[1:]
        if np.all((shared == 0) | (shared == 1)) and np.all(lo[1:] >= lo[:-1]):
            # Back-to-back stretches sharing at most an edge frame (one clip, zoomed out):
            # reduce the curve where it lies, then add each stretch's last frame.
            peaks = np.fmax(np.fmax.reduceat(curve[: hi[-1]], lo), curve[hi - 1]).astype(np.float32)
        else:
            # Gather every covered frame once, then one reduceat gives each segment's peak.
            lengths = hi - lo
            offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
            frames = np.arange(int(lengths.sum())) - np.repeat(offsets - lo, lengths)
            peaks = np.fmax.reduceat(curve[frames], offsets).astype(np.float32)
        np.fmax.at(shown, col, peaks)
    return shown


def paint_score_band(
    painter: QPainter,
    timeline: Timeline,
    curves: Mapping[str, np.ndarray],
    scale: TimeScale,
    band: QRectF,
    threshold: float | None,
    dirty: tuple[float, float] | None,
) -> None:
    """The band's background, the curve as a thin filled area (0 at the bottom, 1 at the top)
    and a faint line at the review threshold."""
    painter.fillRect(band, theme.SCORE_BAND)
    left, right = math.floor(band.left()), math.ceil(band.right())
    if dirty is not None:
        # A playhead move repaints a strip a few pixels wide: compute only that part.
        left, right = max(left, math.floor(dirty[0]) - 1), min(right, math.ceil(dirty[1]) + 1)
    values = score_columns(timeline, curves, scale, left, right)
    # Score 0 sits just below the band (clipped away), so flat stretches draw no line at all.
    bottom, height = band.bottom() + 1, band.height() - 1
    painter.save()
    painter.setClipRect(band, Qt.ClipOperation.IntersectClip)
    fill, line = QPen(theme.SCORE_FILL, 1), QPen(theme.SCORE_LINE, 1)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for start, stop in _runs(~np.isnan(values)):
        xs = (np.arange(left + start, left + stop, dtype=np.float64) + 0.5).tolist()
        ys = (bottom - values[start:stop].astype(np.float64) * height).tolist()
        # The area as one vertical line a column (a jagged polygon's fill costs far more),
        # then its edge as a polyline.
        painter.setPen(fill)
        # Columns under half a pixel high draw nothing: skip them (most of a real curve).
        painter.drawLines([QLineF(x, bottom, x, y) for x, y in zip(xs, ys, strict=True) if y < bottom - 0.5])
        painter.setPen(line)
        painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in zip(xs, ys, strict=True)]))
    if threshold is not None:
        y = math.floor(bottom - threshold * height) + 0.5
        painter.setPen(QPen(theme.SCORE_THRESHOLD, 1))
        painter.drawLine(QPointF(band.left(), y), QPointF(band.right(), y))
    painter.restore()


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) of each run of True in ``mask``."""
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    changes = np.flatnonzero(np.diff(padded))
    return list(zip(changes[::2].tolist(), changes[1::2].tolist(), strict=True))
