"""Stabilisation: which shots it suggests, how much shake it takes away, what it costs.

1. **Quality**, on synthetic shots with a known camera path (``vedit_gui.samples.handheld``):
   640×360, 2 s at 30 fps, windows sliding over photographs from the training stills' cache
   (where it is filled; else textured noise) and textured noise, with a steady pan (or
   none) plus hand-held shake of 0 to 2 % of the width. Per level: the shake measured, the
   share of shots suggested (at the 0.5 threshold), what the stabilised shot keeps of its
   shake, what a perfect stabiliser would keep by the same measure (the true path smoothed
   the same way: the measure smooths again, so even that keeps some), and the crop.
2. **Speed**, on a 10 s 1080p hand-held H.264 clip (made once, cached under .bench/), side by
   side in one run: shake analysis frames/s against decoding alone, and the render with the
   shot stabilised against the render without.

Run by hand:  .venv/bin/python bench/stabilize.py
Ends with one line ``stabilize_shake_left: X``: the share of the shake a stabilised shot keeps,
mean over shots that shake enough to be suggested (lower is better).
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from mediagen import make_video  # noqa: E402

from vedit_gui.analysis.shake import (  # noqa: E402
    SHAKE_THRESHOLD,
    analyze_shake,
    camera_path,
    measure_size,
    shake_of,
    stabilize_suggestions,
)
from vedit_gui.media import media_reference, probe  # noqa: E402
from vedit_gui.media.stabilize import CameraPath, Stabilization, smooth_path, stabilize  # noqa: E402
from vedit_gui.render import render_timeline  # noqa: E402
from vedit_gui.samples.handheld import HandheldShot, textured_world  # noqa: E402
from vedit_gui.timeline import FrameRange, SuggestionStatus, timeline_from_media  # noqa: E402

CACHE = ROOT / ".bench"
SIZE = (640, 360)
RATE = 30.0
FRAMES = 60
LEVELS = (0.0, 0.1, 0.25, 0.5, 1.0, 2.0)


def worlds() -> list[tuple[str, np.ndarray]]:
    """Up to six photographs (long side 1400) and two textured pictures."""
    found: list[tuple[str, np.ndarray]] = []
    try:
        from vedit_gui.analysis.train.stills import default_cache, still_paths

        for path in still_paths(default_cache())[::40][:6]:
            bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if bgr is None:
                continue
            scale = 1400 / max(bgr.shape[:2])
            found.append((f"photo {path.stem[:18]}", cv2.cvtColor(cv2.resize(bgr, None, fx=scale, fy=scale,
                                                                            interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2RGB)))
    except (ImportError, OSError):
        pass
    return found + [(f"texture {seed}", textured_world(1400, 900, seed)) for seed in (1, 2)]


def greys(pictures: list[np.ndarray]) -> list[np.ndarray]:
    size = measure_size(*SIZE)
    return [cv2.cvtColor(cv2.resize(p, size, interpolation=cv2.INTER_AREA), cv2.COLOR_RGB2GRAY) for p in pictures]


def quality() -> float:
    aspect = SIZE[1] / SIZE[0]
    rows: dict[float, list[tuple[float, bool, float, float, float]]] = {level: [] for level in LEVELS}
    scenes = worlds()
    for n, (_name, world) in enumerate(scenes):
        for level in LEVELS:
            for pan in (0.0, 0.25):
                shot = HandheldShot(world, SIZE, FRAMES, pan=pan, shake=level, seed=100 * n + round(level * 10))
                pictures = shot.pictures()
                path = camera_path(greys(pictures))
                measured = shake_of(path, RATE, aspect)
                steady = Stabilization(path, 0.5, RATE, aspect)
                after = [stabilize(p, steady.matrix(i, *SIZE)) for i, p in enumerate(pictures)]
                left = shake_of(camera_path(greys(after)), RATE, aspect) / max(measured, 1e-9)
                # What a perfect stabiliser would leave by this measure: the true path smoothed.
                truth = shot.content_path()
                ideal = shake_of(CameraPath(0, smooth_path(truth, 0.5 * RATE)), RATE, aspect) / max(
                    shake_of(CameraPath(0, truth), RATE, aspect), 1e-9)
                rows[level].append((measured, measured >= SHAKE_THRESHOLD, left, ideal, 1 - 1 / steady.zoom))
    print(f"quality: {len(scenes)} pictures × 2 moves (still, pan of a quarter width) per level, "
          f"{SIZE[0]}×{SIZE[1]}, {FRAMES} frames; threshold {SHAKE_THRESHOLD} % RMS")
    print(f"{'shake (σ, % width)':>20} {'measured RMS %':>15} {'suggested':>10} {'shake left':>11} "
          f"{'perfect':>8} {'crop':>6}")
    kept: list[float] = []
    for level, found in rows.items():
        measured, suggested, left, ideal, crop = (np.array(column, dtype=float) for column in zip(*found, strict=True))
        shown_left, shown_ideal = (f"{left.mean():.2f}", f"{ideal.mean():.2f}") if level > 0 else ("-", "-")
        print(f"{level:>20} {measured.mean():>15.3f} {suggested.mean():>10.0%} {shown_left:>11} "
              f"{shown_ideal:>8} {crop.mean():>6.1%}")
        kept += [x for x, s in zip(left, suggested, strict=True) if s and level > 0]
    return float(np.mean(kept))


def handheld_1080p() -> Path:
    out = CACHE / "stabilize_handheld_1080p_10s.mp4"
    if out.is_file():
        return out
    CACHE.mkdir(exist_ok=True)
    pictures = HandheldShot(textured_world(2600, 1500, 7), (1920, 1080), 300, pan=0.2, shake=0.6, seed=7).pictures()
    tmp = out.with_suffix(".tmp.mp4")
    # x264's own B-frames at veryfast (3), a keyframe every 2 s.
    make_video(tmp, len(pictures), width=1920, height=1080, rate=Fraction(30), gop=60, bframes=3, audio=False,
               picture=lambda i: pictures[i], options={"preset": "veryfast", "crf": "20"})
    tmp.replace(out)
    return out


def speed() -> None:
    source = handheld_1080p()
    frames = probe(source).video.frame_count
    start = time.perf_counter()
    with av.open(str(source)) as container:
        container.streams.video[0].thread_type = "AUTO"
        decoded = sum(1 for _ in container.decode(video=0))
    decode_s = time.perf_counter() - start
    start = time.perf_counter()
    found = list(analyze_shake(str(source), [FrameRange(0, frames)], use_cache=False))
    analysis_s = time.perf_counter() - start
    timeline = timeline_from_media(media_reference(probe(source)))
    suggestion = stabilize_suggestions(str(source), found)[0].with_status(SuggestionStatus.ACCEPTED)
    times = {}
    for name, edit in (("plain", timeline), ("stabilised", replace(timeline, suggestions=(suggestion,)))):
        start = time.perf_counter()
        render_timeline(edit, CACHE / f"stabilize_render_{name}.mp4")
        times[name] = time.perf_counter() - start
    print(f"\nspeed: {source.name}, {frames} frames (decoded {decoded})")
    print(f"{'':>28} {'seconds':>8} {'frames/s':>9}")
    for name, seconds in (("decode only (PyAV)", decode_s), ("shake analysis", analysis_s),
                          ("render, not stabilised", times["plain"]), ("render, stabilised", times["stabilised"])):
        print(f"{name:>28} {seconds:>8.2f} {frames / seconds:>9.1f}")
    print(f"shake_analysis_vs_decode: {decode_s / analysis_s:.3f}")
    print(f"stabilised_render_cost: {times['stabilised'] / times['plain']:.3f}  (render time with ÷ without)")


def main() -> None:
    left = quality()
    speed()
    print(f"stabilize_shake_left: {left:.3f}")


if __name__ == "__main__":
    main()
