"""Reviewing cut suggestions in the editor: the score curve under the suggestion lane, the
three-frame compare, streaming, and decisions that survive save, reopen and re-analysis."""

from __future__ import annotations

import math
import time
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from mediagen import make_video, read_index
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox

from vedit_gui.app.session import Session
from vedit_gui.app.thumbnail_store import rgb_from_image as rgb
from vedit_gui.timeline import (
    DIP_TO_BLACK,
    Clip,
    FrameRange,
    MediaReference,
    ResizeTransition,
    RippleDelete,
    Split,
    Suggestion,
    SuggestionStatus,
    Timeline,
    Track,
    TrackKind,
    Transition,
    timeline_from_media,
)
from vedit_gui.ui import timeline_theme as theme
from vedit_gui.ui.compare_strip import compare_frames
from vedit_gui.ui.main_window import MainWindow
from vedit_gui.ui.timeline_scale import TimeScale
from vedit_gui.ui.timeline_score_curve import score_columns
from vedit_gui.ui.timeline_view import TimelineView

RATE = Fraction(30000, 1001)
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample.mp4"


def peaked(frames: int, *peaks: int) -> np.ndarray:
    curve = np.zeros(frames, np.float32)
    curve[list(peaks)] = 1.0
    return curve


@pytest.fixture
def view(qtbot, qt_loop):
    widget = TimelineView()
    qtbot.addWidget(widget)
    widget.resize(900, 260)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def x_of(view: TimelineView, frame: int) -> float:
    return view.x_for_frame(frame + 0.5)


# -- the score curve ------------------------------------------------------------------------


def test_the_score_curve_follows_the_edit(view):
    source = MediaReference("/media/shot.mp4", RATE, 300)
    timeline = timeline_from_media(source)
    view.set_timeline(timeline)
    view.set_frames_per_pixel(0.5)  # two pixels a frame
    view.set_score_curves({source.path: peaked(300, 100)})
    assert view.score_at_x(x_of(view, 100)) == 1.0
    assert view.score_at_x(x_of(view, 50)) == 0.0
    # Ripple-delete the first 40 frames: the peak moves 40 frames left with its picture.
    edited = RippleDelete((Split(40).apply(timeline).tracks[0].items[0].id,)).apply(Split(40).apply(timeline))
    view.set_timeline(edited)
    assert view.score_at_x(x_of(view, 60)) == 1.0
    assert view.score_at_x(x_of(view, 100)) == 0.0
    assert view.score_at_x(x_of(view, 270)) is None  # past the end of the edit: nothing shown


def test_a_partial_curve_shows_only_what_was_scored(view):
    source = MediaReference("/media/shot.mp4", RATE, 300)
    view.set_timeline(timeline_from_media(source))
    view.set_frames_per_pixel(1.0)
    view.set_score_curves({source.path: np.full(120, 0.25, np.float32)})
    assert view.score_at_x(x_of(view, 119)) == 0.25
    assert view.score_at_x(x_of(view, 121)) is None


def test_a_one_frame_peak_stays_visible_zoomed_out_on_a_two_hour_source(view):
    frames = 2 * 60 * 60 * 30
    source = MediaReference("/media/long.mp4", Fraction(30), frames)
    view.set_timeline(timeline_from_media(source))
    view.zoom_to_fit()
    assert view.frames_per_pixel > 100
    view.set_score_curves({source.path: peaked(frames, 123_457)})
    assert view.score_at_x(view.x_for_frame(123_457)) == 1.0
    started = time.perf_counter()
    view.repaint()
    assert time.perf_counter() - started < 0.5  # generous: a shared CPU; bench/ has the real figure


