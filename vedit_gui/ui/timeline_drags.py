"""Mouse gestures on the timeline as objects: begin on press, preview on move, finish on
release (giving the edit to apply, if any), cancel on Escape.

A drag never changes the timeline: it reads the timeline it began on and, when it finishes,
hands back a ready ``TrimIn``/``TrimOut``/``Move``/``MoveToTrack``/``ResizeTransition`` edit value for the window to apply
through the session's history. Positions are timeline frames; snapping happens in whole
frames, to the targets the view passes in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..timeline import (
    Clip,
    Edit,
    EditError,
    FrameRange,
    Item,
    Move,
    MoveToTrack,
    ResizeTransition,
    RippleDelete,
    Roll,
    Timeline,
    TrackKind,
    TransitionWindow,
    TrimIn,
    TrimOut,
)
from ..timeline.edits import available_duration, first_tracks, linked_group, transition_limits
from .timeline_scale import snap

# A gap's out edge has no source to run out of.
_UNBOUNDED = 10**12


@dataclass(frozen=True)
class DragPreview:
    """What the view draws while a drag runs: the item's would-be range, where it snapped."""

    item_id: str
    track_indexes: tuple[int, ...]
    range: FrameRange
    snapped_to: int | None = None
    insert_at: int | None = None  # a move's insertion point
    label: str = ""  # said beside the insertion point (what a drop of files will do)


class TrimDrag:
    """Dragging an item's in (``side="in"``) or out (``side="out"``) edge: a ripple trim."""

    def __init__(
        self, timeline: Timeline, item_id: str, side: str, targets: Sequence[int], tolerance: float
    ) -> None:
        if side not in ("in", "out"):
            raise ValueError(f"a clip has an 'in' and an 'out' edge, not {side!r}")
        group, found = linked_group(timeline, item_id)
        self.item_id = item_id
        self.side = side
        self.original = found
        self.track_indexes = tuple(sorted({t for t, _, _ in group}))
        self._targets = list(targets)
        self._tolerance = tolerance
        self.low, self.high = self._limits(timeline, [i for _, _, i in group], found)
        self.edge = found.start if side == "in" else found.end_exclusive
        self.snapped_to: int | None = None

    @staticmethod
    def _limits(timeline: Timeline, items: list[Item], rng: FrameRange) -> tuple[int, int]:
        """The furthest the in edge may go left and the out edge right: as far as every
        linked clip's source reaches (a gap stretches without end)."""
        clips = [i for i in items if isinstance(i, Clip)]
        low_in = rng.start - min((c.source_range.start for c in clips), default=rng.start)
        high_out = rng.start + min(
            (available_duration(c, timeline) - c.source_range.start for c in clips),
            default=_UNBOUNDED,
        )
        return low_in, high_out

    def update(self, frame: int, use_snap: bool = True) -> None:
        if use_snap:
            frame, self.snapped_to = snap(frame, self._targets, self._tolerance)
        else:
            self.snapped_to = None
        low, high = self._edge_bounds()
        if frame < low or frame > high:
            self.snapped_to = None
        self.edge = max(low, min(frame, high))

    def _edge_bounds(self) -> tuple[int, int]:
        """Where the dragged edge may be: at least one frame of the item stays."""
        if self.side == "in":
            return self.low, self.original.end_exclusive - 1
        return self.original.start + 1, self.high

    @property
    def delta(self) -> int:
        return self.edge - (self.original.start if self.side == "in" else self.original.end_exclusive)

    def preview(self) -> DragPreview:
        if self.side == "in":
            rng = FrameRange.from_bounds(self.edge, self.original.end_exclusive)
        else:
            rng = FrameRange.from_bounds(self.original.start, self.edge)
        return DragPreview(self.item_id, self.track_indexes, rng, self.snapped_to)

    def finish(self) -> Edit | None:
        if self.delta == 0:
            return None
        return TrimIn(self.item_id, self.delta) if self.side == "in" else TrimOut(self.item_id, self.delta)


