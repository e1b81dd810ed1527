"""The sample's soundtrack: a mood per shot (chords, noise textures, rhythm) over room tone.

Shots hand over to each other with short equal-power crossfades at cuts, along the whole
dissolve, and through the fade (the room tone carries on under the black), so no shot
boundary clicks. One stretch of exact digital silence sits inside a shot, ramped in and
out over a few milliseconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .plan import SamplePlan

SAMPLE_RATE = 48000
CUT_CROSSFADE_S = 0.03
SILENCE_RAMP_S = 0.02
PEAK = 0.7


@dataclass(frozen=True)
class Mood:
    """What a shot sounds like."""

    chord: tuple[float, ...]
    pad: float
    texture: str
    texture_level: float
    bpm: float
    kit: tuple[str, ...]
    melody: float = 0.0
    chirps: bool = False


MOODS: dict[str, Mood] = {
    "valley": Mood((220.0, 277.18, 329.63, 440.0), 0.16, "wind", 0.05, 84, ("shaker",), melody=0.10, chirps=True),
    "rocket": Mood((73.42, 110.0, 146.83), 0.12, "rumble", 0.08, 100, ("kick", "kick-hat")),
    "coffee": Mood((174.61, 220.0, 261.63, 329.63), 0.10, "air", 0.03, 96, ("hat",), melody=0.16),
    "astronaut": Mood((130.81, 155.56, 196.0, 233.08), 0.18, "air", 0.03, 120, ("kick", "hat", "hat")),
    "chelsea": Mood((196.0, 246.94, 293.66, 392.0), 0.10, "air", 0.02, 110, ("shaker", "hat"), melody=0.18),
    "hubble": Mood((329.63, 493.88, 659.26, 987.77), 0.16, "air", 0.015, 60, ()),
    "lake": Mood((146.83, 220.0, 293.66, 369.99), 0.16, "water", 0.06, 70, ("kick",), melody=0.08),
}


class SoundtrackError(ValueError):
    """The plan names a shot with no mood."""


def _ramp(n: int) -> np.ndarray:
    """A raised-cosine rise of ``n`` samples from 0 to 1."""
    return (0.5 - 0.5 * np.cos(np.linspace(0, math.pi, max(n, 2)))).astype(np.float32)[:n]


def _shape_noise(n: int, rng: np.random.Generator, low: float, high: float, tilt: float, sr: int) -> np.ndarray:
    """White noise shaped in the frequency domain: a band with a 1/f**tilt slope."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / sr)
    band = 1 / (1 + (low / np.maximum(freqs, 1e-3)) ** 4) / (1 + (freqs / high) ** 4)
    spectrum *= band / np.maximum(freqs, 20.0) ** (tilt / 2)
    out = np.fft.irfft(spectrum, n)
    return (out / (np.sqrt(np.mean(out**2)) + 1e-12)).astype(np.float32)


def _texture(kind: str, n: int, rng: np.random.Generator, sr: int) -> np.ndarray:
    t = np.arange(n, dtype=np.float32) / sr
    if kind == "wind":
        gust = 0.6 + 0.4 * np.sin(2 * np.pi * 0.23 * t + rng.uniform(0, 6)) * np.sin(2 * np.pi * 0.07 * t + 1)
        return _shape_noise(n, rng, 80, 900, 1.0, sr) * gust
    if kind == "rumble":
        swell = 0.5 + 0.5 * np.minimum(1, t / max(t[-1], 1e-3) * 1.5)
        return _shape_noise(n, rng, 25, 220, 1.5, sr) * swell
    if kind == "water":
        lap = 0.7 + 0.3 * np.sin(2 * np.pi * 0.4 * t + rng.uniform(0, 6))
        return _shape_noise(n, rng, 300, 2500, 0.8, sr) * lap
    return _shape_noise(n, rng, 200, 6000, 1.0, sr)


def _pad(chord: tuple[float, ...], n: int, rng: np.random.Generator, sr: int) -> np.ndarray:
    t = np.arange(n, dtype=np.float64) / sr
    out = np.zeros((2, n), np.float64)
    for note in chord:
        for channel, detune in enumerate((0.9985, 1.0015)):
            f = note * detune
            phase = rng.uniform(0, 2 * np.pi)
            tone = np.sin(2 * np.pi * f * t + phase) + 0.3 * np.sin(4 * np.pi * f * t + phase) + 0.1 * np.sin(6 * np.pi * f * t)
            out[channel] += tone * (0.8 + 0.2 * np.sin(2 * np.pi * rng.uniform(0.1, 0.3) * t + phase))
    return (out / (len(chord) * 1.4)).astype(np.float32)


def _hit(kind: str, freq: float, sr: int, rng: np.random.Generator) -> np.ndarray:
    """One percussive or plucked event, starting and ending at zero."""
    length = {"kick": 0.4, "hat": 0.08, "shaker": 0.12, "pluck": 1.2, "chirp": 0.09}[kind]
    n = int(length * sr)
    t = np.arange(n, dtype=np.float64) / sr
    if kind == "kick":
        sweep = 45 + 80 * np.exp(-t * 30)
        sound = np.sin(2 * np.pi * np.cumsum(sweep) / sr) * np.exp(-t * 9)
    elif kind == "hat":
        sound = _shape_noise(n, rng, 5000, 12000, 0.0, sr) * np.exp(-t * 55) * 0.06
    elif kind == "shaker":
        sound = _shape_noise(n, rng, 3000, 9000, 0.0, sr) * np.exp(-np.abs(t - 0.02) * 40) * 0.18
    elif kind == "chirp":
        sweep = freq * (1 + 0.4 * np.sin(np.pi * t / length))
        sound = np.sin(2 * np.pi * np.cumsum(sweep) / sr) * np.sin(np.pi * t / length) ** 2 * 0.25
    else:
        sound = sum(np.sin(2 * np.pi * k * freq * t) * np.exp(-t * (2.5 + 2 * k)) / k**1.5 for k in range(1, 5))
    attack = min(n, int(0.003 * sr))
    sound[:attack] *= _ramp(attack)
    release = min(n, int(0.01 * sr))
    sound[n - release:] *= _ramp(release)[::-1]
    return sound.astype(np.float32)


