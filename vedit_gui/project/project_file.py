"""The ``.vedit`` project file: one JSON document holding the timeline and the UI state.

``{"format": "vedit.project", "version": 1, "timeline": {...}, "extra": {...}}``. Media
paths are stored relative to the project file (so a project folder can move as a whole),
with the absolute path kept beside as a fallback. Loading never fails over missing media:
it reports them so the app can offer to relink. Saving is atomic, and a file that cannot be
read is never touched.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..media.fingerprint import is_footage
from ..timeline import Timeline
from . import migrate as migration
from .atomic import atomic_write_bytes
from .errors import CorruptProjectError, ProjectError
from .media_check import ChangedMedia
from .serialize import json_value, timeline_from_dict, timeline_to_dict

FORMAT = "vedit.project"
SUFFIX = ".vedit"
ABSOLUTE_PATH = "absolute_path"
CUT_SHORT = "Media cut short"  # how media_problems starts a line about a file cut short
# Top-level fields this version does not know ride in the timeline's metadata under this key.
UNKNOWN_FILE_FIELDS = "vedit.unknown_file_fields"
_KNOWN_FILE_FIELDS = {"format", "version", "timeline", "extra"}


@dataclass(frozen=True)
class LoadedProject:
    """A project as read from disk; ``missing_media`` lists source paths that do not exist,
    ``changed_media`` (filled by :func:`~.opening.open_any`, which probes the files) the
    sources whose file no longer holds the frames the clips use."""

    timeline: Timeline
    extra: dict[str, Any]
    path: Path
    missing_media: list[str] = field(default_factory=list)
    changed_media: list[ChangedMedia] = field(default_factory=list)
    cut_short: list[str] = field(default_factory=list)  # what to say of sources cut short
    note: str | None = None  # what to say on opening it (a variable-rate source conformed, a sequence chosen)

    def media_problems(self) -> str:
        """What a project opened with missing or changed media tells the editor, one line per
        kind ("" when every file is there and long enough); the project is left as it is."""
        lines = []
        if self.missing_media:
            lines.append("Media not found: " + ", ".join(self.missing_media))
        if self.changed_media:
            lines.append("Media changed: " + "; ".join(c.describe(self.timeline) for c in self.changed_media) + ".")
        lines.extend(f"{CUT_SHORT}: {note}." for note in self.cut_short)
        return "\n".join(lines)


def save_project(
    timeline: Timeline, path: str | Path, *, extra: dict[str, Any] | None = None
) -> None:
    """Write ``timeline`` (and UI state ``extra``: playhead, zoom...) to ``path`` atomically.

    Raises :class:`ProjectError` (the old file left intact) if the timeline holds values
    JSON cannot keep exactly, or if the file cannot be written.
    """
    path = Path(path)
    write_project_file(timeline, path, extra=extra, media_base=Path(os.path.abspath(path)).parent)


def write_project_file(
    timeline: Timeline,
    path: Path,
    *,
    extra: dict[str, Any] | None,
    media_base: Path | None,
    compact: bool = False,
) -> None:
    """Save with media paths relative to ``media_base``, or absolute only when it is None
    (recovery files, which live away from the project).

    ``compact`` drops the indentation, which lets ``json`` use its C encoder (about five
    times faster on large timelines): for autosaves, which nobody reads or diffs.
    """
    if is_footage(timeline, path):
        # The atomic rename would put the project where the footage was: never lose a source.
        raise ProjectError("that is footage this project uses; saving there would replace it. "
                           "Choose another file name", path)
    try:
        data = project_to_dict(timeline, extra, media_base)
        layout: dict[str, Any] = {"separators": (",", ":")} if compact else {"indent": 1}
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, **layout)
    except ProjectError as exc:
        raise exc.with_path(path) from exc
    try:
        raw = (text + "\n").encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (from a mis-decoded file name) is no UTF-8; JSON escapes keep it.
        raw = (json.dumps(data, ensure_ascii=True, **layout) + "\n").encode("ascii")
    atomic_write_bytes(path, raw)


def project_to_dict(
    timeline: Timeline, extra: dict[str, Any] | None, media_base: Path | None
) -> dict[str, Any]:
    unknown = timeline.metadata.get(UNKNOWN_FILE_FIELDS, {})
    if UNKNOWN_FILE_FIELDS in timeline.metadata:
        metadata = {k: v for k, v in timeline.metadata.items() if k != UNKNOWN_FILE_FIELDS}
        timeline = replace(timeline, metadata=metadata)
    body = timeline_to_dict(timeline)
    for entry in body["suggestions"]:  # named by the path its media entry had before rebasing
        entry["source"] = os.path.abspath(entry["source"])
    for entry in body["media"]:
        absolute = os.path.abspath(entry["path"])
        entry["path"] = absolute
        if media_base is not None:
            try:
                relative = os.path.relpath(absolute, media_base)
            except ValueError:  # another drive on Windows: only the absolute path works
                continue
            entry["path"] = Path(relative).as_posix()
            entry[ABSOLUTE_PATH] = absolute
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": migration.CURRENT_VERSION,
        "timeline": body,
        "extra": json_value(extra or {}, "extra"),
    }
    if isinstance(unknown, dict):
        for key, value in unknown.items():
            data.setdefault(key, json_value(value, key))
    return data


def load_project(path: str | Path) -> LoadedProject:
    """Read a project; :class:`ProjectError` (naming the file) if it cannot be opened.

    The file is only read, so a garbled or too-new file stays exactly as it was.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ProjectError("the project file does not exist", path) from exc
    except IsADirectoryError as exc:
        raise ProjectError("this is a folder, not a project file", path) from exc
    except OSError as exc:
        raise ProjectError(f"cannot read the file: {exc.strerror or exc}", path) from exc
    try:
        data = parse_project(raw)
        timeline, extra, missing = project_from_dict(data, Path(os.path.abspath(path)).parent)
    except ProjectError as exc:
        raise exc.with_path(path) from exc
    return LoadedProject(timeline, extra, path, missing)


