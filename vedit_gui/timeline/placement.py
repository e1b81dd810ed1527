"""Where suggestions show on a timeline, worked out once per source and kept across edits.

The editor places every suggestion after every edit: the lane draws them, the list sorts by
them, N / P / A look them up. On a documentary (20 sources, 11,000 suggestions) placing them
all again took a tenth of a second per edit. An edit leaves most sources as they were, or
only moves them along the timeline (a ripple delete before them): a source whose runs of
clips are the same keeps its answers, one whose runs all moved by the same number of frames
has them moved, and only the sources an edit reshaped are placed again, on demand.
"""

from __future__ import annotations

from .mapping import SourceMap
from .model import Timeline
from .time import FrameRange

Span = tuple[int, int]
"""Timeline frames, first and last + 1."""

_RECENT_LIMIT = 4  # an edit, its undo and redo, and the timeline before


class _SourceAnswers:
    """One source's answers, kept in the frames of the timeline they were first asked on:
    ``offset`` frames later on this one (the same dicts serve every timeline that only moved
    the source)."""

    __slots__ = ("frames", "offset", "spans")

    def __init__(self, spans: dict[Span, tuple[Span, ...]], frames: dict[int, tuple[int, ...]], offset: int) -> None:
        self.spans = spans
        self.frames = frames
        self.offset = offset


def _source_shapes(source_map: SourceMap) -> dict[str, tuple[tuple, tuple[int, ...]]]:
    """Per source path: (what its runs hold, where each run starts on the timeline). Two
    timelines whose runs of a source hold the same frames in the same order place it alike,
    up to a move when every start differs by the same frames."""
    held: dict[str, list[tuple]] = {}
    starts: dict[str, list[int]] = {}
    for _track, media, timeline_start, source_start, frames in source_map.layout:
        held.setdefault(media.path, []).append((media.rate, media.duration, source_start, frames))
        starts.setdefault(media.path, []).append(timeline_start)
    return {path: (tuple(held[path]), tuple(starts[path])) for path in held}


class SuggestionPlaces:
    """A :class:`SourceMap` whose answers are remembered, and taken over from ``previous``
    (the timeline before an edit) for each source the edit left alone or only moved.

    Answers are tuples: the same one may be handed out many times."""

    def __init__(self, timeline: Timeline, previous: SuggestionPlaces | None = None) -> None:
        self.timeline = timeline
        self._map = SourceMap(timeline)
        self._shapes = _source_shapes(self._map)
        self._answers: dict[str, _SourceAnswers] = {}
        same_rate = previous is not None and previous.timeline.rate == timeline.rate
        for path, (held, starts) in self._shapes.items():
            before = previous._shapes.get(path) if previous is not None and same_rate else None
            if before is not None and before[0] == held:
                moved = starts[0] - before[1][0]
                if all(now - then == moved for now, then in zip(starts, before[1], strict=True)):
                    kept = previous._for(path)  # type: ignore[union-attr] - before is not None
                    self._answers[path] = _SourceAnswers(kept.spans, kept.frames, kept.offset + moved)
                    continue
            self._answers[path] = _SourceAnswers({}, {}, 0)

    def moves_since(self, other: SuggestionPlaces) -> dict[str, int | None]:
        """By source path (of either timeline), how many frames its places moved since
        ``other`` (0: none), or None where it is placed anew (its clips changed)."""
        moves: dict[str, int | None] = {}
        for path in self._shapes.keys() | other._shapes.keys():
            mine, theirs = self._answers.get(path), other._answers.get(path)
            same = mine is not None and theirs is not None and mine.spans is theirs.spans
            moves[path] = mine.offset - theirs.offset if same else None  # type: ignore[union-attr]
        return moves

    def _for(self, path: str) -> _SourceAnswers:
        answers = self._answers.get(path)
        if answers is None:  # a source the timeline does not use: no places, asked again and again
            answers = self._answers[path] = _SourceAnswers({}, {}, 0)
        return answers

    def spans_for(self, path: str, source_range: FrameRange) -> tuple[Span, ...]:
        """:meth:`SourceMap.ranges_for` as (first, last + 1) pairs of timeline frames."""
        answers = self._for(path)
        key = (source_range.start, source_range.duration)
        found = answers.spans.get(key)
        offset = answers.offset
        if found is None:
            found = answers.spans[key] = tuple(
                (start - offset, end - offset) for start, end in self._map.spans_for(path, source_range)
            )
        return found if not offset else tuple((start + offset, end + offset) for start, end in found)

    def ranges_for(self, path: str, source_range: FrameRange) -> tuple[FrameRange, ...]:
        """The timeline ranges (sorted, merged) that show any frame of ``source_range``."""
        return tuple(FrameRange(start, end - start) for start, end in self.spans_for(path, source_range))

    def frames_for(self, path: str, source_frame: int) -> tuple[int, ...]:
        """Every timeline frame (sorted, no repeats) that shows ``source_frame`` of ``path``."""
        answers = self._for(path)
        found = answers.frames.get(source_frame)
        offset = answers.offset
        if found is None:
            found = answers.frames[source_frame] = tuple(f - offset for f in self._map.frames_for(path, source_frame))
        return found if not offset else tuple(f + offset for f in found)


_recent: list[SuggestionPlaces] = []


def suggestion_places(timeline: Timeline) -> SuggestionPlaces:
    """The places of ``timeline``'s suggestions, shared by everything that asks on the GUI
    thread (the lane, the list, N / P / A): built from the latest timeline asked about, and
    kept for the last few, so an undo or redo finds them ready."""
    for places in _recent:
        if places.timeline.tracks is timeline.tracks and places.timeline.rate == timeline.rate:
            return places
    places = SuggestionPlaces(timeline, _recent[0] if _recent else None)
    _recent.insert(0, places)
    del _recent[_RECENT_LIMIT:]
    return places
