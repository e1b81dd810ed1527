"""The editor as a user drives it: open, scrub, edit by keyboard, undo, save, reopen, export."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from mediagen import make_audio_only, make_video, read_index
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton, QToolTip

from vedit_gui.app.session import Session
from vedit_gui.media import FrameReader
from vedit_gui.project import load_project
from vedit_gui.timeline import FrameRange, Suggestion, SuggestionStatus, frame_to_timecode
from vedit_gui.ui.export_dialog import ExportDialog
from vedit_gui.ui.main_window import MainWindow
from vedit_gui.ui.shortcuts_dialog import ShortcutsDialog


@pytest.fixture
def clip(tmp_path):
    return make_video(tmp_path / "clip.mp4", 90, width=192, height=108)


def shown(window) -> int | None:
    frame = window.viewer.frame
    return None if frame is None else read_index(frame)


def open_clip(qtbot, window, path) -> None:
    window.open_path(path)
    qtbot.waitUntil(lambda: shown(window) == 0 and window.session.timeline.duration > 0, timeout=15_000)


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window, key, modifier)


def items(window, track=0) -> list[tuple[int, int]]:
    return [(c.source_range.start, c.duration) for c in window.session.timeline.tracks[track].items]


def test_scrub_shows_the_exact_frame(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    view = window.timeline_view
    view.playhead_moved.emit(57)  # what a click on the ruler sends
    qtbot.waitUntil(lambda: shown(window) == 57, timeout=10_000)
    with FrameReader(clip.path) as reader:
        assert np.array_equal(window.viewer.frame, reader.read(57))
    assert window.playhead == 57 and view.playhead == 57


def test_keyboard_split_ripple_delete_undo_redo(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # +1 s = frame 30
    qtbot.waitUntil(lambda: shown(window) == 30, timeout=10_000)
    press(qtbot, window, Qt.Key.Key_S)
    assert items(window) == [(0, 30), (30, 60)]
    for _ in range(10):
        press(qtbot, window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: shown(window) == 40, timeout=10_000)
    press(qtbot, window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert items(window) == [(0, 30), (30, 10), (40, 50)]
    middle = window.session.timeline.tracks[0].items[1].id
    window.timeline_view.set_selection([middle])
    press(qtbot, window, Qt.Key.Key_Delete)
    assert items(window) == [(0, 30), (40, 50)]
    assert items(window, 1) == items(window)  # the sound went with its picture
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert items(window) == [(0, 30), (30, 10), (40, 50)]
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert items(window) == [(0, 30), (40, 50)]
    press(qtbot, window, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: shown(window) == 0, timeout=10_000)
    press(qtbot, window, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: shown(window) == 89, timeout=10_000)  # last frame: source 89
    # Shift+Delete lifts: the clip's place stays, as a gap, on both tracks.
    window.timeline_view.set_selection([window.session.timeline.tracks[0].items[0].id])
    press(qtbot, window, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    for track in window.session.timeline.tracks:
        assert [(type(i).__name__, i.duration) for i in track.items] == [("Gap", 30), ("Clip", 50)]
    assert window.session.history.undo_description == "Lift"
    # Delete with nothing selected and the playhead in the gap closes it, on both tracks.
    window.timeline_view.set_selection([])
    window.seek(10)
    press(qtbot, window, Qt.Key.Key_Delete)
    for track in window.session.timeline.tracks:
        assert [(type(i).__name__, i.duration) for i in track.items] == [("Clip", 50)]
    assert window.statusBar().currentMessage() == "Closed the gap of 30 frames on V1."


def test_split_and_ripple_delete_say_what_they_did_over_any_older_note(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    rate = window.session.timeline.rate
    window.seek(30)
    press(qtbot, window, Qt.Key.Key_S)
    assert window.statusBar().currentMessage() == f"Split at {frame_to_timecode(30, rate)}."
    window.seek(45)
    press(qtbot, window, Qt.Key.Key_Delete)  # nothing selected, no gap: says why not
    assert window.statusBar().currentMessage().startswith("Select a clip to delete")
    press(qtbot, window, Qt.Key.Key_D)  # the shot at the playhead, picture and sound
    press(qtbot, window, Qt.Key.Key_Delete)
    assert items(window) == [(0, 30)]
    assert window.statusBar().currentMessage() == f"Ripple-deleted 1 clip ({float(60 / rate):.1f} s)."
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # An edit with nothing to say of its own still takes down a note it made untrue.
    window.seek(45)
    press(qtbot, window, Qt.Key.Key_Delete)
    assert window.statusBar().currentMessage().startswith("Select a clip to delete")
    press(qtbot, window, Qt.Key.Key_W)  # ripple-trim the end to the playhead: says so, over the note
    assert items(window) == [(0, 30), (30, 15)]
    said = window.statusBar().currentMessage()
    assert said == f"Trimmed {float(45 / rate):.1f} s off the end of clip.mp4; the edit closed up."
    window.timeline_view.set_selection([window.session.timeline.tracks[0].items[1].id])
    press(qtbot, window, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    assert window.statusBar().currentMessage().startswith("Lifted 1 clip (15 frames), leaving a gap")
    window.timeline_view.set_selection([window.session.timeline.tracks[0].items[0].id])
    press(qtbot, window, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == (
        f"Cut 1 clip ({float(30 / rate):.1f} s): Ctrl+V inserts it at the playhead.")


def test_a_ripple_delete_leaves_the_timeline_zoom_and_the_cut_in_view_where_they_were(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    view = window.timeline_view
    for frame in (30, 60):
        window.seek(frame)
        press(qtbot, window, Qt.Key.Key_S)
    fpp, cut_x = view.frames_per_pixel, view.x_for_frame(30)
    window.seek(45)
    press(qtbot, window, Qt.Key.Key_D)
    press(qtbot, window, Qt.Key.Key_Delete)
    assert items(window) == [(0, 30), (60, 30)]
    assert view.frames_per_pixel == fpp and view.x_for_frame(30) == cut_x  # nothing jumped
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ShiftModifier)  # Shift+Z: fit, asked for
    assert view.frames_per_pixel < fpp and view.scrollbar.maximum() == 0  # 60 frames fill the width


def test_alt_up_and_down_move_a_shot_to_a_cutaway_track_and_back(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    window.seek(30)
    qtbot.waitUntil(lambda: shown(window) == 30, timeout=10_000)
    press(qtbot, window, Qt.Key.Key_S)
    window.seek(60)
    qtbot.waitUntil(lambda: shown(window) == 60, timeout=10_000)
    press(qtbot, window, Qt.Key.Key_S)
    window.seek(45)
    qtbot.waitUntil(lambda: shown(window) == 45, timeout=10_000)
    press(qtbot, window, Qt.Key.Key_D)  # selects the shot's picture and sound at the playhead
    press(qtbot, window, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    kinds = [t.kind.value for t in window.session.timeline.tracks]
    assert kinds == ["video", "video", "audio", "audio"]  # V1 V2 A1 A2
    assert [(type(i).__name__, i.duration) for i in window.session.timeline.tracks[1].items] == [("Gap", 30), ("Clip", 30)]
    assert window.session.history.undo_description == "Move Clips to Next Track"
    qtbot.waitUntil(lambda: shown(window) == 45, timeout=10_000)  # V2 covers V1's gap: same picture
    press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # and back, still selected
    assert items(window) == [(0, 30), (30, 30), (60, 30)] and items(window, 2) == items(window)
    press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # nowhere lower: refused
    assert window.statusBar().currentMessage().endswith("is on V1: it cannot go a track down.")
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.history.undo_description == "Move Clips to Next Track"


def test_up_down_go_from_edit_to_edit_and_markers_are_added_visited_and_removed(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    window.session.split_at(30)
    window.session.split_at(55)
    press(qtbot, window, Qt.Key.Key_Down)
    assert window.playhead == 30
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_Down)
    assert window.playhead == 89  # past the last cut: the last frame
    press(qtbot, window, Qt.Key.Key_Up)
    assert window.playhead == 55
    # M marks the playhead's frame; Shift+Up / Shift+Down go from marker to marker.
    press(qtbot, window, Qt.Key.Key_M)
    window.seek(10)
    press(qtbot, window, Qt.Key.Key_M)
    press(qtbot, window, Qt.Key.Key_M)  # one marker a frame: the second press is refused
    assert [(m.frame, m.name) for m in window.session.timeline.markers] == [(10, "Marker 2"), (55, "Marker 1")]
    window.seek(0)
    press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert window.playhead == 10
    press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert window.playhead == 55
    press(qtbot, window, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert [m.frame for m in window.session.timeline.markers] == [10]
    press(qtbot, window, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    assert window.playhead == 10
    assert window.session.history.undo_description == "Remove Marker"
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [m.frame for m in window.session.timeline.markers] == [10, 55]


def test_a_markers_flag_selects_it_and_the_inspector_names_it(qtbot, window, clip):
    from PySide6.QtWidgets import QComboBox, QLineEdit

    open_clip(qtbot, window, clip.path)
    window.seek(40)
    press(qtbot, window, Qt.Key.Key_M)
    window.seek(0)
    view = window.timeline_view
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(round(view.x_for_frame(40)), 18))
    (marker,) = window.session.timeline.markers
    assert view.selected_ids() == [marker.id] and window.playhead == 40
    name = window.inspector.findChild(QLineEdit, "markerName")
    name.setText("fix the sky")
    name.editingFinished.emit()
    qtbot.waitUntil(lambda: window.session.timeline.markers[0].name == "fix the sky", timeout=5_000)
    assert window.session.history.undo_description == "Edit Marker"
    window.inspector.findChild(QComboBox, "markerColour").setCurrentText("red")
    qtbot.waitUntil(lambda: window.session.timeline.markers[0].color == "red", timeout=5_000)
    assert view.selected_ids() == [marker.id]  # still selected after the edits
    press(qtbot, window, Qt.Key.Key_Delete)
    assert window.session.timeline.markers == () and window.session.timeline.duration == 90  # nothing rippled


def test_a_focused_list_keeps_its_arrow_keys(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    window.session.split_at(50)
    path = str(clip.path)
    window.session.add_suggestions(tuple(
        Suggestion("cut", path, FrameRange(f, 2), 0.97, "test", params={"transition": "cut"}) for f in (19, 39)
    ))
    panel = window.suggestions.list
    panel.setFocus()
    panel.setCurrentIndex(panel.model().index(0, 0))
    qtbot.keyClick(panel, Qt.Key.Key_Down)
    assert panel.currentIndex().row() == 1
    assert window.playhead != 50  # Down moved in the list, not to the next edit
    window.timeline_view.setFocus()
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_Down)
    assert window.playhead == 50


def test_a_menu_item_does_what_it_says_whatever_has_the_focus(qtbot, window, clip):
    """A focused list keeps the arrow keys, but Playback ▸ Next Frame clicked with the mouse
    still steps the playhead (it once handed the list a Right key instead)."""
    from PySide6.QtGui import QAction

    open_clip(qtbot, window, clip.path)
    window.session.add_suggestions(tuple(
        Suggestion("cut", str(clip.path), FrameRange(f, 2), 0.97, "test", params={"transition": "cut"}) for f in (19, 39)
    ))
    panel = window.suggestions.list
    panel.setFocus()
    panel.setCurrentIndex(panel.model().index(0, 0))  # the playhead goes to it
    at = window.playhead
    qtbot.keyClick(panel, Qt.Key.Key_Right)  # the key: the list's
    assert window.playhead == at
    next_frame = next(a for a in window.findChildren(QAction) if a.text() == "Next Frame")
    next_frame.trigger()  # the menu item: the playhead's
    assert window.playhead == at + 1 and panel.currentIndex().row() == 0


def test_n_with_every_kind_listed_says_which_other_kinds_wait_and_how_to_reach_them(qtbot, window, clip):
    """Unfiltered, N / P stop at cuts only; with none ahead, the editor learns that pauses and a
    grade still wait, and that filtering the list to a kind lets N go through them."""
    from vedit_gui.timeline import GRADE, REMOVE_PAUSE

    open_clip(qtbot, window, clip.path)
    path = str(clip.path)
    window.session.add_suggestions((
        Suggestion(REMOVE_PAUSE, path, FrameRange(20, 15), 0.8, "test", {"keep": 8}),
        Suggestion(REMOVE_PAUSE, path, FrameRange(50, 15), 0.8, "test", {"keep": 8}),
        Suggestion(GRADE, path, FrameRange(0, 90), 0.9, "test", {}),
    ))
    window.timeline_view.setFocus()
    press(qtbot, window, Qt.Key.Key_N)
    assert window.playhead == 0
    assert window.statusBar().currentMessage() == (
        "No more pending suggestions that way. 2 pauses and 1 grade wait: filter the Suggestions list "
        "to one kind, and N / P go through them.")
    window.suggestions.kind_box.setCurrentText("pause")
    press(qtbot, window, Qt.Key.Key_N)
    assert window.playhead > 0  # at the first pause


def test_show_rejected_brings_rejected_suggestions_back_in_the_lane_too(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    cut = Suggestion("cut", str(clip.path), FrameRange(39, 2), 0.97, "test", params={"transition": "cut"})
    window.session.add_suggestions((cut,))
    window.decide([cut.id], SuggestionStatus.REJECTED)
    in_lane = lambda: {shape.suggestion.id for shape in window.timeline_view.suggestion_shapes()}  # noqa: E731
    assert cut.id not in in_lane()
    window.suggestions.show_rejected.setChecked(True)
    assert cut.id in in_lane() and cut.id in window.suggestions.row_ids()
    window.suggestions.show_rejected.setChecked(False)
    assert cut.id not in in_lane()


def test_the_inspector_sets_a_clips_volume_as_one_undoable_edit(qtbot, window, clip):
    from vedit_gui.ui.volume_field import VolumeField

    open_clip(qtbot, window, clip.path)
    picture, sound = (track.items[0] for track in window.session.timeline.tracks)
    window.timeline_view.set_selection([picture.id, sound.id])  # as a click on the linked pair selects
    volume = window.inspector.findChild(VolumeField)
    assert window.inspector.rows()["Volume"] == "as recorded (0 dB)"
    volume.slider.setSliderDown(True)
    volume.slider.setValue(-12)  # -6 dB, mid-drag: nothing applied yet
    assert window.session.timeline.tracks[1].items[0].gain_db == 0.0
    volume.slider.setSliderDown(False)
    qtbot.waitUntil(lambda: window.session.timeline.tracks[1].items[0].gain_db == -6.0, timeout=5_000)
    assert window.session.timeline.tracks[0].items[0].gain_db == 0.0  # the picture has no level
    assert window.session.history.undo_description == "Change Volume"
    assert window.inspector.rows()["Volume"] == "-6.0 dB"
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.tracks[1].items[0].gain_db == 0.0


def test_a_volume_is_typed_in_and_is_one_undo_step(qtbot, window, clip):
    """-12 dB took 24 presses of an arrow; there was no box to type it (seventh editor pass)."""
    from vedit_gui.ui.volume_field import VolumeField

    open_clip(qtbot, window, clip.path)
    picture, sound = (track.items[0] for track in window.session.timeline.tracks)
    window.timeline_view.set_selection([picture.id, sound.id])
    box = window.inspector.findChild(VolumeField).value
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "-12.5")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.timeline.tracks[1].items[0].gain_db == -12.5, timeout=5_000)
    assert window.inspector.rows()["Volume"] == "-12.5 dB"
    volume = window.inspector.findChild(VolumeField)
    assert volume.slider.value() == -25 and volume.value.value() == -12.5
    volume.slider.setFocus()
    qtbot.keyClick(volume.slider, Qt.Key.Key_Right)  # a key after it is a step of its own
    qtbot.waitUntil(lambda: window.session.timeline.tracks[1].items[0].gain_db == -12.0, timeout=5_000)
    assert window.inspector.findChild(VolumeField).value.value() == -12.0
    window.session.undo()
    assert window.session.timeline.tracks[1].items[0].gain_db == -12.5
    window.session.undo()
    assert window.session.timeline.tracks[1].items[0].gain_db == 0.0


def test_a_ripple_trim_says_what_it_took_from_music_laid_under_the_edit(qtbot, window, clip, tmp_path):
    """Q / W ripple every track, sync-locked, as Avid does: a music bed on A2 loses the same
    frames. It was cut silently (seventh editor pass)."""
    from dataclasses import replace as replaced

    from vedit_gui.media import media_reference, probe
    from vedit_gui.timeline import Clip, Track, TrackKind

    open_clip(qtbot, window, clip.path)
    music = make_audio_only(tmp_path / "music.m4a", seconds=4.0)
    bed = Clip(media_reference(probe(music)), FrameRange(0, 90))
    timeline = window.session.timeline
    window.session.history.reset(replaced(timeline, tracks=(*timeline.tracks, Track(TrackKind.AUDIO, (bed,), "Music"))))
    rate = timeline.rate
    window.seek(45)
    press(qtbot, window, Qt.Key.Key_W)
    assert window.statusBar().currentMessage() == (
        f"Trimmed {float(45 / rate):.1f} s off the end of clip.mp4; the edit closed up; "
        f"music.m4a on Music lost {float(45 / rate):.1f} s with it (sync-locked).")


def test_ctrl_shift_t_crossfades_the_sound_at_the_nearest_cut(qtbot, window, clip):
    from PySide6.QtWidgets import QComboBox

    open_clip(qtbot, window, clip.path)
    window.session.split_at(45)
    window.seek(40)
    press(qtbot, window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    picture, sound = window.session.timeline.tracks
    assert picture.transitions == () and len(sound.transitions) == 1
    assert window.session.history.undo_description == "Add Crossfade"
    # Said, as the split is: the keys act at the nearest cut, which may be off screen.
    assert window.statusBar().currentMessage().startswith("Added a ") and "-frame crossfade at " in window.statusBar().currentMessage()
    # Its box is on the sound row, where it can be clicked.
    view = window.timeline_view
    row = view.track_row(1)
    box_at = QPoint(round(view.x_for_frame(38)), round(row.top + row.height * 0.6))  # off the cut (a trim)
    assert view.transition_at(box_at.toPointF()) is not None
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=box_at)
    assert window.inspector._title.text() == "Crossfade"
    assert window.inspector.findChild(QComboBox, "transitionKindBox") is None  # no dips for sound
    press(qtbot, window, Qt.Key.Key_Delete)
    assert window.session.timeline.tracks[1].transitions == ()


def test_fades_from_the_menu_and_the_inspector_fade_picture_and_sound_together(qtbot, window, clip):
    from vedit_gui.ui.fade_field import FadeField

    open_clip(qtbot, window, clip.path)
    picture, sound = (track.items[0] for track in window.session.timeline.tracks)
    window.timeline_view.set_selection([picture.id, sound.id])
    window.editing.fade_selection(head=True)
    fades = lambda: [(c.fade_in, c.fade_out) for track in window.session.timeline.tracks for c in track.clips()]  # noqa: E731
    assert fades() == [(30, 0), (30, 0)]  # one second at 29.97 fps, on both
    assert window.session.history.undo_description == "Change Fades"
    field = window.inspector.findChild(FadeField)
    assert window.inspector.rows()["Fades"] == "in 30, out 0"
    field.boxes["out"].setValue(15)
    field.boxes["out"].editingFinished.emit()
    qtbot.waitUntil(lambda: fades() == [(30, 15), (30, 15)], timeout=5_000)
    # The viewer shows the fade: the first frame is near black, the middle as it was.
    window.seek(0)
    qtbot.waitUntil(lambda: window.viewer.frame is not None and window.viewer.frame.mean() < 20, timeout=10_000)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert fades() == [(0, 0), (0, 0)]


def ctrl_drag_sound_cut(qtbot, view, at: int, to: int) -> tuple[int, ...]:
    """Ctrl-drag the cut on the first sound track from frame ``at`` to ``to``: the tracks the
    drag showed it on, before the release."""
    row = view.track_row(1)
    y = round(row.top + row.height * 0.7)
    start, end = QPoint(round(view.x_for_frame(at)), y), QPoint(round(view.x_for_frame(to)), y)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, ctrl, start)
    qtbot.mouseMove(view, end)
    drawn = view._drag.preview().track_indexes
    assert QToolTip.text().startswith(f"Roll the cut −{at - to} f")  # not "Trim out": both sides move
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, ctrl, end)
    return drawn


def test_unlinking_the_clip_coming_in_is_enough_for_an_l_cut(qtbot, window, clip):
    """Third editor pass: with only the incoming clip unlinked, Ctrl-dragging the sound cut
    rolled the picture cut too (the outgoing clip is still linked)."""
    open_clip(qtbot, window, clip.path)
    window.session.split_at(45)
    incoming = window.session.timeline.tracks[1].items[1]
    window.timeline_view.set_selection([incoming.id])
    press(qtbot, window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    drawn = ctrl_drag_sound_cut(qtbot, window.timeline_view, 45, 35)
    assert drawn == (1,)  # drawn on the sound track alone
    assert window.session.history.undo_description == "Roll Edit"
    cuts = [track.cut_frames() for track in window.session.timeline.tracks]
    assert cuts[0] == [45] and cuts[1][0] < 45


def test_a_roll_drag_stops_where_the_clip_coming_in_runs_out_of_handle():
    """The drag's readout said "−41 f" where the edit then rolled 25 (third editor pass)."""
    from vedit_gui.timeline import (
        Clip,
        FrameRange,
        Insert,
        MediaReference,
        Split,
        timeline_from_media,
    )
    from vedit_gui.ui.timeline_drags import RollDrag

    a = MediaReference("a.mp4", Fraction(25), 300)
    b = MediaReference("b.mp4", Fraction(25), 300)
    tl = Insert(((0, Clip(b, FrameRange(25, 100), link="b")), (1, Clip(b, FrameRange(25, 100), link="b"))), 100).apply(
        Split(100).apply(timeline_from_media(a)))
    drag = RollDrag(tl, tl.tracks[0].items[0].id, [], 0)
    drag.update(40)  # 60 frames earlier: b holds 25 before its in point
    assert drag.edge == 75 and drag.delta == -25 and drag.finish().apply(tl).tracks[0].cut_frames()[0] == 75


