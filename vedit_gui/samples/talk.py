"""Synthetic speech over room tone, with pauses placed where we know them.

Used to measure pause finding (``bench/pauses.py``) and by the tests. Speech is drawn as
phrases of syllables: voiced sounds (a glottal pulse train at a speaker's pitch, which glides,
through three formant resonances) and unvoiced ones (band-passed noise, as s, f, t), with the
short gaps inside and between words that are not pauses, and a loudness that varies from
syllable to syllable and phrase to phrase. Between phrases: pauses of known length, over a
room tone (pink noise and mains hum) at a chosen level under the speech, sometimes with a
breath or a click in them, as real pauses have.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RATE = 48000


@dataclass(frozen=True)
class Talk:
    """Mono ``samples`` at :data:`RATE`, and the pauses in them (start, end) in seconds: the
    quiet before the first word and after the last count too."""

    samples: np.ndarray
    pauses: tuple[tuple[float, float], ...]

    @property
    def seconds(self) -> float:
        return len(self.samples) / RATE


def _formant_filter(x: np.ndarray, freq: float, bandwidth: float) -> np.ndarray:
    """A two-pole resonance at ``freq`` (applied in the frequency domain: the syllables are short)."""
    n = len(x)
    f = np.fft.rfftfreq(n, 1.0 / RATE)
    response = 1.0 / np.sqrt(1.0 + ((f - freq) / (bandwidth / 2)) ** 2)
    return np.fft.irfft(np.fft.rfft(x) * response, n)


def _syllable(rng: np.random.Generator, seconds: float, pitch: float) -> np.ndarray:
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    if rng.random() < 0.25:  # unvoiced: a fricative or the burst of a stop
        noise = rng.normal(0, 1, n)
        centre = rng.uniform(2500, 6000)
        out = _formant_filter(noise, centre, centre * 0.6) * 0.5
    else:
        glide = pitch * (1 + rng.uniform(-0.15, 0.15) * t / max(seconds, 1e-3))
        phase = 2 * np.pi * np.cumsum(glide) / RATE
        pulses = np.sign(np.sin(phase)) * (np.abs(np.sin(phase)) ** 8)  # buzz rich in harmonics
        formants = (rng.uniform(300, 850), rng.uniform(850, 2300), rng.uniform(2300, 3200))
        out = sum(_formant_filter(pulses, f, 80 + 0.1 * f) * g for f, g in zip(formants, (1.0, 0.6, 0.3), strict=True))
    envelope = np.sin(np.pi * np.clip(t / seconds, 0, 1)) ** 0.6
    out = out * envelope
    return out / (np.abs(out).max() + 1e-9)


def _room_tone(rng: np.random.Generator, n: int) -> np.ndarray:
    white = rng.normal(0, 1, n)
    spectrum = np.fft.rfft(white)
    f = np.fft.rfftfreq(n, 1.0 / RATE)
    pink = np.fft.irfft(spectrum / np.sqrt(np.maximum(f, 20.0)), n)
    pink /= pink.std() + 1e-12
    hum = 0.5 * np.sin(2 * np.pi * rng.choice([50.0, 60.0]) * np.arange(n) / RATE)
    return pink + hum


def synthetic_talk(
    seed: int,
    seconds: float = 30.0,
    *,
    snr_db: float = 35.0,
    pause_range: tuple[float, float] = (0.3, 2.5),
    noises_in_pauses: bool = True,
) -> Talk:
    """About ``seconds`` of talk: phrases of 1–4 s separated by pauses drawn from
    ``pause_range``; room tone ``snr_db`` under the speech's loud parts."""
    rng = np.random.default_rng(seed)
    pitch = rng.uniform(95, 230)
    speech_level = 10 ** (rng.uniform(-24, -12) / 20)
    pieces: list[np.ndarray] = []
    pauses: list[tuple[float, float]] = []
    at = 0
    lead = int(rng.uniform(0.3, 1.0) * RATE)  # quiet before the first word: a pause too
    pieces.append(np.zeros(lead))
    pauses.append((0.0, lead / RATE))
    at += lead
    while at < seconds * RATE:
        phrase_gain = rng.uniform(0.5, 1.0)
        phrase_end = at + rng.uniform(1.0, 4.0) * RATE
        while at < phrase_end:
            syllable = _syllable(rng, rng.uniform(0.08, 0.3), pitch) * phrase_gain * rng.uniform(0.4, 1.0)
            gap = np.zeros(int(rng.choice([rng.uniform(0.0, 0.04), rng.uniform(0.05, 0.2)], p=[0.7, 0.3]) * RATE))
            pieces += [syllable, gap]
            at += len(syllable) + len(gap)
        length = rng.uniform(*pause_range)
        gap = np.zeros(int(length * RATE))
        pauses.append((at / RATE, (at + len(gap)) / RATE))
        if noises_in_pauses and rng.random() < 0.3 and len(gap) > RATE // 2:
            # A breath (soft, breathy noise) or a click in the pause: still a pause.
            n = int(rng.uniform(0.02, 0.25) * RATE) if rng.random() < 0.6 else int(0.004 * RATE)
            start = int(rng.integers(0, len(gap) - n))
            gap[start : start + n] = rng.normal(0, rng.uniform(0.02, 0.08), n) * np.hanning(n)
        pieces.append(gap)
        at += len(gap)
    speech = np.concatenate(pieces) * speech_level
    room = _room_tone(rng, len(speech)) * speech_level * 10 ** (-snr_db / 20)
    return Talk((speech + room).astype(np.float32), tuple(pauses))


__all__ = ["RATE", "Talk", "synthetic_talk"]
