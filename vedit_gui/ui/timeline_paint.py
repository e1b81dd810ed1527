"""Drawing the timeline view: ruler, suggestion lane, tracks with filmstrips and waveforms,
drag previews and the playhead. Functions of a :class:`PaintState` snapshot and a painter.

Painting reads the thumbnail and waveform stores and never waits on them: what is not made
yet is drawn as a plain clip (or with the nearest picture already made), and the frames it
lacked are returned so the view can ask for them.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetrics, QPainter, QPen, QPolygonF

from ..app.thumbnail_store import ThumbnailKey, ThumbnailStore
from ..app.waveform_store import WaveformStore
from ..project.start_timecode import timeline_timecode
from ..timeline import (
    DIP_TO_BLACK,
    DIP_TO_WHITE,
    Clip,
    Gap,
    Timeline,
    Track,
    TrackKind,
    TransitionWindow,
    gain_factor,
    readable_rate,
)
from ..timeline.edits import held_frames
from ..timeline.mapping import clip_source_frame
from . import timeline_theme as theme
from .timeline_drags import DragPreview
from .timeline_lane import BandLayer, LaneShapes, paint_cut_lines, paint_lane
from .timeline_layout import TrackRow, name_rect, output_button, rows_area_top
from .timeline_scale import TimeScale, ruler_steps
from .timeline_score_curve import paint_score_band
from .volume_field import volume_text

DEFAULT_ASPECT = 16 / 9
SLIVER_PX = 2  # a clip narrower than this on screen is drawn as its border alone
# The quietest level the waveform shows (dB below full scale).
_WAVEFORM_FLOOR_DB = 48


@dataclass(frozen=True)
class PaintState:
    timeline: Timeline
    scale: TimeScale
    rows: list[TrackRow]
    width: int
    height: int
    playhead: int
    selected: frozenset[str]
    preview: DragPreview | None
    suggestions: LaneShapes
    thumbnails: ThumbnailStore | None
    waveforms: WaveformStore | None
    metrics: theme.TimelineMetrics
    dirty: tuple[float, float] | None = None
    """The x range this paint must cover (None: all); waveforms skip the rest."""
    score_curves: Mapping[str, np.ndarray] = field(default_factory=dict)
    """The cut model's per-frame scores by source path, drawn under the lane."""
    review_threshold: float | None = None
    """The panel's review threshold: a faint line across the score curve, and pending
    suggestions below it are drawn grey in the lane, as the panel greys them."""
    unusable: frozenset[str] = frozenset()
    """Accepted grades and effects whose settings cannot be used: red in the lane, marked ⚠."""
    rows_bottom: int | None = None
    """Where the rows' area ends (the horizontal scroll bar under it); None: the bottom."""
    bands: BandLayer | None = None
    """The lane's bands as a picture kept between paints (None: drawn each time)."""
    marks: tuple[int | None, int | None] = (None, None)
    """The in and out marks (frames; the out frame included), drawn on the ruler."""

    def rows_clip(self, left: float) -> QRectF:
        """The band the track rows show in: rows scrolled out of it are not drawn."""
        top = rows_area_top(self.metrics)
        bottom = self.height if self.rows_bottom is None else self.rows_bottom
        return QRectF(left, top, self.width - left, bottom - top)

    @property
    def area_left(self) -> int:
        return self.metrics.header_width

    @property
    def tracks_bottom(self) -> int:
        m = self.metrics
        return self.rows[-1].bottom if self.rows else m.ruler_height + m.lane_height + m.curve_height


# The filmstrip pictures a paint lacked, each with how many frames past it the picture may
# show instead (a keyframe there decodes on its own; never past the clip's last frame).
ThumbnailWants = dict[ThumbnailKey, int]