def _reject_constant(name: str) -> Any:
    raise CorruptProjectError(f"{name} is not a number a project file may hold")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # "1e999" parses to infinity, which no save could write back
        raise CorruptProjectError(f"{text} is too large a number for a project file")
    return value


class _Overlong:
    """Stands in, on a second reading, for an integer literal too long for Python to read."""

    def __init__(self, digits: int) -> None:
        self.digits = digits


def _overlong_int(text: str) -> int | _Overlong:
    try:
        return int(text)
    except ValueError:
        return _Overlong(len(text.lstrip("-")))


def _overlong_place(text: str) -> str:
    """Where in the document an integer too long to read is, as the reader names places
    (``media[0].duration``), and how long it is. Only a failed load pays for this second pass."""
    data = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float,
                      parse_int=_overlong_int)
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:  # not recursive: the document may nest as deeply as json allows
        where, value = stack.pop()
        if isinstance(value, _Overlong):
            where = where.removeprefix("timeline.") or "the file"
            return f"{where}: a number {value.digits} digits long is no value a project holds"
        if isinstance(value, dict):
            stack.extend((f"{where}.{key}" if where else key, v) for key, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", v) for i, v in reversed(list(enumerate(value))))
    return "the file holds a number too long to read"


def parse_project(raw: bytes) -> dict[str, Any]:
    """The file's JSON, checked to be a vedit project and upgraded to the current version."""
    try:
        # "-sig": Windows Notepad starts a UTF-8 file with a byte-order mark, which JSON is not.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorruptProjectError("not a vedit project (the file is not text)") from exc
    if not text.strip():
        raise CorruptProjectError("the file is empty")
    try:
        data = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            raise CorruptProjectError("the file is truncated (it ends too early)") from exc
        raise CorruptProjectError(
            f"the file is damaged (not valid JSON at line {exc.lineno}, column {exc.colno})"
        ) from exc
    except RecursionError as exc:
        raise CorruptProjectError("the file is damaged (nested too deeply)") from exc
    except ValueError as exc:  # an integer past Python's 4300 digits, which int() refuses
        raise CorruptProjectError(_overlong_place(text)) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CorruptProjectError("not a vedit project file")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise CorruptProjectError("the file has no valid format version")
    return migration.upgrade_to_current(data, version)


def project_from_dict(
    data: dict[str, Any], folder: Path
) -> tuple[Timeline, dict[str, Any], list[str]]:
    """(timeline, extra, missing media) from a parsed file whose relative paths start at
    ``folder``."""
    body = data.get("timeline")
    extra = data.get("extra", {})
    if not isinstance(body, dict):
        raise CorruptProjectError("the file holds no timeline")
    if not isinstance(extra, dict):
        raise CorruptProjectError("extra: expected an object")
    missing, renamed = _resolve_media(body, folder)
    timeline = timeline_from_dict(body)
    renamed.update(_relative_sources(timeline, renamed))
    if renamed:
        suggestions = tuple(
            replace(s, source=renamed[s.source]) if s.source in renamed else s
            for s in timeline.suggestions
        )
        timeline = replace(timeline, suggestions=suggestions)
    unknown = {key: value for key, value in data.items() if key not in _KNOWN_FILE_FIELDS}
    if unknown:
        timeline = replace(timeline, metadata={**timeline.metadata, UNKNOWN_FILE_FIELDS: unknown})
    return timeline, extra, missing


def _relative_sources(timeline: Timeline, renamed: dict[str, str]) -> dict[str, str]:
    """Suggestion sources saved relative to the folder vedit was started in (projects saved
    before sources were kept absolute, from footage opened as e.g. ``resources/a.mp4``),
    each mapped to the one media path that ends with it. Without this their decisions would
    stand apart from the edit and analysis would suggest everything again."""
    media = {m.path for m in timeline.media()}
    found: dict[str, str] = {}
    for source in {s.source for s in timeline.suggestions}:
        if source in media or source in renamed or os.path.isabs(source):
            continue
        tail = Path(os.path.normpath(source)).parts
        if not tail or ".." in tail:
            continue
        matches = [m for m in media if Path(m).parts[-len(tail):] == tail]
        if len(matches) == 1:
            found[source] = matches[0]
    return found


def _resolve_media(body: dict[str, Any], folder: Path) -> tuple[list[str], dict[str, str]]:
    """Point each media entry at the file that exists: relative first, then absolute.

    Rewrites ``body`` in place; returns the paths found nowhere and a map from each stored
    absolute path to the path now used (for suggestions, which name their source by path).
    """
    media = body.get("media", [])
    if not isinstance(media, list):
        return [], {}  # timeline_from_dict reports the bad shape with its location
    missing: list[str] = []
    renamed: dict[str, str] = {}
    for index, entry in enumerate(media):
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            continue
        stored = entry["path"]
        absolute = entry.pop(ABSOLUTE_PATH, None)
        if absolute is not None and not isinstance(absolute, str):
            raise CorruptProjectError(f"media[{index}].{ABSOLUTE_PATH}: expected a string")
        candidates = [os.path.normpath(os.path.join(folder, stored))]
        if absolute is not None:
            candidates.append(absolute)
        found = next((c for c in candidates if os.path.exists(c)), None)
        chosen = found if found is not None else (absolute or candidates[0])
        if found is None and chosen not in missing:
            missing.append(chosen)
        entry["path"] = chosen
        if absolute is not None and absolute != chosen:
            renamed[absolute] = chosen
    return missing, renamed
