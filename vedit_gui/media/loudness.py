"""Programme loudness as ITU-R BS.1770-4 / EBU R128 measure it: K-weighted, gated, in LUFS.

Editors level clips by loudness, not by peak: a whisper and a shout peak alike. The measure
is the standard one: each channel K-weighted (a high-frequency shelf and a low cut that
follow how loud sound seems), its mean square over 400 ms blocks stepping 100 ms, blocks
quieter than −70 LUFS dropped, then blocks more than 10 LU below the rest dropped, and the
remainder averaged. The K-weighting is applied in the frequency domain, block by block: the
filter's response is a few milliseconds long against a block's 400, so the energy it gives
is the time-domain filter's to a few hundredths of a dB, with NumPy alone.

True peak (dBTP, BS.1770-4 Annex 2) is the largest of the sound oversampled four times: the
peak a player's or an encoder's reconstruction reaches between the samples, which the samples
themselves can miss by up to 3 dB. Delivery specs cap it (−1 dBTP for the web and EBU R128).
"""

from __future__ import annotations

import numpy as np

RATE = 48000  # the rate the standard's filter coefficients are given at (read sound at it)
BLOCK_S, STEP_S = 0.4, 0.1
ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0
# BS.1770-4's two K-weighting stages at 48 kHz: (b, a) of the shelf, then of the low cut.
_SHELF = ((1.53512485958697, -2.69169618940638, 1.19839281085285), (1.0, -1.69065929318241, 0.73248077421585))
_LOW_CUT = ((1.0, -2.0, 1.0), (1.0, -1.99004745483398, 0.99007225036621))
_BATCH = 64  # blocks transformed at once (bounds the memory a long clip takes)


