"""Edits as commands: each is a small value whose ``apply`` returns a new timeline.

An edit that cannot apply raises :class:`EditError` and leaves nothing changed. Reverting is
restoring the timeline the edit was applied to (see :mod:`.history`); because timelines are
immutable values that share structure, that costs a reference, not a copy.

Clips that share a ``link`` (a shot's picture and sound) are trimmed, deleted and moved
together. Tracks are sync-locked: an edit that adds or removes time on one track adds or
removes the same time on every other track, so picture and sound never slip apart.
"""

from __future__ import annotations

import bisect
import itertools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from fractions import Fraction
from typing import Any, Protocol

from .mapping import SourceMap
from .model import (
    DISSOLVE,
    MAX_GAIN_DB,
    MUTE_DB,
    PICTURE_SOURCE,
    TRANSITION_KINDS,
    Clip,
    Gap,
    Item,
    Marker,
    MediaReference,
    Timeline,
    Track,
    TrackKind,
    Transition,
    TransitionWindow,
    frames_at,
    item_with_duration,
    new_id,
    picture_source,
    timeline_from_media,
    transition_name,
)
from .suggestion import (
    CUT,
    GRADE,
    PUNCH_IN,
    REMOVE_PAUSE,
    STABILIZE,
    TITLE,
    Suggestion,
    SuggestionStatus,
)
from .time import FrameRange, rescale


class EditError(ValueError):
    """An edit that does not fit the timeline it is applied to (the timeline is unchanged)."""


class Edit(Protocol):
    @property
    def description(self) -> str: ...

    def apply(self, timeline: Timeline) -> Timeline: ...


def available_duration(clip: Clip, timeline: Timeline) -> int:
    """How many timeline frames the clip's source holds (each showing one of its frames, as the
    render maps them)."""
    return frames_at(clip.media, timeline.rate)


def _split_item(item: Item, offset: int, new_link: str | None) -> tuple[Item, Item]:
    if isinstance(item, Gap):
        return Gap(offset), Gap(item.duration - offset)
    # The head's fade stays with the left piece, the tail's with the right.
    start = item.source_range.start
    left = _clip_with(item, source_range=FrameRange(start, offset), fade_out=0)
    right = _clip_with(item, source_range=FrameRange(start + offset, item.duration - offset), link=new_link,
                       id=new_id(), fade_in=0)
    return left, right


_CLIP_FIELDS = tuple(f.name for f in fields(Clip))
assert not hasattr(Clip, "__post_init__"), "_clip_with would skip its checks"


def _clip_with(clip: Clip, **changes: Any) -> Clip:
    """``dataclasses.replace`` for a clip, at a third of the cost: a clip checks nothing when
    made, and accepting a film's cuts splits 6,000 clips in one edit."""
    made = object.__new__(Clip)
    values = made.__dict__
    for name in _CLIP_FIELDS:
        values[name] = clip.__dict__[name]
    values.update(changes)
    return made


# The new link of each linked clip cut at a frame, by (old link, frame): the pieces of one
# shot's picture and sound cut at one frame stay linked across tracks.
LinkMap = dict[tuple[str, int], str]


def _split_track(track: Track, frame: int, link_map: LinkMap) -> Track:
    return _split_track_at(track, [frame], link_map)


def _drop_trailing_gaps(track: Track) -> Track:
    items = track.items
    while items and isinstance(items[-1], Gap):
        items = items[:-1]
    return replace(track, items=items) if items != track.items else track


def _index_at(track: Track, frame: int) -> int:
    """The index at which an item starting at ``frame`` goes (``frame`` is already a boundary)."""
    for index, _, rng in track.ranges():
        if rng.start >= frame:
            return index
    return len(track.items)


def _insert_time(
    track: Track, frame: int, items: tuple[Item, ...], duration: int, link_map: LinkMap
) -> Track:
    """Insert ``items`` at ``frame``, padded with a gap to ``duration`` frames; later items
    move right. Past the end of the track the items are placed after a gap (or, with no
    items, nothing changes)."""
    filled = sum(item.duration for item in items)
    if filled < duration:
        items = items + (Gap(duration - filled),)
    if frame >= track.duration:
        if not any(isinstance(item, Clip) for item in items):
            return track
        lead = (Gap(frame - track.duration),) if frame > track.duration else ()
        return _drop_trailing_gaps(replace(track, items=track.items + lead + items))
    track = _split_track(track, frame, link_map)
    index = _index_at(track, frame)
    return replace(track, items=_merged_gaps(track.items[:index] + items + track.items[index:]))


def _remove_time(track: Track, removed: FrameRange, link_map: LinkMap) -> Track:
    """Take ``removed`` out of the track; later items move left."""
    track = _split_track(_split_track(track, removed.start, link_map), removed.end_exclusive, link_map)
    items = _merged_gaps(item for _, item, rng in track.ranges() if not removed.contains(rng.start))
    return _drop_trailing_gaps(replace(track, items=items))
@dataclass(frozen=True)
class Split:
    """Cut every track at a timeline frame (the blade)."""

    frame: int

    @property
    def description(self) -> str:
        return "Split"

    def apply(self, timeline: Timeline) -> Timeline:
        # A blade inside a transition would shorten it to the new piece and change what
        # plays there; an editor expects a split never to change the picture or the sound.
        for track in timeline.tracks:
            for window in track.transition_windows():
                if window.range.contains(self.frame) and self.frame != window.cut:
                    name = transition_name(track.kind, window.transition.kind).lower()
                    raise EditError(f"frame {self.frame} is inside a {name} (frames {window.range.start}–"
                                    f"{window.range.end_inclusive}): split before or after it")
        split = split_at(timeline, [self.frame])
        if split.tracks == timeline.tracks:
            raise EditError(f"nothing to split at frame {self.frame}: {self._why_nothing(timeline)}")
        return split

    def _why_nothing(self, timeline: Timeline) -> str:
        if timeline.duration == 0:
            return "the timeline is empty"
        if self.frame <= 0:
            return "it is the start of the timeline"
        if self.frame >= timeline.duration:
            return "it is the end of the timeline"
        if not any(isinstance(hit[1], Clip) for track in timeline.tracks if (hit := track.item_at(self.frame))):
            return "no clip plays there"
        return "there is a cut there already"


def linked_group(timeline: Timeline, item_id: str) -> tuple[list[tuple[int, int, Item]], FrameRange]:
    """An item with its linked clips (track, index, item), and the timeline range they share."""
    targets = timeline.linked_items(item_id)
    if not targets:
        raise EditError(f"no item {item_id!r} on the timeline")
    track_index, _, item = targets[0]
    rng = timeline.tracks[track_index].range_of(item.id)
    assert rng is not None
    return targets, rng


def rippled_tracks(timeline: Timeline, touched: Iterable[int], frame: int | None = None) -> set[int]:
    """The tracks a ripple edit on the tracks ``touched`` moves. An edit on the edit's own
    picture or sound (its first picture and first sound track) moves every track, so what
    lies over or under it stays in sync; an edit on footage laid over the edit (B-roll, music
    on tracks of their own) moves only the tracks it touches, never the edit under it, and the
    tracks of the clips linked to what it moves (B-roll's own sound on a sound track of its
    own), and so on, so no laid-over picture slips against its sound. What moves is the clips
    that end after ``frame`` (None: every clip of the tracks)."""
    moving = set(touched)
    firsts = first_tracks(timeline)
    if moving & firsts:
        return set(range(len(timeline.tracks)))
    ends = _link_ends(timeline)
    limit = -1 if frame is None else frame

    def links_on(index: int) -> set[str]:  # the links of the track's clips that end after ``frame``
        return {link for link, end in ends[index].items() if end > limit}

    links = set().union(*(links_on(index) for index in moving if 0 <= index < len(ends)))
    while more := {index for index in range(len(ends)) if index not in moving and links_on(index) & links}:
        if more & firsts:
            return set(range(len(timeline.tracks)))
        moving |= more
        links = links.union(*(links_on(index) for index in more))
    return moving


_LINK_ENDS: list[tuple[Timeline, list[dict[str, int]]]] = []
_LINK_ENDS_LOCK = threading.Lock()


def _link_ends(timeline: Timeline) -> list[dict[str, int]]:
    """Per track, each link's latest clip end there (exclusive): worked out once for the last
    few timelines, as a tightened interview asks :func:`rippled_tracks` of the same edit once
    per pause (a thousand pauses walked every track a thousand times)."""
    with _LINK_ENDS_LOCK:
        for known, ends in _LINK_ENDS:
            if known is timeline:
                return ends
    ends = []
    for track in timeline.tracks:
        on: dict[str, int] = {}
        for _, item, rng in track.ranges():
            if isinstance(item, Clip) and item.link is not None:
                on[item.link] = max(on.get(item.link, 0), rng.end_exclusive)
        ends.append(on)
    with _LINK_ENDS_LOCK:
        _LINK_ENDS.insert(0, (timeline, ends))
        del _LINK_ENDS[4:]
    return ends


def first_tracks(timeline: Timeline) -> set[int]:
    """The edit's own picture and sound: the first track of each kind (by index)."""
    firsts: dict[TrackKind, int] = {}
    for index, track in enumerate(timeline.tracks):
        firsts.setdefault(track.kind, index)
    return set(firsts.values())


