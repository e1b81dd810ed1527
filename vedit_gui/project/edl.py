"""CMX3600 EDLs of the picture track and its sound, at a rate SMPTE timecode can count.

Timecode counts only the broadcast and film rates (23.976, 24, 25, 29.97, 30, 47.952, 48,
50, 59.94, 60). A timeline at another rate (a 10 fps screen capture, a 12 fps game
cut-scene, a phone's variable-rate video averaging 29.87) is written at the first of those
rates that is a whole multiple of it, so every frame boundary falls on a timecode frame and
the EDL is exact; failing that, at the first whole rate at or above it (60 for faster
timelines), each boundary rounded to its nearest timecode frame. The writer says which, so
the editor can set the other application to match.

Locators (``* LOC``) are the project's own markers and the suggestions a hand-off marks
(:mod:`.handoff_marks`), each under the event it falls in, at its record timecode, as Avid
writes them and as Resolve and Avid read them. OTIO's adapter would write a clip's markers at
their source timecode (OpenTimelineIO issues #169, #345), so vedit writes them itself.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import opentimelineio as otio

from ..timeline import (
    CUT,
    DIP_TO_BLACK,
    DIP_TO_WHITE,
    DISSOLVE,
    Clip,
    SuggestionStatus,
    Timeline,
    Track,
    TrackKind,
    Transition,
    format_rate,
    frame_to_timecode,
    readable_rate,
    timecode_to_frame,
)
from ..timeline.mapping import SourceMap
from ..timeline.time import Rate
from ..timeline.timecode import counts_drop_frame, frames_per_day, is_drop_frame_rate
from .atomic import atomic_write_bytes
from .errors import ProjectError
from .handoff_marks import REVIEW_THRESHOLD, marked_suggestions
from .otio_io import marker_words, timeline_to_otio
from .start_timecode import start_frame

TIMECODE_RATES: tuple[Rate, ...] = (
    Fraction(24000, 1001), Fraction(24), Fraction(25), Fraction(30000, 1001), Fraction(30),
    Fraction(48000, 1001), Fraction(48), Fraction(50), Fraction(60000, 1001), Fraction(60),
)
# A locator's colour: Avid's eight (what every EDL reader knows), nearest for vedit's others.
LOCATOR_COLOURS = {"red": "RED", "green": "GREEN", "blue": "BLUE", "cyan": "CYAN", "magenta": "MAGENTA",
                   "yellow": "YELLOW", "black": "BLACK", "white": "WHITE", "purple": "MAGENTA",
                   "pink": "MAGENTA", "orange": "YELLOW"}


def edl_rate(rate: Rate) -> tuple[Rate, bool]:
    """(the timecode rate an EDL of a ``rate`` timeline counts at, whether it is exact)."""
    if rate in TIMECODE_RATES:
        return rate, True
    for candidate in TIMECODE_RATES:
        if (candidate / rate).denominator == 1:
            return candidate, True
    whole = [r for r in TIMECODE_RATES if r.denominator == 1 and r >= rate]
    return (whole[0] if whole else Fraction(60)), False




def write_edl(
    timeline: Timeline, path: str | Path, *, review_threshold: float = REVIEW_THRESHOLD, title: str | None = None
) -> str | None:
    """Write a CMX3600 EDL of the picture track and the first two sound tracks (atomically).
    Returns what the editor should know about it (the timecode rate, where it is not the
    timeline's own; what the list cannot carry), else None. ``review_threshold``: pending
    suggestions at or above it are locators (the Suggestions list's threshold, in the editor).
    ``title``: the list's TITLE (the project's name), else the timeline's.

    An EDL lists the events of one picture track (V) and of two sound tracks (A and A2, the
    first two heard sound tracks with clips). Where an event's sound is exactly the picture's,
    in line, it is one event of both (B, as before), and where the two sound tracks play the
    same, one of both (AA); the rest (a J or L cut, B-roll without sound, music laid under)
    are events of their own with their own timecode, so a conform brings every sound and
    not a silent timeline. Sound follows a picture dissolve in vedit's mix (see
    ``render.audio_mix``): the linked sound's crossfade is listed as a dissolve too. CMX3600 has
    no dip through a colour: a dip is listed as a dissolve of its length, and the note says
    so; nor can it hide a track: a hidden picture track's events are listed, and the note
    says so. Empty picture tracks (one a clip was moved off) are left out. With footage laid
    over the edit on picture tracks above, the EDL lists the lowest (the edit's own) and the
    note says what is left out and that OpenTimelineIO keeps it: other editors do the same
    rather than write nothing. A timeline with no picture track raises :class:`ProjectError`.
    """
    picture = [i for i, track in enumerate(timeline.tracks) if track.kind is TrackKind.VIDEO]
    used = [i for i in picture if any(isinstance(item, Clip) for item in timeline.tracks[i].items)]
    if not picture:
        raise ProjectError("an EDL holds one picture track; this timeline has 0", path)
    if not used:
        raise ProjectError("the picture track is empty: an EDL needs at least one event", path)
    video = [timeline.tracks[used[0]]]
    heard = [i for i, track in enumerate(timeline.tracks)
             if track.kind is TrackKind.AUDIO and track.enabled and any(True for _ in track.clips())]
    listed = {"V": used[0], **dict(zip(SOUND_CHANNELS, heard, strict=False))}
    try:
        otio_timeline = timeline_to_otio(_sound_under_dissolves(timeline, used[0], heard[: len(SOUND_CHANNELS)]))
    except ProjectError as exc:
        raise exc.with_path(path) from exc
    if title:
        otio_timeline.name = title
    _name_reels([otio_timeline.tracks[i] for i in listed.values()])
    rate, exact = edl_rate(timeline.rate)
    note = None
    if rate != timeline.rate:
        how = (
            f"each frame is {rate / timeline.rate} of its frames" if exact
            else "cut points rounded to its nearest frame"
        )
        note = (
            f"The timeline runs at {readable_rate(timeline.rate)} fps, which timecode cannot count: "
            f"the EDL counts at {readable_rate(rate)} fps ({how}). Set the other application to "
            f"{readable_rate(rate)} fps."
        )
    dips = sum(w.transition.kind in (DIP_TO_BLACK, DIP_TO_WHITE) for w in video[0].transition_windows())
    if dips:
        listed_dips = f"Its {dips} dips through black or white are" if dips > 1 else "Its dip through black or white is"
        dip_note = f"{listed_dips} listed as dissolves of the same length: CMX3600 has no dip."
        note = f"{note}\n\n{dip_note}" if note else dip_note
    if len(used) > 1:
        left = sum(1 for i in used[1:] for item in timeline.tracks[i].items if isinstance(item, Clip))
        names = ", ".join(timeline.track_label(i) for i in used[1:])
        over = (f"The {left} clip{'s' if left != 1 else ''} laid over the edit on {names} "
                f"{'are' if left != 1 else 'is'} not in it: an EDL holds one picture track, so it lists "
                f"{timeline.track_label(used[0])} (with gaps where shots were moved up). "
                "File ▸ Export OpenTimelineIO keeps every track.")
        note = f"{note}\n\n{over}" if note else over
    for said in (_sound_not_listed(timeline, heard), _not_carried(timeline, [timeline.tracks[i] for i in listed.values()])):
        if said:
            note = f"{note}\n\n{said}" if note else said
    if not video[0].enabled:
        hidden = "The picture track is hidden in vedit; an EDL cannot hide a track, so its events are listed."
        note = f"{note}\n\n{hidden}" if note else hidden
    drop_rate = is_drop_frame_rate(rate)
    non_drop = drop_rate and _sources_count_non_drop(timeline.tracks[used[0]])

    start = start_frame(timeline, rate, drop_rate and not non_drop)
    locators = [(start + _recounted(frame, timeline.rate, rate), colour, words)
                for frame, colour, words in _locators(timeline, used[0], review_threshold)]
    texts = {channel: _track_text(otio_timeline, index, timeline.rate, rate, path) for channel, index in listed.items()}
    text = _merged(texts, rate)
    text = _record_from(text, start, rate, drop_rate and not non_drop) if start else text
    if drop_rate:
        text = _with_header(_as_non_drop(text, rate) if non_drop else text,
                            "FCM: NON-DROP FRAME" if non_drop else "FCM: DROP FRAME")
    atomic_write_bytes(path, _with_locators(text, locators, rate, drop_rate and not non_drop).encode("utf-8"))
    return note


SOUND_CHANNELS = ("A", "A2")
"""CMX3600's channels for the first and second sound track (AA: both, B: picture and A)."""
_MERGED_CHANNELS = {frozenset({"V", "A"}): "B", frozenset({"A", "A2"}): "AA", frozenset({"V", "A", "A2"}): "AA/V"}
_PICTURE_CHANNELS = ("V", "B", "AA/V")


def _track_text(otio_timeline: otio.schema.Timeline, index: int, rate: Rate, to: Rate, path: str | Path) -> str:
    """The adapter's list of one track (it writes only a picture track: a sound track goes
    through it as one, and :func:`_merged` names its channel), at the EDL's rate."""
    single = otio_timeline.deepcopy()
    for other in reversed(range(len(single.tracks))):
        if other != index:
            del single.tracks[other]
    track = single.tracks[0]
    track.kind = otio.schema.TrackKind.Video
    track.enabled = True  # a hidden picture track is listed (the note says so); muted sound is not here
    for clip in track.find_clips():
        del clip.markers[:]  # the adapter would write them at source timecode: vedit writes them
    if to != rate:
        _recount(track, rate, to, path)
    try:
        return otio.adapters.write_to_string(single, adapter_name="cmx_3600", rate=float(to))
    except Exception as exc:  # the adapter raises its own types (NotSupportedError)
        raise ProjectError(f"cannot write cmx_3600: {exc}", path) from exc


_EVENT = re.compile(r"^(\d+)\s+(\S+)\s+(\S+)\s+(.*)$")


def _blocks(text: str) -> tuple[list[str], list[list[str]]]:
    """The adapter's list as (header lines, events): each event its numbered lines (two for a
    dissolve) and the comments under them."""
    header: list[str] = []
    events: list[list[str]] = []
    number = None
    for line in text.splitlines():
        found = _EVENT.match(line) if line[:1].isdigit() else None
        if found and found.group(1) != number:
            number = found.group(1)
            events.append([line])
        elif events:
            events[-1].append(line)
        else:
            header.append(line)
    return header, events


def _merged(texts: dict[str, str], rate: Rate) -> str:
    """One list of every channel's events in record order, numbered from 1: events the same
    on picture and sound 1 (or both sound tracks) written once as B (or AA, AA/V)."""
    header, _ = _blocks(texts["V"])
    by_key: dict[tuple[str, ...], tuple[set[str], list[str]]] = {}
    for channel, text in texts.items():
        for event in _blocks(text)[1]:
            lines = [_EVENT.match(line) for line in event]
            key = tuple(f"{m.group(2)} {m.group(4)}" for m in lines if m)
            by_key.setdefault(key, (set(), event))[0].add(channel)
    events: list[tuple[int, str, list[str]]] = []
    for channels, event in by_key.values():
        code = _MERGED_CHANNELS.get(frozenset(channels))
        for channel in [code] if code else sorted(channels, key=("V", *SOUND_CHANNELS).index):
            record_in = [m for m in map(_EVENT.match, event) if m][-1].group(4).split()[-2]
            events.append((timecode_to_frame(record_in, rate), channel, event))
    events.sort(key=lambda e: e[0])  # stable: at one record in, picture first, then A, then A2
    out = [*header] if header else []
    for number, (_, channel, event) in enumerate(events, start=1):
        for line in event:
            found = _EVENT.match(line) if line[:1].isdigit() else None
            out.append(f"{number:03d}  {found.group(2):8} {channel:5} {found.group(4)}" if found else line)
    return "\n".join(out) + "\n"


def _sound_under_dissolves(timeline: Timeline, picture: int, sound: list[int]) -> Timeline:
    """The timeline with the crossfade vedit's mix plays under each picture dissolve made a
    sound transition: the sound linked to the dissolve's incoming shot, starting at its cut,
    crossfades over the dissolve's frames from its handles (``render.audio_mix``), so the list
    carries it as a dissolve of the sound too (where the two halves continue one source the
    mix plays it through, and a dissolve of the same sound sounds the same: listed with the
    picture's as one event of both, as before)."""
    windows = timeline.tracks[picture].transition_windows()
    if not windows:
        return timeline
    tracks = list(timeline.tracks)
    for index in sound:
        track = tracks[index]
        own = {t.clip_id for t in track.transitions}
        added = []
        previous = None
        for _, item, rng in track.ranges():
            for window in windows:
                before, after = window.cut - window.range.start, window.range.end_exclusive - window.cut
                if (isinstance(item, Clip) and item.link is not None and item.link == window.incoming.link
                        and rng.start == window.cut and item.id not in own and isinstance(previous, Clip)
                        and item.source_range.start >= before):
                    added.append(Transition(item.id, before, after, DISSOLVE))
            previous = item
        if added:
            tracks[index] = replace(track, transitions=track.transitions + tuple(added))
    return replace(timeline, tracks=tuple(tracks))


def _sound_not_listed(timeline: Timeline, heard: list[int]) -> str | None:
    """What sound the list leaves out, said: sound tracks past the two it has channels for,
    and muted ones; and which tracks A and A2 are where they are not A1 and A2."""
    parts = []
    sound = [i for i, track in enumerate(timeline.tracks) if track.kind is TrackKind.AUDIO]
    past = heard[len(SOUND_CHANNELS):]
    if past:
        clips = sum(1 for i in past for _ in timeline.tracks[i].clips())
        names = ", ".join(timeline.track_label(i) for i in past)
        parts.append(f"The {clips} sound clip{'s' if clips != 1 else ''} on {names} "
                     f"{'are' if clips != 1 else 'is'} not in it: an EDL carries two sound tracks (A and A2).")
    muted = [i for i in sound if not timeline.tracks[i].enabled and any(True for _ in timeline.tracks[i].clips())]
    if muted:
        names = ", ".join(timeline.track_label(i) for i in muted)
        parts.append(f"Muted {names} {'are' if len(muted) > 1 else 'is'} not listed.")
    channels = heard[: len(SOUND_CHANNELS)]
    if channels and channels != sound[: len(channels)]:
        said = " and ".join(f"{channel} is {timeline.track_label(i)}" for channel, i in zip(SOUND_CHANNELS, channels, strict=False))
        parts.append(f"Its sound channel {said}.")
    if not parts:
        return None
    return " ".join(parts) + (" File ▸ Export OpenTimelineIO keeps every track." if past or muted else "")


def _not_carried(timeline: Timeline, listed: list[Track]) -> str | None:
    """What of the listed tracks a CMX3600 list has no field for, said rather than left out
    unsaid: clip fades (picture to or from black, sound in or out) and sound levels. Final Cut
    Pro XML carries them."""
    fades = sum(1 for track in listed if track.kind is TrackKind.VIDEO
                for clip in track.clips() if clip.fade_in or clip.fade_out)
    sound_fades = sum(1 for track in listed if track.kind is TrackKind.AUDIO
                      for clip in track.clips() if clip.fade_in or clip.fade_out)
    levels = sum(1 for track in timeline.tracks for clip in track.clips() if clip.gain_db)
    parts = []
    if fades:
        parts.append(f"{fades} clip fade{'s' if fades != 1 else ''} to or from black")
    if sound_fades:
        parts.append(f"{sound_fades} sound clip{'s' if sound_fades != 1 else ''} fading in or out")
    if levels:
        parts.append(f"{levels} clip volume change{'s' if levels != 1 else ''}")
    if not parts:
        return None
    said = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return (f"Not in the EDL: {said} (CMX3600 has no field for "
            f"{'them' if fades + sound_fades + levels > 1 else 'it'}). "
            f"File ▸ Export Final Cut Pro XML carries {'both' if len(parts) == 2 else 'them' if len(parts) > 2 else 'it'}.")


def _locators(timeline: Timeline, picture: int, review_threshold: float) -> list[tuple[int, str, str]]:
    """(timeline frame, colour, words) of each locator: the project's markers, and the
    suggestions a hand-off marks where the EDL's picture track shows them (a cut where the
    next shot would start, another at its first frame shown), in timeline order."""
    found = [(marker.frame, LOCATOR_COLOURS.get(marker.color.lower(), "YELLOW"),
              " - ".join(part for part in (marker.name, marker.note) if part.strip()) or "MARKER")
             for marker in timeline.markers]
    shown = SourceMap(replace(timeline, tracks=(timeline.tracks[picture],)))
    for suggestion in marked_suggestions(timeline, review_threshold):
        if suggestion.kind == CUT:
            frames = shown.frames_for(suggestion.source, suggestion.cut_frame)
        else:
            frames = [r.start for r in shown.ranges_for(suggestion.source, suggestion.source_range)]
        if frames:
            colour = "GREEN" if suggestion.status is SuggestionStatus.ACCEPTED else "YELLOW"
            found.append((frames[0], colour, marker_words(suggestion)[0]))
    return sorted(found, key=lambda locator: locator[0])


def _recounted(frame: int, rate: Rate, to: Rate) -> int:
    """A timeline frame counted at the EDL's rate, rounded as :func:`_recount` rounds cuts."""
    return frame if to == rate else math.floor(Fraction(frame) * to / rate + Fraction(1, 2))


def _locator_words(words: str) -> str:
    """A locator's text as CMX3600 readers take it: one line of capitals in ASCII ("Zoë" → ZOE)."""
    ascii_text = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.split()).upper()


