"""Test files the benchmarks make with the ffmpeg CLI, once, and keep under ``.bench/``."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path


def cached_source(path: Path, make: Callable[[Callable[..., None], Path], None]) -> Path:
    """``path``, made the first time it is asked for: ``make(ffmpeg, out)`` writes it to ``out``,
    a temporary name beside it, renamed into place once complete, so an interrupted run leaves
    no half-made file to be measured later. ``ffmpeg(*args)`` runs the CLI quietly."""
    if path.exists():
        return path
    binary = shutil.which("ffmpeg")
    if binary is None:
        raise SystemExit(f"this benchmark needs the ffmpeg CLI to make {path.name}")

    def ffmpeg(*args: str) -> None:
        subprocess.run([binary, "-v", "error", "-y", *args], check=True)

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".partial" + path.suffix)
    make(ffmpeg, tmp)
    tmp.replace(path)
    return path
