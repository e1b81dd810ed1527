"""Sound files of any channel layout (mono to 7.1) for fold-down and loudness tests, and
measures of what a render wrote: a tone's level per channel, its distortion."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

RATE = 48000


def sine(freq: float, seconds: float, amplitude: float = 1.0, rate: int = RATE) -> np.ndarray:
    """float32 (n,)."""
    t = np.arange(round(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def write_sound(path: Path, samples: np.ndarray, layout: str, *, codec: str = "pcm_s16le", rate: int = RATE) -> Path:
    """``samples`` ((channels, n) float) as a file of sound only in ``layout`` ("5.1", "7.1",
    …): 16-bit PCM by default (a WAV keeps the layout's channel names; Matroska's PCM does not),
    full scale written as 32767."""
    channels = av.AudioLayout(layout).nb_channels
    assert samples.shape[0] == channels, (samples.shape, layout)
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=rate)
        stream.layout = layout
        for start in range(0, samples.shape[1], 1024):
            block = np.ascontiguousarray(samples[:, start : start + 1024].T)  # interleaved
            if codec == "pcm_s16le":
                frame = av.AudioFrame.from_ndarray(
                    np.round(np.clip(block, -1, 1) * 32767).astype(np.int16).reshape(1, -1), format="s16", layout=layout)
            else:
                frame = av.AudioFrame.from_ndarray(block.T.copy(), format="fltp", layout=layout)
            frame.sample_rate = rate
            frame.pts = start
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def decoded_pcm(path: Path) -> np.ndarray:
    """The first sound stream as decoded, float32 (channels, n), in its own channels (no
    resampling, so a render's samples are read exactly as written; 16-bit as n / 32768, 24-bit
    (decoded into 32) as n / 2^31)."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        blocks = []
        for frame in container.decode(stream):
            data = frame.to_ndarray()
            if not frame.format.is_planar:
                data = data.reshape(-1, len(frame.layout.channels)).T
            scale = {np.dtype(np.int16): 32768.0, np.dtype(np.int32): 2147483648.0}.get(data.dtype)
            blocks.append(data / scale if scale else data)
    return np.concatenate(blocks, axis=1).astype(np.float32)


def tone_level(samples: np.ndarray, freq: float, rate: int = RATE) -> np.ndarray:
    """The amplitude of the ``freq`` component in each channel of ``samples`` ((channels, n):
    a whole number of cycles is best; a Hann window keeps near tones apart)."""
    n = samples.shape[1]
    window = np.hanning(n)
    spectrum = np.fft.rfft(samples * window, axis=1)
    k = round(freq * n / rate)
    return 2 * np.abs(spectrum[:, k - 1 : k + 2]).max(axis=1) / window.sum()


def distortion_db(channel: np.ndarray, freq: float, rate: int = RATE) -> float:
    """What is left of ``channel`` once the best-fitting sine at ``freq`` is taken out, in dB
    against that sine: −60 for a clean tone, about −20 for one clipped a few dB."""
    t = np.arange(channel.size) / rate
    basis = np.stack([np.sin(2 * np.pi * freq * t), np.cos(2 * np.pi * freq * t), np.ones_like(t)], axis=1)
    fit, *_ = np.linalg.lstsq(basis, channel.astype(np.float64), rcond=None)
    residual = channel - basis @ fit
    return float(10 * np.log10(np.mean(residual**2) / np.mean((basis @ fit) ** 2)))
