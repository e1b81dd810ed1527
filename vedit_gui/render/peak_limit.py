"""The mix's last stage: a look-ahead peak limiter that keeps the sound under its ceiling.

Sound summed past full scale (two loud tracks at once, a 5.1 source folded down, a mix raised
to a loudness target) is turned down just before and while it would pass the ceiling,
instead of having its tops cut off (clipping: a harsh buzz, and worse after AAC). Where the
sound stays under the ceiling, the gain is exactly 1 and every sample passes untouched.

The gain follows the loudest channel (the stereo image stays put) and is worked out on
chunks of a third of a millisecond: each chunk's needed gain (ceiling / its peak, at most 1)
is held for :data:`HOLD_S` (a bass note's cycles are not each turned down and up, which would
distort it), released no faster than :data:`RELEASE_S` from no gain to full (no pumping on
brief peaks), and reached over :data:`LOOKAHEAD_S` before the peak by a moving average, so
it moves smoothly (no clicks) and is never above what any chunk it spans needs. In the
``true_peak`` mode a chunk's peak is its true peak (4× oversampled, as BS.1770-4 measures
it), for delivery specs that cap dBTP.

Every output sample's gain depends only on the sound from :data:`RELEASE_S` + :data:`HOLD_S`
+ :data:`LOOKAHEAD_S` before it to :data:`LOOKAHEAD_S` after it, on a grid fixed to sample 0:
any range reads the same however it is reached (the preview starting anywhere, an in-to-out
export, the whole render). Reads that follow one another reuse what the last one worked out,
so the source is read once, front to back.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..media.loudness import OVERSHOOT, TRUE_PEAK_MARGIN, interval_peaks

LOOKAHEAD_S = 0.005
HOLD_S = 0.05
RELEASE_S = 0.2
CHUNK_S = 1 / 3000
TRUE_PEAK_SAFETY = 10 ** (-0.1 / 20)
"""The true-peak mode aims 0.1 dB under its ceiling: the gain is smooth, not constant, so the
limited sound's reconstruction can differ from the gain times the source's by a hair."""

Source = Callable[[int, int], np.ndarray]


class PeakLimiter:
    """``source(start, count)`` ((channels, count) float32 from output sample ``start``)
    held at or under ``ceiling`` (linear), sample peak or, with ``true_peak``, true peak."""

    def __init__(self, source: Source, sample_rate: int, ceiling: float = 1.0, *, true_peak: bool = False) -> None:
        self._source = source
        self.ceiling = ceiling
        self.true_peak = true_peak
        self._aim = ceiling * TRUE_PEAK_SAFETY if true_peak else ceiling
        self._chunk = max(1, round(sample_rate * CHUNK_S))
        per_chunk = sample_rate / self._chunk
        self._ahead = max(1, round(LOOKAHEAD_S * per_chunk))
        self._hold = max(1, round(HOLD_S * per_chunk))
        self._release = max(1, round(RELEASE_S * per_chunk))
        self._margin = TRUE_PEAK_MARGIN if true_peak else 0
        # Source samples [_raw_start, _raw_start + _raw.shape[1]) read last, and the needed
        # gain of chunks [_need_start, _need_start + len(_need)).
        self._raw: np.ndarray | None = None
        self._raw_start = 0
        self._need = np.ones(0)
        self._need_start = 0

    def read(self, start: int, count: int) -> np.ndarray:
        """Output samples ``[start, start + count)`` as float32 (channels, count)."""
        c = self._chunk
        first, last = start // c, (start + max(count, 1) - 1) // c
        # The chunks whose needed gain the gain of chunks first … last + 1 depends on.
        lo = first - self._ahead - self._release - self._hold
        hi = last + self._ahead + 3
        if not (self._need_start <= lo <= self._need_start + len(self._need)):
            self._need, self._need_start = np.ones(0), lo  # a jump: worked out afresh
        new = self._need_start + len(self._need)
        raw_from = min(start, new * c - self._margin)
        raw = self._raw_range(raw_from, max(start + count, hi * c + self._margin))
        if hi > new:
            self._need = np.concatenate([self._need, self._needed(raw, raw_from, new, hi)])
        needed = self._need[lo - self._need_start : hi - self._need_start]
        # Keep what the next read on from here needs, no more.
        keep = (start + count) // c - self._ahead - self._release - self._hold - 1
        if keep > self._need_start:
            self._need = self._need[keep - self._need_start :]
            self._need_start = keep
        self._trim_raw(min(start + count, hi * c - self._margin))
        out = raw[:, start - raw_from : start - raw_from + count].copy()
        if needed.min() >= 1.0:
            return out  # nothing near passes the ceiling: the sound as it is
        gain = self._gain(needed, first, start, count)
        out *= gain
        return np.clip(out, -self.ceiling, self.ceiling, out=out)

    def _raw_range(self, a: int, b: int) -> np.ndarray:
        """Source samples ``[a, b)``, reading only what the last read did not."""
        raw, at = self._raw, self._raw_start
        if raw is not None and at <= a <= at + raw.shape[1]:
            end = at + raw.shape[1]
            if b > end:
                raw = np.concatenate([raw, self._source(end, b - end)], axis=1)
        else:
            raw, at = self._source(a, b - a), a
        self._raw, self._raw_start = raw, at
        return raw[:, a - at : b - at]

    def _trim_raw(self, keep_from: int) -> None:
        if self._raw is not None and keep_from > self._raw_start:
            self._raw = self._raw[:, keep_from - self._raw_start :]
            self._raw_start = keep_from

    def _needed(self, raw: np.ndarray, raw_from: int, lo: int, hi: int) -> np.ndarray:
        """The gain chunks ``[lo, hi)`` need (at most 1) from source samples ``raw`` (from
        ``raw_from``, with the true-peak margin either side)."""
        c, m = self._chunk, self._margin
        span = raw[:, lo * c - m - raw_from : hi * c + m - raw_from]
        if self.true_peak and float(np.abs(span).max()) * OVERSHOOT <= self._aim:
            return np.ones(hi - lo)  # no point between these samples can reach the ceiling
        peaks = interval_peaks(span) if self.true_peak else np.abs(span).max(axis=0)
        chunk_peaks = peaks.reshape(hi - lo, c).max(axis=1).astype(np.float64)
        with np.errstate(divide="ignore"):
            return np.minimum(1.0, self._aim / chunk_peaks)

    def _gain(self, needed: np.ndarray, first: int, start: int, count: int) -> np.ndarray:
        """The gain of output samples ``[start, start + count)`` (float32) from the needed
        gain of the chunks the read depends on (``needed`` starts ``ahead + release + hold``
        chunks before chunk ``first``)."""
        ahead, hold, release = self._ahead, self._hold, self._release
        windows = np.lib.stride_tricks.sliding_window_view
        # Held: the least any chunk from `hold` before to `ahead + 1` after needs.
        held = windows(needed, hold + ahead + 2).min(axis=1)
        # Released: rising no faster than from 0 to 1 over `release` chunks.
        cone = np.arange(release, -1, -1) / release
        released = np.minimum(1.0, (windows(held, release + 1) + cone).min(axis=1))
        # Attacked: the average over `ahead + 1` chunks, reaching each peak's gain by its chunk.
        cuts = np.concatenate([[0.0], np.cumsum(1.0 - released)])
        per_chunk = 1.0 - (cuts[ahead + 1 :] - cuts[: -ahead - 1]) / (ahead + 1)
        # per_chunk[i] is chunk first + i; samples lie between their chunk's gain and the next's.
        t = np.arange(start, start + count)
        at = t // self._chunk - first
        frac = (t % self._chunk) / self._chunk
        gain = per_chunk[at] + (per_chunk[at + 1] - per_chunk[at]) * frac
        return np.where(gain > 1.0 - 1e-9, 1.0, gain).astype(np.float32)
