"""Golden renders: decode what was written and check every frame is the one the edit names."""

from __future__ import annotations

import threading
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from mediagen import make_audio_only, make_video, read_index, tone
from render_helpers import NTSC, decoded_audio, decoded_frames, decoded_indices, video_rate

from vedit_gui.media import media_reference, probe
from vedit_gui.render import (
    PRESETS,
    RenderCancelled,
    RenderError,
    TimelineVideo,
    frame_to_sample,
    render_timeline,
)
from vedit_gui.timeline import (
    Clip,
    FrameRange,
    Gap,
    Move,
    RippleDelete,
    Split,
    Timeline,
    Track,
    TrackKind,
    TrimOut,
    timeline_from_media,
)


def expected_indices(timeline: Timeline) -> list[int | None]:
    """What each timeline frame should show (None: black), read straight off the tracks."""
    shown: list[int | None] = []
    for frame in range(timeline.duration):
        index = None
        for track in reversed(timeline.tracks_of(TrackKind.VIDEO)):
            found = track.item_at(frame)
            if found is not None and isinstance(found[1], Clip):
                index = found[1].source_range.start + frame - found[2].start
                break
        shown.append(index)
    return shown


def _items(timeline: Timeline, track: int = 0) -> tuple:
    return timeline.tracks[track].items


def test_edited_timeline_renders_every_frame_the_edit_names(timeline: Timeline, tmp_path: Path):
    # Cut at 20, 45 and 70; drop the second shot; move the last shot to the front.
    for frame in (20, 45, 70):
        timeline = Split(frame).apply(timeline)
    timeline = RippleDelete((_items(timeline)[1].id,)).apply(timeline)
    timeline = Move(_items(timeline)[-1].id, 0).apply(timeline)
    expected = expected_indices(timeline)
    assert expected[:3] == [70, 71, 72] and expected[20] == 0 and len(expected) == 65

    out = render_timeline(timeline, tmp_path / "edit.mp4")

    assert decoded_indices(out) == expected
    assert video_rate(out) == NTSC
    samples, rate = decoded_audio(out)
    video_samples = frame_to_sample(len(expected), NTSC, rate)
    assert abs(samples.shape[1] - video_samples) <= frame_to_sample(2, NTSC, rate)


def test_reordered_splices_do_not_click(timeline: Timeline, tmp_path: Path):
    timeline = Split(30).apply(Split(60).apply(timeline))
    timeline = Move(_items(timeline)[2].id, 0).apply(timeline)  # 60-89, 0-29, 30-59
    out = render_timeline(timeline, tmp_path / "splice.mp4")
    samples, rate = decoded_audio(out)
    # The 440 Hz tone at 0.3 moves at most 0.3 * 2pi * 440 / 48000 = 0.017 per sample; a raw
    # splice between these frames jumps by up to 0.35.
    for splice_frame in (30, 60):
        at = frame_to_sample(splice_frame, NTSC, rate)
        window = samples[:, at - 480 : at + 480]
        assert np.abs(np.diff(window, axis=1)).max() < 0.04, f"click at frame {splice_frame}"
    # ...and the sound is there, not faded away.
    assert np.abs(samples[:, 4000:8000]).max() > 0.25


def test_gaps_render_black_and_silent(source, tmp_path: Path):
    v = Track(TrackKind.VIDEO, (Clip(source, FrameRange(0, 10)), Gap(10), Clip(source, FrameRange(50, 10))))
    a = Track(TrackKind.AUDIO, (Clip(source, FrameRange(0, 10)), Gap(10), Clip(source, FrameRange(50, 10))))
    out = render_timeline(Timeline(NTSC, (v, a)), tmp_path / "gap.mp4")
    frames = decoded_frames(out)
    assert [read_index(f) for f in frames[:10] + frames[20:]] == list(range(10)) + list(range(50, 60))
    assert all(f.max() < 24 for f in frames[10:20])
    samples, rate = decoded_audio(out)
    gap = samples[:, frame_to_sample(11, NTSC, rate) : frame_to_sample(19, NTSC, rate)]
    assert np.abs(gap).max() < 0.01


