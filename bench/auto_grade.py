"""``vedit auto --accept grades`` on real footage with a known colour cast.

For each evaluation clip (real footage from ``../shared/eval/clips``; evaluation only, the
colour model never trains on video): decode up to ``--frames`` frames, apply a known cast
with :func:`~vedit_gui.media.grade.apply_grade`, encode that (H.264, CRF 12), run
``vedit auto CAST -o OUT --accept grades`` as a user would, then decode the output and
report the mean CIEDE2000 (ΔE00, per pixel, on ``--samples`` frames spread across the clip)
of the cast and of the output to the cast-free original. "no change" is the output of the
same command on the cast-free clip (what grading costs a picture that needed nothing).

Run by hand:  .venv/bin/python bench/auto_grade.py [--frames 240] [--samples 12]
Ends with ``auto_grade_de2000: X`` (mean ΔE00 of the outputs to the originals).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from skimage.color import deltaE_ciede2000, rgb2lab

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vedit_gui.media import FrameReader  # noqa: E402
from vedit_gui.media.grade import Grade, apply_grade  # noqa: E402
from vedit_gui.render.yuv420 import camera_matrix, yuv420_frame  # noqa: E402

CLIPS = ROOT.parent / "shared" / "eval" / "clips"
# (clip, cast): real footage with square pixels and a constant rate, each with its own cast.
CASES = (
    ("issue-236-split-copy.mkv", Grade(temperature=0.8, tint=-0.3, exposure=-0.4)),
    ("testvideo.mp4", Grade(temperature=-0.7, tint=0.3, exposure=0.3)),
    ("fades.mp4", Grade(temperature=0.6, tint=0.4, exposure=-0.3)),
)


def decode(path: Path, count: int) -> tuple[list[np.ndarray], Fraction]:
    with FrameReader(path) as reader:
        count = min(count, reader.frame_count)
        return [picture for _, picture in reader.frames(0, count)], reader.rate


def encode(path: Path, pictures: list[np.ndarray], rate: Fraction) -> None:
    height, width = pictures[0].shape[:2]
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=rate)
        stream.width, stream.height = width - width % 2, height - height % 2
        stream.pix_fmt = "yuv420p"
        stream.codec_context.options = {"preset": "veryfast", "crf": "12"}
        # In the matrix vedit reads the file back in (untagged HD would be read as BT.709).
        matrix = camera_matrix(stream)
        for i, picture in enumerate(pictures):
            frame = yuv420_frame(np.ascontiguousarray(picture[: stream.height, : stream.width]), matrix)
            frame.pts = i
            frame.time_base = 1 / rate
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


def vedit_auto(source: Path, out: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "vedit_gui", "auto", str(source), "-o", str(out), "--accept", "grades",
         "--no-cache"],
        capture_output=True, text=True, cwd=ROOT,
    )
    if result.returncode != 0:
        raise SystemExit(f"vedit auto failed on {source.name}: {result.stderr.strip()}")
    return time.perf_counter() - start


def grades_of(source: Path, folder: Path) -> list[dict]:
    out = folder / "analysis.json"
    subprocess.run(
        [sys.executable, "-m", "vedit_gui", "analyze", str(source), "--json", str(out)],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )
    return json.loads(out.read_text()).get("grades", [])


def delta_e(a: np.ndarray, b: np.ndarray) -> float:
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    return float(deltaE_ciede2000(rgb2lab(a[:h, :w]), rgb2lab(b[:h, :w])).mean())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--frames", type=int, default=240)
    parser.add_argument("--samples", type=int, default=12)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, cast in CASES:
            clip = CLIPS / name
            if not clip.exists():
                print(f"skipped {name}: not found under {CLIPS}")
                continue
            originals, rate = decode(clip, args.frames)
            clean, casted = folder / f"clean-{clip.stem}.mp4", folder / f"cast-{clip.stem}.mp4"
            encode(clean, originals, rate)
            encode(casted, [apply_grade(p, cast) for p in originals], rate)
            seconds = vedit_auto(casted, folder / "out.mp4")
            outputs, _ = decode(folder / "out.mp4", len(originals))
            cast_pictures, _ = decode(casted, len(originals))
            vedit_auto(clean, folder / "clean-out.mp4")
            clean_outputs, _ = decode(folder / "clean-out.mp4", len(originals))
            picks = np.linspace(0, len(originals) - 1, min(args.samples, len(originals))).round().astype(int)
            row = {
                "clip": name,
                "frames": len(originals),
                "shots": len(grades_of(casted, folder)),
                "cast": float(np.mean([delta_e(originals[i], cast_pictures[i]) for i in picks])),
                "output": float(np.mean([delta_e(originals[i], outputs[i]) for i in picks])),
                "no change": float(np.mean([delta_e(originals[i], clean_outputs[i]) for i in picks])),
                "seconds": seconds,
            }
            rows.append(row)
    print(f"{'clip':<28} {'frames':>6} {'shots':>5} {'ΔE cast':>8} {'ΔE out':>8} {'ΔE clean→out':>13} {'auto s':>7}")
    for r in rows:
        print(f"{r['clip']:<28} {r['frames']:>6} {r['shots']:>5} {r['cast']:>8.2f} {r['output']:>8.2f}"
              f" {r['no change']:>13.2f} {r['seconds']:>7.1f}")
    if not rows:
        raise SystemExit("no evaluation clips found")
    print(f"mean ΔE00 original↔cast {np.mean([r['cast'] for r in rows]):.2f}, "
          f"original↔output {np.mean([r['output'] for r in rows]):.2f}")
    print(f"auto_grade_de2000: {np.mean([r['output'] for r in rows]):.3f}")


if __name__ == "__main__":
    main()
