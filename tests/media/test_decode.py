from __future__ import annotations

import random
from fractions import Fraction
from itertools import accumulate

import av
import numpy as np
import pytest
from conftest import CODEC_CASES, VFR_DURATIONS_MS
from mediagen import make_audio_only, make_video, read_index

from vedit_gui.media import FrameIndexError, FrameReader, MediaError
from vedit_gui.media import decode as decode_module

CASE_IDS = [case.id for case in CODEC_CASES]


@pytest.fixture(scope="module")
def sequential(codec_clips):
    """Every frame of every codec clip, decoded in order by a fresh reader."""
    decoded = {}
    for case_id, path in codec_clips.items():
        with FrameReader(path) as reader:
            decoded[case_id] = [frame for _, frame in reader.frames()]
    return decoded


@pytest.mark.parametrize("case", CODEC_CASES, ids=CASE_IDS)
def test_sequential_decode_shows_every_frame_in_order(case, sequential):
    frames = sequential[case.id]
    assert len(frames) == case.frames
    assert [read_index(frame) for frame in frames] == list(range(case.frames))
    assert frames[0].shape == (96, 160, 3) and frames[0].dtype == np.uint8


# Decoder thread counts change when frames come out (one thread: no delay; frame threads:
# one frame of delay each), and random access must not depend on it.
THREADS = [0, 1, 2]


@pytest.fixture
def no_recent_frames(monkeypatch):
    """Readers that keep no decoded frames, so every request goes through the decoder
    (tiny test clips otherwise fit whole in the cache after one pass)."""
    monkeypatch.setattr(decode_module, "_RECENT_BYTES", 0)


@pytest.fixture(params=["recent-frames", "decoder-only"])
def cache_mode(request, monkeypatch):
    if request.param == "decoder-only":
        monkeypatch.setattr(decode_module, "_RECENT_BYTES", 0)
    return request.param


@pytest.mark.parametrize("threads", THREADS, ids=lambda n: f"threads{n}")
@pytest.mark.parametrize("case", CODEC_CASES, ids=CASE_IDS)
def test_random_access_equals_sequential_decode(
    case, threads, cache_mode, codec_clips, sequential
):
    order = list(range(case.frames))
    random.Random(case.frames).shuffle(order)
    with FrameReader(codec_clips[case.id], threads=threads) as reader:
        assert reader.frame_count == case.frames and reader.rate == case.rate
        for index in order:
            frame = reader.read(index)
            assert read_index(frame) == index
            assert np.array_equal(frame, sequential[case.id][index]), f"frame {index} differs"


@pytest.mark.parametrize("threads", THREADS, ids=lambda n: f"threads{n}")
@pytest.mark.parametrize("case", CODEC_CASES, ids=CASE_IDS)
def test_backward_steps_and_repeats(case, threads, codec_clips, sequential, no_recent_frames):
    """Stepping back one frame at a time (the ← key) crosses GOP boundaries backwards."""
    with FrameReader(codec_clips[case.id], threads=threads) as reader:
        for index in [case.frames - 1, *range(case.gop + 2, case.gop - 3, -1), 0, 0, 1]:
            assert np.array_equal(reader.read(index), sequential[case.id][index])


@pytest.mark.parametrize("threads", THREADS, ids=lambda n: f"threads{n}")
@pytest.mark.parametrize("case", CODEC_CASES, ids=CASE_IDS)
def test_short_steps_forward_after_a_jump(
    case, threads, codec_clips, sequential, no_recent_frames
):
    """Regression: with one thread a decoder without output delay gave the jump's target
    before being drained, and the next step forward drained it instead of decoding on."""
    with FrameReader(codec_clips[case.id], threads=threads) as reader:
        for index in [0, 2, 3, 7, 1, case.gop + 1, case.gop + 3, case.gop + 4]:
            assert np.array_equal(reader.read(index), sequential[case.id][index]), index


def test_variable_frame_rate_maps_onto_the_average_grid(vfr_clip):
    starts_ms = [0, *accumulate(VFR_DURATIONS_MS[i % 4] for i in range(47))]
    with FrameReader(vfr_clip) as reader:
        assert reader.info.video.variable_frame_rate
        sequential = [frame for _, frame in reader.frames()]
        expected = []
        for grid_frame in range(reader.frame_count):
            time_ms = Fraction(grid_frame * 1000) / reader.rate
            expected.append(
                max(k for k, start in enumerate(starts_ms) if start <= time_ms + Fraction(1, 32))
            )
        assert [read_index(frame) for frame in sequential] == expected
        order = list(range(reader.frame_count))
        random.Random(3).shuffle(order)
        for grid_frame in order:
            assert np.array_equal(reader.read(grid_frame), sequential[grid_frame])


def test_playback_after_a_jump_seeks_once_then_decodes_forward(
    codec_clips, monkeypatch, no_recent_frames
):
    """A jump stops decoding at its target; the first step past what that gave out
    re-seeks without stopping, and from then on frames come straight from the decoder."""
    with FrameReader(codec_clips["h264-gop60-bframes-mp4"]) as reader:
        seeks = []
        real_seek = reader._seek
        monkeypatch.setattr(reader, "_seek", lambda pts: (seeks.append(pts), real_seek(pts)))
        assert read_index(reader.read(10)) == 10
        assert len(seeks) == 1
        for index in range(11, 80):
            assert read_index(reader.read(index)) == index
        assert len(seeks) <= 2
        for index in (85, 100, 119, 120, 121, 140):
            assert read_index(reader.read(index)) == index
        assert len(seeks) <= 2
        reader.read(5)
        assert len(seeks) <= 3