def _add(track: np.ndarray, sound: np.ndarray, start: int, gains: tuple[float, float]) -> None:
    end = min(track.shape[1], start + len(sound))
    if start >= end:
        return
    for channel in range(2):
        track[channel, start:end] += gains[channel] * sound[: end - start]


def _shot_audio(mood: Mood, n: int, rng: np.random.Generator, sr: int) -> np.ndarray:
    out = _pad(mood.chord, n, rng, sr) * mood.pad
    for channel in range(2):
        out[channel] += _texture(mood.texture, n, rng, sr) * mood.texture_level
    if mood.kit or mood.melody:
        beat = int(sr * 60 / mood.bpm / 2)  # eighth notes
        for step, start in enumerate(range(int(rng.integers(0, beat)), n, beat)):
            kind = mood.kit[step % len(mood.kit)] if mood.kit else ""
            if kind in ("kick", "kick-hat") and step % 4 == 0:
                _add(out, _hit("kick", 0, sr, rng), start, (0.3, 0.3))
            if kind in ("hat", "kick-hat", "shaker") and step % 2 == 1:
                pan = float(rng.uniform(0.3, 0.7))
                _add(out, _hit("shaker" if kind == "shaker" else "hat", 0, sr, rng), start, (1 - pan, pan))
            if mood.melody and step % 3 != 2:
                note = mood.chord[int(rng.integers(0, len(mood.chord)))] * 2
                pan = float(rng.uniform(0.25, 0.75))
                _add(out, _hit("pluck", note, sr, rng) * mood.melody, start, (1 - pan, pan))
    if mood.chirps:
        for start in np.sort(rng.integers(0, max(1, n - sr // 5), max(1, n // (sr // 3)))):
            pan = float(rng.uniform(0.1, 0.9))
            _add(out, _hit("chirp", float(rng.uniform(2800, 4200)), sr, rng), int(start), (1 - pan, pan))
    return out


def _envelopes(plan: SamplePlan, n: int, sr: int) -> list[tuple[int, np.ndarray]]:
    """Each shot's gain over time as (first sample, gain curve)."""
    rate = float(plan.rate)

    def sample(frame: float) -> int:
        return min(n, max(0, round(frame / rate * sr)))

    rises: list[tuple[int, int, str]] = [(0, 0, "none")]
    falls: list[tuple[int, int, str]] = []
    for tr in plan.transitions:
        if tr.kind == "cut":
            mid = sample(tr.last)
            half = int(CUT_CROSSFADE_S * sr / 2)
            window = (mid - half, mid + half, "power")
            falls.append(window)
            rises.append(window)
        elif tr.kind == "dissolve":
            window = (sample(tr.first), sample(tr.last + 1), "power")
            falls.append(window)
            rises.append(window)
        else:
            (oa, ob), _, (ia, ib) = tr.parts
            falls.append((sample(oa), sample(ob + 1), "cosine"))
            rises.append((sample(ia), sample(ib + 1), "cosine"))
    falls.append((n, n, "none"))

    envelopes = []
    for (ra, rb, rshape), (fa, fb, fshape) in zip(rises, falls, strict=True):
        gain = np.ones(fb - ra, np.float32)
        if rb > ra:
            x = np.linspace(0, 1, rb - ra, dtype=np.float32)
            gain[: rb - ra] = np.sin(np.pi / 2 * x) if rshape == "power" else _ramp(rb - ra)
        if fb > fa:
            x = np.linspace(0, 1, fb - fa, dtype=np.float32)
            gain[fa - ra:] *= np.cos(np.pi / 2 * x) if fshape == "power" else _ramp(fb - fa)[::-1]
        envelopes.append((ra, gain))
    return envelopes


def soundtrack(plan: SamplePlan, seed: int, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """The whole soundtrack as planar float32 stereo, shape (2, samples), as long as the picture."""
    n = round(plan.frames / plan.rate * sample_rate)
    rng = np.random.default_rng(seed)
    mix = np.zeros((2, n), np.float32)
    for shot, (start, gain) in zip(plan.shots, _envelopes(plan, n, sample_rate), strict=True):
        mood = MOODS.get(shot.spec.scene)
        if mood is None:
            raise SoundtrackError(f"no mood for shot scene {shot.spec.scene!r}")
        mix[:, start:start + len(gain)] += _shot_audio(mood, len(gain), rng, sample_rate) * gain
    mix *= PEAK / max(float(np.abs(mix).max()), 1e-6)
    # Room tone: the soundtrack is never silent except in the planned gap.
    mix += np.stack([_shape_noise(n, rng, 60, 1200, 1.0, sample_rate) for _ in range(2)]) * 0.012

    gate = np.ones(n, np.float32)
    s0, s1 = (round(s * sample_rate) for s in plan.silence)
    ramp = int(SILENCE_RAMP_S * sample_rate)
    gate[s0:s1] = 0.0
    gate[max(0, s0 - ramp):s0] = _ramp(s0 - max(0, s0 - ramp))[::-1]
    gate[s1:s1 + ramp] = _ramp(min(ramp, n - s1))
    edge = int(0.02 * sample_rate)
    gate[:edge] *= _ramp(edge)
    gate[n - edge:] *= _ramp(edge)[::-1]
    return np.clip(mix * gate, -1, 1).astype(np.float32)
