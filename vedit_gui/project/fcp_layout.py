"""A timeline laid out as Final Cut Pro 7 XML counts it: whole frames at one XML rate,
transitions as items between clips, a stereo source's sound on two tracks.

This is the arithmetic of the export (``fcp_xml.py`` writes the elements), kept apart so it
can be checked without parsing XML:

- **Rate.** An XML rate is a whole ``timebase`` and an NTSC flag (×1000/1001), so 23.976,
  29.97, 59.94 and every whole rate are exact. Other rates (a phone's variable rate
  averaging 29.87, 12.5 fps) are recounted as an EDL is (:func:`.edl.edl_rate`): exactly at a
  whole multiple where there is one, else at the next whole timecode rate with every cut
  point rounded to its nearest frame, so clips stay end to end.
- **Transitions.** A dissolve or dip that plays is a transition item over its frames. Sound
  follows a dissolve as vedit plays it (:func:`sound_windows`): a sound clip linked to the
  incoming picture crossfades over the dissolve's frames. A fade at a clip's head or tail
  (where no transition plays there) is a one-sided transition from or to black and silence.
  XML takes a transition's frames from the clips' handles; where a later edit left a clip
  too few (vedit holds a frame there), the transition is shortened to the handles and
  :attr:`XmlLayout.shortened` says where.
- **Sound.** Each XML audio track is one channel. A sound track holding a stereo source
  becomes two tracks, left and right (channels 1 and 2 of each clip's file; a mono file's
  one channel on both, as vedit plays it); a track of mono sources stays one track.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from ..timeline import DISSOLVE, Clip, MediaReference, Timeline, Track, TrackKind
from ..timeline.model import frames_at
from ..timeline.time import FrameRange, Rate
from .edl import edl_rate
from .errors import ProjectError

# Premiere Pro counts time in ticks: 254,016,000,000 a second divides every XML rate's frame.
TICKS_PER_SECOND = 254_016_000_000
_MOST_TIMEBASE = 120  # 119.88 and 120 fps footage is the fastest an editor takes


def xml_timebase(rate: Rate) -> tuple[int, bool] | None:
    """(``timebase``, ``ntsc``) naming ``rate`` exactly in XML, or None where none does."""
    for ntsc, base in ((False, rate), (True, rate * Fraction(1001, 1000))):
        if base.denominator == 1 and 1 <= base <= _MOST_TIMEBASE:
            return int(base), ntsc
    return None


def xml_rate(rate: Rate) -> tuple[Rate, bool]:
    """(the rate an XML of a ``rate`` timeline counts at, whether it is exact)."""
    if xml_timebase(rate) is not None:
        return rate, True
    return edl_rate(rate)


def recount(frames: int, rate: Rate, to: Rate) -> int:
    """Timeline frame ``frames`` at ``rate`` as the nearest frame at ``to`` (itself where equal)."""
    if rate == to:
        return frames
    return math.floor(Fraction(frames) * to / rate + Fraction(1, 2))


def ticks(frames: int, rate: Rate) -> int:
    """``frames`` at ``rate`` in Premiere's ticks."""
    return round(Fraction(frames) / rate * TICKS_PER_SECOND)


@dataclass(frozen=True)
class XmlClip:
    """A clip item: sequence frames ``start``..``end`` show media frames from ``source_in``
    (counted from the file's first frame at the XML rate). ``channel`` is 0 for picture, else
    the file's sound channel this item plays (1 or 2)."""

    clip: Clip
    start: int
    end: int
    source_in: int
    channel: int = 0

    @property
    def source_out(self) -> int:
        return self.source_in + self.end - self.start


@dataclass(frozen=True)
class XmlTransition:
    """A transition item over sequence frames ``start``..``end`` whose clips meet at ``cut``.
    ``kind`` is vedit's (on sound tracks always a crossfade). A ``fade`` has one clip: from
    black or silence at its head (``start == cut``) or to them at its tail (``cut == end``)."""

    kind: str
    start: int
    cut: int
    end: int
    fade: bool = False

    @property
    def before(self) -> int:
        return self.cut - self.start

    @property
    def after(self) -> int:
        return self.end - self.cut

    @property
    def heads(self) -> bool:
        """Whether it covers the head of the clip after its cut (a fade out does not)."""
        return not self.fade or self.start == self.cut

    @property
    def tails(self) -> bool:
        """Whether it covers the tail of the clip before its cut (a fade in does not)."""
        return not self.fade or self.end == self.cut

    @property
    def off_centre(self) -> bool:
        """Whether the cut is where an XML reader that centres it would not put it."""
        return not self.fade and self.before > 0 and self.after > 0 and self.before != (self.before + self.after) // 2


