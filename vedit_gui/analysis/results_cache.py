"""Analysis results remembered per source content and model version, so reopening is instant.

The key is a content hash (file size plus evenly spaced 64 KiB samples: renaming or touching
a file keeps its results, editing it does not) and the model version. Files live under
``$XDG_CACHE_HOME/vedit/analysis`` and are written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

_SAMPLES = 16
_CHUNK = 1 << 16


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vedit" / "analysis"


def content_hash(path: Path) -> str:
    """A hash of the file's size and sampled content (reads about 1 MiB, whatever the size)."""
    size = path.stat().st_size
    digest = hashlib.blake2b(str(size).encode(), digest_size=16)
    with path.open("rb") as f:
        if size <= _SAMPLES * _CHUNK:
            digest.update(f.read())
        else:
            for i in range(_SAMPLES):
                f.seek((size - _CHUNK) * i // (_SAMPLES - 1))
                digest.update(f.read(_CHUNK))
    return digest.hexdigest()


def _entry(path: Path, version: str) -> Path:
    return cache_dir() / f"{content_hash(path)}-{version}.json"


def load_cached(path: Path, version: str) -> dict | None:
    """The stored result for this content and model version, or None."""
    try:
        return json.loads(_entry(path, version).read_text())
    except (OSError, ValueError):
        return None


def store(path: Path, version: str, data: dict) -> None:
    entry = _entry(path, version)
    entry.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=entry.parent, suffix=".tmp", delete=False) as tmp:
        json.dump(data, tmp)
    Path(tmp.name).replace(entry)
