"""Which part of color-v5's (ungated) grade carries its error? Start from its grade and refit one
part (exposure / white balance / tone) to the original, the others kept: the drop is that part's share."""
import sys; sys.path.insert(0, 'bench')
import numpy as np, cv2
from scipy.optimize import minimize
from skimage.color import rgb2lab
from color import delta_e
from vedit_gui.analysis.color.train.degrade import random_degrading_grade
from vedit_gui.analysis.color.train.stills import held_out_images
from vedit_gui.analysis.color.suggest import suggest_grade
from vedit_gui.media.grade import Grade, apply_grade
PARTS = {"exposure": ("exposure",), "white balance": ("temperature", "tint"), "tone": ("contrast", "saturation", "gamma"),
         "exposure+tone": ("exposure", "contrast", "saturation", "gamma"), "saturation": ("saturation",),
         "contrast": ("contrast",), "gamma": ("gamma",), "contrast+gamma": ("contrast", "gamma")}
LOG = {"contrast", "saturation", "gamma"}
def refit(bad_small, clean_lab, base, names):
    def g(x):
        vals = {n: (float(np.exp(v)) if n in LOG else float(v)) for n, v in zip(names, x)}
        return Grade.clamped(**{**base.__dict__, **vals})
    loss = lambda x: float(np.abs(rgb2lab(apply_grade(bad_small, g(x))) - clean_lab).sum(-1).mean())
    x0 = [np.log(getattr(base, n)) if n in LOG else getattr(base, n) for n in names]
    return g(minimize(loss, x0, method="Powell").x)
rng = np.random.default_rng(2026)
rows = {k: [] for k in ["none", "ours", *PARTS]}
for image in held_out_images():
    small = cv2.resize(image, (96, round(96 * image.shape[0] / image.shape[1])), interpolation=cv2.INTER_AREA)
    clean_lab = rgb2lab(small)
    for _ in range(8):
        bad = apply_grade(image, random_degrading_grade(rng))
        ours, _ = suggest_grade([bad], min_confidence=0.0)
        rows["none"].append(delta_e(bad, image)); rows["ours"].append(delta_e(apply_grade(bad, ours), image))
        bs = cv2.resize(bad, (96, round(96 * image.shape[0] / image.shape[1])), interpolation=cv2.INTER_AREA)
        for part, names in PARTS.items():
            rows[part].append(delta_e(apply_grade(bad, refit(bs, clean_lab, ours, names)), image))
for k, v in rows.items(): print(f"{k:16s} {np.mean(v):6.2f} {np.median(v):6.2f}")