def _trim(
    timeline: Timeline, item_id: str, change: Callable[[Item], Item], at: Callable[[FrameRange, int], int]
) -> Timeline:
    """Change the length of a group's items; the other tracks it ripples (:func:`rippled_tracks`)
    gain or lose the same time at ``at(group_range, delta)`` so that nothing slips out of sync."""
    targets, rng = linked_group(timeline, item_id)
    tracks = list(timeline.tracks)
    delta = 0
    for track_index, index, item in targets:
        new = change(item)
        delta = new.duration - item.duration
        items = tracks[track_index].items
        tracks[track_index] = replace(tracks[track_index], items=items[:index] + (new,) + items[index + 1 :])
    touched = {track_index for track_index, _, _ in targets}
    frame = at(rng, delta)
    moving = rippled_tracks(timeline, touched, frame)
    link_map: LinkMap = {}
    for track_index, track in enumerate(tracks):
        if track_index in touched:
            tracks[track_index] = _drop_trailing_gaps(track)
        elif track_index not in moving:
            continue
        elif delta > 0:
            tracks[track_index] = _insert_time(track, frame, (), delta, link_map)
        elif delta < 0:
            tracks[track_index] = _remove_time(track, FrameRange(frame, -delta), link_map)
    return replace(timeline, tracks=tuple(tracks))


@dataclass(frozen=True)
class TrimIn:
    """Move an item's in point by ``delta`` frames (positive shortens it); later items ripple."""

    item_id: str
    delta: int

    @property
    def description(self) -> str:
        return "Trim In"

    def apply(self, timeline: Timeline) -> Timeline:
        def trim(item: Item) -> Item:
            duration = item.duration - self.delta
            if duration < 1:
                raise EditError("a trim cannot make an item shorter than one frame")
            if isinstance(item, Gap):
                return replace(item, duration=duration)
            start = item.source_range.start + self.delta
            if start < 0:
                raise EditError("the in point cannot go before the start of the source")
            return replace(item, source_range=FrameRange(start, duration))

        return _trim(timeline, self.item_id, trim, lambda rng, delta: rng.start)


@dataclass(frozen=True)
class TrimOut:
    """Move an item's out point by ``delta`` frames (positive lengthens it); later items ripple."""

    item_id: str
    delta: int

    @property
    def description(self) -> str:
        return "Trim Out"

    def apply(self, timeline: Timeline) -> Timeline:
        def trim(item: Item) -> Item:
            duration = item.duration + self.delta
            if duration < 1:
                raise EditError("a trim cannot make an item shorter than one frame")
            if isinstance(item, Clip) and item.source_range.end_exclusive + self.delta > available_duration(
                item, timeline
            ):
                raise EditError("the out point cannot go past the end of the source")
            return item_with_duration(item, duration)

        return _trim(
            timeline, self.item_id, trim, lambda rng, delta: rng.end_exclusive + min(delta, 0)
        )


@dataclass(frozen=True)
class Roll:
    """Move the cut at the end of ``item_id`` by ``delta`` frames, with the cuts of the clips
    linked to it: the item's out point and the next item's in point move together (a roll
    edit), so nothing else moves. Kept within both sides' handles. A linked clip's cut rolls
    only where what follows it is linked to what follows ``item_id``, or is a gap: with
    either side's sound unlinked from its picture, the sound cut rolls alone (a J or L cut)."""

    item_id: str
    delta: int

    @property
    def description(self) -> str:
        return "Roll Edit"

    def rolled(self, timeline: Timeline) -> list[tuple[int, int, Item]]:
        """The items whose out points move: ``item_id`` and the linked ones whose cut is the
        same cut, as (track index, item index, item). A linked clip last on its track (its
        track ends there: a shot's sound under a silent clip appended after it) rolls as if a
        gap followed it."""
        group = timeline.linked_items(self.item_id)
        if not group:
            raise EditError(f"no item {self.item_id!r}")
        track, at, item = next(found for found in group if found[2].id == self.item_id)
        if at + 1 >= len(timeline.tracks[track].items):
            what = item.title if isinstance(item, Clip) else "the gap"
            raise EditError(f"there is no cut after {what} on {timeline.track_label(track)}")
        incoming = {item.id for _, _, item in timeline.linked_items(timeline.tracks[track].items[at + 1].id)}

        def follows(track_index: int, index: int) -> Item | None:
            items = timeline.tracks[track_index].items
            return items[index + 1] if index + 1 < len(items) else None

        return [
            (track_index, index, item) for track_index, index, item in group
            if track_index == track
            or not isinstance(after := follows(track_index, index), Clip) or after.id in incoming
        ]

    def limits(self, timeline: Timeline) -> tuple[int, int]:
        """How far the cut may roll (earliest, latest): one frame stays on each side, and
        no clip runs past its source."""
        low, high = -_NO_LIMIT, _NO_LIMIT
        for track_index, index, item in self.rolled(timeline):
            items = timeline.tracks[track_index].items
            after = items[index + 1] if index + 1 < len(items) else None
            low = max(low, 1 - item.duration)
            if isinstance(item, Clip):
                high = min(high, available_duration(item, timeline) - item.source_range.end_exclusive)
            if after is not None:
                high = min(high, after.duration - 1)
            if isinstance(after, Clip):
                low = max(low, -after.source_range.start)
        return low, high

    def apply(self, timeline: Timeline) -> Timeline:
        group = self.rolled(timeline)
        low, high = self.limits(timeline)
        delta = max(low, min(self.delta, high))
        if delta == 0:
            raise EditError("the clips have no frames beyond the cut to roll into")
        changes: dict[tuple[int, int], Item] = {}
        for track_index, index, item in group:
            changes[track_index, index] = item_with_duration(item, item.duration + delta)
            items = timeline.tracks[track_index].items
            if index + 1 == len(items):
                continue  # nothing after it: its track ends with it
            after = items[index + 1]
            changes[track_index, index + 1] = (
                replace(after, duration=after.duration - delta) if isinstance(after, Gap)
                else replace(after, source_range=FrameRange(after.source_range.start + delta, after.duration - delta))
            )
        return _with_items(timeline, changes)


_NO_LIMIT = 1 << 40


def _with_items(timeline: Timeline, changes: dict[tuple[int, int], Item]) -> Timeline:
    """``timeline`` with the item at each (track index, item index) of ``changes`` replaced."""
    tracks = list(timeline.tracks)
    for track_index in {t for t, _ in changes}:
        items = tuple(changes.get((track_index, i), item) for i, item in enumerate(tracks[track_index].items))
        tracks[track_index] = replace(tracks[track_index], items=items)
    return replace(timeline, tracks=tuple(tracks))


def _map_clips(timeline: Timeline, change: Callable[[Clip, Track], Clip]) -> Timeline:
    """``timeline`` with every clip passed through ``change`` (with its track); a track whose
    clips all come back as they were is kept as it is."""
    tracks = []
    for track in timeline.tracks:
        items = tuple(change(item, track) if isinstance(item, Clip) else item for item in track.items)
        same = all(new is old for new, old in zip(items, track.items, strict=True))
        tracks.append(track if same else replace(track, items=items))
    return replace(timeline, tracks=tuple(tracks))


def _map_tracks(timeline: Timeline, track_ids: Iterable[str], change: Callable[[Track], Track]) -> Timeline:
    """``timeline`` with each track of ``track_ids`` passed through ``change``; an id it
    lacks (or none at all) is an :class:`EditError`."""
    wanted = set(track_ids)
    if not wanted or not wanted <= {track.id for track in timeline.tracks}:
        raise EditError("no such track")
    return replace(timeline, tracks=tuple(change(track) if track.id in wanted else track for track in timeline.tracks))


def _unchanged(before: Timeline, after: Timeline) -> bool:
    return all(new is old for new, old in zip(after.tracks, before.tracks, strict=True))


@dataclass(frozen=True)
class Slip:
    """Show other frames of a clip's source (``delta`` later, negative earlier) in the same
    place and length, with its linked clips: a slip edit. Kept within the source."""

    item_id: str
    delta: int

    @property
    def description(self) -> str:
        return "Slip"

    def apply(self, timeline: Timeline) -> Timeline:
        group = [(t, i, item) for t, i, item in timeline.linked_items(self.item_id) if isinstance(item, Clip)]
        if not group:
            raise EditError("no clip selected to slip")
        low = max(-item.source_range.start for _, _, item in group)
        high = min(available_duration(item, timeline) - item.source_range.end_exclusive for _, _, item in group)
        delta = max(low, min(self.delta, high))
        if delta == 0:
            raise EditError("the clip shows all the source it can that way")
        return _with_items(timeline, {
            (track_index, index): replace(item, source_range=FrameRange(item.source_range.start + delta, item.duration))
            for track_index, index, item in group
        })


@dataclass(frozen=True)
class SetLinks:
    """Unlink clips from the clips linked to them (picture and sound then edit apart), or
    link the selected clips into one group: they must cover the same frames."""

    item_ids: tuple[str, ...]
    linked: bool

    @property
    def description(self) -> str:
        return "Link" if self.linked else "Unlink"

    def apply(self, timeline: Timeline) -> Timeline:
        if self.linked:
            found = [timeline.find_item(i) for i in self.item_ids]
            clips = [f for f in found if f is not None and isinstance(f[2], Clip)]
            if len(clips) < 2:
                raise EditError("select the picture and the sound to link")
            ranges = {timeline.tracks[t].range_of(item.id) for t, _, item in clips}
            if len(ranges) != 1:
                raise EditError("clips to link must cover the same frames of the timeline")
            chosen, link = {item.id for _, _, item in clips}, new_id()
        else:
            chosen = {item.id for i in self.item_ids for _, _, item in timeline.linked_items(i)
                      if isinstance(item, Clip) and item.link is not None}
            if not chosen:
                raise EditError("nothing selected is linked")
            link = None
        return _map_clips(timeline, lambda clip, _track: replace(clip, link=link) if clip.id in chosen else clip)


