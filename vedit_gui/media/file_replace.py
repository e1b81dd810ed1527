"""Putting a finished file in place of another so that a crash leaves the old file or the
whole new one, never half of either: the project save (``project.atomic``) and the render
(``render.renderer``) both finish this way, so they live below both layers."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

NAME_START_BYTES = 100
"""How much of a file's name its temporary sibling carries: all of a name near the file
system's 255 bytes (NAME_MAX) would push the sibling's over, and 100 fits eCryptfs's 143 too."""


def name_start(name: str, size: int = NAME_START_BYTES) -> str:
    """``name`` cut to at most ``size`` bytes as the file system stores it (UTF-8, an
    undecodable byte as one), at a character's end: a cut inside one leaves bytes no UTF-8
    reader shows."""
    name = name[:size]  # a character is at least a byte
    while len(os.fsencode(name)) > size:
        name = name[:-1]
    return name


def move_into_place(tmp: Path, target: Path) -> None:
    """Rename the finished ``tmp`` over ``target`` (a real file, not a symlink): with the
    permissions the file there had, on disk before the rename, and the rename made durable."""
    fd = os.open(tmp, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    # After the open: the old file's mode may deny writing (0o444).
    with contextlib.suppress(FileNotFoundError):  # a new file keeps the user's usual mode
        os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
    os.replace(tmp, target)
    fsync_folder(target.parent)


def file_version(path: Path) -> tuple[int, int, int] | None:
    """Which file is at ``path`` (None: none): each replacement renames a new one into place,
    so a save by anyone, or a recovery written over, reads as another version."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX only; Windows cannot open folders)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
