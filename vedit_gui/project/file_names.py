"""File names the editor completes: the extension added to the name as typed."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def with_extension(path: Path, extension: str, *, known: Iterable[str] = ()) -> Path:
    """``path`` kept when it ends in ``extension`` (or one of ``known``), else ``extension``
    added to the whole name: "Montage v1.2" becomes "Montage v1.2.vedit". ``Path.with_suffix``
    would make it "Montage v1.vedit", another file, perhaps one already there."""
    endings = {extension.lower(), *(k.lower() for k in known)}
    return path if path.suffix.lower() in endings else path.with_name(path.name + extension)
