from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from project_strategies import RATE, SOURCE

from vedit_gui.project import (
    Autosaver,
    discard_recovery,
    find_recovery,
    recovery_dir,
    recovery_path,
    save_project,
)
from vedit_gui.project.autosave import project_recoveries
from vedit_gui.timeline import History, Split, timeline_from_media


@pytest.fixture(autouse=True)
def recovery_folder(tmp_path, monkeypatch):
    folder = tmp_path / "recovery"
    monkeypatch.setenv("VEDIT_RECOVERY_DIR", str(folder))
    return folder


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_recovery_folder_follows_the_environment(monkeypatch, tmp_path):
    assert recovery_dir() == tmp_path / "recovery"
    monkeypatch.delenv("VEDIT_RECOVERY_DIR")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert recovery_dir() == tmp_path / "state" / "vedit" / "recovery"
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert recovery_dir() == tmp_path / "home" / ".local" / "state" / "vedit" / "recovery"


def test_writes_are_throttled_and_always_hold_the_latest_state(tmp_path):
    clock = FakeClock()
    history = History(timeline_from_media(SOURCE))
    saver = Autosaver(history, tmp_path / "edit.vedit", min_interval_s=2.0, clock=clock)

    history.apply(Split(10))  # first change: written at once
    assert not saver.has_pending
    first_write = saver.path.stat().st_mtime_ns
    history.apply(Split(20))
    history.apply(Split(30))
    assert saver.has_pending and not saver.poll()
    assert saver.path.stat().st_mtime_ns == first_write

    clock.now += 2.0
    assert saver.poll()
    assert find_recovery(tmp_path / "edit.vedit").load().timeline == history.timeline

    history.apply(Split(40))
    assert saver.flush()
    assert not saver.flush()  # nothing left to write
    assert find_recovery(tmp_path / "edit.vedit").load().timeline == history.timeline


def test_recovery_is_offered_only_when_newer_than_the_project(tmp_path):
    project = tmp_path / "edit.vedit"
    history = History(timeline_from_media(SOURCE))
    save_project(history.timeline, project)
    os.utime(project, (time.time() - 60, time.time() - 60))
    assert find_recovery(project) is None

    saver = Autosaver(history, project, min_interval_s=0, extra=lambda: {"playhead": 7})
    history.apply(Split(10))
    recovery = find_recovery(project)
    assert recovery is not None
    assert recovery.project_path == project.absolute()
    assert abs(recovery.saved_at.timestamp() - time.time()) < 60
    loaded = recovery.load()
    assert loaded.timeline == history.timeline
    assert loaded.extra == {"playhead": 7}

    save_project(history.timeline, project)  # saved after the recovery: nothing to offer
    os.utime(project, (time.time() + 60, time.time() + 60))
    assert find_recovery(project) is None
    discard_recovery(project, saver.session)
    assert not saver.path.exists()


def test_a_running_untitled_session_is_not_offered(tmp_path):
    history = History(timeline_from_media(SOURCE))
    saver = Autosaver(history, None, min_interval_s=0)
    history.apply(Split(10))
    assert saver.path.name.startswith("untitled-")
    # Our own process is alive, so its session is not offered to another window.
    assert find_recovery(None) is None


def test_save_as_moves_the_recovery(tmp_path):
    history = History(timeline_from_media(SOURCE))
    saver = Autosaver(history, None, min_interval_s=0)
    history.apply(Split(10))
    untitled = saver.path
    saver.set_project_path(tmp_path / "named.vedit")
    assert not untitled.exists()
    history.apply(Split(20))
    assert saver.path == recovery_path(tmp_path / "named.vedit", saver.session)
    assert saver.path.exists()


def test_a_failed_write_never_disturbs_editing(tmp_path, recovery_folder):
    recovery_folder.parent.mkdir(exist_ok=True)
    recovery_folder.write_text("a file where the folder should be")
    history = History(timeline_from_media(SOURCE))
    saver = Autosaver(history, tmp_path / "edit.vedit", min_interval_s=0)
    history.apply(Split(10))
    assert history.timeline.tracks[0].cut_frames() == [10]
    assert saver.last_error is not None and "recovery" in str(saver.last_error)
    assert saver.has_pending  # retried on the next write


