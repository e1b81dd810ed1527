"""Probe: average the colour model over crops of the picture (test-time augmentation), on the
CALIBRATION photographs only (never the bench's held-out set)."""
import sys
import numpy as np
sys.path.insert(0, ".")  # run from the repository root
from vedit_gui.media.grade import apply_grade
from vedit_gui.analysis.stills import shrink
from vedit_gui.analysis.color.suggest import _cached_model, predict
from vedit_gui.analysis.color.train.__main__ import _de2000, CALIBRATION_SHARE, CALIBRATION_GRADES, INTENDED_SHARE, SEED
from vedit_gui.analysis.color.train.degrade import random_degrading_grade, random_intended_look
from vedit_gui.analysis.color.train.stills import HELD_OUT_LONG_SIDE, training_images
model, threshold = _cached_model(None)
images = training_images()
order = np.random.default_rng(SEED).permutation(len(images)); n_cal = max(8, round(len(images) * CALIBRATION_SHARE))
cal = [images[i] for i in order[:n_cal]]
def crops(img, f):
    h, w = img.shape[:2]; ch, cw = int(h * f), int(w * f)
    out = [img]
    for y, x in ((0, 0), (0, w - cw), (h - ch, 0), (h - ch, w - cw), ((h - ch) // 2, (w - cw) // 2)):
        out.append(np.ascontiguousarray(img[y:y + ch, x:x + cw]))
    return out
rng = np.random.default_rng(SEED + 2)
rows = []
for image in cal:
    image = np.ascontiguousarray(shrink(image, HELD_OUT_LONG_SIDE))
    for _ in range(CALIBRATION_GRADES):
        target = apply_grade(image, random_intended_look(rng)) if rng.random() < INTENDED_SHARE else image
        bad = apply_grade(target, random_degrading_grade(rng))
        row = [_de2000(bad, target)]
        for frames in ([bad], crops(bad, 0.8), crops(bad, 0.6)):
            g, c = predict(model, frames)
            row += [_de2000(apply_grade(bad, g), target), c]
        rows.append(row)
r = np.array(rows)
print("n", len(r), "none", r[:, 0].mean())
for k, name in enumerate(("whole", "crops80", "crops60")):
    o, c = r[:, 1 + 2 * k], r[:, 2 + 2 * k]
    best = None
    for t in np.linspace(0, 1, 101):
        used = c >= t; after = np.where(used, o, r[:, 0]); worse = np.mean(used & (o > r[:, 0]))
        if worse <= 0.03 and (best is None or after.mean() < best[1]): best = (t, after.mean(), worse, used.mean())
    print(f"{name:8s} ungated {o.mean():.3f} worse {np.mean(o > r[:,0]):.3f}  gated@3% t={best[0]:.2f} {best[1]:.3f} used {best[3]:.2f}")