def test_unlink_and_ctrl_drag_roll_the_sound_cut_alone_into_a_j_cut(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    window.session.split_at(45)
    sound = window.session.timeline.tracks[1].items[0]  # the sound before the cut
    window.timeline_view.set_selection([sound.id])
    press(qtbot, window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.session.history.undo_description == "Unlink"
    assert window.statusBar().currentMessage().startswith("Unlinked: picture and sound trim, roll and move apart")
    # Ctrl-drag the sound's cut ten frames earlier: a roll, on the sound track only.
    ctrl_drag_sound_cut(qtbot, window.timeline_view, 45, 35)
    assert window.session.history.undo_description == "Roll Edit"
    cuts = [track.cut_frames() for track in window.session.timeline.tracks]
    assert cuts[0] == [45] and cuts[1][0] < 45 and window.session.timeline.duration == 90
    # The sound after the cut, still linked to its picture, is marked by how far it is out of line.
    after = window.session.timeline.tracks[1].items[1]
    assert window.session.timeline.link_offsets == {after.id: cuts[1][0] - 45}


def test_q_and_w_ripple_trim_the_clip_under_the_playhead_to_it(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    window.seek(20)
    press(qtbot, window, Qt.Key.Key_Q)  # frames 0-19 go; the playhead stays on source frame 20
    assert window.statusBar().currentMessage().startswith("Trimmed 20 frames off the start of ")
    assert items(window) == [(20, 70)] and items(window, 1) == [(20, 70)] and window.playhead == 0
    qtbot.waitUntil(lambda: shown(window) == 20, timeout=10_000)
    window.seek(50)
    press(qtbot, window, Qt.Key.Key_W)  # from the playhead on goes
    assert items(window) == [(20, 50)] and window.session.timeline.duration == 50
    assert window.session.history.undo_description == "Trim Out"
    # . and , slip the selected clip: the same place and length, other frames of the source.
    window.timeline_view.set_selection([window.session.timeline.tracks[0].items[0].id])
    for _ in range(3):
        press(qtbot, window, Qt.Key.Key_Period)
    press(qtbot, window, Qt.Key.Key_Comma)
    assert items(window) == [(22, 50)] and items(window, 1) == [(22, 50)]


def test_export_frame_writes_the_picture_at_the_playhead(qtbot, window, clip, tmp_path):
    import cv2

    open_clip(qtbot, window, clip.path)
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)  # its analysis: the status bar is ours after
    window.seek(33)
    job = window.export_frame(tmp_path / "still.png")
    qtbot.waitUntil(lambda: job.done, timeout=30_000)
    assert job.state == "finished"
    qtbot.waitUntil(lambda: "Wrote" in window.statusBar().currentMessage(), timeout=5_000)
    assert read_index(cv2.cvtColor(cv2.imread(str(tmp_path / "still.png")), cv2.COLOR_BGR2RGB)) == 33


def test_transport_keys_play_and_stop(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.playback.playing, timeout=5_000)
    qtbot.waitUntil(lambda: window.playhead > 5, timeout=10_000)
    press(qtbot, window, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: not window.playback.playing, timeout=5_000)
    stopped_at = window.playhead
    qtbot.waitUntil(lambda: shown(window) == stopped_at, timeout=10_000)
    press(qtbot, window, Qt.Key.Key_L)
    press(qtbot, window, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: window.playback.speed == 2, timeout=5_000)
    press(qtbot, window, Qt.Key.Key_J)  # from 2× forwards to 1× backwards
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Playing at -1×"), timeout=5_000)
    press(qtbot, window, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: not window.playback.playing, timeout=5_000)
    assert not window.statusBar().currentMessage().startswith("Playing")  # not said of a stop
    press(qtbot, window, Qt.Key.Key_I)
    assert window.playback.in_point == window.playhead
    # At the last frame, Space plays the cut again from the start.
    press(qtbot, window, Qt.Key.Key_End)
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.playback.playing and 0 < window.playhead < 60, timeout=10_000)
    press(qtbot, window, Qt.Key.Key_K)


def test_suggestions_arriving_during_playback_do_not_stop_it(qtbot, window, clip):
    # Analysis results stream in while the editor watches: playback must go on through them.
    from vedit_gui.timeline import FrameRange, Suggestion

    open_clip(qtbot, window, clip.path)
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.playback.playing, timeout=5_000)
    qtbot.waitUntil(lambda: window.playhead > 2, timeout=10_000)
    source = window.session.timeline.tracks[0].items[0].media.path
    window.session.add_suggestions((Suggestion("cut", source, FrameRange(70, 2), 0.9, "test"),))
    assert window.session.timeline.suggestions
    assert window.playback.playing
    was = window.playhead
    qtbot.waitUntil(lambda: window.playhead > was + 5, timeout=10_000)
    assert window.playback.playing or window.playhead == 89


