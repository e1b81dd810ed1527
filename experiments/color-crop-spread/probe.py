"""Does the spread of the colour model's grade across crops of one picture tell a cast
(the same in every crop) from content (different crop to crop)? Calibration pictures only."""
import sys, time
import numpy as np
import torch
torch.set_num_threads(2)
from vedit_gui.analysis.color.suggest import _cached_model, predict
from vedit_gui.analysis.color.train.__main__ import CALIBRATION_GRADES, CALIBRATION_SHARE, INTENDED_SHARE, _de2000
from vedit_gui.analysis.color.train.__main__ import HELD_OUT_LONG_SIDE
from vedit_gui.analysis.color.train.degrade import random_degrading_grade, random_intended_look
from vedit_gui.analysis.color.train.stills import training_images
from vedit_gui.analysis.stills import shrink
from vedit_gui.media.grade import apply_grade

model, threshold = _cached_model(None)
images = training_images()
order = np.random.default_rng(5).permutation(len(images))
n_cal = max(8, round(len(images) * CALIBRATION_SHARE))
calibration = [images[i] for i in order[:n_cal]]
rng = np.random.default_rng(7)
rows = []
t0 = time.time()
def crops(img):
    h, w = img.shape[:2]; ch, cw = int(h * 0.6), int(w * 0.6)
    return [img[:ch, :cw], img[:ch, w - cw:], img[h - ch:, :cw], img[h - ch:, w - cw:], img[(h - ch)//2:(h - ch)//2 + ch, (w - cw)//2:(w - cw)//2 + cw]]
for image in calibration:
    image = np.ascontiguousarray(shrink(image, HELD_OUT_LONG_SIDE))
    for _ in range(CALIBRATION_GRADES):
        target = apply_grade(image, random_intended_look(rng)) if rng.random() < INTENDED_SHARE else image
        bad = apply_grade(target, random_degrading_grade(rng))
        grade, sure = predict(model, [bad])
        parts = [predict(model, [np.ascontiguousarray(c)])[0] for c in crops(bad)]
        spread = {k: float(np.std([getattr(g, k) for g in parts])) for k in ("exposure", "temperature", "tint", "contrast", "saturation", "gamma")}
        none, ours = _de2000(bad, target), _de2000(apply_grade(bad, grade), target)
        mean_crop = type(grade)(**{k: float(np.mean([getattr(g, k) for g in parts])) if k != "pivot" else grade.pivot for k in grade.to_dict()})
        rows.append(dict(none=none, ours=ours, sure=sure, spread=spread))
print(len(rows), f"{time.time()-t0:.0f}s", file=sys.stderr)
import pickle; pickle.dump(rows, open("/work/exp/cropprobe/rows.pkl", "wb"))
