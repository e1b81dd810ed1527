"""Dissolves in the timeline's picture: the segment plan, the mix weights, and the pixels of
the preview (``frames``, ``frame_at``, ``scrub_frame_at``), the encoder's frames and the export."""

from __future__ import annotations

import shutil
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from mediagen import read_index
from render_helpers import NTSC, decoded_frames, decoded_indices, make_solid

from vedit_gui.media import FrameReader
from vedit_gui.media.grade import Grade
from vedit_gui.render import (
    TimelineVideo,
    dissolve_weight,
    mix_pictures,
    render_timeline,
    video_segments,
)
from vedit_gui.timeline import (
    DIP_TO_BLACK,
    DIP_TO_WHITE,
    Clip,
    FrameRange,
    Gap,
    MediaReference,
    SetTransitionKind,
    Split,
    Suggestion,
    SuggestionStatus,
    Timeline,
    Track,
    TrackKind,
    Transition,
)

A_COLOUR = (200, 40, 40)
B_COLOUR = (40, 60, 220)
FAKE_A = MediaReference("/media/a.mp4", NTSC, 300)
FAKE_B = MediaReference("/media/b.mp4", NTSC, 300)


@pytest.fixture(scope="module")
def solids(media_dir: Path) -> tuple[MediaReference, MediaReference]:
    return make_solid(media_dir / "solid_a.mp4", A_COLOUR), make_solid(media_dir / "solid_b.mp4", B_COLOUR)


def video_track(*items: Clip | Gap, transitions: tuple[Transition, ...] = ()) -> Track:
    return Track(TrackKind.VIDEO, tuple(items), "V1", transitions=transitions)


def with_transitions(timeline: Timeline, *transitions: Transition) -> Timeline:
    """``timeline`` with ``transitions`` on its (first) video track."""
    tracks = tuple(
        replace(track, transitions=transitions) if track.kind is TrackKind.VIDEO else track
        for track in timeline.tracks
    )
    return replace(timeline, tracks=tracks)


def split_with_dissolve(timeline: Timeline, cut: int, before: int, after: int) -> tuple[Timeline, Timeline]:
    """(``timeline`` split at ``cut``, the same with a dissolve of ``before`` + ``after`` there)."""
    split = Split(cut).apply(timeline)
    right = split.tracks_of(TrackKind.VIDEO)[0].items[1]
    return split, with_transitions(split, Transition(right.id, before, after))


def a_into_b(a: MediaReference, b: MediaReference, before: int = 4, after: int = 4) -> Timeline:
    """16 frames of A (source 0..15) then 16 of B (source 4..19), dissolving at frame 16."""
    incoming = Clip(b, FrameRange(4, 16))
    track = video_track(Clip(a, FrameRange(0, 16)), incoming, transitions=(Transition(incoming.id, before, after),))
    return Timeline(NTSC, (track,))


def mean_colour(picture: np.ndarray) -> np.ndarray:
    return picture.reshape(-1, 3).mean(axis=0)


def expected_colour(frame: int, window: FrameRange) -> np.ndarray:
    if frame < window.start:
        return np.array(A_COLOUR, float)
    if frame >= window.end_exclusive:
        return np.array(B_COLOUR, float)
    t = float(dissolve_weight(window, frame))
    return (1 - t) * np.array(A_COLOUR, float) + t * np.array(B_COLOUR, float)


# -- the plan ---------------------------------------------------------------------------------


def test_a_dissolve_is_one_segment_that_knows_both_sides():
    left, right = Clip(FAKE_A, FrameRange(0, 40)), Clip(FAKE_B, FrameRange(10, 50))
    timeline = Timeline(NTSC, (video_track(left, right, transitions=(Transition(right.id, 5, 3),)),))
    segments = video_segments(timeline)
    assert [s.range for s in segments] == [FrameRange(0, 35), FrameRange(35, 8), FrameRange(43, 47)]
    plain, dissolve, after = segments
    assert (plain.clip, plain.offset, plain.incoming, plain.window) == (left, 0, None, None)
    assert (dissolve.clip, dissolve.offset) == (left, 35)
    assert (dissolve.incoming, dissolve.incoming_offset, dissolve.window) == (right, -5, FrameRange(35, 8))
    assert (after.clip, after.offset, after.incoming) == (right, 3, None)