@dataclass(frozen=True)
class XmlTrack:
    """Items in sequence order; ``side`` is 1 or 2 for the left or right track of a stereo
    pair, 0 for a track of its own; ``source`` is the index of vedit's track."""

    kind: TrackKind
    items: tuple[XmlClip | XmlTransition, ...]
    enabled: bool
    source: int
    side: int = 0

    def clips(self) -> list[XmlClip]:
        return [item for item in self.items if isinstance(item, XmlClip)]


@dataclass(frozen=True)
class Shortened:
    """A transition the XML holds shorter than vedit plays it (its clips lack the handles)."""

    track: str
    cut: int
    frames: int
    kept: int


@dataclass(frozen=True)
class XmlLayout:
    rate: Rate
    exact: bool
    duration: int
    tracks: tuple[XmlTrack, ...]
    shortened: tuple[Shortened, ...] = field(default=())


@dataclass(frozen=True)
class _Window:
    """A transition as vedit plays it, in timeline frames."""

    kind: str
    range: FrameRange
    cut: int
    outgoing: Clip
    incoming: Clip


def sound_windows(timeline: Timeline, track: Track) -> list[_Window]:
    """The crossfades a sound track plays, as the render mixes them: its own transitions,
    else over a dissolve's frames where a clip linked to the incoming picture starts at its
    cut; never between two clips that continue one source (a split plays as one sound), and
    each within both clips and after the one before."""
    wanted = {w.incoming.id: w.range for w in track.transition_windows()}
    linked = {(item.link, rng.start): item.id for _, item, rng in track.ranges()
              if isinstance(item, Clip) and item.link is not None}
    for picture in timeline.tracks_of(TrackKind.VIDEO):
        for window in picture.transition_windows():
            if (window.incoming.link, window.cut) in linked:
                wanted.setdefault(linked[(window.incoming.link, window.cut)], window.range)
    windows: list[_Window] = []
    free_from = 0
    previous: tuple[Clip, FrameRange] | None = None
    for _, item, rng in track.ranges():
        if not (isinstance(item, Clip) and item.media.has_audio):
            previous = None
            continue
        window = wanted.get(item.id)
        if previous is not None and window is not None and previous[1].end_exclusive == rng.start \
                and not _continues(previous[0], item):
            start = max(window.start, previous[1].start, free_from)
            end = min(window.end_exclusive, rng.end_exclusive)
            if end > start:
                windows.append(_Window(DISSOLVE, FrameRange.from_bounds(start, end), rng.start, previous[0], item))
                free_from = end
        previous = (item, rng)
    return windows


def _continues(previous: Clip, clip: Clip) -> bool:
    return previous.media.path == clip.media.path and previous.source_range.end_exclusive == clip.source_range.start


def _picture_windows(track: Track) -> list[_Window]:
    return [_Window(w.transition.kind, w.range, w.cut, w.outgoing, w.incoming) for w in track.transition_windows()]


def xml_layout(timeline: Timeline, channels: Callable[[MediaReference], int | None]) -> XmlLayout:
    """``timeline`` as XML lays it out. ``channels`` says how many sound channels a source's
    file has (None: unknown, laid out as stereo). Raises :class:`ProjectError` where a
    recount leaves a clip shorter than a frame."""
    rate, exact = xml_rate(timeline.rate)
    counter = _Counter(timeline, rate)
    tracks: list[XmlTrack] = []
    for index, track in enumerate(timeline.tracks):
        if track.kind is TrackKind.VIDEO:
            items = counter.items(track, _picture_windows(track), index)
            tracks.append(XmlTrack(TrackKind.VIDEO, items, track.enabled, index))
            continue
        heard = [clip for clip in track.clips() if clip.media.has_audio]
        counts = {clip.media.path: channels(clip.media) for clip in heard}
        stereo = any(count is None or count >= 2 for count in counts.values())
        items = counter.items(track, sound_windows(timeline, track), index, sound_only=True)
        if not stereo:
            tracks.append(XmlTrack(TrackKind.AUDIO, _on_channel(items, counts, 1), track.enabled, index))
            continue
        for side in (1, 2):
            tracks.append(XmlTrack(TrackKind.AUDIO, _on_channel(items, counts, side), track.enabled, index, side))
    return XmlLayout(rate, exact, counter.at(timeline.duration), tuple(tracks), tuple(counter.shortened))


