"""How close bench/color.py's pictures can get with the grade's own parameters: the floor.

Each held-out picture is degraded by the same random grades as ``bench/color.py`` (same seed);
then the grade that best undoes it is *fitted to the original* (Powell search on exposure,
temperature, tint, contrast, saturation and gamma, ΔE76 on a 96-px copy), which no model can
do better than; a fit of white balance alone, and the exact inverse of the white-balance part,
show how much of the error is colour cast and how much is exposure and tone. Clipping is why
the floor is not zero: an over-exposed picture has lost its highlights.

Run by hand:  .venv/bin/python bench/color_oracle.py [--per-image 8]   (about 4 minutes)
Ends with ``color_oracle_de2000: X`` (mean ΔE00 of the fitted grade; compare color_de2000).
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
from scipy.optimize import minimize
from skimage.color import rgb2lab

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from color import delta_e, draw_args  # noqa: E402

from vedit_gui.analysis.color.train.degrade import random_degrading_grade  # noqa: E402
from vedit_gui.analysis.color.train.stills import held_out_images  # noqa: E402
from vedit_gui.media.grade import Grade, apply_grade  # noqa: E402


def _grade(x: np.ndarray, white_balance_only: bool) -> Grade:
    if white_balance_only:
        return Grade.clamped(temperature=x[0], tint=x[1])
    return Grade.clamped(exposure=x[0], temperature=x[1], tint=x[2], contrast=float(np.exp(x[3])),
                         saturation=float(np.exp(x[4])), gamma=float(np.exp(x[5])))


def fitted(bad_small: np.ndarray, clean_lab: np.ndarray, start: np.ndarray, white_balance_only: bool) -> Grade:
    """The grade that brings ``bad_small`` closest to the original (mean ΔE76)."""
    def loss(x: np.ndarray) -> float:
        return float(np.abs(rgb2lab(apply_grade(bad_small, _grade(x, white_balance_only))) - clean_lab).sum(-1).mean())

    return _grade(minimize(loss, start, method="Powell").x, white_balance_only)


def main() -> None:
    args = draw_args()
    rng = np.random.default_rng(args.seed)
    rows: dict[str, list[float]] = {"none": [], "white balance inverted": [], "white balance fitted": [],
                                    "full grade fitted": []}
    images = held_out_images()
    for image in images:
        small = cv2.resize(image, (96, round(96 * image.shape[0] / image.shape[1])), interpolation=cv2.INTER_AREA)
        clean_lab = rgb2lab(small)
        for _ in range(args.per_image):
            g = random_degrading_grade(rng)
            bad, bad_small = apply_grade(image, g), apply_grade(small, g)
            inverse = np.array([-g.exposure, -g.temperature, -g.tint, -np.log(g.contrast),
                                -np.log(g.saturation), -np.log(g.gamma)])
            rows["none"].append(delta_e(bad, image))
            rows["white balance inverted"].append(
                delta_e(apply_grade(bad, Grade.clamped(temperature=-g.temperature, tint=-g.tint)), image))
            rows["white balance fitted"].append(delta_e(apply_grade(bad, fitted(bad_small, clean_lab, inverse[1:3], True)), image))
            rows["full grade fitted"].append(delta_e(apply_grade(bad, fitted(bad_small, clean_lab, inverse, False)), image))
    print(f"{len(images)} held-out photographs × {args.per_image} random grades (bench/color.py's draws)")
    print(f"{'correction':<24} {'mean ΔE00':>10} {'median':>8}")
    for name, values in rows.items():
        print(f"{name:<24} {np.mean(values):10.2f} {np.median(values):8.2f}")
    print(f"color_oracle_de2000: {np.mean(rows['full grade fitted']):.2f}")


if __name__ == "__main__":
    main()