def test_suggestions_arriving_keep_the_viewer_source_open(qtbot, window, clip, monkeypatch):
    # Each batch from analysis used to reopen the viewer's decoders; only a new picture should.
    from vedit_gui.timeline import FrameRange, Suggestion
    from vedit_gui.ui import main_window

    open_clip(qtbot, window, clip.path)
    window.seek(20)
    qtbot.waitUntil(lambda: shown(window) == 20, timeout=10_000)
    opened = []
    real_open = main_window.open_graded_preview
    monkeypatch.setattr(main_window, "open_graded_preview", lambda *a: opened.append(1) or real_open(*a))
    source = window.session.timeline.tracks[0].items[0].media.path
    for start in (30, 50, 70):
        window.session.add_suggestions((Suggestion("cut", source, FrameRange(start, 2), 0.9, "test"),))
    window.seek(25)
    qtbot.waitUntil(lambda: shown(window) == 25, timeout=10_000)
    assert opened == []
    window.editing.split_at_playhead()  # a real edit: the picture may change, so the source reopens
    window.seek(26)
    qtbot.waitUntil(lambda: shown(window) == 26, timeout=10_000)
    assert opened


def test_a_key_press_while_a_save_writes_is_its_own_undo_step(qtbot, window, clip, tmp_path, monkeypatch):
    import threading
    from dataclasses import replace

    from vedit_gui.app import session as session_module
    from vedit_gui.timeline import UpdateSuggestion
    from vedit_gui.ui.main_window import MainWindow

    # No analysis: with its results cached, the model's grade of the first shot could arrive
    # before this one and take its place (one grade per shot), and the test would edit nothing.
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    open_clip(qtbot, window, clip.path)
    grade = Suggestion("grade", str(clip.path), FrameRange(0, 30), 0.8, "test", {"exposure": 0.0})
    window.session.add_suggestions((grade,))
    history = window.session.history

    def press(exposure: float) -> None:  # as a slider's arrow key does
        history.apply(UpdateSuggestion(replace(grade, params={"exposure": exposure})), (grade.id, "exposure"))

    writing, release, real = threading.Event(), threading.Event(), session_module.save_project

    def slow_save(*args, **kwargs) -> None:
        writing.set()
        release.wait(10)
        real(*args, **kwargs)

    monkeypatch.setattr(session_module, "save_project", slow_save)
    failures: list[str] = []
    window.session.save_failed.connect(lambda path, error: failures.append(error))
    press(0.1)
    task = window.session.save(tmp_path / "graded.vedit")
    qtbot.waitUntil(writing.is_set, timeout=10_000)
    press(0.2)  # while the file is written: not part of the step that reaches it
    release.set()
    qtbot.waitUntil(task.done, timeout=10_000)
    assert task.result() and window.session.is_dirty, failures
    window.session.undo()
    assert window.session.timeline.suggestion(grade.id).params["exposure"] == 0.1
    assert not window.session.is_dirty


def test_save_reopen_and_export(qtbot, window, clip, tmp_path):
    open_clip(qtbot, window, clip.path)
    window.seek(45)
    qtbot.waitUntil(lambda: shown(window) == 45, timeout=10_000)
    window.editing.split_at_playhead()
    window.editing.ripple_delete_selection()  # nothing selected: refused with a message, nothing changes
    assert len(window.session.timeline.tracks[0].items) == 2
    project = tmp_path / "cut.vedit"
    task = window.session.save(project)
    qtbot.waitUntil(task.done, timeout=10_000)
    assert task.result() and not window.session.is_dirty
    assert "●" not in window.windowTitle()
    assert len(load_project(project).timeline.tracks[0].items) == 2

    reopened = MainWindow(Session(autosave=False))
    qtbot.addWidget(reopened)
    reopened.open_path(project)
    qtbot.waitUntil(lambda: reopened.session.project_path == project, timeout=10_000)
    assert reopened.session.timeline.tracks == window.session.timeline.tracks
    reopened._ready_to_close = True
    reopened.close()

    out = tmp_path / "export.mp4"
    job = window.start_export(out, "h264")
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "exportDoneBox") is not None, timeout=60_000)
    assert job.state == "finished" and out.exists()
    with av.open(str(out)) as container:
        frames = [read_index(f.to_ndarray(format="rgb24")) for f in container.decode(video=0)]
    assert frames == list(range(90))