def test_concurrent_changes_and_flushes_leave_a_readable_latest_state(tmp_path):
    history = History(timeline_from_media(SOURCE))
    lock = threading.Lock()
    saver = Autosaver(history, tmp_path / "edit.vedit", min_interval_s=0.001)

    def edit(start: int) -> None:
        for frame in range(start, start + 40, 4):
            with lock:  # History itself is single-threaded; the saver is what is under test
                history.apply(Split(frame))
            saver.flush()

    threads = [threading.Thread(target=edit, args=(s,)) for s in (5, 6, 7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saver.flush()
    assert find_recovery(tmp_path / "edit.vedit").load().timeline == history.timeline


CRASHING_EDITOR = textwrap.dedent(
    """
    import sys, time
    from fractions import Fraction
    from vedit_gui.project import Autosaver
    from vedit_gui.timeline import History, MediaReference, Split, timeline_from_media

    project, count = (None if sys.argv[1] == "untitled" else sys.argv[1]), int(sys.argv[2])
    history = History(timeline_from_media(MediaReference("/footage/a.mp4", Fraction(30000, 1001), 300)))
    saver = Autosaver(history, project, min_interval_s=0)
    for i in range(count):
        history.apply(Split(10 * (i + 1)))
    print(f"applied {count}", flush=True)
    time.sleep(60)
    """
)


def crash_after_edits(project: str, count: int) -> None:
    """Run an editor that autosaves, wait until it says it applied ``count`` edits, kill it."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parents[2]), env.get("PYTHONPATH", "")])
    process = subprocess.Popen(
        [sys.executable, "-c", CRASHING_EDITOR, project, str(count)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout.readline().strip() == f"applied {count}"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL


def test_recovery_survives_sigkill(tmp_path):
    project = tmp_path / "edit.vedit"
    crash_after_edits(str(project), 7)
    recovery = find_recovery(project)
    assert recovery is not None
    timeline = recovery.load().timeline
    assert timeline.rate == RATE
    assert [track.cut_frames() for track in timeline.tracks] == [[10 * i for i in range(1, 8)]] * 2


def test_an_untitled_session_is_recovered_once_its_process_is_gone():
    crash_after_edits("untitled", 3)
    recovery = find_recovery(None)
    assert recovery is not None and recovery.project_path is None
    assert recovery.load().timeline.tracks[0].cut_frames() == [10, 20, 30]


def test_a_project_another_running_vedit_edits_is_not_offered_as_a_crash(tmp_path):
    """A second vedit opened on the project (knowingly: see in_use) finds the first's
    recovery file: its unsaved edits, not a crash's, until that process is gone."""
    project = tmp_path / "edit.vedit"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parents[2]), env.get("PYTHONPATH", "")])
    process = subprocess.Popen([sys.executable, "-c", CRASHING_EDITOR, str(project), "2"],
                               stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout.readline().strip() == "applied 2"
        assert find_recovery(project) is None
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        process.stdout.close()
    assert find_recovery(project).load().timeline.tracks[0].cut_frames() == [10, 20]


def test_two_sessions_on_one_project_keep_a_recovery_each(tmp_path):
    """Two windows on one project (Open Anyway) wrote one shared recovery file: after both
    crashed, only the last writer's unsaved edit came back."""
    ours = History(timeline_from_media(SOURCE))
    theirs = History(timeline_from_media(SOURCE))
    mine = Autosaver(ours, tmp_path / "edit.vedit", min_interval_s=0)
    other = Autosaver(theirs, tmp_path / "edit.vedit", min_interval_s=0)
    ours.apply(Split(10))
    time.sleep(0.01)
    theirs.apply(Split(20))
    assert mine.path != other.path
    found = project_recoveries(tmp_path / "edit.vedit")
    assert [r.load().timeline.tracks[0].cut_frames() for r in found] == [[20], [10]]  # newest first
    assert {r.session for r in found} == {mine.session, other.session}
    assert project_recoveries(tmp_path / "edit.vedit", exclude_session=other.session)[0].session == mine.session
    mine.discard()  # this session saved: the other's unsaved edit stays
    assert [r.load().timeline.tracks[0].cut_frames() for r in project_recoveries(tmp_path / "edit.vedit")] == [[20]]
    other.discard()
    assert not other.path.exists() and project_recoveries(tmp_path / "edit.vedit") == []


def test_after_two_windows_on_one_project_crash_each_edit_is_offered(tmp_path):
    project = tmp_path / "edit.vedit"
    crash_after_edits(str(project), 1)
    crash_after_edits(str(project), 2)
    found = project_recoveries(project)
    assert [r.load().timeline.tracks[0].cut_frames() for r in found] == [[10, 20], [10]]
    assert find_recovery(project) == found[0]


def test_a_running_window_keeps_its_recovery_while_a_crashed_one_is_offered(tmp_path):
    project = tmp_path / "edit.vedit"
    crash_after_edits(str(project), 3)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parents[2]), env.get("PYTHONPATH", "")])
    process = subprocess.Popen([sys.executable, "-c", CRASHING_EDITOR, str(project), "1"],
                               stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout.readline().strip() == "applied 1"
        assert [r.load().timeline.tracks[0].cut_frames() for r in project_recoveries(project)] == [[10, 20, 30]]
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        process.stdout.close()
    assert len(project_recoveries(project)) == 2


def test_a_recovery_from_before_sessions_kept_their_own_is_still_offered(tmp_path, monkeypatch):
    """A crash of an earlier vedit left the project's one shared recovery file."""
    from vedit_gui.project.autosave import RECOVERY_KEY
    from vedit_gui.project.project_file import write_project_file

    project = tmp_path / "edit [take 2].vedit"  # a name a glob would read as a pattern
    history = History(timeline_from_media(SOURCE))
    history.apply(Split(15))
    old_file = recovery_path(project)
    old_file.parent.mkdir(parents=True)
    write_project_file(history.timeline, old_file, media_base=None, extra={RECOVERY_KEY: {
        "project_path": str(project.absolute()), "pid": 1, "boot": "an earlier boot", "started": "1",
        "saved_at": time.time()}})
    recovery = find_recovery(project)
    assert recovery is not None and recovery.path == old_file and recovery.session == ""
    assert recovery.load().timeline.tracks[0].cut_frames() == [15]
    # Beside a session's own, both are offered, newest first.
    time.sleep(0.01)
    saver = Autosaver(History(timeline_from_media(SOURCE)), project, min_interval_s=0)
    saver._history.apply(Split(25))
    assert [r.path for r in project_recoveries(project)] == [saver.path, old_file]
    # A project that is not this one (another digest) is never taken for it.
    assert project_recoveries(tmp_path / "other.vedit") == []
    saver.discard()


class StuckWrite:
    """An autosave whose write hangs in its fsync (a busy disk, a network home folder) until
    released, on a thread of its own as the editor's io thread runs it."""

    def __init__(self, saver: Autosaver, monkeypatch) -> None:
        import vedit_gui.project.atomic as atomic

        self.in_fsync, self._release = threading.Event(), threading.Event()
        real_fsync = os.fsync

        def stuck_fsync(fd):
            self.in_fsync.set()
            self._release.wait(10)
            real_fsync(fd)

        monkeypatch.setattr(atomic.os, "fsync", stuck_fsync)
        self._undo = lambda: monkeypatch.setattr(atomic.os, "fsync", real_fsync)
        self._writer = threading.Thread(target=saver.poll)
        self._writer.start()
        assert self.in_fsync.wait(5)

    def finish(self) -> None:
        self._release.set()
        self._writer.join(10)
        self._undo()


def test_an_edit_never_waits_for_a_recovery_write_on_a_slow_disk(tmp_path, monkeypatch):
    """The editor writes the recovery on its io thread so that no fsync runs on the GUI
    thread; holding the autosaver's lock through the write made every edit wait for it."""
    history = History(timeline_from_media(SOURCE))
    saver = Autosaver(history, tmp_path / "edit.vedit", min_interval_s=0, write_on_change=False)
    history.apply(Split(10))
    write = StuckWrite(saver, monkeypatch)
    started = time.monotonic()
    history.apply(Split(20))  # the editor's next key press
    assert time.monotonic() - started < 1.0 and saver.has_pending
    write.finish()
    assert saver.poll()  # the edit made meanwhile is written next
    assert find_recovery(tmp_path / "edit.vedit").load().timeline.tracks[0].cut_frames() == [10, 20]


def test_a_recovery_written_while_the_edit_was_saved_is_removed_with_the_rest(tmp_path, monkeypatch):
    """A discard (after a save) while a write is under way: the file that write leaves is void."""
    history = History(timeline_from_media(SOURCE))
    saver = Autosaver(history, tmp_path / "edit.vedit", min_interval_s=0, write_on_change=False)
    history.apply(Split(10))
    write = StuckWrite(saver, monkeypatch)
    saver.discard()  # the project was saved: nothing left to recover
    write.finish()
    assert not saver.path.exists()


def test_after_two_crashes_on_two_files_each_edit_is_still_there():
    """Fourth editor pass: only the newest untitled recovery was looked at, so the older
    file's unsaved edit was never offered again (its file stayed on disk)."""
    from vedit_gui.project.autosave import untitled_recoveries

    crash_after_edits("untitled", 1)
    crash_after_edits("untitled", 2)
    found = untitled_recoveries()
    assert [len(r.load().timeline.tracks[0].cut_frames()) for r in found] == [2, 1]  # newest first
    assert find_recovery(None) == found[0]
