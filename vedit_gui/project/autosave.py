"""Crash recovery: the latest timeline kept in a recovery file while the user edits.

One recovery file per project (named from the project's absolute path) or per untitled
session, in ``$VEDIT_RECOVERY_DIR``, else ``$XDG_STATE_HOME/vedit/recovery``, else
``~/.local/state/vedit/recovery``. A recovery file is a project file (absolute media
paths) whose ``extra["vedit.recovery"]`` says which project it belongs to and when it was
written. After a crash, :func:`find_recovery` offers it when it is newer than the project.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..media.file_replace import file_version, name_start
from ..timeline import History, Timeline
from .errors import ProjectError
from .in_use import boot_id, process_alive, process_started
from .project_file import LoadedProject, load_project, write_project_file

RECOVERY_DIR_ENV = "VEDIT_RECOVERY_DIR"
RECOVERY_SUFFIX = ".vedit-recovery"
RECOVERY_KEY = "vedit.recovery"
UNTITLED = "untitled"


def recovery_dir() -> Path:
    """Where recovery files live (the folder may not exist yet)."""
    if override := os.environ.get(RECOVERY_DIR_ENV):
        return Path(override)
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    return Path(state) / "vedit" / "recovery"


def recovery_path(project_path: str | Path | None, session: str | None = None) -> Path:
    """The recovery file of a project, or of the untitled ``session`` when there is none."""
    if project_path is None:
        if not session:
            raise ValueError("an untitled recovery file needs a session id")
        return recovery_dir() / f"{UNTITLED}-{session}{RECOVERY_SUFFIX}"
    absolute = os.path.abspath(project_path)
    digest = hashlib.sha256(absolute.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    # The name's start only: a project's name near the 255-byte limit left it no recovery.
    return recovery_dir() / f"{name_start(Path(absolute).stem)}-{digest}{RECOVERY_SUFFIX}"


@dataclass(frozen=True)
class Recovery:
    """A recovery file the app can offer: ``saved_at`` is when the last change was written."""

    path: Path
    project_path: Path | None
    saved_at: datetime
    pid: int | None = None
    boot: str = ""  # the machine's boot it was written in (see :func:`.in_use.boot_id`)
    started: str = ""  # when the process that wrote it started (see :func:`.in_use.process_started`)

    def discard(self) -> None:
        """Remove this recovery file (the user declined it)."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def load(self) -> LoadedProject:
        """The recovered project; its ``extra`` is the app's UI state at that moment.

        Its ``path`` is the recovery file: save the result to :attr:`project_path`.
        """
        loaded = load_project(self.path)
        extra = {k: v for k, v in loaded.extra.items() if k != RECOVERY_KEY}
        return LoadedProject(loaded.timeline, extra, self.path, loaded.missing_media)


def _read_recovery(path: Path) -> Recovery | None:
    """The recovery's header, or None for a file that is not a readable recovery."""
    try:
        loaded = load_project(path)
    except ProjectError:
        return None
    info = loaded.extra.get(RECOVERY_KEY)
    if not isinstance(info, dict):
        return None
    project = info.get("project_path")
    saved_at = info.get("saved_at")
    if not isinstance(saved_at, (int, float)) or isinstance(saved_at, bool):
        return None
    pid = info.get("pid")
    boot = info.get("boot")
    started = info.get("started")
    return Recovery(
        path,
        Path(project) if isinstance(project, str) else None,
        datetime.fromtimestamp(saved_at, UTC),
        pid if isinstance(pid, int) and not isinstance(pid, bool) else None,
        boot if isinstance(boot, str) else "",
        started if isinstance(started, str) else "",
    )


_process_alive = process_alive  # by this name in tests that stage a crash


def find_recovery(project_path: str | Path | None) -> Recovery | None:
    """A recovery newer than the project file (or any, if the file is gone), else None.

    With ``project_path`` None: the newest untitled recovery left by a process that is no
    longer running (a second vedit still open keeps its own).
    """
    if project_path is not None:
        candidate = recovery_path(project_path)
        if not candidate.is_file():
            return None
        recovery = _read_recovery(candidate)
        if recovery is None or _kept_by_another(recovery):
            return None
        try:
            project_mtime = os.stat(project_path).st_mtime
        except OSError:
            return recovery
        return recovery if recovery.saved_at.timestamp() > project_mtime else None
    return next(iter(untitled_recoveries()), None)


def untitled_recoveries() -> list[Recovery]:
    """The recoveries of untitled edits whose process has ended, newest first: after two
    crashes on two files, each file's edit is still there to be offered."""
    found: list[Recovery] = []
    folder = recovery_dir()
    if not folder.is_dir():
        return []
    for candidate in folder.glob(f"{UNTITLED}-*{RECOVERY_SUFFIX}"):
        recovery = _read_recovery(candidate)
        if recovery is not None and not (recovery.pid is not None and _process_alive(recovery.pid, recovery.boot, recovery.started)):
            found.append(recovery)
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


def _kept_by_another(recovery: Recovery) -> bool:
    """A project's recovery that another vedit, still running, keeps: its unsaved edits, not
    a crash's (the editor opened the project there too, knowingly: see :mod:`.in_use`)."""
    return recovery.pid is not None and recovery.pid != os.getpid() and _process_alive(recovery.pid, recovery.boot, recovery.started)


def discard_recovery(project_path: str | Path | None, session: str | None = None) -> None:
    """Remove the recovery of a project (after a save, or when the user declines it)."""
    with contextlib.suppress(FileNotFoundError):
        recovery_path(project_path, session).unlink()


