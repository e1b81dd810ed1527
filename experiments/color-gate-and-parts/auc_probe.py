"""Does color-v5's confidence rank its grades as well on unseen pictures as on trained ones?"""
import numpy as np
from skimage.color import deltaE_ciede2000, rgb2lab
from vedit_gui.analysis.color.train.__main__ import split_calibration, SEED, INTENDED_SHARE
from vedit_gui.analysis.color.train.stills import training_images, held_out_images, HELD_OUT_LONG_SIDE
from vedit_gui.analysis.color.train.degrade import random_degrading_grade, random_intended_look
from vedit_gui.analysis.color.suggest import _cached_model, predict
from vedit_gui.analysis.stills import shrink
from vedit_gui.media.grade import apply_grade
de = lambda a, b: float(deltaE_ciede2000(rgb2lab(a), rgb2lab(b)).mean())
model, thr = _cached_model(None)
def auc(score, pos):
    s, p = np.asarray(score), np.asarray(pos, bool)
    if p.all() or (~p).all(): return float('nan')
    r = s.argsort().argsort() + 1
    return (r[p].sum() - p.sum() * (p.sum() + 1) / 2) / (p.sum() * (~p).sum())
cal, train = split_calibration(training_images(), SEED)
rng = np.random.default_rng(11)
for name, imgs in (("trained", [train[i] for i in rng.choice(len(train), 41, replace=False)]), ("calibration", cal), ("held-out", held_out_images())):
    n, o, c = [], [], []
    for im in imgs:
        im = np.ascontiguousarray(shrink(im, HELD_OUT_LONG_SIDE))
        for _ in range(6):
            bad = apply_grade(im, random_degrading_grade(rng))
            g, s = predict(model, [bad])
            n.append(de(bad, im)); o.append(de(apply_grade(bad, g), im)); c.append(s)
    n, o, c = map(np.asarray, (n, o, c))
    print(f"{name:12s} none {n.mean():5.2f} ours-all {o.mean():5.2f} perfect-gate {np.minimum(n,o).mean():5.2f} "
          f"gated {np.where(c>=thr,o,n).mean():5.2f} improves {np.mean(o<n)*100:4.1f}% AUC {auc(c, o<n):.3f} "
          f"AUC(gain>2) {auc(c, n-o>2):.3f} rank-corr {np.corrcoef(c.argsort().argsort(), (n-o).argsort().argsort())[0,1]:.3f}")
