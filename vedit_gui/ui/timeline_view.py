"""The timeline widget: ruler, suggestion lane with the cut model's score curve under it,
video and audio tracks, playhead.

A view over an immutable ``Timeline`` value (``set_timeline``): it draws the model and turns
mouse gestures into signals, never changing the model itself. A trim or a reorder is a drag
object (see :mod:`.timeline_drags`) that ends by emitting ``edit_requested`` with a ready
edit value, which the window applies through the session's history; the new timeline then
comes back through ``set_timeline``.

Thumbnails and waveforms come from stores the owner passes in (and closes): the view asks
them for what is on screen and repaints when they report in; it never waits for them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from fractions import Fraction

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QScrollBar, QSizePolicy, QToolTip, QWidget

from ..app.preview_grade import unusable_looks, unusable_reason
from ..app.thumbnail_store import ThumbnailStore
from ..app.waveform_store import WaveformStore
from ..project.start_timecode import timeline_clock, timeline_timecode
from ..timeline import (
    Clip,
    FrameRange,
    Gap,
    Marker,
    RenameTrack,
    SetTrackEnabled,
    Suggestion,
    Timeline,
    TrackKind,
    TransitionWindow,
    transition_name,
)
from ..timeline.edits import held_frames_text, linked_group, tidy_track_name
from ..timeline.placement import suggestion_places
from ..timeline.suggestion import confidence_label
from .decisions import frames_text
from .file_drops import local_files
from .suggestion_rows import shown_kind
from .timeline_drags import DragPreview, MoveDrag, RollDrag, TransitionDrag, TrimDrag
from .timeline_lane import BandLayer, LaneEntries, LaneShapes, lane_changes, lane_entries
from .timeline_layout import (
    TrackRow,
    name_rect,
    output_button,
    rows_area_top,
    rows_height,
    track_rows,
    tracks_top,
)
from .timeline_paint import PaintState, paint_timeline, transition_rect
from .timeline_repaint import FrameSpan, changed_frames
from .timeline_scale import MIN_FRAMES_PER_PIXEL, TimeScale, snap, snap_targets
from .timeline_score_curve import score_columns
from .timeline_theme import FOCUS_FRAME, METRICS, TimelineMetrics
from .track_name_editor import TrackNameEditor

ZOOM_STEP = 1.5
PLAYHEAD_HALF_WIDTH = 8
STORE_REPAINT_MS = 500  # filmstrip pictures and waveforms arriving are drawn at most this often
"""Pixels either side of the playhead's x that its line and head (6 px wide a side) cover."""
LANE_OVERHANG = 10  # px a suggestion's shape or a clip's edge may reach past its frames
# Wheel notches scroll this much of the visible width each.
SCROLL_FRACTION = 0.12
# Frames of room after the end, as a share of the visible width, to drop a clip at the end.
TAIL_FRACTION = 0.3
# Pixels left after the end at fit zoom, so the last cut and the end are not on the edge.
FIT_MARGIN_PX = 12
# Zoom keys as editors bind them (+/- and backslash for "fit", as in Premiere and Resolve).
_ZOOM_KEYS = {
    Qt.Key.Key_Plus: "zoom_in",
    Qt.Key.Key_Equal: "zoom_in",
    Qt.Key.Key_Minus: "zoom_out",
    Qt.Key.Key_Backslash: "zoom_to_fit",
}


class _Scrub:
    """A playhead drag (on the ruler, or grabbing the playhead line)."""


MIN_ROWS_SHOWN = 4
"""Tracks the timeline always has room for; more scroll under the ruler and the lane."""


class _PendingMove:
    """A press on a clip body that becomes a move once the mouse travels far enough."""

    def __init__(self, item_id: str, x: float, y: float, frame: int) -> None:
        self.item_id = item_id
        self.x, self.y = x, y
        self.frame = frame


