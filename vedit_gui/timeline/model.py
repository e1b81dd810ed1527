"""The edit as values: media references, clips, gaps, transitions, tracks, markers and the timeline.

Every type is a frozen dataclass. An edit makes a new timeline that shares the untouched
parts with the old one, so undo is keeping the old value, and a worker thread can hold a
snapshot while the user goes on editing.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from pathlib import PurePath
from typing import Any

from .suggestion import Suggestion, new_id
from .time import FrameRange, Rate, frames_showing, rescale


class TrackKind(StrEnum):
    VIDEO = "video"
    AUDIO = "audio"


PICTURE_SOURCE = "vedit.picture_source"
"""The timeline metadata naming the source that sets the edit's picture format (see
:mod:`.picture_source`)."""


@dataclass(frozen=True)
class MediaReference:
    """A source file as the timeline knows it: where it is and how long, in its own frames.

    ``rate`` is the source's constant frame grid (a variable-frame-rate file is counted on a
    grid at this rate by ``media.probe``: a new edit's is the edit's rate, an older project's
    the file's average); ``duration`` counts frames on that grid.
    """

    path: str
    rate: Rate
    duration: int
    has_video: bool = True
    has_audio: bool = True
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def available_range(self) -> FrameRange:
        return FrameRange(0, self.duration)

    @property
    def file_name(self) -> str:
        """The file's name without its folder (what clips of it are called)."""
        return self.path.rsplit("/", 1)[-1]


# A clip's sound level, in dB against the recording: at MUTE_DB or below it is silent.
MUTE_DB = -60.0
MAX_GAIN_DB = 12.0


def gain_factor(gain_db: float) -> float:
    """A clip's level as a factor on its samples (and on its drawn waveform)."""
    return 0.0 if gain_db <= MUTE_DB else 10.0 ** (gain_db / 20.0)


@dataclass(frozen=True)
class Clip:
    """A range of a source placed on a track. Clips sharing a ``link`` edit together
    (a shot's picture and its sound). ``gain_db`` is its sound's level (0: as recorded);
    ``fade_in`` / ``fade_out`` are frames at its head / tail where the picture comes from or
    goes to black and the sound from or to silence (where no transition plays there)."""

    media: MediaReference
    source_range: FrameRange
    name: str = ""
    link: str | None = None
    id: str = field(default_factory=new_id)
    metadata: dict[str, Any] = field(default_factory=dict)
    gain_db: float = 0.0
    fade_in: int = 0
    fade_out: int = 0

    @property
    def duration(self) -> int:
        return self.source_range.duration

    @property
    def title(self) -> str:
        """What the editor calls the clip: its name, else its file's."""
        return self.name or self.media.file_name

    @property
    def fades(self) -> tuple[int, int]:
        """(fade in, fade out) as they play: each at most the clip's length, the in first."""
        fade_in = min(self.fade_in, self.duration)
        return fade_in, min(self.fade_out, self.duration - fade_in)

    def source_frame(self, offset: int) -> int:
        """The source frame shown ``offset`` frames into the clip."""
        return self.source_range.start + offset


@dataclass(frozen=True)
class Gap:
    """Empty time on a track: black picture, silence."""

    duration: int
    id: str = field(default_factory=new_id)


Item = Clip | Gap

DISSOLVE = "dissolve"
DIP_TO_BLACK = "dip_to_black"
DIP_TO_WHITE = "dip_to_white"
# Each transition kind and its name in the editor; a kind a newer vedit wrote plays as a dissolve.
TRANSITION_KINDS = {DISSOLVE: "Dissolve", DIP_TO_BLACK: "Dip to black", DIP_TO_WHITE: "Dip to white"}


def transition_name(track_kind: TrackKind, kind: str) -> str:
    """What the editor calls a transition: on a sound track a crossfade (it has no colour to
    dip through), on a picture track its kind's name."""
    if track_kind is TrackKind.AUDIO:
        return "Crossfade"
    return TRANSITION_KINDS.get(kind, TRANSITION_KINDS[DISSOLVE])