def test_the_curve_is_drawn_under_the_lane_with_the_threshold_line(view):
    source = MediaReference("/media/shot.mp4", RATE, 300)
    view.set_timeline(timeline_from_media(source))
    view.set_frames_per_pixel(0.5)
    view.set_score_curves({source.path: peaked(300, 100)})
    view.set_review_threshold(0.5)
    picture = view.grab().toImage()
    band = view.curve_rect()
    near_top = round(band.top() + 3)
    peak = QColor(picture.pixel(round(x_of(view, 100)), near_top))
    flat = QColor(picture.pixel(round(x_of(view, 50)), near_top))
    assert peak.red() > 150 and peak.red() > peak.blue() + 60  # the curve's orange
    assert flat == theme.SCORE_BAND.toRgb() or abs(flat.red() - theme.SCORE_BAND.red()) < 8
    threshold_y = math.floor(band.bottom() + 1 - 0.5 * (band.height() - 1))
    line = QColor(picture.pixel(round(x_of(view, 50)), threshold_y))
    assert line.lightness() > QColor(theme.SCORE_BAND).lightness() + 8  # the faint threshold line


def test_the_topmost_video_track_gives_the_curve(view):
    a = MediaReference("/media/a.mp4", RATE, 100)
    b = MediaReference("/media/b.mp4", RATE, 100)
    lower = Track(TrackKind.VIDEO, (Clip(a, FrameRange(0, 100)),), "V1")
    upper = Track(TrackKind.VIDEO, (Clip(b, FrameRange(0, 50)),), "V2")
    view.set_timeline(Timeline(RATE, (lower, upper)))
    view.set_frames_per_pixel(0.5)
    view.set_score_curves({a.path: np.full(100, 0.2, np.float32), b.path: np.full(100, 0.8, np.float32)})
    assert view.score_at_x(x_of(view, 10)) == pytest.approx(0.8)
    assert view.score_at_x(x_of(view, 70)) == pytest.approx(0.2)


def test_one_track_cut_from_two_sources_shows_each_ones_scores(view):
    a = MediaReference("/media/a.mp4", RATE, 100)
    b = MediaReference("/media/b.mp4", RATE, 100)
    clips = (Clip(a, FrameRange(50, 40)), Clip(b, FrameRange(0, 40)), Clip(a, FrameRange(0, 20)))
    view.set_timeline(Timeline(RATE, (Track(TrackKind.VIDEO, clips, "V1"),)))
    view.set_frames_per_pixel(0.5)
    view.set_score_curves({a.path: np.arange(100, dtype=np.float32) / 100, b.path: np.full(100, 0.9, np.float32)})
    assert view.score_at_x(x_of(view, 10)) == pytest.approx(0.6)  # a's frame 60
    assert view.score_at_x(x_of(view, 50)) == pytest.approx(0.9)  # b
    assert view.score_at_x(x_of(view, 85)) == pytest.approx(0.05)  # a's frame 5


def test_columns_of_many_small_clips_match_a_frame_by_frame_reference():
    source = MediaReference("/media/long.mp4", Fraction(30), 20_000)
    rng = np.random.default_rng(3)
    starts = rng.integers(0, 19_900, 300)
    clips = tuple(Clip(source, FrameRange(int(s), int(rng.integers(1, 60)))) for s in starts)
    timeline = Timeline(Fraction(30), (Track(TrackKind.VIDEO, clips, "V1"),))
    curve = rng.random(20_000, dtype=np.float32)
    scale = TimeScale(frames_per_pixel=7.3, first_frame=11.0, left=76)
    got = score_columns(timeline, {source.path: curve}, scale, 76, 76 + 1500)
    # Reference, frame by frame: each timeline frame's score counts in every column it touches.
    shown = np.concatenate([curve[c.source_range.start : c.source_range.end_exclusive] for c in clips])
    expected = np.full(1500, np.nan, np.float32)
    for frame, value in enumerate(shown):
        first, last = math.floor((frame - 11.0) / 7.3), math.ceil((frame + 1 - 11.0) / 7.3) - 1
        for column in range(max(first, 0), min(last, 1499) + 1):
            expected[column] = np.fmax(expected[column], value)
    assert np.array_equal(np.isnan(got), np.isnan(expected))
    known = ~np.isnan(got)
    assert np.allclose(got[known], expected[known])


