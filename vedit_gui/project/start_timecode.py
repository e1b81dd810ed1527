"""Where a programme's timecode starts: 00:00:00:00 unless the project says otherwise.

Finishing houses and DaVinci Resolve expect a programme to start at 01:00:00:00; vedit's
timeline counts from frame 0, and its exports name frame 0 by this start: an EDL's record
timecode, OpenTimelineIO's ``global_start_time``, a Final Cut Pro XML sequence's timecode.

It is kept in the timeline's metadata (``vedit.start_timecode``), so the project file and
vedit's OpenTimelineIO carry it as they carry the rest; absent, as in every project written
before it, it is 00:00:00:00 and nothing changes. It is kept as a label, not a frame count:
each export counts it as it counts its own timecode (drop-frame or not, at its own rate), so
01:00:00:00 reads 01:00:00:00 (or 01:00:00;00) wherever it is written.

The editor reads timeline frames the same way (:func:`timeline_timecode`: the viewer's readout,
the ruler, the marks), so a frame's timecode on screen is its record timecode in an EDL. The
editor sets it with :class:`SetStartTimecode`, one undoable step.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, replace

from ..timeline import EditError, Timeline, TrackKind, frame_to_timecode, timecode_to_frame
from ..timeline.time import Rate
from ..timeline.timecode import counts_drop_frame, frames_per_day, is_drop_frame_rate

START_TIMECODE = "vedit.start_timecode"
ZERO = "00:00:00:00"
_LABEL = re.compile(r"^(\d{2}):(\d{2}):(\d{2})[:;.,](\d{2})$")


def start_timecode(timeline: Timeline) -> str:
    """The timeline's start as ``HH:MM:SS:FF`` (00:00:00:00 unless set). A label the timeline's
    rate cannot have, or past 23 hours (a damaged or hand-edited file), reads as none: the
    edit opens counting from zero rather than failing on every timecode it shows."""
    text = timeline.metadata.get(START_TIMECODE)
    if not isinstance(text, str) or not _LABEL.match(text.strip()):
        return ZERO
    label = _label(text)
    return label if _problem(label, timeline.rate) is None else ZERO


def with_start_timecode(timeline: Timeline, text: str) -> Timeline:
    """``timeline`` starting at ``text`` (``HH:MM:SS:FF``; ``;`` before the frames is taken as
    ``:``, each export choosing its own counting). Raises ``ValueError`` with a sentence for
    a text that is not a timecode at the timeline's rate."""
    if not _LABEL.match(text.strip()):
        raise ValueError(f"{text!r} is not a timecode (HH:MM:SS:FF)")
    label = _label(text)
    if (problem := _problem(label, timeline.rate)) is not None:
        raise ValueError(problem)
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
        return timecode_to_frame(counted_as(label, drop), rate)
    except ValueError:  # a label this rate does not have (a frame number it drops, or skips):
        # counted at the timeline's own rate, which has it (start_timecode read it so)
        return round(timecode_to_frame(label, timeline.rate) * rate / timeline.rate)


def counted_as(text: str, drop: bool) -> str:
    """``text`` (``HH:MM:SS:FF``) written as timecode counted drop-frame (``;``) or not (``:``),
    whichever separator it had before the frames: a label is a place in the editor's counting.
    Anything else is left for :func:`timecode_to_frame` to say why it is not a timecode."""
    text = text.strip()
    if len(text) < 3 or text[-3] not in ":;.,":
        return text
    return f"{text[:-3]}{';' if drop else ':'}{text[-2:]}"


def counts_drop_frame_for(timeline: Timeline, rate: Rate) -> bool:
    """Whether timecode of ``timeline`` at ``rate`` counts drop-frame: at 29.97 and 59.94,
    unless the picture's sources that carry a timecode all count it non-drop (many cameras
    do), so that the camera's own 14:23:10:05 reads as written."""
    if not is_drop_frame_rate(rate):
        return False
    tags = [clip.media.metadata.get("timecode") for track in timeline.tracks_of(TrackKind.VIDEO)
            for clip in track.clips()]
    return {counts_drop_frame(tag) for tag in tags if isinstance(tag, str)} - {None} != {False}


@dataclass(frozen=True)
class SetStartTimecode:
    """Start the timeline's timecode at ``label`` (``HH:MM:SS:FF``): one undoable edit, kept
    in the timeline's metadata, so the project file, recovery and OpenTimelineIO carry it."""

    label: str

    @property
    def description(self) -> str:
        return f"Set Start Timecode to {self.label}"

    def apply(self, timeline: Timeline) -> Timeline:
        try:
            return with_start_timecode(timeline, self.label)
        except ValueError as exc:
            raise EditError(str(exc)) from exc


@dataclass(frozen=True)
class TimelineClock:
    """How the editor reads a timeline's frames as timecode: from its start timecode, counted
    drop-frame or not as its exports count record timecode (:func:`counts_drop_frame_for`)."""

    rate: Rate
    start: int = 0
    drop: bool = False

    def label(self, frame: int) -> str:
        """Timeline ``frame`` as its timecode (frame 0 reads the start timecode), past midnight
        from 00:00:00:00 again, as the EDL's record timecode."""
        return frame_to_timecode((self.start + frame) % frames_per_day(self.rate, self.drop), self.rate,
                                 drop_frame=self.drop)

    def length(self, frames: int) -> str:
        """A length of ``frames`` as timecode (counted from zero: a duration is no place)."""
        return frame_to_timecode(frames, self.rate, drop_frame=self.drop)


_clocks: list[tuple[weakref.ref[Timeline], TimelineClock]] = []  # the latest first


def timeline_clock(timeline: Timeline) -> TimelineClock:
    """``timeline``'s :class:`TimelineClock`. The last few are kept (by weak reference: a closed
    edit is not kept alive): the readout asks every frame of playback, an edit compares the
    clock before and after, and deciding drop-frame reads every picture clip's source."""
    for ref, clock in _clocks:
        if ref() is timeline:
            return clock
    drop = counts_drop_frame_for(timeline, timeline.rate)
    clock = TimelineClock(timeline.rate, start_frame(timeline, timeline.rate, drop), drop)
    _clocks.insert(0, (weakref.ref(timeline), clock))
    del _clocks[4:]
    return clock


def timeline_timecode(timeline: Timeline, frame: int) -> str:
    """The timecode the editor reads for timeline ``frame``: the one place the UI labels a
    timeline frame (the viewer, the ruler, marks, tooltips), so all count from the start."""
    return timeline_clock(timeline).label(frame)


def _problem(label: str, rate: Rate) -> str | None:
    """Why ``label`` (``HH:MM:SS:FF``) is no start at ``rate``, or None: the one rule that
    setting a start and reading one share, so no label is kept that the editor cannot read."""
    if int(label[:2]) > 23:
        return "Hours run from 00 to 23 (timecode starts again at midnight)."
    try:
        timecode_to_frame(label, rate)  # says so where the frames or minutes run over
    except ValueError as exc:
        return str(exc)
    return None


def _label(text: str) -> str:
    hours, minutes, seconds, frames = _LABEL.match(text.strip()).groups()
    return f"{hours}:{minutes}:{seconds}:{frames}"
