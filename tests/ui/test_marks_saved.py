"""The in and out marks: drawn on the ruler, and kept with the project, so a quit after
moving them asks first (fourth editor pass: they were a text readout, lost on quit)."""

from __future__ import annotations

from mediagen import make_video
from PySide6.QtCore import Qt

from vedit_gui.media import media_reference, probe
from vedit_gui.project import load_project, save_project
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
    assert load_project(project).extra["marks"] == [10, 30]
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