def test_the_session_pieces_a_curve_from_suggestions_until_the_analysis_gives_one(qt_loop):
    session = Session(autosave=False)
    try:
        source = MediaReference("/media/shot.mp4", RATE, 300)
        session.history.reset(timeline_from_media(source))
        assert session.score_curve(source.path) is None
        params = {"transition": "cut", "curve_start": 95, "curve": [0.1, 0.2, 0.3, 0.4, 0.95, 0.5]}
        session.add_suggestions((Suggestion("cut", source.path, FrameRange(99, 2), 0.95, "m", params=params),))
        pieced = session.score_curve(source.path)
        assert pieced is not None and len(pieced) == 300 and pieced[99] == pytest.approx(0.95)
        assert np.isnan(pieced[:95]).all()
        changed: list[str] = []
        session.score_curve_changed.connect(changed.append)
        analysed = np.zeros(300, np.float32)
        session.set_score_curve(source.path, analysed)
        assert changed == [source.path] and session.score_curve(source.path) is analysed
    finally:
        session.close()


def test_cut_markers_sit_where_the_blade_goes(view):
    source = MediaReference("/media/shot.mp4", RATE, 300)
    hard = Suggestion("cut", source.path, FrameRange(39, 2), 0.9, "m", params={"transition": "cut"})
    gradual = Suggestion("cut", source.path, FrameRange(60, 10), 0.9, "m", params={"transition": "dissolve"})
    view.set_timeline(replace(timeline_from_media(source), suggestions=(hard, gradual)))
    view.set_frames_per_pixel(0.25)
    shapes = {shape.suggestion.id: shape for shape in view.suggestion_shapes()}
    assert shapes[hard.id].rect.center().x() == pytest.approx(view.x_for_frame(40))  # between 39 and 40
    assert shapes[hard.id].span is None
    assert shapes[gradual.id].rect.center().x() == pytest.approx(view.x_for_frame(65))  # its middle
    span = shapes[gradual.id].span
    assert span.left() == pytest.approx(view.x_for_frame(60)) and span.right() == pytest.approx(view.x_for_frame(70))


# -- the three-frame compare ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "duration", "transition", "expected"),
    [
        (39, 2, "cut", (39, 40, 41)),  # a hard cut 39|40: the last before, the first two after
        (60, 10, "dissolve", (59, 64, 70)),  # before it starts, its middle, after it ends
        (0, 2, "cut", (0, 1, 2)),
        (88, 2, "cut", (88, 89, 89)),  # kept inside the source
    ],
    ids=["cut", "dissolve", "at-start", "at-end"],
)
def test_compare_frames(start, duration, transition, expected):
    suggestion = Suggestion("cut", "a.mp4", FrameRange(start, duration), 0.9, "m", params={"transition": transition})
    assert compare_frames(suggestion, 90) == expected


def analysis_running(window) -> bool:
    return any(job.title.startswith("Finding cuts") for job in window.jobs.jobs)


def compared(window) -> list[int | None]:
    images = [window.compare.image(i) for i in range(3)]
    return [None if image is None else read_index(rgb(image)) for image in images]


def open_clip(qtbot, window, tmp_path) -> str:
    """Open a fresh 90-frame clip in ``window`` and wait until its analysis is done; its path."""
    clip = make_video(tmp_path / "clip.mp4", 90, width=192, height=108, audio=False)
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 90 and window.viewer.frame is not None, timeout=15_000)
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
    return str(clip.path)