def _with_locators(text: str, locators: list[tuple[int, str, str]], rate: Rate, drop: bool) -> str:
    """``* LOC`` lines at their record timecode, each at the end of the picture event whose
    record frames hold it (in a gap: the event before it; before the first: the first)."""
    if not locators:
        return text
    lines = text.splitlines(keepends=True)
    events = []  # (line index, record in, record out)
    for i, line in enumerate(lines):
        fields = line.split()
        if len(fields) >= 4 and fields[0].isdigit() and _RECORD.search(line):
            events.append((i, timecode_to_frame(fields[-2], rate), timecode_to_frame(fields[-1], rate),
                           fields[2] in _PICTURE_CHANNELS))
    if not events:
        return text
    ends = [next((e[0] for e in events if e[0] > i), len(lines)) for i, *_ in events]  # each block's end
    while ends and ends[-1] > 0 and not lines[ends[-1] - 1].strip():
        ends[-1] -= 1  # not after the list's trailing blank lines
    below: dict[int, list[str]] = {}
    for frame, colour, words in locators:
        # Under a picture event (a reader puts a locator on its event's clips): not a sound one.
        holding = [n for n, (_, first, end, shows) in enumerate(events) if shows and first <= frame < end]
        before = [n for n, (_, first, _, shows) in enumerate(events) if shows and first <= frame]
        at = holding[0] if holding else before[-1] if before else 0
        timecode = frame_to_timecode(frame % frames_per_day(rate, drop), rate, drop_frame=drop)
        below.setdefault(ends[at], []).append(f"* LOC: {timecode} {colour:7} {_locator_words(words)}\n")
    for end in sorted(below, reverse=True):
        lines[end:end] = below[end]
    return "".join(lines)


