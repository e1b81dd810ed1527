"""A project another vedit has open: the editor is asked before opening it, Cancel the
default, and the project it does open is claimed for the next vedit to see."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest
from mediagen import make_video
from PySide6.QtWidgets import QMessageBox

from vedit_gui.media import media_reference, probe
from vedit_gui.project import save_project
from vedit_gui.project.in_use import claim_path
from vedit_gui.timeline import timeline_from_media
from vedit_gui.ui.viewer import EMPTY_VIEWER_MESSAGE


@pytest.fixture
def project(tmp_path):
    clip = make_video(tmp_path / "talk.mp4", 20, width=96, height=54, audio=False)
    path = tmp_path / "talk.vedit"
    save_project(timeline_from_media(media_reference(probe(clip.path))), path)
    return path


@pytest.fixture
def held_elsewhere(project):
    """The claim a second vedit, still running on this computer, keeps on the project."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    claim = {"host": socket.gethostname(), "pid": process.pid, "user": "ana", "since": 1_800_000_000.0}
    claim_path(project).write_text(json.dumps(claim), encoding="utf-8")
    yield process.pid
    process.kill()
    process.wait(10)


def asked(qtbot, window) -> QMessageBox:
    qtbot.waitUntil(lambda: (box := window.findChild(QMessageBox, "inUseBox")) is not None and box.isVisible(),
                    timeout=10_000)
    return window.findChild(QMessageBox, "inUseBox")


def test_cancel_leaves_the_project_to_the_other_vedit(qtbot, window, project, held_elsewhere):
    window.open_path(project)
    box = asked(qtbot, window)
    assert box.text().startswith(
        f"talk.vedit is open in another vedit window: ana on this computer (vedit process {held_elsewhere}, opened ")
    assert "each writes over the other's changes" in box.informativeText()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.session.project_path is None and window.session.timeline.duration == 0
    assert window.viewer.message == EMPTY_VIEWER_MESSAGE  # not "Opening talk.vedit…" for ever
    assert json.loads(claim_path(project).read_text())["pid"] == held_elsewhere


def test_open_anyway_opens_it_and_leaves_the_other_vedit_its_claim(qtbot, qt_loop, project, held_elsewhere):
    """Ours would be removed as this window closes, leaving the other vedit unguarded."""
    from vedit_gui.app.session import Session
    from vedit_gui.ui.main_window import MainWindow

    window = MainWindow(Session(autosave=False))
    qtbot.addWidget(window)
    window.open_path(project)
    box = asked(qtbot, window)
    next(b for b in box.buttons() if b.text() == "&Open Anyway").click()
    qtbot.waitUntil(lambda: window.session.project_path == project, timeout=10_000)
    window._ready_to_close = True
    window.close()
    assert json.loads(claim_path(project).read_text())["pid"] == held_elsewhere


def test_a_claim_queued_as_the_window_closes_is_not_made(tmp_path):
    from vedit_gui.project.in_use import Claim

    claim = Claim()
    claim.release(final=True)
    claim.move_to(tmp_path / "late.vedit")  # an open's move still on the io thread
    assert not claim_path(tmp_path / "late.vedit").exists()


def test_a_project_nobody_else_has_open_opens_at_once_and_is_let_go_on_close(qtbot, qt_loop, project):
    from vedit_gui.app.session import Session
    from vedit_gui.ui.main_window import MainWindow

    window = MainWindow(Session(autosave=False))
    qtbot.addWidget(window)
    window.open_path(project)
    qtbot.waitUntil(lambda: window.session.project_path == project, timeout=10_000)
    qtbot.waitUntil(claim_path(project).exists, timeout=10_000)
    assert window.findChild(QMessageBox, "inUseBox") is None
    window._ready_to_close = True
    window.close()
    assert not claim_path(project).exists()


def test_a_project_saved_elsewhere_meanwhile_is_not_written_over_without_asking(qtbot, window, project, tmp_path):
    """Sixth editor pass: after Open Anyway, the first window's Ctrl+S silently wrote over
    what the second had saved."""
    import os

    from vedit_gui.project import load_project
    from vedit_gui.timeline import Split

    window.open_path(project)
    qtbot.waitUntil(lambda: window.session.project_path == project, timeout=10_000)
    theirs = Split(5).apply(load_project(project).timeline)
    save_project(theirs, project)  # the other vedit's save
    stat = project.stat()
    os.utime(project, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a coarse clock's same tick
    window.session.split_at(10)
    window.save()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "saveConflictBox") is not None, timeout=10_000)
    box = window.findChild(QMessageBox, "saveConflictBox")
    assert box.defaultButton().text() == "Save &As…"
    assert load_project(project).timeline.tracks[0].cut_frames() == [5]  # theirs, still
    next(b for b in box.buttons() if b.text() == "&Replace Their Changes").click()
    qtbot.waitUntil(lambda: not window.session.is_dirty, timeout=10_000)
    assert load_project(project).timeline.tracks[0].cut_frames() == [10]
    window.session.split_at(20)  # our own save is no change on disk
    qtbot.waitUntil(window.save().done, timeout=10_000)
    assert not window.session.is_dirty


def test_save_as_onto_a_project_another_vedit_has_open_is_refused(qtbot, window, project, held_elsewhere, tmp_path):
    clip = make_video(tmp_path / "other.mp4", 10, width=96, height=54, audio=False)
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 10, timeout=10_000)
    task = window.session.save(project)
    qtbot.waitUntil(task.done, timeout=10_000)
    assert task.result() is False
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "saveErrorBox") is not None, timeout=5_000)
    assert "talk.vedit is open in another vedit" in window.findChild(QMessageBox, "saveErrorBox").text()