def small_font(painter: QPainter, points: float = 8.0, bold: bool = False) -> QFont:
    font = QFont(painter.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def paint_timeline(painter: QPainter, state: PaintState) -> ThumbnailWants:
    painter.fillRect(QRectF(0, 0, state.width, state.height), theme.BACKGROUND)
    wants: ThumbnailWants = {}
    painter.save()
    painter.setClipRect(QRectF(state.area_left, 0, state.width - state.area_left, state.height))
    _paint_ruler(painter, state)
    _paint_lane(painter, state)
    m = state.metrics
    if m.curve_height:  # none on a timeline of sound alone
        band = QRectF(state.area_left, m.ruler_height + m.lane_height, state.width - state.area_left, m.curve_height)
        paint_score_band(
            painter, state.timeline, state.score_curves, state.scale, band, state.review_threshold, state.dirty
        )
    painter.save()
    rows_clip = state.rows_clip(state.area_left)
    painter.setClipRect(rows_clip)
    for row in state.rows:
        if row.bottom > rows_clip.top() and row.top < rows_clip.bottom():  # a row scrolled away draws nothing
            _paint_row(painter, state, row, wants)
    painter.restore()
    _paint_end_shade(painter, state)
    painter.save()
    painter.setClipRect(rows_clip)  # through the rows shown, not the bands over them
    _paint_suggestion_lines(painter, state)
    painter.restore()
    _paint_preview(painter, state)
    _paint_playhead(painter, state)
    painter.restore()
    _paint_headers(painter, state)
    return wants


# -- ruler -----------------------------------------------------------------------------------


def _paint_ruler(painter: QPainter, state: PaintState) -> None:
    m = state.metrics
    painter.fillRect(QRectF(state.area_left, 0, state.width - state.area_left, m.ruler_height), theme.RULER)
    scale = state.scale
    steps = ruler_steps(state.timeline.rate, scale.frames_per_pixel, m.label_spacing, m.tick_spacing)
    first = max(0, math.floor(scale.first_frame / steps.minor) * steps.minor)
    last = scale.first_frame + (state.width - state.area_left) * scale.frames_per_pixel
    painter.setFont(small_font(painter, 7.5))
    bottom = m.ruler_height - 1
    frame = first
    while frame <= last:
        x = round(scale.x_for_frame(frame)) + 0.5
        if frame % steps.major == 0:
            painter.setPen(theme.RULER_TICK)
            painter.drawLine(QPointF(x, bottom - 11), QPointF(x, bottom))
            painter.setPen(theme.RULER_TEXT)
            painter.drawText(QPointF(x + 4, 11), timeline_timecode(state.timeline, frame))
        else:
            half = steps.major % 2 == 0 and frame % (steps.major // 2) == 0
            painter.setPen(theme.RULER_TICK)
            painter.drawLine(QPointF(x, bottom - (6 if half else 3)), QPointF(x, bottom))
        frame += steps.minor
    painter.setPen(theme.SEPARATOR)
    painter.drawLine(QPointF(state.area_left, bottom + 0.5), QPointF(state.width, bottom + 0.5))
    _paint_marks(painter, state)
    for marker in state.timeline.markers:
        x = scale.x_for_frame(marker.frame)
        colour = theme.MARKER_COLORS.get(marker.color, theme.MARKER)
        painter.setPen(QPen(theme.SELECTED, 2) if marker.id in state.selected else Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(
            QPolygonF([QPointF(x - 5, 13), QPointF(x + 5, 13), QPointF(x + 5, 19), QPointF(x, 24), QPointF(x - 5, 19)])
        )


def _paint_marks(painter: QPainter, state: PaintState) -> None:
    """The in to out range as a wash along the ruler, an in mark's bracket opening right and an
    out mark's closing left (one mark alone: the range runs to the edit's end or start)."""
    in_point, out_point = state.marks
    if in_point is None and out_point is None:
        return
    scale, m = state.scale, state.metrics
    left = scale.x_for_frame(0 if in_point is None else in_point)
    right = scale.x_for_frame(state.timeline.duration if out_point is None else out_point + 1)
    top, bottom = m.ruler_height - 8, m.ruler_height - 1
    painter.fillRect(QRectF(left, top, max(1.0, right - left), bottom - top), theme.MARK_RANGE)
    painter.setPen(QPen(theme.MARK_EDGE, 2))
    if in_point is not None:
        painter.drawPolyline(QPolygonF([QPointF(left + 5, top), QPointF(left + 1, top), QPointF(left + 1, bottom),
                                        QPointF(left + 5, bottom)]))
    if out_point is not None:
        painter.drawPolyline(QPolygonF([QPointF(right - 5, top), QPointF(right - 1, top), QPointF(right - 1, bottom),
                                        QPointF(right - 5, bottom)]))


# -- suggestion lane -------------------------------------------------------------------------


def _strip(state: PaintState) -> tuple[float, float]:
    """The x range this paint covers, on screen."""
    low, high = state.dirty or (state.area_left, state.width)
    return max(low, state.area_left), min(high, state.width)


def _paint_lane(painter: QPainter, state: PaintState) -> None:
    m = state.metrics
    lane = QRectF(state.area_left, m.ruler_height, state.width - state.area_left, m.lane_height)
    painter.setFont(small_font(painter, 7.0))
    paint_lane(painter, state.suggestions, lane, _strip(state), state.review_threshold, state.unusable, state.bands)


def _paint_suggestion_lines(painter: QPainter, state: PaintState) -> None:
    if state.rows:
        # From the first row shown: a line from a row scrolled away starts its dashes off screen.
        top = max(state.rows[0].top, rows_area_top(state.metrics))
        paint_cut_lines(painter, state.suggestions, top, state.tracks_bottom, _strip(state), state.review_threshold)


# -- tracks ----------------------------------------------------------------------------------


def _paint_row(painter: QPainter, state: PaintState, row: TrackRow, wants: ThumbnailWants) -> None:
    """One track's background and items."""
    background = theme.TRACK_VIDEO if row.kind is TrackKind.VIDEO else theme.TRACK_AUDIO
    painter.fillRect(QRectF(state.area_left, row.top, state.width - state.area_left, row.height), background)
    track = state.timeline.tracks[row.track_index]
    scale = state.scale
    # Only what this paint covers: a playhead step repaints a strip a few pixels wide, and at
    # fit zoom a film's 1,500 clips are all on screen (each a filmstrip and a waveform).
    low, high = state.dirty or (state.area_left, state.width)
    low, high = max(low, state.area_left) - 1, min(high, state.width) + 1
    first = math.floor(scale.first_frame + (low - scale.left) * scale.frames_per_pixel)
    last = math.ceil(scale.first_frame + (high - scale.left) * scale.frames_per_pixel)
    layout = _track_layout(track)
    lo, hi = layout.between(first, last)
    edges = scale.left + (layout.edges[lo:hi + 1] - scale.first_frame) / scale.frames_per_pixel
    x0s, x1s = edges[:-1], edges[1:]
    shown = (x1s >= low) & (x0s <= high)
    # A clip narrower than this shows nothing but its border (a film's 1,500 clips at fit zoom):
    # drawn as that, together; gaps show only when selected.
    sliver = shown & layout.clip[lo:hi] & (x1s - x0s < SLIVER_PX)
    drawn = shown & ~sliver & (layout.clip[lo:hi] | bool(state.selected))
    top, height = row.top + 1, row.height - 2
    for offset in np.flatnonzero(drawn).tolist():
        item = track.items[lo + offset]
        x0, x1 = float(x0s[offset]), float(x1s[offset])
        rect = QRectF(x0, top, max(1.0, x1 - x0), height)
        selected = item.id in state.selected
        if isinstance(item, Gap):
            if selected:
                painter.fillRect(rect, theme.GAP_SELECTED)
            continue
        _paint_clip(painter, state, row, item, rect, selected, wants)
    for offset, x0, x1 in zip(np.flatnonzero(sliver).tolist(), x0s[sliver].tolist(), x1s[sliver].tolist(), strict=True):
        rect = QRectF(x0, top, max(1.0, x1 - x0), height)
        if track.items[lo + offset].id in state.selected:
            _paint_clip(painter, state, row, track.items[lo + offset], rect, True, wants)  # type: ignore[arg-type]
        else:
            painter.fillRect(rect, theme.CLIP_BORDER)
    _paint_transitions(painter, state, row, track)  # dissolves and dips; crossfades on sound
    if not row.enabled:  # hidden or muted: still editable, left out of playback and render
        painter.fillRect(QRectF(state.area_left, row.top, state.width - state.area_left, row.height), theme.TRACK_OFF_SHADE)


@dataclass(frozen=True)
class _TrackLayout:
    """Where a track's items start (and the last ends), as a list to bisect and an array to
    turn into pixels, and which items are clips."""

    starts: tuple[int, ...]
    edges: np.ndarray
    clip: np.ndarray

    def between(self, first: int, last: int) -> tuple[int, int]:
        """The indices (from, to) of the items that overlap timeline frames ``first`` to ``last``."""
        starts = self.starts
        return max(0, bisect_right(starts, first) - 1), min(bisect_right(starts, last), len(starts) - 1)


# Each track's layout, per version of the track (edits make new ones): found once, used by
# every paint.
_LAYOUTS: dict[int, tuple[Track, _TrackLayout]] = {}


def _track_layout(track: Track) -> _TrackLayout:
    cached = _LAYOUTS.get(id(track))
    if cached is None or cached[0] is not track:
        if len(_LAYOUTS) > 64:  # old versions of tracks: let them go
            _LAYOUTS.clear()
        starts = track.item_starts
        clips = np.fromiter((isinstance(i, Clip) for i in track.items), bool, len(track.items))
        cached = _LAYOUTS[id(track)] = (track, _TrackLayout(starts, np.asarray(starts, dtype=np.float64), clips))
    return cached[1]


def transition_rect(window: TransitionWindow, scale: TimeScale, row: TrackRow, name_height: int) -> QRectF:
    """A dissolve's box over the clips' pictures: its frames, at least a few pixels wide."""
    x0, x1 = scale.x_for_frame(window.range.start), scale.x_for_frame(window.range.end_exclusive)
    if x1 - x0 < 8:
        middle = scale.x_for_frame(window.cut)
        x0, x1 = middle - 4, middle + 4
    return QRectF(x0, row.top + 1 + name_height, x1 - x0, row.height - 2 - name_height)


def _paint_transitions(painter: QPainter, state: PaintState, row: TrackRow, track: Track) -> None:
    for window in track.transition_windows():
        rect = transition_rect(window, state.scale, row, state.metrics.name_height)
        low, high = state.dirty or (state.area_left, state.width)
        if rect.right() < max(low, state.area_left) - 1 or rect.left() > min(high, state.width) + 1:
            continue
        painter.fillRect(rect, theme.TRANSITION_FILL)
        _paint_held_frames(painter, state, window, rect)
        painter.setPen(QPen(theme.TRANSITION_LINE, 1))
        if window.transition.kind in (DIP_TO_BLACK, DIP_TO_WHITE):
            # A dip: down into its colour at the cut and back up (a dissolve's lines cross).
            bottom = QPointF(state.scale.x_for_frame(window.cut), rect.bottom())
            painter.drawLine(rect.topLeft(), bottom)
            painter.drawLine(bottom, rect.topRight())
        else:
            painter.drawLine(rect.bottomLeft(), rect.topRight())
            painter.drawLine(rect.topLeft(), rect.bottomRight())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if window.transition.id in state.selected:
            painter.setPen(QPen(theme.SELECTED, 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        else:
            painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))


def _paint_held_frames(painter: QPainter, state: PaintState, window: TransitionWindow, rect: QRectF) -> None:
    """Hatch the frames of a dissolve where one side has no footage (the render holds a frame)."""
    before, after = held_frames(state.timeline, window)
    hatch = QBrush(theme.TRANSITION_HELD_HATCH, Qt.BrushStyle.BDiagPattern)
    for start, end in ((window.range.start, window.range.start + before),
                       (window.range.end_exclusive - after, window.range.end_exclusive)):
        if end > start:
            x0, x1 = state.scale.x_for_frame(start), state.scale.x_for_frame(end)
            held = QRectF(x0, rect.top(), max(2.0, x1 - x0), rect.height()).intersected(rect)
            painter.fillRect(held, theme.TRANSITION_HELD)
            painter.fillRect(held, hatch)


def _paint_clip(
    painter: QPainter,
    state: PaintState,
    row: TrackRow,
    clip: Clip,
    rect: QRectF,
    selected: bool,
    wants: ThumbnailWants,
) -> None:
    m = state.metrics
    video = row.kind is TrackKind.VIDEO
    painter.save()
    # Within the rows' band too: a row scrolled half under the ruler and the lane stays under them.
    painter.setClipRect(rect, Qt.ClipOperation.IntersectClip)
    painter.fillRect(rect, theme.CLIP_VIDEO if video else theme.CLIP_AUDIO)
    body = QRectF(rect.left(), rect.top() + m.name_height, rect.width(), rect.height() - m.name_height)
    if video:
        _paint_filmstrip(painter, state, clip, body, wants)
    else:
        _paint_waveform(painter, state, clip, body)
    _paint_fades(painter, state, clip, body)
    bar = QRectF(rect.left(), rect.top(), rect.width(), m.name_height)
    painter.fillRect(bar, theme.CLIP_VIDEO_BAR if video else theme.CLIP_AUDIO_BAR)
    if rect.width() > 14:
        painter.setFont(small_font(painter, 7.5))
        painter.setPen(theme.CLIP_TEXT)
        # The name stays in view while the clip's start is scrolled off to the left.
        left = max(rect.left(), state.area_left) + 4
        text_rect = QRectF(left, bar.top(), rect.right() - left - 3, bar.height())
        label = clip.title
        if not video and clip.gain_db != 0:  # a changed level reads at a glance
            label += f" · {volume_text(clip.gain_db)}"
        offset = state.timeline.link_offsets.get(clip.id)
        if offset:
            # Out of line with its linked picture or sound (a J or L cut): by how many frames.
            painter.setPen(theme.OUT_OF_SYNC)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, f"{offset:+d}")
            text_rect.setRight(text_rect.right() - QFontMetrics(painter.font()).horizontalAdvance(f"{offset:+d}") - 6)
            painter.setPen(theme.CLIP_TEXT)
        text = QFontMetrics(painter.font()).elidedText(label, Qt.TextElideMode.ElideRight, int(text_rect.width()))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
    painter.restore()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if selected:
        painter.setPen(QPen(theme.SELECTED, 2))
        painter.drawRect(rect.adjusted(1, 1, -1, -1))
    else:
        painter.setPen(QPen(theme.CLIP_BORDER, 1))
        painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))


