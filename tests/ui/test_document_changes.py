"""Work begun for one edit that ends after another has opened (a save, Add Footage, an
analysis) lands on the edit it was for, never on the one open now; and a save keeps the
crash-recovery copy of edits made while it was written (code review findings 1-4, 10)."""

from __future__ import annotations

import threading
import time

import numpy as np
from mediagen import make_video
from PySide6.QtWidgets import QMessageBox

import vedit_gui.app.grade_suggest as grade_suggest
import vedit_gui.app.session as session_module
from vedit_gui.app.session import Session
from vedit_gui.project import find_recovery, load_project


def names(session: Session) -> list[str]:
    return [m.path.rsplit("/", 1)[-1] for m in session.timeline.media()]


def small(tmp_path, name: str, frames: int):
    return make_video(tmp_path / name, frames, width=64, height=48, audio=False).path


def test_a_save_pressed_while_another_file_opens_never_writes_the_new_edit_over_the_old_project(
        qtbot, qt_loop, run_async, tmp_path, monkeypatch):
    monkeypatch.setenv("VEDIT_RECOVERY_DIR", str(tmp_path / "recovery"))
    session = Session(autosave=False)
    run_async(session.open_path(small(tmp_path, "a.mp4", 30)))
    project_a = tmp_path / "a-edit.vedit"
    run_async(session.save(project_a))
    opening = session.open_path(small(tmp_path, "b.mp4", 90))  # File ▸ Open b.mp4...
    saving = session.save()  # ... and Ctrl+S while "Opening b.mp4…" (queued behind it)
    run_async(opening)
    assert run_async(saving)
    # The open edit is b.mp4's, untitled: its first save asks where, as any new edit's does.
    assert names(session) == ["b.mp4"] and session.project_path is None and session.source_path.name == "b.mp4"
    assert names_on_disk(project_a) == ["a.mp4"]
    session.close()


def names_on_disk(project) -> list[str]:
    return [m.path.rsplit("/", 1)[-1] for m in load_project(project).timeline.media()]


def test_footage_added_while_another_file_opens_stays_out_of_it(qtbot, qt_loop, run_async, tmp_path, monkeypatch):
    monkeypatch.setenv("VEDIT_RECOVERY_DIR", str(tmp_path / "recovery"))
    session = Session(autosave=False)
    run_async(session.open_path(small(tmp_path, "a.mp4", 30)))
    adding = session.add_media([small(tmp_path, "x.mp4", 20), small(tmp_path, "y.mp4", 20)])
    opening = session.open_path(small(tmp_path, "b.mp4", 40))
    run_async(opening)
    run_async(adding)
    assert names(session) == ["b.mp4"] and not session.history.can_undo
    session.close()


def test_an_edit_made_while_a_save_is_written_stays_covered_after_a_crash(
        qtbot, qt_loop, run_async, tmp_path, monkeypatch):
    monkeypatch.setenv("VEDIT_RECOVERY_DIR", str(tmp_path / "recovery"))
    session = Session(autosave=False)  # the autosave timer is driven by hand
    run_async(session.open_path(small(tmp_path, "clip.mp4", 60)))
    project = tmp_path / "edit.vedit"
    run_async(session.save(project))
    session.split_at(20)
    writing, release = threading.Event(), threading.Event()
    real_save = session_module.save_project

    def slow_save(*args, **kwargs):  # a large project on a slow disk
        writing.set()
        release.wait(5)
        real_save(*args, **kwargs)

    monkeypatch.setattr(session_module, "save_project", slow_save)
    saving = session.save()  # holds the cut at 20
    qtbot.waitUntil(writing.is_set, timeout=5_000)
    session.split_at(40)  # made while the file is written
    session._on_autosave_timer()
    release.set()
    assert run_async(saving) and session.is_dirty
    session._on_autosave_timer()  # the next tick writes the recovery again
    qtbot.waitUntil(lambda: find_recovery(project) is not None, timeout=5_000)
    assert find_recovery(project).load().timeline.tracks[0].cut_frames() == [20, 40]
    assert load_project(project).timeline.tracks[0].cut_frames() == [20]
    session.close(keep_recovery=True)


def test_autosave_that_cannot_write_is_shown_until_it_can(qtbot, window, tmp_path, monkeypatch):
    blocker = tmp_path / "state"
    blocker.write_text("a file where the recovery folder should be")
    monkeypatch.setenv("VEDIT_RECOVERY_DIR", str(blocker / "recovery"))
    window.open_path(small(tmp_path, "clip.mp4", 30))
    qtbot.waitUntil(lambda: window.session.timeline.duration == 30, timeout=10_000)
    window.session.split_at(10)
    window.session._on_autosave_timer()
    qtbot.waitUntil(lambda: window.recovery_warning.isVisible(), timeout=5_000)
    assert window.recovery_warning.text() == "⚠ No crash-recovery copy: save your work"
    assert "cannot create the recovery folder" in window.recovery_warning.toolTip()
    monkeypatch.setenv("VEDIT_RECOVERY_DIR", str(tmp_path / "recovery"))  # room again
    window.session.split_at(20)
    window.session._on_autosave_timer()
    qtbot.waitUntil(lambda: not window.recovery_warning.isVisible(), timeout=5_000)