def test_upper_video_track_covers_the_lower(source, tmp_path: Path):
    v1 = Track(TrackKind.VIDEO, (Clip(source, FrameRange(0, 40)),))
    v2 = Track(TrackKind.VIDEO, (Gap(10), Clip(source, FrameRange(60, 10))))
    timeline = Timeline(NTSC, (v1, v2))
    out = render_timeline(timeline, tmp_path / "layers.mp4")
    assert decoded_indices(out) == list(range(10)) + list(range(60, 70)) + list(range(20, 40))


def test_video_only_timeline_has_no_audio_stream(source, tmp_path: Path):
    timeline = Timeline(NTSC, (Track(TrackKind.VIDEO, (Clip(source, FrameRange(5, 20)),)),))
    out = render_timeline(timeline, tmp_path / "silent.mp4")
    with av.open(str(out)) as container:
        assert not container.streams.audio
    assert decoded_indices(out) == list(range(5, 25))


def test_progress_rises_to_one(timeline: Timeline, tmp_path: Path):
    seen: list[float] = []
    render_timeline(timeline, tmp_path / "progress.mp4", progress=seen.append)
    assert seen[-1] == 1.0
    assert seen == sorted(seen) and len(seen) > 5


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_each_preset_writes_a_playable_file(preset: str, timeline: Timeline, tmp_path: Path):
    timeline = TrimOut(_items(timeline)[0].id, -60).apply(timeline)  # 30 frames keep it quick
    out = render_timeline(timeline, tmp_path / f"out{PRESETS[preset].extension}", preset=preset)
    assert decoded_indices(out) == list(range(30))
    assert video_rate(out) == NTSC
    with av.open(str(out)) as container:
        assert container.streams.video[0].codec_context.name == {
            "h264": "h264", "h265": "hevc", "prores": "prores"
        }[preset]
        assert container.streams.audio[0].codec_context.name == PRESETS[preset].audio_codec


def test_a_rotated_source_renders_upright(media_dir: Path, tmp_path: Path):
    clip = make_video(media_dir / "rotated.mp4", 20, rotation=90)
    media = media_reference(probe(clip.path))
    out = render_timeline(timeline_from_media(media), tmp_path / "rotated.mp4")
    frames = decoded_frames(out)
    assert frames[0].shape == (160, 96, 3)  # portrait, as the phone showed it
    # Turning the output back a quarter (counter-clockwise) gives the coded picture again.
    assert [read_index(np.rot90(f, k=1)) for f in frames] == list(range(20))


def test_an_odd_sized_source_renders(media_dir: Path, tmp_path: Path):
    clip = make_video(media_dir / "odd.mp4", 15, width=161, height=97, pix_fmt="yuv444p")
    media = media_reference(probe(clip.path))
    out = render_timeline(timeline_from_media(media), tmp_path / "odd.mp4")
    frames = decoded_frames(out)
    assert frames[0].shape == (96, 160, 3)
    assert [read_index(f) for f in frames] == list(range(15))


def test_an_odd_sized_source_loses_a_row_not_its_sharpness(media_dir: Path, tmp_path: Path):
    # One-pixel stripes, 322×181: fitted to 322×180 by scaling, they beat into a moiré and a
    # pixel of black appeared at each side; cropped, every column stays as sharp as it was.
    stripes = np.zeros((181, 322, 3), np.uint8)
    stripes[:, ::2] = 220
    clip = make_video(media_dir / "stripes.mp4", 3, width=322, height=181, pix_fmt="yuv444p",
                      options={"qp": "0"}, bframes=0, audio=False, picture=lambda _i: stripes)
    media = media_reference(probe(clip.path))
    frames = decoded_frames(render_timeline(timeline_from_media(media), tmp_path / "stripes.mp4"))
    assert frames[0].shape == (180, 322, 3)
    luma = frames[0].astype(np.int16).mean(axis=2)
    assert luma[:, 0].mean() > 150 and luma[:, -1].mean() < 60  # the source's own edge columns
    assert np.abs(np.diff(luma, axis=1)).mean() > 150  # stripes, not a beat pattern