@dataclass(frozen=True)
class Transition:
    """A dissolve (or a dip through black or white: ``kind``) into the clip ``clip_id`` from
    the clip before it, over ``in_offset`` frames before the cut and ``out_offset`` after
    (OpenTimelineIO's offsets).

    It belongs to the incoming clip's head, so splitting or trimming the outgoing clip keeps
    it, and it moves with its clip. The frames it mixes are the clips' handles: the outgoing
    clip's source past its out point and the incoming clip's before its in point. With no clip
    before its own (a gap, or the track's start) it does nothing.
    """

    clip_id: str
    in_offset: int
    out_offset: int
    kind: str = DISSOLVE
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if self.in_offset < 0 or self.out_offset < 0 or self.in_offset + self.out_offset == 0:
            raise ValueError(f"a transition needs frames to mix ({self.in_offset} + {self.out_offset})")


@dataclass(frozen=True)
class TransitionWindow:
    """Where a transition plays on its track: timeline frames ``range`` mix ``outgoing`` into
    ``incoming``, which meet at ``cut``."""

    transition: Transition
    range: FrameRange
    cut: int
    outgoing: Clip
    incoming: Clip


def item_with_duration(item: Item, duration: int) -> Item:
    if isinstance(item, Gap):
        return replace(item, duration=duration)
    return replace(item, source_range=FrameRange(item.source_range.start, duration))


@dataclass(frozen=True)
class Track:
    """``enabled`` is OpenTimelineIO's name: a disabled picture track is hidden, a disabled
    sound track muted, in playback and render alike; its clips stay editable."""

    kind: TrackKind
    items: tuple[Item, ...] = ()
    name: str = ""
    id: str = field(default_factory=new_id)
    transitions: tuple[Transition, ...] = ()
    enabled: bool = True

    @cached_property
    def duration(self) -> int:
        return sum(item_duration(item) for item in self.items)

    def ranges(self) -> Iterator[tuple[int, Item, FrameRange]]:
        """Each item with its index and its range in the track (``range_in_parent``)."""
        start = 0
        for index, item in enumerate(self.items):
            duration = item_duration(item)
            yield index, item, FrameRange(start, duration)
            start += duration

    def item_at(self, frame: int) -> tuple[int, Item, FrameRange] | None:
        starts = self.item_starts
        index = bisect.bisect_right(starts, frame) - 1
        if not 0 <= index < len(self.items):
            return None
        return index, self.items[index], FrameRange(starts[index], starts[index + 1] - starts[index])

    @cached_property
    def item_starts(self) -> tuple[int, ...]:
        """Where each item starts, then where the last ends: found once per (immutable) track,
        so finding the item at a frame is a search, not a walk (the render's segments ask for
        every cut of a film's 1,500 clips, on a worker that holds the interpreter meanwhile)."""
        return tuple(itertools.accumulate((item_duration(item) for item in self.items), initial=0))

    def index_of(self, item_id: str) -> int | None:
        for index, item in enumerate(self.items):
            if item.id == item_id:
                return index
        return None

    def range_of(self, item_id: str) -> FrameRange | None:
        for _, item, rng in self.ranges():
            if item.id == item_id:
                return rng
        return None

    def clips(self) -> Iterator[Clip]:
        return (item for item in self.items if isinstance(item, Clip))

    def transition_windows(self) -> list[TransitionWindow]:
        """The transitions that play, in track order: each needs a clip on both sides of its
        cut, and is shortened to fit inside both clips without overlapping its neighbours.
        Transitions whose clip has gone, or follows a gap, are left out here; an edit through
        the history drops them (:meth:`Timeline.without_idle_transitions`)."""
        if not self.transitions:
            return []
        by_clip = {t.clip_id: t for t in self.transitions}
        windows: list[TransitionWindow] = []
        previous: tuple[Item, FrameRange] | None = None
        free_from = 0  # the first frame a window may start at (after the previous window)
        for _, item, rng in self.ranges():
            transition = by_clip.get(item.id)
            if transition is not None and isinstance(item, Clip) and previous is not None \
                    and isinstance(previous[0], Clip):
                cut = rng.start
                before = min(transition.in_offset, cut - max(free_from, previous[1].start))
                after = min(transition.out_offset, item.duration)
                if before + after > 0:
                    window = FrameRange(cut - before, before + after)
                    windows.append(TransitionWindow(transition, window, cut, previous[0], item))
                    free_from = window.end_exclusive
            previous = (item, rng)
        return windows

    def without_idle_transitions(self) -> Track:
        """This track without transitions that cannot play: their clip gone, first on the
        track, or after a gap."""
        after_clip = {item.id for prev, item in itertools.pairwise(self.items) if isinstance(prev, Clip)}
        kept = tuple(t for t in self.transitions if t.clip_id in after_clip)
        return self if kept == self.transitions else replace(self, transitions=kept)

    def cut_frames(self) -> list[int]:
        """Timeline frames where one item ends and the next begins."""
        return [rng.start for _, _, rng in self.ranges()][1:]