@dataclass(frozen=True)
class RippleDelete:
    """Remove items (with their linked clips) and close the space they left on every track
    they ripple (:func:`rippled_tracks`: footage laid over the edit closes up alone).

    A shot whose picture and sound are out of line (a J or L cut: its sound starts under the
    shot before, or runs on under the next) closes up by the frames all of its clips share
    (:func:`shared_range`), the same on every track, so nothing after it slips; the frames of
    its own clips outside that stretch are left empty, as a lift leaves them, never taken from
    the neighbour that overlaps them. Premiere's ripple delete of such a pair closes only the
    time empty on every track, and Avid's Mark Clip over split edits marks the common part:
    the same result. A shot whose clips share no frame at all cannot close up without cutting
    a neighbour, and is refused."""

    item_ids: tuple[str, ...]

    @property
    def description(self) -> str:
        return "Ripple Delete"

    def apply(self, timeline: Timeline) -> Timeline:
        if not any(timeline.find_item(item_id) for item_id in self.item_ids):
            raise EditError("nothing selected to delete")
        for shot in _selected_shots(timeline, self.item_ids):
            members = []
            for _, item, _ in shot:  # where it is now: an earlier shot's close-up moved it
                found = timeline.find_item(item.id)
                if found is not None:
                    members.append((found[0], found[2], timeline.tracks[found[0]].range_of(item.id)))
            if members:
                timeline = _ripple_out(timeline, members)
        return timeline


def _selected_shots(timeline: Timeline, item_ids: tuple[str, ...]) -> list[list[tuple[int, Item, FrameRange]]]:
    """The selection as shots: each item with its linked clips; and a picture and a sound
    selected together that overlap in time on their tracks (unlinked for a J or L cut) as one
    shot, where they share frames, so that deleting the pair closes up their common stretch
    rather than each one's span in turn (the second took frames from the shot before)."""
    shots: list[list[tuple[int, Item, FrameRange]]] = []
    seen: set[str] = set()
    for item_id in item_ids:
        if item_id in seen or timeline.find_item(item_id) is None:
            continue
        group = group_ranges(timeline, item_id)
        seen.update(item.id for _, item, _ in group)
        for shot in shots:
            together = shot + group
            crosses = any(t != u and r.overlaps(q) for t, _, r in shot for u, _, q in group)
            if crosses and shared_range(together).duration:
                shot.extend(group)
                break
        else:
            shots.append(group)
    return shots


def group_ranges(timeline: Timeline, item_id: str) -> list[tuple[int, Item, FrameRange]]:
    """An item and its linked clips as (track index, item, its range on its track): each
    member's own range, which differ after a J or L cut."""
    targets = timeline.linked_items(item_id)
    if not targets:
        raise EditError(f"no item {item_id!r} on the timeline")
    found = []
    for track_index, _, item in targets:
        rng = timeline.tracks[track_index].range_of(item.id)
        assert rng is not None
        found.append((track_index, item, rng))
    return found


def shared_range(members: list[tuple[int, Item, FrameRange]]) -> FrameRange:
    """The timeline frames every member of a linked group covers (empty: none)."""
    start = max(rng.start for _, _, rng in members)
    end = min(rng.end_exclusive for _, _, rng in members)
    return FrameRange(start, max(0, end - start))


def _ripple_out(timeline: Timeline, members: list[tuple[int, Item, FrameRange]]) -> Timeline:
    """``timeline`` without ``members`` (an item and its linked clips, or a shot's picture and
    sound selected together), closed up by the frames they all share (see :class:`RippleDelete`)."""
    shared = shared_range(members)
    if not shared.duration:
        item = members[0][1]
        what = item.title if isinstance(item, Clip) else "the gap"
        raise EditError(f"the picture and sound of {what} share no frame of the timeline (a J or L cut longer "
                        "than the shot): closing it up would cut the shots beside it; lift it, or unlink it")
    gone = {item.id for _, item, _ in members}
    member_tracks = {track_index for track_index, _, _ in members}
    moving = rippled_tracks(timeline, member_tracks, shared.start)
    link_map: LinkMap = {}
    tracks = list(timeline.tracks)
    for index, track in enumerate(tracks):
        if index in member_tracks:
            # Lifted first: a clip's frames outside the shared stretch are left empty.
            track = replace(track, items=tuple(Gap(item.duration) if item.id in gone else item for item in track.items))
        if index in moving:
            track = _remove_time(track, shared, link_map)
        if index in member_tracks:
            track = _drop_trailing_gaps(replace(track, items=_merged_gaps(track.items)))
        tracks[index] = track
    return replace(timeline, tracks=tuple(tracks))


@dataclass(frozen=True)
class Lift:
    """Take clips (with their linked clips) out and leave gaps of their length: nothing else
    moves (Ripple Delete closes the space instead)."""

    item_ids: tuple[str, ...]

    @property
    def description(self) -> str:
        return "Lift"

    def apply(self, timeline: Timeline) -> Timeline:
        lifted = {
            item.id for item_id in self.item_ids
            for _, _, item in timeline.linked_items(item_id) if isinstance(item, Clip)
        }
        if not lifted:
            raise EditError("no clip selected to lift")
        tracks = tuple(
            _drop_trailing_gaps(replace(track, items=_merged_gaps(
                Gap(item.duration) if item.id in lifted else item for item in track.items
            ))) if any(item.id in lifted for item in track.items) else track
            for track in timeline.tracks
        )
        return replace(timeline, tracks=tracks)


@dataclass(frozen=True)
class MoveToTrack:
    """Clips ``steps`` tracks on among those of their kind (1: V1 → V2, A1 → A2; −1: back;
    0: along their own track) and ``offset`` frames later. They cover what is there (an
    overwrite) and leave a gap where they were; nothing else moves. A shot of the edit moved
    up to V2 plays over V1 as a cutaway; past the last track of a kind, new ones are made.
    What a clip lands on is cut where the clip's ends fall with its linked clips on the other
    tracks, as a split cuts them: each piece keeps a partner of its own length (the sound under
    the landed clip stays, linked to nothing left there), so a later trim of one piece moves
    its own sound, not the whole shot's.

    A dissolve into a moved clip goes (it mixed with the clip before it there), unless that
    clip moves along too: then it goes with the pair. Other dissolves stay, as a lift leaves
    them."""

    item_ids: tuple[str, ...]
    steps: int = 1
    offset: int = 0

    @property
    def description(self) -> str:
        clips = "Clips" if len(self.item_ids) > 1 else "Clip"
        if self.offset == 0 and abs(self.steps) == 1:
            return f"Move {clips} to {'Next' if self.steps > 0 else 'Previous'} Track"
        return f"Move {clips} to Another Track" if self.steps else f"Move {clips}"

    def apply(self, timeline: Timeline) -> Timeline:
        if self.steps == 0 and self.offset == 0:
            raise EditError("the clips are there already")
        moving = [(t, rng, item) for t, track in enumerate(timeline.tracks) for _, item, rng in track.ranges()
                  if item.id in self.item_ids and isinstance(item, Clip)]
        if not moving:
            raise EditError("no clip selected to move to another track")
        if min(rng.start for _, rng, _ in moving) + self.offset < 0:
            raise EditError("cannot move clips before the start of the timeline")
        tracks = list(timeline.tracks)

        def numbered(kind: TrackKind) -> list[int]:
            return [i for i, track in enumerate(tracks) if track.kind is kind]

        for t, _, item in moving:
            if numbered(tracks[t].kind).index(t) + self.steps < 0:
                way = "down" if tracks[t].kind is TrackKind.VIDEO else "up"
                count = f"{-self.steps} tracks" if self.steps < -1 else "a track"
                raise EditError(f"{item.name or 'a clip'} is on {timeline.track_label(t)}: it cannot go {count} {way}")
        for kind in TrackKind:
            # New last tracks of a kind where clips go past it (picture tracks stay before sound).
            wanted = max((numbered(kind).index(t) + self.steps for t, _, _ in moving if tracks[t].kind is kind), default=-1)
            while len(numbered(kind)) <= wanted:
                at = numbered(kind)[-1] + 1
                tracks.insert(at, Track(kind))
                moving = [(t + (t >= at), rng, item) for t, rng, item in moving]
        targets = {}
        for t, _, _ in moving:
            same_kind = numbered(tracks[t].kind)
            targets[t] = same_kind[same_kind.index(t) + self.steps]
        moved = {item.id for _, _, item in moving}
        carried: dict[int, list[Transition]] = {}
        for t in targets:
            track = tracks[t]
            before = {item.id: prev.id for prev, item in itertools.pairwise(track.items)}
            pairs = [tr for tr in track.transitions if tr.clip_id in moved and before.get(tr.clip_id) in moved]
            carried.setdefault(targets[t], []).extend(pairs)
            tracks[t] = _drop_trailing_gaps(replace(
                track, transitions=tuple(tr for tr in track.transitions if tr.clip_id not in moved), items=_merged_gaps(
                    Gap(item.duration) if item.id in moved else item for item in track.items)))
        link_map: LinkMap = {}  # picture and sound cut at one frame stay linked
        for t, rng, item in moving:
            target = targets[t]
            covered = FrameRange(rng.start + self.offset, item.duration)
            # What the clip lands on is cut at its ends with its linked clips, as a split cuts them.
            cut = _links_cut(tracks[target], (covered.start, covered.end_exclusive))
            if cut:
                tracks = [track if index == target else _split_links_at(track, cut, link_map)
                          for index, track in enumerate(tracks)]
            tracks[target] = _overwrite(tracks[target], covered.start, item, link_map)
        for t, pairs in carried.items():
            tracks[t] = replace(tracks[t], transitions=tracks[t].transitions + tuple(pairs))
        return replace(timeline, tracks=tuple(tracks))


def _overwrite(track: Track, frame: int, clip: Clip, link_map: LinkMap) -> Track:
    """``clip`` laid on ``track`` from ``frame``, covering what was there."""
    covered = FrameRange(frame, clip.duration)
    track = _split_track_at(track, [frame, covered.end_exclusive], link_map)
    before = tuple(item for _, item, rng in track.ranges() if rng.end_exclusive <= frame)
    after = tuple(item for _, item, rng in track.ranges() if rng.start >= covered.end_exclusive)
    lead = (Gap(frame - track.duration),) if frame > track.duration else ()
    return _drop_trailing_gaps(replace(track, items=_merged_gaps((*before, *lead, clip, *after))))


