"""Analysis results remembered per source content and model version, so reopening is instant.

The key is the source's fingerprint (:func:`vedit_gui.media.fingerprint.content_hash`:
renaming or touching a file keeps its results, editing it does not) and the model version. Files live under
``$XDG_CACHE_HOME/vedit/analysis`` and are written atomically.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from ..media.fingerprint import cache_root, content_hash


def cache_dir() -> Path:
    return cache_root() / "analysis"


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
