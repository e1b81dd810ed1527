"""The render's plans without media: picture segments, fitting, presets and the audio mix."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest

from vedit_gui.render import (
    PRESETS,
    AudioMix,
    RenderError,
    even_size,
    fit_rect,
    frame_to_sample,
    get_preset,
    plan_audio,
    source_frame,
    video_segments,
)
from vedit_gui.timeline import (
    Clip,
    FrameRange,
    Gap,
    MediaReference,
    Move,
    Split,
    Timeline,
    Track,
    TrackKind,
    timeline_from_media,
)

NTSC = Fraction(30000, 1001)
A = MediaReference("/media/a.mp4", NTSC, 300)
B = MediaReference("/media/b.mp4", NTSC, 300)


def test_presets_offer_h264_h265_prores():
    assert get_preset("h264").video_codec == "libx264"
    assert get_preset("h264").container_options["movflags"] == "+faststart"
    assert get_preset("h265").codec_tag == "hvc1"
    assert get_preset("prores").extension == ".mov"
    assert get_preset(PRESETS["prores"]) is PRESETS["prores"]


def test_unknown_preset_names_the_choices():
    with pytest.raises(RenderError, match="h264, h265, prores"):
        get_preset("divx")


def test_a_hidden_track_shows_what_is_under_it_and_a_muted_one_is_not_heard():
    v1 = Track(TrackKind.VIDEO, (Clip(A, FrameRange(0, 40)),))
    v2 = Track(TrackKind.VIDEO, (Clip(B, FrameRange(5, 40)),), enabled=False)
    shown = [(s.range.start, s.range.end_exclusive, s.clip.media.path) for s in video_segments(Timeline(NTSC, (v1, v2)))]
    assert shown == [(0, 40, A.path)]
    alone = video_segments(Timeline(NTSC, (replace(v1, enabled=False),)))
    assert [(s.range.start, s.range.end_exclusive, s.clip) for s in alone] == [(0, 40, None)]  # black
    a1 = Track(TrackKind.AUDIO, (Clip(A, FrameRange(0, 40)),))
    a2 = Track(TrackKind.AUDIO, (Clip(B, FrameRange(0, 40)),), enabled=False)
    plans = plan_audio(Timeline(NTSC, (v1, a1, a2)), 48000)
    assert [[span.path for span in plan] for plan in plans] == [[A.path]]


def test_top_video_track_wins_and_gaps_are_black():
    v1 = Track(TrackKind.VIDEO, (Clip(A, FrameRange(0, 30)), Gap(10), Clip(A, FrameRange(100, 20))))
    v2 = Track(TrackKind.VIDEO, (Gap(20), Clip(B, FrameRange(5, 15))))
    segments = video_segments(Timeline(NTSC, (v1, v2)))
    shown = [
        (s.range.start, s.range.end_exclusive, s.clip.media.path if s.clip else None, s.offset)
        for s in segments
    ]
    assert shown == [
        (0, 20, "/media/a.mp4", 0),
        (20, 35, "/media/b.mp4", 0),
        (35, 40, None, 0),
        (40, 60, "/media/a.mp4", 0),
    ]


def test_a_clip_uncovered_by_an_upper_track_resumes_at_its_offset():
    v1 = Track(TrackKind.VIDEO, (Clip(A, FrameRange(0, 50)),))
    v2 = Track(TrackKind.VIDEO, (Gap(10), Clip(B, FrameRange(0, 10))))
    segments = video_segments(Timeline(NTSC, (v1, v2)))
    assert [(s.range.start, s.offset) for s in segments] == [(0, 0), (10, 0), (20, 20)]


def test_a_split_clip_stays_two_segments_that_play_on():
    timeline = Split(40).apply(timeline_from_media(A))
    segments = video_segments(timeline)
    assert [s.range for s in segments] == [FrameRange(0, 40), FrameRange(40, 260)]
    assert source_frame(segments[1].clip, 0, NTSC) == 40


def test_a_source_at_another_rate_plays_at_its_own_speed():
    pal = MediaReference("/media/pal.mp4", Fraction(25), 100)
    clip = Clip(pal, FrameRange(0, 100))
    # Timeline frame t sits at t * 1001/30000 s; at 25 fps that is source frame floor(t * 0.834).
    assert [source_frame(clip, t, NTSC) for t in (0, 1, 5, 6, 30, 119)] == [0, 0, 4, 5, 25, 99]
    assert source_frame(clip, 500, NTSC) == 99  # past the end holds the last frame


@pytest.mark.parametrize(
    ("size", "even"), [((1281, 721), (1280, 720)), ((1920, 1080), (1920, 1080)), ((1, 1), (2, 2))]
)
def test_even_size(size, even):
    assert even_size(*size) == even


@pytest.mark.parametrize(
    ("source", "output", "rect"),
    [
        ((160, 96), (160, 96), (0, 0, 160, 96)),
        ((320, 96), (160, 96), (0, 24, 160, 48)),  # wider: letterbox
        ((96, 160), (160, 96), (51, 0, 58, 96)),  # portrait: pillarbox
        ((1281, 721), (1280, 720), (0, 0, 1280, 720)),  # a pixel off is stretched, not barred
    ],
)
def test_fit_rect(source, output, rect):
    assert fit_rect(source, output) == rect


def test_frame_to_sample_follows_the_picture():
    assert frame_to_sample(1, NTSC, 48000) == 1602  # 1601.6 rounds up
    assert frame_to_sample(5, NTSC, 48000) == 8008  # exact
    assert frame_to_sample(30000, NTSC, 48000) == 48048000


def test_a_split_plays_as_one_span_without_fades_inside():
    timeline = Split(40).apply(timeline_from_media(A))
    (spans,) = plan_audio(timeline, 48000)
    assert len(spans) == 1
    assert (spans[0].start, spans[0].end, spans[0].source_start) == (0, frame_to_sample(300, NTSC, 48000), 0)


def test_a_reordered_splice_fades_both_sides():
    timeline = Split(40).apply(timeline_from_media(A))
    second = timeline.tracks[0].items[1]
    timeline = Move(second.id, 0).apply(timeline)
    (spans,) = plan_audio(timeline, 48000)
    assert [(s.source_start, s.fade_in, s.fade_out) for s in spans] == [
        (frame_to_sample(40, NTSC, 48000), 240, 240),
        (0, 240, 240),
    ]
    assert spans[0].end == spans[1].start == frame_to_sample(260, NTSC, 48000)


class Ramp:
    """A fake audio source whose sample n is n / 1e6 on every channel (continuity is visible)."""

    def read(self, start: int, count: int) -> np.ndarray:
        values = np.arange(start, start + count, dtype=np.float32) / 1e6
        return np.repeat(values[None, :], 2, axis=0)


def _mix(timeline: Timeline) -> AudioMix:
    return AudioMix(timeline, 48000, 2, open_source=lambda path: Ramp())


def test_mix_reads_the_same_in_any_block_size():
    split = Split(40).apply(timeline_from_media(A))
    timeline = Move(split.tracks[0].items[1].id, 0).apply(split)
    mix = _mix(timeline)
    whole = mix.read(0, mix.length)
    pieces = np.concatenate(list(mix.blocks(1000)), axis=1)
    np.testing.assert_array_equal(whole, pieces)
    assert whole.shape == (2, mix.length)


def test_mix_fades_at_splices_and_is_silent_in_gaps():
    a_track = Track(TrackKind.AUDIO, (Clip(A, FrameRange(100, 30)), Gap(10), Clip(A, FrameRange(0, 30))))
    mix = _mix(Timeline(NTSC, (a_track,)))
    out = mix.read(0, mix.length)[0]
    gap = slice(frame_to_sample(30, NTSC, 48000), frame_to_sample(40, NTSC, 48000))
    assert not out[gap].any()
    first = frame_to_sample(100, NTSC, 48000)
    assert out[0] < first / 1e6 * 0.01  # faded in from (almost) nothing
    assert out[1000] == pytest.approx((first + 1000) / 1e6)  # plays the source after the ramp
    assert out[gap.start - 1] < 0.01 * out[gap.start - 300]  # faded out before the gap


def test_tracks_sum_and_are_held_under_full_scale():
    """Two tracks at 0.75 sum to 1.5: the mix's limiter turns the sum down to full scale
    (steadily: one gain through it), where it used to be clipped."""
    loud = MediaReference("/media/loud.wav", NTSC, 30)

    class Loud:
        def read(self, start: int, count: int) -> np.ndarray:
            t = np.arange(start, start + count)
            return np.stack([0.75 * np.sin(t / 20.0)] * 2).astype(np.float32)

    tracks = tuple(Track(TrackKind.AUDIO, (Clip(loud, FrameRange(0, 30)),)) for _ in range(2))
    mix = AudioMix(Timeline(NTSC, tracks), open_source=lambda path: Loud())
    middle = mix.read(8000, 20000)
    t = np.arange(8000, 28000)
    assert np.abs(middle).max() <= 1.0
    assert middle[0] == pytest.approx(np.sin(t / 20.0), abs=1e-3)  # 1.5 sin turned down to 1.0 sin


def test_no_audio_tracks_means_no_mix_content():
    video_only = Timeline(NTSC, (Track(TrackKind.VIDEO, (Clip(A, FrameRange(0, 30)),)),))
    mix = _mix(video_only)
    assert not mix.has_audio_tracks
    assert not mix.read(0, 500).any()
