"""Edit ▸ Cancel Running Jobs (Ctrl+.): the background work stops, the export goes on unless
the editor says so after being asked, and a stray Escape stops nothing."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from vedit_gui.ui.shortcuts_dialog import shortcut_rows


def _waiting(started: list[str]):
    """Work that runs until it is cancelled, as an analysis or an export does."""

    def work(_progress, cancel: threading.Event) -> None:
        started.append("ran")
        if not cancel.wait(20):
            raise AssertionError("never cancelled")
        raise RuntimeError("cancelled")

    return work


def _press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    window.timeline_view.setFocus()
    qtbot.keyClick(window.timeline_view, key, modifier)


def test_the_command_is_in_the_edit_menu_and_the_shortcuts_and_idle_without_jobs(qtbot, window):
    action = window.cancelling.action
    assert action in window.edit_menu.actions() and not action.isEnabled()
    assert ("Edit", "Cancel Running Jobs", "Ctrl+.") in shortcut_rows(window.menuBar())
    window.cancelling.cancel_running()
    assert window.statusBar().currentMessage() == "Nothing is running to cancel."


def test_ctrl_period_cancels_the_analysis_and_lets_the_export_go_on(qtbot, window):
    ran: list[str] = []
    cuts = window.jobs.start("Finding cuts in a.mp4", "analysis", _waiting(ran))
    grades = window.jobs.start("Suggesting grades", "analysis", _waiting(ran))  # queued behind it
    export = window.jobs.start("Exporting out.mp4", "render", _waiting(ran))
    action = window.cancelling.action
    assert action.isEnabled() and action.text() == "Cancel 2 Background Jobs"
    _press(qtbot, window, Qt.Key.Key_Period, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == (
        "Cancelled finding cuts in a.mp4 and suggesting grades. The Suggestions menu runs the analysis "
        "again. Exporting out.mp4 goes on.")
    qtbot.waitUntil(lambda: cuts.done and grades.done, timeout=10_000)
    assert cuts.state == grades.state == "cancelled" and not export.done
    # Only the export left: the command names it, and asks before stopping it.
    assert action.text() == "Cancel exporting out.mp4…"
    _press(qtbot, window, Qt.Key.Key_Period, Qt.KeyboardModifier.ControlModifier)
    box = window.cancelling.confirm
    assert box is not None and box.objectName() == "cancelExportBox" and box.isVisible()
    assert box.defaultButton().text() == "Keep Exporting" and box.escapeButton().text() == "Keep Exporting"
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # a second Escape keeps it going
    qtbot.waitUntil(lambda: window.cancelling.confirm is None, timeout=2000)
    assert not export.done
    window.cancelling.cancel_running()
    box = window.cancelling.confirm
    next(b for b in box.buttons() if b.text() == "&Stop Export").click()  # Alt+S
    qtbot.waitUntil(lambda: export.done, timeout=10_000)
    assert export.state == "cancelled" and not action.isEnabled() and action.text() == "Cancel Running Jobs"


def test_the_question_says_an_older_file_of_the_name_stays(qtbot, window, tmp_path, monkeypatch):
    """It said "The file is not written" when an earlier export of that name was there and kept."""
    ran: list[str] = []
    older = tmp_path / "cut.mov"
    older.write_bytes(b"last week's export")
    waiting = _waiting(ran)
    monkeypatch.setattr("vedit_gui.ui.main_window.render_with_report",
                        lambda *_args, progress, cancel, **_kw: waiting(progress, cancel))
    export = window.start_export(older, "prores")
    window.cancelling.cancel_running()
    box = window.cancelling.confirm
    assert box.text() == (f"Stop exporting cut.mov? The cut.mov already in {tmp_path} stays as it was, "
                          "and the rendering done so far is lost.")
    next(b for b in box.buttons() if b.text() == "&Stop Export").click()
    qtbot.waitUntil(lambda: export.done, timeout=10_000)
    assert window.statusBar().currentMessage() == f"Export cancelled; the cut.mov already in {tmp_path} stays as it was."
    fresh = window.jobs.start("Exporting new.mov", "render", _waiting(ran))
    fresh.output = tmp_path / "new.mov"
    window.cancelling.cancel_running()
    assert window.cancelling.confirm.text() == (
        "Stop exporting new.mov? No file is written, and the rendering done so far is lost.")
    window.cancelling.confirm.reject()
    fresh.cancel()
    qtbot.waitUntil(lambda: fresh.done, timeout=10_000)


def test_the_question_goes_when_the_export_ends_meanwhile(qtbot, window):
    release = threading.Event()
    export = window.jobs.start("Exporting out.mp4", "render", lambda _p, _c: release.wait(20))
    window.cancelling.cancel_running()
    box = window.cancelling.confirm
    assert isinstance(box, QMessageBox) and box.isVisible()
    release.set()  # it finished while the editor read the question
    qtbot.waitUntil(lambda: export.done and window.cancelling.confirm is None, timeout=10_000)
    assert export.state == "finished" and not box.isVisible()


def test_a_stray_escape_stops_nothing(qtbot, window):
    """Editors press Escape out of habit, often twice: it must not throw away an analysis."""
    ran: list[str] = []
    job = window.jobs.start("Finding cuts in a.mp4", "analysis", _waiting(ran))
    _press(qtbot, window, Qt.Key.Key_Escape)
    _press(qtbot, window, Qt.Key.Key_Escape)
    qtbot.wait(100)
    assert not job.done and not job.cancel_event.is_set()
    window.cancelling.cancel_running()
    qtbot.waitUntil(lambda: job.done, timeout=10_000)


def test_the_status_bar_shows_and_cancels_the_job_that_runs_not_one_waiting_its_turn(qtbot, window):
    ran: list[str] = []
    cuts = window.jobs.start("Finding cuts in a.mp4", "analysis", _waiting(ran))
    grades = window.jobs.start("Suggesting grades", "analysis", _waiting(ran))  # queued behind it
    shown = window.jobs_widget
    qtbot.waitUntil(lambda: cuts.begun, timeout=5000)
    assert not grades.begun and shown.current is cuts
    assert shown.label.text() == "Finding cuts in a.mp4 (+1 more)"
    shown.cancel_button.click()  # what moves is what stops
    qtbot.waitUntil(lambda: cuts.done and grades.begun, timeout=5000)
    assert shown.current is grades and shown.label.text() == "Suggesting grades"
    grades.cancel()
    qtbot.waitUntil(lambda: grades.done and shown.isHidden(), timeout=5000)


def test_quitting_while_exporting_asks_first_as_cancelling_does(qtbot, window):
    """A habitual Ctrl+Q threw a long export away without a word (fourth editor pass)."""
    ran: list[str] = []
    export = window.jobs.start("Exporting out.mp4", "render", _waiting(ran))
    qtbot.waitUntil(lambda: ran == ["ran"], timeout=5_000)
    window.close()
    box = window.findChild(QMessageBox, "quitExportBox")
    assert box is not None and box.isVisible() and window.isVisible()
    assert box.text().startswith("Exporting out.mp4 is not finished. Quitting stops it")
    assert box.defaultButton().text() == box.escapeButton().text() == "Keep Exporting"
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "quitExportBox") is None, timeout=2000)
    assert window.isVisible() and not export.done
    window.close()
    box = window.findChild(QMessageBox, "quitExportBox")
    next(b for b in box.buttons() if b.text() == "&Stop Export and Quit").click()
    qtbot.waitUntil(lambda: not window.isVisible() and export.done, timeout=10_000)
    assert export.state == "cancelled"


def test_the_quit_question_goes_when_the_export_ends_meanwhile(qtbot, window):
    """It went on saying the export was not finished after it had been written."""
    release = threading.Event()
    export = window.jobs.start("Exporting out.mp4", "render", lambda _p, _c: release.wait(20))
    qtbot.waitUntil(lambda: export.begun, timeout=5_000)
    window.close()
    box = window.findChild(QMessageBox, "quitExportBox")
    assert box is not None and box.isVisible()
    release.set()
    qtbot.waitUntil(lambda: export.done and window.findChild(QMessageBox, "quitExportBox") is None, timeout=10_000)
    assert export.state == "finished" and window.isVisible()  # quitting is asked for again, not done
    window.close()  # nothing to ask about now
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)


def test_the_shortcuts_list_names_commands_not_the_edit_last_read_into_the_menu(qtbot, window):
    """It showed "Undo Switch Track On" while the Edit menu said "Undo Add Crossfade"."""
    window.undo_action.setText("&Undo Switch Track On")  # as the Edit menu left it when it last opened
    window.cancelling.action.setText("Cancel 2 Background Jobs")
    rows = shortcut_rows(window.menuBar())
    assert ("Edit", "Undo", "Ctrl+Z") in rows and ("Edit", "Cancel Running Jobs", "Ctrl+.") in rows
    assert any(row[:2] == ("Edit", "Redo") for row in rows)