def item_duration(item: Item) -> int:
    return item.duration


@dataclass(frozen=True)
class Marker:
    frame: int
    name: str = ""
    color: str = "yellow"
    note: str = ""
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Timeline:
    """One sequence at one rate: tracks of clips, markers, and the suggestions on its sources."""

    rate: Rate
    tracks: tuple[Track, ...] = ()
    name: str = "Timeline"
    markers: tuple[Marker, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def duration(self) -> int:
        # Worked out once per (immutable) timeline: the editor asks a dozen times per edit.
        return max((track.duration for track in self.tracks), default=0)

    def tracks_of(self, kind: TrackKind) -> list[Track]:
        return [track for track in self.tracks if track.kind is kind]

    def track_label(self, index: int) -> str:
        """The track's name, else V1, V2, A1…: its number among the tracks of its kind."""
        track = self.tracks[index]
        number = sum(1 for other in self.tracks[: index + 1] if other.kind is track.kind)
        return track.name or f"{'V' if track.kind is TrackKind.VIDEO else 'A'}{number}"

    def playing_tracks_of(self, kind: TrackKind) -> list[Track]:
        """The tracks of ``kind`` that are seen or heard (not hidden or muted)."""
        return [track for track in self.tracks if track.kind is kind and track.enabled]

    def find_item(self, item_id: str) -> tuple[int, int, Item] | None:
        """(track index, item index, item) of an item, or None."""
        for track_index, track in enumerate(self.tracks):
            index = track.index_of(item_id)
            if index is not None:
                return track_index, index, track.items[index]
        return None

    def linked_items(self, item_id: str) -> list[tuple[int, int, Item]]:
        """The item and every clip linked to it, as (track index, item index, item)."""
        found = self.find_item(item_id)
        if found is None:
            return []
        item = found[2]
        link = item.link if isinstance(item, Clip) else None
        if link is None:
            return [found]
        return [
            (track_index, index, other)
            for track_index, track in enumerate(self.tracks)
            for index, other in enumerate(track.items)
            if isinstance(other, Clip) and other.link == link
        ]

    def without_idle_transitions(self) -> Timeline:
        """The timeline without transitions that cannot play (:meth:`Track.without_idle_transitions`).
        Each edit the editor makes ends with this (``History.apply``): a dissolve nobody sees
        must not come back on its own when a later edit puts a clip before its clip again (a
        clip moved to the start, then another pasted in front of it)."""
        tracks = tuple(track.without_idle_transitions() for track in self.tracks)
        return self if tracks == self.tracks else replace(self, tracks=tracks)

    def with_track(self, index: int, track: Track) -> Timeline:
        tracks = list(self.tracks)
        tracks[index] = track
        return replace(self, tracks=tuple(tracks))

    def transition_window(self, transition_id: str) -> tuple[int, TransitionWindow] | None:
        """(track index, where it plays) of a transition that plays, or None."""
        for index, track in enumerate(self.tracks):
            for window in track.transition_windows():
                if window.transition.id == transition_id:
                    return index, window
        return None

    def marker(self, marker_id: str) -> Marker | None:
        return next((m for m in self.markers if m.id == marker_id), None)

    def suggestion(self, suggestion_id: str) -> Suggestion | None:
        return self._suggestions_by_id.get(suggestion_id)

    @cached_property
    def _suggestions_by_id(self) -> dict[str, Suggestion]:
        # Built once per (immutable) timeline: the editor looks suggestions up by the thousand.
        return {s.id: s for s in reversed(self.suggestions)}

    @cached_property
    def link_offsets(self) -> dict[str, int]:
        """By clip id, how many frames a linked clip starts after (negative: before) the
        first clip it is linked to, for the clips out of line (after a J or L cut)."""
        starts: dict[str, list[tuple[str, int]]] = {}
        for track in self.tracks:
            for item, start in zip(track.items, track.item_starts, strict=False):
                if isinstance(item, Clip) and item.link is not None:
                    starts.setdefault(item.link, []).append((item.id, start))
        return {
            clip_id: start - group[0][1] for group in starts.values() for clip_id, start in group
            if start != group[0][1]
        }

    def media(self) -> list[MediaReference]:
        """Each distinct source the timeline uses, in order of first use."""
        return list(self._media_by_path.values())

    @cached_property
    def _media_by_path(self) -> dict[str, MediaReference]:
        # Found once per (immutable) timeline: the editor asks after every edit, and a long
        # edit's tracks hold thousands of clips.
        seen: dict[str, MediaReference] = {}
        for track in self.tracks:
            for clip in track.clips():
                seen.setdefault(clip.media.path, clip.media)
        return seen

    def media_of(self, path: str) -> MediaReference | None:
        """The reference the timeline's clips of ``path`` use (the first, should they differ)."""
        return self._media_by_path.get(path)

    def source_rate(self, path: str) -> Rate:
        """The frame rate a suggestion's source frames count at: the source's own (the
        timeline's when no clip uses it)."""
        media = self._media_by_path.get(path)
        return self.rate if media is None else media.rate


def frames_at(media: MediaReference, rate: Rate) -> int:
    """How many frames at the timeline's ``rate`` the source holds: how far a clip can be
    trimmed out, or a dissolve reach, before the render holds a frame. A picture's last frame
    shows for a whole timeline frame even when only partly under it (the render shows the
    source frame under each timeline frame's start), one more than :func:`rescale` counts
    where the part is under a half; sound rounds to the nearest frame. A new clip of the
    whole source takes the rounded length (:func:`timeline_from_media`), as a conform does."""
    if media.has_video:
        return frames_showing(media.duration, media.rate, rate)
    return rescale(media.duration, media.rate, rate)


def timeline_from_media(media: MediaReference, name: str | None = None, rate: Rate | None = None) -> Timeline:
    """A new timeline holding the whole source: a video track and, if it has sound, an audio
    track, their clips linked. At another ``rate`` than the source's, the clips hold the
    source's length in that rate's frames (placed through seconds, as the render reads them)."""
    link = new_id()
    clip_name = name or media.file_name
    rate = rate or media.rate
    whole = FrameRange(0, rescale(media.duration, media.rate, rate))
    tracks: list[Track] = []
    if media.has_video:
        tracks.append(Track(TrackKind.VIDEO, (Clip(media, whole, clip_name, link),), "V1"))
    if media.has_audio:
        tracks.append(Track(TrackKind.AUDIO, (Clip(media, whole, clip_name, link),), "A1"))
    return Timeline(rate=rate, tracks=tuple(tracks), name=clip_name)


def picture_source(timeline: Timeline) -> str | None:
    """The path of the source whose picture sets the format, while the edit still uses it:
    by its path, else by its file name alone where one source on the picture tracks has it (the
    project's folder moved with its footage; Relink keeps the path itself up to date)."""
    path = timeline.metadata.get(PICTURE_SOURCE)
    if not isinstance(path, str):
        return None
    used = {item.media.path for track in timeline.tracks if track.kind is TrackKind.VIDEO
            for item in track.items if isinstance(item, Clip)}
    if path in used:
        return path
    named = [other for other in used if PurePath(other).name == PurePath(path).name]
    return named[0] if len(named) == 1 else None