def test_export_offers_in_to_out_first_and_renders_just_those_frames(qtbot, window, clip, tmp_path, monkeypatch):
    open_clip(qtbot, window, clip.path)
    assert window.playback.marked_frames() is None
    window.seek(30)
    press(qtbot, window, Qt.Key.Key_I)
    window.seek(44)
    press(qtbot, window, Qt.Key.Key_O)
    assert window.playback.marked_frames() == FrameRange(30, 15)  # the out frame is played, so exported
    out = tmp_path / "marked.mp4"
    offered = []

    def choose(dialog) -> int:  # the editor looks at the dialog, names the file and exports
        offered.append([dialog.range_box.itemText(i) for i in range(dialog.range_box.count())])
        dialog.path_edit.setText(str(out))
        return ExportDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", choose)
    job = window.export()
    assert offered[0][0].startswith("In to out: 00:00:01;00 – 00:00:01;14") and offered[0][1].startswith("Whole")
    qtbot.waitUntil(lambda: job.done, timeout=60_000)
    assert job.state == "finished"
    with av.open(str(out)) as container:
        assert [read_index(f.to_ndarray(format="rgb24")) for f in container.decode(video=0)] == list(range(30, 45))
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "exportDoneBox") is not None, timeout=10_000)
    done = window.findChild(QMessageBox, "exportDoneBox")
    done.accept()
    qtbot.waitUntil(lambda: not done.isVisible())
    window.activateWindow()  # the offscreen platform leaves no window active after a dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, window, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)  # marks cleared: the whole timeline
    monkeypatch.setattr(ExportDialog, "exec", lambda dialog: offered.append(dialog.frames) or ExportDialog.DialogCode.Rejected)
    assert window.export() is None and offered[-1] is None


def test_export_asks_before_replacing_a_file_and_never_writes_over_the_footage(qtbot, window, clip, tmp_path, monkeypatch):
    open_clip(qtbot, window, clip.path)
    earlier = tmp_path / "earlier.mp4"
    earlier.write_bytes(b"an earlier export")
    dialog = ExportDialog(earlier, window, duration=60, marked=None, rate=window.session.timeline.rate)
    qtbot.addWidget(dialog)
    asked = []

    def answer(reply):
        def question(parent, title, text, *args):
            asked.append(text)
            return reply
        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    dialog.accept()
    assert asked[0].startswith("earlier.mp4 already exists") and dialog.result() != ExportDialog.DialogCode.Accepted
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    dialog.accept()
    assert dialog.result() == ExportDialog.DialogCode.Accepted
    # A name the file dialog chose was confirmed there: not asked again.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(earlier), ""))
    asked.clear()
    dialog.setResult(0)
    dialog.findChild(QPushButton, "browseButton").click()
    dialog.accept()
    assert asked == [] and dialog.result() == ExportDialog.DialogCode.Accepted
    # The footage itself is refused in the dialog, not offered to be replaced.
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *args: warned.append(text))
    offered = ExportDialog(Path(clip.path), window, duration=60, marked=None, rate=window.session.timeline.rate,
                           footage=lambda path: path == Path(clip.path))
    qtbot.addWidget(offered)
    offered.accept()
    assert warned[0].endswith("is footage this edit uses: an export there would replace it.") and asked == []
    assert offered.result() != ExportDialog.DialogCode.Accepted
    # A folder, or a folder that is not there, is said in the dialog, which stays open.
    for typed, said in ((str(tmp_path), "is a folder: add a file name."), (str(tmp_path / "gone" / "a.mp4"), "does not exist.")):
        offered.path_edit.setText(typed)
        offered.accept()
        assert warned[-1].endswith(said) and offered.result() != ExportDialog.DialogCode.Accepted
    # A bare name goes beside the suggestion, with the preset's extension.
    offered.path_edit.setText("review copy")
    assert offered.path == Path(clip.path).parent / "review copy.mp4"
    # Named as the footage itself, the export stops before writing and the footage is kept.
    footage = Path(clip.path).read_bytes()
    job = window.start_export(Path(clip.path))
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "exportErrorBox") is not None, timeout=30_000)
    assert "is footage this edit uses" in window.findChild(QMessageBox, "exportErrorBox").text()
    assert job.state == "failed" and Path(clip.path).read_bytes() == footage


def test_export_offers_a_smaller_size_and_writes_it(qtbot, window, tmp_path, monkeypatch):
    source = make_video(tmp_path / "big.mp4", 20, width=960, height=540, audio=False)
    open_clip(qtbot, window, source.path)
    out = tmp_path / "review.mp4"
    offered = []

    def choose(dialog) -> int:  # the editor picks a review copy's size
        offered.append([dialog.size_box.itemText(i) for i in range(dialog.size_box.count())])
        dialog.size_box.setCurrentIndex(dialog.size_box.findData(360))
        dialog.path_edit.setText(str(out))
        return ExportDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", choose)
    job = window.export()
    assert offered[0][0] == "As the edit" and any(text.startswith("At most 720 lines") for text in offered[0])
    qtbot.waitUntil(lambda: job.done, timeout=60_000)
    assert job.state == "finished"
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height, stream.frames or 20) == (640, 360, 20)


def test_marks_are_saved_with_the_project_and_not_carried_to_another(qtbot, window, clip, tmp_path):
    open_clip(qtbot, window, clip.path)
    window.playback.set_in(12)
    window.playback.set_out(40)
    project = tmp_path / "marked.vedit"
    task = window.session.save(project)
    qtbot.waitUntil(task.done, timeout=10_000)
    other = make_video(tmp_path / "other.mp4", 60, width=192, height=108, audio=False)
    window.open_path(other.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 60, timeout=15_000)
    assert (window.playback.in_point, window.playback.out_point) == (None, None)
    assert window.marks_label.text() == ""
    window.open_path(project)
    qtbot.waitUntil(lambda: window.session.project_path == project, timeout=10_000)
    assert window.playback.marked_frames() == FrameRange(12, 29)
    assert "In 00:00:00;12" in window.marks_label.text()


def test_an_edl_of_a_10_fps_capture_says_which_rate_it_counts_at(qtbot, window, tmp_path):
    capture = make_video(tmp_path / "capture.mp4", 30, width=192, height=108, rate=Fraction(10), audio=False)
    open_clip(qtbot, window, capture.path)
    window._export_interchange(".edl", tmp_path / "capture.edl")  # File ▸ Export EDL…, file chosen
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "edlRateBox") is not None, timeout=10_000)
    text = window.findChild(QMessageBox, "edlRateBox").text()
    assert "10 fps" in text and "30 fps" in text
    assert "00:00:03:00" in (tmp_path / "capture.edl").read_text()  # 30 frames: 3 s, exactly


def test_cancelled_export_leaves_nothing(qtbot, window, clip, tmp_path):
    open_clip(qtbot, window, clip.path)
    out = tmp_path / "never.mp4"
    job = window.start_export(out, "prores")
    job.cancel()
    qtbot.waitUntil(lambda: job.done, timeout=30_000)
    assert job.state in ("cancelled", "finished")
    if job.state == "cancelled":
        assert not out.exists()
    assert not [p for p in Path(tmp_path).iterdir() if p.name.startswith(".") and "never" in p.name]


def test_unsaved_changes_are_asked_about_on_quit(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    window.editing.split_at_playhead() if window.playhead else window.session.split_at(10)
    assert window.session.is_dirty
    window.quit_action.trigger()
    box = window.findChild(QMessageBox, "unsavedBox")
    assert box is not None and window.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.isVisible()
    window.quit_action.trigger()
    box = [b for b in window.findChildren(QMessageBox, "unsavedBox") if b.isVisible()][-1]
    box.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)


def unsaved_box(window) -> QMessageBox | None:
    shown_boxes = [b for b in window.findChildren(QMessageBox, "unsavedBox") if b.isVisible()]
    return shown_boxes[-1] if shown_boxes else None


def test_the_quit_prompt_says_save_makes_a_project_until_there_is_one(qtbot, window, clip, tmp_path):
    # Opened from camera footage, "Save the changes to clip.mp4" read as writing over it.
    open_clip(qtbot, window, clip.path)
    window.session.split_at(10)
    window.quit_action.trigger()
    box = unsaved_box(window)
    assert box.text() == "Save this edit as a project before closing?"
    assert "clip.mp4 itself is never changed" in box.informativeText()
    assert [box.button(b).text() for b in (QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Discard)] == [
        "&Save", "&Discard"]  # Alt+S, Alt+D
    box.button(QMessageBox.StandardButton.Cancel).click()
    saving = window.session.save(tmp_path / "edit.vedit")
    qtbot.waitUntil(saving.done, timeout=10_000)
    window.session.split_at(20)
    window.quit_action.trigger()
    box = unsaved_box(window)
    assert box.text() == "Save the changes to edit.vedit before closing?" and not box.informativeText()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.isVisible()


def test_opening_another_file_asks_about_unsaved_changes_first(qtbot, window, clip, tmp_path):
    other = make_video(tmp_path / "other.mp4", 30, width=192, height=108)
    open_clip(qtbot, window, clip.path)
    window.session.split_at(20)
    window.open_path(other.path)  # as File ▸ Open, Open Recent and a drop do
    box = unsaved_box(window)
    assert box is not None and "before opening other.mp4" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.wait(200)
    assert window.session.source_path.name == "clip.mp4" and len(items(window)) == 2
    assert window.session.is_dirty and window.session.history.can_undo
    window.open_path(other.path)
    unsaved_box(window).button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: window.session.source_path.name == "other.mp4", timeout=15_000)
    assert items(window) == [(0, 30)]


def test_save_in_the_unsaved_box_saves_then_opens(qtbot, window, clip, tmp_path):
    other = make_video(tmp_path / "other.mp4", 30, width=192, height=108)
    project = tmp_path / "edit.vedit"
    open_clip(qtbot, window, clip.path)
    saving = window.session.save(project)
    qtbot.waitUntil(saving.done, timeout=10_000)
    window.session.split_at(20)
    window.open_path(other.path)
    unsaved_box(window).button(QMessageBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: window.session.source_path.name == "other.mp4", timeout=15_000)
    assert len(load_project(project).timeline.tracks[0].items) == 2  # the split reached the file first