def _response_power(n: int) -> np.ndarray:
    """|H|² of the K-weighting at the rfft bins of an ``n``-sample block."""
    z = np.exp(-1j * np.pi * np.arange(n // 2 + 1) / (n / 2))  # e^{-jω} at each bin
    power = np.ones(n // 2 + 1)
    for b, a in (_SHELF, _LOW_CUT):
        h = (b[0] + b[1] * z + b[2] * z * z) / (a[0] + a[1] * z + a[2] * z * z)
        power *= np.abs(h) ** 2
    return power


def block_powers(samples: np.ndarray) -> np.ndarray:
    """The K-weighted mean square of each 400 ms block (stepping 100 ms) of ``samples``
    ((channels, n) float at :data:`RATE`), summed over the channels (front channels weigh 1)."""
    size, step = round(BLOCK_S * RATE), round(STEP_S * RATE)
    channels, n = samples.shape
    if n < size:
        return np.zeros(0)
    count = 1 + (n - size) // step
    weight = _response_power(size)
    # Parseval: a block's mean square is Σ|X_k|² / n² over the full spectrum; rfft's inner
    # bins stand for two.
    double = np.full(size // 2 + 1, 2.0)
    double[0] = 1.0
    if size % 2 == 0:
        double[-1] = 1.0
    powers = np.empty(count)
    for first in range(0, count, _BATCH):
        last = min(count, first + _BATCH)
        starts = np.arange(first, last) * step
        blocks = np.stack([samples[:, s : s + size] for s in starts], axis=1)  # (channels, blocks, size)
        spectrum = np.abs(np.fft.rfft(blocks.astype(np.float64), axis=-1)) ** 2
        powers[first:last] = (spectrum * weight * double).sum(axis=(0, 2)) / size**2
    return powers


def _lufs(power: np.ndarray | float) -> np.ndarray | float:
    with np.errstate(divide="ignore"):
        return -0.691 + 10.0 * np.log10(power)


TRUE_PEAK_FACTOR = 4  # BS.1770-4's oversampling at 48 kHz
TRUE_PEAK_TAPS = 16
"""Input samples each interpolated point is made from (a 64-tap windowed sinc in all; the
standard's own 48-tap filter is of the same kind)."""


def _interpolators() -> np.ndarray:
    """(factor - 1, taps): the windowed-sinc weights of the points between two samples, the
    ``j``-th weighting input samples ``t - taps/2 + 1 … t + taps/2`` for the point
    ``t + (j + 1) / factor`` (a Kaiser window; each row sums to one, so DC passes)."""
    half = TRUE_PEAK_TAPS // 2
    offsets = np.arange(-half + 1, half + 1)
    rows = []
    for phase in range(1, TRUE_PEAK_FACTOR):
        x = phase / TRUE_PEAK_FACTOR - offsets  # distance from each input sample, in samples
        window = np.kaiser(2 * TRUE_PEAK_TAPS + 1, 7.0)[np.round((x / half + 1) * TRUE_PEAK_TAPS).astype(int)]
        row = np.sinc(x) * window
        rows.append(row / row.sum())
    return np.array(rows)


_INTERPOLATORS = _interpolators().astype(np.float32)
TRUE_PEAK_MARGIN = TRUE_PEAK_TAPS // 2
"""Samples before and after a stretch its true peak needs (the interpolator's reach)."""
OVERSHOOT = float(np.abs(_INTERPOLATORS).sum(axis=1).max())
"""The most a point between samples can exceed the largest sample near it (the weights'
magnitudes summed, about 1.5): sound whose samples stay under ``ceiling / OVERSHOOT`` has
no true peak over ``ceiling``, and needs no oversampling to know it."""


def interval_peaks(samples: np.ndarray) -> np.ndarray:
    """The true peak of each sample interval of ``samples`` ((channels, n) float): for
    ``t`` in ``[m, n - m)``, with ``m`` :data:`TRUE_PEAK_MARGIN`, the largest magnitude over
    every channel at sample ``t`` and at the oversampled points up to sample ``t + 1``;
    (n - 2m,) float32 (empty when ``n`` is at most 2m)."""
    channels, n = samples.shape
    m = TRUE_PEAK_MARGIN
    if n <= 2 * m:
        return np.zeros(0, np.float32)
    data = samples.astype(np.float32, copy=False)
    peaks = np.abs(data[:, m : n - m]).max(axis=0)
    for channel in data:
        for weights in _INTERPOLATORS:
            # point t + phase: weights over samples t - m + 1 … t + m, for t = m … n - m - 1
            between = np.convolve(channel[1:], weights[::-1], mode="valid")[: n - 2 * m]
            np.maximum(peaks, np.abs(between), out=peaks)
    return peaks


def true_peak(samples: np.ndarray) -> float:
    """The true peak of ``samples`` ((channels, n) float at :data:`RATE`), linear (0 for
    silence): the sound is taken as silent before and after."""
    if samples.size == 0:
        return 0.0
    m = TRUE_PEAK_MARGIN
    padded = np.pad(samples.astype(np.float32, copy=False), ((0, 0), (m, m)))
    return float(interval_peaks(padded).max())


class LoudnessMeter:
    """Integrated loudness and sample peak of sound pushed in pieces (a long clip is read a
    minute at a time): blocks run on across the pieces as over one recording. With
    ``true_peak``, the true peak too (the sound taken as silent before the first piece and
    after the last)."""

    def __init__(self, *, true_peak: bool = False) -> None:
        self._tail: np.ndarray | None = None
        self._powers: list[np.ndarray] = []
        self._peak = 0.0
        self._true_peak: float | None = 0.0 if true_peak else None
        self._peak_tail: np.ndarray | None = None  # the last 2 × margin samples pushed

    def push(self, samples: np.ndarray) -> None:
        """The next ``samples`` ((channels, n) float at :data:`RATE`)."""
        if samples.size:
            self._peak = max(self._peak, float(np.abs(samples).max()))
        if self._true_peak is not None and samples.size:
            self._push_true_peak(samples)
        data = samples if self._tail is None else np.concatenate([self._tail, samples], axis=1)
        powers = block_powers(data)
        self._powers.append(powers)
        self._tail = data[:, len(powers) * round(STEP_S * RATE) :]  # where the next block starts

    def loudness(self) -> float | None:
        """The gated loudness so far in LUFS, or None when nothing is louder than the
        absolute gate (silence, or under 400 ms)."""
        powers = np.concatenate(self._powers) if self._powers else np.zeros(0)
        loud = powers[_lufs(powers) > ABSOLUTE_GATE]
        if loud.size == 0:
            return None
        relative = _lufs(loud.mean()) + RELATIVE_GATE
        kept = loud[_lufs(loud) > relative]
        return float(_lufs(kept.mean()))

    def peak_db(self) -> float:
        """The largest sample so far, in dB against full scale (−inf for silence)."""
        with np.errstate(divide="ignore"):
            return float(20.0 * np.log10(self._peak))

    def _push_true_peak(self, samples: np.ndarray) -> None:
        m = TRUE_PEAK_MARGIN
        tail = self._peak_tail if self._peak_tail is not None else np.zeros((samples.shape[0], 2 * m), np.float32)
        data = np.concatenate([tail, samples.astype(np.float32, copy=False)], axis=1)
        assert self._true_peak is not None
        if float(np.abs(data).max()) * OVERSHOOT > self._true_peak:  # else nothing here can be higher
            self._true_peak = max(self._true_peak, float(interval_peaks(data).max(initial=0.0)))
        self._peak_tail = data[:, -2 * m :]

    def true_peak_db(self) -> float:
        """The true peak so far in dBTP (−inf for silence); the meter must count it."""
        if self._true_peak is None:
            raise ValueError("this meter was made without true_peak")
        peak = self._true_peak
        if self._peak_tail is not None:  # the last samples' intervals, silence after them
            end = np.pad(self._peak_tail, ((0, 0), (0, TRUE_PEAK_MARGIN)))
            peak = max(peak, float(interval_peaks(end).max(initial=0.0)))
        with np.errstate(divide="ignore"):
            return float(20.0 * np.log10(peak))


def integrated_loudness(samples: np.ndarray) -> float | None:
    """The gated loudness of ``samples`` ((channels, n) float at :data:`RATE`) in LUFS, or
    None when nothing in it is louder than the absolute gate."""
    meter = LoudnessMeter()
    meter.push(samples)
    return meter.loudness()


__all__ = ["RATE", "TRUE_PEAK_MARGIN", "LoudnessMeter", "block_powers", "integrated_loudness", "interval_peaks",
           "true_peak"]