def _links_cut(track: Track, frames: Iterable[int]) -> dict[str, list[int]]:
    """By link, the ``frames`` (sorted) that fall inside a linked clip of ``track``."""
    cut: dict[str, list[int]] = {}
    for frame in sorted(set(frames)):
        hit = track.item_at(frame)
        if hit is not None and isinstance(hit[1], Clip) and hit[1].link is not None and hit[2].start < frame:
            cut.setdefault(hit[1].link, []).append(frame)
    return cut


def _split_links_at(track: Track, cut: dict[str, list[int]], link_map: LinkMap) -> Track:
    """``track`` with each clip of a link in ``cut`` split at that link's frames inside it,
    the pieces linked as :func:`_split_track_at` links them (by ``link_map``)."""
    if not any(isinstance(item, Clip) and item.link in cut for item in track.items):
        return track
    pieces: list[Item] = []
    for _, item, rng in track.ranges():
        start = rng.start
        for frame in cut.get(item.link, []) if isinstance(item, Clip) and item.link is not None else []:
            if isinstance(item, Clip) and item.link is not None and start < frame < rng.end_exclusive:
                # Keyed by the piece's own link, as _split_track_at keys a clip cut twice.
                left, item = _split_item(item, frame - start, link_map.setdefault((item.link, frame), new_id()))
                pieces.append(left)
                start = frame
        pieces.append(item)
    return replace(track, items=tuple(pieces))


def _merged_gaps(items: Iterable[Item]) -> tuple[Item, ...]:
    """``items`` with each run of gaps made one gap."""
    merged: list[Item] = []
    for item in items:
        if isinstance(item, Gap) and merged and isinstance(merged[-1], Gap):
            merged[-1] = Gap(merged[-1].duration + item.duration, merged[-1].id)
        else:
            merged.append(item)
    return tuple(merged)


@dataclass(frozen=True)
class TrackSlot:
    """A track named by its kind and its number among the tracks of that kind (0: V1 or A1),
    not by its place in the list: what a copy remembers, so a paste finds picture tracks for
    picture and sound tracks for sound after tracks were added or taken out."""

    kind: TrackKind
    number: int


@dataclass(frozen=True)
class Insert:
    """Insert edit: items (one or more per track) go in at a timeline frame; every track it
    ripples (:func:`rippled_tracks`) makes room for the longest, so later material stays in
    sync. A track is its index, or a :class:`TrackSlot` (a paste): a slot past the last track
    of its kind is a new last track of that kind, as moving a clip there makes one. A clip
    goes only on a track of a kind its source has (no picture-only clip on a sound track)."""

    placements: tuple[tuple[int | TrackSlot, Item], ...]
    frame: int

    @property
    def description(self) -> str:
        return "Insert"

    def apply(self, timeline: Timeline) -> Timeline:
        if self.frame < 0:
            raise EditError("cannot insert before the start of the timeline")
        timeline, placements = _resolved(timeline, self.placements)
        grouped = _group_by_track((where, _on_timelines_grid(timeline, item)) for where, item in placements)
        for track_index, items in grouped.items():
            if not 0 <= track_index < len(timeline.tracks):
                raise EditError(f"no track {track_index}")
            kind = timeline.tracks[track_index].kind
            for item in items:
                if not isinstance(item, Clip):
                    continue
                if item.source_range.end_exclusive > available_duration(item, timeline):
                    raise EditError(f"{item.name or 'clip'} runs past the end of its source")
                if not (item.media.has_video if kind is TrackKind.VIDEO else item.media.has_audio):
                    what = "picture" if kind is TrackKind.VIDEO else "sound"
                    raise EditError(f"{item.title} has no {what} to put on {timeline.track_label(track_index)}, "
                                    f"a {what} track")
        duration = max((sum(i.duration for i in items) for items in grouped.values()), default=0)
        if duration == 0:
            raise EditError("nothing to insert")
        link_map: LinkMap = {}  # halves of a split linked clip stay linked across tracks
        moving = rippled_tracks(timeline, grouped, self.frame)
        tracks = tuple(
            _insert_time(track, self.frame, tuple(grouped.get(index, ())), duration, link_map)
            if index in moving else track
            for index, track in enumerate(timeline.tracks)
        )
        return replace(timeline, tracks=tracks)


def _on_timelines_grid(timeline: Timeline, item: Item) -> Item:
    """``item`` showing its file through the reference the timeline already has for it where
    that counts the file on another grid (a clip of a variable-rate file pasted from a project
    made before its edits counted it on their own grid): a clip counts timeline frames, so it
    shows the same moments, and one file is read on one grid in a timeline."""
    if not isinstance(item, Clip):
        return item
    known = timeline.media_of(item.media.path)
    if known is None or known.rate == item.media.rate:
        return item
    return replace(item, media=known)


def _resolved(
    timeline: Timeline, placements: Iterable[tuple[int | TrackSlot, Item]]
) -> tuple[Timeline, list[tuple[int, Item]]]:
    """``timeline`` with the tracks the slots among ``placements`` need (new last tracks of
    their kind; picture tracks stay before sound), and each placement's track index in it."""
    tracks = list(timeline.tracks)
    resolved: list[tuple[int, Item]] = []
    for where, item in placements:
        if isinstance(where, TrackSlot):
            if where.number < 0:
                raise EditError(f"no track {where}")
            numbered = [i for i, track in enumerate(tracks) if track.kind is where.kind]
            while len(numbered) <= where.number:
                last_video = max((i for i, t in enumerate(tracks) if t.kind is TrackKind.VIDEO), default=-1)
                at = (numbered[-1] + 1) if numbered else (last_video + 1 if where.kind is TrackKind.VIDEO else len(tracks))
                tracks.insert(at, Track(where.kind))
                resolved = [(i + (i >= at), placed) for i, placed in resolved]
                numbered = [i for i, track in enumerate(tracks) if track.kind is where.kind]
            where = numbered[where.number]
        resolved.append((where, item))
    if len(tracks) != len(timeline.tracks):
        timeline = replace(timeline, tracks=tuple(tracks))
    return timeline, resolved


def _group_by_track(placements: Iterable[tuple[int, Item]]) -> dict[int, list[Item]]:
    grouped: dict[int, list[Item]] = {}
    for track_index, item in placements:
        grouped.setdefault(track_index, []).append(item)
    return grouped


@dataclass(frozen=True)
class Move:
    """Reorder: take an item (and its linked clips) out and insert it at ``frame``, where
    ``frame`` is read on the timeline *after* the item was taken out (a ripple delete, see
    :class:`RippleDelete`). ``frame`` is where the first of the group's clips (in track order,
    the picture: what the timeline's drag places) goes; the others keep their places against
    it, so a shot's J or L cut moves with it: the group goes in as one insert edit at the
    earliest frame any of its clips reaches (not before the timeline's start), each clip on its
    own track after a gap for its lead, every track making room for the whole group."""

    item_id: str
    frame: int

    @property
    def description(self) -> str:
        return "Move"

    def apply(self, timeline: Timeline) -> Timeline:
        members = group_ranges(timeline, self.item_id)
        anchor = members[0][2]
        if self.frame == anchor.start:
            raise EditError("the item is already there")
        lead = min(rng.start for _, _, rng in members)
        end = max(rng.end_exclusive for _, _, rng in members)
        per_track: dict[int, list[tuple[FrameRange, Item]]] = {}
        for track_index, item, rng in members:
            per_track.setdefault(track_index, []).append((rng, item))
        placements: list[tuple[int, Item]] = []
        for track_index, placed in per_track.items():
            at = lead
            for rng, item in sorted(placed, key=lambda pair: pair[0].start):
                if rng.start > at:
                    placements.append((track_index, Gap(rng.start - at)))
                placements.append((track_index, item))
                at = rng.end_exclusive
            if at < end:
                placements.append((track_index, Gap(end - at)))
        removed = RippleDelete((self.item_id,)).apply(timeline)
        moved = Insert(tuple(placements), max(0, self.frame + lead - anchor.start)).apply(removed)
        if moved.tracks == timeline.tracks:
            raise EditError("the item is already there")
        return moved


@dataclass(frozen=True)
class InsertMedia:
    """Whole sources go in at ``frame``, one after another (at or past the end: appended):
    each one's picture on the first video track, its sound on the first audio track, linked,
    as opening it alone would lay it out. A track the timeline lacks is added, so sound joins
    a timeline of picture only. A source at another rate keeps its length in seconds."""

    media: tuple[MediaReference, ...]
    frame: int

    @property
    def description(self) -> str:
        return _adding(self.media)

    def apply(self, timeline: Timeline) -> Timeline:
        if not self.media:
            raise EditError("nothing to add")
        frame = min(max(self.frame, 0), timeline.duration)
        for media in self.media:
            laid_out = _laid_out(media, timeline)
            timeline, placements = _with_tracks_for(timeline, laid_out)
            timeline = Insert(placements, frame).apply(timeline)
            frame += laid_out.duration
        return timeline


@dataclass(frozen=True)
class OverlayMedia:
    """Whole sources laid over the edit from ``frame`` on, one after another, on new tracks:
    their picture on a track above every other (it covers what is under it), their sound on a
    sound track of its own under the others, linked. Nothing already in the edit moves: B-roll
    over an interview, music under it."""

    media: tuple[MediaReference, ...]
    frame: int

    @property
    def description(self) -> str:
        return _adding(self.media, " Above")

    def apply(self, timeline: Timeline) -> Timeline:
        if not self.media:
            raise EditError("nothing to add")
        if self.frame < 0:
            raise EditError("cannot add before the start of the timeline")
        # Each lane its own lead gap: an item's id is unique in the timeline.
        lanes: dict[TrackKind, list[Item]] = {kind: [Gap(self.frame)] if self.frame else [] for kind in TrackKind}
        for media in self.media:
            laid_out = _laid_out(media, timeline)
            for kind, items in lanes.items():
                source = next((t for t in laid_out.tracks if t.kind is kind), None)
                items.extend(source.items if source is not None else (Gap(laid_out.duration),))
        tracks = list(timeline.tracks)
        picture, sound = (_drop_trailing_gaps(Track(kind, _merged_gaps(lanes[kind]))) for kind in TrackKind)
        if any(isinstance(item, Clip) for item in picture.items):
            top = max((i for i, t in enumerate(tracks) if t.kind is TrackKind.VIDEO), default=-1)
            tracks.insert(top + 1, picture)
        if any(isinstance(item, Clip) for item in sound.items):
            tracks.append(sound)
        return replace(timeline, tracks=tuple(tracks))