class Autosaver:
    """Writes the history's timeline to the recovery file after each change, at most every
    ``min_interval_s`` seconds and always the latest state.

    Changes inside the interval are held until the next change after it, :meth:`poll`
    (call it from a timer) or :meth:`flush`. Safe to call from any thread. A failed write
    never disturbs editing: the error is kept in :attr:`last_error` and retried next time.
    """

    def __init__(
        self,
        history: History,
        project_path: str | Path | None,
        min_interval_s: float = 2.0,
        *,
        extra: Callable[[], dict[str, Any]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        write_on_change: bool = True,
    ) -> None:
        self._history = history
        self._project_path = Path(project_path) if project_path is not None else None
        self._session = uuid.uuid4().hex[:12]
        self._min_interval = min_interval_s
        self._extra = extra
        self._clock = clock
        # The editor passes False and polls from its io thread, so no write (and no fsync)
        # ever runs on the GUI thread that applies the edit.
        self._write_on_change = write_on_change
        # Guards the fields below and is never held across a write: the GUI thread takes it
        # on every edit, and must not wait on a slow disk's fsync.
        self._lock = threading.Lock()
        self._writing = threading.Lock()  # one write at a time
        self._pending: Timeline | None = None
        self._written: tuple[int, int, int] | None = None  # the recovery file as this session wrote it
        self._era = 0  # moved on by discard and Save As: a write begun before them is void
        self._last_write: float | None = None
        self.last_error: ProjectError | None = None
        history.subscribe(self._on_history_changed)

    @property
    def path(self) -> Path:
        """This session's recovery file."""
        return recovery_path(self._project_path, self._session)

    @property
    def has_pending(self) -> bool:
        with self._lock:
            return self._pending is not None

    def set_project_path(self, project_path: str | Path | None) -> None:
        """After Save As: the recovery moves to the new project's name."""
        with self._lock:
            old = self.path
            self._project_path = Path(project_path) if project_path is not None else None
            if old == self.path:
                return
            written = self._forget_file()
        _remove_if(old, written)

    def _on_history_changed(self, _old: Timeline, new: Timeline) -> None:
        with self._lock:
            self._pending = new
        if self._write_on_change:
            self.poll()

    def poll(self) -> bool:
        """Write the pending state if the interval has passed; True if it wrote."""
        return self._write_pending(wait=True)

    def flush(self) -> bool:
        """Write the pending state now, whatever the interval; True if it wrote."""
        return self._write_pending(wait=False)

    def saved(self, dirty: bool) -> None:
        """After a save: nothing unsaved, and the recovery file goes; edits made while it was
        written are kept for the next write (the file from before the save is older than the
        project, so it would never be offered)."""
        if not dirty:
            self.discard()
            return
        with self._lock:
            self._pending = self._history.timeline
            self._last_write = None

    def discard(self) -> None:
        """Forget the pending state and remove the recovery file (after a save)."""
        with self._lock:
            self._pending = None
            written = self._forget_file()
            path = self.path
        _remove_if(path, written)

    def _forget_file(self) -> tuple[int, int, int] | None:
        """(Under the lock.) What this session last wrote, forgotten; a write under way is void."""
        written, self._written = self._written, None
        self._era += 1
        return written

    def close(self) -> None:
        """Stop listening (a clean exit: the caller saves or discards as the user chose)."""
        with contextlib.suppress(ValueError):
            self._history.unsubscribe(self._on_history_changed)
        with self._lock:
            self._pending = None

    def _write_pending(self, *, wait: bool) -> bool:
        with self._writing:
            with self._lock:
                timeline = self._pending
                if timeline is None or (wait and self._last_write is not None
                                        and self._clock() - self._last_write < self._min_interval):
                    return False
                self._pending = None
                era, path, project = self._era, self.path, self._project_path
            problem, written = self._write(timeline, path, project)
            with self._lock:
                self.last_error = problem
                if written is None:  # retried with the next poll, unless something newer waits
                    if self._pending is None and era == self._era:
                        self._pending = timeline
                    return False
                void = era != self._era  # discarded or moved while it was written
                if not void:
                    self._written = written
                    self._last_write = self._clock()
            if void:
                _remove_if(path, written)
            return not void

    def _write(self, timeline: Timeline, path: Path, project: Path | None) -> tuple[ProjectError | None, tuple[int, int, int] | None]:
        """Write ``timeline`` to ``path``: (what went wrong, the file written; None if not)."""
        info = {
            "project_path": str(project.absolute()) if project else None,
            "pid": os.getpid(),
            "boot": boot_id(),
            "started": process_started(),
            "saved_at": time.time(),
        }
        problem: ProjectError | None = None
        try:
            extra = dict(self._extra()) if self._extra is not None else {}
        except Exception as exc:  # a UI-state callback bug must not break the edit that called us
            problem = ProjectError(f"could not collect the UI state: {exc!r}", path)
            extra = {}
        extra[RECOVERY_KEY] = info
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return ProjectError(f"cannot create the recovery folder: {exc}", path), None
        try:
            write_project_file(timeline, path, extra=extra, media_base=None, compact=True)
        except ProjectError as exc:
            return exc, None
        written = file_version(path)
        if written is None:  # written, then gone (removed by hand): written again next time
            return ProjectError("the recovery file vanished as it was written", path), None
        return problem, written


def _remove_if(path: Path, written: tuple[int, int, int] | None) -> None:
    """Remove ``path`` if it is still the file this session wrote (``written``): a second vedit
    on the same project (opened knowingly) writes the same recovery file, and its edits are not
    ours to throw away."""
    with contextlib.suppress(OSError):
        if written is not None and file_version(path) == written:
            path.unlink()