def test_a_wider_source_is_letterboxed(source, media_dir: Path, tmp_path: Path):
    wide = media_reference(probe(make_video(media_dir / "wide.mp4", 20, width=320, height=96).path))
    v = Track(TrackKind.VIDEO, (Clip(source, FrameRange(0, 10)), Clip(wide, FrameRange(5, 10))))
    out = render_timeline(Timeline(NTSC, (v,)), tmp_path / "letterbox.mp4")
    frames = decoded_frames(out)
    assert [read_index(f) for f in frames[:10]] == list(range(10))
    for offset, frame in enumerate(frames[10:]):
        assert frame[:20].max() < 24 and frame[-20:].max() < 24  # bars top and bottom
        assert read_index(frame[24:72]) == 5 + offset  # the fitted picture in between


def test_a_source_at_another_rate_keeps_its_speed(media_dir: Path, tmp_path: Path):
    pal = media_reference(probe(make_video(media_dir / "pal.mp4", 25, rate=25, audio=False).path))
    duration = 30  # one second at 30000/1001 needs frames 0..24 of the 25 fps source
    v = Track(TrackKind.VIDEO, (Clip(pal, FrameRange(0, duration)),))
    out = render_timeline(Timeline(NTSC, (v,)), tmp_path / "pal.mp4")
    expected = [t * 25 * 1001 // 30000 for t in range(duration)]
    assert decoded_indices(out) == expected
    assert video_rate(out) == NTSC


def test_split_then_undo_like_rebuild_renders_identically(timeline: Timeline, tmp_path: Path):
    # A split alone must not change a single frame or the sound at the cut.
    plain = render_timeline(replace(timeline), tmp_path / "plain.mp4")
    split = render_timeline(Split(37).apply(timeline), tmp_path / "split.mp4")
    assert decoded_indices(plain) == decoded_indices(split) == list(range(90))
    a, _ = decoded_audio(plain)
    b, _ = decoded_audio(split)
    np.testing.assert_allclose(a, b, atol=1e-6)


def test_rate_survives_non_ntsc(media_dir: Path, tmp_path: Path):
    clip = make_video(media_dir / "24p.mp4", 12, rate=24, audio=False)
    media = media_reference(probe(clip.path))
    out = render_timeline(timeline_from_media(media), tmp_path / "24p.mp4")
    assert video_rate(out) == Fraction(24)
    assert decoded_indices(out) == list(range(12))


def test_preview_walk_matches_random_access(timeline: Timeline):
    timeline = Split(30).apply(timeline)
    timeline = Move(_items(timeline)[1].id, 0).apply(timeline)  # 30-89 then 0-29
    with TimelineVideo(timeline) as video:
        walked = list(video.frames(55, 65))
        assert [t for t, _ in walked] == list(range(55, 65))
        assert [read_index(f) for _, f in walked] == list(range(85, 90)) + list(range(5))
        for t, frame in walked[::3]:
            np.testing.assert_array_equal(frame, video.frame_at(t))


def test_processors_run_on_every_frame(timeline: Timeline):
    def invert(frame: np.ndarray) -> np.ndarray:
        return 255 - frame

    with TimelineVideo(timeline) as plain, TimelineVideo(timeline, processors=[invert]) as inverted:
        np.testing.assert_array_equal(inverted.frame_at(12), 255 - plain.frame_at(12))
        (_, first), = inverted.frames(40, 41)
        assert read_index(255 - first) == 40


def test_sound_follows_the_picture_to_the_sample(timeline: Timeline, tmp_path: Path):
    timeline = Split(30).apply(Split(60).apply(timeline))
    timeline = Move(_items(timeline)[2].id, 0).apply(timeline)  # 60-89, 0-29, 30-59
    samples, rate = decoded_audio(render_timeline(timeline, tmp_path / "sync.mp4"))
    ideal = tone(3.0, rate)[0]  # what mediagen wrote into the source
    for shot_start, source_start in ((0, 60), (30, 0), (60, 30)):
        out_at = frame_to_sample(shot_start, NTSC, rate) + 300  # past the splice fade
        src_at = frame_to_sample(source_start, NTSC, rate) + 300
        reference = ideal[src_at : src_at + 20000]

        def error(shift: int, out_at: int = out_at, reference: np.ndarray = reference) -> float:
            got = samples[0, out_at + shift : out_at + shift + reference.size]
            return float(np.abs(got - reference).max())

        assert error(0) < 0.03
        assert min(range(-8, 9), key=error) == 0, f"shot at {shot_start} is out of sync"


def test_a_faster_source_skips_frames(media_dir: Path, tmp_path: Path):
    fast = media_reference(probe(make_video(media_dir / "50p.mp4", 30, rate=50, audio=False).path))
    v = Track(TrackKind.VIDEO, (Clip(fast, FrameRange(2, 10)),))  # timeline frames at 25 fps
    out = render_timeline(Timeline(Fraction(25), (v,)), tmp_path / "25p.mp4")
    assert decoded_indices(out) == list(range(4, 24, 2))
    assert video_rate(out) == 25


def test_in_to_out_renders_those_frames_and_their_sound(timeline: Timeline, tmp_path: Path):
    # Shots 60-89, 0-29, 30-59; export timeline frames 20-49: the end of one shot, the next.
    timeline = Split(30).apply(Split(60).apply(timeline))
    timeline = Move(_items(timeline)[2].id, 0).apply(timeline)
    reported: list[float] = []
    out = render_timeline(timeline, tmp_path / "range.mp4", frames=FrameRange(20, 30), progress=reported.append)
    assert decoded_indices(out) == expected_indices(timeline)[20:50] == [*range(80, 90), *range(0, 20)]
    assert reported[-1] == 1.0 and reported == sorted(reported)
    samples, rate = decoded_audio(out)
    assert abs(samples.shape[1] - frame_to_sample(30, NTSC, rate)) < 1024  # AAC pads a frame at most
    ideal = tone(3.0, rate)[0]
    for out_frame, source_frame in ((0, 80), (10, 0)):  # each shot's sound under its picture
        out_at = frame_to_sample(out_frame, NTSC, rate) + 300  # past the edge and splice ramps
        src_at = frame_to_sample(source_frame, NTSC, rate) + 300
        assert np.abs(samples[0, out_at : out_at + 8000] - ideal[src_at : src_at + 8000]).max() < 0.03
    # The excerpt fades in from silence: it cuts into the sound.
    assert np.abs(samples[0, :20]).max() < 0.05 < np.abs(samples[0, 300:400]).max()


def test_frames_outside_the_timeline_are_refused_and_nothing_is_written(timeline: Timeline, tmp_path: Path):
    with pytest.raises(RenderError, match="not all in the timeline"):
        render_timeline(timeline, tmp_path / "late.mp4", frames=FrameRange(80, 20))
    assert list(tmp_path.iterdir()) == []


def test_a_timeline_of_sound_only_renders_a_file_of_sound_only(media_dir: Path, tmp_path: Path):
    tone_file = make_audio_only(media_dir / "tone.m4a", 3.0)
    timeline = timeline_from_media(media_reference(probe(tone_file)))
    reported: list[float] = []
    out = render_timeline(timeline, tmp_path / "sound.m4a", progress=reported.append)
    with av.open(str(out)) as container:
        assert not container.streams.video and container.streams.audio[0].codec_context.name == "aac"
    samples, rate = decoded_audio(out)
    ideal = tone(3.0, rate)[0]
    assert abs(samples.shape[1] - ideal.size) < 2048
    at = rate  # one second in: the sound as it was
    assert np.abs(samples[0, at : at + 8000] - ideal[at : at + 8000]).max() < 0.03
    assert reported[-1] == 1.0 and reported == sorted(reported)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(RenderCancelled):
        render_timeline(timeline, tmp_path / "never.m4a", cancel=cancel)
    assert not [p for p in tmp_path.iterdir() if "never" in p.name]
    # In to out works for sound too: a second from 1 s.
    excerpt = render_timeline(timeline, tmp_path / "second.m4a", frames=FrameRange(int(timeline.rate), int(timeline.rate)))
    assert abs(decoded_audio(excerpt)[0].shape[1] - rate) < 2048


def test_a_timeline_with_nothing_on_it_is_refused(source, tmp_path: Path):
    empty = Timeline(NTSC, (Track(TrackKind.VIDEO, (Gap(30),)),))
    with pytest.raises(RenderError, match="no clips"):
        render_timeline(empty, tmp_path / "nothing.mp4")
    assert list(tmp_path.iterdir()) == []