def test_a_slideshow_slower_than_a_frame_a_second_opens_and_scrubs(qtbot, window, tmp_path):
    # Timecode counts at least one frame a second: at 0.5 fps it once counted none, and the
    # ruler's paint divided by zero, which took the editor down.
    slides = make_video(tmp_path / "slides.mp4", 6, width=192, height=108, rate=Fraction(1, 2), audio=False)
    open_clip(qtbot, window, slides.path)
    press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # a second on
    qtbot.waitUntil(lambda: shown(window) == 1, timeout=10_000)
    window.timeline_view.repaint()
    assert window.timecode.text() == "00:00:01:00  /  00:00:06:00"


def test_cancelled_cut_detection_says_so_and_how_to_run_it_again(qtbot, window, clip, monkeypatch):
    from vedit_gui.analysis import analyze

    def until_cancelled(path, *, cancel, **_kwargs):
        cancel.wait(10)
        raise analyze.AnalysisCancelled("analysis cancelled")

    monkeypatch.setattr(analyze, "analyze_cuts", until_cancelled)
    open_clip(qtbot, window, clip.path)
    qtbot.waitUntil(lambda: any(j.title.startswith("Finding cuts") for j in window.jobs.jobs), timeout=10_000)
    next(j for j in window.jobs.jobs if j.title.startswith("Finding cuts")).cancel()
    qtbot.waitUntil(lambda: "Cut detection cancelled for clip.mp4" in window.statusBar().currentMessage(), timeout=10_000)
    assert "Find Cuts Again" in window.statusBar().currentMessage()


def test_a_file_that_fails_to_open_leaves_the_edits_picture_clear(qtbot, window, clip, tmp_path):
    open_clip(qtbot, window, clip.path)
    bad = tmp_path / "notavideo.mp4"
    bad.write_text("not a video")
    window.open_path(bad)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "openErrorBox") is not None, timeout=10_000)
    assert window.viewer.message == "" and shown(window) == 0  # not "Opening notavideo.mp4…" over it


def test_ctrl_1_and_ctrl_2_bring_the_inspector_and_the_suggestions_list_with_the_keys(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    window.timeline_view.setFocus()
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.side_tabs.currentWidget() is window.suggestions
    assert QApplication.focusWidget() is window.suggestions.list  # ↑ / ↓ go through the suggestions
    press(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.side_tabs.currentWidget() is window.inspector_page


def test_save_as_from_the_unsaved_box_names_the_file_first_and_cancel_keeps_the_edit(
        qtbot, window, clip, tmp_path, monkeypatch):
    other = make_video(tmp_path / "other.mp4", 30, width=192, height=108)
    open_clip(qtbot, window, clip.path)  # a clip opened, never saved: Save asks for a name
    window.session.split_at(20)
    chosen = [""]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (chosen[0], ""))
    window.open_path(other.path)
    unsaved_box(window).button(QMessageBox.StandardButton.Save).click()  # ...and the name is cancelled
    qtbot.wait(300)
    assert window.session.source_path.name == "clip.mp4" and len(items(window)) == 2 and window.session.is_dirty
    chosen[0] = str(tmp_path / "named.vedit")
    window.open_path(other.path)
    unsaved_box(window).button(QMessageBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: window.session.source_path.name == "other.mp4", timeout=15_000)
    assert len(load_project(tmp_path / "named.vedit").timeline.tracks[0].items) == 2


def test_a_dotted_name_is_completed_as_typed_and_never_replaces_another_file(qtbot, window, clip, tmp_path, monkeypatch):
    open_clip(qtbot, window, clip.path)
    earlier = tmp_path / "Montage v1.vedit"
    earlier.write_text("an earlier project")
    (tmp_path / "Ep.otio").write_text("an earlier export")
    answers = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: answers.append(args[2]) or QMessageBox.StandardButton.No)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(tmp_path / "Montage v1.2"), ""))
    saving = window.save_as()
    qtbot.waitUntil(saving.done, timeout=10_000)
    assert (tmp_path / "Montage v1.2.vedit").is_file() and earlier.read_text() == "an earlier project"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(tmp_path / "Ep. 1 final"), ""))
    job = window._export_interchange(".otio")
    qtbot.waitUntil(lambda: job.done, timeout=10_000)
    assert (tmp_path / "Ep. 1 final.otio").is_file() and (tmp_path / "Ep.otio").read_text() == "an earlier export"
    # A completed name that is a file already: asked first (the dialog never saw that name).
    assert window._export_interchange(".otio") is None  # answered No
    assert answers == ["Ep. 1 final.otio already exists in " + str(tmp_path) + ". Replace it?"]


def test_the_export_dialog_adds_the_presets_extension_to_a_dotted_name(qtbot, window, tmp_path):
    dialog = ExportDialog(tmp_path / "edit.mp4", window, duration=60, marked=None, rate=30)
    dialog.path_edit.setText("Montage v1.2")
    assert dialog.path == tmp_path / "Montage v1.2.mp4"
    dialog.preset_box.setCurrentIndex(dialog.preset_box.findData("prores"))  # the ending follows the preset
    assert dialog.path == tmp_path / "Montage v1.2.mov"
    dialog.close()


def test_s_inside_a_dissolve_is_refused_and_says_where_it_plays(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    window.session.split_at(45)
    window.seek(45)
    press(qtbot, window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # Add Dissolve at Nearest Cut
    (dissolve,) = window.session.timeline.tracks[0].transition_windows()
    before = window.session.timeline
    window.seek(dissolve.range.start + 3)
    press(qtbot, window, Qt.Key.Key_S)
    assert window.session.timeline is before  # nothing changed, no undo step
    assert window.statusBar().currentMessage().startswith(f"Frame {dissolve.range.start + 3} is inside a dissolve")


def test_background_news_waits_for_the_editors_own_message_to_be_read(qtbot, window, clip, monkeypatch):
    from vedit_gui.ui import main_window

    monkeypatch.setattr(main_window, "MESSAGE_READ_S", 0.4)
    open_clip(qtbot, window, clip.path)
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=30_000)
    window.statusBar().showMessage("Accepted cut at 00:00:01;00 in clip.mp4.", 6000)
    window.say_in_background("Suggested stabilization: 2 shots.", 6000)
    assert window.statusBar().currentMessage() == "Accepted cut at 00:00:01;00 in clip.mp4."
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Suggested stabilization: 2 shots.", timeout=3_000)
    window.say_in_background("Suggested grades for 2 shots.", 6000)  # news replaces news at once
    assert window.statusBar().currentMessage() == "Suggested grades for 2 shots."


def test_bad_file_is_reported_and_work_is_kept(qtbot, window, clip, tmp_path):
    open_clip(qtbot, window, clip.path)
    window.session.split_at(20)
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(b"\x00" * 100)
    window.open_path(bad)
    unsaved_box(window).button(QMessageBox.StandardButton.Discard).click()  # the edit is unsaved
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "openErrorBox") is not None, timeout=10_000)
    assert len(window.session.timeline.tracks[0].items) == 2  # the open edit is untouched


def test_a_burst_of_seeks_ends_on_the_last_one(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    for frame in range(1, 40):
        window.timeline_view.playhead_moved.emit(frame)
    qtbot.waitUntil(lambda: shown(window) == 39 and not window.fetcher.busy, timeout=10_000)


def test_ctrl_q_quits_a_clean_session(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    press(qtbot, window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)


SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample.mp4"


def test_the_bundled_sample_opens_and_scrubs_exactly(qtbot, window):
    window.open_path(SAMPLE)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 900 and window.viewer.frame is not None, timeout=15_000)
    window.timeline_view.playhead_moved.emit(404)  # the last frame before a hard cut
    with FrameReader(SAMPLE) as reader:
        expected = reader.read(404)
    qtbot.waitUntil(lambda: window.viewer.frame is not None and np.array_equal(window.viewer.frame, expected), timeout=10_000)


def test_a_mouse_trim_in_the_timeline_is_one_undoable_edit(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    window.session.split_at(45)
    view = window.timeline_view
    rect = view.item_rect(window.session.timeline.tracks[0].items[0].id)
    y = rect.center().y()
    start = QPoint(round(view.x_for_frame(45)) - 1, round(y))
    end = QPoint(round(view.x_for_frame(30)), round(y))
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier, start)
    qtbot.mouseMove(view, QPoint((start.x() + end.x()) // 2, start.y()))
    qtbot.mouseMove(view, end)
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier, end)
    first = window.session.timeline.tracks[0].items[0]
    assert abs(first.duration - 30) <= 1 and items(window, 1)[0] == (0, first.duration)
    assert window.session.history.undo_description == "Trim Out"
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert items(window) == [(0, 45), (45, 45)]


def test_the_viewer_shows_the_frame_at_a_dragged_edge_and_goes_back_after(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    window.session.split_at(45)
    window.seek(10)
    qtbot.waitUntil(lambda: shown(window) == 10, timeout=10_000)
    view = window.timeline_view
    y = round(view.item_rect(window.session.timeline.tracks[0].items[0].id).center().y())
    at = lambda frame: QPoint(round(view.x_for_frame(frame)), y)  # noqa: E731
    alt = Qt.KeyboardModifier.AltModifier  # no snapping
    # The first clip's out edge: grabbed, it shows the clip's last frame; dragged, the new last.
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, alt, at(45) - QPoint(1, 0))
    qtbot.waitUntil(lambda: shown(window) == 44, timeout=10_000)
    qtbot.mouseMove(view, at(36))
    qtbot.waitUntil(lambda: shown(window) in (34, 35, 36), timeout=10_000)
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # given up: no edit, the edit's frame again
    qtbot.waitUntil(lambda: shown(window) == 10, timeout=10_000)
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, alt, at(36))
    assert window.session.history.undo_description != "Trim Out"
    # The second clip's in edge dragged later: its new first frame, then the edit at the playhead.
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, alt, at(45) + QPoint(1, 0))
    qtbot.mouseMove(view, at(55))
    qtbot.waitUntil(lambda: shown(window) in (54, 55, 56), timeout=10_000)
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, alt, at(55))
    assert window.session.history.undo_description == "Trim In"
    qtbot.waitUntil(lambda: shown(window) == 10, timeout=10_000)


