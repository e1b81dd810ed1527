"""The timeline widget, driven with real mouse, key and wheel events (offscreen Qt)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from fractions import Fraction

import pytest
from mediagen import make_video
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import QApplication

from vedit_gui.app.thumbnail_store import ThumbnailStore
from vedit_gui.app.waveform_store import WaveformStore
from vedit_gui.media import media_reference, probe
from vedit_gui.timeline import (
    PUNCH_IN,
    REMOVE_PAUSE,
    TITLE,
    Clip,
    FrameRange,
    Gap,
    Marker,
    MediaReference,
    Move,
    MoveToTrack,
    RippleDelete,
    Split,
    Suggestion,
    SuggestionStatus,
    Timeline,
    Track,
    TrackKind,
    TrimIn,
    TrimOut,
    timeline_from_media,
)
from vedit_gui.timeline.mapping import timeline_frames_for_source
from vedit_gui.ui.timeline_scale import ruler_steps
from vedit_gui.ui.timeline_view import TimelineView

RATE = Fraction(30000, 1001)
SOURCE = MediaReference("/media/shot.mp4", RATE, 600)


def two_shots() -> Timeline:
    """Two linked shots (picture + sound) cut from one 600-frame source: 0-200 and 300-450."""
    first = (Clip(SOURCE, FrameRange(0, 200), "first", link="a", id="v1"), Clip(SOURCE, FrameRange(0, 200), "first", link="a", id="a1"))
    second = (Clip(SOURCE, FrameRange(300, 150), "second", link="b", id="v2"), Clip(SOURCE, FrameRange(300, 150), "second", link="b", id="a2"))
    video = Track(TrackKind.VIDEO, (first[0], second[0]), "V1")
    audio = Track(TrackKind.AUDIO, (first[1], second[1]), "A1")
    return Timeline(RATE, (video, audio))


@pytest.fixture
def view(qtbot, qt_loop):
    widget = TimelineView()
    qtbot.addWidget(widget)
    widget.resize(1100, 260)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_timeline(two_shots())
    return widget


def point(x: float, y: float) -> QPoint:
    return QPoint(round(x), round(y))


def track_y(view: TimelineView, track_index: int) -> float:
    row = view.track_row(track_index)
    return row.top + row.height * 0.6


def wheel(view: TimelineView, x: float, y: float, notches: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    pos = QPointF(x, y)
    event = QWheelEvent(
        pos, view.mapToGlobal(pos), QPoint(), QPoint(0, 120 * notches), Qt.MouseButton.NoButton, modifiers,
        Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(view, event)


def test_the_whole_timeline_fits_at_first(view):
    timeline = view.timeline
    assert timeline.duration == 350
    end_x = view.x_for_frame(timeline.duration)
    assert view.metrics.header_width < end_x <= view.width()
    assert view.frame_at_x(view.x_for_frame(123)) == 123


def test_at_fit_the_scrollbar_thumb_fills_its_track_and_zoomed_in_it_reaches_past_the_end(view):
    # The whole edit in view: nothing to scroll to (a fixed room after the end made the thumb
    # cover 77 %, as if some of the edit were out of sight).
    bar = view.scrollbar
    for width in (1600, 991, 1001, 1100):  # not a pixel left over from rounding, at any width
        view.resize(width, 260)
        assert bar.minimum() == bar.maximum() == 0, width
    view.zoom_in()
    view.zoom_in()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    end_x = view.x_for_frame(view.timeline.duration)
    assert view.metrics.header_width < end_x < view.width() - 12  # the end, with room to drop after it
    view.zoom_to_fit()
    assert bar.maximum() == 0 and view.x_for_frame(view.timeline.duration) <= view.width()


def test_an_edit_keeps_the_zoom_and_what_is_in_view(view):
    # A ripple delete used to refit the shorter edit, so the cut being looked at jumped.
    timeline = view.timeline
    fpp, cut_x = view.frames_per_pixel, view.x_for_frame(200)
    deleted = RippleDelete(("v1",)).apply(timeline)
    view.set_timeline(deleted)
    assert view.frames_per_pixel == fpp and view.x_for_frame(0) == pytest.approx(view.metrics.header_width)
    assert view.scrollbar.maximum() == 0  # the shorter edit is all in view
    view.set_timeline(timeline)  # Undo
    assert view.frames_per_pixel == fpp and view.x_for_frame(200) == pytest.approx(cut_x)
    # Zoomed in and scrolled, an edit leaves the view where it is.
    view.set_frames_per_pixel(fpp / 4)
    view.scroll_to(150)
    first = view.frame_at_x(view.metrics.header_width)
    view.set_timeline(Split(300).apply(timeline))
    assert view.frames_per_pixel == pytest.approx(fpp / 4) and view.frame_at_x(view.metrics.header_width) == first
    # A shorter edit can leave the zoom wider than the widest: zooming out keeps it.
    view.set_frames_per_pixel(view.frames_per_pixel * 64)  # as wide as it goes for 350 frames
    widest = view.frames_per_pixel
    view.set_timeline(deleted)  # 150 frames
    view.zoom_out()
    assert view.frames_per_pixel == widest


def test_a_click_on_the_ruler_moves_the_playhead(qtbot, view):
    x = view.x_for_frame(100) + 1
    expected = view.frame_at_x(round(x))
    events: list[object] = []
    view.scrub_started.connect(lambda: events.append("start"))
    view.playhead_moved.connect(events.append)
    view.scrub_finished.connect(lambda: events.append("finish"))
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=point(x, 10))
    assert events == ["start", expected, "finish"]
    assert abs(expected - 100) <= 1
    assert view.playhead == expected


def test_dragging_the_playhead_scrubs_every_move_then_finishes(qtbot, view):
    view.set_playhead(50)
    moved: list[int] = []
    events: list[str] = []
    view.playhead_moved.connect(moved.append)
    view.scrub_started.connect(lambda: events.append("start"))
    view.scrub_finished.connect(lambda: events.append("finish"))
    y = track_y(view, 0)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=point(view.x_for_frame(50), y))
    for frame in (80, 120, 160):
        qtbot.mouseMove(view, point(view.x_for_frame(frame), y))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=point(view.x_for_frame(160), y))
    assert events == ["start", "finish"]
    assert [abs(a - b) <= 1 for a, b in zip(moved[1:], (80, 120, 160), strict=True)] == [True] * 3
    assert view.playhead == moved[-1]


def test_zoom_in_out_and_fit_change_the_scale(view):
    fitted = view.frames_per_pixel
    view.zoom_in()
    assert view.frames_per_pixel < fitted
    view.zoom_in()
    zoomed = view.frames_per_pixel
    view.zoom_out()
    assert zoomed < view.frames_per_pixel < fitted
    view.zoom_to_fit()
    assert view.frames_per_pixel == pytest.approx(fitted)


def test_zoom_keys(qtbot, view):
    fitted = view.frames_per_pixel
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.frames_per_pixel < fitted
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.frames_per_pixel == pytest.approx(fitted)
    qtbot.keyClick(view, Qt.Key.Key_Equal)
    qtbot.keyClick(view, Qt.Key.Key_Backslash)
    assert view.frames_per_pixel == pytest.approx(fitted)


def test_ctrl_wheel_zooms_around_the_mouse_and_wheel_scrolls(view):
    x = view.x_for_frame(200)
    before = view.frame_at_x(x)
    wheel(view, x, track_y(view, 0), 3, Qt.KeyboardModifier.ControlModifier)
    assert view.frames_per_pixel < 0.5 * (350 / 1000)
    assert abs(view.frame_at_x(x) - before) <= 1
    first = view.first_frame
    wheel(view, x, track_y(view, 0), -2)
    assert view.first_frame > first
    assert view.scrollbar.value() == round(view.first_frame / view.frames_per_pixel)
    view.scrollbar.setValue(0)
    assert view.first_frame == 0


def test_a_click_selects_a_clip_with_its_linked_sound_and_shift_extends(qtbot, view):
    with qtbot.waitSignal(view.selection_changed) as blocker:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=point(view.x_for_frame(60), track_y(view, 0)))
    assert sorted(blocker.args[0]) == ["a1", "v1"]
    qtbot.mouseClick(
        view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
        pos=point(view.x_for_frame(260), track_y(view, 1)),
    )
    assert sorted(view.selected_ids()) == ["a1", "a2", "v1", "v2"]
    qtbot.mouseClick(
        view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
        pos=point(view.x_for_frame(60), track_y(view, 0)),
    )
    assert sorted(view.selected_ids()) == ["a2", "v2"]
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=point(view.x_for_frame(348) + 40, track_y(view, 0)))
    assert view.selected_ids() == []


def drag(qtbot, view, start: tuple[float, float], steps: list[tuple[float, float]], release: bool = True) -> None:
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=point(*start))
    for step in steps:
        qtbot.mouseMove(view, point(*step))
    if release:
        qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=point(*steps[-1]))


def test_dragging_an_out_edge_near_the_playhead_trims_to_it(qtbot, view):
    view.set_playhead(230)
    y = track_y(view, 0)
    edits: list[object] = []
    view.edit_requested.connect(edits.append)
    # From the cut at 200 to a few pixels short of the playhead: the edge snaps onto it.
    target_x = view.x_for_frame(230) - 5
    drag(qtbot, view, (view.x_for_frame(200) - 1, y), [(view.x_for_frame(215), y), (target_x, y)])
    assert edits == [TrimOut("v1", 30)]
    assert TrimOut("v1", 30).apply(view.timeline).tracks[0].range_of("v1") == FrameRange(0, 230)


def test_dragging_an_in_edge_away_from_any_target_trims_by_the_mouse(qtbot, view):
    view.set_frames_per_pixel(0.25)  # 4 px a frame: every frame reachable by the mouse
    view.scroll_to(180)
    y = track_y(view, 0)
    edits: list[object] = []
    view.edit_requested.connect(edits.append)
    drag(qtbot, view, (view.x_for_frame(200) + 1, y), [(view.x_for_frame(205), y), (view.x_for_frame(240), y)])
    assert edits == [TrimIn("v2", 40)]


def test_at_a_cut_the_clip_under_the_mouse_gives_its_edge(qtbot, view):
    y = track_y(view, 0)
    edits: list[object] = []
    view.edit_requested.connect(edits.append)
    cut = view.x_for_frame(200)
    drag(qtbot, view, (cut + 2, y), [(cut + 10, y), (view.x_for_frame(260), y)])
    drag(qtbot, view, (cut - 2, y), [(cut - 10, y), (view.x_for_frame(120), y)])
    assert [type(edit) for edit in edits] == [TrimIn, TrimOut]
    assert [edit.item_id for edit in edits] == ["v2", "v1"]


def test_escape_cancels_a_drag(qtbot, view):
    y = track_y(view, 0)
    edits: list[object] = []
    view.edit_requested.connect(edits.append)
    drag(qtbot, view, (view.x_for_frame(200) - 1, y), [(view.x_for_frame(260), y)], release=False)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=point(view.x_for_frame(260), y))
    assert edits == []


def test_dragging_a_clip_body_past_the_next_cut_moves_it_there(qtbot, view):
    y = track_y(view, 0)
    edits: list[object] = []
    view.edit_requested.connect(edits.append)
    # Grab the first shot in the middle; its start snaps onto the end of the second shot (350).
    drag(qtbot, view, (view.x_for_frame(100), y), [(view.x_for_frame(150), y), (view.x_for_frame(448), y)])
    assert edits == [Move("v1", 150)]
    moved = edits[0].apply(view.timeline)
    assert [item.id for item in moved.tracks[0].items] == ["v2", "v1"]


def test_dragging_a_clip_onto_the_track_above_lays_it_there_later(qtbot, view):
    tl = two_shots()
    view.set_timeline(replace(tl, tracks=(tl.tracks[0], Track(TrackKind.VIDEO, (), "V2"), tl.tracks[1])))
    view.set_frames_per_pixel(0.5)  # 2 px a frame: every frame reachable by the mouse
    view.scroll_to(150)
    edits: list[object] = []
    view.edit_requested.connect(edits.append)
    start = (view.x_for_frame(260), track_y(view, 0))
    drag(qtbot, view, start, [(start[0], track_y(view, 1)), (view.x_for_frame(265), track_y(view, 1))], release=False)
    ghost = view._drag.preview()
    assert ghost.track_indexes == (1,) and ghost.range == FrameRange(205, 150) and ghost.insert_at is None
    assert view._drag.target_track == "V2"
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=point(view.x_for_frame(265), track_y(view, 1)))
    assert edits == [MoveToTrack(("v2", "a2"), steps=1, offset=5)]
    moved = edits[0].apply(view.timeline)
    assert [t.name for t in moved.tracks] == ["V1", "V2", "A1", ""]  # its sound onto a new A2
    assert moved.tracks[1].range_of("v2") == moved.tracks[3].range_of("a2") == FrameRange(205, 150)


def test_a_sound_clip_dragged_to_the_next_sound_track_goes_there_and_back_over_picture_stays(qtbot, view):
    tl = two_shots()
    view.set_timeline(replace(tl, tracks=(*tl.tracks, Track(TrackKind.AUDIO, (), "A2"))))
    edits: list[object] = []
    view.edit_requested.connect(edits.append)
    x = view.x_for_frame(260)
    drag(qtbot, view, (x, track_y(view, 1)), [(x, track_y(view, 2))], release=False)
    assert view._drag.target_track == "A2" and view._drag.preview().track_indexes == (2,)
    qtbot.mouseMove(view, point(x, track_y(view, 0)))  # over the picture track: back on its own
    assert view._drag.steps == 0
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=point(x, track_y(view, 0)))
    assert edits == []
    drag(qtbot, view, (x, track_y(view, 1)), [(x, track_y(view, 2))])
    assert edits == [MoveToTrack(("v2", "a2"), steps=1, offset=0)]


def test_dragged_above_every_track_a_clip_goes_to_a_new_top_track(qtbot, view):
    edits: list[object] = []
    view.edit_requested.connect(edits.append)
    x = view.x_for_frame(260)
    above = view.track_row(0).top - 10
    drag(qtbot, view, (x, track_y(view, 0)), [(x, above)], release=False)
    assert view._drag.target_track == "V2, a new track" and view._drag.preview().track_indexes == ()
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=point(x, above))
    assert edits == [MoveToTrack(("v2", "a2"), steps=1, offset=0)]
    assert [t.kind for t in edits[0].apply(view.timeline).tracks] == [TrackKind.VIDEO] * 2 + [TrackKind.AUDIO] * 2


def test_a_cutaway_dragged_along_its_track_lands_where_it_is_dropped(qtbot, view):
    tl = two_shots()
    cutaway = Clip(SOURCE, FrameRange(500, 50), "cutaway", id="c")
    view.set_timeline(replace(tl, tracks=(tl.tracks[0], Track(TrackKind.VIDEO, (Gap(100), cutaway), "V2"), tl.tracks[1])))
    view.set_frames_per_pixel(0.5)
    view.scroll_to(80)
    edits: list[object] = []
    view.edit_requested.connect(edits.append)
    y = track_y(view, 1)
    drag(qtbot, view, (view.x_for_frame(120), y), [(view.x_for_frame(130), y), (view.x_for_frame(200), y)], release=False)
    ghost = view._drag.preview()
    assert ghost.range == FrameRange(180, 50) and ghost.track_indexes == (1,) and ghost.insert_at is None
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=point(view.x_for_frame(200), y))
    assert edits == [MoveToTrack(("c",), steps=0, offset=80)]
    assert edits[0].apply(view.timeline).tracks[1].range_of("c") == FrameRange(180, 50)


def test_a_drop_that_would_be_refused_shows_no_ghost_and_says_why(qtbot, view):
    tl = two_shots()
    view.set_timeline(replace(tl, tracks=(tl.tracks[0], Track(TrackKind.VIDEO, (), "V2"), tl.tracks[1])))
    x = view.x_for_frame(260)
    drag(qtbot, view, (x, track_y(view, 2)), [(x, track_y(view, 0))], release=False)  # sound to V1: other kind
    assert view._drag.steps == 0
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=point(x, track_y(view, 0)))
    # The picture on V2 with its sound on A1: down to V1 would take the sound above A1.
    moved = MoveToTrack(("v2",)).apply(view.timeline)
    view.set_timeline(moved)
    drag(qtbot, view, (x, track_y(view, 1)), [(x, track_y(view, 0))], release=False)
    assert view._drag.refusal == "second is on A1: it cannot go a track up"
    assert view._drag.preview().track_indexes == ()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=point(x, track_y(view, 0)))


def test_a_short_press_on_a_clip_does_not_move_it(qtbot, view):
    edits: list[object] = []
    view.edit_requested.connect(edits.append)
    y = track_y(view, 0)
    drag(qtbot, view, (view.x_for_frame(100), y), [(view.x_for_frame(100) + 2, y)])
    assert edits == []


def suggestion(kind: str, start: int, duration: int, **kwargs) -> Suggestion:
    return Suggestion(kind, SOURCE.path, FrameRange(start, duration), kwargs.pop("confidence", 0.8), "test", **kwargs)


def test_suggestions_map_to_where_their_source_frames_are(qtbot, view):
    cut = suggestion("cut", 320, 0, id="cut1")
    grade = suggestion("grade", 100, 50, id="grade1")
    gone = suggestion("cut", 250, 0, id="trimmed-away")  # source 200..299 is not on the timeline
    rejected = suggestion("effect:blur", 10, 20, status=SuggestionStatus.REJECTED, id="rej")
    view.set_timeline(Timeline(RATE, view.timeline.tracks, suggestions=(cut, grade, gone, rejected)))
    shapes = {shape.suggestion.id: shape for shape in view.suggestion_shapes()}
    assert set(shapes) == {"cut1", "grade1"}
    # Source 320 sits 20 frames into the second shot, which starts at timeline 200.
    assert timeline_frames_for_source(view.timeline, SOURCE.path, 320) == [220]
    assert shapes["cut1"].rect.center().x() == pytest.approx(view.x_for_frame(220))
    assert shapes["grade1"].rect.left() == pytest.approx(view.x_for_frame(100))
    with qtbot.waitSignal(view.suggestion_clicked) as blocker:
        center = shapes["cut1"].rect.center()
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=point(center.x(), center.y()))
    assert blocker.args == ["cut1"]
    view.set_show_rejected_suggestions(True)
    assert "rej" in {shape.suggestion.id for shape in view.suggestion_shapes()}


def test_a_new_timeline_drops_selected_items_that_are_gone(qtbot, view):
    view.set_selection(["v2"])
    assert view.selected_ids() == ["v2"]
    with qtbot.waitSignal(view.selection_changed) as blocker:
        view.set_timeline(timeline_from_media(SOURCE))
    assert blocker.args == [[]]


def test_markers_are_snap_targets(qtbot, view):
    view.set_timeline(Timeline(RATE, view.timeline.tracks, markers=(Marker(300, "beat"),)))
    y = track_y(view, 0)
    edits: list[object] = []
    view.edit_requested.connect(edits.append)
    drag(qtbot, view, (view.x_for_frame(350) - 1, y), [(view.x_for_frame(320), y), (view.x_for_frame(300) + 4, y)])
    assert edits == [TrimOut("v2", -50)]


def test_playback_pages_the_view_along_but_a_scrolled_away_view_stays(view):
    view.set_frames_per_pixel(0.25)
    view.scroll_to(0)
    view.set_playhead(10)
    last_visible = view.frame_at_x(view.width())
    view.set_playhead(last_visible + 5)
    assert view.first_frame > 0
    assert view.x_for_frame(view.playhead) < view.width()
    view.scroll_to(0)
    view.set_playhead(view.playhead + 1)
    assert view.first_frame == 0


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    clip = make_video(tmp_path_factory.mktemp("timeline") / "shot.mp4", 90, width=160, height=96, gop=15)
    return media_reference(probe(clip.path))


def shown_view(qtbot, thumbnails: ThumbnailStore, waveforms: WaveformStore | None, width: int) -> TimelineView:
    """A timeline view with these stores, on screen."""
    widget = TimelineView(thumbnails, waveforms)
    qtbot.addWidget(widget)
    widget.resize(width, 260)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_filmstrip_and_waveform_fill_in_and_leave_no_threads(qtbot, qt_loop, source, tmp_path):
    thumbnails = ThumbnailStore(height=40)
    waveforms = WaveformStore(peaks_per_second=200)
    widget = shown_view(qtbot, thumbnails, waveforms, 1100)
    with qtbot.waitSignal(waveforms.ready, timeout=10_000):
        widget.set_timeline(timeline_from_media(source))
    qtbot.waitUntil(lambda: len(thumbnails) > 3 and not thumbnails.busy, timeout=10_000)
    assert thumbnails.aspect(source.path) == pytest.approx(160 / 96, rel=0.05)
    peaks = waveforms.peaks(source.path)
    assert peaks is not None and 0.25 < peaks[:, 1].max() < 0.35  # the tone's amplitude
    widget.repaint()
    image = widget.grab().toImage()
    row = widget.track_row(0)
    # Thumbnails show the index frames' black/white blocks: the filmstrip is not one flat colour.
    filmstrip = {
        image.pixelColor(x, row.top + row.height - 10).name()
        for x in range(widget.metrics.header_width + 2, widget.metrics.header_width + 200, 3)
    }
    assert len(filmstrip) > 5
    widget.grab().save(str(tmp_path / "timeline.png"))
    thumbnails.close()
    waveforms.close()


def test_a_clips_filmstrip_shows_only_its_own_frames_starting_with_its_first(qtbot, qt_loop, source):
    from mediagen import read_index

    from vedit_gui.app.thumbnail_store import rgb_from_image

    class Watched(ThumbnailStore):
        """Records the source frame of every picture the filmstrip is given."""

        drawn: list[tuple[int, int]] = []

        def thumbnail(self, path, frame, slack=0):
            image = super().thumbnail(path, frame, slack)
            if image is not None:
                self.drawn.append((frame, read_index(rgb_from_image(image))))
            return image

    thumbnails = Watched(height=96)
    widget = shown_view(qtbot, thumbnails, None, 900)
    widget.set_frames_per_pixel(0.25)  # a picture stands for about 15 frames
    widget.scroll_to(0)
    # The whole source first: its pictures may be keyframes (every 15 frames: 0, 15, 30, ...).
    timeline = timeline_from_media(source)
    widget.set_timeline(timeline)
    qtbot.waitUntil(lambda: len(thumbnails) >= 2 and not thumbnails.busy, timeout=10_000)
    # Then a clip of frames 2..28 alone, between two keyframes.
    clip = replace(timeline.tracks[0].items[0], source_range=FrameRange(2, 27))
    widget.set_timeline(replace(timeline, tracks=(replace(timeline.tracks[0], items=(clip,)),)))
    widget.repaint()
    qtbot.waitUntil(lambda: thumbnails.thumbnail(source.path, 2) is not None and not thumbnails.busy, timeout=10_000)
    Watched.drawn = []
    widget.repaint()
    assert Watched.drawn and Watched.drawn[0] == (2, 2)  # the head frame, not the keyframe at 15
    assert all(2 <= shown <= 28 for _, shown in Watched.drawn), Watched.drawn  # never 30, the next shot's
    thumbnails.close()


def test_dragging_a_dissolve_edge_changes_its_length_within_the_handles(qtbot, view):
    from dataclasses import replace

    from vedit_gui.timeline import ResizeTransition, Transition

    timeline = view.timeline
    dissolve = Transition("v2", 10, 10)  # 190..209 over the cut at 200
    view.set_timeline(timeline.with_track(0, replace(timeline.tracks[0], transitions=(dissolve,))))
    view.set_frames_per_pixel(0.25)  # 4 px a frame
    view.scroll_to(150)
    y = track_y(view, 0) + 5
    edits: list[object] = []
    view.edit_requested.connect(edits.append)
    # The end of the box, dragged 15 frames right: 10 before the cut, 25 after.
    drag(qtbot, view, (view.x_for_frame(210), y), [(view.x_for_frame(215), y), (view.x_for_frame(225), y)])
    assert edits == [ResizeTransition(dissolve.id, 10, 25)]
    # The start, dragged far left: no further than the incoming clip's handle (300 frames)
    # and the outgoing clip (200 frames) allow.
    drag(qtbot, view, (view.x_for_frame(190), y), [(view.x_for_frame(180), y), (view.x_for_frame(150), y)])
    assert edits[-1] == ResizeTransition(dissolve.id, 50, 10)
    resized = edits[-1].apply(view.timeline)
    assert resized.tracks[0].transition_windows()[0].range == FrameRange(150, 60)
    # Pressing inside the box (not on an edge) is no dissolve drag.
    count = len(edits)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=point(view.x_for_frame(195), y))
    assert len(edits) == count



def test_a_selected_dissolve_with_one_empty_side_can_be_pulled_out_again(qtbot, view):
    from dataclasses import replace

    from vedit_gui.timeline import ResizeTransition, Transition

    timeline = view.timeline
    dissolve = Transition("v2", 0, 10)  # all after the cut at 200
    view.set_timeline(timeline.with_track(0, replace(timeline.tracks[0], transitions=(dissolve,))))
    view.set_frames_per_pixel(0.25)
    view.scroll_to(150)
    y = track_y(view, 0) + 5
    edits: list[object] = []
    view.edit_requested.connect(edits.append)
    # Not selected: a press at the cut trims the clip, as at any cut.
    drag(qtbot, view, (view.x_for_frame(200) + 1, y), [(view.x_for_frame(195), y), (view.x_for_frame(190), y)])
    assert edits and not isinstance(edits[-1], ResizeTransition)
    # Selected (a click inside its box): the cut is the empty side's edge.
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=point(view.x_for_frame(205), y))
    assert view.selected_ids() == [dissolve.id]
    drag(qtbot, view, (view.x_for_frame(200), y), [(view.x_for_frame(195), y), (view.x_for_frame(192), y)])
    assert edits[-1] == ResizeTransition(dissolve.id, 8, 10)


def test_pending_suggestions_below_the_review_threshold_are_grey_in_the_lane(qtbot, view):
    unsure = suggestion("grade", 100, 80, confidence=0.3, id="unsure")
    sure = suggestion("grade", 20, 60, confidence=0.9, id="sure")
    view.set_timeline(Timeline(RATE, view.timeline.tracks, suggestions=(unsure, sure)))
    shapes = {shape.suggestion.id: shape for shape in view.suggestion_shapes()}

    def colour(suggestion_id: str) -> QColor:
        view.repaint()
        centre = shapes[suggestion_id].rect.center()
        return view.grab().toImage().pixelColor(round(centre.x()), round(centre.y()) + 3)

    def greyish(c: QColor) -> bool:
        return max(c.red(), c.green(), c.blue()) - min(c.red(), c.green(), c.blue()) < 12

    view.set_review_threshold(0.5)
    assert greyish(colour("unsure")) and not greyish(colour("sure"))
    view.set_review_threshold(0.2)  # the editor lowers the bar: it takes the grade's colour
    assert not greyish(colour("unsure"))
    view.set_review_threshold(None)
    assert not greyish(colour("unsure"))


def test_a_dense_lane_paints_the_same_whole_or_in_strips(view):
    """A long edit's markers crowd each pixel column; the lane draws each look once per column
    and only what a paint covers, which must leave the same picture as painting it all."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QImage, QPainter, QRegion

    cuts = tuple(
        Suggestion("cut", SOURCE.path, FrameRange(5 + k, 2), (k % 7) / 7, "m", {"transition": "cut"},
                   SuggestionStatus.ACCEPTED if k % 11 == 0 else SuggestionStatus.PENDING)
        for k in range(0, 440, 1)
    )
    view.set_timeline(replace(view.timeline, suggestions=cuts))

    def rendered(strips: int) -> QImage:
        image = QImage(view.size(), QImage.Format.Format_ARGB32)
        image.fill(0)
        painter = QPainter(image)
        width = view.width() // strips + 1
        for i in range(strips):
            area = QRect(i * width, 0, width, view.height())
            view.render(painter, area.topLeft(), QRegion(area))
        painter.end()
        return image

    whole, strips = rendered(1), rendered(7)
    # Below the ruler (its text is anti-aliased a little differently when clipped).
    below = QRect(0, view.metrics.ruler_height, view.width(), view.height() - view.metrics.ruler_height)
    assert strips.copy(below) == whole.copy(below)
    lane_y = view.metrics.ruler_height + view.metrics.lane_height // 2
    first = view.scale.x_for_frame(timeline_frames_for_source(view.timeline, SOURCE.path, 6)[0])
    assert QColor(whole.pixel(round(first), lane_y)) != QColor(whole.pixel(view.width() - 2, lane_y))


