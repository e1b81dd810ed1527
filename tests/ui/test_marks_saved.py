"""The in and out marks: drawn on the ruler, and kept with the project, so a quit after
moving them asks first (fourth editor pass: they were a text readout, lost on quit)."""

from __future__ import annotations

from mediagen import make_video
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from vedit_gui.app.session import Session
from vedit_gui.media import media_reference, probe
from vedit_gui.project import load_project, save_project
from vedit_gui.project.marks import MARKS
from vedit_gui.timeline import timeline_from_media


def test_marks_on_a_saved_project_are_drawn_and_unsaved_until_saved(qtbot, window, tmp_path):
    clip = make_video(tmp_path / "talk.mp4", 60, width=96, height=54, audio=False)
    project = tmp_path / "talk.vedit"
    save_project(timeline_from_media(media_reference(probe(clip.path))), project)
    window.open_path(project)
    qtbot.waitUntil(lambda: window.session.project_path == project and window.session.timeline.duration == 60,
                    timeout=10_000)
    assert not window.session.is_dirty and window.timeline_view.marks == (None, None)
    window.timeline_view.setFocus()
    window.seek(10)
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_I)
    window.seek(30)
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_O)
    assert window.timeline_view.marks == (10, 30)
    assert window.session.is_dirty and window.windowTitle().startswith("●")
    qtbot.waitUntil(window.save().done, timeout=10_000)
    assert not window.session.is_dirty
    assert load_project(project).extra["marks"] == [10, 30]  # where the file always kept them
    assert MARKS not in load_project(project).timeline.metadata
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)  # Clear In and Out
    assert window.timeline_view.marks == (None, None) and window.session.is_dirty


def test_marks_on_a_plain_source_ask_nothing(qtbot, window, tmp_path):
    clip = make_video(tmp_path / "talk.mp4", 30, width=96, height=54, audio=False)
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 30, timeout=10_000)
    window.timeline_view.setFocus()
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_I)
    assert window.timeline_view.marks == (0, None) and not window.session.is_dirty


def test_a_mark_set_past_the_other_clears_it_and_says_so(qtbot, window, tmp_path):
    """Sixth editor pass: setting In after Out cleared Out without a word."""
    clip = make_video(tmp_path / "talk.mp4", 60, width=96, height=54, audio=False)
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 60, timeout=10_000)
    window.timeline_view.setFocus()
    window.seek(20)
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_O)
    assert window.statusBar().currentMessage().startswith("Out at ")
    window.seek(40)
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_I)
    assert window.timeline_view.marks == (40, None)
    assert "The out mark" in window.statusBar().currentMessage()
    assert window.statusBar().currentMessage().endswith("was on the wrong side of it: cleared.")


def undo_key(qtbot, window) -> None:
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def shown(window) -> tuple:
    """The marks as the ruler, the playback and the session have them (all three must agree)."""
    assert window.timeline_view.marks == (window.playback.in_point, window.playback.out_point) == window.session.marks
    return window.timeline_view.marks


def test_each_i_o_and_clear_is_an_undo_step_back_to_the_saved_marks(qtbot, window, tmp_path):
    """Marks were saved and made the project unsaved, but Ctrl+Z did not undo one (in
    Premiere and Resolve setting in and out is an undo step)."""
    clip = make_video(tmp_path / "talk.mp4", 60, width=96, height=54, audio=False)
    project = tmp_path / "talk.vedit"
    save_project(timeline_from_media(media_reference(probe(clip.path))), project, extra={"marks": [10, 30]})
    window.open_path(project)
    qtbot.waitUntil(lambda: window.session.project_path == project and window.session.timeline.duration == 60,
                    timeout=10_000)
    assert shown(window) == (10, 30) and not window.session.is_dirty and not window.session.history.can_undo
    window.timeline_view.setFocus()
    window.seek(40)
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_O)
    assert shown(window) == (10, 40) and window.session.is_dirty
    assert window.session.history.undo_description == "Mark Out"
    undo_key(qtbot, window)
    assert shown(window) == (10, 30) and not window.session.is_dirty  # the saved marks: nothing to save
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert shown(window) == (10, 40) and window.session.is_dirty
    window.seek(5)
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_I)
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)
    assert shown(window) == (None, None)
    assert window.session.history.undo_description == "Clear In and Out"
    for expected in ((5, 40), (10, 40), (10, 30)):  # one step per press
        undo_key(qtbot, window)
        assert shown(window) == expected
    assert not window.session.is_dirty
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_I)  # at the playhead, 5: the same In is no step
    assert shown(window) == (5, 30)
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_I)
    assert window.session.history.undo_description == "Mark In"
    undo_key(qtbot, window)
    assert shown(window) == (10, 30) and not window.session.is_dirty


def test_a_mark_an_edit_shortened_past_comes_back_with_its_undo(qtbot, window, tmp_path):
    clip = make_video(tmp_path / "talk.mp4", 60, width=96, height=54, audio=False)
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 60, timeout=10_000)
    window.timeline_view.setFocus()
    window.seek(50)
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_O)
    window.session.split_at(20)
    first = window.session.timeline.tracks[0].items[0].id
    window.session.ripple_delete([first])  # 40 frames left: the out mark at 50 is past the end
    assert shown(window) == (None, None)
    assert window.session.history.undo_description != "Clear In and Out"  # the delete's, not a step of its own
    undo_key(qtbot, window)
    assert shown(window) == (None, 50)


def test_a_crashed_edit_comes_back_with_its_marks_and_one_undo_takes_both(qtbot, qt_loop, run_async, window, tmp_path,
                                                                          monkeypatch):
    monkeypatch.setenv("VEDIT_RECOVERY_DIR", str(tmp_path / "recovery"))
    clip = make_video(tmp_path / "talk.mp4", 60, width=96, height=54, audio=False)
    crashed = Session(autosave=False)
    run_async(crashed.open_path(clip.path))
    crashed.split_at(30)
    crashed.set_marks(5, 25)
    crashed.flush_autosave()
    monkeypatch.setattr("vedit_gui.project.autosave._process_alive", lambda pid, boot="", started="": False)
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "recoveryBox") is not None, timeout=10_000)
    box = window.findChild(QMessageBox, "recoveryBox")
    next(b for b in box.buttons() if b.text() == "&Restore").click()
    qtbot.waitUntil(lambda: window.session.timeline.tracks[0].cut_frames() == [30], timeout=10_000)
    assert shown(window) == (5, 25)
    window.session.undo()
    assert shown(window) == (None, None) and window.session.timeline.tracks[0].cut_frames() == []
    crashed.close(keep_recovery=True)


def test_opening_a_shorter_file_after_marking_makes_no_step_in_it(qtbot, window, tmp_path):
    """The marks of the edit before, cut to the new file's length, are not the new edit's."""
    long = make_video(tmp_path / "long.mp4", 60, width=96, height=54, audio=False)
    short = make_video(tmp_path / "short.mp4", 30, width=96, height=54, audio=False)
    window.open_path(long.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 60, timeout=10_000)
    window.timeline_view.setFocus()
    window.seek(10)
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_I)
    window.seek(50)
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_O)
    window.open_path(short.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 30, timeout=10_000)
    qtbot.wait(50)
    assert shown(window) == (None, None)
    assert not window.session.history.can_undo and not window.session.history.is_dirty


def test_a_mark_in_an_empty_window_is_no_step(qtbot, window):
    window.timeline_view.setFocus()
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_I)
    assert not window.session.history.can_undo and window.session.marks == (None, None)
