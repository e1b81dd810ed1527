"""Edits as commands: each is a small value whose ``apply`` returns a new timeline.

An edit that cannot apply raises :class:`EditError` and leaves nothing changed. Reverting is
restoring the timeline the edit was applied to (see :mod:`.history`); because timelines are
immutable values that share structure, that costs a reference, not a copy.

Clips that share a ``link`` (a shot's picture and sound) are trimmed, deleted and moved
together; splits cut every track at the frame, so linked clips stay aligned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from .model import Clip, Gap, Item, Marker, Timeline, Track, item_with_duration, new_id
from .suggestion import Suggestion, SuggestionStatus
from .time import rescale


class EditError(ValueError):
    """An edit that does not fit the timeline it is applied to (the timeline is unchanged)."""


class Edit(Protocol):
    @property
    def description(self) -> str: ...

    def apply(self, timeline: Timeline) -> Timeline: ...


def available_duration(clip: Clip, timeline: Timeline) -> int:
    """How many timeline frames the clip's source holds."""
    return rescale(clip.media.duration, clip.media.rate, timeline.rate)


def _split_item(item: Item, offset: int, new_link: str | None) -> tuple[Item, Item]:
    if isinstance(item, Gap):
        return Gap(offset), Gap(item.duration - offset)
    left = replace(item, source_range=replace(item.source_range, duration=offset))
    right = replace(
        item,
        source_range=type(item.source_range)(
            item.source_range.start + offset, item.duration - offset
        ),
        link=new_link,
        id=new_id(),
    )
    return left, right


def _split_track(track: Track, frame: int, link_map: dict[str, str]) -> Track:
    found = track.item_at(frame)
    if found is None:
        return track
    index, item, rng = found
    if rng.start == frame:
        return track
    new_link = None
    if isinstance(item, Clip) and item.link is not None:
        new_link = link_map.setdefault(item.link, new_id())
    left, right = _split_item(item, frame - rng.start, new_link)
    items = track.items[:index] + (left, right) + track.items[index + 1 :]
    return replace(track, items=items)


def _insert_into_track(track: Track, frame: int, items: tuple[Item, ...]) -> Track:
    """Insert edit: items go in at ``frame``, pushing later ones right (padding with a gap
    when the track ends before ``frame``)."""
    if frame > track.duration:
        padded = track.items + (Gap(frame - track.duration),)
        return replace(track, items=padded + items)
    track = _split_track(track, frame, {})
    index = len(track.items)
    for i, _, rng in track.ranges():
        if rng.start >= frame:
            index = i
            break
    return replace(track, items=track.items[:index] + items + track.items[index:])


def _drop_trailing_gaps(track: Track) -> Track:
    items = track.items
    while items and isinstance(items[-1], Gap):
        items = items[:-1]
    return replace(track, items=items) if items != track.items else track


@dataclass(frozen=True)
class Split:
    """Cut every track at a timeline frame (the blade)."""

    frame: int

    @property
    def description(self) -> str:
        return "Split"

    def apply(self, timeline: Timeline) -> Timeline:
        link_map: dict[str, str] = {}
        tracks = tuple(_split_track(track, self.frame, link_map) for track in timeline.tracks)
        if tracks == timeline.tracks:
            raise EditError(f"nothing to split at frame {self.frame}")
        return replace(timeline, tracks=tracks)


def _edit_linked(
    timeline: Timeline, item_id: str, change: Callable[[Item], Item | None]
) -> Timeline:
    """Apply ``change`` to an item and every clip linked to it; None removes the item."""
    targets = timeline.linked_items(item_id)
    if not targets:
        raise EditError(f"no item {item_id!r} on the timeline")
    by_track: dict[int, dict[int, Item | None]] = {}
    for track_index, index, item in targets:
        by_track.setdefault(track_index, {})[index] = change(item)
    for track_index, changes in by_track.items():
        track = timeline.tracks[track_index]
        items: list[Item] = []
        for index, item in enumerate(track.items):
            new = changes.get(index, item)
            if new is not None:
                items.append(new)
        timeline = timeline.with_track(track_index, _drop_trailing_gaps(replace(track, items=tuple(items))))
    return timeline


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
            return replace(item, source_range=type(item.source_range)(start, duration))

        return _edit_linked(timeline, self.item_id, trim)


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
            if isinstance(item, Clip):
                if item.source_range.start + duration > available_duration(item, timeline):
                    raise EditError("the out point cannot go past the end of the source")
            return item_with_duration(item, duration)

        return _edit_linked(timeline, self.item_id, trim)


