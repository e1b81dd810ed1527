"""A file's fingerprint: what caches key their entries on (analysis results, scrub copies).

Size plus evenly spaced 64 KiB samples: renaming or touching a file keeps its entries,
editing it does not; reading about 1 MiB whatever the file's size. And a file's identity
against the edit's footage (:func:`is_footage`), which no write may replace.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from ..timeline import Timeline

_SAMPLES = 16
_CHUNK = 1 << 16


def cache_root() -> Path:
    """vedit's cache folder (``$XDG_CACHE_HOME/vedit``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vedit"


def content_hash(path: Path) -> str:
    """A hash of the file's size and sampled content (reads about 1 MiB, whatever the size;
    remembered while the file's size and modification time stay the same)."""
    info = path.stat()
    return _hash(str(path), info.st_size, info.st_mtime_ns)


@lru_cache(maxsize=256)
def _hash(path: str, size: int, _mtime_ns: int) -> str:
    digest = hashlib.blake2b(str(size).encode(), digest_size=16)
    with open(path, "rb") as f:
        if size <= _SAMPLES * _CHUNK:
            digest.update(f.read())
        else:
            for i in range(_SAMPLES):
                f.seek((size - _CHUNK) * i // (_SAMPLES - 1))
                digest.update(f.read(_CHUNK))
    return digest.hexdigest()


__all__ = ["cache_root", "content_hash"]


def is_footage(timeline: Timeline, path: str | Path) -> bool:
    """Whether ``path`` is a file the edit uses as footage, by any name (a link, ``./``): a
    render or a save must never be renamed over a source."""
    if not Path(path).exists():
        return False
    for media in timeline.media():
        try:
            if os.path.samefile(media.path, path):
                return True
        except OSError:  # a missing source is not this file
            continue
    return False