def _paint_fades(painter: QPainter, state: PaintState, clip: Clip, body: QRectF) -> None:
    """A fade's frames shaded from black at the clip's edge, with the ramp drawn over them."""
    fade_in, fade_out = clip.fades
    frames = state.scale.frames_per_pixel
    for length, edge, inward in ((fade_in, body.left(), 1), (fade_out, body.right(), -1)):
        if not length:
            continue
        end = edge + inward * length / frames
        corner, top, far = QPointF(edge, body.bottom()), QPointF(edge, body.top()), QPointF(end, body.top())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.FADE_SHADE)
        painter.drawPolygon(QPolygonF([corner, top, far]))
        painter.setPen(QPen(theme.FADE_LINE, 1.5))
        painter.drawLine(corner, far)


def _paint_filmstrip(
    painter: QPainter, state: PaintState, clip: Clip, body: QRectF, wants: ThumbnailWants
) -> None:
    store = state.thumbnails
    if store is None or not clip.media.has_video or body.height() < 4:
        return
    path = clip.media.path
    store.use_grid(path, clip.media.rate)
    tile_h = body.height()
    tile_w = max(8.0, round(tile_h * (store.aspect(path) or DEFAULT_ASPECT)))
    fpp = state.scale.frames_per_pixel
    rate = state.timeline.rate
    visible_left = max(body.left(), state.area_left)
    visible_right = min(body.right(), state.width)
    first_tile = max(0, math.floor((visible_left - body.left()) / tile_w))
    last_tile = math.ceil((visible_right - body.left()) / tile_w)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    # A picture stands for the frames up to the next one: any keyframe among them will do, but
    # none past the clip's last frame (encoders put keyframes at the next shot's first), and
    # the first picture is the clip's head frame, as the editor cut it.
    span = int(tile_w * fpp * clip.media.rate / rate)
    last = clip_source_frame(clip, clip.duration - 1, rate)
    for k in range(first_tile, last_tile):
        offset = min(clip.duration - 1, int(k * tile_w * fpp))
        frame = clip_source_frame(clip, offset, rate)
        slack = 0 if k == 0 else max(0, min(span, last - frame))
        image = store.thumbnail(path, frame, slack)
        if image is None:
            wants[(path, frame)] = min(slack, wants.get((path, frame), slack))
            image = store.nearest(path, frame)
        if image is not None:
            painter.drawImage(QRectF(body.left() + k * tile_w, body.top(), tile_w, tile_h), image)