def test_the_compare_strip_follows_n_p_and_the_list(qtbot, window, tmp_path):
    path = open_clip(qtbot, window, tmp_path)
    cut = Suggestion("cut", path, FrameRange(39, 2), 0.97, "test", params={"transition": "cut"})
    dissolve = Suggestion("cut", path, FrameRange(60, 10), 0.96, "test", params={"transition": "dissolve"})
    window.session.add_suggestions((cut, dissolve))
    window.suggestions.threshold.setValue(95)  # only these two are reviewed
    assert window.compare.keys == []
    window.seek(0)
    qtbot.keyClick(window, Qt.Key.Key_N)
    assert window.playhead == 40
    assert window.compare.keys == [(path, 39), (path, 40), (path, 41)]
    qtbot.waitUntil(lambda: compared(window) == [39, 40, 41], timeout=10_000)
    assert window.compare.captions()[0].startswith("Before\n00:00:01")
    qtbot.keyClick(window, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: compared(window) == [59, 64, 70], timeout=10_000)
    assert [c.split("\n")[0] for c in window.compare.captions()] == ["Before", "Middle", "After"]
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert window.compare.keys[1] == (path, 40)
    # Moving in the suggestions list shows that one.
    panel = window.suggestions
    row = panel.rows.index(panel.row_ids().index(dissolve.id), 0)
    window.side_tabs.setCurrentWidget(window.suggestions)
    list_view = window.suggestions.list
    qtbot.mouseClick(list_view.viewport(), Qt.MouseButton.LeftButton, pos=list_view.visualRect(row).center())
    assert panel.current_id() == dissolve.id and window.compare.keys[1] == (path, 64)
    # The playhead, the viewer and the inspector follow, and the list stays in view.
    assert window.playhead == dissolve.cut_frame and window.inspector.suggestion_id == dissolve.id
    assert window.side_tabs.currentWidget() is window.suggestions
    # Ctrl+click adds a row for the panel's buttons, and the review goes to it; Ctrl+click on
    # a selected row takes it out of the selection, and the review stays on a row selected,
    # or ends with the last.
    first = panel.rows.index(panel.row_ids().index(cut.id), 0)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.mouseClick(list_view.viewport(), Qt.MouseButton.LeftButton, ctrl, list_view.visualRect(first).center())
    assert {cut.id, dissolve.id} == set(panel.selected_ids()) and window.playhead == 40
    qtbot.mouseClick(list_view.viewport(), Qt.MouseButton.LeftButton, ctrl, list_view.visualRect(row).center())
    assert panel.selected_ids() == [cut.id] and window.playhead == 40
    assert window.inspector.suggestion_id == cut.id
    qtbot.mouseClick(list_view.viewport(), Qt.MouseButton.LeftButton, ctrl, list_view.visualRect(first).center())
    assert panel.selected_ids() == [] and window.inspector.suggestion_id is None
    assert window.playhead == 40 and window.compare.keys == []
    qtbot.mouseClick(list_view.viewport(), Qt.MouseButton.LeftButton, pos=list_view.visualRect(row).center())
    # A decision keeps the strip on it, with the new status in its title.
    window.session.decide([dissolve.id], SuggestionStatus.REJECTED)
    assert window.compare.keys[1] == (path, 64) and "rejected" in window.compare.title.text()


def listed(window) -> tuple[str | None, list[str]]:
    """The suggestions list's current row and its selected rows, as suggestion ids."""
    return window.suggestions.current_id(), window.suggestions.selected_ids()


def test_the_list_follows_the_review_and_its_buttons_act_on_it(qtbot, window, tmp_path):
    path = open_clip(qtbot, window, tmp_path)
    cuts = [Suggestion("cut", path, FrameRange(f, 2), 0.97, "test", params={"transition": "cut"}) for f in (19, 39, 69)]
    window.session.add_suggestions(tuple(cuts))
    window.suggestions.threshold.setValue(95)
    window.suggestions.list.selectAll()  # a selection the review replaces
    window.seek(0)
    qtbot.keyClick(window, Qt.Key.Key_N)
    qtbot.keyClick(window, Qt.Key.Key_N)
    assert window.playhead == 40
    assert listed(window) == (cuts[1].id, [cuts[1].id])
    panel = window.suggestions.list
    assert panel.viewport().rect().intersects(panel.visualRect(panel.currentIndex()))
    # The panel's Reject acts on the one the viewer shows, and the compare strip stays on it.
    window.suggestions.reject_button.click()
    assert window.session.timeline.suggestion(cuts[1].id).status is SuggestionStatus.REJECTED
    assert window.compare.keys[1] == (path, 40)
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert listed(window) == (cuts[0].id, [cuts[0].id])
    # A click in the lane follows too; on one the list does not show (shown rejected in the
    # lane), nothing there stays selected for the buttons.
    window.timeline_view.suggestion_clicked.emit(cuts[2].id)
    assert listed(window) == (cuts[2].id, [cuts[2].id])
    window.timeline_view.suggestion_clicked.emit(cuts[1].id)
    assert listed(window)[1] == []
    # Ticking Show rejected lists it, greyed: the panel's Accept takes it after all, and cuts there.
    window.suggestions.show_rejected.setChecked(True)
    window.timeline_view.suggestion_clicked.emit(cuts[1].id)
    assert listed(window) == (cuts[1].id, [cuts[1].id])
    window.suggestions.accept_button.click()
    assert window.session.timeline.suggestion(cuts[1].id).status is SuggestionStatus.ACCEPTED
    assert 40 in window.session.timeline.tracks[0].cut_frames()


