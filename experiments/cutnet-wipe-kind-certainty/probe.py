"""Synthetic probe: how sure is the kind head of the wipes it reports? Synthetic footage only."""
import pickle, sys, time
from pathlib import Path
import numpy as np
import torch
torch.set_num_threads(1)
from vedit_gui.analysis.cut_model import load_model
from vedit_gui.analysis.train import synth
from vedit_gui.analysis.train.calibrate import _MARGIN, TOLERANCE, model_outputs
from vedit_gui.analysis.train.stills import load_stills
from vedit_gui.analysis.transitions import KINDS, pick_transitions

mode, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
if mode == "wipes":
    synth.TRANSITION_MIX = (0.0, 0.0, 0.0, 0.6, 0.4)
model, _ = load_model(Path("models/cutnet.npz"))
th = model.operating_point
gen = synth.SyntheticFootage(load_stills(), seed=seed)
t0 = time.time()
records = []
for i in range(count):
    s = gen.sequence(100)
    (event, extent, kinds, thumbs), = model_outputs(model, [s])
    n = len(event)
    pred = pick_transitions(event, extent, kinds, threshold=th, lo=_MARGIN, hi=n - _MARGIN, at_start=False, at_end=False, thumbs=thumbs)
    truth = [int(t) for t in np.nonzero(s.event >= 1.0)[0] if _MARGIN <= t < n - _MARGIN]
    used = {}
    for t in truth:
        hit = next((j for j, p in enumerate(pred) if j not in used and p.start - TOLERANCE <= t <= p.end + TOLERANCE), None)
        if hit is not None:
            used[hit] = t
    for j, p in enumerate(pred):
        mean = kinds[p.start: p.end + 1].mean(0)
        records.append(dict(seq=i, start=p.start, end=p.end, kind=p.kind, conf=p.confidence, true=j in used,
                            kinds=mean, true_kind=int(s.kind[used[j]]) if j in used else -1))
    records.append(dict(seq=i, misses=len(truth) - len(used), ntruth=len(truth)))
print(f"{count} sequences in {time.time()-t0:.0f}s", KINDS, file=sys.stderr)
pickle.dump(records, open(f"/work/exp/kindprobe/{mode}_{seed}_{count}.pkl", "wb"))
