"""Random edit sequences keep the timeline's invariants (review 2's property search).

Every step is an editor's gesture sent through :class:`History` as the editor sends it,
unlink and rolls (of clips and of gaps: the J and L cuts) included. After each step linked
picture and sound of one source stay in sync, every id is unique, each clip is on a track its
source can fill, no clip reaches past its source, and empty time is one gap."""

from __future__ import annotations

import itertools
import os
from collections import Counter
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vedit_gui.timeline import (
    CUT,
    AddSuggestions,
    Clip,
    ClipboardClips,
    DecideSuggestions,
    EditError,
    FrameRange,
    Gap,
    History,
    Insert,
    InsertMedia,
    Lift,
    MediaReference,
    Move,
    MoveToTrack,
    OverlayMedia,
    RemoveEmptyTracks,
    RippleDelete,
    Roll,
    SetLinks,
    Slip,
    Split,
    Suggestion,
    SuggestionStatus,
    Timeline,
    TrackKind,
    TrimIn,
    TrimOut,
    timeline_from_media,
)
from vedit_gui.timeline.model import frames_at

RATE = Fraction(30000, 1001)
SOURCE = MediaReference("shots/a.mp4", RATE, 300)
MEDIA = {
    "silent": MediaReference("shots/b.mp4", RATE, 120, has_audio=False),
    "pal": MediaReference("shots/pal.mp4", Fraction(25), 250),
    "music": MediaReference("shots/music.wav", Fraction(25), 100, has_video=False),
    "source": SOURCE,
}

_where = st.floats(0, 1)
_pick = st.integers(0, 60)
_rolls = (
    st.tuples(st.just("roll"), _pick, st.integers(-30, 30)),
    st.tuples(st.just("unlink"), _pick),
)
steps = st.one_of(
    *_rolls, *_rolls,  # twice as likely: the J and L cuts they make are what the edits must keep
    st.tuples(st.just("split"), _where),
    st.tuples(st.just("trim_in"), _pick, st.integers(-20, 20)),
    st.tuples(st.just("trim_out"), _pick, st.integers(-20, 20)),
    st.tuples(st.just("delete"), _pick),
    st.tuples(st.just("lift"), _pick),
    st.tuples(st.just("slip"), _pick, st.integers(-40, 40)),
    st.tuples(st.just("move"), _pick, _where),
    st.tuples(st.just("to_track"), _pick, st.integers(-1, 2), st.integers(-20, 40)),
    st.tuples(st.just("copy"), _pick, st.booleans()),
    st.tuples(st.just("paste"), st.floats(0, 1.1)),
    st.tuples(st.just("add"), st.floats(0, 1.2), st.sampled_from(sorted(MEDIA))),
    st.tuples(st.just("overlay"), st.floats(0, 1.2), st.sampled_from(sorted(MEDIA))),
    st.tuples(st.just("tidy")),
    st.tuples(st.just("accept_cut"), st.integers(1, 299)),
    st.tuples(st.just("undo")),
)


def starting(kind: str) -> Timeline:
    """A timeline to start from: one shot, three shots, or three shots under B-roll that has
    its own sound (V2 and A2), so short sequences reach cuts and laid-over footage."""
    timeline = timeline_from_media(SOURCE)
    if kind != "shot":
        timeline = Split(200).apply(Split(100).apply(timeline))
    if kind == "b-roll":
        timeline = OverlayMedia((MEDIA["pal"], MEDIA["silent"]), 50).apply(timeline)
    return timeline