def test_an_unsaved_edit_is_offered_back_after_a_crash(qtbot, qt_loop, clip, tmp_path, monkeypatch):
    monkeypatch.setenv("VEDIT_RECOVERY_DIR", str(tmp_path / "recovery"))
    crashed = Session(autosave=False)
    task = crashed.open_path(clip.path)
    qtbot.waitUntil(task.done, timeout=10_000)
    crashed.split_at(30)
    crashed.ui_state["marks"] = [5, 25]  # the editor's in and out, kept as they are set
    crashed.flush_autosave()  # what the io thread's timer does every two seconds
    # The process dies here: no close(), so the recovery file stays behind (the pid is ours,
    # so pretend it belongs to a dead process).
    monkeypatch.setattr("vedit_gui.project.autosave._process_alive", lambda pid, boot="", started="": False)

    other = make_video(tmp_path / "other.mp4", 20, width=64, height=48, audio=False)
    unrelated = MainWindow(Session(autosave=False))
    qtbot.addWidget(unrelated)
    offers: list[object] = []
    unrelated.session.recovery_found.connect(offers.append)
    task = unrelated.session.open_path(other.path)
    qtbot.waitUntil(task.done, timeout=10_000)
    assert offers == []  # another file's edit is not offered

    window = MainWindow(Session(autosave=False))
    qtbot.addWidget(window)
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "recoveryBox") is not None, timeout=10_000)
    box = window.findChild(QMessageBox, "recoveryBox")
    next(b for b in box.buttons() if b.text() == "&Restore").click()
    qtbot.waitUntil(lambda: len(window.session.timeline.tracks[0].items) == 2, timeout=10_000)
    assert window.session.history.undo_description == "Restore Recovered Edits"
    qtbot.waitUntil(lambda: window.playback.marked_frames() is not None, timeout=10_000)
    assert (window.playback.marked_frames().start, window.playback.marked_frames().end_inclusive) == (5, 25)
    for win in (unrelated, window):
        win._ready_to_close = True
        win.close()
    crashed.close(keep_recovery=True)


def test_a_fast_drag_shows_cheap_frames_then_the_exact_one_on_release(qtbot, window, tmp_path):
    long_gop = make_video(tmp_path / "gop.mp4", 90, width=192, height=108, gop=30, audio=False)
    open_clip(qtbot, window, long_gop.path)
    view = window.timeline_view
    view.scrub_started.emit()
    view.playhead_moved.emit(70)
    qtbot.waitUntil(lambda: shown(window) in (60, 70) and not window.fetcher.busy, timeout=10_000)
    assert window.playhead == 70
    view.scrub_finished.emit()
    qtbot.waitUntil(lambda: shown(window) == 70, timeout=10_000)


def test_cut_suggestions_stream_in_and_the_keyboard_review_flow(qtbot, window):
    window.open_path(SAMPLE)
    qtbot.waitUntil(lambda: len(window.session.timeline.suggestions) >= 4, timeout=120_000)
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=120_000)
    assert window.session.history.can_undo is False  # results are not an undo step
    window.seek(0)
    press(qtbot, window, Qt.Key.Key_N)
    first = window.playhead
    assert first in (150, 279, 405, 540, 675, 795)  # the sample's cuts (dissolve, fade: middles)
    press(qtbot, window, Qt.Key.Key_A)
    assert [rng.start for _, _, rng in window.session.timeline.tracks[0].ranges()] == [0, first]
    press(qtbot, window, Qt.Key.Key_N)
    second = window.playhead
    assert second > first
    press(qtbot, window, Qt.Key.Key_R)
    assert len(window.session.timeline.tracks[0].items) == 2  # rejected: no split
    statuses = sorted(s.status.value for s in window.session.timeline.suggestions if s.confidence >= 0.5)
    assert statuses.count("accepted") == 1 and statuses.count("rejected") == 1
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.session.timeline.tracks[0].items) == 1
    assert all(s.status.value == "pending" for s in window.session.timeline.suggestions)
    window.suggestions.threshold.setValue(50)
    window.suggestions.accept_all_button.click()
    cuts = [rng.start for _, _, rng in window.session.timeline.tracks[0].ranges()][1:]
    assert len(cuts) >= 5
    below = [s for s in window.session.timeline.suggestions if s.kind == "cut" and s.confidence < 0.5]
    assert all(s.status.value == "pending" for s in below)  # greyed out, left for the user


def test_a_sound_only_file_opens_and_the_viewer_says_there_is_no_picture(qtbot, window, tmp_path):
    window.open_path(make_audio_only(tmp_path / "tone.m4a", 1.0))
    qtbot.waitUntil(lambda: window.session.timeline.duration > 0, timeout=15_000)
    qtbot.waitUntil(lambda: window.viewer.message == "Sound only: this timeline has no picture", timeout=10_000)
    assert window.findChild(QMessageBox, "openErrorBox") is None


def test_a_sound_only_timeline_has_no_compare_strip_nor_cut_score_band(qtbot, window, clip, tmp_path):
    # They showed three empty boxes and an empty "Cut score" lane: nothing there can have a picture.
    from vedit_gui.timeline import REMOVE_PAUSE
    from vedit_gui.ui.timeline_layout import tracks_top
    from vedit_gui.ui.timeline_theme import METRICS

    tone = make_audio_only(tmp_path / "tone.m4a", 1.0)
    window.open_path(tone)
    qtbot.waitUntil(lambda: window.viewer.message == "Sound only: this timeline has no picture", timeout=15_000)
    view = window.timeline_view
    assert not window.compare.isVisible() and window.side_tabs.isVisible()
    assert view.metrics.curve_height == 0
    assert view.track_row(0).top == METRICS.ruler_height + METRICS.lane_height + METRICS.track_spacing
    pause = Suggestion(REMOVE_PAUSE, str(tone), FrameRange(5, 10), 0.8, "test", {"keep": 2})
    window.session.add_suggestions((pause,))
    window._on_timeline_suggestion_clicked(pause.id)
    assert not window.compare.isVisible() and "sound only" in window.compare.title.text()
    # Footage with a picture: both come back.
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: shown(window) == 0, timeout=15_000)
    assert window.compare.isVisible() and window.compare.shows_pictures
    assert view.metrics.curve_height == METRICS.curve_height and view.track_row(0).top == tracks_top(METRICS)


def test_a_sound_only_timeline_exports_a_sound_file(qtbot, window, tmp_path, monkeypatch):
    window.open_path(make_audio_only(tmp_path / "tone.m4a", 1.0))
    qtbot.waitUntil(lambda: window.session.timeline.duration > 0, timeout=15_000)
    seen = []

    def export_here(dialog) -> int:
        seen.append(dialog.path)
        dialog.path_edit.setText(str(tmp_path / "mix.m4a"))
        return ExportDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", export_here)
    job = window.export()
    assert seen[0].name == "tone-edit.m4a"  # offered as sound, not as a video that cannot be made
    qtbot.waitUntil(lambda: job.done, timeout=30_000)
    assert job.state == "finished"
    with av.open(str(tmp_path / "mix.m4a")) as container:
        assert not container.streams.video and len(container.streams.audio) == 1
        assert abs(float(container.duration / av.time_base) - 1.0) < 0.05


def test_a_file_cut_short_is_said_once_and_analysed_as_far_as_it_holds(qtbot, window, tmp_path, monkeypatch):
    from vedit_gui.media import probe
    from vedit_gui.media.probe import cut_short_note
    from vedit_gui.timeline import GRADE

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    whole = make_video(tmp_path / "whole.mkv", 120, width=192, height=108, audio=False)
    data = whole.path.read_bytes()
    cut = tmp_path / "cut.mkv"
    cut.write_bytes(data[: len(data) * 2 // 3])  # an interrupted recording: its header promises 120 frames
    window.open_path(cut)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "openErrorBox") is not None, timeout=30_000)
    box = window.findChild(QMessageBox, "openErrorBox")
    # Said when it opens, in the words `vedit render` and `vedit auto` use, once; not a
    # failure of the analysis.
    assert box.windowTitle() == "Media cut short"
    text = box.text()
    assert text.startswith(cut_short_note(probe(cut))) and text.count("cut.mkv") == 1 and text.count("cut short") == 1
    assert "vedit edits the frames it holds" in text
    # The grades and the stabilization follow the cuts, as for a whole file.
    qtbot.waitUntil(lambda: not window.jobs.jobs and window.news.last_summary is not None, timeout=60_000)
    assert any(s.kind == GRADE for s in window.session.timeline.suggestions)
    assert window.findChild(QMessageBox, "analysisErrorBox") is None