def test_scaled_reads_and_raw_frames(codec_clips):
    with FrameReader(codec_clips["h264-gop60-bframes-mp4"], size=(80, 48)) as reader:
        small = reader.read(33)
        assert small.shape == (48, 80, 3)
        raw = reader.read_av(34)
        assert isinstance(raw, av.VideoFrame) and (raw.width, raw.height) == (160, 96)
        indices = [(i, read_index(reader.to_rgb(frame))) for i, frame in reader.av_frames(40, 44)]
        assert indices == [(40, 40), (41, 41), (42, 42), (43, 43)]


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_pictures_come_back_upright(tmp_path, rotation):
    make_video(tmp_path / "phone.mp4", 8, width=160, height=96, rotation=rotation)
    with FrameReader(tmp_path / "phone.mp4") as reader:
        frame = reader.read(5)
        assert frame.shape == ((160, 96, 3) if rotation in (90, 270) else (96, 160, 3))
        # Turning the picture back counter-clockwise by the rotation recovers the coded one.
        assert read_index(np.rot90(frame, k=rotation // 90)) == 5


def test_anamorphic_pictures_are_widened(tmp_path):
    make_video(tmp_path / "anamorphic.mp4", 3, width=160, height=96, sample_aspect=Fraction(4, 3))
    with FrameReader(tmp_path / "anamorphic.mp4") as reader:
        assert reader.read(2).shape == (96, 213, 3)


@pytest.mark.parametrize("bad", [-1, 150, 10**9, 2.5, "3"], ids=repr)
def test_frame_numbers_outside_the_clip_are_refused(codec_clips, bad):
    with FrameReader(codec_clips["h264-gop60-bframes-mp4"]) as reader:
        with pytest.raises(FrameIndexError) as caught:
            reader.read(bad)
        assert isinstance(caught.value, IndexError) and isinstance(caught.value, MediaError)
        assert "h264.mp4" in str(caught.value)


def test_numpy_integers_are_frame_numbers(codec_clips):
    with FrameReader(codec_clips["h264-gop60-bframes-mp4"]) as reader:
        assert read_index(reader.read(np.int64(7))) == 7


def test_audio_only_file_has_no_frames_to_read(tmp_path):
    with pytest.raises(MediaError, match="no video"):
        FrameReader(make_audio_only(tmp_path / "voice.m4a", 0.3))


def test_closed_reader_refuses_reads(codec_clips):
    reader = FrameReader(codec_clips["vp9-webm"])
    reader.close()
    with pytest.raises(MediaError, match="closed"):
        reader.read(0)


def test_scrubbing_back_over_decoded_frames_needs_no_seek(codec_clips, sequential, monkeypatch):
    """A jump keeps the reference frames it decoded on the way; going back over them is free,
    and the pictures are the ones sequential decoding gives."""
    case = "h264-gop60-bframes-mp4"
    with FrameReader(codec_clips[case]) as reader:
        seeks = []
        real_seek = reader._seek
        monkeypatch.setattr(reader, "_seek", lambda pts: (seeks.append(pts), real_seek(pts)))
        reader.read(100)
        kept = [i for i in range(60, 100) if int(reader._index.pts[i]) in reader._recent]
        # The keyframe and the reference frames after it (at least one frame in four).
        assert 60 in kept and len(kept) >= 10
        for index in reversed(kept):
            assert np.array_equal(reader.read(index), sequential[case][index]), index
        assert len(seeks) == 1


def test_recent_frames_stay_under_their_byte_budget(codec_clips, monkeypatch):
    frame_bytes = 160 * 96 * 3 // 2
    monkeypatch.setattr(decode_module, "_RECENT_BYTES", 5 * frame_bytes)
    with FrameReader(codec_clips["h264-gop60-bframes-mp4"]) as reader:
        for index in (140, 20, 75, 3):
            reader.read(index)
            assert 0 < reader._recent.nbytes <= 5 * frame_bytes


def test_scrub_reads_give_the_keyframe_after_a_jump_then_exact_frames_going_forward(tmp_path):
    from mediagen import make_video, read_index

    from vedit_gui.media import FrameReader

    clip = make_video(tmp_path / "gop.mp4", 60, gop=12, bframes=2, audio=False)
    with FrameReader(clip.path) as reader:
        shown, picture = reader.scrub_read(30)
        assert shown == 24 and read_index(picture) == 24  # keyframes every 12: 24 decodes alone
        for index in (27, 30, 33):  # a forward drag: each a few decodes ahead, so exact
            shown, picture = reader.scrub_read(index)
            assert shown == index and read_index(picture) == index
        shown, picture = reader.scrub_read(34 + 20)  # far ahead in the run: a few steps on
        assert 33 < shown < 54 and read_index(picture) == shown
        shown, picture = reader.scrub_read(5)  # a jump back
        assert shown == 0 and read_index(picture) == 0
        assert read_index(reader.read(47)) == 47  # exact reads still exact afterwards
