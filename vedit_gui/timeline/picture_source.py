"""Which source sets the edit's picture format (its size and colour matrix): the one the edit
was made from, or the one the editor chose, not whichever clip happens to be first today.

Editors fix a sequence's format when they make it; reordering the cut must not turn a 16:9
montage into a 2.39:1 file with bars on every other shot because a scope clip moved to the
head. An edit without one (made before, or read from another editor's file) takes the first
clip's, as it always did.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .edits import EditError
from .model import PICTURE_SOURCE, Clip, Timeline, TrackKind, picture_source

__all__ = ["PICTURE_SOURCE", "SetPictureSource", "picture_source", "with_picture_source"]


def with_picture_source(timeline: Timeline, path: str) -> Timeline:
    return replace(timeline, metadata={**timeline.metadata, PICTURE_SOURCE: path})


@dataclass(frozen=True)
class SetPictureSource:
    """Take the edit's picture size and colour from ``path``'s footage: one undoable edit."""

    path: str
    name: str

    @property
    def description(self) -> str:
        return f"Picture Format From {self.name}"

    def apply(self, timeline: Timeline) -> Timeline:
        if not any(isinstance(item, Clip) and item.media.path == self.path and item.media.has_video
                   for track in timeline.tracks if track.kind is TrackKind.VIDEO for item in track.items):
            raise EditError(f"{self.name} has no picture on the timeline to take the format from")
        if timeline.metadata.get(PICTURE_SOURCE) == self.path:
            raise EditError(f"the edit's picture format already comes from {self.name}")
        return with_picture_source(timeline, self.path)
