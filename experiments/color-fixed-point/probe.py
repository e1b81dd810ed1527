"""Does a second pass of the colour model over its own correction tell good corrections from
bad? Calibration pictures only (the ones color-v5's seed kept out of training), graded as its
calibration grades them; neither bench's pictures nor any video is used.

A cast removed leaves a neutral picture, on which the model should want nothing more; a grade
read from the content (a sunset taken for a warm cast) leaves content that still looks like a
cast, so the model wants more of the same; an overshoot makes it want to go back. Scores per
picture: the size of the second pass (ΔE00 it would change the corrected picture by) and its
direction against the first (cosine of the two grades' parameter vectors)."""
import pickle
import sys
import time

import numpy as np

from vedit_gui.analysis.color.suggest import _cached_model, predict
from vedit_gui.analysis.color.train.__main__ import (
    CALIBRATION_GRADES,
    HELD_OUT_LONG_SIDE,
    INTENDED_SHARE,
    SEED,
    _de2000,
    _grade_vector,
    split_calibration,
)
from vedit_gui.analysis.color.train.degrade import random_degrading_grade, random_intended_look
from vedit_gui.analysis.color.train.stills import training_images
from vedit_gui.analysis.stills import shrink
from vedit_gui.media.grade import apply_grade

model, threshold = _cached_model(None)
calibration = split_calibration(training_images(), SEED)[0]
rng = np.random.default_rng(SEED + 2)
rows = []
t0 = time.time()
for image in calibration:
    image = np.ascontiguousarray(shrink(image, HELD_OUT_LONG_SIDE))
    for _ in range(CALIBRATION_GRADES):
        target = apply_grade(image, random_intended_look(rng)) if rng.random() < INTENDED_SHARE else image
        bad = apply_grade(target, random_degrading_grade(rng))
        grade, sure = predict(model, [bad])
        fixed = apply_grade(bad, grade)
        again, sure2 = predict(model, [fixed])
        v1, v2 = np.asarray(_grade_vector(grade)), np.asarray(_grade_vector(again))
        cos = float(v1 @ v2 / (np.linalg.norm(v1) * np.linalg.norm(v2) + 1e-9))
        rows.append(dict(none=_de2000(bad, target), ours=_de2000(fixed, target), sure=sure, sure2=sure2,
                         second=_de2000(apply_grade(fixed, again), fixed), cos=cos))
print(len(rows), f"{time.time() - t0:.0f}s", f"threshold {threshold:.2f}", file=sys.stderr)
pickle.dump(rows, open(sys.argv[1] if len(sys.argv) > 1 else "/tmp/fixed_point_rows.pkl", "wb"))