def test_n_stops_follow_the_threshold_on_one_and_the_same_edit(qtbot, window, tmp_path):
    path = open_clip(qtbot, window, tmp_path)
    unsure = Suggestion("cut", path, FrameRange(19, 2), 0.6, "test", params={"transition": "cut"})
    sure = Suggestion("cut", path, FrameRange(49, 2), 0.97, "test", params={"transition": "cut"})
    window.session.add_suggestions((unsure, sure))
    window.suggestions.threshold.setValue(50)
    window.seek(0)
    qtbot.keyClick(window, Qt.Key.Key_N)
    assert window.playhead == 20
    window.suggestions.threshold.setValue(90)  # the edit is the same; the stops are not
    window.seek(0)
    qtbot.keyClick(window, Qt.Key.Key_N)
    assert window.playhead == 50


# -- streaming, and decisions that last ---------------------------------------------------------


def test_suggestions_and_the_score_curve_stream_in_while_analysis_runs(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # a fresh analysis, not a cached one
    counts_while_running: list[int] = []
    curve_lengths: list[tuple[int, bool]] = []
    window.session.timeline_changed.connect(
        lambda _old, new: analysis_running(window) and counts_while_running.append(len(new.suggestions))
    )
    window.session.score_curve_changed.connect(
        lambda path: curve_lengths.append((len(window.session.score_curve(path)), analysis_running(window)))
    )
    window.open_path(SAMPLE)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 900, timeout=15_000)
    qtbot.waitUntil(lambda: analysis_running(window), timeout=10_000)
    qtbot.waitUntil(lambda: not analysis_running(window), timeout=120_000)
    arrivals = sorted({n for n in counts_while_running if n})
    assert len(arrivals) >= 2, arrivals  # more than one batch arrived before the analysis ended
    assert any(0 < n < 900 and running for n, running in curve_lengths)  # a partial curve
    assert curve_lengths[-1][0] == 900
    shown = window.timeline_view
    assert shown.score_at_x(shown.x_for_frame(150)) is not None