class Editor:
    """A history and a clipboard, driven by the steps above."""

    def __init__(self, start: Timeline) -> None:
        self.history = History(start, clock=lambda: 0.0)
        self.clipboard: ClipboardClips | None = None

    def edits(self, step: tuple) -> list:  # noqa: C901 - one case a gesture
        timeline = self.history.timeline
        kind, *args = step
        items = [item for track in timeline.tracks for item in track.items]
        clips = [item for item in items if isinstance(item, Clip)]
        if not clips and kind not in ("add", "overlay", "undo"):
            return []

        def clip(i: int) -> str:
            return clips[i % len(clips)].id

        def at(where: float) -> int:
            return int(where * max(timeline.duration, 1))

        match kind:
            case "split":
                return [Split(at(args[0]))]
            case "trim_in":
                return [TrimIn(clip(args[0]), args[1])]
            case "trim_out":
                return [TrimOut(clip(args[0]), args[1])]
            case "delete":
                # A clip, or a gap (a click selects a gap; Delete closes it).
                return [RippleDelete((items[args[0] % len(items)].id,))]
            case "lift":
                return [Lift((clip(args[0]),))]
            case "roll":
                # Of a clip or of a gap (a Ctrl-drag of the in edge of a clip after a gap).
                return [Roll(items[args[0] % len(items)].id, args[1])]
            case "slip":
                return [Slip(clip(args[0]), args[1])]
            case "unlink":
                return [SetLinks((clip(args[0]),), linked=False)]
            case "move":
                return [Move(clip(args[0]), at(args[1]))]
            case "to_track":
                group = tuple(item.id for _, _, item in timeline.linked_items(clip(args[0])))
                return [MoveToTrack(group, args[1], args[2])]
            case "copy":
                chosen = clip(args[0])
                ids = [item.id for _, _, item in timeline.linked_items(chosen)] if args[1] else [chosen]
                self.clipboard = ClipboardClips.of(timeline, ids)
                return []
            case "paste":
                return [Insert(self.clipboard.fresh(), at(args[0]))] if self.clipboard else []
            case "add":
                return [InsertMedia((MEDIA[args[1]],), at(args[0]))]
            case "overlay":
                return [OverlayMedia((MEDIA[args[1]],), at(args[0]))]
            case "tidy":
                return [RemoveEmptyTracks()]
            case "accept_cut":
                cut = Suggestion(CUT, SOURCE.path, FrameRange(args[0] - 1, 2), 0.9, "test")
                return [AddSuggestions((cut,)), DecideSuggestions((cut.id,), SuggestionStatus.ACCEPTED)]
        raise AssertionError(kind)

    def step(self, step: tuple) -> None:
        if step[0] == "undo":
            if self.history.can_undo:
                self.history.undo()
            return
        edits = self.edits(step)
        if not edits:
            return
        before = self.history.timeline
        try:
            with self.history.transaction("step"):
                for edit in edits:
                    self.history.apply(edit)
        except EditError:
            assert self.history.timeline is before  # a refused edit changes nothing


def problems(timeline: Timeline) -> list[str]:
    found = []
    ids: Counter[str] = Counter()
    in_sync: dict[tuple[str, str], set[int]] = {}
    for index, track in enumerate(timeline.tracks):
        label = timeline.track_label(index)
        ids[track.id] += 1
        for _, item, rng in track.ranges():
            ids[item.id] += 1
            if item.duration <= 0:
                found.append(f"{label}: an item of {item.duration} frames")
            if isinstance(item, Gap):
                continue
            if not 0 <= item.source_range.start < item.source_range.end_exclusive <= frames_at(item.media, timeline.rate):
                found.append(f"{label}: {item.title} shows {item.source_range}, past its source")
            if not (item.media.has_video if track.kind is TrackKind.VIDEO else item.media.has_audio):
                found.append(f"{label}: {item.title} has nothing to play on a {track.kind} track")
            if item.link is not None:
                in_sync.setdefault((item.link, item.media.path), set()).add(rng.start - item.source_range.start)
        if track.items and isinstance(track.items[-1], Gap):
            found.append(f"{label}: a trailing gap")
        if any(isinstance(a, Gap) and isinstance(b, Gap) for a, b in itertools.pairwise(track.items)):
            found.append(f"{label}: two gaps side by side (closing one leaves the other)")
        ids.update(t.id for t in track.transitions)
    found += [f"id {item_id} {count} times" for item_id, count in ids.items() if count > 1]
    found += [f"linked {path} out of sync by {sorted(offsets)}" for (_, path), offsets in in_sync.items()
              if len(offsets) > 1]
    return found


@settings(max_examples=int(os.environ.get("EDIT_SEQUENCES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["shot", "shots", "b-roll"]), st.lists(steps, min_size=1, max_size=12))
def test_random_edits_keep_picture_and_sound_in_sync_and_ids_unique(start, gestures):
    editor = Editor(starting(start))
    for done, gesture in enumerate(gestures):
        editor.step(gesture)
        found = problems(editor.history.timeline)
        assert not found, (found, gestures[: done + 1])