class RollDrag(TrimDrag):
    """Ctrl-dragging a cut: the clip before it ends later or earlier and the one after it
    starts there too (a roll edit; the edit keeps its length). The cut stays inside both
    clips; :class:`~vedit_gui.timeline.edits.Roll` keeps it within their handles."""

    def __init__(self, timeline: Timeline, item_id: str, targets: Sequence[int], tolerance: float) -> None:
        super().__init__(timeline, item_id, "out", targets, tolerance)
        roll = Roll(item_id, 0)
        try:
            low, high = roll.limits(timeline)
            self.track_indexes = tuple(sorted({t for t, _, _ in roll.rolled(timeline)}))
        except EditError:  # no cut to roll on a linked track: the release says so
            low, high = 0, 0
        # Where the cut may go, as the edit will keep it: what the drag shows is what it does.
        self._bounds = self.original.end_exclusive + low, self.original.end_exclusive + high

    def _edge_bounds(self) -> tuple[int, int]:
        return self._bounds

    def finish(self) -> Edit | None:
        return Roll(self.item_id, self.delta) if self.delta else None


class MoveDrag:
    """Dragging an item (with its linked clips) to another place. Along the edit's own tracks
    (V1, A1): a ripple reorder. Along tracks laid over the edit (B-roll, music), or onto another
    track of its kind: laid where it is dropped, covering what is there (``MoveToTrack``), its
    linked clips going as many tracks the mirrored way."""

    def __init__(
        self,
        timeline: Timeline,
        item_id: str,
        grab_frame: int,
        targets: Sequence[int],
        tolerance: float,
    ) -> None:
        group, found = linked_group(timeline, item_id)
        self.item_id = item_id
        self.original = found
        self.track_indexes = tuple(sorted({t for t, _, _ in group}))
        self._timeline = timeline
        self._clip_ids = tuple(item.id for _, _, item in group if isinstance(item, Clip))
        self._group_tracks = [t for t, _, _ in group]
        self._kinds = [track.kind for track in timeline.tracks]
        self._grabbed = next(t for t, _, item in group if item.id == item_id)
        # Clips laid over the edit sit among gaps: a drag along their track places them.
        self._overlay = not set(self.track_indexes) & first_tracks(timeline)
        self.steps = 0  # tracks on (of the grabbed item's kind) where the drag now is
        self.refusal: str | None = None  # why a drop onto that track would be refused
        self._refusals: dict[int, str | None] = {0: None}  # by steps: tried once per track
        self._grab_offset = grab_frame - found.start
        self._targets = list(targets)
        self._tolerance = tolerance
        self._end = timeline.duration
        self.start = found.start
        self.snapped_to: int | None = None
        # What taking the shot out closes up: its length, or for a J or L cut the frames its
        # picture and sound share (RippleDelete leaves the overhang as a gap).
        try:
            self._closed = timeline.duration - RippleDelete((item_id,)).apply(timeline).duration
        except EditError:
            self._closed = found.duration

    def _numbered(self, kind: TrackKind) -> list[int]:
        return [i for i, k in enumerate(self._kinds) if k is kind]

    def over_track(self, track: int | TrackKind | None) -> None:
        """The pointer is over track index ``track``, or past the last track of kind ``track``
        (a new one), or over no track (None). A track of the grabbed item's kind makes the drag
        a move there; anywhere else keeps it on its own track."""
        kind = self._kinds[self._grabbed]
        self.steps = 0
        numbered = self._numbered(kind)
        if track is kind:
            self.steps = len(numbered) - numbered.index(self._grabbed)  # a new last track
        elif isinstance(track, int) and self._kinds[track] is kind:
            self.steps = numbered.index(track) - numbered.index(self._grabbed)
        if self.steps not in self._refusals:
            try:
                MoveToTrack(self._clip_ids, steps=self.steps).apply(self._timeline)
                self._refusals[self.steps] = None
            except EditError as refused:
                self._refusals[self.steps] = str(refused)
        self.refusal = self._refusals[self.steps]

    @property
    def target_track(self) -> str:
        """The grabbed item's track as the drag stands, as the headers name it (V2, A1; "V3,
        a new track" past the last)."""
        kind = self._kinds[self._grabbed]
        numbered = self._numbered(kind)
        number = numbered.index(self._grabbed) + self.steps
        if number < len(numbered):
            return self._timeline.track_label(numbered[number])
        return f"{'V' if kind is TrackKind.VIDEO else 'A'}{number + 1}, a new track"

    def update(self, frame: int, use_snap: bool = True) -> None:
        start = frame - self._grab_offset
        self.snapped_to = None
        if use_snap:
            # Either edge of the item may meet a target; the nearer one wins.
            by_start, hit_start = snap(start, self._targets, self._tolerance)
            by_end, hit_end = snap(start + self.original.duration, self._targets, self._tolerance)
            if hit_start is not None and (
                hit_end is None or abs(by_start - start) <= abs(by_end - self.original.duration - start)
            ):
                start, self.snapped_to = by_start, hit_start
            elif hit_end is not None:
                start, self.snapped_to = by_end - self.original.duration, hit_end
        self.start = max(0, min(start, self._end))

    @property
    def target_frame(self) -> int:
        """``Move.frame``: the insertion point read on the timeline without the item."""
        a, b = self.original.start, self.original.end_exclusive
        if self.start <= a:
            return self.start
        if self.start >= b:
            return self.start - self._closed
        return a

    def preview(self) -> DragPreview:
        rng = FrameRange(self.start, self.original.duration)
        if self.refusal:
            return DragPreview(self.item_id, (), rng)  # no ghost: the drop would be refused
        if self.lays:
            # Drawn on the tracks it lands on that exist (a new one appears on release).
            landing = []
            for t in self._group_tracks:
                numbered = self._numbered(self._kinds[t])
                number = numbered.index(t) + self.steps
                if 0 <= number < len(numbered):
                    landing.append(numbered[number])
            return DragPreview(self.item_id, tuple(sorted(landing)), rng, self.snapped_to)
        return DragPreview(self.item_id, self.track_indexes, rng, self.snapped_to, insert_at=self.start)

    @property
    def lays(self) -> bool:
        """Whether the drop lays the clips where they are dropped (not a ripple reorder)."""
        return bool(self.steps) or self._overlay

    def finish(self) -> Edit | None:
        offset = self.start - self.original.start
        if self.lays:
            return MoveToTrack(self._clip_ids, steps=self.steps, offset=offset) if self.steps or offset else None
        if self.target_frame == self.original.start:
            return None
        return Move(self.item_id, self.target_frame)


