"""Writing a file so that a crash or a full disk never leaves half of it.

The bytes go to a temporary file in the same folder, are flushed and fsynced, and the
temporary file is renamed over the target: readers see the old file or the new one, never
a mix. On failure the temporary file is removed and the old file is untouched.
"""

from __future__ import annotations

import contextlib
import os
import stat
import uuid
from pathlib import Path

from ..media.file_replace import fsync_folder, name_start
from .errors import ProjectWriteError


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; :class:`ProjectWriteError` if it cannot."""
    path = Path(path)
    # Saving through a symlink updates the file it points to rather than replacing the link.
    target = Path(os.path.realpath(path))
    folder = target.parent
    tmp = folder / f".{name_start(target.name)}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        old_mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        old_mode = None
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise ProjectWriteError(f"cannot save in {folder}: {_reason(exc)}", path) from exc
    try:
        with os.fdopen(fd, "wb") as file:
            if old_mode is not None and hasattr(os, "fchmod"):
                os.fchmod(file.fileno(), old_mode)
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ProjectWriteError(f"could not save: {_reason(exc)}", path) from exc
        raise
    fsync_folder(folder)
