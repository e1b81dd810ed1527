"""Shot match on held-out photographs: one camera's shot brought to another's.

Two overlapping crops of each held-out picture (three quarters of it each way, from opposite
corners: the same scene framed differently, as two cameras or two takes see it). The second
crop is degraded by a random grade drawn like the colour model's training ones (a camera set
differently), then shot-matched to the first (``analysis.color.match.match_grade``: Suggestions
▸ Match Other Shots to This). Reported: mean CIEDE2000 (ΔE00, per pixel, then per picture) of
the second crop to how it was before the grade, with no correction, after shot match, and
after shot match with the second crop's own original as reference (same framing: what only
the different content keeps the match from), plus the share made worse than no correction.

Run by hand:  .venv/bin/python bench/shot_match.py [--per-image 4] [--seed 7]
Ends with ``shot_match_de2000: X`` (shot match, different framing).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from color import delta_e  # noqa: E402

from vedit_gui.analysis.color.match import match_grade  # noqa: E402
from vedit_gui.analysis.color.train.degrade import random_degrading_grade  # noqa: E402
from vedit_gui.analysis.color.train.stills import held_out_images  # noqa: E402
from vedit_gui.media.grade import apply_grade  # noqa: E402

CROP = 0.75


def crop(image: np.ndarray, fx: float, fy: float) -> np.ndarray:
    """``CROP`` of ``image`` each way, placed at fractions ``fx``, ``fy`` of the room left."""
    h, w = image.shape[:2]
    ch, cw = int(h * CROP), int(w * CROP)
    y, x = int((h - ch) * fy), int((w - cw) * fx)
    return np.ascontiguousarray(image[y : y + ch, x : x + cw])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-image", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    rows: dict[str, list[float]] = {"none": [], "shot match": [], "shot match, same framing": []}
    images = held_out_images()
    for image in images:
        for _ in range(args.per_image):
            grade = random_degrading_grade(rng, identity_share=0.0)
            fx, fy = rng.uniform(0, 0.3), rng.uniform(0, 0.3)
            reference, shot = crop(image, fx, fy), crop(image, 1 - fx, 1 - fy)
            seen = apply_grade(shot, grade)
            rows["none"].append(delta_e(seen, shot))
            rows["shot match"].append(delta_e(apply_grade(seen, match_grade([seen], [reference])), shot))
            rows["shot match, same framing"].append(delta_e(apply_grade(seen, match_grade([seen], [shot])), shot))
    none = np.array(rows["none"])
    print(f"{len(none)} shots: {len(images)} held-out pictures × {args.per_image} random grades")
    print(f"{'correction':<26}{'mean ΔE00':>10}{'median':>8}{'worse than none':>17}")
    for name, values in rows.items():
        v = np.array(values)
        worse = "—" if name == "none" else f"{np.mean(v > none) * 100:.1f} %"
        print(f"{name:<26}{v.mean():10.2f}{np.median(v):8.2f}{worse:>17}")
    print(f"shot_match_de2000: {np.mean(rows['shot match']):.2f}")


if __name__ == "__main__":
    main()
