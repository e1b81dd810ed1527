"""Final Cut Pro 7 XML (xmeml), the hand-off Premiere Pro imports (DaVinci Resolve and Avid's
tools read it too): picture and sound tracks, clips at their source in and out points,
dissolves, dips and fades, clip levels.

The elements follow Premiere Pro's own exports, which is what its importer knows best:
files as ``file://localhost/`` URLs (spaces and non-ASCII characters percent-encoded), each
file described once (its size as shown, its sound channels, its own timecode so a relink or
a conform finds the frames) and named by id after that; a clip item's ``duration`` is its
file's length; a stereo source's sound is two linked clip items on a pair of tracks (left
and right, ``sourcetrack`` 1 and 2), a mono source's one; a transition's cut is also given
in Premiere's ticks (``cutPointTicks``), so one off centre on its cut lands where it is.

vedit writes the elements itself. OpenTimelineIO's FCP XML adapter (``otio_fcp_adapter``)
reads these files back in the tests; its writer leaves the path as a plain path, a clip
item's duration as the clip's length, a drop-frame camera timecode as non-drop, a
transition's name as vedit's kind, a one-sided fade and a crossfade starting at its cut
alike, and writes no sound channels, links, levels or picture size.

A suggestion's marker also holds the suggestion itself for vedit (``veditSuggestion``, its
fields as JSON, vendor-named as Premiere's ``pproColor`` is), so vedit's own XML opens with its
suggestions to review, not plain markers.

What the format cannot carry the export says in its note (vedit's render-only effects, a
rate XML cannot count, transitions shortened to the footage they have) rather than leaving
it out unsaid. The arithmetic (rates, transitions, channels) is :mod:`.fcp_layout`'s.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

from ..media import MediaInfo, probe
from ..timeline import (
    CUT,
    DIP_TO_BLACK,
    DIP_TO_WHITE,
    Clip,
    FrameRange,
    MediaReference,
    Suggestion,
    SuggestionStatus,
    Timeline,
    TrackKind,
    frame_to_timecode,
    gain_factor,
    nominal_fps,
    readable_rate,
    timecode_to_frame,
)
from ..timeline.model import frames_at
from ..timeline.picture_source import picture_source
from ..timeline.suggestion import GRADE, PUNCH_IN, STABILIZE, TITLE
from ..timeline.time import Rate
from ..timeline.timecode import counts_drop_frame, is_drop_frame_rate
from .atomic import atomic_write_bytes
from .fcp_layout import (
    XmlClip,
    XmlLayout,
    XmlTrack,
    XmlTransition,
    recount,
    ticks,
    xml_layout,
    xml_rate,
    xml_timebase,
)
from .handoff_marks import REVIEW_THRESHOLD, marked_suggestions
from .otio_io import XML_SUGGESTION, marker_words, suggestion_fields, timecode_start
from .source_facts import SourceFacts, source_facts
from .start_timecode import counts_drop_frame_for, start_frame, timeline_timecode

SAMPLE_RATE = 48000  # vedit's renders and Premiere's sequences mix at 48 kHz
MOST_GAIN = 3.98109  # +12 dB, the top of Final Cut's and Premiere's level slider (and vedit's)
# What vedit's render draws that no other editor reads from an XML, by kind.
_RENDER_ONLY = {GRADE: ("grade", "grades"), STABILIZE: ("steadied shot", "steadied shots"),
                TITLE: ("title", "titles"), PUNCH_IN: ("punch-in", "punch-ins")}


def write_fcp_xml(timeline: Timeline, path: str | Path, info: Callable[[str], MediaInfo] = probe, *,
                  review_threshold: float = REVIEW_THRESHOLD, title: str | None = None) -> str | None:
    """Write a Final Cut Pro 7 XML of ``timeline`` (atomically). Returns what the editor should
    know about it (what it could not carry, and how it was carried instead), else None.
    ``review_threshold``: pending suggestions at or above it are clip markers, as an EDL's
    locators (:mod:`.handoff_marks`). ``title``: the sequence's name (the project's, so the
    other application's bin says which edit it is), else the timeline's (its first file's).

    Each source's file is probed (``info``) for its picture size and sound channels; one that
    cannot be read is described as far as the project knows it, and the note names it."""
    facts = {media.path: source_facts(media, info) for media in timeline.media()}
    layout = xml_layout(timeline, lambda media: facts[media.path].channels)
    named = replace(timeline, name=title) if title else timeline
    document = _Document(named, layout, facts, marked_suggestions(timeline, review_threshold)).build()
    ET.indent(document, space="  ")
    text = ET.tostring(document, encoding="unicode")
    data = f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE xmeml>\n{text}\n'.encode()
    atomic_write_bytes(path, data)
    return _note(timeline, layout, facts)


def path_url(path: str) -> str:
    """A file's ``pathurl`` as Premiere writes it: ``file://localhost/`` and the absolute path,
    percent-encoded as UTF-8 (spaces, accents, ``#``, and a Windows drive's colon)."""
    posix = path.replace("\\", "/")
    if not posix.startswith("/"):
        posix = "/" + posix  # C:/Footage/a.mov
    # Undecodable bytes in a Linux file name come back as they are on disk.
    return "file://localhost" + urllib.parse.quote(posix.encode("utf-8", "surrogateescape"), safe="/")


# What XML 1.0 cannot hold: control characters but tab and line breaks, and lone surrogates
# (a file name Linux could not decode). A name keeps what it can.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _sub(parent: ET.Element, tag: str, text: object = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = _NOT_XML.sub("", str(text))
    return element


def _rate(parent: ET.Element, rate: Rate) -> None:
    named = xml_timebase(rate)
    assert named is not None, f"{rate} is not an XML rate"  # layout and _file_rate choose XML rates
    element = _sub(parent, "rate")
    _sub(element, "timebase", named[0])
    _sub(element, "ntsc", "TRUE" if named[1] else "FALSE")


def _timecode(parent: ET.Element, frame: int, rate: Rate, drop: bool) -> None:
    element = _sub(parent, "timecode")
    _rate(element, rate)
    _sub(element, "string", frame_to_timecode(frame, rate, drop_frame=drop))
    _sub(element, "frame", frame)
    _sub(element, "displayformat", "DF" if drop else "NDF")


def _file_rate(media: MediaReference) -> Rate:
    """The rate a file is described at: its own where XML names it, else the clock its
    timecode counts (a phone's variable rate near 29.97 counts drop-frame at 29.97), else the
    rate its sequence would be recounted to."""
    if xml_timebase(media.rate) is not None:
        return media.rate
    tag = media.metadata.get("timecode")
    clock = Fraction(nominal_fps(media.rate) * 1000, 1001)
    if isinstance(tag, str) and counts_drop_frame(tag) and xml_timebase(clock) is not None:
        return clock
    return xml_rate(media.rate)[0]


def _file_timecode(media: MediaReference, rate: Rate) -> tuple[int, bool]:
    """(the frame at ``rate`` a file's own timecode starts at, whether it counts drop-frame)."""
    tag = media.metadata.get("timecode")
    drop = isinstance(tag, str) and bool(counts_drop_frame(tag)) and is_drop_frame_rate(rate)
    if isinstance(tag, str) and counts_drop_frame(tag) is not None and (drop or not counts_drop_frame(tag)):
        try:
            return timecode_to_frame(tag, rate), drop
        except ValueError:  # out of range at this rate
            pass
    return round(Fraction(timecode_start(media)) * rate / media.rate), drop


def _first_picture(timeline: Timeline) -> Clip | None:
    """The clip whose picture sets a render's size: one of the edit's picture source, else
    on top at the first frame any shows."""
    chosen = picture_source(timeline)
    first: tuple[int, int, Clip] | None = None
    for index, track in enumerate(timeline.tracks):
        if track.kind is TrackKind.VIDEO:
            for _, item, rng in track.ranges():
                if isinstance(item, Clip) and chosen == item.media.path:
                    return item
                if isinstance(item, Clip) and (first is None or (rng.start, -index) < first[:2]) and chosen is None:
                    first = (rng.start, -index, item)
    return first[2] if first else None


def _even(size: int) -> int:
    return max(2, size - size % 2)


class _Document:
    """The xmeml tree of one laid-out timeline: one sequence, its files described once."""

    def __init__(self, timeline: Timeline, layout: XmlLayout, facts: dict[str, SourceFacts],
                 marked: list[Suggestion]) -> None:
        self.timeline = timeline
        self.layout = layout
        self.rate = layout.rate
        self.facts = facts
        self.files: dict[str, str] = {}
        self.video = [track for track in layout.tracks if track.kind is TrackKind.VIDEO]
        self.audio = [track for track in layout.tracks if track.kind is TrackKind.AUDIO]
        # Each clip item's id and place ((track kind, track number, clip number), 1-based),
        # known before any is written: a clip's links name the items linked to it.
        self.places: dict[tuple[int, int], tuple[str, str, int, int]] = {}
        # The clip items of each shot (vedit's link, else the clip's own two sides of sound).
        self.shots: dict[str, list[tuple[XmlTrack, int]]] = {}
        count = 0
        for tracks, kind in ((self.video, "video"), (self.audio, "audio")):
            for number, track in enumerate(tracks, 1):
                clip_number = 0
                for index, item in enumerate(track.items):
                    if isinstance(item, XmlClip):
                        count += 1
                        clip_number += 1
                        self.places[(id(track), index)] = (f"clipitem-{count}", kind, number, clip_number)
                        self.shots.setdefault(item.clip.link or item.clip.id, []).append((track, index))
        self.markers = self._suggestion_markers(marked)

    def build(self) -> ET.Element:
        root = ET.Element("xmeml", version="4")
        sequence = _sub(root, "sequence", id="sequence-1", explodedTracks="true")
        _sub(sequence, "name", self.timeline.name)
        _sub(sequence, "duration", self.layout.duration)
        _rate(sequence, self.rate)
        drop = counts_drop_frame_for(self.timeline, self.rate)
        _timecode(sequence, start_frame(self.timeline, self.rate, drop), self.rate, drop)
        media = _sub(sequence, "media")
        video = _sub(media, "video")
        characteristics = _sub(_sub(video, "format"), "samplecharacteristics")
        _rate(characteristics, self.rate)
        first = _first_picture(self.timeline)
        facts = self.facts[first.media.path] if first is not None else SourceFacts()
        if facts.width and facts.height:  # the render's size: the first picture's, made even
            _sub(characteristics, "width", _even(facts.width))
            _sub(characteristics, "height", _even(facts.height))
        self._square_pixels(characteristics)
        for track in self.video:
            self._track(video, track)
        audio = _sub(media, "audio")
        _sub(audio, "numOutputChannels", 2)
        sound = _sub(_sub(audio, "format"), "samplecharacteristics")
        _sub(sound, "depth", 16)
        _sub(sound, "samplerate", SAMPLE_RATE)
        outputs = _sub(audio, "outputs")
        for channel in (1, 2):
            group = _sub(outputs, "group")
            _sub(group, "index", channel)
            _sub(group, "numchannels", 1)
            _sub(group, "downmix", 0)
            _sub(_sub(group, "channel"), "index", channel)
        for track in self.audio:
            self._track(audio, track)
        for marker in self.timeline.markers:
            self._marker(sequence, marker.name, marker.note, self._at(marker.frame), -1)
        return root

    def _at(self, frame: int) -> int:
        return recount(frame, self.timeline.rate, self.rate)

    @staticmethod
    def _square_pixels(characteristics: ET.Element) -> None:
        _sub(characteristics, "anamorphic", "FALSE")
        _sub(characteristics, "pixelaspectratio", "square")
        _sub(characteristics, "fielddominance", "none")

    def _track(self, parent: ET.Element, track: XmlTrack) -> None:
        attrib = {}
        if track.kind is TrackKind.AUDIO:
            # Premiere's own names for a stereo pair's two tracks (its importer keeps them one).
            attrib = ({"premiereTrackType": "Stereo", "currentExplodedTrackIndex": str(track.side - 1),
                       "totalExplodedTrackCount": "2"} if track.side else {"premiereTrackType": "Mono"})
        element = _sub(parent, "track", **attrib)
        for index, item in enumerate(track.items):
            if isinstance(item, XmlTransition):
                self._transition(element, item, track.kind)
                continue
            before = track.items[index - 1] if index > 0 else None
            after = track.items[index + 1] if index + 1 < len(track.items) else None
            head = before if isinstance(before, XmlTransition) and before.cut == item.start and before.heads else None
            tail = after if isinstance(after, XmlTransition) and after.cut == item.end and after.tails else None
            self._clip(element, track, index, item, head, tail)
        _sub(element, "enabled", "TRUE" if track.enabled else "FALSE")
        _sub(element, "locked", "FALSE")
        if track.side:
            _sub(element, "outputchannelindex", track.side)

    def _clip(self, parent: ET.Element, track: XmlTrack, index: int, item: XmlClip,
              head: XmlTransition | None, tail: XmlTransition | None) -> None:
        clip, media = item.clip, item.clip.media
        clip_id = self.places[(id(track), index)][0]
        attrib = {"id": clip_id, "frameBlend": "FALSE"}
        if track.kind is TrackKind.AUDIO:
            attrib["premiereChannelType"] = "stereo" if track.side else "mono"
        element = _sub(parent, "clipitem", **attrib)
        _sub(element, "name", clip.title)
        _sub(element, "enabled", "TRUE")
        # A clip item's duration is its file's length (as Premiere writes it), at the item's rate.
        _sub(element, "duration", frames_at(media, self.rate))
        _rate(element, self.rate)
        # Inside a transition an edge is -1, and the source runs on under the transition.
        _sub(element, "start", -1 if head else item.start)
        _sub(element, "end", -1 if tail else item.end)
        _sub(element, "in", item.source_in - (head.before if head else 0))
        _sub(element, "out", item.source_out + (tail.after if tail else 0))
        self._file(element, media)
        if track.kind is TrackKind.AUDIO:
            source = _sub(element, "sourcetrack")
            _sub(source, "mediatype", "audio")
            _sub(source, "trackindex", item.channel)
            if clip.gain_db != 0.0:
                self._level(element, gain_factor(clip.gain_db))
        for name, comment, start, end, fields in self.markers.get((id(track), index), []):
            self._marker(element, name, comment, start, end, fields)
        self._links(element, clip)

    def _links(self, parent: ET.Element, clip: Clip) -> None:
        """A link to each clip item of the clip's shot, itself too (Final Cut's way): its
        picture and sound, and always the two sides of its stereo sound, which share a group."""
        members = self.shots[clip.link or clip.id]
        if len(members) < 2:
            return
        groups: dict[int, int] = {}
        for track, index in members:
            item_id, kind, number, clip_number = self.places[(id(track), index)]
            link = _sub(parent, "link")
            _sub(link, "linkclipref", item_id)
            _sub(link, "mediatype", kind)
            _sub(link, "trackindex", number)
            _sub(link, "clipindex", clip_number)
            if kind == "audio":
                _sub(link, "groupindex", groups.setdefault(track.source, len(groups) + 1))

    @staticmethod
    def _level(parent: ET.Element, factor: float) -> None:
        effect = _sub(_sub(parent, "filter"), "effect")
        _sub(effect, "name", "Audio Levels")
        _sub(effect, "effectid", "audiolevels")
        _sub(effect, "effectcategory", "audiolevels")
        _sub(effect, "effecttype", "audiolevels")
        _sub(effect, "mediatype", "audio")
        parameter = _sub(effect, "parameter")
        _sub(parameter, "parameterid", "level")
        _sub(parameter, "name", "Level")
        _sub(parameter, "valuemin", 0)
        _sub(parameter, "valuemax", MOST_GAIN)
        _sub(parameter, "value", f"{min(factor, MOST_GAIN):.5f}")

    def _file(self, parent: ET.Element, media: MediaReference) -> None:
        if media.path in self.files:
            _sub(parent, "file", id=self.files[media.path])
            return
        file_id = self.files[media.path] = f"file-{len(self.files) + 1}"
        facts = self.facts[media.path]
        rate = _file_rate(media)
        element = _sub(parent, "file", id=file_id)
        _sub(element, "name", media.path.replace("\\", "/").rsplit("/", 1)[-1])
        _sub(element, "pathurl", path_url(media.path))
        _rate(element, rate)
        _sub(element, "duration", frames_at(media, rate))
        frame, drop = _file_timecode(media, rate)
        _timecode(element, frame, rate, drop)
        kinds = _sub(element, "media")
        if media.has_video:
            characteristics = _sub(_sub(kinds, "video"), "samplecharacteristics")
            _rate(characteristics, rate)
            if facts.width and facts.height:
                _sub(characteristics, "width", facts.width)
                _sub(characteristics, "height", facts.height)
            self._square_pixels(characteristics)
        if media.has_audio:
            sound = _sub(kinds, "audio")
            characteristics = _sub(sound, "samplecharacteristics")
            _sub(characteristics, "depth", 16)
            _sub(characteristics, "samplerate", facts.sample_rate or SAMPLE_RATE)
            _sub(sound, "channelcount", facts.channels or 2)

    def _transition(self, parent: ET.Element, item: XmlTransition, kind: TrackKind) -> None:
        element = _sub(parent, "transitionitem")
        _sub(element, "start", item.start)
        _sub(element, "end", item.end)
        if item.fade:
            alignment = "start-black" if item.start == item.cut else "end-black"
        else:
            alignment = "start" if item.before == 0 else "end" if item.after == 0 else "center"
        _sub(element, "alignment", alignment)
        # Premiere's own field for where the cut is, counted from the transition's start.
        _sub(element, "cutPointTicks", ticks(item.before, self.rate))
        _rate(element, self.rate)
        effect = _sub(element, "effect")
        sound = kind is TrackKind.AUDIO
        dip = not sound and item.kind in (DIP_TO_BLACK, DIP_TO_WHITE)
        if sound:
            name, effect_id, category = "Cross Fade (+3dB)", "KGAudioTransCrossFade3dB", None
        elif dip:
            name, effect_id, category = "Dip to Color Dissolve", "Dip to Color Dissolve", "Dissolve"
        else:
            name, effect_id, category = "Cross Dissolve", "Cross Dissolve", "Dissolve"
        _sub(effect, "name", name)
        _sub(effect, "effectid", effect_id)
        if category:
            _sub(effect, "effectcategory", category)
        _sub(effect, "effecttype", "transition")
        _sub(effect, "mediatype", "audio" if sound else "video")
        for tag, value in (("wipecode", 0), ("wipeaccuracy", 100), ("startratio", 0), ("endratio", 1),
                           ("reverse", "FALSE")):
            _sub(effect, tag, value)
        if dip:
            level = 255 if item.kind == DIP_TO_WHITE else 0
            parameter = _sub(effect, "parameter")
            _sub(parameter, "parameterid", "color")
            _sub(parameter, "name", "Color")
            value = _sub(parameter, "value")
            _sub(value, "alpha", 255)
            for channel in ("red", "green", "blue"):
                _sub(value, channel, level)

    @staticmethod
    def _marker(parent: ET.Element, name: str, comment: str, start: int, end: int, fields: str | None = None) -> None:
        element = _sub(parent, "marker")
        _sub(element, "comment", comment)
        _sub(element, "name", name)
        _sub(element, "in", start)
        _sub(element, "out", end if end > start else -1)
        if fields is not None:  # vedit's own, after the elements other editors read
            _sub(element, XML_SUGGESTION, fields)

    def _suggestion_markers(self, marked: list[Suggestion]) -> dict[tuple[int, int], list[tuple[str, str, int, int, str]]]:
        """The suggestions a hand-off marks (:mod:`.handoff_marks`: vedit's titles, punch-ins and
        steadied shots, which no other editor draws, and those still to review) as markers on
        the first picture clip item that shows each (in its file's frames), named for what it
        does, each with its fields for vedit to read back as the suggestion (JSON in ASCII, so
        no character of a path or a parameter is one XML cannot hold). Grades are left to the
        .cube export (a marker per shot says little)."""
        found: dict[tuple[int, int], list[tuple[str, str, int, int, str]]] = {}
        order = {suggestion.id: index for index, suggestion in enumerate(self.timeline.suggestions)}
        for suggestion in marked:
            point = suggestion.kind == CUT  # a cut to review: where its next shot would start
            shown = self._showing(replace(suggestion, source_range=FrameRange(suggestion.cut_frame, 1))
                                  if point else suggestion)
            if shown is not None:
                key, start, end = shown
                fields = json.dumps(suggestion_fields(suggestion, order[suggestion.id]), separators=(",", ":"))
                found.setdefault(key, []).append((*marker_words(suggestion), start, start if point else end, fields))
        return found

    def _showing(self, suggestion: Suggestion) -> tuple[tuple[int, int], int, int] | None:
        """(the first picture clip item showing some of ``suggestion``, its frames there)."""
        for track in self.video:
            for index, item in enumerate(track.items):
                if isinstance(item, XmlClip) and item.clip.media.path == suggestion.source:
                    media_rate = item.clip.media.rate
                    start = round(Fraction(suggestion.source_range.start) * self.rate / media_rate)
                    end = round(Fraction(suggestion.source_range.end_exclusive) * self.rate / media_rate)
                    start, end = max(start, item.source_in), min(end, item.source_out)
                    if start < end:
                        return (id(track), index), start, end
        return None


def render_only(timeline: Timeline) -> dict[str, int]:
    """How many accepted suggestions of each kind only vedit's render draws (grades, steadied
    shots, titles, punch-ins) some picture clip shows."""
    pictures: dict[str, list[Clip]] = {}
    for track in timeline.tracks_of(TrackKind.VIDEO):
        for clip in track.clips():
            pictures.setdefault(clip.media.path, []).append(clip)
    shown: dict[str, int] = {}
    for suggestion in timeline.suggestions:
        if suggestion.status is not SuggestionStatus.ACCEPTED or suggestion.kind not in _RENDER_ONLY:
            continue
        for clip in pictures.get(suggestion.source, []):
            # Suggestions count source frames; clip ranges count timeline frames.
            scale = timeline.rate / clip.media.rate
            start, end = suggestion.source_range.start * scale, suggestion.source_range.end_exclusive * scale
            if start < clip.source_range.end_exclusive and end > clip.source_range.start:
                shown[suggestion.kind] = shown.get(suggestion.kind, 0) + 1
                break
    return shown




def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _listed(names: list[str], most: int = 3) -> str:
    shown = names[:most] + ([f"{len(names) - most} more"] if len(names) > most else [])
    return ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1]


def _note(timeline: Timeline, layout: XmlLayout, facts: dict[str, SourceFacts]) -> str | None:
    """What the editor should know about the XML, a paragraph a matter; None when nothing."""
    parts: list[str] = []
    if layout.rate != timeline.rate:
        how = (f"each frame is {layout.rate / timeline.rate} of its frames" if layout.exact
               else "cut points rounded to its nearest frame")
        parts.append(
            f"The timeline runs at {readable_rate(timeline.rate)} fps, which Final Cut Pro XML cannot count "
            f"(it names whole rates and their NTSC versions): the XML counts at {readable_rate(layout.rate)} fps "
            f"({how}), and the sequence Premiere Pro makes runs at that rate.")
    if layout.shortened:
        # Where the editor sees the cut: the timeline's timecode, from its start.
        places = [f"{item.track} at {timeline_timecode(timeline, round(item.cut * timeline.rate / layout.rate))} ({item.frames} frames, "
                  f"{item.kept} in the XML)" for item in layout.shortened]
        parts.append(
            f"{_count(len(places), 'transition is', 'transitions are')} shorter in the XML than in vedit: "
            f"{_listed(places)}. Its clips' files hold too few frames beyond the cut, where vedit holds "
            "a frame; XML takes a transition's frames from the footage.")
    transitions = [item for track in layout.tracks if track.side < 2 for item in track.items
                   if isinstance(item, XmlTransition)]
    off = [item for item in transitions if item.off_centre]
    if off:
        most = max(abs(item.before - (item.before + item.after) // 2) for item in off)
        parts.append(
            f"{_count(len(off), 'transition is', 'transitions are')} not centred on the cut. The XML gives "
            "each cut point as Premiere Pro writes it (cutPointTicks); an application that reads only "
            f"Final Cut Pro 7's fields centres them, moving those cuts by up to {_count(most, 'frame', 'frames')}.")
    dips = [item for track in layout.tracks if track.kind is TrackKind.VIDEO for item in track.items
            if isinstance(item, XmlTransition) and item.kind in (DIP_TO_BLACK, DIP_TO_WHITE)]
    if dips:
        parts.append(
            f"{_count(len(dips), 'dip to black or white is', 'dips to black or white are')} written as "
            "Final Cut Pro's Dip to Color Dissolve in that colour: check them after import, as editors "
            "translate that transition differently.")
    if overlaid := _fades_over_picture(layout):
        parts.append(
            f"{_count(overlaid, 'fade', 'fades')} on clips laid over other picture "
            f"{'is' if overlaid == 1 else 'are'} written as a dissolve from or to nothing: Premiere Pro "
            "shows the picture below through it, where vedit fades to black.")
    if effects := render_only(timeline):
        names = [_count(effects[kind], *words) for kind, words in _RENDER_ONLY.items() if kind in effects]
        markers = " Titles, punch-ins and steadied shots are markers on their clips, named for what they do." \
            if set(effects) - {GRADE} else ""
        grades = " File ▸ Export Grade as LUT writes a grade as a .cube file." if GRADE in effects else ""
        parts.append(f"vedit's render draws {_listed(names, 4)}; an XML carries the cut, not these.{markers}{grades}")
    unread = [media for media in timeline.media() if not facts[media.path].readable]
    if unread:
        known = ["the length the project knows"] + (["stereo sound"] if any(m.has_audio for m in unread) else []) \
            + (["no picture size"] if any(m.has_video for m in unread) else [])
        parts.append(
            f"vedit could not read {_listed([media.file_name for media in unread])} (missing or moved): the XML "
            f"holds {_listed(known)}. Premiere Pro reads the file itself when you relink it.")
    wide = [(media.file_name, facts[media.path].channels) for media in timeline.media()
            if (facts[media.path].channels or 0) > 2]
    if wide:
        parts.append(
            f"{_listed([f'{name} has {count}' for name, count in wide])} sound channels: the XML plays "
            "the first two, left and right, where vedit mixes them all.")
    return "\n\n".join(parts) or None


def _fades_over_picture(layout: XmlLayout) -> int:
    """Fades on picture tracks above a shown clip of a lower one, over the fade's frames."""
    pictures = [track for track in layout.tracks if track.kind is TrackKind.VIDEO]
    count = 0
    for number, track in enumerate(pictures):
        below = [clip for lower in pictures[:number] if lower.enabled for clip in lower.clips()]
        for item in track.items:
            if isinstance(item, XmlTransition) and item.fade and any(
                    clip.start < item.end and item.start < clip.end for clip in below):
                count += 1
    return count