def _paint_waveform(painter: QPainter, state: PaintState, clip: Clip, body: QRectF) -> None:
    store = state.waveforms
    mid = body.center().y()
    painter.setPen(QPen(theme.WAVEFORM_AXIS, 1))
    painter.drawLine(QPointF(body.left(), mid), QPointF(body.right(), mid))
    if store is None or not clip.media.has_audio:
        return
    peaks = store.peaks(clip.media.path)
    if peaks is None or len(peaks) == 0:
        return
    left = math.floor(max(body.left(), state.area_left))
    right = math.ceil(min(body.right(), state.width))
    if state.dirty is not None:
        # A playhead move repaints a strip a few pixels wide: build only that part of the polygon.
        left = max(left, math.floor(state.dirty[0]) - 1)
        right = min(right, math.ceil(state.dirty[1]) + 1)
    if right <= left:
        return
    columns = np.arange(left, right + 1, dtype=np.float64)
    # Pixel column -> timeline offset into the clip -> source seconds -> peak index.
    offsets = (columns - body.left()) * state.scale.frames_per_pixel
    offsets = np.clip(offsets, 0, clip.duration)
    seconds = (clip.source_range.start + offsets) / float(state.timeline.rate)
    bounds = np.floor(seconds * store.peaks_per_second).astype(np.int64)
    bounds = np.clip(bounds, 0, len(peaks))
    # Drawn at the clip's level, so a lowered or muted clip looks it.
    level = gain_factor(clip.gain_db)
    lows, highs = (_loudness(np.clip(v * level, -1, 1)) for v in _column_extremes(peaks, bounds))
    half = body.height() / 2 - 1
    xs = columns[:-1] + 0.5
    top = [QPointF(x, mid - float(h) * half) for x, h in zip(xs, highs, strict=True)]
    bottom = [QPointF(x, mid - float(lo) * half) for x, lo in zip(xs, lows, strict=True)]
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.WAVEFORM)
    painter.drawPolygon(QPolygonF(top + bottom[::-1]))