class TimelineView(QWidget):
    playhead_moved = Signal(int)
    scrub_started = Signal()
    scrub_finished = Signal()
    selection_changed = Signal(list)  # item ids
    edit_requested = Signal(object)  # an edit (a trim, move, roll, a track switched off) to apply through History
    suggestion_clicked = Signal(str)
    # While a clip's edge is dragged (a trim or a roll): the picture clip and the source frame
    # (counted at the timeline's rate) its moving edge shows now, so the viewer can show it;
    # then ``trim_finished`` once the drag ends, however it ends.
    trim_frame = Signal(str, int)
    trim_finished = Signal()
    # Local paths dropped on the timeline, the frame they go in at, and whether they go over
    # the edit on new tracks (dropped above the tracks) rather than inserted.
    files_dropped = Signal(list, int, bool)

    def __init__(
        self,
        thumbnails: ThumbnailStore | None = None,
        waveforms: WaveformStore | None = None,
        parent: QWidget | None = None,
        metrics: TimelineMetrics = METRICS,
    ) -> None:
        super().__init__(parent)
        self._full_metrics = metrics
        self._timeline = Timeline(rate=Fraction(30))  # replaced by set_timeline
        self.metrics = _metrics_for(self._timeline, metrics)
        self._rows: list[TrackRow] = []
        self._entries = LaneEntries.empty()  # the lane's suggestions where they show, in frames
        self._shapes: LaneShapes | None = None  # the same in pixels at this zoom
        self._bands = BandLayer()  # the lane's bands as drawn, while they stay the same
        self._unusable: frozenset[str] = frozenset()  # accepted looks that cannot be used
        self._playhead = 0
        self._selected: list[str] = []
        self._fpp = 1.0
        self._first = 0.0
        # At a zoom fit gave (opening, Shift+Z), which a resize fits again, until the editor
        # zooms. Edits keep the zoom either way: a refit moved the cut being looked at.
        self._fitted = True
        self._drag: TrimDrag | MoveDrag | TransitionDrag | _Scrub | _PendingMove | None = None
        self._drop: DragPreview | None = None  # where files being dragged in would go
        self._show_rejected = False
        self._score_curves: dict[str, np.ndarray] = {}
        self._review_threshold: float | None = None
        self._marks: tuple[int | None, int | None] = (None, None)
        self._thumbnails = thumbnails
        self._waveforms = waveforms
        # Filmstrip pictures and waveforms arrive one source at a time, many a second while a
        # long edit is first drawn: each would repaint every clip on screen (a fifth of a second
        # for a film's 1,500 at fit zoom). They are shown together, twice a second.
        self._store_timer = QTimer(self)
        self._store_timer.setSingleShot(True)
        self._store_timer.setInterval(STORE_REPAINT_MS)
        self._store_timer.timeout.connect(self.update)
        if thumbnails is not None:
            thumbnails.updated.connect(self._on_store_updated)
        if waveforms is not None:
            waveforms.ready.connect(self._on_store_updated)
        self.scrollbar = QScrollBar(Qt.Orientation.Horizontal, self)
        self.scrollbar.valueChanged.connect(self._on_scrollbar_value_changed)
        self._syncing_scrollbar = False
        # Tracks that do not fit scroll under the ruler and the lane, which stay.
        self.track_scrollbar = QScrollBar(Qt.Orientation.Vertical, self)
        self.track_scrollbar.valueChanged.connect(self._on_track_scroll)
        self.track_scrollbar.hide()
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAcceptDrops(True)
        self._relayout()

    # -- the model -------------------------------------------------------------------------

    @property
    def timeline(self) -> Timeline:
        return self._timeline

    def set_timeline(self, timeline: Timeline) -> None:
        if timeline is self._timeline:
            return
        old = self._timeline
        self._timeline = timeline
        dragged = self._drag is not None and not isinstance(self._drag, _Scrub) and timeline.tracks != old.tracks
        if dragged:
            # The drag was made on the old edit and its item may be gone. Suggestions arriving
            # from analysis leave the edit alone, and so the editor's drag.
            self._end_drag()
        rows = self._rows
        self.metrics = _metrics_for(timeline, self._full_metrics)
        self._rows = track_rows(timeline, self.metrics, self.track_scrollbar.value())
        entries, unusable = self._entries, self._unusable
        if timeline.suggestions is not old.suggestions or timeline.tracks is not old.tracks:
            self._place_suggestions()
        if timeline.suggestions is not old.suggestions or timeline.media() != old.media():
            self._unusable = frozenset(look.suggestion_id for look in unusable_looks(timeline))
        # A selected clip, or dissolve, stays selected while the edit keeps it.
        kept = [item_id for item_id in self._selected if _selectable(timeline, item_id)]
        if kept != self._selected:
            self._selected = kept
            self.selection_changed.emit(list(kept))
        if self._waveforms is not None and timeline.tracks is not old.tracks:
            for path in {clip.media.path for track in timeline.tracks_of(TrackKind.AUDIO) for clip in track.clips()
                         if clip.media.has_audio}:
                self._waveforms.request(path)
        self.updateGeometry()  # a track more or less: the size hints change
        self._sync_track_scrollbar()
        view = self._fpp, self._first
        # A timeline with none of the old sources is a new document: show all of it. An edit
        # keeps the zoom (pixels per frame) and what is in view.
        if (timeline.tracks is not old.tracks
                and not {m.path for m in old.media()} & {m.path for m in timeline.media()}):
            self.zoom_to_fit()
        else:
            self._set_view(self._fpp, self._first)
        relabelled = timeline_clock(timeline) != timeline_clock(old)  # a new start timecode: the ruler
        if dragged or relabelled or view != (self._fpp, self._first) or rows != self._rows or unusable != self._unusable:
            self.update()  # its preview gone, or everything moved
        else:
            tracks = changed_frames(old, timeline)
            # The lane's own changes only where the tracks' leave some of the edit alone.
            whole = tracks is not None and tracks[0] <= 0 and tracks[1] >= timeline.duration
            self._update_frames(tracks, None if whole else lane_changes(entries, self._entries))

    def _update_frames(self, *spans: FrameSpan | None) -> None:
        """Repaint the strip over the timeline frames ``spans`` cover (their shapes reach a few
        pixels past them: a cut's diamond, a band's least width)."""
        found = [span for span in spans if span is not None]
        if not found:
            return
        first, last = min(span[0] for span in found), max(span[1] for span in found)
        left = max(0.0, self.x_for_frame(first) - LANE_OVERHANG) if math.isfinite(first) else 0.0
        right = min(float(self.width()), self.x_for_frame(last) + LANE_OVERHANG) if math.isfinite(last) else self.width()
        if right >= left:
            self.update(math.floor(left), 0, math.ceil(right) - math.floor(left) + 1, self.height())

    @property
    def show_rejected_suggestions(self) -> bool:
        return self._show_rejected

    def set_show_rejected_suggestions(self, show: bool) -> None:
        self._show_rejected = show
        self._place_suggestions()
        self.update()

    def _place_suggestions(self) -> None:
        """Where each suggestion shows (a source placed on an earlier timeline that the edit
        left alone or only moved is not placed again)."""
        timeline = self._timeline
        places = suggestion_places(timeline) if timeline.suggestions else None
        self._entries = lane_entries(timeline, places, self._show_rejected, self._entries)
        self._shapes = None

    # -- the score curve -------------------------------------------------------------------

    def set_score_curves(self, curves: Mapping[str, np.ndarray | None]) -> None:
        """The cut model's per-frame scores by source path (sources without one are left out)."""
        new = {path: scores for path, scores in curves.items() if scores is not None}
        if new.keys() != self._score_curves.keys() or any(new[p] is not self._score_curves[p] for p in new):
            self._score_curves = new
            self.update(self.curve_rect().toAlignedRect())

    def set_marks(self, in_point: int | None, out_point: int | None) -> None:
        """The in and out marks, drawn on the ruler (None: not set)."""
        if (in_point, out_point) != self._marks:
            self._marks = (in_point, out_point)
            self.update(0, 0, self.width(), self.metrics.ruler_height)

    @property
    def marks(self) -> tuple[int | None, int | None]:
        return self._marks

    def set_review_threshold(self, threshold: float | None) -> None:
        """The panel's review threshold: where the faint line crosses the score curve, and
        below which pending suggestions are grey in the lane (None: neither)."""
        if threshold != self._review_threshold:
            self._review_threshold = threshold
            self.update()  # the lane, the curve's line and the cut lines across the tracks

    def score_at_x(self, x: float) -> float | None:
        """The curve's value in the pixel column at ``x`` (the highest score it covers), if any."""
        column = math.floor(x)
        value = score_columns(self._timeline, self._score_curves, self.scale, column, column + 1)[0]
        return None if np.isnan(value) else float(value)

    # -- the playhead ----------------------------------------------------------------------

    @property
    def playhead(self) -> int:
        return self._playhead

    def set_playhead(self, frame: int) -> None:
        """Show the playhead at ``frame`` (from the window; emits nothing). While it was on
        screen the view pages along to keep it there, as playback runs."""
        frame = int(frame)
        if frame == self._playhead:
            return
        was_visible = self._first <= self._playhead <= self._last_visible_frame()
        old, self._playhead = self._playhead, frame
        if was_visible and not isinstance(self._drag, _Scrub) and not self._is_visible(frame):
            self._set_view(self._fpp, frame - 0.1 * self._visible_frames())
        self._update_playhead_strips(old, frame)

    def _update_playhead_strips(self, old: int, new: int) -> None:
        """Repaint only where the playhead was and is: a whole-view repaint (waveform polygons,
        filmstrip) 30-60 times a second while playing or scrubbing stalls the GUI thread."""
        for frame in (old, new):
            x = round(self.x_for_frame(frame))
            self.update(x - PLAYHEAD_HALF_WIDTH, 0, 2 * PLAYHEAD_HALF_WIDTH + 1, self.height())

    def _move_playhead(self, frame: int) -> None:
        frame = max(0, min(frame, max(0, self._timeline.duration - 1)))
        if frame != self._playhead:
            old, self._playhead = self._playhead, frame
            self._update_playhead_strips(old, frame)
        self.playhead_moved.emit(frame)

    # -- selection -------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        return list(self._selected)

    def set_selection(self, item_ids: list[str]) -> None:
        """Select items, or one dissolve (by its transition id), or one marker."""
        ids = [i for i in dict.fromkeys(item_ids) if _selectable(self._timeline, i)]
        if ids != self._selected:
            self._selected = ids
            self.selection_changed.emit(list(ids))
            self.update()

    def _select_item(self, item_id: str, modifiers: Qt.KeyboardModifier) -> None:
        group = [item.id for _, _, item in self._timeline.linked_items(item_id)]
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            if item_id in self._selected:
                self.set_selection([i for i in self._selected if i not in group])
            else:
                self.set_selection(self._selected + group)
        elif modifiers & Qt.KeyboardModifier.ShiftModifier:
            self.set_selection(self._selected + group)
        elif item_id not in self._selected:
            self.set_selection(group)

    # -- zoom and scrolling ----------------------------------------------------------------

    @property
    def frames_per_pixel(self) -> float:
        return self._fpp

    @property
    def first_frame(self) -> float:
        """The (fractional) timeline frame at the left edge of the tracks."""
        return self._first

    @property
    def scale(self) -> TimeScale:
        return TimeScale(self._fpp, self._first, self.metrics.header_width)

    def x_for_frame(self, frame: float) -> float:
        return self.scale.x_for_frame(frame)

    def frame_at_x(self, x: float) -> int:
        return self.scale.frame_at_x(x)

    def zoom_in(self) -> None:
        self._zoom_by(1 / ZOOM_STEP, self._zoom_anchor())

    def zoom_out(self) -> None:
        self._zoom_by(ZOOM_STEP, self._zoom_anchor())

    def zoom_to_fit(self) -> None:
        self._fitted = True
        width = max(1, self._area_width() - FIT_MARGIN_PX)
        self._set_view(max(self._timeline.duration, 1) / width, 0.0)

    def set_frames_per_pixel(self, frames_per_pixel: float, anchor_x: float | None = None) -> None:
        """Zoom so a pixel spans ``frames_per_pixel`` frames, keeping the frame under
        ``anchor_x`` (default: the left edge) where it is."""
        anchor_x = self.metrics.header_width if anchor_x is None else anchor_x
        anchor_frame = self._first + (anchor_x - self.metrics.header_width) * self._fpp
        # An edit that shortened the timeline may leave the zoom past the widest: zooming out
        # from there stays, never zooms in.
        fpp = min(max(frames_per_pixel, MIN_FRAMES_PER_PIXEL), max(self._max_fpp(), self._fpp))
        self._fitted = False
        self._set_view(fpp, anchor_frame - (anchor_x - self.metrics.header_width) * fpp)

    def scroll_to(self, first_frame: float) -> None:
        self._set_view(self._fpp, first_frame)

    def _zoom_by(self, factor: float, anchor_x: float) -> None:
        self.set_frames_per_pixel(self._fpp * factor, anchor_x)

    def _zoom_anchor(self) -> float:
        """Buttons and keys zoom around the playhead when it is on screen, else the middle."""
        x = self.x_for_frame(self._playhead)
        if self.metrics.header_width <= x <= self.width():
            return x
        return self.metrics.header_width + self._area_width() / 2

    def _max_fpp(self) -> float:
        return max(1.0, self._timeline.duration * 2 / max(1, self._area_width()))

    def _area_width(self) -> int:
        return max(1, self.width() - self.metrics.header_width)

    def _visible_frames(self) -> float:
        return self._area_width() * self._fpp

    def _last_visible_frame(self) -> float:
        return self._first + self._visible_frames()

    def _is_visible(self, frame: int) -> bool:
        return self._first <= frame < self._last_visible_frame()

    def _scroll_limit(self) -> float:
        """The largest first frame: the end plus some room after it (to drop a clip there)
        stays reachable. The room grows as the end leaves the view, up to TAIL_FRACTION of
        it: with the whole edit in view, as at fit, there is nothing to scroll to, and the
        scrollbar's thumb fills its track (a fixed room made it cover 77 %, as if more of the
        edit were out of sight)."""
        visible = self._visible_frames()
        end = self._timeline.duration + FIT_MARGIN_PX * self._fpp
        room = min(TAIL_FRACTION * visible, max(0.0, end - visible))
        return max(0.0, end + room - visible)

    def _set_view(self, fpp: float, first: float) -> None:
        was = self._fpp, self._first
        self._fpp = fpp
        self._first = min(max(0.0, first), self._scroll_limit())  # the limit depends on the zoom
        if (self._fpp, self._first) != was:
            self._shapes = None
            self.update()
        self._sync_scrollbar()

    def _sync_scrollbar(self) -> None:
        self._syncing_scrollbar = True
        limit = self._scroll_limit()
        self.scrollbar.setRange(0, math.ceil(limit / self._fpp - 1e-6))  # not a pixel for rounding
        self.scrollbar.setPageStep(self._area_width())
        self.scrollbar.setSingleStep(max(1, self._area_width() // 20))
        self.scrollbar.setValue(round(self._first / self._fpp))
        self._syncing_scrollbar = False

    def _on_scrollbar_value_changed(self, value: int) -> None:
        if not self._syncing_scrollbar:
            self._first = min(value * self._fpp, self._scroll_limit())
            self._shapes = None
            self.update()

    # -- geometry for callers and tests ----------------------------------------------------

    def ruler_rect(self) -> QRectF:
        return QRectF(self.metrics.header_width, 0, self._area_width(), self.metrics.ruler_height)

    def lane_rect(self) -> QRectF:
        m = self.metrics
        return QRectF(m.header_width, m.ruler_height, self._area_width(), m.lane_height)

    def curve_rect(self) -> QRectF:
        m = self.metrics
        return QRectF(m.header_width, m.ruler_height + m.lane_height, self._area_width(), m.curve_height)

    def track_row(self, track_index: int) -> TrackRow:
        return next(row for row in self._rows if row.track_index == track_index)

    def item_rect(self, item_id: str) -> QRectF:
        """Where an item is drawn (unclipped; may reach beyond the widget)."""
        found = self._timeline.find_item(item_id)
        if found is None:
            raise KeyError(item_id)
        track_index = found[0]
        rng = self._timeline.tracks[track_index].range_of(item_id)
        assert rng is not None
        row = self.track_row(track_index)
        x0, x1 = self.x_for_frame(rng.start), self.x_for_frame(rng.end_exclusive)
        return QRectF(x0, row.top + 1, x1 - x0, row.height - 2)

    def suggestion_shapes(self) -> LaneShapes:
        """The suggestions as drawn in the lane now (clicks and tooltips use the same)."""
        if self._shapes is None:
            self._shapes = LaneShapes(self._entries, self.scale, self.metrics.ruler_height, self.metrics.lane_height)
        return self._shapes

    def _needed_height(self) -> int:
        return rows_height(self._rows, self.metrics) + self.scrollbar.sizeHint().height()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(1000, max(self._needed_height(), 200))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # Every track up to four (picture and sound, and a cutaway and music over them): more
        # scroll, so a window never grows past the screen with them.
        shown = sum(row.height + self.metrics.track_spacing for row in self._rows[:MIN_ROWS_SHOWN])
        return QSize(300, tracks_top(self.metrics) + shown + self.scrollbar.sizeHint().height())

    def _rows_bottom(self) -> int:
        return self.height() - self.scrollbar.sizeHint().height()

    def _sync_track_scrollbar(self) -> None:
        """The vertical bar's range from the rows' height and the room there is."""
        room = self._rows_bottom() - tracks_top(self.metrics)
        content = rows_height(self._rows, self.metrics) - tracks_top(self.metrics)
        bar = self.track_scrollbar
        bar.blockSignals(True)
        bar.setRange(0, max(0, content - room))
        bar.setPageStep(max(1, room))
        bar.setSingleStep(max(1, self.metrics.audio_height // 2))
        bar.blockSignals(False)
        bar.setVisible(content > room)
        width = bar.sizeHint().width()
        bar.setGeometry(self.width() - width, tracks_top(self.metrics), width, max(0, room))
        if self._rows and self._rows[0].top != tracks_top(self.metrics) - bar.value():
            self._on_track_scroll(bar.value())

    def _on_track_scroll(self, value: int) -> None:
        self._rows = track_rows(self._timeline, self.metrics, value)
        self.update()

    # -- hit testing -----------------------------------------------------------------------

    def _track_under(self, y: float) -> int | TrackKind | None:
        """The track whose row is at ``y``; above every row a new picture track, below every
        row a new sound track (as a kind: the track is made on the drop); else None."""
        row = self._row_at(y)
        if row is not None:
            return row.track_index
        if self._rows and y < max(self._rows[0].top, rows_area_top(self.metrics)):
            return TrackKind.VIDEO
        if self._rows and y >= self._rows[-1].bottom:
            return TrackKind.AUDIO
        return None

    def _row_at(self, y: float) -> TrackRow | None:
        if not rows_area_top(self.metrics) <= y < self._rows_bottom():
            return None  # over the ruler, the lane or the scroll bar (a row may be scrolled under them)
        return next((row for row in self._rows if row.contains_y(y)), None)

    def _header_row_at(self, pos: QPointF) -> TrackRow | None:
        """The row whose header (its name, not its button) is under ``pos``."""
        row = self._row_at(pos.y()) if pos.x() < self.metrics.header_width else None
        return row if row is not None and self._output_button_at(pos) is None else None

    def rename_track(self, track_id: str) -> None:
        """Type the track's new name in place, over its header; Enter applies it (undoably)."""
        row = next((r for r in self._rows if self._timeline.tracks[r.track_index].id == track_id), None)
        if row is None:
            return
        track = self._timeline.tracks[row.track_index]
        editor = TrackNameEditor(self, track_id, track.name)
        editor.setPlaceholderText(self._timeline.track_label(row.track_index) if not track.name else "")
        editor.setGeometry(*(round(v) for v in name_rect(row, self.metrics)))
        editor.finished.connect(self._on_track_named)
        editor.show()
        editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_track_named(self, track_id: str, name: str | None) -> None:
        track = next((t for t in self._timeline.tracks if t.id == track_id), None)
        if name is None or track is None or tidy_track_name(name) == track.name:
            return
        self.edit_requested.emit(RenameTrack(track_id, name))

    def _output_button_at(self, pos: QPointF) -> TrackRow | None:
        row = self._row_at(pos.y())
        if row is None:
            return None
        x, y, w, h = output_button(row, self.metrics)
        return row if x <= pos.x() < x + w and y <= pos.y() < y + h else None

    def _item_at(self, pos: QPointF) -> tuple[TrackRow, Clip | Gap, FrameRange] | None:
        row = self._row_at(pos.y())
        if row is None or pos.x() < self.metrics.header_width:
            return None
        found = self._timeline.tracks[row.track_index].item_at(self.scale.frame_under_x(pos.x()))
        return None if found is None else (row, found[1], found[2])

    def _edge_at(self, pos: QPointF) -> tuple[str, str] | None:
        """(item id, "in"/"out") of the clip edge within grab distance of ``pos``."""
        row = self._row_at(pos.y())
        if row is None or pos.x() < self.metrics.header_width:
            return None
        best: tuple[float, str, str] | None = None
        for _, item, rng in self._timeline.tracks[row.track_index].ranges():
            if not isinstance(item, Clip):
                continue
            x0, x1 = self.x_for_frame(rng.start), self.x_for_frame(rng.end_exclusive)
            # A narrow clip keeps a middle to grab: edges take at most a third of it each.
            grab = min(self.metrics.edge_grab, max(2.0, (x1 - x0) / 3))
            # At a cut both neighbours' edges are in reach: the clip under the mouse wins.
            outside = 0.0 if x0 <= pos.x() <= x1 else 0.5
            for distance, side in ((abs(pos.x() - x0), "in"), (abs(pos.x() - x1), "out")):
                if distance <= grab and (best is None or distance + outside < best[0]):
                    best = (distance + outside, item.id, side)
        return None if best is None else (best[1], best[2])

    def transition_at(self, pos: QPointF) -> TransitionWindow | None:
        """The dissolve (or sound crossfade) whose box is under ``pos``, if any."""
        row = self._row_at(pos.y())
        if row is None:
            return None
        for window in self._timeline.tracks[row.track_index].transition_windows():
            if transition_rect(window, self.scale, row, self.metrics.name_height).contains(pos):
                return window
        return None

    def _transition_edge_at(self, pos: QPointF) -> tuple[int, TransitionWindow, str] | None:
        """(track index, dissolve, "in"/"out") when ``pos`` is on a dissolve box's start or
        end. An edge at (or near) the cut is left to the trims, unless the dissolve is
        selected: then a side shrunk to nothing can be pulled out again."""
        row = self._row_at(pos.y())
        if row is None:
            return None
        grab = self.metrics.edge_grab
        for window in self._timeline.tracks[row.track_index].transition_windows():
            rect = transition_rect(window, self.scale, row, self.metrics.name_height)
            cut_x = self.x_for_frame(window.cut)
            if not rect.top() <= pos.y() <= rect.bottom():
                continue
            selected = window.transition.id in self._selected
            if selected and abs(pos.x() - cut_x) <= grab / 2 and (window.range.start == window.cut) != (
                window.range.end_exclusive == window.cut
            ):
                # The empty side's edge is the cut itself.
                return row.track_index, window, "in" if window.range.start == window.cut else "out"
            for x, side in ((rect.left(), "in"), (rect.right(), "out")):
                if abs(pos.x() - x) <= grab / 2 and (selected or abs(x - cut_x) > 1.5 * grab):
                    return row.track_index, window, side
        return None

    def _marker_at(self, pos: QPointF) -> Marker | None:
        """The marker whose flag (drawn 5 px either side of its frame) is under ``pos``."""
        near = [(abs(self.x_for_frame(m.frame) - pos.x()), m.frame, m) for m in self._timeline.markers]
        hit = min(((d, f, m) for d, f, m in near if d <= 5), default=None, key=lambda entry: entry[:2])
        return hit[2] if hit is not None else None

    def _near_playhead(self, pos: QPointF) -> bool:
        return abs(pos.x() - self.x_for_frame(self._playhead)) <= 4 and pos.y() >= self.metrics.ruler_height

    def _suggestion_at(self, pos: QPointF) -> Suggestion | None:
        # Small shapes get a few pixels of slack, so a thin band is still easy to hit.
        index = self.suggestion_shapes().index_at(pos, slack=3)
        return None if index is None else self._entries.suggestions[index]

    # -- mouse and keys --------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position()
        if pos.x() < self.metrics.header_width:
            row = self._output_button_at(pos)
            if row is not None:  # hide or mute the track, undoably
                track = self._timeline.tracks[row.track_index]
                self.edit_requested.emit(SetTrackEnabled((track.id,), not track.enabled))
            return
        m = self.metrics
        if pos.y() < m.ruler_height:
            marker = self._marker_at(pos)
            if marker is not None:  # its flag: select it (the inspector edits it) and go there
                self.set_selection([marker.id])
                self._move_playhead(marker.frame)
                return
            self._begin_scrub(pos.x())
            return
        if pos.y() < m.ruler_height + m.lane_height:
            suggestion = self._suggestion_at(pos)
            if suggestion is not None:
                self.suggestion_clicked.emit(suggestion.id)
            return
        if pos.y() < m.ruler_height + m.lane_height + m.curve_height:
            self._begin_scrub(pos.x())  # the curve reads like the ruler: press to go to a peak
            return
        grip = self._transition_edge_at(pos)
        if grip is not None:
            self.set_selection([grip[1].transition.id])
            self._drag = TransitionDrag(self._timeline, *grip)
            return
        edge = self._edge_at(pos)
        if edge is not None and not (
            self._near_playhead(pos)
            and abs(pos.x() - self.x_for_frame(self._playhead)) < self._edge_distance(edge, pos.x())
        ):
            left = self._item_before_cut(*edge) if event.modifiers() & Qt.KeyboardModifier.ControlModifier else None
            if left is not None:  # Ctrl: roll the cut instead of rippling
                self._select_item(left, Qt.KeyboardModifier.NoModifier)
                self._drag = RollDrag(self._timeline, left, self._snap_targets(), self._snap_tolerance())
            else:
                self._select_item(edge[0], event.modifiers())
                self._drag = TrimDrag(self._timeline, edge[0], edge[1], self._snap_targets(), self._snap_tolerance())
            self._show_edge_frame(self._drag)  # the frame at the edge, as soon as it is grabbed
            return
        if self._near_playhead(pos):
            self._begin_scrub(pos.x())
            return
        window = self.transition_at(pos)
        if window is not None:
            self.set_selection([window.transition.id])
            return
        hit = self._item_at(pos)
        if hit is None:
            if not event.modifiers() & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier):
                self.set_selection([])
            return
        _, item, _ = hit
        self._select_item(item.id, event.modifiers())
        if isinstance(item, Clip):
            self._drag = _PendingMove(item.id, pos.x(), pos.y(), self.frame_at_x(pos.x()))

    def _item_before_cut(self, item_id: str, side: str) -> str | None:
        """The item ending at the cut whose edge was grabbed, if another item starts there."""
        found = self._timeline.find_item(item_id)
        if found is None:
            return None
        track_index, index, _ = found
        items = self._timeline.tracks[track_index].items
        left = index if side == "out" else index - 1
        return items[left].id if left >= 0 and left + 1 < len(items) else None

    def _edge_distance(self, edge: tuple[str, str], x: float) -> float:
        rect = self.item_rect(edge[0])
        return abs(x - (rect.left() if edge[1] == "in" else rect.right()))

    def _begin_scrub(self, x: float) -> None:
        self._drag = _Scrub()
        self.scrub_started.emit()
        self._move_playhead(self.frame_at_x(x))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        pos = event.position()
        drag = self._drag
        use_snap = not event.modifiers() & Qt.KeyboardModifier.AltModifier
        if isinstance(drag, _Scrub):
            self._move_playhead(self.frame_at_x(pos.x()))
        elif isinstance(drag, _PendingMove):
            if max(abs(pos.x() - drag.x), abs(pos.y() - drag.y)) >= self.metrics.drag_threshold:
                self._drag = MoveDrag(
                    self._timeline, drag.item_id, drag.frame, self._snap_targets(), self._snap_tolerance()
                )
                self._drag.update(self.frame_at_x(pos.x()), use_snap)
                self._drag.over_track(self._track_under(pos.y()))
                self.update()
        elif isinstance(drag, MoveDrag):
            drag.update(self.frame_at_x(pos.x()), use_snap)
            drag.over_track(self._track_under(pos.y()))
            self._show_drag_tip(drag, event)
            self.update()
        elif isinstance(drag, TrimDrag | TransitionDrag):
            drag.update(self.frame_at_x(pos.x()), use_snap)
            self._show_drag_tip(drag, event)
            if isinstance(drag, TrimDrag):
                self._show_edge_frame(drag)
            self.update()
        else:
            self._update_cursor(pos)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        drag = self._drag
        self._end_drag()
        if isinstance(drag, _Scrub):
            self.scrub_finished.emit()
        elif isinstance(drag, TrimDrag | MoveDrag | TransitionDrag):
            QToolTip.hideText()
            edit = drag.finish()
            self.update()
            if edit is not None:
                self.edit_requested.emit(edit)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        row = self._header_row_at(event.position()) if event.button() == Qt.MouseButton.LeftButton else None
        if row is None:
            super().mouseDoubleClickEvent(event)
            return
        self.rename_track(self._timeline.tracks[row.track_index].id)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape and self._drag is not None:
            if isinstance(self._drag, _Scrub):
                self.scrub_finished.emit()
            self._end_drag()
            QToolTip.hideText()
            self.update()
            event.accept()
            return
        zoom = _ZOOM_KEYS.get(Qt.Key(event.key()))
        if zoom is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier & ~Qt.KeyboardModifier.ShiftModifier:
            getattr(self, zoom)()
            event.accept()
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        delta = event.angleDelta()
        notches = (delta.y() or delta.x()) / 120
        if not notches:
            event.ignore()
            return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._zoom_by(ZOOM_STEP ** -notches, event.position().x())
        elif event.position().x() < self.metrics.header_width and self.track_scrollbar.isVisible():
            # Over the track headers, the wheel scrolls the tracks.
            bar = self.track_scrollbar
            bar.setValue(bar.value() - round(notches * bar.singleStep()))
        else:
            self.scroll_to(self._first - notches * SCROLL_FRACTION * self._visible_frames())
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            self._show_hover_tip(event)
            return True
        return super().event(event)

    def _show_hover_tip(self, event) -> None:
        pos = QPointF(event.pos())
        m = self.metrics
        row = self._output_button_at(pos)
        if row is not None:
            QToolTip.showText(event.globalPos(), output_button_tip(row), self)
            return
        row = self._header_row_at(pos)
        if row is not None:
            QToolTip.showText(event.globalPos(), f"{row.name}: double-click to rename", self)
            return
        if pos.y() < m.ruler_height:
            marker = self._marker_at(pos)
            if marker is not None:
                where = timeline_timecode(self._timeline, marker.frame)
                QToolTip.showText(event.globalPos(), f"{marker.name or 'Marker'} · {where}", self)
                return
        if m.ruler_height <= pos.y() < m.ruler_height + m.lane_height:
            suggestion = self._suggestion_at(pos)
            if suggestion is not None:
                QToolTip.showText(event.globalPos(), _suggestion_tip(suggestion, self._timeline), self)
                return
        if self.curve_rect().contains(pos):
            score = self.score_at_x(pos.x())
            if score is not None:
                where = timeline_timecode(self._timeline, self.frame_at_x(pos.x()))
                QToolTip.showText(event.globalPos(), f"Cut score {round(score * 100)}% at {where}", self)
                return
        window = self.transition_at(pos)
        if window is not None:
            row = self._row_at(pos.y())
            kind = row.kind if row is not None else TrackKind.VIDEO
            QToolTip.showText(event.globalPos(), transition_tip(self._timeline, window, kind), self)
            return
        hit = self._item_at(pos)
        if hit is not None and isinstance(hit[1], Clip):
            rng, tc = hit[2], timeline_clock(self._timeline).label
            text = f"{hit[1].name}\n{tc(rng.start)} – {tc(rng.end_exclusive)}"
            QToolTip.showText(event.globalPos(), text, self)
            return
        QToolTip.hideText()
        event.ignore()

    def _end_drag(self) -> None:
        """Forget the drag; a trim's edge frame stops being shown."""
        was_trim = isinstance(self._drag, TrimDrag)
        self._drag = None
        if was_trim:
            self.trim_finished.emit()

    def _show_edge_frame(self, drag: TrimDrag) -> None:
        """Say which source frame the dragged edge shows now: the new first frame of a trimmed
        in point, the new last one of an out point, on the picture clip (the dragged one, or
        the picture linked to dragged sound)."""
        group, _ = linked_group(self._timeline, drag.item_id)
        picture = next((item for t, _, item in group if isinstance(item, Clip) and item.media.has_video
                        and self._timeline.tracks[t].kind is TrackKind.VIDEO), None)
        if picture is None:
            return
        rng = picture.source_range
        frame = rng.start + drag.delta if drag.side == "in" else rng.end_exclusive - 1 + drag.delta
        self.trim_frame.emit(picture.id, frame)

    def _show_drag_tip(self, drag: TrimDrag | MoveDrag | TransitionDrag, event: QMouseEvent) -> None:
        tc = timeline_clock(self._timeline).label
        if isinstance(drag, TransitionDrag):
            text = f"Dissolve {drag.range.duration} f ({drag.before} before the cut, {drag.after} after)"
        elif isinstance(drag, TrimDrag):
            sign = "+" if drag.delta >= 0 else "−"
            what = "Roll the cut" if isinstance(drag, RollDrag) else f"Trim {drag.side}"  # a roll trims both sides
            text = f"{what} {sign}{abs(drag.delta)} f  ({tc(drag.edge)})"
        elif drag.refusal:
            text = f"Cannot move there: {drag.refusal}"
        elif drag.lays:
            text = f"Move to {drag.target_track} at {tc(drag.start)}, covering what is there"
        else:
            text = f"Move to {tc(drag.start)}"
        QToolTip.showText(event.globalPosition().toPoint(), text, self)

    def _update_cursor(self, pos: QPointF) -> None:
        if self._transition_edge_at(pos) is not None or self._edge_at(pos) is not None:
            self.setCursor(Qt.CursorShape.SizeHorCursor)
        elif self._near_playhead(pos) or (pos.x() >= self.metrics.header_width and (
            pos.y() < self.metrics.ruler_height or self.curve_rect().contains(pos)
        )):
            self.setCursor(Qt.CursorShape.SplitHCursor)
        else:
            self.unsetCursor()

    def _snap_targets(self) -> list[int]:
        return snap_targets(self._timeline, self._playhead)

    def _snap_tolerance(self) -> float:
        return self.metrics.snap_distance * self._fpp

    # -- files dropped in ------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if local_files(event.mimeData()):
            event.acceptProposedAction()
            self._show_drop(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt's name
        if local_files(event.mimeData()):
            event.acceptProposedAction()
            self._show_drop(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802 - Qt's name
        self._drop = None
        self.update()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        paths = local_files(event.mimeData())
        frame = self._drop_frame(event)[0]
        self._drop = None
        self.update()
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths, frame, self._drops_above(event))

    def _drops_above(self, event: QDropEvent | QDragMoveEvent) -> bool:
        """Files dropped above the top track go over the edit, on new tracks (B-roll)."""
        return bool(self._rows) and event.position().y() < max(self._rows[0].top, tracks_top(self.metrics))

    def _drop_frame(self, event: QDropEvent | QDragMoveEvent) -> tuple[int, int | None]:
        """Where dropped files go in, snapped as a moved clip snaps (Alt: not snapped)."""
        frame = min(max(self.frame_at_x(event.position().x()), 0), self._timeline.duration)
        if event.modifiers() & Qt.KeyboardModifier.AltModifier:
            return frame, None
        return snap(frame, self._snap_targets(), self._snap_tolerance())

    def _show_drop(self, event: QDragMoveEvent) -> None:
        frame, snapped = self._drop_frame(event)
        label = "Over the edit, on new tracks" if self._drops_above(event) else "Insert (drop above the tracks to lay it over)"
        self._drop = DragPreview("", (), FrameRange(frame, 0), snapped, insert_at=frame, label=label)
        self.update()

    # -- painting --------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._relayout()

    def _relayout(self) -> None:
        bar = self.scrollbar.sizeHint().height()
        self.scrollbar.setGeometry(self.metrics.header_width, self.height() - bar, self._area_width(), bar)
        self._sync_track_scrollbar()
        if self._fitted:
            self.zoom_to_fit()
        else:
            self._set_view(min(self._fpp, self._max_fpp()), self._first)

    def _on_store_updated(self, _path: str) -> None:
        if not self._store_timer.isActive():
            self._store_timer.start()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self.update()  # the focus frame

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        preview = self._drag.preview() if isinstance(self._drag, TrimDrag | MoveDrag | TransitionDrag) else self._drop
        state = PaintState(
            timeline=self._timeline,
            scale=self.scale,
            rows=self._rows,
            width=self.width(),
            height=self.height(),
            playhead=self._playhead,
            selected=frozenset(self._selected),
            preview=preview,
            suggestions=self.suggestion_shapes(),
            thumbnails=self._thumbnails,
            waveforms=self._waveforms,
            metrics=self.metrics,
            dirty=(event.rect().left(), event.rect().right() + 1),
            score_curves=self._score_curves,
            review_threshold=self._review_threshold,
            rows_bottom=self._rows_bottom(),
            unusable=self._unusable,
            bands=self._bands,
            marks=self._marks,
        )
        wants = paint_timeline(painter, state)
        if self.hasFocus():
            painter.setPen(FOCUS_FRAME)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()
        if self._thumbnails is not None and wants:
            # Latest wins: what this paint lacked replaces whatever the store still had queued.
            self._thumbnails.request(wants, wants)


def _selectable(timeline: Timeline, item_id: str) -> bool:
    """Whether ``item_id`` is an item, a playing transition or a marker of ``timeline``."""
    return (timeline.find_item(item_id) is not None or timeline.transition_window(item_id) is not None
            or timeline.marker(item_id) is not None)


def output_button_tip(row: TrackRow) -> str:
    """What clicking a track's header button does, in the editor's words."""
    if row.kind is TrackKind.VIDEO:
        return (f"Show {row.name}: its picture comes back in playback and export" if not row.enabled
                else f"Hide {row.name}: playback and export leave its picture out (the clips stay)")
    return (f"Unmute {row.name}" if not row.enabled
            else f"Mute {row.name}: playback and export leave its sound out (the clips stay)")


def _suggestion_tip(suggestion: Suggestion, timeline: Timeline) -> str:
    """What it is and where in its source, in the list's and the inspector's words: the kind
    the list filters by, and the source's frames at the source's own rate (counted at the
    timeline's, a 25 fps source's frame 100 read 3;10 in the lane and 4:00 everywhere else)."""
    tip = (
        f"{shown_kind(suggestion)} · {suggestion.status.value} · {confidence_label(suggestion.confidence)}\n"
        f"{frames_text(timeline, suggestion)}\n{suggestion.producer}"
    )
    reason = unusable_reason(timeline, suggestion)
    if reason is not None:
        tip += f"\n{reason[:1].upper()}{reason[1:]}: click it, then Reject"
    return tip


def transition_tip(timeline: Timeline, window: TransitionWindow, kind: TrackKind) -> str:
    """A dissolve's tooltip: what it is, where, how to change it, and where a side has no
    footage (the hatched frames, where the render holds a frame)."""
    tc = timeline_clock(timeline).label
    lines = [f"{transition_name(kind, window.transition.kind)}, {window.range.duration} frames",
             f"{tc(window.range.start)} – {tc(window.range.end_exclusive)}"]
    lines += held_frames_text(timeline, window, kind)
    lines.append("Drag either end to change it; Edit ▸ Remove Transition at Playhead takes it off")
    return "\n".join(lines)


def _metrics_for(timeline: Timeline, metrics: TimelineMetrics) -> TimelineMetrics:
    """The bands ``timeline`` has something to show in: the cut score is the picture's, so a
    timeline of sound alone (an audio file opened, a new empty edit) has no band for it."""
    if any(media.has_video for media in timeline.media()):
        return metrics
    return replace(metrics, curve_height=0)