def test_tracks_that_do_not_fit_scroll_under_the_ruler_and_the_lane(qtbot, view):
    tl = two_shots()
    extra = tuple(Track(TrackKind.VIDEO, (), f"V{n}") for n in range(2, 7))
    view.set_timeline(replace(tl, tracks=(tl.tracks[0], *extra, tl.tracks[1])))
    assert view.minimumSizeHint().height() < view.sizeHint().height()  # the window need not grow
    bar = view.track_scrollbar
    assert bar.isVisible() and bar.maximum() > 0
    lane_y = view.lane_rect().center().y()
    top_before = view.track_row(6).top  # A1, the last row
    wheel(view, 20, track_y(view, 0), -2)  # over the headers: the tracks scroll
    assert bar.value() > 0 and view.track_row(6).top == top_before - bar.value()
    assert view._row_at(lane_y) is None  # a row scrolled under the lane is not under the mouse
    bar.setValue(bar.maximum())
    x = view.x_for_frame(100)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=point(x, track_y(view, 6)))
    assert sorted(view.selected_ids()) == ["a1", "v1"]  # the scrolled-to row takes clicks
    view.grab()  # paints with rows clipped under the bands


def test_rows_scrolled_under_the_bands_never_show_over_them(view):
    from PySide6.QtCore import QRect

    # Six picture tracks with a clip each, and pending cuts whose lines run through the tracks.
    tl = two_shots()
    over = tuple(Track(TrackKind.VIDEO, (Gap(40 * n), Clip(SOURCE, FrameRange(0, 200), f"b{n}", id=f"b{n}")), f"V{n}")
                 for n in range(2, 7))
    cuts = tuple(Suggestion("cut", SOURCE.path, FrameRange(f, 2), 0.9, "m", params={"transition": "cut"})
                 for f in (59, 139, 339))
    view.set_timeline(replace(tl, tracks=(tl.tracks[0], *over, tl.tracks[1]), suggestions=cuts))
    m = view.metrics
    bands = QRect(m.header_width, 0, view.width() - m.header_width, m.ruler_height + m.lane_height + m.curve_height)
    before = view.grab().toImage().copy(bands)
    view.track_scrollbar.setValue(view.metrics.video_height * 2 + 20)  # a row half under the bands
    assert any(row.top < bands.bottom() < row.bottom for row in view._rows)
    # The ruler, the lane and the score curve look as they did: no clip, no cut line over them.
    assert view.grab().toImage().copy(bands) == before


