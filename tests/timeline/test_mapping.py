"""Source frames to timeline frames: where a suggestion on a source shows on the timeline."""

from __future__ import annotations

import contextlib
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vedit_gui.timeline import (
    Clip,
    EditError,
    FrameRange,
    Gap,
    MediaReference,
    Move,
    Split,
    Timeline,
    Track,
    TrackKind,
    TrimIn,
    timeline_from_media,
)
from vedit_gui.timeline.mapping import (
    SourceMap,
    clip_source_frame,
    timeline_frames_for_source,
    timeline_ranges_for_source,
)

RATE = Fraction(30000, 1001)
A = MediaReference("a.mp4", RATE, 100)
B = MediaReference("b.mp4", RATE, 50)


def test_a_whole_source_maps_frame_for_frame():
    timeline = timeline_from_media(A)
    assert timeline_frames_for_source(timeline, "a.mp4", 0) == [0]
    assert timeline_frames_for_source(timeline, "a.mp4", 99) == [99]
    assert timeline_frames_for_source(timeline, "a.mp4", 100) == []
    assert timeline_frames_for_source(timeline, "b.mp4", 5) == []


def test_trimmed_and_moved_frames_follow_the_clip():
    timeline = timeline_from_media(A)
    timeline = TrimIn(timeline.tracks[0].items[0].id, 10).apply(timeline)
    assert timeline_frames_for_source(timeline, "a.mp4", 5) == []
    assert timeline_frames_for_source(timeline, "a.mp4", 10) == [0]
    split = Split(30).apply(timeline)
    second = split.tracks[0].items[1]
    moved = Move(second.id, 0).apply(split)
    # Source 40 was at timeline 30; the second half now opens the timeline.
    assert timeline_frames_for_source(moved, "a.mp4", 40) == [0]
    assert timeline_frames_for_source(moved, "a.mp4", 10) == [60]


def test_a_frame_used_twice_appears_twice_and_gaps_shift_it():
    track = Track(
        TrackKind.VIDEO,
        (
            Clip(A, FrameRange(0, 20)),
            Gap(5),
            Clip(B, FrameRange(0, 10)),
            Clip(A, FrameRange(10, 20)),
        ),
    )
    timeline = Timeline(RATE, (track,))
    assert timeline_frames_for_source(timeline, "a.mp4", 12) == [12, 37]
    assert timeline_frames_for_source(timeline, "b.mp4", 3) == [28]


def test_linked_tracks_do_not_repeat_frames():
    timeline = timeline_from_media(A)
    assert len(timeline.tracks) == 2
    assert timeline_frames_for_source(timeline, "a.mp4", 7) == [7]
    assert timeline_ranges_for_source(timeline, "a.mp4", FrameRange(5, 10)) == [FrameRange(5, 10)]


def test_ranges_are_clipped_to_what_is_on_the_timeline_and_merged():
    track = Track(
        TrackKind.VIDEO,
        (Clip(A, FrameRange(0, 20)), Clip(A, FrameRange(20, 10)), Gap(5), Clip(A, FrameRange(50, 10))),
    )
    timeline = Timeline(RATE, (track,))
    # Two adjacent clips of contiguous source merge into one range; source 30..49 is unused.
    assert timeline_ranges_for_source(timeline, "a.mp4", FrameRange(15, 40)) == [
        FrameRange(15, 15),
        FrameRange(35, 5),
    ]
    assert timeline_ranges_for_source(timeline, "a.mp4", FrameRange(30, 20)) == []


def test_a_point_range_counts_as_its_start_frame():
    timeline = timeline_from_media(A)
    assert timeline_ranges_for_source(timeline, "a.mp4", FrameRange(40, 0)) == [FrameRange(40, 1)]


@pytest.mark.parametrize(
    ("source_rate", "source_frame", "expected"),
    [
        # A 25 fps source on a 30000/1001 timeline: each source frame spans 1 or 2 timeline frames.
        (Fraction(25), 0, [0, 1]),
        (Fraction(25), 5, [6, 7]),
        # A 60 fps source: every other source frame is never shown.
        (Fraction(60), 2, [1]),
        (Fraction(60), 3, []),
    ],
    ids=["25fps-first", "25fps-fifth", "60fps-shown", "60fps-skipped"],
)
def test_sources_at_another_rate_map_through_seconds(source_rate, source_frame, expected):
    media = MediaReference("c.mp4", source_rate, 500)
    clip = Clip(media, FrameRange(0, 100))
    timeline = Timeline(RATE, (Track(TrackKind.VIDEO, (clip,)),))
    frames = timeline_frames_for_source(timeline, "c.mp4", source_frame)
    assert frames == expected
    assert all(clip_source_frame(clip, t, RATE) == source_frame for t in frames)


