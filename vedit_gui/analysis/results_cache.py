"""Analysis results remembered per source content and model version, so reopening is instant.

The key is the source's fingerprint (:func:`vedit_gui.media.fingerprint.content_hash`:
renaming or touching a file keeps its results, editing it does not) and the model version;
for a variable-rate file also the grid its frames are counted on (``rate``, as
:func:`~vedit_gui.media.probe.probe` takes it), so results on an edit's grid and on the
average rate's never mix. Files live under ``$XDG_CACHE_HOME/vedit/analysis`` and are
written atomically.
"""

from __future__ import annotations

import json
import tempfile
from fractions import Fraction
from pathlib import Path

from ..media.errors import MediaError
from ..media.fingerprint import cache_root, content_hash
from ..media.probe import probe


def cache_dir() -> Path:
    return cache_root() / "analysis"


def _entry(path: Path, version: str, rate: Fraction | None) -> Path:
    return cache_dir() / f"{content_hash(path)}-{version}{grid_tag(path, rate)}.json"


def grid_tag(path: Path, rate: Fraction | None) -> str:
    """What names a variable-rate file's grid in its entries ("" for a constant-rate file,
    whose entries stay where they were). Entries before it counted such a file's pictures,
    not its grid frames, and are not read."""
    try:
        video = probe(path, rate).video
    except MediaError:
        return ""
    if video is None or not video.variable_frame_rate:
        return ""
    return f"-grid{video.rate.numerator}_{video.rate.denominator}"


def load_cached(path: Path, version: str, rate: Fraction | None = None) -> dict | None:
    """The stored result for this content, model version and grid, or None."""
    try:
        return json.loads(_entry(path, version, rate).read_text())
    except (OSError, ValueError):
        return None


def store(path: Path, version: str, data: dict, rate: Fraction | None = None) -> None:
    entry = _entry(path, version, rate)
    entry.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=entry.parent, suffix=".tmp", delete=False) as tmp:
        json.dump(data, tmp)
    Path(tmp.name).replace(entry)