def _on_channel(
    items: tuple[XmlClip | XmlTransition, ...], counts: dict[str, int | None], side: int
) -> tuple[XmlClip | XmlTransition, ...]:
    """The items playing channel ``side`` of each clip's file (its only one, where mono)."""
    def channel(clip: Clip) -> int:
        return min(side, counts.get(clip.media.path) or 2)

    return tuple(item if isinstance(item, XmlTransition) else XmlClip(
        item.clip, item.start, item.end, item.source_in, channel(item.clip)) for item in items)


class _Counter:
    """Timeline frames to XML frames, boundaries rounded (not lengths) so items stay end to end."""

    def __init__(self, timeline: Timeline, rate: Rate) -> None:
        self.timeline = timeline
        self.rate = rate
        self.shortened: list[Shortened] = []

    def at(self, frames: int) -> int:
        return recount(frames, self.timeline.rate, self.rate)

    def items(
        self, track: Track, windows: list[_Window], index: int, sound_only: bool = False
    ) -> tuple[XmlClip | XmlTransition, ...]:
        placed: dict[str, tuple[XmlClip, FrameRange]] = {}
        for _, item, rng in track.ranges():
            if not isinstance(item, Clip) or (sound_only and not item.media.has_audio):
                continue
            start, end = self.at(rng.start), self.at(rng.end_exclusive)
            if end == start:
                raise ProjectError(
                    f"a clip of {rng.duration} frame(s) at {float(self.timeline.rate):.3f} fps is shorter than one "
                    f"frame of the XML's {float(self.rate):.3f} fps: Final Cut Pro XML cannot hold it")
            placed[item.id] = (XmlClip(item, start, end, self.at(item.source_range.start)), rng)
        clips = {clip_id: entry[0] for clip_id, entry in placed.items()}
        by_incoming = {w.incoming.id: self._transition(w, clips, index) for w in windows}
        crossed_in = {w.incoming.id for w in windows}
        crossed_out = {w.outgoing.id for w in windows}
        items: list[XmlClip | XmlTransition] = []
        for clip_id, (clip, rng) in placed.items():
            fade_in, fade_out = clip.clip.fades
            transition = by_incoming.get(clip_id)
            if transition is not None:
                items.append(transition)
            if fade_in and clip_id not in crossed_in:
                items.append(XmlTransition(DISSOLVE, clip.start, clip.start, self.at(rng.start + fade_in), True))
            items.append(clip)
            if fade_out and clip_id not in crossed_out:
                items.append(XmlTransition(DISSOLVE, self.at(rng.end_exclusive - fade_out), clip.end, clip.end, True))
        # A fade a recount leaves shorter than a frame is no fade.
        return tuple(item for item in items if item.end > item.start)

    def _transition(self, window: _Window, placed: dict[str, XmlClip], index: int) -> XmlTransition | None:
        """``window`` in XML frames, within the handles its two clips' files have."""
        outgoing, incoming = placed.get(window.outgoing.id), placed.get(window.incoming.id)
        if outgoing is None or incoming is None:
            return None
        cut = self.at(window.cut)
        before, after = cut - self.at(window.range.start), self.at(window.range.end_exclusive) - cut
        room_after = frames_at(outgoing.clip.media, self.rate) - outgoing.source_out
        kept_before, kept_after = min(before, incoming.source_in), max(0, min(after, room_after))
        if (kept_before, kept_after) != (before, after):
            label = self.timeline.track_label(index)
            self.shortened.append(Shortened(label, cut, before + after, kept_before + kept_after))
        if kept_before + kept_after == 0:
            return None
        return XmlTransition(window.kind, cut - kept_before, cut, cut + kept_after)