def _column_extremes(peaks: np.ndarray, bounds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(min, max) of the peaks from each bound to the next (rising bounds, one per column
    edge); a column narrower than one peak takes the peak it falls in."""
    starts = np.minimum(bounds[:-1], len(peaks) - 1)
    # reduceat runs the last column to the end of the array: cut the array where it ends.
    stop = min(len(peaks), max(int(bounds[-1]), int(starts[-1]) + 1))
    window = peaks[:stop]
    lows = np.minimum.reduceat(window[:, 0], starts)
    highs = np.maximum.reduceat(window[:, 1], starts)
    return np.clip(lows, -1, 1), np.clip(highs, -1, 1)


def _loudness(amplitude: np.ndarray) -> np.ndarray:
    """Signed amplitude on a decibel scale (-48 dB to 0 dB as 0 to 1), as editors draw it:
    dialogue and ambience stay visible next to loud music."""
    magnitude = np.abs(amplitude)
    with np.errstate(divide="ignore"):
        level = 1 + 20 * np.log10(np.maximum(magnitude, 1e-6)) / _WAVEFORM_FLOOR_DB
    return np.sign(amplitude) * np.clip(level, 0, 1)


def _paint_end_shade(painter: QPainter, state: PaintState) -> None:
    """Past the timeline's end is shaded so the length reads at a glance."""
    x = state.scale.x_for_frame(state.timeline.duration)
    if x < state.width:
        left = max(x, state.area_left)
        painter.fillRect(QRectF(left, 0, state.width - left, state.tracks_bottom), theme.END_SHADE)


# -- drags and the playhead ------------------------------------------------------------------


def _paint_preview(painter: QPainter, state: PaintState) -> None:
    preview = state.preview
    if preview is None:
        return
    scale = state.scale
    x0, x1 = scale.x_for_frame(preview.range.start), scale.x_for_frame(preview.range.end_exclusive)
    painter.save()
    painter.setClipRect(state.rows_clip(state.area_left), Qt.ClipOperation.IntersectClip)  # the boxes on rows shown
    painter.setPen(QPen(theme.GHOST_BORDER, 1.5, Qt.PenStyle.DashLine))
    painter.setBrush(theme.GHOST)
    for row in state.rows:
        if row.track_index in preview.track_indexes:
            painter.drawRect(QRectF(x0, row.top + 2, max(2.0, x1 - x0), row.height - 4))
    painter.restore()
    if preview.insert_at is not None:
        x = scale.x_for_frame(preview.insert_at)
        painter.setPen(QPen(theme.INSERT_LINE, 2))
        painter.drawLine(QPointF(x, state.metrics.ruler_height), QPointF(x, state.tracks_bottom))
        if preview.label:  # on a plate, over the suggestion lane
            font = small_font(painter, 8.0, bold=True)
            painter.setFont(font)
            width = QFontMetrics(font).horizontalAdvance(preview.label) + 10
            plate = QRectF(x + 4, state.metrics.ruler_height + 1, width, state.metrics.lane_height - 2)
            painter.fillRect(plate, theme.HEADER)
            painter.drawText(plate, Qt.AlignmentFlag.AlignCenter, preview.label)
    if preview.snapped_to is not None:
        x = round(scale.x_for_frame(preview.snapped_to)) + 0.5
        painter.setPen(QPen(theme.SNAP_LINE, 1))
        painter.drawLine(QPointF(x, 0), QPointF(x, state.tracks_bottom))


def _paint_playhead(painter: QPainter, state: PaintState) -> None:
    x = round(state.scale.x_for_frame(state.playhead)) + 0.5
    if x < state.area_left - 6 or x > state.width + 6:
        return
    m = state.metrics
    painter.setPen(QPen(theme.PLAYHEAD, 1))
    painter.drawLine(QPointF(x, m.ruler_height - 10), QPointF(x, state.tracks_bottom))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.PLAYHEAD)
    top = m.ruler_height - 14
    painter.drawPolygon(
        QPolygonF(
            [QPointF(x - 6, top), QPointF(x + 6, top), QPointF(x + 6, top + 6), QPointF(x, top + 12), QPointF(x - 6, top + 6)]
        )
    )


