"""Loudness as ITU-R BS.1770-4 measures it: the standard's calibration, its gates, and
pieces that add up to the whole."""

from __future__ import annotations

import numpy as np
import pytest

from vedit_gui.media.loudness import RATE, LoudnessMeter, integrated_loudness


def sine(amplitude: float, seconds: float, freq: float = 1000.0) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def test_the_standards_calibration_tone_reads_minus_3_01():
    # BS.1770: a 0 dBFS 1 kHz sine in one front channel reads -3.01 LKFS.
    left = sine(1.0, 3.0)
    assert integrated_loudness(np.stack([left, np.zeros_like(left)])) == pytest.approx(-3.01, abs=0.02)


def test_the_same_tone_in_both_channels_at_minus_20_dbfs_reads_minus_20():
    tone = sine(0.1, 3.0)
    assert integrated_loudness(np.stack([tone, tone])) == pytest.approx(-20.0, abs=0.02)


def test_low_rumble_counts_for_less_than_presence():
    # K-weighting: 40 Hz is cut, 4 kHz lifted, against the same 1 kHz level.
    levels = {f: integrated_loudness(np.stack([sine(0.1, 3.0, f)] * 2)) for f in (40.0, 1000.0, 4000.0)}
    assert levels[40.0] < levels[1000.0] - 1.0 and levels[4000.0] > levels[1000.0] + 2.0


def test_pauses_do_not_pull_speech_down():
    # Two seconds of tone, two of near silence, two of tone: the gates drop the pause.
    tone, hush = sine(0.1, 2.0), sine(0.0001, 2.0)
    both = np.concatenate([tone, hush, tone])
    # Ungated, the pause would pull it to -21.8; the blocks that straddle its edges still count.
    assert -20.5 < integrated_loudness(np.stack([both, both])) < -19.9


@pytest.mark.parametrize("samples", [np.zeros((2, RATE * 2), np.float32), np.stack([sine(0.5, 0.3)] * 2)])
def test_silence_or_less_than_a_block_has_no_loudness(samples):
    assert integrated_loudness(samples) is None


def test_pieces_measure_as_the_whole():
    rng = np.random.default_rng(4)
    noise = rng.normal(0.0, 0.05, (2, RATE * 7)).astype(np.float32)
    noise[:, RATE * 2 : RATE * 3] *= 0.01
    meter = LoudnessMeter()
    for start in range(0, noise.shape[1], 37_001):  # pieces that do not line up with blocks
        meter.push(noise[:, start : start + 37_001])
    assert meter.loudness() == pytest.approx(integrated_loudness(noise), abs=1e-9)
    assert meter.peak_db() == pytest.approx(20 * np.log10(np.abs(noise).max()))