def test_help_lists_every_key_from_the_menus(qtbot, window):
    press(qtbot, window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(ShortcutsDialog, "shortcutsDialog")
    assert dialog is not None and dialog.isVisible()
    listed = {
        (group.text(0), group.child(i).text(0), group.child(i).text(1))
        for group in (dialog.list.topLevelItem(g) for g in range(dialog.list.topLevelItemCount()))
        for i in range(group.childCount())
    }
    assert ("Suggestions", "Accept Suggestion at Playhead", "A") in listed
    assert ("Edit", "Split at Playhead", "S or Ctrl+B") in listed
    assert ("View", "Show Before (No Grade or Effect)", "\\") in listed  # added by the grade review
    # Its Close button within the screen, however short (a 720-line laptop), with room for
    # the title bar a window manager adds (offscreen, the screen is 800 lines: 760 left no room).
    assert dialog.height() <= dialog.screen().availableGeometry().height() - 60
    # Every key shown whole, however long.
    widest = max(dialog.list.fontMetrics().horizontalAdvance(keys) for _, _, keys in listed)
    assert dialog.list.columnWidth(1) >= widest and dialog.list.viewport().width() >= sum(
        dialog.list.columnWidth(c) for c in (0, 1)) - 4
    # Every menu command with keys is there, and nothing else.
    with_keys = {
        (menu.title().replace("&", ""), action.text().replace("&", ""))
        for menu in (a.menu() for a in window.menuBar().actions())
        for action in menu.actions()
        if not action.shortcut().isEmpty()
    }
    assert {(m, c) for m, c, _ in listed} == with_keys


def test_a_header_button_hides_the_picture_and_keys_mute_or_hide_the_selections_tracks(qtbot, window, clip):
    from vedit_gui.ui.timeline_layout import output_button
    from vedit_gui.ui.timeline_view import output_button_tip

    open_clip(qtbot, window, clip.path)
    view = window.timeline_view
    row = view.track_row(0)
    x, y, w, h = output_button(row, view.metrics)
    assert "Hide V1" in output_button_tip(row)
    # Clicking the picture track's eye hides it: the viewer goes black, the clip stays.
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(round(x + w / 2), round(y + h / 2)))
    picture, sound = window.session.timeline.tracks
    assert not picture.enabled and sound.enabled and len(picture.items) == 1
    assert window.session.history.undo_description == "Switch Track Off"
    qtbot.waitUntil(lambda: window.viewer.frame is not None and window.viewer.frame.max() < 20, timeout=10_000)
    assert not view.track_row(0).enabled and "Show V1" in output_button_tip(view.track_row(0))
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.tracks[0].enabled
    qtbot.waitUntil(lambda: shown(window) == 0, timeout=10_000)
    # The keyboard: a click selects the shot's picture and sound; Ctrl+Shift+M mutes only the
    # sound track, Ctrl+Shift+H hides only the picture track; again brings each back.
    clip_at = QPoint(round(view.x_for_frame(45)), round(view.track_row(1).top + view.track_row(1).height * 0.6))
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=clip_at)
    assert len(view.selected_ids()) == 2
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    enabled = lambda: [t.enabled for t in window.session.timeline.tracks]  # noqa: E731
    press(qtbot, window, Qt.Key.Key_M, shift_ctrl)
    assert enabled() == [True, False] and view.track_row(1).enabled is False
    press(qtbot, window, Qt.Key.Key_H, shift_ctrl)
    assert enabled() == [False, False]
    press(qtbot, window, Qt.Key.Key_M, shift_ctrl)
    press(qtbot, window, Qt.Key.Key_H, shift_ctrl)
    assert enabled() == [True, True]


def test_a_track_is_renamed_over_its_header_by_double_click_or_f2(qtbot, window, clip, tmp_path):
    from vedit_gui.ui.timeline_layout import name_rect
    from vedit_gui.ui.track_name_editor import TrackNameEditor

    open_clip(qtbot, window, clip.path)
    view = window.timeline_view
    x, y, w, h = name_rect(view.track_row(1), view.metrics)

    def open_editor() -> TrackNameEditor:
        (editor,) = [e for e in view.findChildren(TrackNameEditor) if e.isVisible()]
        return editor

    # Double-clicking the sound track's name opens an editor over it, the name selected.
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=QPoint(round(x + w / 2), round(y + h / 2)))
    editor = open_editor()
    assert editor.selectedText() == "A1"
    qtbot.keyClicks(editor, "Interview")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.session.timeline.track_label(1) == "Interview" and view.track_row(1).name == "Interview"
    assert window.session.history.undo_description == "Rename Track" and view.hasFocus()
    # From the keyboard: D selects the clip at the playhead, F2 renames its track (the picture's:
    # D selects what is seen, then what is linked to it); Escape leaves the name as it was.
    press(qtbot, window, Qt.Key.Key_D)
    press(qtbot, window, Qt.Key.Key_F2)
    editor = open_editor()
    assert editor.selectedText() == "V1"
    qtbot.keyClicks(editor, "B-roll")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert window.session.timeline.track_label(0) == "V1" and view.hasFocus()
    press(qtbot, window, Qt.Key.Key_F2)
    editor = open_editor()
    qtbot.keyClicks(editor, "Camera A")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert [window.session.timeline.track_label(i) for i in (0, 1)] == ["Camera A", "Interview"]
    # Undo gives the number back; the names are saved with the project.
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.track_label(0) == "V1"
    project = tmp_path / "named.vedit"
    window.session.save(project)
    qtbot.waitUntil(lambda: window.session.project_path == project, timeout=10_000)
    assert '"name": "Interview"' in project.read_text()


