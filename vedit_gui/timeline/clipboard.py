"""Copy and paste of clips: what a copy holds, and fresh clips to paste from it.

A copy is the selected clips with the tracks they were on, in timeline order per track (what
lay between them is not copied). Pasting inserts fresh copies at a frame with
:class:`~vedit_gui.timeline.edits.Insert`: new ids, and new links that join the pasted
picture and sound to each other, never to the clips they were copied from. A track is
remembered as its kind and number (V2, A1: a :class:`~vedit_gui.timeline.edits.TrackSlot`),
not its place in the list, so picture goes back on picture tracks and sound on sound
tracks after tracks were added or deleted between the copy and the paste.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .edits import TrackSlot
from .model import Clip, Timeline, new_id


@dataclass(frozen=True)
class ClipboardClips:
    """Copied clips as (track index, clip), each track's in timeline order, and the track
    each came from as its kind and number (``slots``, one a placement; empty in a copy made
    without them: the indexes are used)."""

    placements: tuple[tuple[int, Clip], ...]
    slots: tuple[TrackSlot, ...] = ()

    @classmethod
    def of(cls, timeline: Timeline, item_ids: list[str]) -> ClipboardClips:
        """The clips among ``item_ids`` (gaps, dissolves and markers are not copied)."""
        wanted = set(item_ids)
        placements = tuple(
            (index, item)
            for index, track in enumerate(timeline.tracks)
            for item in track.items
            if isinstance(item, Clip) and item.id in wanted
        )
        return cls(placements, tuple(_slot(timeline, index) for index, _ in placements))

    @property
    def duration(self) -> int:
        """The longest track's worth of copied frames (what a paste inserts)."""
        per_track: dict[int, int] = {}
        for index, clip in self.placements:
            per_track[index] = per_track.get(index, 0) + clip.duration
        return max(per_track.values(), default=0)

    def fresh(self) -> tuple[tuple[int | TrackSlot, Clip], ...]:
        """The clips again for :class:`~vedit_gui.timeline.edits.Insert`, each with a new id
        and on the slot (kind and number) of the track it came from; clips that were linked to
        each other are linked again, by a new link."""
        links: dict[str, str] = {}
        slots: tuple[int | TrackSlot, ...] = self.slots or tuple(index for index, _ in self.placements)
        return tuple(
            (slot, replace(clip, id=new_id(), link=None if clip.link is None else links.setdefault(clip.link, new_id())))
            for slot, (_, clip) in zip(slots, self.placements, strict=True)
        )


def _slot(timeline: Timeline, index: int) -> TrackSlot:
    kind = timeline.tracks[index].kind
    return TrackSlot(kind, sum(1 for track in timeline.tracks[:index] if track.kind is kind))


__all__ = ["ClipboardClips"]
