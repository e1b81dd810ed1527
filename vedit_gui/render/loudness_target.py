"""Loudness-normalised export: the mix measured, then raised or lowered to a delivery spec.

Web platforms, broadcasters and streaming services each play programmes at one loudness and
turn down (or reject) what comes louder, so deliverables name an integrated loudness and a
true-peak ceiling. Before the render, an audio-only pass mixes the timeline (or the frames
exported) as the render will and measures it (ITU-R BS.1770-4, gated: :mod:`..media.loudness`).
The render then mixes with the gain that brings it to the target, through the mix's peak
limiter at the spec's true-peak ceiling instead of full scale. Where the limiter has to turn
peaks down, the loudness falls a little short; a further pass measures the limited mix and
the gain is corrected (at most :data:`MAX_PASSES` passes in all), so the file meets the
target to within :data:`TOLERANCE_LU`. What is written is metered as it is written, and the
editor is told both figures: the mix as measured, and the file as rendered.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..media.loudness import RATE, LoudnessMeter
from .errors import RenderCancelled, RenderError

Progress = Callable[[float], None]


@dataclass(frozen=True)
class LoudnessTarget:
    """A delivery spec: integrated loudness (LUFS) and the true peak it allows (dBTP)."""

    key: str
    name: str
    lufs: float
    true_peak_db: float
    unit: str = "LUFS"
    """What the spec calls its loudness unit (ATSC says LKFS: the same scale)."""

    @property
    def label(self) -> str:
        """As the export offers it: "−14 LUFS (web)"."""
        return f"{self.lufs:.0f} {self.unit} ({self.name})".replace("-", "\u2212")

    def describe(self) -> str:
        """Plain text for messages: "-14 LUFS, -1 dBTP (web)"."""
        return f"{self.lufs:.0f} {self.unit}, {self.true_peak_db:.0f} dBTP ({self.name})"


LOUDNESS_TARGETS: dict[str, LoudnessTarget] = {
    # YouTube, Spotify, Apple Music and Tidal normalise playback to about −14 LUFS; each asks
    # for −1 dBTP at most (Spotify: −1 dBTP, or −2 for masters louder than −14).
    "web": LoudnessTarget("web", "web", -14.0, -1.0),
    # EBU R 128 (2020): −23 LUFS ±0.5 LU for broadcast, true peak at most −1 dBTP.
    "ebu-r128": LoudnessTarget("ebu-r128", "EBU R128", -23.0, -1.0),
    # ATSC A/85 (2013): −24 LKFS, true peak at most −2 dBTP.
    "atsc-a85": LoudnessTarget("atsc-a85", "ATSC A/85", -24.0, -2.0, unit="LKFS"),
}
"""The targets the export offers, by the key the command line takes."""

TOLERANCE_LU = 0.5
"""How far from the target a file may measure (EBU R 128's tolerance for live programmes)."""
AIM_LU = 0.1
"""How close to the target a pass must land before the gain is settled."""
MAX_PASSES = 4
"""Measuring passes at most: the mix as it is, then the limited mix until it lands."""
MAX_LIMITING_DB = 12.0
"""The most the limiter may turn the loudest peak down to meet a target. A mix whose peaks
stand further above its loudness (drums, a gunshot in quiet dialogue) would be squashed,
its quiet parts raised by as much; it is left short of the target, and the editor told."""

_BLOCK = RATE  # a second of sound a read


def loudness_target(target: str | LoudnessTarget | None) -> LoudnessTarget | None:
    """A target by its key (or itself); None and "as-mixed" are no target."""
    if target is None or isinstance(target, LoudnessTarget):
        return target
    if target == "as-mixed":
        return None
    try:
        return LOUDNESS_TARGETS[target]
    except KeyError:
        names = ", ".join(["as-mixed", *LOUDNESS_TARGETS])
        raise RenderError(f"unknown loudness target {target!r} (choose one of {names})") from None


@dataclass(frozen=True)
class LoudnessReport:
    """What the loudness pass found and what the render wrote. LUFS are None for silence
    (nothing above BS.1770's −70 LUFS gate)."""

    target: LoudnessTarget
    measured_lufs: float | None
    """The mix as mixed."""
    measured_peak_db: float
    """Its true peak (dBTP)."""
    gain_db: float
    """The gain applied before the limiter."""
    final_lufs: float | None
    """The sound written (before the encoder), None where not metered."""
    final_peak_db: float | None
    """Its true peak (dBTP)."""
    passes: int = 1
    ceiling_db: float | None = None
    """The limiter's ceiling (dBTP): the target's, or under it by the codec's headroom."""

    @property
    def ceiling(self) -> float:
        return self.target.true_peak_db if self.ceiling_db is None else self.ceiling_db

    @property
    def limited(self) -> bool:
        """Whether the gain took peaks past the ceiling, so the limiter turned them down."""
        return self.measured_peak_db + self.gain_db > self.ceiling

    @property
    def on_target(self) -> bool:
        return self.final_lufs is not None and abs(self.final_lufs - self.target.lufs) <= TOLERANCE_LU

    def summary(self) -> str:
        """One sentence for the editor: what the mix measured, what the file does."""
        if self.measured_lufs is None:
            return f"Loudness: the mix is silent, so it was left as mixed (target {self.target.describe()})."
        text = (f"Loudness: the mix measured {self.measured_lufs:.1f} LUFS, peak {self.measured_peak_db:.1f} dBTP; "
                f"{self.gain_db:+.1f} dB")
        if self.limited:
            text += f" with peaks held under {self.ceiling:.0f} dBTP"
        if self.final_lufs is not None and self.final_peak_db is not None:
            text += f" makes it {self.final_lufs:.1f} LUFS, peak {self.final_peak_db:.1f} dBTP before encoding"
        text += f" (target {self.target.describe()})."
        if self.final_lufs is not None and not self.on_target:
            text += f" It is {self.final_lufs - self.target.lufs:+.1f} LU off the target"
            if self.limited and self.measured_peak_db + self.gain_db - self.ceiling >= MAX_LIMITING_DB - 0.05:
                text += (f": its peaks stand too far above its loudness to be held down more than "
                         f"{MAX_LIMITING_DB:.0f} dB; lower them in the mix, or compress it")
            text += "."
        return text


class Mix(Protocol):
    """What a measure reads: an :class:`~.audio_mix.AudioMix` or a ``MixExcerpt``."""

    length: int

    def read(self, start: int, count: int) -> np.ndarray: ...

    def close(self) -> None: ...


OpenMix = Callable[[float, bool], Mix]
"""A fresh mix of what the render writes, at :data:`RATE`: (gain in dB, limited at the
target's ceiling) → the mix."""


def measure_mix(
    mix: Mix, progress: Progress | None, cancel: threading.Event | None, *, true_peak: bool = True,
) -> LoudnessMeter:
    """Read ``mix`` front to back into a meter (with ``true_peak``, that too), with progress
    and cancel."""
    meter = LoudnessMeter(true_peak=true_peak)
    try:
        for start in range(0, mix.length, _BLOCK):
            if cancel is not None and cancel.is_set():
                raise RenderCancelled("the render was cancelled")
            meter.push(mix.read(start, min(_BLOCK, mix.length - start)))
            if progress is not None:
                progress(min(1.0, (start + _BLOCK) / max(1, mix.length)))
    finally:
        mix.close()
    return meter


def plan_gain(
    target: LoudnessTarget, open_mix: OpenMix, progress: Progress | None = None,
    cancel: threading.Event | None = None, *, ceiling_db: float | None = None,
) -> LoudnessReport:
    """The gain that brings the mix to ``target``: measured as mixed, then, where peaks will
    pass the limiter's ceiling (``ceiling_db``, dBTP; the target's unless the codec needs
    headroom), measured again limited until within :data:`AIM_LU` (the report's final
    figures are left for the render to meter). Progress runs 0 → 1 over the passes (each
    further pass takes half of what is left); ``cancel`` stops with :class:`RenderCancelled`."""
    ceiling = target.true_peak_db if ceiling_db is None else ceiling_db
    done = 0.0

    def stage(share: float) -> Progress:
        def report(fraction: float) -> None:
            if progress is not None:
                progress(done + share * fraction)
        return report

    first = measure_mix(open_mix(0.0, False), stage(0.5), cancel)
    done = 0.5
    measured, peak = first.loudness(), first.true_peak_db()
    if measured is None:
        return LoudnessReport(target, None, peak, 0.0, None, None, ceiling_db=ceiling)
    most = ceiling - peak + MAX_LIMITING_DB
    gain = min(target.lufs - measured, most)
    passes = 1
    # (gain, loudness) known: below the gain that brings the peaks to the ceiling, the
    # loudness follows the gain dB for dB.
    known = (ceiling - peak, measured + ceiling - peak)
    while peak + gain > ceiling and passes < MAX_PASSES:  # the limiter works: see what it leaves
        share = (1.0 - done) / 2 if passes < MAX_PASSES - 1 else 1.0 - done
        limited = measure_mix(open_mix(gain, True), stage(share), cancel, true_peak=False).loudness()
        done += share
        passes += 1
        if limited is None or abs(limited - target.lufs) <= AIM_LU:
            break
        # Secant: limiting gives back less than a dB a dB (never taken as under a quarter).
        slope = (limited - known[1]) / (gain - known[0]) if gain != known[0] else 1.0
        step = (target.lufs - limited) / min(1.0, max(0.25, slope))
        if gain >= most and step > 0:
            break  # as loud as it may be made
        known, gain = (gain, limited), min(most, gain + step)
    if progress is not None:
        progress(1.0)
    return LoudnessReport(target, measured, peak, gain, None, None, passes, ceiling)