def test_a_transition_after_a_gap_plays_nothing():
    right = Clip(FAKE_B, FrameRange(0, 20))
    track = video_track(Clip(FAKE_A, FrameRange(0, 20)), Gap(5), right)
    plain = video_segments(Timeline(NTSC, (track,)))
    stale = video_segments(Timeline(NTSC, (replace(track, transitions=(Transition(right.id, 3, 3),)),)))
    assert stale == plain
    assert all(s.window is None for s in stale)


def test_an_upper_clip_hides_the_part_of_a_lower_dissolve_it_covers():
    left, right = Clip(FAKE_A, FrameRange(0, 40)), Clip(FAKE_A, FrameRange(100, 40))
    v1 = video_track(left, right, transitions=(Transition(right.id, 10, 10),))
    v2 = Track(TrackKind.VIDEO, (Gap(35), Clip(FAKE_B, FrameRange(0, 10))))
    shown = [
        (s.range.start, s.range.end_exclusive, s.clip.media.path if s.clip else None, s.window)
        for s in video_segments(Timeline(NTSC, (v1, v2)))
    ]
    window = FrameRange(30, 20)
    assert shown == [
        (0, 30, "/media/a.mp4", None),
        (30, 35, "/media/a.mp4", window),
        (35, 45, "/media/b.mp4", None),
        (45, 50, "/media/a.mp4", window),
        (50, 80, "/media/a.mp4", None),
    ]


def test_weights_rise_linearly_and_never_reach_one_side():
    window = FrameRange(12, 8)
    weights = [dissolve_weight(window, f) for f in window]
    assert weights == [Fraction(i, 9) for i in range(1, 9)]


def test_mixing_a_picture_with_itself_gives_it_back_exactly():
    picture = np.random.default_rng(5).integers(0, 256, (24, 32, 3), dtype=np.uint8)
    window = FrameRange(0, 13)
    for frame in window:
        assert np.array_equal(mix_pictures(picture, picture, dissolve_weight(window, frame)), picture)


# -- one file split at its dissolve: the mix is the source itself -----------------------------


@pytest.mark.parametrize("copy", [False, True], ids=["same-file", "copied-file"])
def test_a_split_source_with_a_dissolve_renders_the_same_pixels(timeline, media_dir, copy):
    if copy:
        # The right half from a byte-identical copy: the sides really are decoded and mixed.
        clone = media_dir / "source_copy.mp4"
        if not clone.exists():
            shutil.copy(timeline.media()[0].path, clone)
        split = Split(45).apply(timeline)
        track = split.tracks_of(TrackKind.VIDEO)[0]
        left, right = track.items
        right = replace(right, media=replace(right.media, path=str(clone)))
        split = Timeline(NTSC, (video_track(left, right),))
        dissolved = Timeline(NTSC, (video_track(left, right, transitions=(Transition(right.id, 6, 7),)),))
    else:
        split, dissolved = split_with_dissolve(timeline, 45, 6, 7)
    assert any(s.window == FrameRange(39, 13) for s in video_segments(dissolved))
    with TimelineVideo(split) as plain, TimelineVideo(dissolved) as mixed:
        expected = dict(plain.frames(30, 60))
        got = dict(mixed.frames(30, 60))
        assert got.keys() == expected.keys()
        for frame in expected:
            assert np.array_equal(got[frame], expected[frame]), frame
        for frame in (52, 39, 45, 51, 38, 44):
            assert np.array_equal(mixed.frame_at(frame), expected[frame]), frame
        assert mixed.scrub_frame_at(41)[0] == 41
        assert np.array_equal(mixed.scrub_frame_at(41)[1], expected[41])
        encoded = dict(plain.av_frames(36, 56, pix_fmt="yuv420p"))
        for frame, got_av in mixed.av_frames(36, 56, pix_fmt="yuv420p"):
            got_yuv, want_yuv = got_av.to_ndarray(), encoded[frame].to_ndarray()
            if copy:
                # A mixed frame goes RGB -> 4:2:0 again (the passthrough never left 4:2:0):
                # the same frame, within chroma rounding at the index blocks' hard edges.
                assert read_index(got_av.to_ndarray(format="rgb24")) == frame
                assert np.abs(got_yuv.astype(int) - want_yuv).mean() < 1.5, frame
            else:
                assert np.array_equal(got_yuv, want_yuv), frame


