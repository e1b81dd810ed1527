"""Whether the files an edit names still hold the frames its clips use.

A project keeps each source's length as it was when the edit was made. When the file at that
path is later replaced by a shorter one (a re-export, a trimmed copy), or the project is
damaged, a clip reaches past the end of what the file holds: the render would repeat the last
frame over silence, and the viewer fail only where the playhead meets it. Opening reports
such sources beside the missing ones, so the editor can offer to relink them as it does a
missing file; the project file itself is left as it is.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from ..media import MediaError, media_reference, probe
from ..timeline import Clip, MediaReference, Timeline, frame_to_timecode
from ..timeline.model import frames_at


@dataclass(frozen=True)
class ChangedMedia:
    """A source file that no longer holds the frames the edit uses from it.

    Frames count at the timeline's rate (source frames when the rates are the same):
    ``used`` the first and last frame the edit's clips use, ``holds`` how many the file holds
    now (None when it cannot be read at all, ``problem`` saying why), ``clip_at`` the timeline
    frame of the clip that reaches furthest, ``media`` the file as probed now."""

    path: str
    used: tuple[int, int]
    holds: int | None
    clip_at: int
    media: MediaReference | None = None
    problem: str = ""

    @property
    def file_name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]

    def describe(self, timeline: Timeline) -> str:
        """One sentence naming the file, the frames the edit uses and the frames it holds."""
        rate = timeline.rate
        first, last = self.used
        where = f"the clip at {frame_to_timecode(self.clip_at, rate)}"
        if self.holds is None:
            return f"{self.file_name} can no longer be read ({self.problem}); the edit uses frames {first}–{last} of it ({where})"
        if self.media is not None and self.media.rate != rate:  # frames would mean two things
            holds = f"{float(self.media.duration / self.media.rate):.3g} s"
            uses = f"{float(first / rate):.3g} s to {float((last + 1) / rate):.3g} s"
        else:
            holds = f"frames 0–{self.holds - 1}" if self.holds > 0 else "no frames"
            uses = f"frames {first}–{last}"
        return (f"{self.file_name} holds {holds}, but the edit uses {uses} of it ({where}): "
                "the file was replaced or cut short since the edit was made")


def changed_media(timeline: Timeline, skip: list[str] | tuple[str, ...] = (),
                  cancel: threading.Event | None = None) -> list[ChangedMedia]:
    """The sources whose file (probed now) is shorter than the frames the clips use, or can
    no longer be read; ``skip``: paths already known to be missing.

    A clip may reach the last frame even where it lies only partly under a timeline frame
    (:func:`~vedit_gui.timeline.model.frames_at`, as Relink and trimming count it). Each file
    is scanned whole, so the editor runs this after the edit has opened; ``cancel`` stops it
    between files (what was found so far is returned)."""
    used: dict[str, tuple[int, int, int]] = {}  # path -> (first frame, end exclusive, clip position)
    for track in timeline.tracks:
        for _, item, placed in track.ranges():
            if not isinstance(item, Clip) or item.media.path in skip:
                continue
            span = item.source_range
            first, end, at = used.get(item.media.path, (span.start, span.end_exclusive, placed.start))
            if span.end_exclusive > end or (span.end_exclusive == end and placed.start < at):
                end, at = span.end_exclusive, placed.start
            used[item.media.path] = (min(first, span.start), end, at)
    changed: list[ChangedMedia] = []
    for path, (first, end, at) in used.items():
        if cancel is not None and cancel.is_set():
            break
        try:
            media = media_reference(probe(path, timeline.source_rate(path)))
        except MediaError as exc:
            changed.append(ChangedMedia(path, (first, end - 1), None, at, problem=str(exc)))
            continue
        holds = frames_at(media, timeline.rate)
        if holds < end:
            changed.append(ChangedMedia(path, (first, end - 1), holds, at, media))
    return changed
