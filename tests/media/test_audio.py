from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from mediagen import click_track, make_audio_only, make_video, tone

from vedit_gui.media import AudioReader, MediaError, read_audio

CLICK = 12_000  # samples into the sound: 0.25 s at 48 kHz


def _click_at(samples: np.ndarray) -> int:
    return int(np.argmax(np.abs(samples[0])))


@pytest.mark.parametrize(
    ("filename", "codec", "delay"),
    [
        ("pcm.mov", "pcm_s16le", Fraction(0)),
        ("aac.mp4", "aac", Fraction(0)),
        ("pcm-late.mov", "pcm_s16le", Fraction(1, 4)),
        ("pcm-late.mkv", "pcm_s16le", Fraction(1, 4)),
    ],
    ids=["pcm-mov", "aac-mp4", "pcm-mov-audio-starts-late", "pcm-mkv-audio-starts-late"],
)
def test_a_click_lands_on_its_sample_on_the_media_clock(tmp_path, filename, codec, delay):
    make_video(
        tmp_path / filename,
        45,
        audio_samples=click_track(1.0, CLICK),
        audio_codec=codec,
        audio_delay=delay,
    )
    expected = CLICK + int(delay * 48000)
    whole = read_audio(tmp_path / filename, Fraction(0), Fraction(3, 2))
    assert whole.shape == (2, 72_000) and whole.dtype == np.float32
    assert _click_at(whole) == expected
    # A read that starts inside the sound seeks there and still lands on the sample.
    window_start = expected - 3000
    window = read_audio(tmp_path / filename, Fraction(window_start, 48000), Fraction(1, 10))
    assert _click_at(window) + window_start == expected
    # The silence before a late start is zeros, not the start of the sound moved earlier.
    assert not np.any(whole[:, : int(delay * 48000)])


def test_contiguous_streaming_reads_equal_one_read(tmp_path):
    make_video(tmp_path / "clip.mp4", 60)
    one = read_audio(tmp_path / "clip.mp4", Fraction(0), Fraction(2))
    with AudioReader(tmp_path / "clip.mp4") as reader:
        blocks = [reader.read(start, 1601) for start in range(0, 96_000, 1601)]
        seeks_after_first = []
        real_seek = reader._seek
        reader._seek = lambda sample: (seeks_after_first.append(sample), real_seek(sample))
        reader.read(96_000 + 96_000 // 1601, 10)
    streamed = np.concatenate(blocks, axis=1)[:, :96_000]
    assert np.array_equal(streamed, one)
    assert seeks_after_first == []


def test_reading_the_same_sound_again_reads_it_again(tmp_path):
    # A shot used twice (pasted, or on a second track) reads samples the reader let go of.
    make_video(tmp_path / "clip.mp4", 60)
    one = read_audio(tmp_path / "clip.mp4", Fraction(0), Fraction(1))
    with AudioReader(tmp_path / "clip.mp4") as reader:
        first = reader.read(0, 48_000)
        again = reader.read(12_000, 24_000)  # back inside what was just read
        middle = reader.read(30_000, 1_000)
    assert np.array_equal(first, one)
    # Read again after a seek: the same sound, not silence (AAC decodes a seek's first
    # frames a hair differently).
    assert np.allclose(again, one[:, 12_000:36_000], atol=1e-3)
    assert np.allclose(middle, one[:, 30_000:31_000], atol=1e-3)


def test_reads_past_either_end_are_zero_padded(tmp_path):
    make_audio_only(tmp_path / "tone.m4a", 1.0)
    with AudioReader(tmp_path / "tone.m4a") as reader:
        before = reader.read(-1000, 2000)
        assert not np.any(before[:, :1000]) and np.abs(before[:, 1100:]).max() > 0.2
        after = reader.read(47_000, 3000)
        # AAC rings for a few samples after the end; beyond that, zeros.
        assert np.abs(after[:, :900]).max() > 0.2 and np.abs(after[:, 1100:]).max() < 0.01
        assert not np.any(after[:, 2100:])
        assert reader.read(10**7, 5).shape == (2, 5)


def test_resampling_and_mixing_down(tmp_path):
    samples = click_track(1.0, 11_025, sample_rate=44_100)
    make_audio_only(tmp_path / "cd.mov", samples=samples, codec="pcm_s16le", sample_rate=44_100)
    mono = read_audio(tmp_path / "cd.mov", Fraction(0), Fraction(1), sample_rate=48_000, channels=1)
    assert mono.shape == (1, 48_000)
    assert abs(_click_at(mono) - 12_000) <= 2


def test_file_without_sound_reads_as_silence(tmp_path):
    make_video(tmp_path / "mute.mp4", 10, audio=False)
    with AudioReader(tmp_path / "mute.mp4") as reader:
        assert not reader.has_audio
        assert not np.any(reader.read(0, 4800))


def test_tone_comes_back_as_written(tmp_path):
    make_audio_only(tmp_path / "tone.mov", samples=tone(0.5), codec="pcm_s16le")
    back = read_audio(tmp_path / "tone.mov", Fraction(0), Fraction(1, 2))
    assert np.abs(back - tone(0.5)).max() < 1e-3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"sample_rate": 0}, "Hz"), ({"channels": 9}, "channels")],
    ids=["zero-rate", "nine-channels"],
)
def test_bad_read_settings_are_refused(tmp_path, kwargs, message):
    make_audio_only(tmp_path / "tone.m4a", 0.2)
    with pytest.raises(MediaError, match=message):
        AudioReader(tmp_path / "tone.m4a", **kwargs)


