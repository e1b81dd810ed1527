"""Where a source frame appears on the timeline: the map from a source's frames to timeline frames.

Suggestions live on source frames so they survive edits; to draw one, the editor needs the
timeline frames that show it. A source frame can appear several times (a shot used twice),
once (the usual case) or not at all (trimmed away). ``Clip.source_range`` counts frames at the
timeline's rate; a source at another rate is mapped through seconds, as the render does.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Sequence
from fractions import Fraction
from functools import cached_property

from .model import Clip, Timeline, TrackKind
from .time import FrameRange, seconds_to_frame


def clip_source_frame(clip: Clip, offset: int, timeline_rate: Fraction) -> int:
    """The frame on the source's own grid shown ``offset`` frames into ``clip``."""
    frame = clip.source_frame(offset)
    if clip.media.rate != timeline_rate:
        frame = seconds_to_frame(Fraction(frame) / timeline_rate, clip.media.rate)
    return max(0, min(frame, clip.media.duration - 1))


def clip_source_span(clip: Clip, timeline_rate: Fraction) -> FrameRange:
    """The source frames ``clip`` shows, first to last."""
    first = clip_source_frame(clip, 0, timeline_rate)
    last = clip_source_frame(clip, max(0, clip.duration - 1), timeline_rate)
    return FrameRange.from_bounds(first, last + 1)


def picture_clips(timeline: Timeline, item_ids: Sequence[str]) -> list[Clip]:
    """Those of ``item_ids`` that are clips on picture tracks, in their order."""
    clips = []
    for item_id in item_ids:
        found = timeline.find_item(item_id)
        if found is not None and isinstance(found[2], Clip) and timeline.tracks[found[0]].kind is TrackKind.VIDEO:
            clips.append(found[2])
    return clips


def first_picture_clip(timeline: Timeline, item_ids: list[str]) -> Clip | None:
    """The first of ``item_ids`` that is a clip on a picture track, if any."""
    return next(iter(picture_clips(timeline, item_ids)), None)


def _offsets_showing(clip: Clip, source_frame: int, timeline_rate: Fraction) -> range:
    """The offsets into ``clip`` (possibly none) whose picture is ``source_frame``."""
    rate = clip.media.rate
    if rate == timeline_rate:
        first = source_frame - clip.source_range.start
        return range(max(first, 0), min(first + 1, clip.duration))
    # Timeline-rate positions u show floor(u * rate / timeline_rate); check a frame either
    # side of the exact bounds, because seconds_to_frame snaps near-boundary values.
    low = math.floor(Fraction(source_frame) * timeline_rate / rate) - 1
    high = math.ceil(Fraction(source_frame + 1) * timeline_rate / rate) + 1
    start = clip.source_range.start
    offsets = [
        u - start
        for u in range(max(low, start), min(high, clip.source_range.end_exclusive))
        if clip_source_frame(clip, u - start, timeline_rate) == source_frame
    ]
    return range(offsets[0], offsets[-1] + 1) if offsets else range(0)


def source_layout(timeline: Timeline) -> tuple[tuple, ...]:
    """Which source frames show where, as runs of clips that continue one another, each
    ``(track index, media, timeline start, source start, frames)``: equal layouts place every
    source frame alike (a split or its undo changes the clips, not this), so look-ups made
    on one serve the other."""
    runs: list[list] = []
    for track_index, track in enumerate(timeline.tracks):
        start = 0
        for item in track.items:
            if isinstance(item, Clip):
                frames = item.source_range.duration
                if frames > 0:
                    source_start = item.source_range.start
                    previous = runs[-1] if runs else None
                    if previous is not None and previous[0] == track_index and previous[2] + previous[4] == start \
                            and previous[3] + previous[4] == source_start \
                            and (previous[1] is item.media or previous[1] == item.media):
                        previous[4] += frames  # a clip cut in two shows the same frames
                    else:
                        runs.append([track_index, item.media, start, source_start, frames])
                start += frames
            else:
                start += item.duration
    return tuple(tuple(run) for run in runs)


