"""Interchange with other editors through OpenTimelineIO (``.otio``; EDLs: ``edl.py``).

OTIO keeps time as float values at float rates; we map each rate back to an exact
``Fraction`` with :func:`timeline.parse_rate` (29.97002997… is 30000/1001) and count
frames exactly. What OTIO has no place for (ids, links, exact rates, suggestions) rides in
``metadata["vedit"]``, so a vedit timeline comes back from OTIO as it went in. Timelines
from other tools are read as faithfully as our model allows:

- picture and sound clips of the same file and source range at the same position are
  linked, as vedit links them;
- a source's rate and length come from the reference's ``available_range``, else from
  probing the file;
- a dissolve is an OTIO ``SMPTE_Dissolve`` transition between its two clips, whose offsets
  are the frames that play (the model's own offsets, which may reach further, ride in its
  metadata); one that plays nowhere (after a gap) rides in its track's metadata. Read back,
  a dissolve between two clips belongs to the clip after it; other transitions become cuts,
  and clips without a file (missing or generated media) become gaps, since the timeline can
  hold neither;
- OTIO cuts strings at a NUL character and rounds floats, so free-form params and metadata
  travel as JSON text and a confidence as its decimal text (a name holding a NUL is cut);
- suggestions travel as markers on the clip that shows them, their fields in
  ``metadata["vedit"]["suggestion"]``; the ones no clip shows ride in the timeline's
  metadata. Read from vedit's Final Cut Pro XML, a marker holding a ``veditSuggestion``
  element is that suggestion again; other XML markers keep their comment as their note.
"""

from __future__ import annotations

import contextlib
import json
import os
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import opentimelineio as otio

from ..media.punch_in import PunchIn, PunchInError
from ..media.title import Title, TitleError
from ..timeline import (
    DISSOLVE,
    MAX_GAIN_DB,
    MUTE_DB,
    Clip,
    FrameRange,
    Gap,
    Marker,
    MediaReference,
    Suggestion,
    SuggestionStatus,
    Timeline,
    Track,
    TrackKind,
    Transition,
    TransitionWindow,
    format_rate,
    frame_to_timecode,
    nominal_fps,
    parse_rate,
    shown_kind,
    timecode_to_frame,
)
from ..timeline.model import new_id
from ..timeline.suggestion import PUNCH_IN, TITLE, confidence_label
from ..timeline.time import Rate
from ..timeline.timecode import counts_drop_frame, is_drop_frame_rate
from .atomic import atomic_write_bytes
from .errors import CorruptProjectError, ProjectError, UnsupportedValueError
from .serialize import json_value
from .start_timecode import START_TIMECODE, counts_drop_frame_for, start_frame, with_start_timecode

VEDIT = "vedit"
FCP_XML = "fcp_xml"  # where OpenTimelineIO's FCP XML adapter keeps a marker's other elements
XML_SUGGESTION = "veditSuggestion"
"""The element of a Final Cut Pro XML marker that holds the suggestion vedit marked there (its
fields as JSON, as OTIO's metadata holds them): vendor-named as Premiere's ``pproColor``, for
other editors to pass over, so vedit's own XML opens with its suggestions, not plain markers."""
_RT = otio.opentime.RationalTime
_TR = otio.opentime.TimeRange
_STATUS_COLORS = {
    SuggestionStatus.PENDING: otio.schema.MarkerColor.YELLOW,
    SuggestionStatus.ACCEPTED: otio.schema.MarkerColor.GREEN,
    SuggestionStatus.REJECTED: otio.schema.MarkerColor.RED,
}
# OTIO's marker colours, by their names ("RED"): the class holds them as static properties,
# read through getattr (vars() gives the property objects, not the strings).
_OTIO_COLORS = frozenset(
    getattr(otio.schema.MarkerColor, name) for name in vars(otio.schema.MarkerColor) if name.isupper()
)


# --- vedit -> OTIO -------------------------------------------------------------------------


def _range(start: int, duration: int, rate: Rate) -> otio.opentime.TimeRange:
    return _TR(_RT(start, float(rate)), _RT(duration, float(rate)))


def _free_out(value: dict[str, Any], where: str) -> str:
    """Free-form data (params, metadata) for OTIO's metadata, as JSON text: OTIO would cut
    its strings at a NUL character and round its floats."""
    return json.dumps(json_value(value, where), ensure_ascii=True, allow_nan=False)