def _adding(media: tuple[MediaReference, ...], where: str = "") -> str:
    what = media[0].file_name if len(media) == 1 else f"{len(media)} Clips"
    return f"Add {what}{where}"


def _laid_out(media: MediaReference, timeline: Timeline) -> Timeline:
    """``media`` as opening it alone would lay it out, at ``timeline``'s rate."""
    laid_out = timeline_from_media(media, rate=timeline.rate)
    if laid_out.duration == 0:
        raise EditError(f"{media.file_name} is shorter than one frame of the timeline")
    return laid_out


def _with_tracks_for(timeline: Timeline, laid_out: Timeline) -> tuple[Timeline, tuple[tuple[int, Item], ...]]:
    """``timeline`` with a track of each kind ``laid_out`` uses (picture tracks before sound),
    and where each of ``laid_out``'s clips goes: the first track of its kind."""
    tracks = list(timeline.tracks)
    placements = []
    for source_track in laid_out.tracks:
        kind = source_track.kind
        index = next((i for i, t in enumerate(tracks) if t.kind is kind), None)
        if index is None:
            index = len(tracks) if kind is TrackKind.AUDIO else 0
            tracks.insert(index, Track(kind, name=source_track.name))
            placements = [(i + (i >= index), item) for i, item in placements]
        placements.append((index, source_track.items[0]))
    return replace(timeline, tracks=tuple(tracks)), tuple(placements)


@dataclass(frozen=True)
class RelinkMedia:
    """Sources that moved: every clip of each old path (and the suggestions on it) points at
    the file now found. The new file must be the same footage as far as the edit can tell:
    the same rate, the picture or sound its clips use, and at least the frames they use."""

    media: tuple[tuple[str, MediaReference], ...]  # (old path, the file as found now)

    @property
    def description(self) -> str:
        return "Relink Media"

    def apply(self, timeline: Timeline) -> Timeline:
        found = dict(self.media)
        used = {media.path for media in timeline.media()}
        unused = [old for old in found if old not in used]
        if unused:
            raise EditError(f"no clip uses {unused[0]}")

        def relinked(clip: Clip, track: Track) -> Clip:
            new = found.get(clip.media.path)
            if new is None:
                return clip
            _check_relink(clip, new, track.kind, timeline)
            return replace(clip, media=new)

        suggestions = tuple(
            replace(s, source=found[s.source].path) if s.source in found else s for s in timeline.suggestions
        )
        metadata = timeline.metadata
        if (chosen := picture_source(timeline)) in found:  # the edit's picture format follows its footage
            metadata = {**metadata, PICTURE_SOURCE: found[chosen].path}
        return replace(_map_clips(timeline, relinked), suggestions=suggestions, metadata=metadata)


def _check_relink(clip: Clip, new: MediaReference, kind: TrackKind, timeline: Timeline) -> None:
    old = clip.media
    if new.rate != old.rate:
        raise EditError(f"{new.file_name} runs at {float(new.rate):g} fps; {old.file_name} ran at {float(old.rate):g}")
    if (kind is TrackKind.VIDEO and not new.has_video) or (kind is TrackKind.AUDIO and not new.has_audio):
        raise EditError(f"{new.file_name} has no {'picture' if kind is TrackKind.VIDEO else 'sound'}, which the edit uses")
    if frames_at(new, timeline.rate) < clip.source_range.end_exclusive:
        raise EditError(f"{new.file_name} is shorter than the part of {old.file_name} the edit uses")


_DECISION_VERBS = {"accepted": "Accept", "rejected": "Reject", "pending": "Reset"}


@dataclass(frozen=True)
class SetSuggestionStatus:
    suggestion_id: str
    status: SuggestionStatus

    @property
    def description(self) -> str:
        return f"{_DECISION_VERBS[self.status.value]} Suggestion"

    def apply(self, timeline: Timeline) -> Timeline:
        current = timeline.suggestion(self.suggestion_id)
        if current is None:
            raise EditError(f"no suggestion {self.suggestion_id!r}")
        return UpdateSuggestion(current.with_status(self.status)).apply(timeline)


# The sound crossfade over each join an accepted pause leaves: 80 ms, long enough that no click
# is heard where two takes of a recording meet, short enough to keep the words' edges.
JOIN_CROSSFADE_S = Fraction(2, 25)


# Kinds that, accepted, change how frames look; where they overlap the later one decides.
_LOOKS = (GRADE, STABILIZE, PUNCH_IN, TITLE)


@dataclass(frozen=True)
class DecideSuggestions:
    """Accept or reject suggestions together; an accepted cut splits the timeline wherever its
    source frame appears (a gradual transition at its middle), an accepted pause is taken out
    wherever it plays (:func:`remove_source_ranges`). The editor's accept and ``vedit auto``
    both decide through this.

    Where accepted looks (grades, effects) overlap, the later one in the project's list
    decides; a look newly accepted moves to the end of the list, so the latest acceptance wins
    (a model's grade accepted after a grade pasted on its shot shows, as the editor expects;
    a title shown again is drawn over the others). Editing an accepted grade's sliders moves
    nothing: it stays where it was decided."""

    suggestion_ids: tuple[str, ...]
    status: SuggestionStatus
    # Keep an accepted gradual transition as a dissolve on the video tracks (not only a cut).
    dissolves: bool = False

    @property
    def description(self) -> str:
        return f"{_DECISION_VERBS[self.status.value]} Suggestions"

    def apply(self, timeline: Timeline) -> Timeline:
        # One pass over the timeline however many are decided: accepting a feature film's
        # 1500 cuts one by one took half a minute (each rebuilt the map and split apart).
        wanted = set(self.suggestion_ids)
        for suggestion_id in self.suggestion_ids:
            if timeline.suggestion(suggestion_id) is None:
                raise EditError(f"no suggestion {suggestion_id!r}")
        decided = tuple(s.with_status(self.status) if s.id in wanted else s for s in timeline.suggestions)
        if self.status is SuggestionStatus.ACCEPTED:
            # Newly accepted only: accepting one again (a selection of rows) changes nothing.
            before = {s.id for s in timeline.suggestions if s.status is SuggestionStatus.ACCEPTED}
            latest = tuple(s for s in decided if s.id in wanted and s.id not in before and s.kind in _LOOKS)
            if latest:
                taken = {s.id for s in latest}
                decided = tuple(s for s in decided if s.id not in taken) + latest
        timeline = replace(timeline, suggestions=decided)
        if self.status is not SuggestionStatus.ACCEPTED:
            return timeline
        first = {sid: i for i, sid in reversed(list(enumerate(self.suggestion_ids)))}
        cuts = sorted((s for s in decided if s.id in wanted and s.kind == CUT), key=lambda s: first[s.id])
        # A split moves no source frame, so one map places every cut.
        places = SourceMap(timeline)
        starts = {rng.start for track in timeline.tracks for _, _, rng in track.ranges()} if cuts else set()
        blades = [(s, cut_starts(places.frames_for(s.source, s.cut_frame), starts)) for s in cuts]
        timeline = split_at(timeline, sorted({frame for _, frames in blades for frame in frames}))
        gradual = [(s, frames) for s, frames in blades if s.is_gradual] if self.dissolves else []
        if gradual:
            timeline = _dissolves_at(timeline, gradual)
        crossfade = max(1, round(timeline.rate * JOIN_CROSSFADE_S))
        pauses = [(s.source, s.removed_range) for s in decided if s.id in wanted and s.kind == REMOVE_PAUSE]
        return remove_source_ranges(timeline, pauses, crossfade)


def cut_starts(frames: list[int], item_starts: set[int]) -> list[int]:
    """Where a cut's first frame starts showing, of the timeline ``frames`` (sorted) that show
    it: the first of each run of consecutive frames, and any that starts an item anyway
    (``item_starts``: a clip of its own begins there). A source at another rate than the
    timeline's shows some of its frames for two timeline frames (25 fps on 29.97: one in five);
    the shot starts at the first, and a blade at the second too left a one-frame clip."""
    return [f for i, f in enumerate(frames) if i == 0 or frames[i - 1] != f - 1 or f in item_starts]


def remove_source_ranges(timeline: Timeline, removals: list[tuple[str, FrameRange]], crossfade: int = 0) -> Timeline:
    """The edit with every place that plays the ``removals`` (source path, source frames)
    taken out and closed up (pauses removed): on the tracks whose clips play them, and on
    every track they ripple (:func:`rippled_tracks`), so picture and sound stay in sync. With
    ``crossfade``, the sound at each join crossfades over about that many frames, mixing the
    sound either side of the cut with what was taken out (room tone under a pause): no click
    where two recordings meet, and music under the talk joins without a jolt.

    The places are found on one map and taken out from the last: taking one out moves
    nothing before it, so a tightened interview's thousand pauses cost one map, not one each.
    Places that overlap (a source's frames shown twice at once) are taken out one at a time,
    each found again after the one before."""
    found = _places(timeline, removals)
    if any(a.end_exclusive > b.start for (a, _), (b, _) in itertools.pairwise(found)):
        for path, removed in removals:
            while removed.duration and (again := SourceMap(timeline).ranges_for(path, removed)):
                timeline = _take_out(timeline, [(again[-1], path)], crossfade)
        return timeline
    return _take_out(timeline, found, crossfade)