def shots(i: int) -> np.ndarray:
    """Four 40-frame shots, each its own colour cast."""
    picture = np.zeros((90, 160, 3), np.uint8)
    picture[:] = [(200, 60, 60), (60, 200, 60), (60, 60, 200), (200, 200, 60)][i // 40]
    picture[30:60, (i * 3) % 120:(i * 3) % 120 + 40] = 255
    return picture


def test_grades_found_for_the_edit_before_do_not_land_on_the_one_opened_after(qtbot, window, tmp_path, monkeypatch):
    real = grade_suggest.analyze_grades

    def long_source(*args, **kwargs):  # a feature's shots take a while to grade
        time.sleep(1.0)
        return real(*args, **kwargs)

    monkeypatch.setattr(grade_suggest, "analyze_grades", long_source)
    a = make_video(tmp_path / "a.mp4", 160, width=160, height=90, picture=shots).path
    b = make_video(tmp_path / "b.mp4", 60, width=160, height=90).path
    window.open_path(a)
    qtbot.waitUntil(lambda: any("grade" in job.title.lower() for job in window.jobs.jobs), timeout=30_000)
    window.open_path(b)
    qtbot.waitUntil(lambda: names(window.session) == ["b.mp4"], timeout=10_000)
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=30_000)
    qtbot.wait(200)
    assert {s.source for s in window.session.timeline.suggestions} <= {str(b)}


def test_an_older_crash_on_another_file_is_still_offered_for_that_file(qtbot, qt_loop, run_async, tmp_path, monkeypatch):
    """Fourth editor pass: after crashes on a.mp4 then b.mp4, opening a.mp4 offered nothing."""
    monkeypatch.setenv("VEDIT_RECOVERY_DIR", str(tmp_path / "recovery"))
    crashed = []
    for name in ("a.mp4", "b.mp4"):
        session = Session(autosave=False)
        run_async(session.open_path(small(tmp_path, name, 30)))
        session.split_at(10)
        session.flush_autosave()
        crashed.append(session)
        time.sleep(0.02)  # b's is the newer
    monkeypatch.setattr("vedit_gui.project.autosave._process_alive", lambda pid, boot="", started="": False)  # both died
    reopened = Session(autosave=False)
    offers: list = []
    reopened.recovery_found.connect(offers.append)
    run_async(reopened.open_path(tmp_path / "a.mp4"))
    assert len(offers) == 1 and [m.path for m in offers[0].load().timeline.media()] == [str(tmp_path / "a.mp4")]
    for session in (*crashed, reopened):
        session.close(keep_recovery=True)


def test_two_windows_on_one_project_that_both_crash_each_offer_their_edits(qtbot, qt_loop, run_async, window, tmp_path, monkeypatch):
    """Two windows on one project (Open Anyway) wrote one shared recovery file, so after both
    crashed only the last writer's unsaved edits came back. Each keeps its own now, and the
    window offers the newest, then the other."""
    monkeypatch.setenv("VEDIT_RECOVERY_DIR", str(tmp_path / "recovery"))
    project = tmp_path / "edit.vedit"
    first = Session(autosave=False)
    run_async(first.open_path(small(tmp_path, "clip.mp4", 60)))
    run_async(first.save(project))
    second = Session(autosave=False)
    run_async(second.open_path(project, anyway=True))
    first.split_at(10)
    first.flush_autosave()
    time.sleep(0.02)  # the second's is the newer
    second.split_at(40)
    second.flush_autosave()
    monkeypatch.setattr("vedit_gui.project.autosave._process_alive", lambda pid, boot="", started="": False)  # both died

    def box_saying(words: str) -> QMessageBox:
        qtbot.waitUntil(lambda: any(words in b.text() for b in window.findChildren(QMessageBox, "recoveryBox")
                                    if b.isVisible()), timeout=10_000)
        return next(b for b in window.findChildren(QMessageBox, "recoveryBox") if b.isVisible() and words in b.text())

    def click(box: QMessageBox, text: str) -> None:
        next(b for b in box.buttons() if b.text() == text).click()

    window.open_path(project)
    newest = box_saying("newest of 2")
    click(newest, "&Restore")
    qtbot.waitUntil(lambda: window.session.timeline.tracks[0].cut_frames() == [40], timeout=10_000)
    other = box_saying("2 of 2")
    click(other, "&Restore")  # the other window's edits too: undo goes back to the newest's
    qtbot.waitUntil(lambda: window.session.timeline.tracks[0].cut_frames() == [10], timeout=10_000)
    window.session.undo()
    assert window.session.timeline.tracks[0].cut_frames() == [40]
    # Both restored: their files go once this window has saved what it kept.
    assert len(list((tmp_path / "recovery").iterdir())) == 2
    run_async(window.session.save())
    assert list((tmp_path / "recovery").iterdir()) == []
    for session in (first, second):
        session.close(keep_recovery=True)


def test_a_crashed_windows_edits_declined_leave_the_others_to_offer(qtbot, qt_loop, run_async, tmp_path, monkeypatch):
    monkeypatch.setenv("VEDIT_RECOVERY_DIR", str(tmp_path / "recovery"))
    project = tmp_path / "edit.vedit"
    crashed = []
    for cut in (10, 40):
        session = Session(autosave=False)
        if not crashed:
            run_async(session.open_path(small(tmp_path, "clip.mp4", 60)))
            run_async(session.save(project))
        else:
            run_async(session.open_path(project, anyway=True))
        session.split_at(cut)
        session.flush_autosave()
        crashed.append(session)
        time.sleep(0.02)
    monkeypatch.setattr("vedit_gui.project.autosave._process_alive", lambda pid, boot="", started="": False)
    reopened = Session(autosave=False)
    offers: list = []
    reopened.recovery_found.connect(offers.append)
    run_async(reopened.open_path(project))
    assert len(offers) == 1 and reopened.recovery_place == (1, 2)
    assert offers[0].load().timeline.tracks[0].cut_frames() == [40]
    reopened.discard_recovery(offers[0])
    assert len(offers) == 2 and reopened.recovery_place == (2, 2)
    assert offers[1].load().timeline.tracks[0].cut_frames() == [10]
    assert not offers[0].path.exists()
    for session in (*crashed, reopened):
        session.close(keep_recovery=True)