def test_decisions_survive_save_reopen_and_reanalysis(qtbot, window, tmp_path):
    window.open_path(SAMPLE)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 900, timeout=15_000)
    qtbot.waitUntil(lambda: bool(window.session.timeline.suggestions) and not window.jobs.jobs, timeout=120_000)
    window.seek(0)
    qtbot.keyClick(window, Qt.Key.Key_N)
    qtbot.keyClick(window, Qt.Key.Key_A)
    split_at = window.playhead
    qtbot.keyClick(window, Qt.Key.Key_N)
    qtbot.keyClick(window, Qt.Key.Key_R)
    decided = {s.id: s.status for s in window.session.timeline.suggestions if s.is_decided}
    assert sorted(decided.values()) == [SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED]
    cuts = sorted((s.source_range.start, s.id) for s in window.session.timeline.suggestions if s.kind == "cut")
    project = tmp_path / "review.vedit"
    task = window.session.save(project)
    qtbot.waitUntil(task.done, timeout=10_000)
    assert task.result()
    window._ready_to_close = True
    window.close()

    reopened = MainWindow(Session(autosave=False))
    qtbot.addWidget(reopened)
    try:
        reopened.open_path(project)
        qtbot.waitUntil(lambda: reopened.session.project_path == project, timeout=10_000)
        qtbot.waitUntil(lambda: not reopened.jobs.jobs, timeout=120_000)  # analysis ran again (cached)
        for _ in range(2):
            timeline = reopened.session.timeline
            assert {s.id: s.status for s in timeline.suggestions if s.is_decided} == decided
            assert sorted((s.source_range.start, s.id) for s in timeline.suggestions if s.kind == "cut") == cuts
            assert [rng.start for _, _, rng in timeline.tracks[0].ranges()][:2] == [0, split_at]
            assert reopened.session.score_curve(str(SAMPLE)) is not None  # re-derived, not saved
            reopened.start_analysis()  # Suggestions ▸ Find Cuts Again
            qtbot.waitUntil(lambda: not reopened.jobs.jobs, timeout=120_000)
    finally:
        reopened._ready_to_close = True
        reopened.close()


# -- dissolves kept on the timeline ------------------------------------------------------------


def test_accepting_a_dissolve_keeps_it_on_the_timeline_until_removed(qtbot, window, tmp_path):
    path = open_clip(qtbot, window, tmp_path)
    dissolve = Suggestion("cut", path, FrameRange(60, 10), 0.96, "test", params={"transition": "dissolve"})
    window.session.add_suggestions((dissolve,))
    window.suggestions.threshold.setValue(95)
    window.suggestions.keep_dissolves.setChecked(True)
    window.seek(61)  # inside its bar in the lane, four frames from its cut: A takes it too
    window.timeline_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_A)
    assert window.session.history.undo_description == "Accept Dissolve"  # as the status bar named it
    video = window.session.timeline.tracks[0]
    (shown,) = video.transition_windows()
    assert (shown.range, shown.cut) == (FrameRange(60, 10), 65)
    # The timeline draws it as a box over the cut, with its own tooltip target.
    view = window.timeline_view
    view.zoom_to_fit()
    row = view.track_row(0)
    box_y = row.top + row.height * 0.75
    assert view.transition_at(QPointF(view.x_for_frame(65), box_y)) == shown
    assert view.transition_at(QPointF(view.x_for_frame(30), box_y)) is None
    # Clicking inside the box selects the dissolve: the inspector shows it, Delete removes it.
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPointF(view.x_for_frame(63), box_y).toPoint())
    assert view.selected_ids() == [shown.transition.id]
    assert window.inspector.rows()["Duration"].endswith("(10 frames: 5 before the cut, 5 after)")
    qtbot.keyClick(window, Qt.Key.Key_Delete)
    assert window.session.timeline.tracks[0].transition_windows() == []
    assert len(window.session.timeline.tracks[0].items) == 2  # the cut stays
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.tracks[0].transition_windows() == [shown]
    # Edit ▸ Remove Transition at Playhead leaves the cut; undo brings the dissolve back.
    window.seek(62)
    window.editing.remove_transition_at_playhead()
    assert window.session.timeline.tracks[0].transition_windows() == []
    assert [rng.start for _, _, rng in window.session.timeline.tracks[0].ranges()] == [0, 65]
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.tracks[0].transition_windows() == [shown]
    # Undo the accept; with "Keep dissolves" off the same accept makes a plain cut.
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.session.timeline.tracks[0].items) == 1
    window.suggestions.keep_dissolves.setChecked(False)
    try:
        window.seek(0)
        qtbot.keyClick(window, Qt.Key.Key_N)
        qtbot.keyClick(window, Qt.Key.Key_A)
        video = window.session.timeline.tracks[0]
        assert len(video.items) == 2 and video.transition_windows() == []
    finally:
        window.suggestions.keep_dissolves.setChecked(True)
    # Ctrl+T puts a one-second dissolve on the nearest cut, as other editors do.
    window.seek(50)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    (added,) = window.session.timeline.tracks[0].transition_windows()
    assert (added.range, added.cut) == (FrameRange(50, 30), 65)
    assert window.statusBar().currentMessage().startswith("Added a 30-frame dissolve at ")
    # Again on a cut with a dissolve: the default replaces it, as in other editors, and says so.
    window.session.apply(ResizeTransition(added.transition.id, 5, 5))
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    (again,) = window.session.timeline.tracks[0].transition_windows()
    assert again.range == FrameRange(50, 30)
    assert window.statusBar().currentMessage() == (
        "Replaced the 10-frame dissolve on that cut with the default one (Ctrl+Z brings it back).")


