"""Where a programme's timecode starts: 00:00:00:00 unless the project says otherwise.

Finishing houses and DaVinci Resolve expect a programme to start at 01:00:00:00; vedit's
timeline counts from frame 0, and its exports name frame 0 by this start: an EDL's record
timecode, OpenTimelineIO's ``global_start_time``, a Final Cut Pro XML sequence's timecode.

It is kept in the timeline's metadata (``vedit.start_timecode``), so the project file and
vedit's OpenTimelineIO carry it as they carry the rest; absent, as in every project written
before it, it is 00:00:00:00 and nothing changes. It is kept as a label, not a frame count:
each export counts it as it counts its own timecode (drop-frame or not, at its own rate), so
01:00:00:00 reads 01:00:00:00 (or 01:00:00;00) wherever it is written.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..timeline import Timeline, TrackKind, timecode_to_frame
from ..timeline.time import Rate
from ..timeline.timecode import counts_drop_frame, is_drop_frame_rate

START_TIMECODE = "vedit.start_timecode"
ZERO = "00:00:00:00"
_LABEL = re.compile(r"^(\d{2}):(\d{2}):(\d{2})[:;.,](\d{2})$")


def start_timecode(timeline: Timeline) -> str:
    """The timeline's start as ``HH:MM:SS:FF`` (00:00:00:00 unless set)."""
    text = timeline.metadata.get(START_TIMECODE)
    return _label(text) if isinstance(text, str) and _LABEL.match(text.strip()) else ZERO


def with_start_timecode(timeline: Timeline, text: str) -> Timeline:
    """``timeline`` starting at ``text`` (``HH:MM:SS:FF``; ``;`` before the frames is taken as
    ``:``, each export choosing its own counting). Raises ``ValueError`` with a sentence for
    a text that is not a timecode at the timeline's rate."""
    if not _LABEL.match(text.strip()):
        raise ValueError(f"{text!r} is not a timecode (HH:MM:SS:FF)")
    label = _label(text)
    timecode_to_frame(label, timeline.rate)  # says so where the frames or minutes run over
    metadata = {key: value for key, value in timeline.metadata.items() if key != START_TIMECODE}
    if label != ZERO:
        metadata[START_TIMECODE] = label
    return replace(timeline, metadata=metadata)


def start_frame(timeline: Timeline, rate: Rate, drop: bool) -> int:
    """The start as a frame count at ``rate``, counted drop-frame where ``drop``: what an export
    writing timecode at that rate adds to each timeline frame."""
    label = start_timecode(timeline)
    if label == ZERO:
        return 0
    try:
        return timecode_to_frame(label[:-3] + (";" if drop else ":") + label[-2:], rate)
    except ValueError:  # a label this rate does not have (a frame number it drops, or skips)
        return round(timecode_to_frame(label, timeline.rate) * rate / timeline.rate)


def counts_drop_frame_for(timeline: Timeline, rate: Rate) -> bool:
    """Whether timecode of ``timeline`` at ``rate`` counts drop-frame: at 29.97 and 59.94,
    unless the picture's sources that carry a timecode all count it non-drop (many cameras
    do), so that the camera's own 14:23:10:05 reads as written."""
    if not is_drop_frame_rate(rate):
        return False
    tags = [clip.media.metadata.get("timecode") for track in timeline.tracks_of(TrackKind.VIDEO)
            for clip in track.clips()]
    return {counts_drop_frame(tag) for tag in tags if isinstance(tag, str)} - {None} != {False}


def _label(text: str) -> str:
    hours, minutes, seconds, frames = _LABEL.match(text.strip()).groups()
    return f"{hours}:{minutes}:{seconds}:{frames}"
