from __future__ import annotations

import threading

import numpy as np
import pytest
from mediagen import make_audio_only, make_video, tone

from vedit_gui.media import MediaError, WaveformCancelled, waveform_peaks


@pytest.fixture
def half_silent(tmp_path):
    """One second of silence, then one second of a 0.3 tone."""
    samples = np.concatenate([np.zeros((2, 48_000), np.float32), tone(1.0)], axis=1)
    return make_audio_only(tmp_path / "half.mov", samples=samples, codec="pcm_s16le")


def test_peaks_show_silence_then_sound(half_silent):
    seen = []
    peaks = waveform_peaks(half_silent, peaks_per_second=50, progress=seen.append)
    assert peaks.shape == (100, 2) and peaks.dtype == np.float32
    assert np.abs(peaks[:49]).max() < 1e-3
    assert peaks[51:, 1].min() > 0.25 and peaks[51:, 0].max() < -0.25
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_cancel_stops_the_scan(half_silent):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(WaveformCancelled, match="cancelled"):
        waveform_peaks(half_silent, cancel=cancel)


def test_file_without_sound_has_no_peaks(tmp_path):
    make_video(tmp_path / "mute.mp4", 5, audio=False)
    assert waveform_peaks(tmp_path / "mute.mp4").shape == (0, 2)


def test_bad_peak_rate_is_refused(half_silent):
    with pytest.raises(MediaError, match="at least 1"):
        waveform_peaks(half_silent, peaks_per_second=0)


@pytest.mark.parametrize("layout", ["5.1", "7.1"])
def test_a_surround_source_draws_as_the_mix_plays_it(tmp_path, layout):
    """Dialogue in the centre channel draws at the level the fold-down plays it (−3 dB per side),
    and an 8-channel file is read at all (PyAV 18 crashed on eight planes)."""
    import av

    channels = av.AudioLayout(layout).nb_channels
    t = np.arange(48_000) / 48_000
    samples = np.zeros((channels, t.size), np.float32)
    samples[2] = 0.5 * np.sin(2 * np.pi * 440 * t)  # FC
    path = tmp_path / f"surround-{layout}.wav"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("pcm_s16le", rate=48_000)
        stream.layout = layout
        block = np.round(samples.T * 32767).astype(np.int16).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(block, format="s16", layout=layout)
        frame.sample_rate, frame.pts = 48_000, 0
        for packet in [*stream.encode(frame), *stream.encode()]:
            container.mux(packet)
    peaks = waveform_peaks(path, peaks_per_second=10)
    assert abs(float(peaks[:, 1].max()) - 0.5 * 0.7071) < 0.01
