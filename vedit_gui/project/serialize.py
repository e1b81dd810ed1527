"""A timeline as a JSON-able dict and back, exactly.

Every object is tagged with a versioned schema name, as OpenTimelineIO does (``"Clip.1"``).
Frames are ints and rates strings (``"30000/1001"``), so nothing passes through a float.
Sources sit once in a ``media`` table that clips point into by index, which lets the file
layer rewrite paths in one place.

Fields this version does not know survive a round trip: on an object with a ``metadata``
dict (timeline, media reference, clip) they are kept under ``metadata[UNKNOWN_FIELDS]``; on
the others (track, gap, transition, marker, suggestion) in the timeline's
``metadata[UNKNOWN_BY_ID][object id]``. Either way they are written back as fields. Unknown
fields of a nested frame range are kept by its owner under ``"@<field name>"``.

A track's dissolves sit in its ``transitions`` list (``"Transition.1"``: ``clip_id``,
``in_offset``, ``out_offset``, ``kind``, ``id``); files written before dissolves have none.
Only transitions into a clip of their own track are kept: the model holds on to a stale one
for undo, but a file has no undo to give it back to.

Ids are unique across objects of every kind: edits find objects by id. The reader gives a fresh
one to an object whose id one read before has (a damaged or hand-merged file), as the
OpenTimelineIO importer does; a transition follows the clip of its own track that it names.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

from ..timeline import (
    DISSOLVE,
    MAX_GAIN_DB,
    MUTE_DB,
    Clip,
    FrameRange,
    Gap,
    Item,
    Marker,
    MediaReference,
    Suggestion,
    SuggestionStatus,
    Timeline,
    Track,
    TrackKind,
    Transition,
    format_rate,
    parse_rate,
)
from ..timeline.model import new_id
from ..timeline.time import Rate
from .errors import CorruptProjectError, NewerVersionError, UnsupportedValueError

SCHEMA_KEY = "schema"
UNKNOWN_FIELDS = "vedit.unknown_fields"
UNKNOWN_BY_ID = "vedit.unknown_fields_by_id"

# The newest version of each object this code writes and reads.
SCHEMA_VERSIONS: dict[str, int] = {
    "Timeline": 1,
    "MediaReference": 1,
    "Track": 1,
    "Clip": 1,
    "Gap": 1,
    "Transition": 1,
    "FrameRange": 1,
    "Marker": 1,
    "Suggestion": 1,
}

T = TypeVar("T")
_REQUIRED: Any = object()


# --- writing -------------------------------------------------------------------------------


def timeline_to_dict(timeline: Timeline) -> dict[str, Any]:
    """The timeline as plain dicts, lists, strings and numbers (``json.dumps`` ready).

    Raises :class:`UnsupportedValueError` for metadata or parameters JSON cannot hold
    exactly (tuples, sets, non-string keys, NaN), rather than saving something else.
    """
    return _Writer(timeline).timeline()


def json_value(value: Any, where: str) -> Any:
    """A deep copy of ``value`` if JSON holds it exactly; otherwise a clear error."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise UnsupportedValueError(f"{where}: {value} cannot be saved (not a finite number)")
        return float(value)
    if isinstance(value, list):
        return [json_value(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        out = {}
        for key, v in value.items():
            if not isinstance(key, str):
                raise UnsupportedValueError(
                    f"{where}: key {key!r} cannot be saved (keys must be strings)"
                )
            out[key] = json_value(v, f"{where}.{key}")
        return out
    raise UnsupportedValueError(
        f"{where}: a {type(value).__name__} cannot be saved exactly; "
        "use lists, dicts, strings, numbers, booleans or None"
    )


def _tag(name: str) -> str:
    return f"{name}.{SCHEMA_VERSIONS[name]}"


class _Writer:
    def __init__(self, timeline: Timeline) -> None:
        self._timeline = timeline
        self._media: list[MediaReference] = []
        by_id = timeline.metadata.get(UNKNOWN_BY_ID, {})
        self._by_id: dict[str, dict[str, Any]] = by_id if isinstance(by_id, dict) else {}

    def _object(
        self, name: str, fields: dict[str, Any], unknown: dict[str, Any], where: str
    ) -> dict[str, Any]:
        out: dict[str, Any] = {SCHEMA_KEY: _tag(name), **fields}
        for key, value in unknown.items():
            # Known fields win over a stale copy; "@..." entries belong to nested ranges.
            if key not in out and not key.startswith("@"):
                out[key] = json_value(value, f"{where}.{key}")
        return out

    def _range(self, rng: FrameRange, unknown: dict[str, Any], field: str, where: str) -> dict:
        nested = unknown.get(f"@{field}", {})
        fields = {"start": rng.start, "duration": rng.duration}
        return self._object("FrameRange", fields, nested if isinstance(nested, dict) else {}, where)

    def _split_metadata(
        self, metadata: dict[str, Any], where: str, *private: str
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """(metadata to write, unknown fields to write back as fields)."""
        unknown = metadata.get(UNKNOWN_FIELDS, {})
        hidden = {UNKNOWN_FIELDS, *private}
        kept = {key: value for key, value in metadata.items() if key not in hidden}
        return json_value(kept, f"{where}.metadata"), unknown if isinstance(unknown, dict) else {}

    def _media_index(self, media: MediaReference) -> int:
        for index, known in enumerate(self._media):
            if known is media or known == media:
                return index
        self._media.append(media)
        return len(self._media) - 1

    def timeline(self) -> dict[str, Any]:
        tl = self._timeline
        tracks = [self._track(track, f"tracks[{i}]") for i, track in enumerate(tl.tracks)]
        metadata, unknown = self._split_metadata(tl.metadata, "timeline", UNKNOWN_BY_ID)
        fields = {
            "name": tl.name,
            "rate": format_rate(tl.rate),
            "media": [self._media_ref(m, f"media[{i}]") for i, m in enumerate(self._media)],
            "tracks": tracks,
            "markers": [self._marker(m, f"markers[{i}]") for i, m in enumerate(tl.markers)],
            "suggestions": [
                self._suggestion(s, f"suggestions[{i}]") for i, s in enumerate(tl.suggestions)
            ],
            "metadata": metadata,
        }
        return self._object("Timeline", fields, unknown, "timeline")

    def _media_ref(self, media: MediaReference, where: str) -> dict[str, Any]:
        metadata, unknown = self._split_metadata(media.metadata, where)
        fields = {
            "path": media.path,
            "rate": format_rate(media.rate),
            "duration": media.duration,
            "has_video": media.has_video,
            "has_audio": media.has_audio,
            "metadata": metadata,
        }
        return self._object("MediaReference", fields, unknown, where)

    def _track(self, track: Track, where: str) -> dict[str, Any]:
        items = [self._item(item, f"{where}.items[{i}]") for i, item in enumerate(track.items)]
        clip_ids = {clip.id for clip in track.clips()}
        kept = [t for t in track.transitions if t.clip_id in clip_ids]
        transitions = [self._transition(t, f"{where}.transitions[{i}]") for i, t in enumerate(kept)]
        fields = {
            "id": track.id,
            "name": track.name,
            "kind": track.kind.value,
            "items": items,
            "transitions": transitions,
            "enabled": track.enabled,
        }
        return self._object("Track", fields, self._by_id.get(track.id, {}), where)

    def _transition(self, transition: Transition, where: str) -> dict[str, Any]:
        fields = {
            "id": transition.id,
            "clip_id": transition.clip_id,
            "in_offset": transition.in_offset,
            "out_offset": transition.out_offset,
            "kind": transition.kind,
        }
        return self._object("Transition", fields, self._by_id.get(transition.id, {}), where)

    def _item(self, item: Item, where: str) -> dict[str, Any]:
        if isinstance(item, Gap):
            return self._object(
                "Gap",
                {"id": item.id, "duration": item.duration},
                self._by_id.get(item.id, {}),
                where,
            )
        metadata, unknown = self._split_metadata(item.metadata, where)
        fields = {
            "id": item.id,
            "name": item.name,
            "media": self._media_index(item.media),
            "source_range": self._range(
                item.source_range, unknown, "source_range", f"{where}.source_range"
            ),
            "link": item.link,
            "metadata": metadata,
        }
        # Written only where set, so files of unchanged clips stay as they were.
        if item.gain_db != 0.0:
            fields["gain_db"] = item.gain_db
        for name in ("fade_in", "fade_out"):
            if getattr(item, name):
                fields[name] = getattr(item, name)
        return self._object("Clip", fields, unknown, where)

    def _marker(self, marker: Marker, where: str) -> dict[str, Any]:
        fields = {
            "id": marker.id,
            "frame": marker.frame,
            "name": marker.name,
            "color": marker.color,
            "note": marker.note,
        }
        return self._object("Marker", fields, self._by_id.get(marker.id, {}), where)

    def _suggestion(self, s: Suggestion, where: str) -> dict[str, Any]:
        unknown = self._by_id.get(s.id, {})
        fields = {
            "id": s.id,
            "kind": s.kind,
            "source": s.source,
            "source_range": self._range(
                s.source_range, unknown, "source_range", f"{where}.source_range"
            ),
            "confidence": json_value(s.confidence, f"{where}.confidence"),
            "producer": s.producer,
            "params": json_value(s.params, f"{where}.params"),
            "status": s.status.value,
        }
        return self._object("Suggestion", fields, unknown, where)


# --- reading -------------------------------------------------------------------------------


def timeline_from_dict(data: Any) -> Timeline:
    """The timeline a :func:`timeline_to_dict` dict describes.

    Raises :class:`CorruptProjectError` naming the bad place (``tracks[0].items[2].media``)
    for wrong shapes, and :class:`NewerVersionError` for objects of a newer schema version.
    """
    return _Reader().timeline(data)


_TYPE_NAMES = {
    bool: "a boolean",
    type(None): "null",
    dict: "an object",
    list: "a list",
    str: "a string",
    int: "an integer",
    float: "a number",
}


def _describe(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


class _Fields:
    """One tagged object being read, remembering which fields were used."""

    def __init__(self, data: Any, schema: str, where: str) -> None:
        if not isinstance(data, dict):
            raise CorruptProjectError(
                f"{where}: expected a {schema} object, found {_describe(data)}"
            )
        tag = data.get(SCHEMA_KEY)
        name, _, version = tag.rpartition(".") if isinstance(tag, str) else ("", "", "")
        # Plain ASCII digits, and few: int() refuses "²" and 5000 digits with a ValueError.
        if not name or not (version.isascii() and version.isdigit() and len(version) < 10):
            raise CorruptProjectError(
                f'{where}: missing or bad schema tag (expected "{_tag(schema)}")'
            )
        if name != schema:
            raise CorruptProjectError(f"{where}: expected a {schema}, found a {name}")
        if int(version) > SCHEMA_VERSIONS[schema]:
            raise NewerVersionError(
                f"{where}: {tag} was written by a newer vedit (this one reads up to "
                f"{_tag(schema)}); update vedit to open it"
            )
        self.data = data
        self.where = where
        self._used = {SCHEMA_KEY}

    def get(self, key: str, kind: type[T] | tuple[type, ...], default: Any = _REQUIRED) -> T:
        self._used.add(key)
        if key not in self.data:
            if default is _REQUIRED:
                raise CorruptProjectError(f"{self.where}: missing field {key!r}")
            return default
        value = self.data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        # bool is an int to Python, but a boolean where a frame number belongs is corruption.
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            wanted = " or ".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)
            raise CorruptProjectError(
                f"{self.where}.{key}: expected {wanted}, found {_describe(value)}"
            )
        return value

    def rate(self, key: str) -> Rate:
        text = self.get(key, str)
        try:
            return parse_rate(text)
        except (ValueError, ZeroDivisionError) as exc:
            raise CorruptProjectError(f"{self.where}.{key}: bad frame rate {text!r}") from exc

    def unknown(self) -> dict[str, Any]:
        return {key: value for key, value in self.data.items() if key not in self._used}


def _build(where: str, make: Callable[[], T]) -> T:
    """Construct a model value, turning its validation errors into file errors."""
    try:
        return make()
    except (ValueError, TypeError) as exc:
        raise CorruptProjectError(f"{where}: {exc}") from exc


def _decibels(value: float) -> str:
    """``value`` dB for a message; an integer too large for a float (or to read) by its length."""
    if isinstance(value, int) and abs(value) >= 10**15:
        return f"a number {len(str(abs(value)))} digits long"
    return f"{float(value)} dB"


def _with_unknown(metadata: dict[str, Any], unknown: dict[str, Any]) -> dict[str, Any]:
    return {**metadata, UNKNOWN_FIELDS: unknown} if unknown else metadata


class _Reader:
    def __init__(self) -> None:
        self._media: list[MediaReference] = []
        self._by_id: dict[str, dict[str, Any]] = {}
        self._ids: set[str] = set()

    def _keep(self, object_id: str, unknown: dict[str, Any]) -> None:
        if unknown:
            self._by_id[object_id] = unknown

    def _id(self, f: _Fields) -> str:
        """The object's id, or a fresh one where it has none or an object read before took it
        (a damaged or hand-merged file): edits find objects by id, and would act on the first.
        One namespace for every kind, as the unknown fields are kept by id in one table."""
        stored = f.get("id", str, None)
        object_id = stored if stored and stored not in self._ids else new_id()
        self._ids.add(object_id)
        return object_id

    def _range(self, owner: _Fields, key: str, unknown: dict[str, Any]) -> FrameRange:
        fields = _Fields(owner.get(key, dict), "FrameRange", f"{owner.where}.{key}")
        rng = _build(
            fields.where, lambda: FrameRange(fields.get("start", int), fields.get("duration", int))
        )
        if extra := fields.unknown():
            unknown[f"@{key}"] = extra
        return rng

    def _list(self, owner: _Fields, key: str) -> list[Any]:
        return owner.get(key, list, [])

    def timeline(self, data: Any) -> Timeline:
        f = _Fields(data, "Timeline", "timeline")
        self._media = [
            self._media_ref(item, f"media[{i}]") for i, item in enumerate(self._list(f, "media"))
        ]
        rate = f.rate("rate")
        name = f.get("name", str, "Timeline")
        tracks = tuple(
            self._track(item, f"tracks[{i}]") for i, item in enumerate(self._list(f, "tracks"))
        )
        markers = tuple(
            self._marker(item, f"markers[{i}]") for i, item in enumerate(self._list(f, "markers"))
        )
        suggestions = tuple(
            self._suggestion(item, f"suggestions[{i}]")
            for i, item in enumerate(self._list(f, "suggestions"))
        )
        metadata = _with_unknown(f.get("metadata", dict, {}), f.unknown())
        if self._by_id:
            metadata = {**metadata, UNKNOWN_BY_ID: self._by_id}
        return _build(
            "timeline",
            lambda: Timeline(rate, tracks, name, markers, suggestions, metadata),
        )

    def _media_ref(self, data: Any, where: str) -> MediaReference:
        f = _Fields(data, "MediaReference", where)
        path = f.get("path", str)
        rate = f.rate("rate")
        duration = f.get("duration", int)
        if duration < 0:
            raise CorruptProjectError(f"{where}.duration: negative duration {duration}")
        has_video = f.get("has_video", bool, True)
        has_audio = f.get("has_audio", bool, True)
        metadata = f.get("metadata", dict, {})
        return MediaReference(
            path, rate, duration, has_video, has_audio, _with_unknown(metadata, f.unknown())
        )

    def _track(self, data: Any, where: str) -> Track:
        f = _Fields(data, "Track", where)
        kind_text = f.get("kind", str)
        try:
            kind = TrackKind(kind_text)
        except ValueError as exc:
            raise CorruptProjectError(f"{where}.kind: unknown track kind {kind_text!r}") from exc
        items: list[Item] = []
        clip_ids: dict[str, str] = {}  # each stored clip id of this track: the id it has now
        for i, entry in enumerate(self._list(f, "items")):
            item, stored = self._item(entry, f"{where}.items[{i}]")
            items.append(item)
            if isinstance(item, Clip) and stored:
                clip_ids.setdefault(stored, item.id)  # the first clip: the one a transition found
        transitions = [
            transition
            for i, entry in enumerate(self._list(f, "transitions"))
            if (transition := self._transition(entry, f"{where}.transitions[{i}]", clip_ids)) is not None
        ]
        track = Track(
            kind,
            tuple(items),
            f.get("name", str, ""),
            self._id(f),
            tuple(transitions),
            f.get("enabled", bool, True),
        )
        self._keep(track.id, f.unknown())
        return track

    def _transition(self, data: Any, where: str, clip_ids: dict[str, str]) -> Transition | None:
        """The transition into the clip of its own track it names, by the id that clip has now
        (``clip_ids``: stored id to id); None for one into a clip the track no longer holds,
        which is stale (as saving drops it)."""
        f = _Fields(data, "Transition", where)
        clip_id = f.get("clip_id", str)
        offsets = {key: f.get(key, int) for key in ("in_offset", "out_offset")}
        for key, value in offsets.items():
            if value < 0:
                raise CorruptProjectError(f"{where}.{key}: negative offset {value}")
        if not any(offsets.values()):
            raise CorruptProjectError(f"{where}: a transition must mix at least one frame")
        kind = f.get("kind", str, DISSOLVE)
        if clip_id not in clip_ids:
            return None
        transition = Transition(
            clip_ids[clip_id],
            offsets["in_offset"],
            offsets["out_offset"],
            kind,
            self._id(f),
        )
        self._keep(transition.id, f.unknown())
        return transition

    def _item(self, data: Any, where: str) -> tuple[Item, str | None]:
        """The item, and the id the file gave it (which its track's transitions name)."""
        tag = data.get(SCHEMA_KEY) if isinstance(data, dict) else None
        if isinstance(tag, str) and tag.startswith("Gap."):
            f = _Fields(data, "Gap", where)
            duration = f.get("duration", int)
            if duration < 1:
                raise CorruptProjectError(f"{where}.duration: a gap must last at least one frame")
            gap = Gap(duration, self._id(f))
            self._keep(gap.id, f.unknown())
            return gap, f.get("id", str, None)
        f = _Fields(data, "Clip", where)
        index = f.get("media", int)
        if not 0 <= index < len(self._media):
            raise CorruptProjectError(f"{where}.media: no media entry {index}")
        unknown: dict[str, Any] = {}
        source_range = self._range(f, "source_range", unknown)
        if source_range.duration < 1:
            raise CorruptProjectError(f"{where}.source_range: a clip must last at least one frame")
        if source_range.start < 0:
            raise CorruptProjectError(
                f"{where}.source_range: a clip cannot start before its source"
            )
        name = f.get("name", str, "")
        link = f.get("link", (str, type(None)), None)
        clip_id = self._id(f)
        metadata = f.get("metadata", dict, {})
        gain = f.get("gain_db", (int, float), 0.0)
        if not MUTE_DB <= gain <= MAX_GAIN_DB:  # compared exactly: an int may be past any float
            raise CorruptProjectError(f"{where}.gain_db: {_decibels(gain)} is outside {MUTE_DB:g}..+{MAX_GAIN_DB:g}")
        gain_db = float(gain)
        fades = [f.get(side, int, 0) for side in ("fade_in", "fade_out")]
        if min(fades) < 0:
            raise CorruptProjectError(f"{where}: a fade cannot be negative ({fades[0]}, {fades[1]})")
        unknown.update(f.unknown())
        clip = Clip(
            self._media[index], source_range, name, link, clip_id, _with_unknown(metadata, unknown), gain_db,
            *fades,
        )
        return clip, f.get("id", str, None)

    def _marker(self, data: Any, where: str) -> Marker:
        f = _Fields(data, "Marker", where)
        marker = Marker(
            f.get("frame", int),
            f.get("name", str, ""),
            f.get("color", str, "yellow"),
            f.get("note", str, ""),
            self._id(f),
        )
        self._keep(marker.id, f.unknown())
        return marker

    def _suggestion(self, data: Any, where: str) -> Suggestion:
        f = _Fields(data, "Suggestion", where)
        unknown: dict[str, Any] = {}
        status_text = f.get("status", str, SuggestionStatus.PENDING.value)
        try:
            status = SuggestionStatus(status_text)
        except ValueError as exc:
            raise CorruptProjectError(f"{where}.status: unknown status {status_text!r}") from exc
        suggestion = _build(
            where,
            lambda: Suggestion(
                f.get("kind", str),
                f.get("source", str),
                self._range(f, "source_range", unknown),
                f.get("confidence", (int, float)),
                f.get("producer", str, ""),
                f.get("params", dict, {}),
                status,
                self._id(f),
            ),
        )
        unknown.update(f.unknown())
        self._keep(suggestion.id, unknown)
        return suggestion