_RECORD = re.compile(r"(\d{2}:\d{2}:\d{2}[:;]\d{2})(\s+)(\d{2}:\d{2}:\d{2}[:;]\d{2})(\s*)$")


def _record_from(text: str, start: int, rate: Rate, drop: bool) -> str:
    """Each event's record in and out (its line's last two timecodes) counted from the
    programme's start timecode, not 00:00:00:00 (the adapter counts from zero), and past
    midnight from 00:00:00:00 again, as CMX3600 readers expect (``drop``: how the EDL will
    count, which sets the day's length; the text is drop-frame here at 29.97 either way)."""
    day = frames_per_day(rate, drop)

    def moved(timecode: str) -> str:
        return frame_to_timecode((timecode_to_frame(timecode, rate) + start) % day, rate)

    def shifted(match: re.Match[str]) -> str:
        record_in, gap, record_out, end = match.groups()
        return moved(record_in) + gap + moved(record_out) + end

    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.split()[:1] and line.split()[0].isdigit():
            lines[i] = _RECORD.sub(shifted, line)
    return "".join(lines)


def _sources_count_non_drop(track: Track) -> bool:
    """Whether the picture's sources that carry a timecode all count it non-drop (many
    cameras do at 29.97): the EDL then counts so too, or a conform reading source timecode
    as written would not find the camera's first frame at its own 14:23:10:05."""
    tags = [item.media.metadata.get("timecode") for item in track.items if isinstance(item, Clip)]
    return {counts_drop_frame(tag) for tag in tags if isinstance(tag, str)} - {None} == {False}