def test_one_file_dissolving_into_a_later_part_of_itself_mixes_two_decoders(timeline):
    source = timeline.media()[0]
    incoming = Clip(source, FrameRange(60, 30))
    dissolved = Timeline(NTSC, (video_track(Clip(source, FrameRange(0, 40)), incoming, transitions=(Transition(incoming.id, 4, 4),)),))
    window = FrameRange(36, 8)
    with TimelineVideo(dissolved) as video, FrameReader(source.path) as reader:
        walked = dict(video.frames(30, 50))
        # Each side has its own decoder, so neither seeks back and forth in the other's run.
        assert sorted(key[2] for key in video._readers) == [0, 1]
        for frame in range(30, 50):
            if window.contains(frame):
                # Outgoing: source frame f (past its out point); incoming: 60 + (f - 40).
                want = mix_pictures(reader.read(frame), reader.read(frame + 20), dissolve_weight(window, frame))
            else:
                want = reader.read(frame if frame < 40 else frame + 20)
            assert np.array_equal(walked[frame], want), frame
            assert np.array_equal(video.frame_at(frame), want), frame


# -- two sources: the weights show in the picture ---------------------------------------------


def test_frames_follow_the_weights_between_two_colours(solids):
    timeline = a_into_b(*solids)
    window = FrameRange(12, 8)
    with TimelineVideo(timeline) as video:
        assert video.size == (64, 48)
        walked = list(video.frames())
        assert [f for f, _ in walked] == list(range(32))
        for frame, picture in walked:
            assert np.abs(mean_colour(picture) - expected_colour(frame, window)).max() <= 3, frame
            # A flat mix stays flat: the sides are aligned, not offset.
            assert np.ptp(picture.reshape(-1, 3), axis=0).max() <= 3, frame
        for frame in (19, 12, 15, 3, 25):
            assert np.abs(video.frame_at(frame).astype(int) - walked[frame][1]).max() <= 1, frame
        shown, scrubbed = video.scrub_frame_at(14)
        assert shown == 14 and np.abs(scrubbed.astype(int) - walked[14][1]).max() <= 1


def test_encoder_frames_of_a_dissolve_are_mixed_not_passed_through(solids):
    timeline = a_into_b(*solids)
    with TimelineVideo(timeline) as video:
        frames = dict(video.av_frames(pix_fmt="yuv420p"))
    assert sorted(frames) == list(range(32))
    window = FrameRange(12, 8)
    for frame, encoded in frames.items():
        picture = encoded.to_ndarray(format="rgb24")
        assert np.abs(mean_colour(picture) - expected_colour(frame, window)).max() <= 4, frame


def test_each_side_is_graded_before_the_mix(solids):
    a, b = solids
    grade = Grade(exposure=1.0)
    graded = Suggestion("grade", a.path, FrameRange(0, 24), 0.9, "test", grade.to_dict(), SuggestionStatus.ACCEPTED)
    timeline = replace(a_into_b(a, b), suggestions=(graded,))
    with TimelineVideo(timeline) as video:
        pure_a = video.frame_at(5)
        pure_b = video.frame_at(25)
        for frame in (12, 16, 19):
            want = mix_pictures(pure_a, pure_b, dissolve_weight(FrameRange(12, 8), frame))
            assert np.abs(video.frame_at(frame).astype(int) - want).max() <= 1, frame
    assert mean_colour(pure_a)[0] > A_COLOUR[0] + 20  # the grade brightened A


def test_handles_past_the_media_hold_the_end_frames(solids):
    a, b = solids  # 24 frames each
    incoming = Clip(b, FrameRange(0, 12))
    track = video_track(Clip(a, FrameRange(12, 12)), incoming, transitions=(Transition(incoming.id, 5, 5),))
    timeline = Timeline(NTSC, (track,))
    window = FrameRange(7, 10)
    assert video_segments(timeline)[1].window == window
    with TimelineVideo(timeline) as video:
        walked = dict(video.frames())
        for frame in range(24):
            assert np.abs(mean_colour(walked[frame]) - expected_colour(frame, window)).max() <= 3, frame
        assert np.abs(video.frame_at(16).astype(int) - walked[16]).max() <= 1