class SourceMap:
    """Where each source's frames sit on one timeline, built once for many look-ups (a view
    places hundreds of suggestions after every edit). The index is made on the first look-up."""

    def __init__(self, timeline: Timeline) -> None:
        self.rate = timeline.rate
        self._timeline = timeline
        self._by_path: dict[str, _Placements] = {}

    @cached_property
    def layout(self) -> tuple[tuple, ...]:
        """The timeline's :func:`source_layout`."""
        return source_layout(self._timeline)

    @cached_property
    def _clips(self) -> dict[str, list[tuple[int, Clip]]]:
        """Each source's clips, with the timeline frame each starts at."""
        clips: dict[str, list[tuple[int, Clip]]] = {}
        for track in self._timeline.tracks:
            start = 0
            for item in track.items:
                if isinstance(item, Clip) and item.duration > 0:
                    clips.setdefault(item.media.path, []).append((start, item))
                start += item.duration
        return clips

    def _placements(self, path: str) -> _Placements:
        """``path``'s clips by first source frame. Made on the first look-up of the source: an
        edit that reshaped one source of twenty has the others' answers already."""
        found = self._by_path.get(path)
        if found is None:
            found = self._by_path[path] = _Placements(self._clips.get(path, ()), self.rate)
        return found

    def _overlapping(self, path: str, start: int, end: int) -> list[tuple[int, int, int, Clip, bool]]:
        placements = self._placements(path)
        entries, reach = placements.entries, placements.reach
        found = []
        index = bisect.bisect_left(placements.firsts, end) - 1
        while index >= 0 and reach[index] > start:
            if entries[index][1] > start:
                found.append(entries[index])
            index -= 1
        found.reverse()
        return found

    def frames_for(self, path: str, source_frame: int) -> list[int]:
        """Every timeline frame (sorted, no repeats) that shows ``source_frame`` of ``path``."""
        frames: set[int] = set()
        for _, _, timeline_start, clip, same_rate in self._overlapping(path, source_frame, source_frame + 1):
            if same_rate:  # the frame itself, if the clip holds it
                offset = source_frame - clip.source_range.start
                if 0 <= offset < clip.duration:
                    frames.add(timeline_start + offset)
            else:
                frames.update(timeline_start + o for o in _offsets_showing(clip, source_frame, self.rate))
        return sorted(frames)

    def spans_for(self, path: str, source_range: FrameRange) -> list[tuple[int, int]]:
        """:meth:`ranges_for` as (first, last + 1) pairs of timeline frames."""
        first, end = source_range.start, source_range.start + max(1, source_range.duration)
        found: list[tuple[int, int]] = []
        for _, _, timeline_start, clip, same_rate in self._overlapping(path, first, end):
            if same_rate:
                start = max(0, first - clip.source_range.start)
                stop = min(clip.duration, end - clip.source_range.start)
            else:
                # Source frames rise with the offset, so the range is bounded by two searches.
                start = _first_offset_at_or_after(clip, first, self.rate)
                stop = _first_offset_at_or_after(clip, end, self.rate)
            if stop > start:
                found.append((timeline_start + start, timeline_start + stop))
        if len(found) < 2:
            return found
        found.sort()
        merged = [found[0]]
        for start, stop in found[1:]:
            if start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
            else:
                merged.append((start, stop))
        return merged

    def ranges_for(self, path: str, source_range: FrameRange) -> list[FrameRange]:
        """The timeline ranges (sorted, merged) that show any frame of ``source_range``.

        An empty range (a point, such as a cut between two frames) counts as its start frame.
        """
        return [FrameRange(start, stop - start) for start, stop in self.spans_for(path, source_range)]


class _Placements:
    """One source's clips on a timeline, as ``entries`` (first source frame, last + 1,
    timeline start, clip, at the timeline's rate) sorted by first source frame, their
    ``firsts`` to search, and the furthest source frame reached by each entry or one before
    it: a look-up walks back from its end only while something earlier can still reach its
    start."""

    def __init__(self, clips: list[tuple[int, Clip]], rate: Fraction) -> None:
        self.entries = sorted(
            ((clip_source_frame(clip, 0, rate), clip_source_frame(clip, clip.duration - 1, rate) + 1, start, clip,
              clip.media.rate == rate) for start, clip in clips),
            key=lambda entry: entry[0],
        )
        self.firsts = [entry[0] for entry in self.entries]
        self.reach = list(itertools.accumulate((entry[1] for entry in self.entries), max))


def picture_seen_at(timeline: Timeline, frame: int) -> tuple[Clip, int] | None:
    """The clip whose picture plays at timeline ``frame`` (the top picture track that is not
    hidden and has a clip there) and the source frame it shows; None over black."""
    for track in reversed(timeline.playing_tracks_of(TrackKind.VIDEO)):
        found = track.item_at(frame)
        if found is not None and isinstance(found[1], Clip):
            return found[1], clip_source_frame(found[1], frame - found[2].start, timeline.rate)
    return None


def timeline_frames_for_source(timeline: Timeline, path: str, source_frame: int) -> list[int]:
    """Every timeline frame (sorted, no repeats) that shows ``source_frame`` of ``path``."""
    return SourceMap(timeline).frames_for(path, source_frame)


def timeline_ranges_for_source(
    timeline: Timeline, path: str, source_range: FrameRange
) -> list[FrameRange]:
    """The timeline ranges (sorted, merged) that show any frame of ``source_range`` of ``path``.

    An empty range (a point, such as a cut between two frames) counts as its start frame.
    """
    return SourceMap(timeline).ranges_for(path, source_range)


def _first_offset_at_or_after(clip: Clip, source_frame: int, timeline_rate: Fraction) -> int:
    """The first offset into ``clip`` whose source frame is at or after ``source_frame``
    (``clip.duration`` when there is none)."""
    low, high = 0, clip.duration
    while low < high:
        middle = (low + high) // 2
        if clip_source_frame(clip, middle, timeline_rate) >= source_frame:
            high = middle
        else:
            low = middle + 1
    return low


def merged_ranges(ranges: list[FrameRange]) -> list[FrameRange]:
    """``ranges`` sorted, with those that overlap or touch joined."""
    merged: list[FrameRange] = []
    for rng in sorted(ranges):
        if merged and rng.start <= merged[-1].end_exclusive:
            last = merged[-1]
            merged[-1] = FrameRange.from_bounds(last.start, max(last.end_exclusive, rng.end_exclusive))
        else:
            merged.append(rng)
    return merged
