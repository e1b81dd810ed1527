"""What a source's file holds beyond what the timeline keeps: its picture's size as shown and
its sound's channels and sample rate.

A ``MediaReference`` keeps only what editing needs (rate, length, which streams). A Final Cut
Pro XML also describes each file's picture and sound, and lays a stereo source's channels
on two tracks; those facts come from probing the file (``media.probe`` keeps its last
results, so a render or a check just before does not scan it again). A file that cannot be
read (moved, unplugged) is described as far as the timeline knows it, and the export says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..media import MediaError, MediaInfo, probe
from ..timeline import MediaReference


@dataclass(frozen=True)
class SourceFacts:
    """``width``×``height`` is the picture as shown (a phone's portrait video turned upright,
    anamorphic pixels widened), as the render sees it; None where it has none or the file
    cannot be read. ``channels`` and ``sample_rate`` likewise for its sound."""

    width: int | None = None
    height: int | None = None
    channels: int | None = None
    sample_rate: int | None = None
    readable: bool = True


def source_facts(media: MediaReference, info: Callable[[str], MediaInfo] = probe) -> SourceFacts:
    """The facts of ``media``'s file, probed through ``info``; unreadable files give unknowns."""
    try:
        found = info(media.path)
    except MediaError:
        return SourceFacts(readable=False)
    video, audio = found.video, found.audio
    return SourceFacts(
        width=video.display_width if video else None,
        height=video.display_height if video else None,
        channels=audio.channels if audio else None,
        sample_rate=audio.sample_rate if audio else None,
    )