def _paint_headers(painter: QPainter, state: PaintState) -> None:
    m = state.metrics
    width = m.header_width
    painter.fillRect(QRectF(0, 0, width, state.height), theme.HEADER)
    painter.setFont(small_font(painter, 7.5))
    painter.setPen(theme.HEADER_SUBTEXT)
    painter.drawText(QRectF(8, 0, width - 10, m.ruler_height), Qt.AlignmentFlag.AlignVCenter, f"{readable_rate(state.timeline.rate)} fps")
    painter.drawText(QRectF(8, m.ruler_height, width - 10, m.lane_height), Qt.AlignmentFlag.AlignVCenter, "Suggestions")
    if m.curve_height:
        painter.drawText(
            QRectF(8, m.ruler_height + m.lane_height, width - 10, m.curve_height), Qt.AlignmentFlag.AlignVCenter, "Cut score"
        )
    painter.save()
    painter.setClipRect(state.rows_clip(0))
    for row in state.rows:
        band = QRectF(0, row.top, width - 1, row.height)
        accent = theme.CLIP_VIDEO_BAR if row.kind is TrackKind.VIDEO else theme.CLIP_AUDIO_BAR
        painter.fillRect(QRectF(0, row.top, 3, row.height), accent)
        painter.setPen(theme.HEADER_TEXT)
        painter.setFont(small_font(painter, 9.0, bold=True))
        x, y, w, h = name_rect(row, m)
        name = QFontMetrics(painter.font()).elidedText(row.name, Qt.TextElideMode.ElideRight, round(w - 2))
        painter.drawText(QRectF(x + 2, y + 2, w - 2, h - 2), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, name)
        painter.setPen(theme.HEADER_SUBTEXT)
        painter.setFont(small_font(painter, 7.0))
        state_word = row.kind.value if row.enabled else ("hidden" if row.kind is TrackKind.VIDEO else "muted")
        painter.drawText(band.adjusted(10, 0, 0, -4), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, state_word)
        _paint_output_button(painter, row, m)
        painter.setPen(theme.SEPARATOR)
        painter.drawLine(QPointF(0, row.bottom + 0.5), QPointF(state.width, row.bottom + 0.5))
    painter.restore()
    painter.setPen(theme.SEPARATOR)
    painter.drawLine(QPointF(width - 0.5, 0), QPointF(width - 0.5, state.height))