@dataclass(frozen=True)
class FootageCut:
    """Frames of footage laid over (or under) the edit that taking source frames out of the
    edit takes out with them, sync-locked: ``frames`` of ``path`` on track ``track``."""

    track: int
    path: str
    frames: int


def footage_cut_by(timeline: Timeline, removals: list[tuple[str, FrameRange]]) -> tuple[FootageCut, ...]:
    """What :func:`remove_source_ranges` would take, as it ripples, from footage that does not
    play the ``removals``' own frames (B-roll or music laid over the talk whose pauses go): per
    track and file, in track order. Places that overlap are counted as one map finds them."""
    plays = _plays(timeline)
    clips = [[(rng, item) for _, item, rng in track.ranges() if isinstance(item, Clip)] for track in timeline.tracks]
    starts = [[rng.start for rng, _ in on_track] for on_track in clips]
    lost: dict[tuple[int, str], int] = {}
    for place, path in _places(timeline, removals):
        touched = _touched(timeline, path, place, plays)
        for index in rippled_tracks(timeline, touched, place.start) - touched:
            # The clips that start before the place ends, back to the first that ends after it starts.
            at = bisect.bisect_left(starts[index], place.end_exclusive) - 1
            while at >= 0 and clips[index][at][0].end_exclusive > place.start:
                rng, clip = clips[index][at]
                overlap = min(rng.end_exclusive, place.end_exclusive) - max(rng.start, place.start)
                lost[(index, clip.media.path)] = lost.get((index, clip.media.path), 0) + overlap
                at -= 1
    return tuple(FootageCut(index, path, frames) for (index, path), frames in sorted(lost.items()))


def _places(timeline: Timeline, removals: list[tuple[str, FrameRange]]) -> list[tuple[FrameRange, str]]:
    """Every timeline range that plays the ``removals`` (source path, source frames), sorted."""
    places = SourceMap(timeline)
    return sorted((place, path) for path, removed in removals if removed.duration
                  for place in places.ranges_for(path, removed))


def _plays(timeline: Timeline) -> dict[tuple[int, str], list[tuple[int, int]]]:
    """Where each source plays on each track (track, path): its clips' timeline runs, in order."""
    plays: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for index, track in enumerate(timeline.tracks):
        for _, item, rng in track.ranges():
            if isinstance(item, Clip):
                plays.setdefault((index, item.media.path), []).append((rng.start, rng.end_exclusive))
    return plays


def _touched(timeline: Timeline, path: str, place: FrameRange,
             plays: dict[tuple[int, str], list[tuple[int, int]]] | None = None) -> set[int]:
    """The tracks whose clips play ``path`` somewhere in timeline frames ``place``."""
    plays = _plays(timeline) if plays is None else plays

    def touches(index: int) -> bool:
        runs = plays.get((index, path), [])
        before = bisect.bisect_left(runs, (place.end_exclusive,))  # runs start after one another
        return before > 0 and runs[before - 1][1] > place.start

    return {index for index in range(len(timeline.tracks)) if touches(index)}


def _take_out(timeline: Timeline, places: list[tuple[FrameRange, str]], crossfade: int) -> Timeline:
    """Timeline frames ``places`` (disjoint, sorted; each where its source ``path`` plays) out
    of the tracks that ripple with each, in one pass over each track."""
    if not places:
        return timeline  # the same value, tracks and all (views keep what they built on them)
    plays = _plays(timeline)  # to tell which tracks a place touches
    removed_on: list[list[FrameRange]] = [[] for _ in timeline.tracks]
    for place, path in places:
        for index in rippled_tracks(timeline, _touched(timeline, path, place, plays), place.start):
            removed_on[index].append(place)
    link_map: LinkMap = {}
    tracks = list(timeline.tracks)
    for index, removed in enumerate(removed_on):
        if removed:
            tracks[index] = _remove_times(tracks[index], removed, link_map)
    timeline = replace(timeline, tracks=tuple(tracks))
    return _crossfade_joins(timeline, removed_on, crossfade) if crossfade else timeline


def _remove_times(track: Track, removed: list[FrameRange], link_map: LinkMap) -> Track:
    """``track`` without ``removed`` (disjoint, sorted), later items moving left: what one
    :func:`_remove_time` per range, the last first, gives."""
    track = _split_track_at(track, sorted({f for r in removed for f in (r.start, r.end_exclusive)}), link_map)
    starts = [r.start for r in removed]

    def gone(frame: int) -> bool:
        k = bisect.bisect_right(starts, frame) - 1
        return k >= 0 and removed[k].contains(frame)

    return _drop_trailing_gaps(replace(track, items=_merged_gaps(
        item for _, item, rng in track.ranges() if not gone(rng.start))))


def _crossfade_joins(timeline: Timeline, removed_on: list[list[FrameRange]], frames: int) -> Timeline:
    """A crossfade of about ``frames`` at each join the removals left on the sound tracks that
    closed up, from the handles (what was taken out), where two clips meet."""
    for index, removed in enumerate(removed_on):
        track = timeline.tracks[index]
        if not removed or track.kind is not TrackKind.AUDIO:
            continue
        items = track.items
        starting = {rng.start: position for position, (_, _, rng) in enumerate(track.ranges())}
        # Each join where it lies now: its place's start, less what went before it.
        gone_before = itertools.accumulate((r.duration for r in removed), initial=0)
        fades = []
        for place, shift in zip(removed, gone_before, strict=False):
            position = starting.get(place.start - shift)
            if not position:  # nothing meets there: the join is the track's start or its end
                continue
            outgoing, incoming = items[position - 1], items[position]
            if isinstance(outgoing, Clip) and isinstance(incoming, Clip):
                transition = fitted_transition(timeline, outgoing, incoming, frames)
                if transition is not None:
                    fades.append(transition)
        new = {t.clip_id for t in fades}
        timeline = timeline.with_track(index, replace(
            track, transitions=tuple(t for t in track.transitions if t.clip_id not in new) + tuple(fades)))
    return timeline


def split_at(timeline: Timeline, frames: list[int]) -> Timeline:
    """Every track cut at each of ``frames`` (sorted) that falls inside an item, in one pass:
    the same as one :class:`Split` per frame (a frame that is already a cut is left)."""
    link_map: LinkMap = {}
    # A blade cuts clips, not the empty time between them: a gap stays one gap to close.
    tracks = tuple(_split_track_at(t, frames, link_map, cut_gaps=False) for t in timeline.tracks)
    if all(new is old for new, old in zip(tracks, timeline.tracks, strict=True)):
        return timeline  # nothing cut: views that key on the tracks need not place anything again
    return replace(timeline, tracks=tracks)


def _split_track_at(track: Track, frames: list[int], link_map: LinkMap, cut_gaps: bool = True) -> Track:
    """``track`` cut at each of ``frames`` (sorted) that falls inside an item (with
    ``cut_gaps`` false, inside a clip). The items cut are found by searching the track's item
    starts: one split of a 1,500-clip track copies the rest of it, it does not walk it."""
    starts, items = track.item_starts, track.items
    cut: dict[int, list[int]] = {}  # by item, the frames inside it
    for frame in frames:
        index = bisect.bisect_right(starts, frame) - 1
        if 0 <= index < len(items) and starts[index] < frame and (cut_gaps or isinstance(items[index], Clip)):
            cut.setdefault(index, []).append(frame)
    if not cut:
        return track
    pieces: list[Item] = []
    done = 0
    for index, inside in cut.items():
        pieces.extend(items[done:index])
        item, start = items[index], starts[index]
        for frame in inside:
            new_link = None
            if isinstance(item, Clip) and item.link is not None:
                # Linked clips cut at one frame stay linked, as Split links them.
                new_link = link_map.setdefault((item.link, frame), new_id())
            left, item = _split_item(item, frame - start, new_link)
            pieces.append(left)
            start = frame
        pieces.append(item)
        done = index + 1
    pieces.extend(items[done:])
    return replace(track, items=tuple(pieces))


def _dissolves_at(timeline: Timeline, blades: list[tuple[Suggestion, list[int]]]) -> Timeline:
    """A dissolve over each suggestion's frames into each video clip of its source that starts
    at one of its frames: untouched, it plays the source's own mixed frames exactly as before."""
    for index, track in enumerate(timeline.tracks):
        if track.kind is not TrackKind.VIDEO:
            continue
        starting = {rng.start: item for _, item, rng in track.ranges()}
        for suggestion, frames in blades:
            for frame in frames:
                clip = starting.get(frame)
                if not isinstance(clip, Clip) or clip.media.path != suggestion.source:
                    continue
                source = suggestion.source_range
                before = rescale(suggestion.cut_frame - source.start, clip.media.rate, timeline.rate)
                after = rescale(source.end_exclusive - suggestion.cut_frame, clip.media.rate, timeline.rate)
                if before + after:
                    track = _with_transition(track, Transition(clip.id, before, after))
        timeline = timeline.with_track(index, track)
    return timeline


def _with_transition(track: Track, transition: Transition) -> Track:
    """``track`` with ``transition`` into its clip, replacing any the clip had: one per cut."""
    kept = tuple(t for t in track.transitions if t.clip_id != transition.clip_id)
    return replace(track, transitions=kept + (transition,))


@dataclass(frozen=True)
class AddTransition:
    """A dissolve of about ``frames`` frames centred on the cut at timeline frame ``cut``, on
    every track of ``track_kind`` where two clips meet there: on picture tracks a dissolve, on
    sound tracks a crossfade (sound cut apart from its picture, as in a J or L cut). It is
    shortened to the handles the sources have: the outgoing clip's media past its out point,
    the incoming one's before its in point."""

    cut: int
    frames: int
    track_kind: TrackKind = TrackKind.VIDEO

    @property
    def description(self) -> str:
        return "Add Dissolve" if self.track_kind is TrackKind.VIDEO else "Add Crossfade"

    def apply(self, timeline: Timeline) -> Timeline:
        if self.frames < 1:
            raise EditError("a transition needs at least one frame")
        meeting = added = False
        for index, track in enumerate(timeline.tracks):
            pair = clips_meeting(track, self.cut) if track.kind is self.track_kind else None
            if pair is None:
                continue
            meeting = True
            transition = fitted_transition(timeline, *pair, self.frames)
            if transition is None:
                continue
            timeline = timeline.with_track(index, _with_transition(track, transition))
            added = True
        if not meeting:
            raise EditError("no cut between two clips there")
        if not added:
            raise EditError("the clips have no frames beyond the cut to mix (no handles)")
        return timeline