def _free_in(value: Any, where: str) -> dict[str, Any]:
    """The inverse of :func:`_free_out` (a plain dict, as a person might write, is taken too)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise CorruptProjectError(f"{where} is not valid JSON") from exc
    return value if isinstance(value, dict) else {}


def _number_in(value: Any, where: str) -> float:
    """A float kept as its exact text (OTIO rounds floats), or a plain number."""
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError as exc:
            raise CorruptProjectError(f"{where} is not a number") from exc
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    raise CorruptProjectError(f"{where} is not a number")


def suggestion_fields(s: Suggestion, index: int) -> dict[str, Any]:
    """Everything a suggestion is, as vedit's OTIO metadata and an XML marker's
    ``veditSuggestion`` carry it (``index``: its place in the timeline's list)."""
    return {
        "index": index,
        "id": s.id,
        "kind": s.kind,
        "source": s.source,
        "start": s.source_range.start,
        "duration": s.source_range.duration,
        "confidence": repr(float(s.confidence)),
        "producer": s.producer,
        "params": _free_out(s.params, f"suggestion {s.id} params"),
        "status": s.status.value,
    }


def marker_words(suggestion: Suggestion) -> tuple[str, str]:
    """What another editor reads on a suggestion's marker (in OTIO, an XML, an EDL's LOC line):
    a name that says what it does, and a comment that says it in full. A title or punch-in
    vedit lays over the picture is otherwise invisible to them. vedit reads the metadata."""
    sure = confidence_label(suggestion.confidence)
    try:
        if suggestion.kind == TITLE:
            title = Title.from_params(suggestion.params)
            words = " / ".join(line for line in (title.text, title.second) if line.strip())
            return f"Title: {words}", f"vedit title, {title.place}: {words}"
        if suggestion.kind == PUNCH_IN:
            closer = PunchIn.from_params(suggestion.params)
            return (f"Punch-in {closer.zoom:.0%} ({sure})",
                    f"vedit punch-in: {closer.zoom:.0%} closer, centred {closer.x:.0%} across and {closer.y:.0%} down")
    except (TitleError, PunchInError):
        pass  # damaged settings: named by kind, as any other suggestion
    return f"{shown_kind(suggestion)} ({sure})", ""  # as the list names it: "dissolve", "pause" (not "effect:remove-pause")


def timeline_to_otio(timeline: Timeline) -> otio.schema.Timeline:
    """The timeline as an OTIO timeline (clips, gaps, markers; suggestions as markers)."""
    try:
        return _to_otio(timeline)
    except (TypeError, ValueError, OverflowError) as exc:
        # OTIO refuses a few values JSON takes (integers beyond 64 bits).
        raise UnsupportedValueError(f"cannot express the timeline in OTIO: {exc}") from exc


def _to_otio(timeline: Timeline) -> otio.schema.Timeline:
    rate = timeline.rate
    out = otio.schema.Timeline(name=timeline.name)
    # The programme's first frame by its timecode (00:00:00:00 unless the project says).
    out.global_start_time = _RT(start_frame(timeline, rate, counts_drop_frame_for(timeline, rate)), float(rate))
    unplaced: list[dict[str, Any]] = []
    clips_by_source: dict[str, list[tuple[int, otio.schema.Clip, Clip]]] = {}
    for track_index, track in enumerate(timeline.tracks):
        # Named as the editor sees it (A2), not '' as another application would show it; the
        # name is given back to vedit's own reading, so a track moved later renumbers.
        otio_track = otio.schema.Track(
            name=track.name or timeline.track_label(track_index),
            kind=otio.schema.TrackKind.Video
            if track.kind is TrackKind.VIDEO
            else otio.schema.TrackKind.Audio,
        )
        otio_track.enabled = track.enabled
        windows = {window.incoming.id: window for window in track.transition_windows()}
        following = _sound_following_picture(timeline, track)
        otio_track.metadata[VEDIT] = {"id": track.id}
        if not track.name:
            otio_track.metadata[VEDIT]["numbered"] = True
        if idle := _idle_transitions(track):
            otio_track.metadata[VEDIT]["transitions"] = idle
        for item in track.items:
            if item.id in windows:
                # OTIO's place for a transition: between the two clips, taking no time.
                otio_track.append(_transition_to_otio(windows[item.id], track, rate))
            elif item.id in following:
                otio_track.append(following[item.id])
            if isinstance(item, Gap):
                gap = otio.schema.Gap(source_range=_range(0, item.duration, rate))
                gap.metadata[VEDIT] = {"id": item.id}
                otio_track.append(gap)
                continue
            clip = _clip_to_otio(item, rate)
            otio_track.append(clip)
            # Picture tracks first: a suggestion's marker sits on the shot's picture.
            order = (
                track_index if track.kind is TrackKind.VIDEO else len(timeline.tracks) + track_index
            )
            clips_by_source.setdefault(item.media.path, []).append((order, clip, item))
        out.tracks.append(otio_track)
    for clips in clips_by_source.values():
        clips.sort(key=lambda entry: entry[0])
    for index, suggestion in enumerate(timeline.suggestions):
        fields = suggestion_fields(suggestion, index)
        host = _showing_clip(suggestion, clips_by_source.get(suggestion.source, []), rate)
        if host is None:
            unplaced.append(fields)
            continue
        clip, media = host
        name, comment = marker_words(suggestion)
        marker = otio.schema.Marker(
            name=name,
            marked_range=_range(
                suggestion.source_range.start, suggestion.source_range.duration, media.rate
            ),
            color=_STATUS_COLORS[suggestion.status],
            metadata={VEDIT: {"suggestion": fields}},
            comment=comment,
        )
        clip.markers.append(marker)
    for marker in timeline.markers:
        color = marker.color.upper()
        out.tracks.markers.append(
            otio.schema.Marker(
                name=marker.name,
                marked_range=_range(marker.frame, 0, rate),
                color=color if color in _OTIO_COLORS else otio.schema.MarkerColor.YELLOW,
                comment=marker.note,
                metadata={VEDIT: {"marker": {"id": marker.id, "color": marker.color}}},
            )
        )
    out.metadata[VEDIT] = {
        "rate": format_rate(rate),
        "metadata": _free_out(timeline.metadata, "timeline metadata"),
        "suggestions": unplaced,
    }
    return out


def timecode_start(media: MediaReference) -> int:
    """The source frame its own timecode starts at (a camera's, e.g. 14:23:10;05), else 0.
    Exports count source frames from there, as the file does, so a conform in another
    editor finds them; a tag that does not read as timecode counts from 0."""
    text = media.metadata.get("timecode")
    drop = counts_drop_frame(text) if isinstance(text, str) else None
    if drop is None:
        return 0
    counted = media.rate
    if drop and not is_drop_frame_rate(counted):
        # A variable-rate phone video averages near 29.97; its drop-frame clock counts at it.
        counted = Fraction(nominal_fps(counted) * 1000, 1001)
    try:
        return max(0, round(Fraction(timecode_to_frame(text, counted)) * media.rate / counted))
    except ValueError:  # out of range at this rate
        return 0


def _clip_to_otio(clip: Clip, rate: Rate) -> otio.schema.Clip:
    media = clip.media
    first = timecode_start(media)
    reference = otio.schema.ExternalReference(
        target_url=media.path, available_range=_range(first, media.duration, media.rate)
    )
    reference.metadata[VEDIT] = {
        "rate": format_rate(media.rate),
        "duration": media.duration,
        "has_video": media.has_video,
        "has_audio": media.has_audio,
        "metadata": _free_out(media.metadata, f"{media.path} metadata"),
    }
    out = otio.schema.Clip(
        name=clip.name,
        media_reference=reference,
        # Counted from the file's own timecode, unrounded: at another rate than the timeline's
        # it may fall between timeline frames, and reading it back subtracts it exactly.
        source_range=_TR(_RT(float(clip.source_range.start + Fraction(first) * rate / media.rate), float(rate)),
                         _RT(clip.source_range.duration, float(rate))),
    )
    out.metadata[VEDIT] = {
        "id": clip.id,
        "link": clip.link,
        "metadata": _free_out(clip.metadata, f"clip {clip.name or clip.id} metadata"),
    }
    if clip.gain_db != 0.0:
        out.metadata[VEDIT]["gain_db"] = clip.gain_db
    for side in ("fade_in", "fade_out"):
        if getattr(clip, side):
            out.metadata[VEDIT][side] = getattr(clip, side)
    return out


def _transition_fields(transition: Transition, track: Track) -> dict[str, Any]:
    return {
        "id": transition.id,
        "clip_id": transition.clip_id,
        "in_offset": transition.in_offset,
        "out_offset": transition.out_offset,
        "kind": transition.kind,
        "index": track.transitions.index(transition),
    }


def _idle_transitions(track: Track) -> list[dict[str, Any]]:
    """The track's transitions into one of its clips that play nowhere (after a gap, or a
    second one into the same clip): OTIO has no place between two clips for them."""
    playing = {window.transition.id for window in track.transition_windows()}
    clip_ids = {clip.id for clip in track.clips()}
    return [
        _transition_fields(t, track)
        for t in track.transitions
        if t.id not in playing and t.clip_id in clip_ids
    ]


def _transition_to_otio(
    window: TransitionWindow, track: Track, rate: Rate
) -> otio.schema.Transition:
    before = window.cut - window.range.start
    after = window.range.end_exclusive - window.cut
    fields = _transition_fields(window.transition, track)
    # What OTIO shows is what plays; the model's offsets return only while it still shows that.
    fields["played"] = [before, after]
    kind = window.transition.kind
    return otio.schema.Transition(
        name=kind,
        transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve
        if kind == DISSOLVE
        else otio.schema.TransitionTypes.Custom,
        in_offset=_RT(before, float(rate)),
        out_offset=_RT(after, float(rate)),
        metadata={VEDIT: {"transition": fields}},
    )


FOLLOWS_PICTURE = "follows_picture"
"""Marks a sound crossfade written for other applications that vedit plays from its picture."""


def _sound_following_picture(timeline: Timeline, track: Track) -> dict[str, otio.schema.Transition]:
    """The crossfades a sound track plays under its picture's dissolves with no transition of
    its own, by incoming clip: written so another application plays them too (Resolve saw a
    hard cut in the sound), and marked, as vedit plays them from the picture."""
    if track.kind is not TrackKind.AUDIO:
        return {}
    # Here, not at the top: fcp_layout reads edl, which reads this module.
    from .fcp_layout import sound_windows

    own = {window.incoming.id for window in track.transition_windows()}
    rate = float(timeline.rate)
    return {
        window.incoming.id: otio.schema.Transition(
            name="crossfade",
            transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
            in_offset=_RT(window.cut - window.range.start, rate),
            out_offset=_RT(window.range.end_exclusive - window.cut, rate),
            metadata={VEDIT: {FOLLOWS_PICTURE: True}},
        )
        for window in sound_windows(timeline, track)
        if window.incoming.id not in own
    }


def _showing_clip(
    suggestion: Suggestion, clips: list[tuple[int, otio.schema.Clip, Clip]], rate: Rate
) -> tuple[otio.schema.Clip, MediaReference] | None:
    """The first clip (picture first) whose source range holds the suggestion's start."""
    for _, otio_clip, clip in clips:
        # Suggestions count source frames; clip ranges count timeline frames.
        start = Fraction(suggestion.source_range.start) / clip.media.rate * rate
        if clip.source_range.start <= start < clip.source_range.end_exclusive:
            return otio_clip, clip.media
    return None


def write_otio(timeline: Timeline, path: str | Path) -> None:
    """Write an ``.otio`` file (atomically); :class:`ProjectError` if it cannot.

    Media stay absolute paths, as other tools read them; each reference also keeps its path
    relative to the file in vedit's metadata, so a folder moved whole (the edit beside its
    footage) opens again in vedit, as a project does."""
    try:
        otio_timeline = timeline_to_otio(timeline)
    except ProjectError as exc:
        raise exc.with_path(path) from exc
    folder = Path(os.path.abspath(path)).parent
    for clip in otio_timeline.find_clips():
        reference = clip.media_reference
        if isinstance(reference, otio.schema.ExternalReference) and reference.target_url:
            with contextlib.suppress(ValueError):  # another Windows drive: no relative path
                reference.metadata[VEDIT]["relative_path"] = os.path.relpath(reference.target_url, folder)
    write_with_adapter(otio_timeline, path, "otio_json")


def write_with_adapter(
    otio_timeline: otio.schema.Timeline, path: str | Path, adapter: str,
    finish: Callable[[str], str] | None = None, **options: Any
) -> None:
    """Write through an OTIO adapter (atomically), ``finish`` mending its text first;
    :class:`ProjectError` if it refuses."""
    try:
        text = otio.adapters.write_to_string(otio_timeline, adapter_name=adapter, **options)
    except Exception as exc:  # adapters raise their own types (e.g. the EDL's NotSupportedError)
        raise ProjectError(f"cannot write {adapter}: {exc}", path) from exc
    atomic_write_bytes(path, (finish(text) if finish else text).encode("utf-8"))


# --- OTIO -> vedit -------------------------------------------------------------------------


def read_otio(path: str | Path) -> Timeline:
    """Read an ``.otio`` file (or any format an installed adapter reads, such as ``.edl``);
    media paths are relative to the file's folder."""
    return read_edit(path)[0]


def read_edit(path: str | Path) -> tuple[Timeline, str | None]:
    """:func:`read_otio`, and what to tell the editor: a file of several sequences (an XML
    exported from a project's bin) opens its first, and says which of how many."""
    path = Path(path)
    if not path.is_file():
        raise ProjectError("the file does not exist", path)
    try:
        loaded = otio.adapters.read_from_file(str(path))
    except Exception as exc:  # adapters raise anything from ValueError to their own errors
        what = "a Final Cut Pro XML edit" if path.suffix.lower() == ".xml" else "a timeline OpenTimelineIO can read"
        raise CorruptProjectError(f"not {what} ({exc})", path) from exc
    note = None
    if isinstance(loaded, otio.schema.SerializableCollection):
        sequences = [child for child in loaded.find_children(descended_from_type=otio.schema.Timeline)]
        if not sequences:
            raise CorruptProjectError("it holds no sequence to open", path)
        loaded = sequences[0]
        if len(sequences) > 1:
            names = ", ".join(s.name or "unnamed" for s in sequences[1:4]) + (", …" if len(sequences) > 4 else "")
            note = (f"{path.name} holds {len(sequences)} sequences: opened the first, {loaded.name or 'unnamed'} "
                    f"(not {names})")
    try:
        return timeline_from_otio(loaded, path.parent), note
    except ProjectError as exc:
        raise exc.with_path(path) from exc


def _python(value: Any) -> Any:
    """OTIO's metadata containers as plain dicts and lists."""
    if isinstance(value, (otio._otio.AnyDictionary, dict)):
        return {str(k): _python(v) for k, v in value.items()}
    if isinstance(value, (otio._otio.AnyVector, list, tuple)):
        return [_python(v) for v in value]
    return value


def _start_label(frame: int, rate: Rate, drop: bool) -> str:
    """The label of a programme start OTIO gives as a frame count, which does not say whether
    it was counted drop-frame. A programme starts on a whole minute (01:00:00:00): at 29.97 and
    59.94 the counting that makes it one is the one its editor used (108000 frames are
    01:00:00:00 non-drop, 01:00:03;18 drop-frame); otherwise as the timeline's sources count."""
    if not is_drop_frame_rate(rate):
        return frame_to_timecode(frame, rate, drop_frame=False)
    labels = {d: frame_to_timecode(frame, rate, drop_frame=d) for d in (drop, not drop)}
    round_ones = [d for d, label in labels.items() if label[-5:] in ("00:00", "00;00")]
    return labels[round_ones[0] if len(round_ones) == 1 else drop]


def _vedit_meta(obj: Any) -> dict[str, Any]:
    meta = _python(obj.metadata.get(VEDIT, {})) if VEDIT in obj.metadata else {}
    return meta if isinstance(meta, dict) else {}


def _frames(time: otio.opentime.RationalTime, rate: Rate) -> Fraction:
    """An OTIO time as an exact count of frames at ``rate`` (a fraction where it falls
    between frames)."""
    own_rate = parse_rate(time.rate)
    return Fraction(time.value) * rate / own_rate


def _whole(value: Fraction) -> int:
    return round(value)


@dataclass
class _PendingClip:
    """A clip read from OTIO, waiting for its link before it becomes a frozen Clip."""

    media: MediaReference
    source_range: FrameRange
    name: str
    position: int
    link: str | None
    has_link: bool
    id: str
    metadata: dict[str, Any]
    offset: Fraction = Fraction(0)  # where the media's own time starts, in timeline frames
    markers: list[otio.schema.Marker] = field(default_factory=list)
    gain_db: float = 0.0
    fades: tuple[int, int] = (0, 0)


def _gain_in(value: Any, name: str) -> float:
    """A clip's level as vedit wrote it (absent: as recorded)."""
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, int | float) or not MUTE_DB <= value <= MAX_GAIN_DB:
        raise CorruptProjectError(f"clip {name!r}: bad volume {value!r} (dB from {MUTE_DB:g} to +{MAX_GAIN_DB:g})")
    return float(value)


