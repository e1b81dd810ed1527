"""Helpers for render tests: decode a rendered file back to indices, samples and its rate."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from mediagen import read_index

NTSC = Fraction(30000, 1001)


def decoded_frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def decoded_indices(path: Path) -> list[int]:
    return [read_index(frame) for frame in decoded_frames(path)]


def decoded_audio(path: Path) -> tuple[np.ndarray, int]:
    """The first audio stream as float32 (channels, n) and its sample rate."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        rate = stream.codec_context.sample_rate
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=rate)
        blocks = [
            out.to_ndarray()
            for frame in container.decode(stream)
            for out in resampler.resample(frame)
        ]
        blocks += [out.to_ndarray() for out in resampler.resample(None)]
    return np.concatenate(blocks, axis=1), rate


def video_rate(path: Path) -> Fraction:
    with av.open(str(path)) as container:
        return Fraction(container.streams.video[0].average_rate)