def brute_force_ranges(timeline: Timeline, path: str, wanted: FrameRange) -> list[FrameRange]:
    """Timeline ranges showing ``wanted``, frame by frame (the definition)."""
    frames = sorted(
        {
            rng.start + offset
            for track in timeline.tracks
            for _, item, rng in track.ranges()
            if isinstance(item, Clip) and item.media.path == path
            for offset in range(item.duration)
            if wanted.start <= clip_source_frame(item, offset, timeline.rate) < wanted.end_exclusive
        }
    )
    ranges: list[FrameRange] = []
    for frame in frames:
        if ranges and ranges[-1].end_exclusive == frame:
            ranges[-1] = FrameRange(ranges[-1].start, ranges[-1].duration + 1)
        else:
            ranges.append(FrameRange(frame, 1))
    return ranges


def test_the_source_map_agrees_with_the_frame_by_frame_definition():
    slow = MediaReference("slow.mp4", Fraction(25), 300)
    track = Track(
        TrackKind.VIDEO,
        (
            Clip(A, FrameRange(40, 30)),
            Clip(slow, FrameRange(10, 50)),
            Gap(7),
            Clip(A, FrameRange(0, 55)),
            Clip(slow, FrameRange(100, 20)),
        ),
    )
    timeline = Timeline(RATE, (track, Track(TrackKind.AUDIO, (Gap(3), Clip(A, FrameRange(45, 20))))))
    source_map = SourceMap(timeline)
    for path in ("a.mp4", "slow.mp4"):
        for start in range(0, 120, 7):
            for duration in (1, 4, 25):
                wanted = FrameRange(start, duration)
                assert source_map.ranges_for(path, wanted) == brute_force_ranges(timeline, path, wanted), (path, wanted)
            frames = [r.start + i for r in brute_force_ranges(timeline, path, FrameRange(start, 1)) for i in range(r.duration)]
            assert source_map.frames_for(path, start) == frames


@settings(max_examples=80, deadline=None)
@given(
    rate=st.sampled_from([RATE, Fraction(25)]),
    cuts=st.lists(st.integers(1, 99), max_size=5),
    blades=st.lists(st.integers(1, 99), min_size=1, max_size=5),
    ranges=st.lists(st.tuples(st.integers(0, 99), st.integers(0, 30)), min_size=1, max_size=8),
)
@example(rate=Fraction(25), cuts=[84, 85], blades=[1], ranges=[(0, 0)])
def test_splitting_keeps_the_layout_and_every_placement(rate, cuts, blades, ranges):
    """A view reuses placements while the layout holds: blades must not change either."""
    # At 25 fps the source maps through seconds: its 100 frames at 29.97 last 83 frames here
    # (a clip of 100 would run past the source's end, which moving it rightly refuses).
    whole = FrameRange(0, int(A.duration / A.rate * rate))
    timeline = Timeline(rate, (Track(TrackKind.VIDEO, (Clip(A, whole),)),))
    for frame in cuts:
        with contextlib.suppress(EditError):
            timeline = Split(frame).apply(timeline)
    if len(timeline.tracks[0].items) > 2:  # something that moves frames: the first shot to the end
        first = timeline.tracks[0].items[0]
        moved = Move(first.id, timeline.duration).apply(timeline)
        assert SourceMap(moved).layout != SourceMap(timeline).layout
    split = timeline
    for frame in blades:
        with contextlib.suppress(EditError):
            split = Split(frame).apply(split)
    before, after = SourceMap(timeline), SourceMap(split)
    assert after.layout == before.layout
    for start, length in ranges:
        wanted = FrameRange(start, length)
        assert after.ranges_for(A.path, wanted) == before.ranges_for(A.path, wanted)
        assert after.frames_for(A.path, start) == before.frames_for(A.path, start)


def test_the_picture_seen_at_a_frame_is_the_top_track_that_is_not_hidden():
    from vedit_gui.timeline import OverlayMedia, SetTrackEnabled
    from vedit_gui.timeline.mapping import picture_seen_at

    interview = MediaReference("/media/talk.mp4", Fraction(25), 250)
    broll = MediaReference("/media/broll.mp4", Fraction(50), 100, has_audio=False)  # 50 fps: mapped through seconds
    tl = OverlayMedia((broll,), 100).apply(timeline_from_media(interview))
    clip, source = picture_seen_at(tl, 110)
    assert clip.media is broll and source == 20  # 10 frames at 25 fps into a 50 fps source
    assert picture_seen_at(tl, 90)[0].media is interview and picture_seen_at(tl, 90)[1] == 90
    hidden = SetTrackEnabled((tl.tracks[1].id,), False).apply(tl)
    assert picture_seen_at(hidden, 110)[0].media is interview
    assert picture_seen_at(tl, 400) is None  # past the end: black