def test_the_export_plays_the_dissolve(solids, tmp_path):
    out = render_timeline(a_into_b(*solids), tmp_path / "dissolve.mp4")
    pictures = decoded_frames(out)
    assert len(pictures) == 32
    window = FrameRange(12, 8)
    for frame, picture in enumerate(pictures):
        assert np.abs(mean_colour(picture) - expected_colour(frame, window)).max() <= 5, frame


def test_the_export_of_a_split_source_with_a_dissolve_shows_the_source_frames(timeline, tmp_path):
    _, dissolved = split_with_dissolve(timeline, 45, 6, 6)
    # x264's threads make the bitstream vary run to run, so compare what the frames show.
    assert decoded_indices(render_timeline(dissolved, tmp_path / "mixed.mp4")) == list(range(90))


# -- dips through black or white ----------------------------------------------------------------


def dip_colour(frame: int, window: FrameRange, cut: int, level: int) -> np.ndarray:
    """What a dip over ``window`` meeting at ``cut`` shows at ``frame`` between the solids."""
    colour = np.full(3, float(level))
    if frame < window.start:
        return np.array(A_COLOUR, float)
    if frame >= window.end_exclusive:
        return np.array(B_COLOUR, float)
    if frame < cut:
        t = (frame - window.start + 1) / (cut - window.start + 1)
        return (1 - t) * np.array(A_COLOUR, float) + t * colour
    t = (window.end_exclusive - frame) / (window.end_exclusive - cut + 1)
    return (1 - t) * np.array(B_COLOUR, float) + t * colour


@pytest.mark.parametrize(("kind", "level"), [(DIP_TO_BLACK, 0), (DIP_TO_WHITE, 255)], ids=["black", "white"])
def test_a_dip_goes_through_its_colour_in_the_preview_the_encoder_and_the_export(solids, tmp_path, kind, level):
    dissolved = a_into_b(*solids)
    timeline = SetTransitionKind(dissolved.tracks[0].transitions[0].id, kind).apply(dissolved)
    window, cut = FrameRange(12, 8), 16
    with TimelineVideo(timeline) as video:
        walked = dict(video.frames())
        for frame, picture in walked.items():
            assert np.abs(mean_colour(picture) - dip_colour(frame, window, cut, level)).max() <= 3, frame
        for frame in (12, 15, 16, 19):  # random access, as the paused viewer reads
            assert np.abs(video.frame_at(frame).astype(int) - walked[frame]).max() <= 1, frame
        encoded = dict(video.av_frames(pix_fmt="yuv420p"))
    # Beside the cut the picture is mostly the colour (four parts in five here).
    for frame, side in ((15, A_COLOUR), (16, B_COLOUR)):
        shown = mean_colour(walked[frame])
        assert np.abs(shown - level).sum() < np.abs(shown - np.array(side)).sum() / 3, frame
    for frame in (13, 16, 18):
        got = mean_colour(encoded[frame].to_ndarray(format="rgb24"))
        assert np.abs(got - dip_colour(frame, window, cut, level)).max() <= 4, frame
    pictures = decoded_frames(render_timeline(timeline, tmp_path / f"{kind}.mp4"))
    for frame, picture in enumerate(pictures):
        assert np.abs(mean_colour(picture) - dip_colour(frame, window, cut, level)).max() <= 5, frame


def test_a_dip_on_one_file_split_still_dips(timeline):
    _, dissolved = split_with_dissolve(timeline, 45, 6, 6)
    dipped = SetTransitionKind(dissolved.tracks_of(TrackKind.VIDEO)[0].transitions[0].id, DIP_TO_BLACK).apply(dissolved)
    with TimelineVideo(dipped) as video:
        assert mean_colour(video.frame_at(44)).max() < 60  # not the source frame passed through
        assert read_index(video.frame_at(30)) == 30


def test_an_unknown_kind_plays_as_a_dissolve(solids):
    timeline = a_into_b(*solids)
    track = timeline.tracks[0]
    newer = replace(track, transitions=(replace(track.transitions[0], kind="iris_from_a_newer_vedit"),))
    with TimelineVideo(replace(timeline, tracks=(newer,))) as video:
        for frame in (12, 16, 19):
            assert np.abs(mean_colour(video.frame_at(frame)) - expected_colour(frame, FrameRange(12, 8))).max() <= 3