def test_negative_counts_are_refused(tmp_path):
    make_audio_only(tmp_path / "tone.m4a", 0.2)
    with (
        AudioReader(tmp_path / "tone.m4a") as reader,
        pytest.raises(MediaError, match="-5 samples"),
    ):
        reader.read(0, -5)


def _with_a_dropout(path, out, start: float, end: float):
    """``path`` remuxed without the sound packets between ``start`` and ``end`` seconds: a
    dropout, as a camera or a capture leaves, after which the sound's timestamps go on."""
    import av

    with av.open(str(path)) as src, av.open(str(out), "w") as dst:
        streams = {s.index: dst.add_stream_from_template(s) for s in src.streams}
        for packet in src.demux():
            if packet.dts is None:
                continue
            if packet.stream.type == "audio" and start <= float(packet.pts * packet.time_base) < end:
                continue
            packet.stream = streams[packet.stream.index]
            dst.mux(packet)
    return out


@pytest.mark.parametrize("start", [0.5, 0.9], ids=["read-across-the-dropout", "read-after-it"])
def test_sound_after_a_dropout_stays_on_its_timestamps(tmp_path, start):
    from vedit_gui.media import waveform_peaks

    late = 72_000  # 1.5 s: after a dropout of 0.2 s from 0.6 s
    samples = click_track(2.0, CLICK) + click_track(2.0, late)
    source = make_video(tmp_path / "camera.mp4", 60, audio_samples=samples).path
    dropped = _with_a_dropout(source, tmp_path / "dropout.mkv", 0.6, 0.8)
    read = read_audio(dropped, Fraction(start), Fraction(1))
    # Laid end to end, the sound after the dropout played 0.2 s early, out of sync.
    assert abs(_click_at(read) - (late - round(start * 48000))) <= 48
    with AudioReader(dropped) as reader:  # streaming on from the start, across the gap
        blocks = [reader.read(n, 4800) for n in range(0, 96_000, 4800)]
    whole = np.concatenate(blocks, axis=1)
    assert abs(_click_at(whole[:, 48_000:]) + 48_000 - late) <= 48
    assert np.abs(whole[:, 30_000:38_000]).max() == 0  # the lost sound is silence
    peaks = waveform_peaks(dropped, 100)
    assert abs(int(np.argmax(np.abs(peaks[100:]).max(axis=1))) + 100 - late // 480) <= 1


@pytest.mark.parametrize("codec", ["aac", "libopus"])
def test_the_first_sound_of_a_matroska_file_is_read(tmp_path, codec):
    # A Matroska seek to 0 landed on the first picture and dropped the sound before it (AAC's
    # priming, Opus's pre-skip): the first 20-40 ms were silent.
    path = make_video(tmp_path / "recording.mkv", 30, audio_samples=click_track(1.0, 100), audio_codec=codec,
                      bframes=0).path
    start = read_audio(path, Fraction(0), Fraction(1, 5))
    assert _click_at(start) == 100 and np.abs(start).max() > 0.3


@pytest.mark.parametrize(("name", "codec"), [("music.mp3", "libmp3lame"), ("music.ogg", "libopus"),
                                            ("music.m4a", "aac")])
def test_sound_only_files_start_at_their_first_decoded_sample(tmp_path, name, codec):
    """An MP3's encoder delay and Opus's pre-skip are dropped by the decoder, and the sound
    starts after them, as FFmpeg and other editors place it: vedit placed the first packet at
    zero, so all the music played 23 ms (MP3) or 6.5 ms (Opus) late (seventh editor pass,
    fourth code review)."""
    click = 24_000
    path = make_audio_only(tmp_path / name, samples=click_track(1.0, click), codec=codec)
    with AudioReader(path) as reader:
        heard = reader.read(0, 48_000)
    assert abs(int(np.argmax(np.abs(heard[0]))) - click) <= 2