def _fades_in(meta: dict[str, Any], name: str) -> tuple[int, int]:
    """A clip's fades (frames) as vedit wrote them (absent: none)."""
    fades = []
    for side in ("fade_in", "fade_out"):
        value = meta.get(side, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise CorruptProjectError(f"clip {name!r}: bad {side.replace('_', ' ')} {value!r} (frames, 0 or more)")
        fades.append(value)
    return fades[0], fades[1]


@dataclass
class _PendingTrack:
    kind: TrackKind
    name: str
    id: str
    items: list[Gap | _PendingClip]
    # (saved index, order read, transition): sorted back into the model's order.
    transitions: list[tuple[float, int, Transition]] = field(default_factory=list)


def timeline_from_otio(otio_timeline: Any, base_dir: str | Path) -> Timeline:
    """A timeline from an OTIO timeline; relative media paths start at ``base_dir``.

    Raises :class:`ProjectError` for what the model cannot hold (nested stacks, unknown
    track kinds) or for times that make no sense.
    """
    if not isinstance(otio_timeline, otio.schema.Timeline):
        raise CorruptProjectError(
            f"expected an OTIO timeline, found {type(otio_timeline).__name__}"
        )
    try:
        return _Importer(otio_timeline, Path(base_dir)).timeline()
    except (ValueError, TypeError, ZeroDivisionError, otio.exceptions.OTIOError) as exc:
        raise CorruptProjectError(f"the OTIO timeline cannot be read: {exc}") from exc


class _Importer:
    def __init__(self, source: otio.schema.Timeline, base_dir: Path) -> None:
        self._source = source
        self._base_dir = base_dir
        self._meta = _vedit_meta(source)
        self._media: dict[tuple[str, str], MediaReference] = {}
        self._kinds_by_path: dict[str, set[TrackKind]] = {}
        self._ids: set[str] = set()
        self.rate = self._rate()

    def _rate(self) -> Rate:
        if isinstance(self._meta.get("rate"), str):
            return parse_rate(self._meta["rate"])
        if self._source.global_start_time is not None:
            return parse_rate(self._source.global_start_time.rate)
        # Prefer picture: audio tracks may count time in samples.
        tracks = sorted(self._tracks(), key=lambda t: t.kind != otio.schema.TrackKind.Video)
        for track in tracks:
            for child in track:
                if isinstance(child, (otio.schema.Clip, otio.schema.Gap)) and child.source_range:
                    return parse_rate(child.source_range.duration.rate)
        return Fraction(24)  # an empty timeline: OTIO's own default rate

    def _tracks(self) -> list[otio.schema.Track]:
        tracks = []
        for child in self._source.tracks:
            if not isinstance(child, otio.schema.Track):
                raise CorruptProjectError(
                    f"{type(child).__name__} {child.name!r} at the top level: vedit reads only tracks"
                )
            tracks.append(child)
        return tracks

    def timeline(self) -> Timeline:
        otio_tracks = self._tracks()
        for track in otio_tracks:
            kind = self._kind(track)
            for child in track:
                if isinstance(child, otio.schema.Clip) and (path := self._path(child)) is not None:
                    self._kinds_by_path.setdefault(path, set()).add(kind)
        pending = [self._track(track) for track in otio_tracks]
        self._link(pending)
        tracks: list[Track] = []
        suggestions: list[tuple[float, int, Suggestion]] = []
        markers: list[Marker] = []
        for track, otio_track in zip(pending, otio_tracks, strict=True):
            items = []
            for entry in track.items:
                if isinstance(entry, Gap):
                    items.append(entry)
                    continue
                clip = Clip(
                    entry.media,
                    entry.source_range,
                    entry.name,
                    entry.link,
                    entry.id,
                    entry.metadata,
                    entry.gain_db,
                    *entry.fades,
                )
                items.append(clip)
                for marker in entry.markers:
                    self._read_marker(marker, suggestions, markers, clip=entry)
            track.transitions.sort(key=lambda entry: (entry[0], entry[1]))
            transitions = tuple(t for _, _, t in track.transitions)
            tracks.append(Track(track.kind, tuple(items), track.name, track.id, transitions, otio_track.enabled))
            for marker in otio_track.markers:
                self._read_marker(marker, suggestions, markers)
        for marker in self._source.tracks.markers:
            self._read_marker(marker, suggestions, markers)
        unplaced = self._meta.get("suggestions", [])
        for fields in unplaced if isinstance(unplaced, list) else []:
            self._add_suggestion(fields, suggestions)
        suggestions.sort(key=lambda entry: (entry[0], entry[1]))
        markers.sort(key=lambda marker: marker.frame)  # stable: vedit's own order stays
        timeline = Timeline(
            rate=self.rate,
            tracks=tuple(tracks),
            name=self._source.name or "Timeline",
            markers=tuple(markers),
            suggestions=tuple(s for _, _, s in suggestions),
            metadata=_free_in(self._meta.get("metadata"), "the timeline's vedit metadata"),
        )
        return timeline if START_TIMECODE in timeline.metadata else self._started(timeline)

    def _started(self, timeline: Timeline) -> Timeline:
        """``timeline`` starting at the timecode another editor's timeline starts at (Resolve's
        01:00:00:00); vedit's own files say theirs in its metadata."""
        start = self._source.global_start_time
        frame = _whole(_frames(start, self.rate)) if start is not None else 0
        if frame <= 0:
            return timeline
        try:
            return with_start_timecode(timeline, _start_label(frame, self.rate, counts_drop_frame_for(timeline, self.rate)))
        except ValueError:  # past 99 hours: vedit counts from zero
            return timeline

    def _id(self, meta: dict[str, Any], key: str = "id") -> str:
        """The vedit id kept in metadata, unless another object took it already (another
        editor's copy and paste duplicates metadata)."""
        value = meta.get(key)
        if not isinstance(value, str) or not value or value in self._ids:
            value = new_id()
        self._ids.add(value)
        return value

    def _kind(self, track: otio.schema.Track) -> TrackKind:
        if track.kind == otio.schema.TrackKind.Video:
            return TrackKind.VIDEO
        if track.kind == otio.schema.TrackKind.Audio:
            return TrackKind.AUDIO
        raise CorruptProjectError(f"track {track.name!r} has unknown kind {track.kind!r}")

    def _path(self, clip: otio.schema.Clip) -> str | None:
        reference = clip.media_reference
        if not isinstance(reference, otio.schema.ExternalReference) or not reference.target_url:
            return None
        url = reference.target_url
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme == "file":
            path = urllib.request.url2pathname(parsed.path)
        elif parsed.scheme and len(parsed.scheme) > 1:  # one letter is a Windows drive
            raise CorruptProjectError(f"clip {clip.name!r}: cannot read media from {url!r}")
        else:
            path = url
        found = os.path.normpath(os.path.join(self._base_dir, path))
        relative = _vedit_meta(reference).get("relative_path")
        if not os.path.exists(found) and isinstance(relative, str):
            beside = os.path.normpath(os.path.join(self._base_dir, relative))
            if os.path.exists(beside):  # the folder moved with the edit in it
                return beside
        return found

    def _track(self, track: otio.schema.Track) -> _PendingTrack:
        kind = self._kind(track)
        meta = _vedit_meta(track)
        items: list[Gap | _PendingClip] = []
        transitions: list[tuple[float, int, Transition]] = []
        elapsed = Fraction(0)  # exact timeline frames, so mixed rates never drift
        outgoing: _PendingClip | None = None  # the clip the child before became
        waiting: otio.schema.Transition | None = None  # one after a clip, for the next clip
        for child in track:
            if isinstance(child, otio.schema.Transition):
                # It overlaps its neighbours and takes no time of its own.
                waiting = child if outgoing is not None else None
                outgoing = None
                continue
            into, waiting, outgoing = waiting, None, None
            if isinstance(child, (otio.schema.Stack, otio.schema.Track)):
                raise CorruptProjectError(
                    f"track {track.name!r}: {child.name!r} is a nested sequence, which vedit "
                    "cannot read; flatten it first"
                )
            if not isinstance(child, (otio.schema.Clip, otio.schema.Gap)):
                raise CorruptProjectError(
                    f"track {track.name!r}: cannot read a {child.schema_name()} item"
                )
            trimmed = child.trimmed_range()
            start = _whole(elapsed)
            elapsed += _frames(trimmed.duration, self.rate)
            duration = _whole(elapsed) - start
            if duration < 1:
                continue
            child_meta = _vedit_meta(child)
            item_id = self._id(child_meta)
            path = self._path(child) if isinstance(child, otio.schema.Clip) else None
            if path is None:
                items.append(Gap(duration, item_id))
                continue
            media = self._media_reference(child, path)
            offset = _frames(_reference_start(child), self.rate)
            source_start = _whole(_frames(trimmed.start_time, self.rate) - offset)
            if source_start < 0:
                raise CorruptProjectError(
                    f"clip {child.name!r} starts before the beginning of its media"
                )
            metadata = _free_in(child_meta.get("metadata"), f"clip {child.name!r} vedit metadata")
            clip = _PendingClip(
                media,
                FrameRange(source_start, duration),
                child.name,
                start,
                child_meta.get("link") if isinstance(child_meta.get("link"), str) else None,
                "link" in child_meta,
                item_id,
                metadata,
                offset,
                list(child.markers),
                _gain_in(child_meta.get("gain_db"), child.name),
                _fades_in(child_meta, child.name),
            )
            items.append(clip)
            if into is not None and (read := self._transition(into, clip.id)) is not None:
                rank, transition = read
                transitions.append((rank, len(transitions), transition))
            outgoing = clip
        clip_ids = {item.id for item in items if isinstance(item, _PendingClip)}
        idle = meta.get("transitions")
        for fields in idle if isinstance(idle, list) else []:
            if isinstance(fields, dict) and fields.get("clip_id") in clip_ids:
                transition = self._idle_transition(fields, track.name)
                transitions.append((_rank(fields), len(transitions), transition))
        track_id = self._id(meta)
        name = "" if meta.get("numbered") is True else track.name
        return _PendingTrack(kind, name, track_id, items, transitions)

    def _transition(
        self, child: otio.schema.Transition, clip_id: str
    ) -> tuple[float, Transition] | None:
        """(saved index, the dissolve) an OTIO transition into the clip ``clip_id`` is, or
        None for what vedit plays as a cut."""
        meta = _vedit_meta(child)
        if meta.get(FOLLOWS_PICTURE) is True:
            return None  # vedit's own crossfade under a dissolve: played from the picture again
        fields = meta.get("transition") if isinstance(meta.get("transition"), dict) else {}
        ours = isinstance(fields.get("kind"), str)
        dissolve = child.transition_type == otio.schema.TransitionTypes.SMPTE_Dissolve
        if not dissolve and not (
            ours and child.transition_type == otio.schema.TransitionTypes.Custom
        ):
            return None  # a wipe or another tool's own effect: the clips meet with a cut
        before = _whole(_frames(child.in_offset, self.rate))
        after = _whole(_frames(child.out_offset, self.rate))
        if before < 0 or after < 0:
            raise CorruptProjectError(
                f"transition {child.name!r} has a negative offset ({before}, {after} frames)"
            )
        if before + after == 0:
            return None  # shorter than a frame at this rate
        in_offset, out_offset = before, after
        saved = (fields.get("in_offset"), fields.get("out_offset"))
        # The model's own offsets, unless another editor changed what plays since.
        if fields.get("played") == [before, after] and all(_is_count(v) for v in saved):
            in_offset, out_offset = saved
        kind = fields["kind"] if ours else DISSOLVE
        transition = _build_transition(clip_id, in_offset, out_offset, kind, self._id(fields))
        return _rank(fields), transition

    def _idle_transition(self, fields: dict[str, Any], track_name: str) -> Transition:
        """A dissolve that plays nowhere, from its track's vedit metadata."""
        values = (fields.get("in_offset"), fields.get("out_offset"), fields.get("kind"))
        if not (_is_count(values[0]) and _is_count(values[1]) and isinstance(values[2], str)):
            raise CorruptProjectError(f"track {track_name!r}: a vedit transition is damaged")
        return _build_transition(fields["clip_id"], *values, self._id(fields))

    def _media_reference(self, clip: otio.schema.Clip, path: str) -> MediaReference:
        reference = clip.media_reference
        meta = _vedit_meta(reference)
        if isinstance(meta.get("rate"), str) and isinstance(meta.get("duration"), int):
            key = (path, repr(sorted(meta.items())))
            if key not in self._media:
                metadata = _free_in(meta.get("metadata"), f"{path} vedit metadata")
                self._media[key] = MediaReference(
                    path,
                    parse_rate(meta["rate"]),
                    meta["duration"],
                    bool(meta.get("has_video", True)),
                    bool(meta.get("has_audio", True)),
                    metadata,
                )
            return self._media[key]
        key = (path, "")
        if key in self._media:
            return self._media[key]
        available = reference.available_range
        if available is not None:
            media_rate = parse_rate(available.duration.rate)
            kinds = self._kinds_by_path.get(path, set())
            media = MediaReference(
                path,
                media_rate,
                _whole(_frames(available.duration, media_rate)),
                has_video=TrackKind.VIDEO in kinds,
                has_audio=TrackKind.AUDIO in kinds,
                metadata=_timecode_of(available.start_time, media_rate),
            )
        else:
            media = _probe(path, clip.name)
        self._media[key] = media
        return media

    def _link(self, tracks: list[_PendingTrack]) -> None:
        """Link picture and sound clips of one shot (same file, range and position)."""
        pictures: dict[tuple, list[_PendingClip]] = {}
        for track in tracks:
            if track.kind is TrackKind.VIDEO:
                for item in track.items:
                    if isinstance(item, _PendingClip) and not item.has_link:
                        pictures.setdefault(_shot_key(item), []).append(item)
        for track in tracks:
            if track.kind is TrackKind.AUDIO:
                for item in track.items:
                    if isinstance(item, _PendingClip) and not item.has_link:
                        partners = pictures.get(_shot_key(item))
                        if partners:
                            picture = partners.pop(0)
                            picture.link = picture.link or new_id()
                            item.link = picture.link

    def _add_suggestion(
        self, fields: Any, suggestions: list[tuple[float, int, Suggestion]]
    ) -> None:
        """Append the suggestion ``fields`` describe, once: a clip copied in another editor
        carries copies of its suggestion markers."""
        if not isinstance(fields, dict):
            raise CorruptProjectError("a vedit suggestion marker holds no fields")
        if fields.get("id") in self._ids:
            return
        order = len(suggestions)
        try:
            suggestion = Suggestion(
                fields["kind"],
                fields["source"],
                FrameRange(fields["start"], fields["duration"]),
                _number_in(fields["confidence"], "a vedit suggestion's confidence"),
                fields.get("producer", ""),
                _free_in(fields.get("params"), "a vedit suggestion's params"),
                SuggestionStatus(fields.get("status", "pending")),
                self._id(fields),
            )
        except KeyError as exc:
            raise CorruptProjectError(f"a vedit suggestion marker lacks the field {exc}") from exc
        index = fields.get("index")
        rank = index if isinstance(index, (int, float)) else float("inf")
        suggestions.append((rank, order, suggestion))

    @staticmethod
    def _on_clip(fields: Any, clip: _PendingClip | None) -> Any:
        """A suggestion's fields as the clip that shows it reads its file: the file as found
        here (a folder moved whole, a path another editor relinked), as the clip's."""
        if clip is None or not isinstance(fields, dict):
            return fields
        return {**fields, "source": clip.media.path}

    def _read_marker(
        self,
        marker: otio.schema.Marker,
        suggestions: list[tuple[float, int, Suggestion]],
        markers: list[Marker],
        clip: _PendingClip | None = None,
    ) -> None:
        meta = _vedit_meta(marker)
        if "suggestion" in meta:
            self._add_suggestion(self._on_clip(meta["suggestion"], clip), suggestions)
            return
        fields = _xml_suggestion(marker)
        if fields is not None:
            with contextlib.suppress(CorruptProjectError, ValueError, TypeError):  # damaged on its way: a marker
                self._add_suggestion(self._on_clip(fields, clip), suggestions)
                return
        start = _frames(marker.marked_range.start_time, self.rate)
        if clip is not None:
            # A clip's markers count the media's time; place them on the timeline.
            start = clip.position + start - clip.offset - clip.source_range.start
        info = meta.get("marker", {}) if isinstance(meta.get("marker"), dict) else {}
        color = info.get("color") if isinstance(info.get("color"), str) else marker.color.lower()
        markers.append(
            Marker(
                _whole(start),
                marker.name,
                color,
                marker.comment or _xml_field(marker, "comment") or "",
                self._id(info),
            )
        )


def _xml_field(marker: otio.schema.Marker, name: str) -> str | None:
    """A Final Cut Pro XML marker's element the FCP adapter keeps in its metadata (the
    ``comment`` another editor wrote, vedit's ``veditSuggestion``), as text."""
    kept = marker.metadata.get(FCP_XML)
    value = kept.get(name) if isinstance(kept, (otio._otio.AnyDictionary, dict)) else None
    return value if isinstance(value, str) else None


def _xml_suggestion(marker: otio.schema.Marker) -> dict[str, Any] | None:
    """The fields of the suggestion a vedit-made XML marker stands for (JSON in the marker's
    ``veditSuggestion`` element, see :mod:`.fcp_xml`); None for any other marker."""
    text = _xml_field(marker, XML_SUGGESTION)
    try:
        fields = json.loads(text) if text is not None else None
    except ValueError:
        return None  # damaged on its way (hand-edited): the marker is kept as a marker
    return fields if isinstance(fields, dict) else None


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _rank(fields: dict[str, Any]) -> float:
    """Where vedit kept a transition in its track's list (unknown ones go last, in order)."""
    index = fields.get("index")
    return index if isinstance(index, int) and not isinstance(index, bool) else float("inf")


def _build_transition(
    clip_id: str, in_offset: int, out_offset: int, kind: str, transition_id: str
) -> Transition:
    try:
        return Transition(clip_id, in_offset, out_offset, kind, transition_id)
    except ValueError as exc:
        raise CorruptProjectError(f"a transition cannot be read: {exc}") from exc


def _timecode_of(start: otio.opentime.RationalTime, rate: Rate) -> dict[str, Any]:
    """A source's own timecode from another editor's reference, so exports write it back."""
    frame = _whole(_frames(start, rate))
    return {"timecode": frame_to_timecode(frame, rate)} if frame > 0 else {}


def _reference_start(clip: otio.schema.Clip) -> otio.opentime.RationalTime:
    """Where the media's own time starts (a camera's timecode, e.g. 01:00:00:00)."""
    available = clip.media_reference.available_range if clip.media_reference else None
    if available is None:
        return _RT(0, clip.trimmed_range().start_time.rate)
    return available.start_time


def _shot_key(clip: _PendingClip) -> tuple:
    return (clip.media.path, clip.source_range, clip.position)


def _probe(path: str, clip_name: str) -> MediaReference:
    """Rate and length from the file itself, when the OTIO reference does not say."""
    from ..media import MediaError, media_reference, probe

    try:
        return media_reference(probe(path))
    except MediaError as exc:
        raise ProjectError(
            f"clip {clip_name!r}: the OTIO file gives no rate or length for its media, "
            f"and the media cannot be read ({exc})"
        ) from exc
