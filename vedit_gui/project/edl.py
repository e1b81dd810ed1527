"""CMX3600 EDLs of the picture track, at a rate SMPTE timecode can count.

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
    Clip,
    SuggestionStatus,
    Timeline,
    Track,
    TrackKind,
    format_rate,
    frame_to_timecode,
    readable_rate,
    timecode_to_frame,
)
from ..timeline.mapping import SourceMap
from ..timeline.time import Rate
from ..timeline.timecode import counts_drop_frame, frames_per_day, is_drop_frame_rate
from .errors import ProjectError
from .handoff_marks import REVIEW_THRESHOLD, marked_suggestions
from .otio_io import marker_words, timeline_to_otio, write_with_adapter
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




def write_edl(timeline: Timeline, path: str | Path, *, review_threshold: float = REVIEW_THRESHOLD) -> str | None:
    """Write a CMX3600 EDL of the picture track (atomically). Returns what the editor should
    know about it (the timecode rate, where it is not the timeline's own), else None.
    ``review_threshold``: pending suggestions at or above it are locators (the Suggestions
    list's threshold, in the editor).

    An EDL lists the events of one picture track; where the first sound track is the
    picture's own sound, clip for clip and in line, each event is picture and sound (B), so a
    conform brings the sound; separate sound edits (a J or L cut) have no place in it, and
    the events are then picture only (V). CMX3600 has no dip through a
    colour: a dip is listed as a dissolve of its length, and the note says so; nor can it hide
    a track: a hidden picture track's events are listed, and the note says so. Empty picture
    tracks (one a clip was moved off) are left out. With footage laid over the edit on picture
    tracks above, the EDL lists the lowest (the edit's own) and the note says what is left out
    and that OpenTimelineIO keeps it: other editors do the same rather than write nothing. A
    timeline with no picture track raises :class:`ProjectError`.
    """
    picture = [i for i, track in enumerate(timeline.tracks) if track.kind is TrackKind.VIDEO]
    used = [i for i in picture if any(isinstance(item, Clip) for item in timeline.tracks[i].items)]
    if not picture:
        raise ProjectError("an EDL holds one picture track; this timeline has 0", path)
    if not used:
        raise ProjectError("the picture track is empty: an EDL needs at least one event", path)
    video = [timeline.tracks[used[0]]]
    try:
        otio_timeline = timeline_to_otio(timeline)
    except ProjectError as exc:
        raise exc.with_path(path) from exc
    # The adapter writes the first track; drop the others (sound, empty picture) so it is the picture.
    for index in reversed(range(len(otio_timeline.tracks))):
        if index != used[0]:
            del otio_timeline.tracks[index]
    _name_reels(otio_timeline.tracks[0])
    for clip in otio_timeline.tracks[0].find_clips():
        del clip.markers[:]  # the adapter would write them at source timecode: vedit writes them
    rate, exact = edl_rate(timeline.rate)
    note = None
    if rate != timeline.rate:
        _recount(otio_timeline.tracks[0], timeline.rate, rate, path)
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
        listed = f"Its {dips} dips through black or white are" if dips > 1 else "Its dip through black or white is"
        dip_note = f"{listed} listed as dissolves of the same length: CMX3600 has no dip."
        note = f"{note}\n\n{dip_note}" if note else dip_note
    if len(used) > 1:
        left = sum(1 for i in used[1:] for item in timeline.tracks[i].items if isinstance(item, Clip))
        names = ", ".join(timeline.track_label(i) for i in used[1:])
        over = (f"The {left} clip{'s' if left != 1 else ''} laid over the edit on {names} "
                f"{'are' if left != 1 else 'is'} not in it: an EDL holds one picture track, so it lists "
                f"{timeline.track_label(used[0])} (with gaps where shots were moved up). "
                "File ▸ Export OpenTimelineIO keeps every track.")
        note = f"{note}\n\n{over}" if note else over
    unsaid = _not_carried(timeline, video[0])
    if unsaid:
        note = f"{note}\n\n{unsaid}" if note else unsaid
    if not video[0].enabled:
        otio_timeline.tracks[0].enabled = True  # the adapter would skip it and find no track
        hidden = "The picture track is hidden in vedit; an EDL cannot hide a track, so its events are listed."
        note = f"{note}\n\n{hidden}" if note else hidden
    both = _sound_follows_picture(timeline, used[0])
    drop_rate = is_drop_frame_rate(rate)
    non_drop = drop_rate and _sources_count_non_drop(timeline.tracks[used[0]])

    start = start_frame(timeline, rate, drop_rate and not non_drop)
    locators = [(start + _recounted(frame, timeline.rate, rate), colour, words)
                for frame, colour, words in _locators(timeline, used[0], review_threshold)]

    def finish(text: str) -> str:
        text = _both_channels(text) if both else text
        text = _record_from(text, start, rate, drop_rate and not non_drop) if start else text
        if drop_rate:
            text = _with_header(_as_non_drop(text, rate) if non_drop else text,
                                "FCM: NON-DROP FRAME" if non_drop else "FCM: DROP FRAME")
        return _with_locators(text, locators, rate, drop_rate and not non_drop)

    write_with_adapter(otio_timeline, path, "cmx_3600", finish, rate=float(rate))
    return note


def _not_carried(timeline: Timeline, picture: Track) -> str | None:
    """What of the edit a CMX3600 list has no field for, said rather than left out unsaid:
    clip fades (the adapter writes none) and sound levels. Final Cut Pro XML carries both."""
    fades = sum(1 for clip in picture.clips() if clip.fade_in or clip.fade_out)
    levels = sum(1 for track in timeline.tracks for clip in track.clips() if clip.gain_db)
    parts = []
    if fades:
        parts.append(f"{fades} clip fade{'s' if fades != 1 else ''} to or from black")
    if levels:
        parts.append(f"{levels} clip volume change{'s' if levels != 1 else ''}")
    if not parts:
        return None
    return (f"Not in the EDL: {' and '.join(parts)} (CMX3600 has no field for "
            f"{'them' if fades + levels > 1 else 'it'}). File ▸ Export Final Cut Pro XML carries both.")


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
    """``* LOC`` lines at their record timecode, each at the end of the event whose record
    frames hold it (in a gap: the event before it; before the first: the first)."""
    if not locators:
        return text
    lines = text.splitlines(keepends=True)
    events = []  # (line index, record in, record out)
    for i, line in enumerate(lines):
        fields = line.split()
        if len(fields) >= 4 and fields[0].isdigit() and _RECORD.search(line):
            events.append((i, timecode_to_frame(fields[-2], rate), timecode_to_frame(fields[-1], rate)))
    if not events:
        return text
    ends = [next((e[0] for e in events if e[0] > i), len(lines)) for i, _, _ in events]  # each block's end
    while ends and ends[-1] > 0 and not lines[ends[-1] - 1].strip():
        ends[-1] -= 1  # not after the list's trailing blank lines
    below: dict[int, list[str]] = {}
    for frame, colour, words in locators:
        holding = [n for n, (_, first, end) in enumerate(events) if first <= frame < end]
        before = [n for n, (_, first, _) in enumerate(events) if first <= frame]
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


def _sound_follows_picture(timeline: Timeline, picture: int) -> bool:
    """Whether the first sound track is the picture's own sound, clip for clip, in line and
    heard: then each event is picture and sound (channel B), and a conform brings the sound."""
    sound = next((t for t in timeline.tracks if t.kind is TrackKind.AUDIO), None)
    if sound is None or not sound.enabled or timeline.link_offsets:
        return False

    def laid_out(track: Track) -> list[tuple]:
        return [(rng, item.media.path, item.source_range, item.link) for _, item, rng in track.ranges()
                if isinstance(item, Clip)]

    pictures, sounds = laid_out(timeline.tracks[picture]), laid_out(sound)
    return bool(pictures) and all(p[3] is not None for p in pictures) and pictures == sounds


def _both_channels(text: str) -> str:
    """The adapter writes each event of a picture track as V: as B, picture and sound."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        # "001  REEL     V     C        …": the channel is the field after the reel.
        fields = line.split()
        if len(fields) > 3 and fields[0].isdigit() and fields[2] == "V":
            at = line.index(" V ", len(fields[0]) + 2 + len(fields[1])) + 1
            lines[i] = line[:at] + "B" + line[at + 1:]
    return "".join(lines)


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


def _name_reels(track: otio.schema.Track) -> None:
    """Each event's reel from :func:`reel_names` (the full file name stays in the event's
    "FROM CLIP NAME" comment)."""
    clips = [c for c in track if isinstance(c, otio.schema.Clip)]
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
