import sys; sys.path.insert(0, '.')
import numpy as np, cv2
from vedit_gui.analysis.color.train.__main__ import (training_images, shrink, HELD_OUT_LONG_SIDE,
    CALIBRATION_SHARE, CALIBRATION_GRADES, INTENDED_SHARE, _de2000)
from vedit_gui.analysis.color.train.degrade import random_degrading_grade, random_intended_look
from vedit_gui.analysis.color.train.stills import held_out_images
from vedit_gui.analysis.color.suggest import predict, _cached_model
from vedit_gui.analysis.color.classical import small_frame, gains_to_params
from vedit_gui.media.grade import Grade, apply_grade, srgb_to_linear
model, thr = _cached_model(None)
which = sys.argv[1]

def estimators(frame):
    s = small_frame(frame).astype(np.float64) / 255.0
    lin = srgb_to_linear(s)
    flat = lin.reshape(-1, 3)
    keep = flat.max(axis=1) < 0.98
    f = flat[keep] if keep.sum() > 64 else flat
    out = {}
    for name, p in (("gw", 1.0), ("sog", 6.0)):
        ill = np.mean(f ** p, axis=0) ** (1 / p) + 1e-4
        out[name] = ill / ill.mean()
    # gray edge (first order, p=6)
    blur = cv2.GaussianBlur(lin, (0, 0), 1.0)
    gx = cv2.Sobel(blur, cv2.CV_64F, 1, 0); gy = cv2.Sobel(blur, cv2.CV_64F, 0, 1)
    mag = np.sqrt(gx ** 2 + gy ** 2).reshape(-1, 3)[keep if keep.sum() > 64 else slice(None)]
    ill = np.mean(mag ** 6, axis=0) ** (1 / 6) + 1e-6
    out["ge"] = ill / ill.mean()
    # max-RGB (99th pct)
    ill = np.percentile(f, 99, axis=0) + 1e-4
    out["max"] = ill / ill.mean()
    res = {}
    for k, ill in out.items():
        _, t, ti = gains_to_params(1.0 / ill)
        res[k] = (t, ti)
    return res

rng = np.random.default_rng(7)
if which == "cal":
    images = training_images()
    order = np.random.default_rng(5).permutation(len(images))
    n_cal = max(8, round(len(images) * CALIBRATION_SHARE))
    images = [np.ascontiguousarray(shrink(images[i], HELD_OUT_LONG_SIDE)) for i in order[:n_cal]]
    per = CALIBRATION_GRADES
else:
    images = held_out_images(); per = 8; rng = np.random.default_rng(2026)
rows = []
for idx, image in enumerate(images):
    for _ in range(per):
        if which == "cal":
            target = apply_grade(image, random_intended_look(rng)) if rng.random() < INTENDED_SHARE else image
        else:
            target = image
        dg = random_degrading_grade(rng)
        bad = apply_grade(target, dg)
        g, sure = predict(model, [bad])
        est = estimators(bad)
        r = dict(img=idx, none=_de2000(bad, target), full=_de2000(apply_grade(bad, g), target), conf=sure,
                 true_t=-dg.temperature, true_ti=-dg.tint, m_t=g.temperature, m_ti=g.tint)
        r["wb_model"] = _de2000(apply_grade(bad, Grade(temperature=g.temperature, tint=g.tint)), target)
        for k, (t, ti) in est.items():
            r[k + "_t"], r[k + "_ti"] = t, ti
            r["wb_" + k] = _de2000(apply_grade(bad, Grade.clamped(temperature=t, tint=ti)), target)
        rows.append(r)
import json; json.dump(rows, open(f"/tmp/{which}.json", "w"))
print(len(rows))
