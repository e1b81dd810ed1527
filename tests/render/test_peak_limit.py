"""The mix's peak limiter: untouched under the ceiling, smooth and steady over it, the same
samples however a range is reached, and true peaks held under a dBTP ceiling."""

from __future__ import annotations

import numpy as np
import pytest
from surround_media import RATE, distortion_db, sine

from vedit_gui.render.peak_limit import HOLD_S, LOOKAHEAD_S, RELEASE_S, PeakLimiter


def _source(samples: np.ndarray):
    """``read(start, count)`` over ``samples`` ((channels, n)), silence outside them."""

    def read(start: int, count: int) -> np.ndarray:
        out = np.zeros((samples.shape[0], count), np.float32)
        lo, hi = max(start, 0), min(start + count, samples.shape[1])
        if hi > lo:
            out[:, lo - start : hi - start] = samples[:, lo:hi]
        return out

    return read


def _front_to_back(limiter: PeakLimiter, n: int, block: int) -> np.ndarray:
    return np.concatenate([limiter.read(s, min(block, n - s)) for s in range(0, n, block)], axis=1)


def _oversampled_peak(samples: np.ndarray, factor: int = 16) -> float:
    """The peak of ``samples`` rebuilt ``factor`` times finer (band-limited, by the FFT): an
    independent reading of the true peak."""
    n = samples.shape[1]
    spectrum = np.fft.rfft(samples.astype(np.float64), axis=1)
    return float(np.abs(np.fft.irfft(spectrum, n * factor, axis=1) * factor).max())


def test_sound_under_the_ceiling_passes_bit_for_bit():
    rng = np.random.default_rng(3)
    samples = np.clip(rng.standard_normal((2, RATE)) * 0.3, -0.999, 0.999).astype(np.float32)
    limiter = PeakLimiter(_source(samples), RATE)
    out = _front_to_back(limiter, RATE, 960)
    assert np.array_equal(out, samples)


def test_a_steady_over_is_turned_down_steadily_not_clipped():
    """A tone at twice full scale: one gain all through (no ripple, so no distortion), its
    peaks just under full scale."""
    loud = np.stack([sine(220, 1.0, 2.0)] * 2)
    out = _front_to_back(PeakLimiter(_source(loud), RATE), RATE, 24000)
    steady = out[:, RATE // 4 : 3 * RATE // 4]
    assert np.abs(out).max() <= 1.0
    assert np.abs(steady).max() > 0.995
    assert max(distortion_db(channel, 220) for channel in steady) < -80


def test_a_burst_is_met_ahead_and_let_go_smoothly():
    """A 10 ms burst to 1.5 in a steady level of 0.3 (steady, so the gain reads off every
    sample): the gain falls over the look-ahead before it, holds, then rises no faster than
    the release; away from it every sample is untouched."""
    level = np.full(2 * RATE, 0.3, np.float32)
    burst_at, burst = RATE, RATE // 100
    level[burst_at : burst_at + burst] = 1.5
    out = _front_to_back(PeakLimiter(_source(np.stack([level, -level])), RATE), level.size, 960)
    assert np.abs(out).max() <= 1.0
    assert np.array_equal(out[0], -out[1])  # one gain for both sides: the image stays put
    gain = out[0] / level
    ahead = round(LOOKAHEAD_S * RATE)
    held_to = burst_at + burst + round(HOLD_S * RATE)
    settled = held_to + round((RELEASE_S + 2 * LOOKAHEAD_S) * RATE)
    falls = np.flatnonzero(gain < 1.0)
    assert burst_at - 2 * ahead <= falls[0] <= burst_at - ahead  # met ahead, not before
    assert np.array_equal(out[0, : falls[0]], level[: falls[0]])
    assert np.array_equal(out[0, settled:], level[settled:])
    assert gain[burst_at : burst_at + burst].max() == pytest.approx(1 / 1.5, abs=1e-5)  # to full scale
    assert gain[burst_at + burst : held_to - ahead].max() == pytest.approx(1 / 1.5, abs=1e-5)  # held
    # Smooth, no clicks: the fall spread over the look-ahead; the rise slower still.
    steps = np.diff(gain)
    assert -steps.min() <= (1 - 1 / 1.5) / ahead * 1.1
    assert steps.max() <= 1 / (RELEASE_S * RATE) * 1.1


@pytest.mark.parametrize("true_peak", [False, True])
def test_any_range_reads_as_the_whole_does(true_peak: bool):
    """The preview starts anywhere and an in-to-out export starts at its in: both hear
    exactly what the whole render writes there."""
    rng = np.random.default_rng(5)
    samples = (rng.standard_normal((2, 3 * RATE)) * 0.4).astype(np.float32)
    samples[:, RATE : RATE + 4000] *= 4  # limited through here
    ceiling = 10 ** (-1 / 20) if true_peak else 1.0
    whole = _front_to_back(PeakLimiter(_source(samples), RATE, ceiling, true_peak=true_peak), samples.shape[1], 24000)
    jumping = PeakLimiter(_source(samples), RATE, ceiling, true_peak=true_peak)
    for start, count in ((RATE + 1000, 5000), (17, 960), (RATE - 3000, 960), (RATE - 2040, 960), (2 * RATE, RATE)):
        assert np.array_equal(jumping.read(start, count), whole[:, start : start + count]), start


def test_the_true_peak_mode_holds_peaks_between_samples_under_the_ceiling():
    """12 kHz at 45°: its samples are 3 dB under the peak the waveform reaches between them,
    which a player's reconstruction (or an encoder's) brings back."""
    ceiling = 10 ** (-1 / 20)
    t = np.arange(RATE) / RATE
    tone = (0.95 * np.sin(2 * np.pi * 12000 * t + np.pi / 4)).astype(np.float32)
    samples = np.stack([tone, tone])
    assert np.abs(samples).max() < ceiling  # the samples alone pass
    assert _oversampled_peak(samples) > 0.94
    out = _front_to_back(PeakLimiter(_source(samples), RATE, ceiling, true_peak=True), RATE, 24000)
    assert _oversampled_peak(out[:, 4800:-4800]) <= ceiling
    assert _oversampled_peak(out[:, 4800:-4800]) > ceiling * 10 ** (-0.3 / 20)  # not far under it