class TransitionDrag:
    """Dragging a dissolve's start (``side="in"``) or end (``side="out"``): its length on that
    side of the cut, within the clips' handles; the cut itself stays."""

    def __init__(self, timeline: Timeline, track_index: int, window: TransitionWindow, side: str) -> None:
        if side not in ("in", "out"):
            raise ValueError(f"a dissolve has an 'in' and an 'out' edge, not {side!r}")
        self.window = window
        self.side = side
        self.track_indexes = (track_index,)
        self.most_before, self.most_after = transition_limits(timeline, window.outgoing, window.incoming)
        self.before = window.cut - window.range.start
        self.after = window.range.end_exclusive - window.cut

    def update(self, frame: int, use_snap: bool = True) -> None:
        # One side may shrink to the cut while the other still mixes a frame.
        if self.side == "in":
            self.before = max(0 if self.after else 1, min(self.window.cut - frame, self.most_before))
        else:
            self.after = max(0 if self.before else 1, min(frame - self.window.cut, self.most_after))

    @property
    def range(self) -> FrameRange:
        return FrameRange(self.window.cut - self.before, self.before + self.after)

    def preview(self) -> DragPreview:
        return DragPreview(self.window.transition.id, self.track_indexes, self.range)

    def finish(self) -> Edit | None:
        if self.range == self.window.range:
            return None
        return ResizeTransition(self.window.transition.id, self.before, self.after)