def test_ctrl_t_says_replaced_only_where_a_dissolve_was_replaced(qtbot, window, tmp_path):
    open_clip(qtbot, window, tmp_path)
    media = window.session.timeline.tracks[0].items[0].media
    # V1 cut at 45 with handles and no dissolve; V2 cut at 45 too, its clips at the source's
    # two ends (no handles), with a dissolve that holds frames: Ctrl+T cannot refit that one.
    v1 = (Clip(media, FrameRange(0, 45)), Clip(media, FrameRange(45, 45)))
    v2 = (Clip(media, FrameRange(45, 45)), Clip(media, FrameRange(0, 45)))
    kept = Transition(v2[1].id, 5, 5)
    timeline = Timeline(window.session.timeline.rate, (
        Track(TrackKind.VIDEO, v1), Track(TrackKind.VIDEO, v2, transitions=(kept,)),
    ))
    window.session.history.reset(timeline)
    window.seek(45)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    tracks = window.session.timeline.tracks
    assert len(tracks[0].transition_windows()) == 1 and tracks[1].transitions == (kept,)
    assert not window.statusBar().currentMessage().startswith("Replaced")


def test_a_dissolve_becomes_a_dip_in_the_inspector_and_the_viewer_shows_it(qtbot, window, tmp_path):
    open_clip(qtbot, window, tmp_path)
    window.session.split_at(45)
    window.seek(45)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # a one-second dissolve
    (dissolve,) = window.session.timeline.tracks[0].transition_windows()
    window.timeline_view.set_selection([dissolve.transition.id])
    kinds = window.inspector.findChild(QComboBox, "transitionKindBox")
    assert window.inspector.rows()["Kind"] == "Dissolve"
    kinds.setCurrentIndex(kinds.findData(DIP_TO_BLACK))  # one undoable edit
    qtbot.waitUntil(lambda: window.session.timeline.tracks[0].transitions[0].kind == DIP_TO_BLACK)
    assert window.inspector.rows()["Kind"] == "Dip to black"
    assert window.inspector.rows()["Duration"].startswith("00:00:01")  # its frames stay
    window.seek(44)  # just before the cut: mostly black, where the dissolve showed the source
    qtbot.waitUntil(lambda: window.viewer.frame is not None and window.viewer.frame.mean() < 40, timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.tracks[0].transitions[0].kind == "dissolve"
    qtbot.waitUntil(lambda: window.viewer.frame is not None and window.viewer.frame.mean() > 60, timeout=10_000)


def test_keep_dissolves_is_on_at_first_and_remembered(qtbot):
    from vedit_gui.ui.main_window import KEEP_DISSOLVES_KEY, settings

    settings().remove(KEEP_DISSOLVES_KEY)
    windows = []
    try:
        for expected, change_to in ((True, False), (False, True), (True, None)):
            window = MainWindow(Session(autosave=False))
            qtbot.addWidget(window)
            windows.append(window)
            assert window.suggestions.keep_dissolves.isChecked() is expected
            assert window.session.keep_dissolves is expected
            if change_to is not None:
                window.suggestions.keep_dissolves.setChecked(change_to)
                assert window.session.keep_dissolves is change_to
    finally:
        settings().remove(KEEP_DISSOLVES_KEY)
        for window in windows:
            window._ready_to_close = True
            window.close()