def test_files_dragged_above_the_tracks_say_so_on_a_plate_over_the_lane(view):
    from PySide6.QtCore import QMimeData, QRect, QUrl
    from PySide6.QtGui import QDragMoveEvent

    lane = view.lane_rect().toAlignedRect()
    before = view.grab().toImage().copy(lane)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile("/media/broll.mp4")])
    pos = QPoint(round(view.x_for_frame(100)), round(view.curve_rect().center().y()))  # above the tracks
    view.dragMoveEvent(QDragMoveEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                      Qt.KeyboardModifier.NoModifier))
    assert view._drop is not None and view._drop.label == "Over the edit, on new tracks"
    image = view.grab().toImage()
    plate = QRect(pos.x() + 6, lane.top() + 2, 40, lane.height() - 4)
    assert image.copy(plate) != before.copy(plate.translated(-lane.left(), -lane.top()))
    # The line where it goes in reaches up through the lane to the plate.
    assert QColor(image.pixel(round(view.x_for_frame(100)), lane.center().y())) != QColor(before.pixel(
        round(view.x_for_frame(100)) - lane.left(), lane.height() // 2))


def test_a_dissolve_past_the_footage_is_hatched_where_it_holds_a_frame_and_says_so(qtbot, view):
    from vedit_gui.timeline import Transition
    from vedit_gui.ui.inspector import InspectorPanel
    from vedit_gui.ui.timeline_view import transition_tip

    # "first" now runs to the source's last frame: the dissolve's 10 frames after the cut
    # have no footage of it (an edit gave the dissolve this clip; adding one would not).
    first = replace(view.timeline.tracks[0].items[0], source_range=FrameRange(400, 200))
    video = replace(view.timeline.tracks[0], items=(first, view.timeline.tracks[0].items[1]),
                    transitions=(Transition("v2", 10, 10),))
    view.set_timeline(view.timeline.with_track(0, video))
    view.set_frames_per_pixel(0.25)  # 4 px a frame
    view.scroll_to(170)
    (window,) = view.timeline.tracks[0].transition_windows()
    tip = transition_tip(view.timeline, window, TrackKind.VIDEO)
    assert "The outgoing clip, first, has too little footage past its out point: the source's last frame is held for 10 frames" in tip
    assert "before its in point" not in tip
    view.repaint()
    image = view.grab().toImage()
    row = view.track_row(0)

    def hatched(start: int, end: int) -> bool:
        colours = [image.pixelColor(x, y) for x in range(round(view.x_for_frame(start)) + 2, round(view.x_for_frame(end)) - 2)
                   for y in range(row.top + view.metrics.name_height + 3, row.top + row.height - 3)]
        return any(c.red() > c.green() + 60 and c.red() > c.blue() + 60 for c in colours)

    assert hatched(200, 210) and not hatched(190, 200)
    inspector = InspectorPanel()  # the dissolve selected: the inspector says the same
    qtbot.addWidget(inspector)
    inspector.show_items(view.timeline, [window.transition.id])
    assert inspector.rows()["Holds"] == "The outgoing clip, first, has too little footage past its out point: the source's last frame is held for 10 frames"
    # Within the handles (the original clip), nothing is held and nothing hatched.
    view.set_timeline(two_shots().with_track(0, replace(two_shots().tracks[0], transitions=(Transition("v2", 10, 10),))))
    (window,) = view.timeline.tracks[0].transition_windows()
    assert "held" not in transition_tip(view.timeline, window, TrackKind.VIDEO)
    view.repaint()
    image = view.grab().toImage()
    assert not hatched(190, 210)


@pytest.mark.parametrize("rate", [Fraction(1, 2), Fraction(1, 600)], ids=str)
def test_the_ruler_of_a_slideshow_steps_in_whole_frames(rate):
    # Below a frame a second timecode counts one frame a second; the ruler counts as it does.
    for frames_per_pixel in (1 / 32, 0.1, 1.0, 50.0):
        steps = ruler_steps(rate, frames_per_pixel, label_px=80, tick_px=8)
        assert steps.major >= 1 and steps.minor >= 1 and steps.major % steps.minor == 0


def test_labels_of_bands_over_the_same_frames_never_write_over_each_other(qtbot, view, monkeypatch):
    """A title laid on a punch-in's frames (both start together), and a pause from inside
    the title to past its end: each label is written only where its band shows, up to the
    next band drawn over it, so none writes over another (the lane showed "punch-in" and
    "✓ title" on top of each other)."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter

    punch_in = suggestion(PUNCH_IN, 100, 120, confidence=0.4, id="pi")
    title = suggestion(TITLE, 100, 60, confidence=1.0, status=SuggestionStatus.ACCEPTED, id="title",
                       params={"text": "Ada Lovelace", "start": 100, "frames": 60})
    pause = suggestion(REMOVE_PAUSE, 150, 40, confidence=0.9, status=SuggestionStatus.ACCEPTED, id="pause")
    view.set_timeline(Timeline(RATE, view.timeline.tracks, suggestions=(punch_in, title, pause)))
    written: list[tuple[QRectF, str]] = []
    draw_text = QPainter.drawText
    lane_top, lane_bottom = view.metrics.ruler_height, view.metrics.ruler_height + view.metrics.lane_height

    def recording(painter, *args):
        rect = args[0] if len(args) == 3 else None
        if isinstance(rect, QRectF) and rect.left() > view.metrics.header_width and lane_top <= rect.center().y() < lane_bottom:
            written.append((QRectF(args[0]), args[2]))
        return draw_text(painter, *args)

    monkeypatch.setattr(QPainter, "drawText", recording)
    view.grab()
    assert {text for _, text in written} >= {"✓ title", "✓ pause"}
    # Each label is elided to its rect: where one may write ends before the next begins.
    labels = sorted((rect.left(), rect.right(), text) for rect, text in written)
    for (_, right, _), (left, _, _) in itertools.pairwise(labels):
        assert right <= left, labels
    shapes = {shape.suggestion.id: shape.rect for shape in view.suggestion_shapes()}
    for rect, text in written:  # each inside its own band
        band = shapes[{"✓ title": "title", "✓ pause": "pause"}.get(text, "pi")]
        assert band.left() <= rect.left() and rect.right() <= band.right()


def test_a_playhead_step_repaints_only_the_clips_under_its_strips(qtbot, view, monkeypatch):
    # A film's 1,500 clips at fit zoom: a step repainted every one (90 ms a frame of playback).
    from PySide6.QtCore import QRect

    from vedit_gui.timeline import MediaReference, Split
    from vedit_gui.ui import timeline_paint

    many = timeline_from_media(MediaReference("/footage/film.mp4", Fraction(25), 3000))
    for frame in range(10, 3000, 10):
        many = Split(frame).apply(many)
    view.set_timeline(many)
    view.zoom_to_fit()
    view.repaint()  # what those asked for, done: the strip below is painted alone
    painted = []
    real = timeline_paint._paint_clip
    monkeypatch.setattr(timeline_paint, "_paint_clip", lambda painter, state, row, clip, *rest:
                        (painted.append(clip.id), real(painter, state, row, clip, *rest))[1])
    x = round(view.x_for_frame(1500))
    view.repaint(QRect(x - 8, 0, 17, view.height()))
    per_track = len(painted) / 2  # picture and sound
    assert 1 <= per_track <= 8  # the clips under 17 px, not 300
    painted.clear()
    view.repaint()
    assert len(painted) == 2 * 300  # a whole repaint still paints them all


def test_the_items_found_by_bisection_are_those_a_walk_finds():
    from vedit_gui.timeline import MediaReference, Split
    from vedit_gui.ui.timeline_paint import _track_layout

    timeline = timeline_from_media(MediaReference("/footage/a.mp4", Fraction(25), 200))
    for frame in (7, 30, 31, 90, 150):
        timeline = Split(frame).apply(timeline)
    track = timeline.tracks[0]
    for first, last in ((0, 0), (0, 199), (29, 31), (31, 31), (100, 120), (199, 400), (-5, 3)):
        walked = [(item.id, rng) for _, item, rng in track.ranges()
                  if rng.start <= last and rng.end_exclusive > first]
        lo, hi = _track_layout(track).between(first, last)
        starts = track.item_starts
        found = [(track.items[i].id, FrameRange(starts[i], starts[i + 1] - starts[i])) for i in range(lo, hi)]
        assert found == walked


def test_an_edit_repaints_every_pixel_it_changes_and_a_split_only_a_strip(qtbot, qt_loop, monkeypatch):
    from vedit_gui.timeline import CUT, GRADE, DecideSuggestions, RippleDelete, Split

    source = MediaReference("/media/long.mp4", RATE, 30_000)
    shots = tuple(Clip(source, FrameRange(150 * k, 150), f"shot {k}") for k in range(200))
    cuts = tuple(Suggestion(CUT, source.path, FrameRange(150 * k + 74, 2), 0.9, "m", {"transition": "cut"})
                 for k in range(200))
    grades = tuple(Suggestion(GRADE, source.path, FrameRange(150 * k, 150), 0.6, "m") for k in range(200))
    timeline = Timeline(RATE, (Track(TrackKind.VIDEO, shots, "V1"),), suggestions=cuts + grades)
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(1200, 260)
    view.show()
    qtbot.waitExposed(view)
    view.set_timeline(timeline)
    view.set_frames_per_pixel(20)  # not fitted: the zoom stays where it is through the edits
    updates: list[tuple] = []
    monkeypatch.setattr(view, "update", lambda *area: updates.append(area))
    split = Split(15_020).apply(timeline)
    decided = DecideSuggestions((cuts[40].id,), SuggestionStatus.REJECTED).apply(split)
    deleted = RippleDelete((shots[3].id,)).apply(decided)
    for before, after in ((timeline, split), (split, decided), (decided, deleted)):
        view.set_timeline(before)
        old = view.grab().toImage()
        updates.clear()
        view.set_timeline(after)
        new = view.grab().toImage()
        assert updates, "nothing repainted"
        if () in updates:
            assert after is not split, "a split repainted the whole view"
            continue  # the whole view (a ripple may need it)
        changed = [x for x in range(new.width()) if any(old.pixel(x, y) != new.pixel(x, y) for y in range(0, new.height(), 2))]
        covered = {x for left, _, width, _ in updates for x in range(left, left + width)}
        assert set(changed) <= covered, sorted(set(changed) - covered)[:10]
        if after is split:
            assert len(covered) < 40  # a split repaints a strip, not the edit


def test_the_lane_drawn_over_its_kept_bands_is_the_lane_drawn_afresh(qtbot, qt_loop, monkeypatch):
    from vedit_gui.timeline import CUT, GRADE, REMOVE_PAUSE, DecideSuggestions, Split
    from vedit_gui.ui.timeline_lane import BandLayer

    source = MediaReference("/media/long.mp4", RATE, 30_000)
    cuts = tuple(Suggestion(CUT, source.path, FrameRange(150 * k + 74, 2), 0.9 if k % 3 else 0.3, "m",
                            {"transition": "cut"}) for k in range(200))
    looks = tuple(Suggestion(GRADE, source.path, FrameRange(150 * k, 150), 0.6, "m") for k in range(200)) + tuple(
        Suggestion(REMOVE_PAUSE, source.path, FrameRange(300 * k + 20, 30), 0.8, "m", {"keep": 4}) for k in range(100))
    timeline = Timeline(RATE, timeline_from_media(source).tracks, suggestions=cuts + looks)
    sure = tuple(s.id for s in cuts if s.confidence > 0.5)
    decided = DecideSuggestions(sure, SuggestionStatus.ACCEPTED).apply(timeline).without_idle_transitions()

    def view_of(*timelines: Timeline) -> TimelineView:
        view = TimelineView()
        qtbot.addWidget(view)
        view.resize(1200, 260)
        view.show()
        qtbot.waitExposed(view)
        for shown in timelines:
            view.set_timeline(shown)
            view.grab()  # each paint keeps (or makes again) the bands' picture
        return view

    kept = view_of(timeline, decided, Split(999).apply(decided)).grab().toImage()  # bands kept through both
    monkeypatch.setattr(BandLayer, "picture", lambda *_args: None)  # every band drawn
    afresh = view_of(Split(999).apply(decided)).grab().toImage()
    assert kept == afresh


def test_a_suggestions_tooltip_in_the_lane_says_what_the_list_says(qtbot):
    from vedit_gui.timeline import InsertMedia
    from vedit_gui.ui.suggestions_panel import SuggestionsPanel
    from vedit_gui.ui.timeline_view import _suggestion_tip

    # A 25 fps source on a 29.97 fps timeline: its frame 100 is four seconds in, not 3;10.
    ntsc, pal = MediaReference("a.mp4", RATE, 300), MediaReference("/media/b.mov", Fraction(25), 250)
    tl = InsertMedia((pal,), 0).apply(timeline_from_media(ntsc))
    steady = Suggestion("effect:stabilize", pal.path, FrameRange(100, 100), 0.9, "m")
    mix = Suggestion("cut", pal.path, FrameRange(49, 20), 0.8, "m", params={"transition": "dissolve"})
    tl = replace(tl, suggestions=(steady, mix))
    panel = SuggestionsPanel()
    qtbot.addWidget(panel)
    panel.set_timeline(tl)
    listed = {panel.row_ids()[row]: panel.row_texts(row) for row in range(panel.row_count())}
    assert listed[steady.id][4] == "b.mov 00:00:04:00"
    # In the inspector's words: its frames, first to last, of its file.
    assert _suggestion_tip(steady, tl).splitlines()[:2] == ["stabilize · pending · 90%", "00:00:04:00 – 00:00:07:24 of b.mov"]
    assert _suggestion_tip(mix, tl).splitlines()[:2] == ["dissolve · pending · 80%", "00:00:01:24 – 00:00:02:18 of b.mov"]


def shown_after(view: TimelineView, change) -> tuple:
    """What the screen shows after ``change``, where only what the view asks to repaint is
    painted again over what it showed before, and what a whole paint shows."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QPainter, QRegion

    screen = view.grab().toImage()
    asked: list[tuple] = []
    view.update = lambda *rect: asked.append(rect)  # the view's own calls, as the window would get them
    try:
        change()
    finally:
        del view.update
    painter = QPainter(screen)
    for rect in asked:
        area = QRect(*rect) if rect else view.rect()
        view.render(painter, area.topLeft(), QRegion(area))
    painter.end()
    return screen, view.grab().toImage()


def test_a_band_leaving_another_bands_label_repaints_where_that_label_was_and_goes(view):
    # A grade by hand over the head of the model's grade for the shot: the model's label stands
    # after it. Undone, the label moves to the shot's start; redone, back after it.
    model = Suggestion("grade", SOURCE.path, FrameRange(0, 400), 0.9, "m", id="model")
    yours = Suggestion("grade", SOURCE.path, FrameRange(0, 90), 1.0, "editor", status=SuggestionStatus.ACCEPTED, id="yours")
    both, alone = replace(view.timeline, suggestions=(model, yours)), replace(view.timeline, suggestions=(model,))
    view.set_timeline(both)
    lane = view.lane_rect().toAlignedRect()
    for timeline in (alone, both, alone):
        screen, whole = shown_after(view, lambda timeline=timeline: view.set_timeline(timeline))
        assert screen.copy(lane) == whole.copy(lane)  # no piece of a label left, none cut short


def test_the_keyboards_focus_on_the_timeline_shows_as_a_frame(qtbot, view):
    """Arrow keys step the playhead on the timeline and change a focused slider elsewhere: the
    editor must see which has them."""
    from vedit_gui.ui.timeline_theme import FOCUS_FRAME

    def framed() -> bool:
        picture = view.grab().toImage()
        edges = [(0, view.height() // 2), (view.width() - 1, view.height() // 2), (view.width() // 2, 0)]
        return all(picture.pixelColor(x, y) == FOCUS_FRAME for x, y in edges)

    view.window().activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    assert framed()
    view.clearFocus()
    qtbot.waitUntil(lambda: not view.hasFocus())
    assert not framed()


def test_a_shot_whose_picture_leads_its_sound_drops_where_the_drag_shows_it():
    """Taking a J or L cut shot out closes up only the frames its picture and sound share
    (RippleDelete), so the drop point counts that, not the picture's length: dropped at the
    end, the shot went in ten frames early and split the last shot in two."""
    from vedit_gui.timeline import MediaReference, Roll, SetLinks
    from vedit_gui.ui.timeline_drags import MoveDrag

    timeline = timeline_from_media(MediaReference("shots/a.mp4", Fraction(25), 300))
    timeline = Split(200).apply(Split(100).apply(timeline))
    x, x_sound = timeline.tracks[0].items[0], timeline.tracks[1].items[0]
    timeline = SetLinks((x.id,), linked=False).apply(timeline)
    timeline = Roll(x_sound.id, 10).apply(timeline)  # the second shot's sound starts 10 frames late
    y, z = timeline.tracks[0].items[1], timeline.tracks[0].items[2]
    drag = MoveDrag(timeline, y.id, 150, [], 0)
    drag.update(350)  # its start at the end of the edit (300)
    moved = drag.finish().apply(timeline)
    pictures = [(item.id, rng.start, rng.duration) for _, item, rng in moved.tracks[0].ranges() if isinstance(item, Clip)]
    assert [p[0] for p in pictures] == [x.id, z.id, y.id]  # the last shot whole, the moved one after it
