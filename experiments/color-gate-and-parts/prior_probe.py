"""After color-v5's (ungated) grade, set gamma so the picture's luma quantiles come closest to
those of the training photographs (their mean, scaled by their spread): a classical prior."""
import sys; sys.path.insert(0, 'bench')
import numpy as np, cv2
from dataclasses import replace
from color import delta_e
from vedit_gui.analysis.color.train.__main__ import split_calibration, SEED, INTENDED_SHARE
from vedit_gui.analysis.color.train.degrade import random_degrading_grade, random_intended_look
from vedit_gui.analysis.color.train.stills import held_out_images, training_images, HELD_OUT_LONG_SIDE
from vedit_gui.analysis.color.suggest import suggest_grade
from vedit_gui.analysis.stills import shrink
from vedit_gui.media.grade import Grade, apply_grade, LUMA_709
Q = np.linspace(0.05, 0.95, 10)
def small(im): return cv2.resize(im, (64, 64), interpolation=cv2.INTER_AREA)
def lq(im): return np.quantile((small(im).reshape(-1, 3) / 255.0) @ np.asarray(LUMA_709), Q)
cal, train = split_calibration(training_images(), SEED)
P = np.array([lq(np.ascontiguousarray(shrink(t, 96))) for t in train]); mu, sd = P.mean(0), P.std(0) + 1e-3
GAMMAS = np.exp(np.linspace(np.log(0.5), np.log(2.0), 41))
def prior_gamma(bad, g, weight):
    best = None
    for gm in GAMMAS:
        cand = replace(g, gamma=float(g.gamma * gm))
        cost = np.sum(((lq(apply_grade(small(bad), cand)) - mu) / sd) ** 2) + weight * np.log(gm) ** 2
        if best is None or cost < best[0]: best = (cost, cand)
    return best[1]
WEIGHTS = (0.0, 10.0, 40.0)
for name, imgs, per, seed, intended in (("calibration", cal, 6, 100, True), ("held-out", held_out_images(), 8, 2026, False)):
    rng = np.random.default_rng(seed); rows = {k: [] for k in ["none", "ours", *[f"prior w{w:g}" for w in WEIGHTS]]}
    for im in imgs:
        im = np.ascontiguousarray(shrink(im, HELD_OUT_LONG_SIDE)) if intended else im
        for _ in range(per):
            target = apply_grade(im, random_intended_look(rng)) if intended and rng.random() < INTENDED_SHARE else im
            bad = apply_grade(target, random_degrading_grade(rng))
            g, _ = suggest_grade([bad], min_confidence=0.0)
            rows["none"].append(delta_e(bad, target)); rows["ours"].append(delta_e(apply_grade(bad, g), target))
            for w in WEIGHTS:
                rows[f"prior w{w:g}"].append(delta_e(apply_grade(bad, prior_gamma(bad, g, w)), target))
    n = np.asarray(rows["none"])
    print(name, "  ".join(f"{k} {np.mean(v):.2f} ({np.mean(np.asarray(v) > n) * 100:.0f}%)" for k, v in rows.items()), flush=True)
