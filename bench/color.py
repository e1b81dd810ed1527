"""Colour correction on held-out photographs, each degraded by random grades.

The held-out pictures come from packages the model never trained on (see
``vedit_gui.analysis.color.train.stills``). Each is degraded by ``--per-image`` random grades
drawn like the training ones; we report the mean CIEDE2000 (ΔE00, per pixel, then per image)
to the original before correction, after gray-world, after the classical estimate alone,
after ours (classical + model at the weights' calibrated confidence threshold; below it: no
change) and ours applied to every picture whatever its confidence, the share of images each
makes worse than no correction, and what ours does to undegraded pictures.

Run by hand:  .venv/bin/python bench/color.py [--per-image 8]
Ends with ``color_de2000: X`` (ours, mean ΔE00; target ≤ 3.0, ≤ half of gray-world's).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from skimage.color import deltaE_ciede2000, rgb2lab

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vedit_gui.analysis.color.classical import classical_estimate, gray_world  # noqa: E402
from vedit_gui.analysis.color.suggest import calibrated_threshold, suggest_grade  # noqa: E402
from vedit_gui.analysis.color.train.degrade import random_degrading_grade  # noqa: E402
from vedit_gui.analysis.color.train.stills import held_out_images  # noqa: E402
from vedit_gui.media.grade import Grade, apply_grade  # noqa: E402


def delta_e(a: np.ndarray, b: np.ndarray) -> float:
    return float(deltaE_ciede2000(rgb2lab(a), rgb2lab(b)).mean())


def classical_only(frame: np.ndarray) -> np.ndarray:
    est = classical_estimate([frame])
    return apply_grade(frame, Grade.clamped(**est.__dict__))


def draw_args() -> argparse.Namespace:
    """``--per-image`` and ``--seed``: which random grades degrade the held-out pictures
    (``bench/color_oracle.py`` draws the same ones)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-image", type=int, default=8)
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def main() -> None:
    args = draw_args()
    rng = np.random.default_rng(args.seed)
    images = held_out_images()
    threshold = calibrated_threshold()
    rows: dict[str, list[float]] = {
        "none": [], "gray-world": [], "classical": [], "ours": [], "ours, all": [],
    }
    clean_ours: list[float] = []
    corrected = 0
    start = time.perf_counter()
    for image in images:
        clean_ours.append(delta_e(apply_grade(image, suggest_grade([image])[0]), image))
        for _ in range(args.per_image):
            bad = apply_grade(image, random_degrading_grade(rng))
            rows["none"].append(delta_e(bad, image))
            rows["gray-world"].append(delta_e(gray_world(bad), image))
            rows["classical"].append(delta_e(classical_only(bad), image))
            grade, confidence = suggest_grade([bad], min_confidence=0.0)
            ours = delta_e(apply_grade(bad, grade), image)
            rows["ours"].append(ours if confidence >= threshold else rows["none"][-1])
            corrected += confidence >= threshold
            rows["ours, all"].append(ours)
    seconds = time.perf_counter() - start
    none = np.asarray(rows["none"])
    print(f"{len(images)} held-out photographs × {args.per_image} random grades ({seconds:.0f} s)")
    print(f"confidence threshold {threshold:.2f} (calibrated in training)")
    print(f"{'correction':<12} {'mean ΔE00':>10} {'median':>8} {'worse than none':>16}")
    for name, values in rows.items():
        v = np.asarray(values)
        worse = np.mean(v > none) if name != "none" else 0.0
        print(f"{name:<12} {v.mean():10.2f} {np.median(v):8.2f} {worse:15.1%}")
    print(f"ours corrected {corrected / len(none):.1%} of the degraded pictures (the rest: no change)")
    print(f"ours on undegraded pictures: mean ΔE00 {np.mean(clean_ours):.2f}")
    print(f"color_de2000: {np.mean(rows['ours']):.2f}")


if __name__ == "__main__":
    main()
