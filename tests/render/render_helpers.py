"""Helpers for render tests: flat-colour sources; decode a rendered file back to indices,
samples and its rate."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from mediagen import make_video, read_index

from vedit_gui.media import media_reference, probe
from vedit_gui.timeline import MediaReference

NTSC = Fraction(30000, 1001)


def make_solid(
    path: Path, colour: tuple[int, int, int], frames: int = 24, *, bt709: bool = False,
    tag: bool = True, size: tuple[int, int] = (64, 48), pix_fmt: str | None = None,
) -> MediaReference:
    """A silent, losslessly coded H.264 file of one flat colour, tiny unless ``size`` says
    otherwise (``bt709``: coded in that matrix and, where ``tag``, tagged so)."""
    picture = np.empty((size[1], size[0], 3), np.uint8)
    picture[:] = colour
    make_video(path, frames, width=size[0], height=size[1], rate=NTSC, audio=False, bframes=0,
               options={"qp": "0"}, picture=lambda _i: picture, bt709=bt709, tag=tag, pix_fmt=pix_fmt)
    return media_reference(probe(path))


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


def yuv420_drift(timeline, plain, indices) -> list[tuple[float, float]]:
    """For each frame index: how far the 4:2:0 frames ``timeline`` feeds the encoder are from its
    R'G'B' preview, beside the same for ``plain`` (the source passed through untouched: the
    conversion's own difference, the yardstick). Mean absolute levels."""
    from vedit_gui.render import TimelineVideo

    with TimelineVideo(timeline) as video, TimelineVideo(plain) as untouched:
        fed = {frame: picture.to_ndarray(format="rgb24") for frame, picture in video.av_frames(pix_fmt="yuv420p")}
        passed = {frame: picture.to_ndarray(format="rgb24") for frame, picture in untouched.av_frames(pix_fmt="yuv420p")}
        return [(float(np.abs(fed[i].astype(int) - video.frame_at(i)).mean()),
                 float(np.abs(passed[i].astype(int) - untouched.frame_at(i)).mean())) for i in indices]