@dataclass(frozen=True)
class RippleDelete:
    """Remove items (with their linked clips) and close the space they left."""

    item_ids: tuple[str, ...]

    @property
    def description(self) -> str:
        return "Ripple Delete"

    def apply(self, timeline: Timeline) -> Timeline:
        if not self.item_ids:
            raise EditError("nothing selected to delete")
        for item_id in self.item_ids:
            if timeline.find_item(item_id) is None:
                continue  # already removed as a linked partner of an earlier id
            timeline = _edit_linked(timeline, item_id, lambda item: None)
        return timeline


@dataclass(frozen=True)
class Insert:
    """Insert edit: items (one per track index) go in at a timeline frame; later items ripple."""

    placements: tuple[tuple[int, Item], ...]
    frame: int

    @property
    def description(self) -> str:
        return "Insert"

    def apply(self, timeline: Timeline) -> Timeline:
        if self.frame < 0:
            raise EditError("cannot insert before the start of the timeline")
        for track_index, items in _group_by_track(self.placements).items():
            if not 0 <= track_index < len(timeline.tracks):
                raise EditError(f"no track {track_index}")
            track = timeline.tracks[track_index]
            for item in items:
                if isinstance(item, Clip) and item.source_range.end_exclusive > available_duration(
                    item, timeline
                ):
                    raise EditError(f"{item.name or 'clip'} runs past the end of its source")
            timeline = timeline.with_track(
                track_index, _insert_into_track(track, self.frame, tuple(items))
            )
        return timeline


def _group_by_track(placements: Iterable[tuple[int, Item]]) -> dict[int, list[Item]]:
    grouped: dict[int, list[Item]] = {}
    for track_index, item in placements:
        grouped.setdefault(track_index, []).append(item)
    return grouped


@dataclass(frozen=True)
class Move:
    """Reorder: take an item (and its linked clips) out and insert it at ``frame``, where
    ``frame`` is read on the timeline *after* the item was taken out."""

    item_id: str
    frame: int

    @property
    def description(self) -> str:
        return "Move"

    def apply(self, timeline: Timeline) -> Timeline:
        targets = timeline.linked_items(self.item_id)
        if not targets:
            raise EditError(f"no item {self.item_id!r} on the timeline")
        placements = tuple((track_index, item) for track_index, _, item in targets)
        removed = RippleDelete((self.item_id,)).apply(timeline)
        moved = Insert(placements, self.frame).apply(removed)
        if moved.tracks == timeline.tracks:
            raise EditError("the item is already there")
        return moved


@dataclass(frozen=True)
class SetSuggestionStatus:
    suggestion_id: str
    status: SuggestionStatus

    @property
    def description(self) -> str:
        verb = {"accepted": "Accept", "rejected": "Reject", "pending": "Reset"}[self.status.value]
        return f"{verb} Suggestion"

    def apply(self, timeline: Timeline) -> Timeline:
        current = timeline.suggestion(self.suggestion_id)
        if current is None:
            raise EditError(f"no suggestion {self.suggestion_id!r}")
        return UpdateSuggestion(current.with_status(self.status)).apply(timeline)


@dataclass(frozen=True)
class UpdateSuggestion:
    """Replace a suggestion by id (the inspector's parameter edits)."""

    suggestion: Suggestion

    @property
    def description(self) -> str:
        return "Edit Suggestion"

    def apply(self, timeline: Timeline) -> Timeline:
        if timeline.suggestion(self.suggestion.id) is None:
            raise EditError(f"no suggestion {self.suggestion.id!r}")
        suggestions = tuple(
            self.suggestion if s.id == self.suggestion.id else s for s in timeline.suggestions
        )
        return replace(timeline, suggestions=suggestions)


def merge_suggestions(
    existing: tuple[Suggestion, ...], incoming: Iterable[Suggestion]
) -> tuple[Suggestion, ...]:
    """New proposals join the list; one that repeats a decided suggestion is dropped, and one
    that repeats a pending suggestion refreshes it in place (keeping its id)."""
    merged = list(existing)
    for new in incoming:
        for i, old in enumerate(merged):
            if old.same_proposal(new):
                if not old.is_decided:
                    merged[i] = replace(new, id=old.id)
                break
        else:
            merged.append(new)
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
class AddMarker:
    marker: Marker

    @property
    def description(self) -> str:
        return "Add Marker"

    def apply(self, timeline: Timeline) -> Timeline:
        markers = tuple(sorted(timeline.markers + (self.marker,), key=lambda m: m.frame))
        return replace(timeline, markers=markers)


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