def fitted_transition(timeline: Timeline, outgoing: Clip, incoming: Clip, frames: int) -> Transition | None:
    """A dissolve of about ``frames`` centred on the cut between two clips, shortened to their
    handles; None where they have none."""
    most_before, most_after = transition_limits(timeline, outgoing, incoming)
    before = min(frames // 2, most_before)
    after = min(frames - frames // 2, most_after)
    return Transition(incoming.id, before, after) if before + after else None


def transition_limits(timeline: Timeline, outgoing: Clip, incoming: Clip) -> tuple[int, int]:
    """The most frames a dissolve between two clips can mix before their cut and after it:
    within both clips, and no further than the incoming source reaches before its in point
    and the outgoing one past its out point (the handles)."""
    return (
        min(outgoing.duration, incoming.source_range.start),
        min(incoming.duration, available_duration(outgoing, timeline) - outgoing.source_range.end_exclusive),
    )


def held_frames(timeline: Timeline, window: TransitionWindow) -> tuple[int, int]:
    """(before the cut, after it): how many of a playing dissolve's frames have no footage on
    one side, where the render holds that side's first or last frame. Adding or resizing a
    dissolve keeps it within the handles; an edit that gives it another clip may not, and the
    editor is shown where (as Premiere does) rather than having the dissolve changed. A dip
    never shows a clip beyond the cut (each side meets the colour alone): it holds nothing."""
    if window.transition.kind != DISSOLVE:
        return 0, 0
    most_before, most_after = transition_limits(timeline, window.outgoing, window.incoming)
    before, after = window.cut - window.range.start, window.range.end_exclusive - window.cut
    return max(0, before - max(0, most_before)), max(0, after - max(0, most_after))


def held_frames_text(timeline: Timeline, window: TransitionWindow, kind: TrackKind) -> list[str]:
    """:func:`held_frames` in the editor's words, a line a side that runs out (none: no line);
    on a sound track (``kind``) the crossfade plays silence there, not a held frame."""
    before, after = held_frames(timeline, window)
    plural = lambda n: f"{n} frame{'s' * (n != 1)}"  # noqa: E731
    sound = kind is TrackKind.AUDIO
    lines = []
    if before:
        held = f"silence for {plural(before)}" if sound else f"the source's first frame is held for {plural(before)}"
        lines.append(f"The incoming clip, {window.incoming.title}, has too little {'sound' if sound else 'footage'} "
                     f"before its in point: {held}")
    if after:
        held = f"silence for {plural(after)}" if sound else f"the source's last frame is held for {plural(after)}"
        lines.append(f"The outgoing clip, {window.outgoing.title}, has too little {'sound' if sound else 'footage'} "
                     f"past its out point: {held}")
    return lines


@dataclass(frozen=True)
class ResizeTransition:
    """Give a playing dissolve new offsets either side of its cut, kept within the handles."""

    transition_id: str
    in_offset: int
    out_offset: int

    @property
    def description(self) -> str:
        return "Change Transition"

    def apply(self, timeline: Timeline) -> Timeline:
        found = timeline.transition_window(self.transition_id)
        if found is None:
            raise EditError(f"no dissolve {self.transition_id!r} plays on the timeline")
        _, window = found
        most_before, most_after = transition_limits(timeline, window.outgoing, window.incoming)
        before = max(0, min(self.in_offset, most_before))
        after = max(0, min(self.out_offset, most_after))
        if before + after == 0:
            raise EditError("a dissolve needs at least one frame (remove it instead)")
        return _change_transition(timeline, self.transition_id, lambda t: replace(t, in_offset=before, out_offset=after))


def clips_meeting(track: Track, cut: int) -> tuple[Clip, Clip] | None:
    """(outgoing, incoming) when a clip ends at ``cut`` and another starts there."""
    previous: Item | None = None
    for _, item, rng in track.ranges():
        if rng.start == cut:
            if isinstance(previous, Clip) and isinstance(item, Clip):
                return previous, item
            return None
        previous = item
    return None


@dataclass(frozen=True)
class SetTransitionKind:
    """Make a transition a dissolve or a dip through black or white; its frames stay."""

    transition_id: str
    kind: str

    @property
    def description(self) -> str:
        return f"Make {TRANSITION_KINDS.get(self.kind, self.kind)}"

    def apply(self, timeline: Timeline) -> Timeline:
        if self.kind not in TRANSITION_KINDS:
            raise EditError(f"no transition kind {self.kind!r}")
        found = timeline.transition_window(self.transition_id)
        if found is not None and timeline.tracks[found[0]].kind is TrackKind.AUDIO and self.kind != DISSOLVE:
            raise EditError("a sound crossfade has no colour to dip through")
        return _change_transition(timeline, self.transition_id, lambda t: replace(t, kind=self.kind))


def _change_transition(timeline: Timeline, transition_id: str, change: Callable[[Transition], Transition]) -> Timeline:
    """``timeline`` with ``change`` made to the transition ``transition_id``, on its track."""
    for index, track in enumerate(timeline.tracks):
        if any(t.id == transition_id for t in track.transitions):
            transitions = tuple(change(t) if t.id == transition_id else t for t in track.transitions)
            return timeline.with_track(index, replace(track, transitions=transitions))
    raise EditError(f"no transition {transition_id!r}")


@dataclass(frozen=True)
class RemoveTransition:
    """Take a dissolve off its cut: the clips meet with a plain cut again."""

    transition_id: str

    @property
    def description(self) -> str:
        return "Remove Transition"

    def apply(self, timeline: Timeline) -> Timeline:
        for index, track in enumerate(timeline.tracks):
            kept = tuple(t for t in track.transitions if t.id != self.transition_id)
            if len(kept) != len(track.transitions):
                return timeline.with_track(index, replace(track, transitions=kept))
        raise EditError(f"no transition {self.transition_id!r}")


@dataclass(frozen=True)
class UpdateSuggestion:
    """Replace a suggestion by id (the inspector's parameter edits); ``name`` is what the
    Edit menu's Undo calls it ("Change Exposure")."""

    suggestion: Suggestion
    name: str = "Edit Suggestion"

    @property
    def description(self) -> str:
        return self.name

    def apply(self, timeline: Timeline) -> Timeline:
        if timeline.suggestion(self.suggestion.id) is None:
            raise EditError(f"no suggestion {self.suggestion.id!r}")
        suggestions = tuple(
            self.suggestion if s.id == self.suggestion.id else s for s in timeline.suggestions
        )
        return replace(timeline, suggestions=suggestions)


# Cut suggestions on one source whose ranges come this close (frames) are one transition
# (a re-run with another model, or overlapping detector batches, finds it twice).
NEAR_DUPLICATE_FRAMES = 2


def near_duplicates(a: Suggestion, b: Suggestion, gap: int = NEAR_DUPLICATE_FRAMES) -> bool:
    """Whether two suggestions propose the same thing: same kind and source, and ranges that
    overlap or (cuts) lie within ``gap`` frames of each other; a zero-length range counts as
    its start. Other kinds span shots, whose neighbours touch: only overlapping ones match."""
    if (a.kind, a.source) != (b.kind, b.source):
        return False
    if a.kind != CUT:
        gap = 0  # grades are one per shot: neighbouring shots' ranges abut and are distinct
    a_last = max(a.source_range.start, a.source_range.end_inclusive)
    b_last = max(b.source_range.start, b.source_range.end_inclusive)
    return a.source_range.start <= b_last + gap and b.source_range.start <= a_last + gap


class SuggestionIndex:
    """The merged list's positions by (kind, source) and stretch of source frames, for
    near-duplicate look-ups that stay cheap whatever the lengths: each suggestion is filed in
    every ``BUCKET``-frame stretch its range (widened by the near-duplicate gap) touches, so two
    that may be near share a stretch. (Indexing by start alone had to look back as far as the
    longest suggestion: one grade over a whole long shot made every look-up scan them all.)"""

    BUCKET = 256

    def __init__(self, suggestions: list[Suggestion]) -> None:
        self._buckets: dict[tuple[str, str, int], list[int]] = {}
        for position, suggestion in enumerate(suggestions):
            self.add(position, suggestion)

    def _stretches(self, suggestion: Suggestion) -> range:
        rng = suggestion.source_range
        first = rng.start - NEAR_DUPLICATE_FRAMES
        last = max(rng.start, rng.end_inclusive) + NEAR_DUPLICATE_FRAMES
        return range(first // self.BUCKET, last // self.BUCKET + 1)

    def add(self, position: int, suggestion: Suggestion) -> None:
        for stretch in self._stretches(suggestion):
            self._buckets.setdefault((suggestion.kind, suggestion.source, stretch), []).append(position)

    def candidates(self, suggestion: Suggestion) -> set[int]:
        """Positions of every suggestion that may be near ``suggestion`` (a superset)."""
        found: set[int] = set()
        for stretch in self._stretches(suggestion):
            found.update(self._buckets.get((suggestion.kind, suggestion.source, stretch), ()))
        return found


def merge_suggestions(
    existing: tuple[Suggestion, ...], incoming: Iterable[Suggestion]
) -> tuple[Suggestion, ...]:
    """New proposals join the list, near-duplicates pruned into one (see :func:`near_duplicates`).

    A proposal near a decided suggestion is dropped (a decision always wins). Near pending
    cuts, the most confident is kept; another kind's re-run refreshes the pending one. Either
    way it keeps the place and id of the one already there.
    """
    merged = list(existing)
    index = SuggestionIndex(merged)
    for new in incoming:
        near = (i for i in index.candidates(new) if near_duplicates(merged[i], new))
        twins = sorted(near, key=lambda i: (merged[i].source_range.start, i))
        if not twins:
            index.add(len(merged), new)
            merged.append(new)
            continue
        if any(merged[i].is_decided for i in twins):
            continue
        best = max(twins, key=lambda i: merged[i].confidence)
        # Equal confidence refreshes in place: a re-run of the same model updates its evidence.
        if new.kind != CUT or new.confidence >= merged[best].confidence:
            merged[best] = replace(new, id=merged[best].id)
            index.add(best, merged[best])  # the old filing stays: candidates may be a superset
    return tuple(merged)


@dataclass(frozen=True)
class AddSuggestions:
    suggestions: tuple[Suggestion, ...]

    @property
    def description(self) -> str:
        return "Add Suggestions"

    def apply(self, timeline: Timeline) -> Timeline:
        return replace(timeline, suggestions=merge_suggestions(timeline.suggestions, self.suggestions))


@dataclass(frozen=True)
class SetClipGain:
    """The sound level of clips, in dB against their recording (0: as recorded; MUTE_DB:
    silent). Splitting a clip keeps its level on both halves."""

    item_ids: tuple[str, ...]
    gain_db: float

    @property
    def description(self) -> str:
        return "Mute" if self.gain_db <= MUTE_DB else "Change Volume"

    def apply(self, timeline: Timeline) -> Timeline:
        return _set_gains(timeline, dict.fromkeys(self.item_ids, self.gain_db), "the volume is that already")


@dataclass(frozen=True)
class SetClipGains:
    """A level of its own for each of several clips (Match Loudness), as one step."""

    gains: tuple[tuple[str, float], ...]  # (clip id, dB)
    name: str = "Change Volume"

    @property
    def description(self) -> str:
        return self.name

    def apply(self, timeline: Timeline) -> Timeline:
        return _set_gains(timeline, dict(self.gains), "the volumes are those already")


def _set_gains(timeline: Timeline, wanted: dict[str, float], unchanged: str) -> Timeline:
    """``timeline`` with each clip in ``wanted`` at its level (dB); ``unchanged`` is the
    refusal when every one is at it already."""
    if not all(MUTE_DB <= gain <= MAX_GAIN_DB for gain in wanted.values()):  # NaN fails too
        raise EditError(f"a clip's volume goes from {MUTE_DB:g} dB (silent) to +{MAX_GAIN_DB:g} dB")
    if not any(found and isinstance(found[2], Clip) for found in map(timeline.find_item, wanted)):
        raise EditError("no such clip")
    changed = _map_clips(timeline, lambda clip, _track: (
        replace(clip, gain_db=wanted[clip.id]) if wanted.get(clip.id, clip.gain_db) != clip.gain_db else clip
    ))
    if _unchanged(timeline, changed):
        raise EditError(unchanged)
    return changed


@dataclass(frozen=True)
class SetTrackEnabled:
    """Hide picture tracks or mute sound tracks, or bring them back. Their clips stay in the
    edit and can still be edited; playback and render leave the tracks out."""

    track_ids: tuple[str, ...]
    enabled: bool

    @property
    def description(self) -> str:
        return "Switch Track On" if self.enabled else "Switch Track Off"

    def apply(self, timeline: Timeline) -> Timeline:
        changed = _map_tracks(timeline, self.track_ids, lambda track: (
            track if track.enabled == self.enabled else replace(track, enabled=self.enabled)))
        if _unchanged(timeline, changed):
            raise EditError(f"the track is {'on' if self.enabled else 'off'} already")
        return changed


# Long enough for "Interview, camera B"; the header shows what fits and the tooltip the rest.
MAX_TRACK_NAME = 40


def tidy_track_name(text: str) -> str:
    """A track name as kept: one line, no stray spaces."""
    return " ".join(text.split())


@dataclass(frozen=True)
class RenameTrack:
    """Name a track ("Interview", "B-roll", "Music"); an empty name gives back its number
    (V2, A1). Saved with the project and in OpenTimelineIO."""

    track_id: str
    name: str

    @property
    def description(self) -> str:
        return "Rename Track"

    def apply(self, timeline: Timeline) -> Timeline:
        name = tidy_track_name(self.name)
        if len(name) > MAX_TRACK_NAME:
            raise EditError(f"a track name is at most {MAX_TRACK_NAME} characters")
        changed = _map_tracks(timeline, (self.track_id,), lambda track: (
            track if track.name == name else replace(track, name=name)))
        if _unchanged(timeline, changed):
            raise EditError("the track has that name already")
        return changed


@dataclass(frozen=True)
class RemoveEmptyTracks:
    """Take out the tracks that hold no clip (what is left when the footage laid over the
    edit is deleted), but for the edit's own first picture and sound track."""

    @property
    def description(self) -> str:
        return "Delete Empty Tracks"

    def apply(self, timeline: Timeline) -> Timeline:
        first = first_tracks(timeline)
        kept = tuple(track for index, track in enumerate(timeline.tracks)
                     if index in first or any(isinstance(item, Clip) for item in track.items))
        if len(kept) == len(timeline.tracks):
            raise EditError("no empty track to delete")
        return replace(timeline, tracks=kept)


@dataclass(frozen=True)
class SetClipFades:
    """Frames at the head and tail of clips (with their linked clips: picture and sound
    fade together) that come from and go to black and silence. ``None`` leaves a side."""

    item_ids: tuple[str, ...]
    fade_in: int | None = None
    fade_out: int | None = None

    @property
    def description(self) -> str:
        return "Change Fades"

    def apply(self, timeline: Timeline) -> Timeline:
        for value in (self.fade_in, self.fade_out):
            if value is not None and value < 0:
                raise EditError("a fade cannot be shorter than no frames")
        wanted = {item.id for item_id in self.item_ids for _, _, item in timeline.linked_items(item_id)
                  if isinstance(item, Clip)}
        if not wanted:
            raise EditError("no clip selected to fade")

        def faded(clip: Clip, _track: Track) -> Clip:
            if clip.id not in wanted:
                return clip
            fade_in = clip.fade_in if self.fade_in is None else min(self.fade_in, clip.duration)
            fade_out = clip.fade_out if self.fade_out is None else min(self.fade_out, clip.duration - fade_in)
            return clip if (fade_in, fade_out) == (clip.fade_in, clip.fade_out) else replace(
                clip, fade_in=fade_in, fade_out=fade_out)

        changed = _map_clips(timeline, faded)
        if _unchanged(timeline, changed):
            raise EditError("the fades are like that already")
        return changed


@dataclass(frozen=True)
class AddOwnSuggestion:
    """A suggestion the editor made (a grade by hand), added as one undoable step and never
    merged with the analysis' own: where it overlaps them, being the latest, it wins."""

    suggestion: Suggestion
    name: str

    @property
    def description(self) -> str:
        return self.name

    def apply(self, timeline: Timeline) -> Timeline:
        if timeline.suggestion(self.suggestion.id) is not None:
            raise EditError(f"suggestion {self.suggestion.id!r} is there already")
        return replace(timeline, suggestions=timeline.suggestions + (self.suggestion,))


@dataclass(frozen=True)
class PasteGrade:
    """One grade's settings given to several clips' frames (the editor's copy and paste), one
    undoable step: each span (source path, source frames) gets an accepted grade by
    ``producer``, added last so it wins where it overlaps older ones. An accepted grade the same
    producer (the editor) made on exactly those frames, by hand or by an earlier paste, is
    replaced, so pasting again does not pile them up; a neutral one takes the grade off there."""

    params: dict[str, Any]
    spans: tuple[tuple[str, FrameRange], ...]
    producer: str

    @property
    def description(self) -> str:
        return "Paste Grade"

    def apply(self, timeline: Timeline) -> Timeline:
        if not self.spans:
            raise EditError("no clip to paste the grade on")
        targets = set(self.spans)
        kept = tuple(
            s for s in timeline.suggestions
            if not (s.kind == GRADE and s.status is SuggestionStatus.ACCEPTED and s.producer == self.producer
                    and (s.source, s.source_range) in targets)
        )
        pasted = tuple(Suggestion(GRADE, source, frames, 1.0, self.producer, params=dict(self.params),
                                  status=SuggestionStatus.ACCEPTED) for source, frames in dict.fromkeys(self.spans))
        return replace(timeline, suggestions=kept + pasted)


@dataclass(frozen=True)
class AddMarker:
    marker: Marker

    @property
    def description(self) -> str:
        return "Add Marker"

    def apply(self, timeline: Timeline) -> Timeline:
        markers = tuple(sorted(timeline.markers + (self.marker,), key=lambda m: m.frame))
        return replace(timeline, markers=markers)


@dataclass(frozen=True)
class UpdateMarker:
    """A marker's name, note or colour changed (its frame stays)."""

    marker: Marker

    @property
    def description(self) -> str:
        return "Edit Marker"

    def apply(self, timeline: Timeline) -> Timeline:
        old = timeline.marker(self.marker.id)
        if old is None:
            raise EditError(f"no marker {self.marker.id!r}")
        if old == self.marker:
            raise EditError("the marker is like that already")
        if old.frame != self.marker.frame:
            raise EditError("a marker's frame is not changed here")
        return replace(timeline, markers=tuple(self.marker if m.id == old.id else m for m in timeline.markers))


@dataclass(frozen=True)
class RemoveMarker:
    marker_id: str

    @property
    def description(self) -> str:
        return "Remove Marker"

    def apply(self, timeline: Timeline) -> Timeline:
        markers = tuple(m for m in timeline.markers if m.id != self.marker_id)
        if len(markers) == len(timeline.markers):
            raise EditError(f"no marker {self.marker_id!r}")
        return replace(timeline, markers=markers)
