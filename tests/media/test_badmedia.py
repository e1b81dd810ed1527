"""Every awkward file in the corpus probes and decodes, or fails with a readable MediaError."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from badmedia import make_corpus

from vedit_gui.media import FrameReader, MediaError, probe, read_audio, thumbnails, waveform_peaks

# name -> (probe succeeds, has video, has audio, error text when probing fails)
EXPECTED = {
    "zero_bytes": (False, False, False, "empty"),
    "text_named_mp4": (False, False, False, "not a readable media file"),
    "truncated_mid_gop": (True, True, True, ""),
    "truncated_mp4_index": (False, False, False, "the recording is incomplete"),
    "garbage_tail": (True, True, True, ""),
    "audio_only": (True, False, True, ""),
    "no_audio": (True, True, False, ""),
    "one_pixel": (True, True, True, ""),
    "odd_1281x721": (True, True, True, ""),
    "rotated_90": (True, True, True, ""),
    "uhd_3840x2160": (True, True, False, ""),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("badmedia"))


def test_corpus_covers_the_table(corpus):
    assert set(corpus) == set(EXPECTED)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_probe_and_decode_or_fail_clearly(corpus, name):
    ok, has_video, has_audio, error = EXPECTED[name]
    path = corpus[name]
    if not ok:
        with pytest.raises(MediaError, match=error) as caught:
            probe(path)
        assert path.name in str(caught.value)
        with pytest.raises(MediaError):
            FrameReader(path)
        return
    info = probe(path)
    assert (info.video is not None, info.audio is not None) == (has_video, has_audio)
    sound = read_audio(path, Fraction(0), Fraction(1, 10))
    assert sound.shape == (2, 4800) and np.isfinite(sound).all()
    peaks = waveform_peaks(path)
    assert peaks.shape[1] == 2
    if not has_video:
        return
    with FrameReader(path) as reader:
        last = reader.frame_count - 1
        for index in (0, last, last // 2, 0):
            frame = reader.read(index)
            assert frame.shape == (info.video.display_height, info.video.display_width, 3)
        with pytest.raises(MediaError):
            reader.read(reader.frame_count)
    assert len(list(thumbnails(path, 2, 32))) >= 1


@pytest.mark.timeout(60)
def test_truncated_file_reads_the_frames_that_exist(corpus):
    from mediagen import read_index

    with FrameReader(corpus["truncated_mid_gop"]) as reader:
        # 90 frames were written; the cut keeps the first ones and loses the tail, and the
        # picture ends before the frames lost with it (see test_cut_short).
        assert 30 < reader.frame_count < 90
        shown = [read_index(frame) for _, frame in reader.frames()]
    assert shown == list(range(len(shown)))


@pytest.mark.timeout(60)
def test_garbage_tail_reads_the_frames_before_it(corpus):
    from mediagen import read_index

    with FrameReader(corpus["garbage_tail"]) as reader:
        good = 0
        try:
            for index, frame in reader.frames():
                if read_index(frame) == index:
                    good += 1
        except MediaError as exc:
            assert "garbage_tail.mkv" in str(exc)
    assert good >= 40


def test_rotated_corpus_file_is_upright(corpus):
    with FrameReader(corpus["rotated_90"]) as reader:
        assert reader.read(0).shape == (160, 96, 3)
