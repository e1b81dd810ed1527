"""Who else has a project open: a small lock file beside it, as office suites keep one.

Two vedit processes editing one project would each save over the other's work without a
word. The editor claims a project while it is open and asks before opening one another
process holds. The claim is advice, not a lock the file system enforces: a crash leaves it
behind, so one left by a process no longer running on this machine is ignored, and one from
another machine (a shared folder) is shown with when it was taken, for the editor to judge.
A folder vedit cannot write to (a read-only share) gets no claim and opens as before.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..media.file_replace import name_start
from .atomic import atomic_write_bytes
from .errors import ProjectError


def boot_id() -> str:
    """What tells this boot of the machine from the last ("" where the system does not say):
    after a power cut, a process number in a claim or a recovery file may belong to
    something else entirely."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def process_started(pid: int | None = None) -> str:
    """When process ``pid`` (this one by default) started, as the system counts it ("" where
    it does not say): a number reused by another process since is not the one that wrote."""
    try:
        stat = Path(f"/proc/{pid or os.getpid()}/stat").read_text(encoding="ascii", errors="replace")
        return stat.rsplit(")", 1)[1].split()[19]  # field 22, after the name in parentheses
    except (OSError, IndexError):
        return ""


def process_alive(pid: int, boot: str = "", started: str = "") -> bool:
    """Whether process ``pid`` of the machine's boot ``boot``, started at ``started``, runs now
    (ours always does)."""
    if pid == os.getpid():
        return True
    if boot and boot != boot_id():
        return False
    if started and process_started(pid) not in ("", started):
        return False  # that number is another process's now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):  # another user's process
        return True
    return True


def claim_path(project: Path) -> Path:
    """The claim file of ``project``: hidden, beside it, so a shared folder's users see it."""
    return project.with_name(f".{name_start(project.name)}.lock")  # a name near 255 bytes has room


@dataclass(frozen=True)
class Holder:
    """The process a claim names."""

    host: str
    pid: int
    user: str
    since: float  # seconds since the epoch
    boot: str = ""
    started: str = ""

    def describe(self) -> str:
        when = datetime.fromtimestamp(self.since).strftime("%Y-%m-%d %H:%M")
        where = "on this computer" if self.host == socket.gethostname() else f"on {self.host}"
        return f"{self.user or 'someone'} {where} (vedit process {self.pid}, opened {when})"


def _ours() -> dict[str, object]:
    return {"host": socket.gethostname(), "pid": os.getpid(), "boot": boot_id(), "started": process_started(),
            "user": _user(), "since": time.time()}


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return ""


def _read(path: Path) -> Holder | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Holder(str(data["host"]), int(data["pid"]), str(data.get("user", "")), float(data["since"]),
                      str(data.get("boot", "")), str(data.get("started", "")))
    except (OSError, ValueError, KeyError, TypeError):  # gone, or not a claim vedit wrote
        return None


def other_holder(project: str | Path) -> Holder | None:
    """Who else has ``project`` open, or None: nobody, this process, or a process of this
    machine that has ended (a crash leaves its claim behind)."""
    holder = _read(claim_path(Path(project)))
    if holder is None:
        return None
    if holder.host == socket.gethostname() and (holder.pid == os.getpid() or not process_alive(holder.pid, holder.boot, holder.started)):
        return None
    return holder


class Claim:
    """This process's claim on the project it has open; :meth:`move_to` follows Save As and
    opening another, :meth:`release` the window closing. Failures to write or remove it are
    ignored: the claim only warns, and must never stop an edit or a save."""

    def __init__(self) -> None:
        self._path: Path | None = None
        self._closed = False  # released for good: a move still queued on the io thread does nothing
        self._lock = threading.Lock()  # moved on the io thread, released as the window closes

    def move_to(self, project: str | Path | None) -> None:
        target = None if project is None else claim_path(Path(os.path.abspath(project)))
        with self._lock:
            if target == self._path or self._closed:
                return
            self._release()
            if target is None:
                return
            with contextlib.suppress(ProjectError):  # a read-only folder: nothing to warn others with
                atomic_write_bytes(target, json.dumps(_ours()).encode("utf-8"))
                self._path = target

    def release(self, *, final: bool = False) -> None:
        """Remove the claim if it is still ours (another process may have taken it over);
        ``final`` (the window closing): no later move claims anything."""
        with self._lock:
            self._closed = self._closed or final
            self._release()

    def _release(self) -> None:
        path, self._path = self._path, None
        if path is None:
            return
        holder = _read(path)
        if holder is not None and holder.host == socket.gethostname() and holder.pid == os.getpid():
            with contextlib.suppress(OSError):
                path.unlink()
