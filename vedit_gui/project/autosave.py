"""Crash recovery: the latest timeline kept in a recovery file while the user edits.

One recovery file per editing session, in ``$VEDIT_RECOVERY_DIR``, else
``$XDG_STATE_HOME/vedit/recovery``, else ``~/.local/state/vedit/recovery``: a project's is
named from the project's absolute path and the session, so two vedit windows opened on one
project (knowingly: see :mod:`.in_use`) each keep their own unsaved edits, and after both
crash each is offered. A recovery file is a project file (absolute media paths) whose
``extra["vedit.recovery"]`` says which project it belongs to, which process and session
wrote it, and when. After a crash, :func:`project_recoveries` offers those newer than the
project; a project's single file from before sessions kept their own is read the same way.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
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


SESSION_NAME_BYTES = 88
"""How much of a project's name a session's recovery file carries: with the path's digest and
the session it stays within eCryptfs's 143 bytes, as the file names before sessions did."""


def recovery_path(project_path: str | Path | None, session: str | None = None) -> Path:
    """The recovery file ``session`` keeps for a project, or for its untitled edit when there is
    none. A project without a session: the one file every session shared before each kept its
    own (two windows on one project wrote over each other's, so a crash of both lost one's
    edits), still read after a crash."""
    if project_path is None:
        if not session:
            raise ValueError("an untitled recovery file needs a session id")
        return recovery_dir() / f"{UNTITLED}-{session}{RECOVERY_SUFFIX}"
    absolute = os.path.abspath(project_path)
    digest = _digest(absolute)
    if session is None:
        # The name's start only: a project's name near the 255-byte limit left it no recovery.
        return recovery_dir() / f"{name_start(Path(absolute).stem)}-{digest}{RECOVERY_SUFFIX}"
    return recovery_dir() / f"{name_start(Path(absolute).stem, SESSION_NAME_BYTES)}-{digest}-{session}{RECOVERY_SUFFIX}"


def _digest(absolute: str) -> str:
    """What names a project's recovery files: the start of its absolute path's hash."""
    return hashlib.sha256(absolute.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _recovery_files(project_path: str | Path) -> list[Path]:
    """Every recovery file of a project in the folder: each session's, and the shared one of
    before. Matched by the path's digest, not by a glob of the name (a name may hold ``[``)."""
    folder = recovery_dir()
    digest = _digest(os.path.abspath(project_path))
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    ours = re.compile(rf"-{digest}(-[0-9a-f]{{1,32}})?{re.escape(RECOVERY_SUFFIX)}\Z")
    return sorted(folder / name for name in names if ours.search(name))


@dataclass(frozen=True)
class Recovery:
    """A recovery file the app can offer: ``saved_at`` is when the last change was written."""

    path: Path
    project_path: Path | None
    saved_at: datetime
    pid: int | None = None
    boot: str = ""  # the machine's boot it was written in (see :func:`.in_use.boot_id`)
    started: str = ""  # when the process that wrote it started (see :func:`.in_use.process_started`)
    session: str = ""  # the editing session that wrote it ("": a file from before sessions were named)

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
    session = info.get("session")
    return Recovery(
        path,
        Path(project) if isinstance(project, str) else None,
        datetime.fromtimestamp(saved_at, UTC),
        pid if isinstance(pid, int) and not isinstance(pid, bool) else None,
        boot if isinstance(boot, str) else "",
        started if isinstance(started, str) else "",
        session if isinstance(session, str) else "",
    )


_process_alive = process_alive  # by this name in tests that stage a crash


def find_recovery(project_path: str | Path | None) -> Recovery | None:
    """The newest recovery :func:`project_recoveries` offers (or, with ``project_path`` None,
    :func:`untitled_recoveries`), else None."""
    if project_path is None:
        return next(iter(untitled_recoveries()), None)
    return next(iter(project_recoveries(project_path)), None)


def project_recoveries(project_path: str | Path, *, exclude_session: str = "") -> list[Recovery]:
    """The recoveries of a project newer than its file (all, if the file is gone), newest
    first: each crashed session's (two windows on it, both crashed, leave two), never one
    that another vedit still running keeps, nor ``exclude_session``'s (the asker's own)."""
    try:
        project_mtime: float | None = os.stat(project_path).st_mtime
    except OSError:
        project_mtime = None
    found: list[Recovery] = []
    for candidate in _recovery_files(project_path):
        recovery = _read_recovery(candidate)
        if recovery is None or _kept_by_another(recovery) or (exclude_session and recovery.session == exclude_session):
            continue
        if project_mtime is None or recovery.saved_at.timestamp() > project_mtime:
            found.append(recovery)
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


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
    """Remove ``session``'s recovery of a project (without one: the shared file of before)."""
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
    def session(self) -> str:
        """What names this session's recovery file (and is written in it)."""
        return self._session

    @property
    def path(self) -> Path:
        """This session's recovery file (its own: no other session writes it)."""
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
            "session": self._session,
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
    """Remove ``path`` if it is still the file this session wrote (``written``): one removed or
    replaced by hand (or by another vedit) since is not ours to throw away."""
    with contextlib.suppress(OSError):
        if written is not None and file_version(path) == written:
            path.unlink()
