"""Gate color-v5's grade by how much it changes the picture, instead of (or with) its confidence."""
import numpy as np, sys
from skimage.color import deltaE_ciede2000, rgb2lab
from vedit_gui.analysis.color.train.__main__ import split_calibration, SEED, INTENDED_SHARE
from vedit_gui.analysis.color.train.stills import training_images, held_out_images, HELD_OUT_LONG_SIDE
from vedit_gui.analysis.color.train.degrade import random_degrading_grade, random_intended_look
from vedit_gui.analysis.color.suggest import _cached_model, predict
from vedit_gui.analysis.stills import shrink
from vedit_gui.media.grade import apply_grade
de = lambda a, b: float(deltaE_ciede2000(rgb2lab(a), rgb2lab(b)).mean())
model, thr = _cached_model(None)
cal, _ = split_calibration(training_images(), SEED)
def run(imgs, per, seed, intended):
    rng = np.random.default_rng(seed); rows = []
    for im in imgs:
        im = np.ascontiguousarray(shrink(im, HELD_OUT_LONG_SIDE))
        for _ in range(per):
            target = apply_grade(im, random_intended_look(rng)) if intended and rng.random() < INTENDED_SHARE else im
            bad = apply_grade(target, random_degrading_grade(rng))
            g, s = predict(model, [bad]); fixed = apply_grade(bad, g)
            rows.append((de(bad, target), de(fixed, target), s, de(bad, fixed)))
    return np.asarray(rows)
C = run(cal, 24, 100, True); np.save('/tmp/gate_cal.npy', C)
H = run(held_out_images(), 8, 2026, False); np.save('/tmp/gate_held.npy', H)
