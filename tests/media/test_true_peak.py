"""True peak (BS.1770-4 Annex 2, 4× oversampled) and the gates checked against EBU Tech
3341's reference signals, for the loudness-normalised export."""

from __future__ import annotations

import numpy as np
import pytest

from vedit_gui.media.loudness import (
    RATE,
    LoudnessMeter,
    integrated_loudness,
    interval_peaks,
    true_peak,
)


def sine(amplitude: float, seconds: float, freq: float = 1000.0, phase: float = 0.0) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    return (amplitude * np.sin(2 * np.pi * freq * t + phase)).astype(np.float32)


def _db(value: float) -> float:
    return float(20 * np.log10(value))


def test_tech_3341_the_relative_gate_keeps_loud_passages():
    """Tech 3341 case 5: −26, −20, −26 dBFS (20 s, 20.1 s, 20 s) reads −23.0; the same with the
    quiet parts at −36 (case 3: 10 s, 60 s at −23, 10 s) reads the loud part alone."""
    quiet, loud = 10 ** (-26 / 20), 10 ** (-20 / 20)
    tone = np.concatenate([sine(quiet, 20.0), sine(loud, 20.1), sine(quiet, 20.0)])
    assert integrated_loudness(np.stack([tone, tone])) == pytest.approx(-23.0, abs=0.1)
    case3 = np.concatenate([sine(10 ** (-36 / 20), 10.0), sine(10 ** (-23 / 20), 60.0), sine(10 ** (-36 / 20), 10.0)])
    assert integrated_loudness(np.stack([case3, case3])) == pytest.approx(-23.0, abs=0.1)


@pytest.mark.parametrize(("freq", "phase", "sample_db"), [(12000.0, np.pi / 4, -3.01), (1000.0, 0.3, 0.0), (6000.0, 0.1, -0.08)])
def test_true_peak_finds_the_peak_between_samples(freq: float, phase: float, sample_db: float):
    """A 12 kHz sine at 45° has every sample 3 dB under its crest: the true peak is the crest."""
    tone = np.stack([sine(1.0, 0.5, freq, phase)] * 2)
    assert _db(np.abs(tone).max()) == pytest.approx(sample_db, abs=0.05)
    assert _db(float(interval_peaks(tone).max())) == pytest.approx(0.0, abs=0.1)


def test_the_meter_reads_the_true_peak_of_pieces_as_of_the_whole():
    rng = np.random.default_rng(9)
    noise = (rng.standard_normal((2, 3 * RATE)) * 0.2).astype(np.float32)
    meter = LoudnessMeter(true_peak=True)
    for start in range(0, noise.shape[1], 10_007):
        meter.push(noise[:, start : start + 10_007])
    assert meter.true_peak_db() == pytest.approx(_db(true_peak(noise)), abs=1e-6)
    assert meter.true_peak_db() >= meter.peak_db()
    with pytest.raises(ValueError):
        LoudnessMeter().true_peak_db()


def test_silence_has_no_peak():
    assert true_peak(np.zeros((2, RATE), np.float32)) == 0.0
    meter = LoudnessMeter(true_peak=True)
    meter.push(np.zeros((2, RATE), np.float32))
    assert meter.true_peak_db() == float("-inf")
