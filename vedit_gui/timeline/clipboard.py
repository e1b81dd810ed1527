"""Copy and paste of clips: what a copy holds, and fresh clips to paste from it.

A copy is the selected clips with the tracks they were on, in timeline order per track (what
lay between them is not copied). Pasting inserts fresh copies at a frame with
:class:`~vedit_gui.timeline.edits.Insert`: new ids, and new links that join the pasted
picture and sound to each other, never to the clips they were copied from.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .model import Clip, Timeline, new_id


@dataclass(frozen=True)
class ClipboardClips:
    """Copied clips as (track index, clip), each track's in timeline order."""

    placements: tuple[tuple[int, Clip], ...]

    @classmethod
    def of(cls, timeline: Timeline, item_ids: list[str]) -> ClipboardClips:
        """The clips among ``item_ids`` (gaps, dissolves and markers are not copied)."""
        wanted = set(item_ids)
        return cls(tuple(
            (index, item)
            for index, track in enumerate(timeline.tracks)
            for item in track.items
            if isinstance(item, Clip) and item.id in wanted
        ))

    @property
    def duration(self) -> int:
        """The longest track's worth of copied frames (what a paste inserts)."""
        per_track: dict[int, int] = {}
        for index, clip in self.placements:
            per_track[index] = per_track.get(index, 0) + clip.duration
        return max(per_track.values(), default=0)

    def fresh(self) -> tuple[tuple[int, Clip], ...]:
        """The clips again, each with a new id; clips that were linked to each other are
        linked again, by a new link."""
        links: dict[str, str] = {}
        return tuple(
            (index, replace(clip, id=new_id(), link=None if clip.link is None else links.setdefault(clip.link, new_id())))
            for index, clip in self.placements
        )


__all__ = ["ClipboardClips"]