def _paint_output_button(painter: QPainter, row: TrackRow, m: theme.TimelineMetrics) -> None:
    """An eye (picture) or an "M" (sound), lit when the track is hidden or muted."""
    rect = QRectF(*output_button(row, m))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    off = not row.enabled
    painter.setPen(QPen(theme.TRACK_OFF if off else theme.HEADER_SUBTEXT, 1.0))
    painter.setBrush(theme.TRACK_OFF if off else Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
    ink = theme.HEADER if off else theme.HEADER_TEXT
    if row.kind is TrackKind.AUDIO:
        painter.setPen(ink)
        painter.setFont(small_font(painter, 7.5, bold=True))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "M")
    else:
        c = rect.center()
        painter.setPen(QPen(ink, 1.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        eye = QPolygonF([QPointF(c.x() - 6, c.y()), QPointF(c.x() - 3, c.y() - 3), QPointF(c.x() + 3, c.y() - 3),
                         QPointF(c.x() + 6, c.y()), QPointF(c.x() + 3, c.y() + 3), QPointF(c.x() - 3, c.y() + 3)])
        painter.drawPolygon(eye)
        painter.setBrush(ink)
        painter.drawEllipse(c, 1.6, 1.6)
        if off:
            painter.drawLine(QPointF(c.x() - 6, c.y() + 5), QPointF(c.x() + 6, c.y() - 5))
    painter.restore()


