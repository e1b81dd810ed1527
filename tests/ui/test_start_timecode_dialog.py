"""Edit ▸ Start Timecode…: the editor sets the timecode the timeline starts at, sees every
timeline timecode count from it (the readout, the ruler, the marks), undoes it, saves it, and
hands off an EDL whose record timecode starts there."""

from __future__ import annotations

import pytest
from mediagen import make_video
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from vedit_gui.timeline import CUT, FrameRange, Suggestion
from vedit_gui.ui.main_window import MainWindow
from vedit_gui.ui.start_timecode_dialog import StartTimecodeDialog, entered_label


@pytest.fixture
def opened(qtbot, window, tmp_path, monkeypatch):
    """The window on a 90-frame 29.97 clip (no analysis), paused at its frame 45."""
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    clip = make_video(tmp_path / "clip.mp4", 90, width=192, height=108)
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 90 and window.viewer.frame is not None, timeout=15_000)
    window.seek(45)
    return window


def ruler_labels(window, monkeypatch) -> list[str]:
    """The timecodes the timeline's ruler draws (each at the ruler's text line)."""
    written: list[str] = []
    draw_text = QPainter.drawText

    def recording(painter, *args):
        if len(args) == 2 and isinstance(args[0], QPointF) and args[0].y() == 11:
            written.append(args[1])
        return draw_text(painter, *args)

    monkeypatch.setattr(QPainter, "drawText", recording)
    window.timeline_view.grab()
    monkeypatch.setattr(QPainter, "drawText", draw_text)
    return written


def set_start(qtbot, window, typed: str) -> StartTimecodeDialog:
    """Open the dialog from the Edit menu, type ``typed``, press OK."""
    action = next(a for a in window.edit_menu.actions() if a.objectName() == "startTimecodeAction")
    action.trigger()
    dialog = window.findChild(StartTimecodeDialog, "startTimecodeDialog")
    assert dialog is not None and dialog.isVisible()
    field = dialog.field
    field.selectAll()
    qtbot.keyClicks(field, typed)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled(), dialog.reading.text()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    return dialog


def test_the_timeline_counts_from_the_start_the_editor_sets_and_undo_takes_it_back(qtbot, opened, monkeypatch):
    window = opened
    source = window.session.timeline.media()[0].path
    window.session.add_suggestions((Suggestion(CUT, source, FrameRange(59, 2), 0.9, "test", {"transition": "cut"}),))
    rows = window.suggestions.rows
    assert window.timecode.text() == "00:00:01;15  /  00:00:03;00"
    assert ruler_labels(window, monkeypatch)[0] == "00:00:00;00"
    window.playback.set_in(30)
    set_start(qtbot, window, "01:00:00:00")
    # Every timeline timecode counts from it; the length stays a length.
    assert window.timecode.text() == "01:00:01;15  /  00:00:03;00"
    labels = ruler_labels(window, monkeypatch)
    assert labels[0] == "01:00:00;00" and all(label.startswith("01:00:0") for label in labels)
    assert window.marks_label.text() == "In 01:00:01;00"
    # The list's At column is timeline time; its Source column stays the file's own.
    assert (rows.data(rows.index(0, 0)), rows.data(rows.index(0, 4))) == ("01:00:02;00", "clip.mp4 00:00:01;29")
    assert "01:00:00;00" in window.statusBar().currentMessage()
    # One undo step, named.
    window._on_edit_menu_about_to_show()
    assert window.undo_action.text() == "&Undo Set Start Timecode to 01:00:00:00"
    window.undo()
    assert window.timecode.text() == "00:00:01;15  /  00:00:03;00"
    assert ruler_labels(window, monkeypatch)[0] == "00:00:00;00"
    assert window.marks_label.text() == "In 00:00:01;00"
    assert rows.data(rows.index(0, 0)) == "00:00:02;00"
    window.redo()
    assert window.timecode.text().startswith("01:00:01;15")


def test_a_wrong_timecode_keeps_ok_off_and_says_why(qtbot, opened):
    window = opened
    window.show_start_timecode()
    dialog = window.findChild(StartTimecodeDialog, "startTimecodeDialog")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    for typed, why in (("01:00:00:30", "00 to 29"), ("00:61:00:00", "00 to 59"), ("an hour", "Type a timecode")):
        dialog.field.setText(typed)
        assert not ok.isEnabled() and why in dialog.reading.text()
    dialog.field.setText("1000000")  # digits alone, as NLE timecode fields take them
    assert ok.isEnabled() and "01:00:00;00" in dialog.reading.text() and "drop-frame" in dialog.reading.text()
    dialog.reject()
    assert not window.session.history.can_undo  # cancelled: nothing changed


def test_digits_are_read_from_the_right():
    assert entered_label("1000000") == "01:00:00:00"
    assert entered_label("10:0:0:0") == "10:00:00:00"
    assert entered_label("01:00:00;00") == "01:00:00:00"
    assert entered_label("1:00") is None


def test_the_start_is_saved_and_the_edl_counts_record_timecode_from_it(qtbot, opened, tmp_path, monkeypatch, run_async):
    window = opened
    set_start(qtbot, window, "01:00:00:00")
    project = tmp_path / "edit.vedit"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(project), ""))
    assert run_async(window.save())
    window.open_path(tmp_path / "clip.mp4")  # something else, then the project again
    qtbot.waitUntil(lambda: window.session.project_path is None and window.timecode.text().startswith("00:00:"), timeout=15_000)
    window.open_path(project)
    qtbot.waitUntil(lambda: window.session.project_path == project and window.session.timeline.duration == 90,
                    timeout=15_000)
    qtbot.waitUntil(lambda: window.timecode.text().startswith("01:00:"), timeout=5_000)
    # The EDL written after counts its record timecode from the start.
    edl = tmp_path / "edit.edl"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(edl), ""))
    job = window._export_interchange(".edl")
    qtbot.waitUntil(lambda: edl.exists() and job.done, timeout=10_000)
    events = [line.split() for line in edl.read_text().splitlines() if line[:3].isdigit()]
    assert [event[-2:] for event in events] == [["01:00:00;00", "01:00:03;00"]]
    assert window.findChild(QMessageBox, "edlRateBox") is None  # nothing to say about it
