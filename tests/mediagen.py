"""Small test media made with PyAV: frames that carry their own index, and a tone track.

Frame ``i`` shows ``i`` as 16 black/white blocks across the top third (most significant
bit first), which survives lossy coding, so a test can ask any decoded or rendered frame
which source frame it is. The rest of the picture is a moving gradient so encoders have
real motion to code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from av.video.reformatter import Colorspace

BITS = 16


def index_frame(index: int, width: int, height: int) -> np.ndarray:
    """An RGB frame whose top third encodes ``index``."""
    y = np.linspace(0, 255, height, dtype=np.float32)[:, None]
    x = np.linspace(0, 255, width, dtype=np.float32)[None, :]
    shift = (index * 7) % 256
    frame = np.empty((height, width, 3), np.uint8)
    frame[..., 0] = ((x + shift) % 256).astype(np.uint8)
    frame[..., 1] = ((y + 2 * shift) % 256).astype(np.uint8)
    frame[..., 2] = 128
    band = max(1, height // 3)
    block = width / BITS
    for bit in range(BITS):
        value = 255 if (index >> (BITS - 1 - bit)) & 1 else 0
        frame[:band, int(bit * block) : int((bit + 1) * block)] = value
    return frame


def read_index(frame: np.ndarray) -> int:
    """The index :func:`index_frame` drew, read from block centres (tolerates coding noise)."""
    height, width = frame.shape[:2]
    band = max(1, height // 3)
    block = width / BITS
    row = band // 2
    index = 0
    for bit in range(BITS):
        col = int((bit + 0.5) * block)
        luma = frame[max(0, row - 1) : row + 2, max(0, col - 1) : col + 2].mean()
        index = (index << 1) | int(luma > 127)
    return index


@dataclass(frozen=True)
class Clip:
    path: Path
    frames: int
    rate: Fraction
    width: int
    height: int


def tone(seconds: float, sample_rate: int = 48000, freq: float = 440.0, channels: int = 2) -> np.ndarray:
    """A sine tone as planar float32, shape (channels, samples)."""
    t = np.arange(int(round(seconds * sample_rate))) / sample_rate
    mono = (0.3 * np.sin(2 * np.pi * freq * t)).astype(np.float32)
    return np.repeat(mono[None, :], channels, axis=0)


def make_video(
    path: Path | str,
    frames: int = 60,
    *,
    width: int = 160,
    height: int = 96,
    rate: Fraction | int = Fraction(30000, 1001),
    codec: str = "libx264",
    gop: int = 12,
    bframes: int = 2,
    audio: bool = True,
    audio_rate: int = 48000,
    pix_fmt: str | None = None,
    rotation: int = 0,
    options: dict[str, str] | None = None,
    sample_aspect: Fraction | None = None,
    audio_samples: np.ndarray | None = None,
    audio_codec: str | None = None,
    audio_delay: Fraction | int = 0,
    picture: Callable[[int], np.ndarray] | None = None,
    bt709: bool = False,
    tag: bool = True,
    timecode: str | None = None,
) -> Clip:
    """Encode ``frames`` index frames (and a tone as long as the picture) to ``path``.

    ``audio_samples`` (float32, channels x samples) replaces the tone; ``audio_delay``
    seconds of nothing come before the sound starts (a camera whose audio starts late);
    ``picture(i)`` (H×W×3 uint8 RGB) replaces the index frames. ``bt709``: pictures are coded
    with the BT.709 matrix and, where ``tag``, the stream says so (else untagged, as many HD
    files are). ``timecode``: the first frame's, as a camera writes it (a timecode track in
    QuickTime and MP4, a tag in Matroska).
    """
    path = Path(path)
    rate = Fraction(rate)
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=rate)
        stream.width = width
        stream.height = height
        stream.pix_fmt = pix_fmt or ("yuv420p" if codec not in ("prores_ks",) else "yuv422p10le")
        stream.codec_context.gop_size = gop
        if bt709 and tag:
            stream.codec_context.colorspace = 1
            stream.codec_context.color_range = 1
        if sample_aspect is not None:
            stream.codec_context.sample_aspect_ratio = Fraction(sample_aspect)
        if codec in ("libx264", "libx265", "mpeg4", "mpeg1video", "mpeg2video"):
            stream.codec_context.max_b_frames = bframes
        opts = {"preset": "ultrafast"} if codec in ("libx264", "libx265") else {}
        if codec == "libx264" and bframes:
            opts["bf"] = str(bframes)
        if codec == "libvpx-vp9":
            opts = {"deadline": "realtime", "cpu-used": "8", "lag-in-frames": "0"}
        opts.update(options or {})
        stream.codec_context.options = opts
        if timecode is not None:
            stream.metadata["timecode"] = timecode
        if rotation:
            # The display matrix turns counter-clockwise; ``rotation`` is clockwise, as players say.
            stream.set_display_rotation(-rotation)
        astream = None
        if audio:
            astream = container.add_stream(audio_codec or _audio_codec(path), rate=audio_rate)
            astream.layout = "stereo"
        for i in range(frames):
            pixels = index_frame(i, width, height) if picture is None else picture(i)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            if bt709:
                frame = frame.reformat(format=stream.pix_fmt, dst_colorspace=Colorspace.ITU709)
                frame.colorspace, frame.color_range = (1, 1) if tag else (2, 1)
            frame.pts = i
            frame.time_base = 1 / rate
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
        if astream is not None:
            samples = tone(frames / float(rate), audio_rate) if audio_samples is None else audio_samples
            _write_audio(container, astream, samples, audio_rate, first_pts=round(Fraction(audio_delay) * audio_rate))
    return Clip(path, frames, rate, width, height)


def _audio_codec(path: Path) -> str:
    """An audio codec the container takes (WebM wants Opus, MPEG program streams MP2)."""
    return {".webm": "libopus", ".mpg": "mp2", ".mpeg": "mp2", ".avi": "mp2"}.get(path.suffix.lower(), "aac")


def _write_audio(
    container, astream, samples: np.ndarray, sample_rate: int, chunk: int = 1024, first_pts: int = 0
) -> None:
    pts = first_pts
    layout = "mono" if samples.shape[0] == 1 else "stereo"
    for start in range(0, samples.shape[1], chunk):
        block = np.ascontiguousarray(samples[:, start : start + chunk])
        frame = av.AudioFrame.from_ndarray(block, format="fltp", layout=layout)
        frame.sample_rate = sample_rate
        frame.pts = pts
        pts += block.shape[1]
        for packet in astream.encode(frame):
            container.mux(packet)
    for packet in astream.encode():
        container.mux(packet)


def make_audio_only(
    path: Path | str,
    seconds: float = 2.0,
    sample_rate: int = 48000,
    *,
    channels: int = 2,
    samples: np.ndarray | None = None,
    codec: str = "aac",
) -> Path:
    """A file with sound only: a tone, or ``samples`` (float32, channels x samples)."""
    path = Path(path)
    if samples is None:
        samples = tone(seconds, sample_rate, channels=channels)
    with av.open(str(path), "w") as container:
        astream = container.add_stream(codec, rate=sample_rate)
        astream.layout = "mono" if samples.shape[0] == 1 else "stereo"
        _write_audio(container, astream, samples, sample_rate)
    return path


def click_track(seconds: float, click_sample: int, sample_rate: int = 48000, channels: int = 2) -> np.ndarray:
    """Silence with a single full-scale sample at ``click_sample`` (float32, channels x samples)."""
    samples = np.zeros((channels, int(round(seconds * sample_rate))), np.float32)
    samples[:, click_sample] = 0.9
    return samples


def make_vfr_video(
    path: Path | str,
    frames: int = 60,
    *,
    width: int = 160,
    height: int = 96,
    durations_ms: tuple[int, ...] = (20, 40, 33, 60),
    gop: int = 12,
) -> Clip:
    """Index frames held on screen for irregular times (cycling ``durations_ms``), as phones
    record when the light drops: a variable-frame-rate H.264 file with a 1 ms time base."""
    path = Path(path)
    time_base = Fraction(1, 1000)
    pts = 0
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=30)
        stream.width = width
        stream.height = height
        stream.pix_fmt = "yuv420p"
        stream.time_base = time_base
        stream.codec_context.time_base = time_base
        stream.codec_context.gop_size = gop
        stream.codec_context.options = {"preset": "ultrafast", "bf": "0"}
        for i in range(frames):
            frame = av.VideoFrame.from_ndarray(index_frame(i, width, height), format="rgb24")
            frame.pts = pts
            frame.time_base = time_base
            pts += durations_ms[i % len(durations_ms)]
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return Clip(path, frames, Fraction(frames * 1000, pts), width, height)
