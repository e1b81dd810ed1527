"""Render vedit's sample footage and its truth: ``python -m vedit_gui.samples.sample_footage OUT_DIR``.

Writes ``OUT_DIR/sample.mp4`` (H.264 yuv420p + AAC stereo 48 kHz at 30000/1001 fps, written
with PyAV; BT.709 and tagged so at HD sizes, as a camera writes it) and ``OUT_DIR/sample.json`` (its transitions in the evaluation set's format, plus
shots, flash and silence). The same seed gives the same pictures and sound every time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from ..render.yuv420 import camera_matrix, yuv420_frame
from .plan import DEFAULT_FRAMES, RATE, SamplePlan, build_plan
from .shots import ShotRenderer
from .soundtrack import SAMPLE_RATE, soundtrack

DEFAULT_SEED = 20261123
VIDEO_NAME = "sample.mp4"
TRUTH_NAME = "sample.json"
AUDIO_CHUNK = 1024
MIN_SECONDS, MAX_SECONDS = 4.0, 120.0


class SampleError(ValueError):
    """The sample cannot be made as asked (bad size, length or output folder)."""


@dataclass(frozen=True)
class SampleFiles:
    video: Path
    truth: Path
    plan: SamplePlan


def _check(width: int, height: int, seconds: float | None) -> int:
    if width < 32 or height < 32 or width > 3840 or height > 2160:
        raise SampleError(f"sample size {width}x{height} is outside 32x32..3840x2160")
    if width % 2 or height % 2:
        raise SampleError(f"sample size {width}x{height} must be even in both directions (yuv420p)")
    if seconds is None:
        return DEFAULT_FRAMES
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise SampleError(f"sample length {seconds} s is outside {MIN_SECONDS:g}..{MAX_SECONDS:g} s")
    return round(seconds * RATE)


def _renderer_for(plan: SamplePlan, index: int, out: tuple[int, int], seed: int) -> ShotRenderer:
    flash_frames = plan.flash if plan.shots[index].first <= plan.flash[0] <= plan.shots[index].last else None
    return ShotRenderer(plan.shots[index], out, plan.rate, seed + 101 * index, flash_frames)


def render_frames(plan: SamplePlan, width: int, height: int, seed: int):
    """Yield every finished frame of the sample in order (RGB uint8, H×W×3)."""
    renderers: dict[int, ShotRenderer] = {}
    black = np.zeros((height, width, 3), np.uint8)
    for frame in range(plan.frames):
        layers = plan.layers(frame)
        for index in [i for i in renderers if plan.shots[i].render_last < frame]:
            del renderers[index]  # a finished shot's scene can be large: let it go
        if not layers:
            yield black
            continue
        pictures = []
        for index, weight in layers:
            if index not in renderers:
                renderers[index] = _renderer_for(plan, index, (width, height), seed)
            pictures.append((renderers[index].render(frame), weight))
        if len(pictures) == 1 and pictures[0][1] == 1.0:
            yield pictures[0][0]
            continue
        mixed = sum(picture.astype(np.float32) * weight for picture, weight in pictures)
        yield np.clip(np.rint(mixed), 0, 255).astype(np.uint8)


def _write_video(path: Path, plan: SamplePlan, width: int, height: int, seed: int, crf: int, preset: str,
                 progress: Callable[[int, int], None] | None) -> None:
    audio = soundtrack(plan, seed, SAMPLE_RATE)
    with av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"}) as container:
        video = container.add_stream("libx264", rate=plan.rate)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.codec_context.gop_size = round(2 * plan.rate)
        video.codec_context.options = {"crf": str(crf), "preset": preset}
        matrix = camera_matrix(video)
        sound = container.add_stream("aac", rate=SAMPLE_RATE)
        sound.layout = "stereo"
        sound.bit_rate = 128_000
        sent = 0
        for index, picture in enumerate(render_frames(plan, width, height, seed)):
            frame = yuv420_frame(picture, matrix)
            frame.pts = index
            frame.time_base = 1 / plan.rate
            container.mux(video.encode(frame))
            # Interleave: send the audio up to the end of this frame so players stream it smoothly.
            until = min(audio.shape[1], round((index + 1) / plan.rate * SAMPLE_RATE))
            sent = _send_audio(container, sound, audio, sent, until)
            if progress is not None:
                progress(index + 1, plan.frames)
        container.mux(video.encode())
        _send_audio(container, sound, audio, sent, audio.shape[1], final=True)
        container.mux(sound.encode())


def _send_audio(container: av.container.OutputContainer, stream: av.AudioStream, audio: np.ndarray,
                sent: int, until: int, final: bool = False) -> int:
    while sent + AUDIO_CHUNK <= until or (final and sent < until):
        block = np.ascontiguousarray(audio[:, sent:min(until, sent + AUDIO_CHUNK)])
        frame = av.AudioFrame.from_ndarray(block, format="fltp", layout="stereo")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = sent
        frame.time_base = Fraction(1, SAMPLE_RATE)
        container.mux(stream.encode(frame))
        sent += block.shape[1]
    return sent


def _temp_in(folder: Path, suffix: str) -> Path:
    handle, name = tempfile.mkstemp(prefix=".sample-", suffix=suffix, dir=folder)
    os.close(handle)
    # mkstemp makes the file private; the sample should get the usual permissions.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)
    return Path(name)


def make_sample(
    out_dir: Path | str,
    *,
    width: int = 1280,
    height: int = 720,
    seconds: float | None = None,
    seed: int = DEFAULT_SEED,
    crf: int = 23,
    preset: str = "medium",
    progress: Callable[[int, int], None] | None = None,
) -> SampleFiles:
    """Render the sample into ``out_dir`` (made if missing); both files are replaced atomically.

    ``seconds`` defaults to 900 frames (30.03 s); shorter samples keep every shot,
    transition, the flash and the silent gap, only shorter.
    """
    total = _check(width, height, seconds)
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SampleError(f"cannot make the output folder {out_dir}: {exc.strerror}") from exc
    try:
        plan = build_plan(total, RATE)
    except ValueError as exc:
        raise SampleError(str(exc)) from exc
    video_tmp = _temp_in(out_dir, ".mp4")
    truth_tmp = _temp_in(out_dir, ".json")
    try:
        _write_video(video_tmp, plan, width, height, seed, crf, preset, progress)
        truth = plan.truth(VIDEO_NAME, width, height, SAMPLE_RATE, seed)
        truth_tmp.write_text(json.dumps(truth, indent=1) + "\n")
        video_path, truth_path = out_dir / VIDEO_NAME, out_dir / TRUTH_NAME
        video_tmp.replace(video_path)
        truth_tmp.replace(truth_path)
    finally:
        video_tmp.unlink(missing_ok=True)
        truth_tmp.unlink(missing_ok=True)
    return SampleFiles(video_path, truth_path, plan)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render vedit's sample footage and its truth file.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--seconds", type=float, default=None, help="default: 900 frames (30.03 s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--crf", type=int, default=23)
    parser.add_argument("--preset", default="medium")
    args = parser.parse_args(argv)

    def report(done: int, total: int) -> None:
        if done % 60 == 0 or done == total:
            print(f"\r{done}/{total} frames", end="\n" if done == total else "", file=sys.stderr, flush=True)

    try:
        files = make_sample(args.out_dir, width=args.width, height=args.height, seconds=args.seconds,
                            seed=args.seed, crf=args.crf, preset=args.preset, progress=report)
    except SampleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(files.video)
    print(files.truth)
    return 0


if __name__ == "__main__":
    sys.exit(main())
