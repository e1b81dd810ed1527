"""Probe: a confidence-scaled grade (shrunk towards 'no change') instead of all-or-nothing, on the
colour model's CALIBRATION photographs only (never the bench's held-out set)."""
import sys, pickle
from dataclasses import replace
from pathlib import Path
import numpy as np, torch
sys.path.insert(0, ".")  # run from the repository root
from vedit_gui.media.grade import apply_grade, Grade
from vedit_gui.analysis.stills import shrink
from vedit_gui.analysis.color.model import load_checkpoint
from vedit_gui.analysis.color.model import predict_torch as predict
from vedit_gui.analysis.color.train.__main__ import (_de2000, CALIBRATION_SHARE, CALIBRATION_GRADES, INTENDED_SHARE)
from vedit_gui.analysis.color.train.degrade import random_degrading_grade, random_intended_look
from vedit_gui.analysis.color.train.stills import HELD_OUT_LONG_SIDE, training_images
torch.set_num_threads(1)
ALPHAS = (0.0, 0.25, 0.5, 0.75, 1.0)
ADD = ("exposure", "temperature", "tint"); MUL = ("contrast", "saturation", "gamma")
def scaled(g, a):
    return Grade.clamped(**{**g.to_dict(), **{n: getattr(g, n) * a for n in ADD}, **{n: getattr(g, n) ** a for n in MUL}})
model, meta = load_checkpoint()
seed = meta["seed"]; images = training_images()
order = np.random.default_rng(seed).permutation(len(images)); n_cal = max(8, round(len(images) * CALIBRATION_SHARE))
cal = [images[i] for i in order[:n_cal]]
print(len(cal), "calibration pictures; threshold", meta["min_confidence"], meta["calibration"], flush=True)
draw = int(sys.argv[1]) if len(sys.argv) > 1 else seed + 2
rng = np.random.default_rng(draw); rows = []
for k, image in enumerate(cal):
    image = np.ascontiguousarray(shrink(image, HELD_OUT_LONG_SIDE))
    for _ in range(CALIBRATION_GRADES):
        target = apply_grade(image, random_intended_look(rng)) if rng.random() < INTENDED_SHARE else image
        bad = apply_grade(target, random_degrading_grade(rng))
        grade, sure = predict(model, [bad])
        rows.append((k, sure, [_de2000(apply_grade(bad, scaled(grade, a)), target) if a else _de2000(bad, target) for a in ALPHAS]))
Path("/tmp/soft-gate").mkdir(exist_ok=True)
pickle.dump(rows, open(f"/tmp/soft-gate/soft_{draw}.pkl", "wb"))
print("saved", len(rows))