_DROP_TIMECODE = re.compile(r"\b\d{2}:\d{2}:\d{2};\d{2}\b")


def _as_non_drop(text: str, rate: Rate) -> str:
    """The adapter's drop-frame timecode (``;``) as non-drop: the same frames."""
    return _DROP_TIMECODE.sub(
        lambda m: frame_to_timecode(timecode_to_frame(m.group(), rate), rate, drop_frame=False), text)


def _with_header(text: str, line: str) -> str:
    """``line`` after the title: how the EDL counts its 29.97 or 59.94 timecode (FCM)."""
    lines = text.splitlines(keepends=True)
    at = 1 if lines and lines[0].startswith("TITLE:") else 0
    return "".join(lines[:at] + [line + "\n"] + lines[at:])


def reel_names(paths: list[str]) -> dict[str, str]:
    """A reel name per source: at most 8 capitals, digits and underscores (a conform splits
    an event line on spaces), one per file. The adapter's own cut "Interview take 1.mp4" and
    "... take 2.mp4" to the same "Intervie", and kept spaces that break other readers."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for path in dict.fromkeys(paths):
        stem = unicodedata.normalize("NFKD", Path(path.replace("\\", "/")).stem)  # "été" → "ete"
        base = "".join(c for c in stem.upper() if c.isascii() and (c.isalnum() or c == "_"))[:8] or "REEL"
        name, number = base, 1
        while name in taken:  # the last characters give way to a number: INTERV_2
            number += 1
            tail = f"_{number}"
            name = base[: 8 - len(tail)] + tail
        taken.add(name)
        names[path] = name
    return names


def _name_reels(tracks: list[otio.schema.Track]) -> None:
    """Each event's reel from :func:`reel_names`, one name per file on every track listed
    (the full file name stays in the event's "FROM CLIP NAME" comment)."""
    clips = [c for track in tracks for c in track if isinstance(c, otio.schema.Clip)]
    paths = [getattr(c.media_reference, "target_url", "") or c.name for c in clips]
    names = reel_names(paths)
    for clip, path in zip(clips, paths, strict=True):
        clip.metadata.setdefault("cmx_3600", {})["reel"] = names[path]


def _recount(track: otio.schema.Track, rate: Rate, to: Rate, path: str | Path) -> None:
    """Re-express ``track`` (built at ``rate``) in frames of ``to``. Boundaries are rounded,
    not lengths, so events stay end to end and a source range keeps its record length."""

    def frame(frames: int) -> int:
        return math.floor(Fraction(frames) * to / rate + Fraction(1, 2))

    def at(frames: int) -> otio.opentime.RationalTime:
        return otio.opentime.RationalTime(frames, float(to))

    position = 0  # in timeline frames, where the next item starts
    for child in track:
        if isinstance(child, otio.schema.Transition):
            before, after = round(child.in_offset.value), round(child.out_offset.value)
            child.in_offset = at(frame(position) - frame(position - before))
            child.out_offset = at(frame(position + after) - frame(position))
            continue
        length = round(child.source_range.duration.value)
        start, end = frame(position), frame(position + length)
        if end == start:
            raise ProjectError(
                f"an event of {length} frame(s) at {format_rate(rate)} fps is shorter than one "
                f"frame of {readable_rate(to)} fps timecode: an EDL cannot hold it", path
            )
        source = frame(round(child.source_range.start_time.value))
        child.source_range = otio.opentime.TimeRange(at(source), at(end - start))
        for marker in getattr(child, "markers", ()):
            marked = marker.marked_range
            marker.marked_range = otio.opentime.TimeRange(
                at(round(marked.start_time.rescaled_to(float(to)).value)),
                at(round(marked.duration.rescaled_to(float(to)).value)),
            )
        position += length