def test_d_selects_the_picture_seen_at_the_playhead_with_its_sound(qtbot, window, clip):
    from vedit_gui.timeline import OverlayMedia, SetTrackEnabled

    open_clip(qtbot, window, clip.path)
    media = window.session.timeline.tracks[0].items[0].media
    window.session.apply(OverlayMedia((media,), 30))  # V1 V2 A1 A2: B-roll from frame 30
    tracks = window.session.timeline.tracks
    window.seek(40)
    press(qtbot, window, Qt.Key.Key_D)  # the B-roll on top is what is seen: it and its sound
    assert set(window.timeline_view.selected_ids()) == {tracks[1].items[1].id, tracks[3].items[1].id}
    press(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.timeline_view.selected_ids() == []
    window.session.apply(SetTrackEnabled((tracks[1].id,), False))  # hidden: the edit under it is seen
    press(qtbot, window, Qt.Key.Key_D)
    assert set(window.timeline_view.selected_ids()) == {tracks[0].items[0].id, tracks[2].items[0].id}
    window.seek(10)
    window.session.apply(SetTrackEnabled((tracks[0].id,), False))  # no picture seen: the sound heard
    press(qtbot, window, Qt.Key.Key_D)
    assert set(window.timeline_view.selected_ids()) == {tracks[0].items[0].id, tracks[2].items[0].id}


def test_q_trims_the_picture_on_top_alone_and_skips_a_hidden_track(qtbot, window, clip):
    from vedit_gui.timeline import OverlayMedia, SetTrackEnabled

    open_clip(qtbot, window, clip.path)
    media = window.session.timeline.tracks[0].items[0].media
    window.session.apply(OverlayMedia((media,), 30))  # V1 V2 A1 A2
    window.seek(40)
    press(qtbot, window, Qt.Key.Key_Q)  # the B-roll on top loses 10 frames; the edit under it stays
    broll = window.session.timeline.tracks[1].items[1]
    assert items(window, 0) == [(0, 90)] and (broll.source_range.start, broll.duration) == (10, 80)
    window.session.apply(SetTrackEnabled((window.session.timeline.tracks[1].id,), False))
    window.seek(40)
    press(qtbot, window, Qt.Key.Key_Q)  # V2 hidden: the picture seen is V1's, trimmed with all
    assert items(window, 0) == [(40, 50)]


def test_copy_cut_and_paste_from_the_keyboard(qtbot, window, clip):
    open_clip(qtbot, window, clip.path)
    window.session.split_at(30)
    window.seek(10)
    window.timeline_view.setFocus()
    press(qtbot, window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage().startswith("Select clips to copy")
    press(qtbot, window, Qt.Key.Key_D)  # the shot at the playhead, picture and sound
    first = window.session.timeline.tracks[0].items[0]
    press(qtbot, window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage().startswith("Copied 2 clips")
    window.seek(30)  # the cut after it: the copy goes in there and the rest moves along
    press(qtbot, window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    timeline = window.session.timeline
    assert timeline.duration == 120 and window.session.history.undo_description == "Insert"
    pasted = timeline.tracks[0].items[1]
    assert pasted.source_range == first.source_range and pasted.id != first.id
    assert set(window.timeline_view.selected_ids()) == {c.id for _, _, c in timeline.linked_items(pasted.id)}
    # Cut: the pasted shot goes (rippling), and can come back anywhere.
    press(qtbot, window, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.duration == 90
    window.seek(0)
    press(qtbot, window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.duration == 120
    assert window.session.timeline.tracks[0].items[0].source_range == first.source_range
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.duration == 90
    # End, then paste: after the last frame, not one frame before it.
    press(qtbot, window, Qt.Key.Key_End)
    press(qtbot, window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    pictures = window.session.timeline.tracks[0].items
    assert [c.duration for c in pictures] == [30, 60, 30] and pictures[-1].source_range == first.source_range


def test_a_text_field_keeps_its_own_copy_and_paste(qtbot, window, clip):
    from vedit_gui.ui.track_name_editor import TrackNameEditor

    open_clip(qtbot, window, clip.path)
    press(qtbot, window, Qt.Key.Key_D)  # a clip selected: an editor's copy would take it
    press(qtbot, window, Qt.Key.Key_F2)
    (editor,) = [e for e in window.timeline_view.findChildren(TrackNameEditor) if e.isVisible()]
    qtbot.keyClick(editor, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)  # copies "V1"
    qtbot.keyClick(editor, Qt.Key.Key_End)
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.text() == "V1V1" and window.editing.clipboard is None
    assert window.session.timeline.duration == 90  # nothing pasted into the edit


def test_the_scopes_and_the_one_picked_come_back_in_the_next_window(qtbot, window):
    from vedit_gui.media.scopes import ScopeKind

    window.scopes_action.trigger()
    window.scopes.set_kind(ScopeKind.PARADE)
    window.scopes.set_picture(None)  # nothing open: the scope says so rather than going blank
    assert window.scopes.view.traces == (ScopeKind.PARADE, None)
    window._ready_to_close = True
    window.close()
    later = MainWindow(Session(autosave=False))
    qtbot.addWidget(later)
    later.show()
    assert later.scopes_action.isChecked() and later.scopes.isVisible() and later.scopes.kind is ScopeKind.PARADE
    later._ready_to_close = True
    later.close()


def test_scopes_beside_the_viewer_come_back_there_with_their_width(qtbot, window):
    window.scopes_beside_action.trigger()  # from the menu: placed and shown
    assert window.scopes_action.isChecked() and window.scopes.parent() is window.viewer_splitter
    total = sum(window.viewer_splitter.sizes())
    window.viewer_splitter.setSizes([total - 300, 300])  # as a drag of the handle does
    window.scopes_action.trigger()  # hidden and shown again: the width dragged to
    window.scopes_action.trigger()
    assert window.viewer_splitter.sizes()[1] == 300
    column = window.side_splitter.sizes()
    window._ready_to_close = True
    window.close()
    later = MainWindow(Session(autosave=False))
    qtbot.addWidget(later)
    later.resize(window.size())  # the headless screen is smaller: its saved geometry was fitted to it
    later.show()
    assert later.scopes_beside_action.isChecked() and later.scopes.isVisible()
    assert later.scopes.parent() is later.viewer_splitter and later.side_splitter.count() == 2
    assert later.viewer_splitter.sizes()[1] == 300 and later.side_splitter.sizes() == column
    later._reset_layout()  # View ▸ Reset Layout: a third of the viewer's width at most
    assert later.viewer_splitter.sizes()[1] == min(later.scopes.sizeHint().width(), sum(later.viewer_splitter.sizes()) // 3)
    later.scopes_beside_action.trigger()  # back above the inspector, a third of the column at most
    side = later.side_splitter
    assert later.scopes.parent() is side and side.indexOf(later.scopes) == 1 and later.scopes.isVisible()
    assert 0 < side.sizes()[1] <= sum(side.sizes()) // 3 + 1
    later._ready_to_close = True
    later.close()


def test_scopes_restored_beside_but_hidden_go_back_without_shutting_the_compare_strip(qtbot, window):
    window.scopes_beside_action.trigger()
    window.scopes_action.trigger()  # hidden, still beside
    window._ready_to_close = True
    window.close()
    later = MainWindow(Session(autosave=False))  # placed while its settings are restored
    qtbot.addWidget(later)
    later.show()
    assert later.scopes_beside_action.isChecked() and not later.scopes.isVisible()
    later.scopes_beside_action.trigger()  # back above the inspector, still hidden
    compare, _, tabs = later.side_splitter.sizes()
    assert compare > 0 and tabs > compare
    later.scopes_action.trigger()
    assert later.side_splitter.sizes()[0] == compare and later.scopes.height() > 0
    # Reset Layout is for both places: the column's sizes from before it do not come back.
    later.side_splitter.setSizes([0, 100, 400])  # the compare strip dragged shut
    later.scopes_beside_action.trigger()
    later._reset_layout()
    later.scopes_beside_action.trigger()
    assert later.side_splitter.sizes()[0] > 0
    later._ready_to_close = True
    later.close()


def test_the_volume_keeps_the_keyboard_and_a_run_of_keys_is_one_undo_step(qtbot, window, clip):
    from PySide6.QtWidgets import QApplication

    from vedit_gui.ui.volume_field import VolumeField

    open_clip(qtbot, window, clip.path)
    picture, sound = (track.items[0] for track in window.session.timeline.tracks)
    window.timeline_view.set_selection([picture.id, sound.id])
    window.inspector.findChild(VolumeField).slider.setFocus()
    for _ in range(3):  # each press rebuilds the fields: the new slider takes the keyboard
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                        and QApplication.focusWidget().objectName() == "volumeSlider", timeout=5_000)
    qtbot.waitUntil(lambda: window.session.timeline.tracks[1].items[0].gain_db == -1.5, timeout=5_000)
    window.session.history.undo()  # the three presses together
    assert window.session.timeline.tracks[1].items[0].gain_db == 0.0


def test_a_fade_typed_in_keeps_its_box(qtbot, window, clip):
    from PySide6.QtWidgets import QApplication, QSpinBox

    open_clip(qtbot, window, clip.path)
    picture, sound = (track.items[0] for track in window.session.timeline.tracks)
    window.timeline_view.set_selection([picture.id, sound.id])
    box = window.inspector.findChild(QSpinBox, "fadeInBox")
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "5")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.timeline.tracks[0].items[0].fade_in == 5, timeout=5_000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().objectName() == "fadeInBox", timeout=5_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # on to the fade out, as typed
    assert QApplication.focusWidget().objectName() == "fadeOutBox"


def test_the_side_column_keeps_its_width_whatever_the_counts_and_headers_say(qtbot, window, clip, monkeypatch):
    # The column sits at its least width, which followed the Suggestions panel's changing
    # texts: the viewer went 960 -> 934 -> 941 px as a review went on.
    from vedit_gui.timeline import CUT, STABILIZE
    from vedit_gui.timeline.edits import NEAR_DUPLICATE_FRAMES

    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    open_clip(qtbot, window, clip.path)
    source = str(clip.path)
    cut = Suggestion(CUT, source, FrameRange(29, 2), 0.96, "test", {"transition": "cut"})
    steady = Suggestion(STABILIZE, source, FrameRange(31, 40), 0.53, "test", {})
    window.session.add_suggestions((cut, steady))
    qtbot.wait(50)
    widths = window.top_splitter.sizes()

    def unchanged(what: str) -> None:
        qtbot.wait(20)  # the layout settles
        assert window.top_splitter.sizes() == widths, what

    window._on_timeline_suggestion_clicked(cut.id)
    unchanged("a cut reviewed")
    window.side_tabs.setCurrentWidget(window.suggestions)
    unchanged("the Suggestions list shown")
    window._on_timeline_suggestion_clicked(steady.id)  # a long, wrapping compare header
    window.side_tabs.setCurrentWidget(window.suggestions)
    unchanged("a stabilization reviewed")
    for value in (5, 100, 50):
        window.suggestions.threshold.setValue(value)
        unchanged(f"the threshold at {value} %")
    window.session.add_suggestions(tuple(  # 40 cuts, each on 3 other files' tracks
        Suggestion(CUT, f"{source[:-4]}-{k % 3}.mp4", FrameRange(5 + 2 * NEAR_DUPLICATE_FRAMES * (k // 3), 2),
                   0.9, "test", {"transition": "cut"})
        for k in range(120)))
    assert window.suggestions.accept_all_button.text().endswith("(122)")
    unchanged("a three-digit count to accept")
    window.session.decide([steady.id], SuggestionStatus.ACCEPTED)
    unchanged("a decision")


def test_the_compare_strip_can_be_dragged_shut_to_give_the_inspector_room(qtbot, window):
    side = window.side_splitter
    assert [side.isCollapsible(i) for i in range(side.count())] == [True, False, False]
    window.scopes_action.trigger()
    # Shown, the scopes take at most a third of the column, from the tabs.
    assert side.sizes()[1] <= sum(side.sizes()) // 3 + 1 and side.sizes()[2] > side.sizes()[1]
    # A long note (the split wipe) must not widen the side column and narrow the viewer.
    plain = window.scopes.minimumSizeHint().width()
    window.scopes.set_picture(np.zeros((8, 8, 3), np.uint8), "Split: before | after, read together")
    assert window.scopes.minimumSizeHint().width() == plain
    sizes = side.sizes()
    side.setSizes([0, sizes[1], sizes[0] + sizes[2]])  # as a drag of the handle to the top does
    assert side.sizes()[0] == 0 and side.sizes()[1] > 0 and window.scopes.isVisible()


def test_ctrl_a_selects_every_clip_and_ctrl_shift_a_none(qtbot, window, clip):
    """The third editor pass pressed Ctrl+A to select the edit, as in other editors: nothing."""
    open_clip(qtbot, window, clip.path)
    window.seek(30)
    press(qtbot, window, Qt.Key.Key_S)
    press(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    every = {item.id for track in window.session.timeline.tracks for item in track.clips()}
    assert set(window.timeline_view.selected_ids()) == every and len(every) >= 2
    assert window.statusBar().currentMessage().startswith(f"Selected all {len(every)} clips")
    press(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.timeline_view.selected_ids() == []


def test_ctrl_3_gives_the_arrow_keys_back_to_the_timeline(qtbot, window, clip):
    """Fourth editor pass: from a focused list or slider only Tab led back, and a stray arrow
    moved a setting instead of the playhead."""
    open_clip(qtbot, window, clip.path)
    window.show()
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.suggestions.list.hasFocus(), timeout=5_000)
    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.timeline_view.hasFocus(), timeout=5_000)
    before = window.playhead
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_Right)
    assert window.playhead == before + 1


def test_the_editor_picks_the_clip_whose_footage_sets_the_picture_format(qtbot, window, clip, tmp_path):
    scope = make_video(tmp_path / "scope.mp4", 20, width=192, height=80, audio=False)
    open_clip(qtbot, window, clip.path)
    window.add_footage([str(scope.path)], 0)  # at the head: the format stays the camera's
    qtbot.waitUntil(lambda: len(window.session.timeline.media()) == 2, timeout=10_000)
    from vedit_gui.render import picture_size

    assert picture_size(window.session.timeline) == (192, 108)
    window.timeline_view.set_selection([])
    assert not window.take_picture_format()
    assert window.statusBar().currentMessage().startswith("Select a clip with a picture first")
    head = window.session.timeline.tracks[0].items[0]
    window.timeline_view.set_selection([head.id])
    assert window.take_picture_format()
    assert window.session.history.undo_description == "Picture Format From scope.mp4"
    assert picture_size(window.session.timeline) == (192, 80)


def test_ctrl_z_in_a_number_box_undoes_the_edit_it_made(qtbot, window, clip):
    """Fifth editor pass: after a typed value, the box's own text undo swallowed Ctrl+Z."""
    from vedit_gui.ui.fade_field import FadeField

    open_clip(qtbot, window, clip.path)
    picture, sound = (track.items[0] for track in window.session.timeline.tracks)
    window.timeline_view.set_selection([picture.id, sound.id])
    box = window.inspector.findChild(FadeField).boxes["out"]
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "12")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    fades = lambda: [c.fade_out for track in window.session.timeline.tracks for c in track.clips()]  # noqa: E731
    qtbot.waitUntil(lambda: fades() == [12, 12], timeout=5_000)
    box = window.inspector.findChild(FadeField).boxes["out"]  # the inspector shows the clips again
    box.setFocus()
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: fades() == [0, 0], timeout=5_000)
    box = window.inspector.findChild(FadeField).boxes["out"]
    box.setFocus()
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: fades() == [12, 12], timeout=5_000)


def test_deleting_a_j_cut_shots_picture_and_sound_says_the_time_it_closed(qtbot, window, clip):
    """Sixth editor pass: "Ripple-deleted 2 clips (15.0 s)" where the edit got 8 s shorter."""
    from vedit_gui.timeline import Roll, SetLinks

    open_clip(qtbot, window, clip.path)
    window.session.split_at(40)
    picture, sound = window.session.timeline.tracks[0].items[1], window.session.timeline.tracks[1].items[1]
    window.session.apply(SetLinks((picture.id,), linked=False))
    window.session.apply(Roll(window.session.timeline.tracks[1].items[0].id, -10))  # its sound 10 frames early
    window.timeline_view.set_selection([picture.id, sound.id])
    press(qtbot, window, Qt.Key.Key_Delete)
    assert window.session.timeline.tracks[0].items[0].duration == 40  # the shot before keeps its picture
    rate = window.session.timeline.rate
    assert window.statusBar().currentMessage() == f"Ripple-deleted 2 clips; the edit is {float(50 / rate):.1f} s shorter."
