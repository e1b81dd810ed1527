"""Probe: cutnet-4's wipes checked by a second (parallax-trained) model on synthetic footage.

Run from a checkout whose ``vedit_gui`` provides the generator to test on:
    python probe_verifier.py PRIMARY.npz VERIFIER.npz [--sequences 400] [--seed S]
"""
import argparse
import sys

import numpy as np

from vedit_gui.analysis.cut_infer import CutNetInference
from vedit_gui.analysis.cut_weights import read_weights
from vedit_gui.analysis.operating_point import calibrated_confidence
from vedit_gui.analysis.train.calibrate import _MARGIN, TOLERANCE
from vedit_gui.analysis.train.stills import load_stills
from vedit_gui.analysis.train.synth import SyntheticFootage
from vedit_gui.analysis.transitions import pick_transitions

ap = argparse.ArgumentParser()
ap.add_argument("primary"); ap.add_argument("verifier")
ap.add_argument("--sequences", type=int, default=400); ap.add_argument("--seed", type=int, default=20261123 + 101)
ap.add_argument("--margin", type=int, default=4)
ap.add_argument("--wipes-only", action="store_true")
args = ap.parse_args()
if args.wipes_only:
    from vedit_gui.analysis.train import synth
    synth.TRANSITION_MIX = (0.0, 0.0, 0.0, 0.6, 0.4)


def outputs(model, frames):
    feats = model.frame_features(frames)
    out = model.temporal(feats)
    probs = 1 / (1 + np.exp(-out[:, :2]))
    kinds = np.exp(out[:, 2:] - out[:, 2:].max(1, keepdims=True)); kinds /= kinds.sum(1, keepdims=True)
    return calibrated_confidence(probs[:, 0], model.operating_point), probs[:, 1], kinds, model.config.thumbnails(feats)


primary = CutNetInference(read_weights(args.primary))
verifier = CutNetInference(read_weights(args.verifier))
gen = SyntheticFootage(load_stills(fetch=False), seed=args.seed)
counts = {"alone": [0, 0, 0], "cascade": [0, 0, 0]}
wipes = {"true_kept": 0, "true_dropped": 0, "false_kept": 0, "false_dropped": 0}
for i in range(args.sequences):
    s = gen.sequence(100)
    n = len(s.frames)
    event, extent, kinds, thumbs = outputs(primary, s.frames)
    picks = pick_transitions(event, extent, kinds, threshold=0.5, lo=_MARGIN, hi=n - _MARGIN,
                             at_start=False, at_end=False, thumbs=thumbs)
    check = None
    truth = [int(t) for t in np.nonzero(s.event >= 1.0)[0] if _MARGIN <= t < n - _MARGIN]

    def match(pred):
        used = set(); tp = fn = 0; hits = {}
        for t in truth:
            hit = next((j for j, p in enumerate(pred) if j not in used and p.start - TOLERANCE <= t <= p.end + TOLERANCE), None)
            if hit is None:
                fn += 1
            else:
                used.add(hit); tp += 1
        return tp, len(pred) - len(used), fn, used

    tp, fp, fn, used = match(picks)
    kept = []
    for j, p in enumerate(picks):
        if p.kind == "wipe":
            if check is None:
                check = outputs(verifier, s.frames)[0]
            ok = check[max(0, p.start - args.margin): p.end + args.margin + 1].max() >= 0.5
            key = ("true_" if j in used else "false_") + ("kept" if ok else "dropped")
            wipes[key] += 1
            if not ok:
                continue
        kept.append(p)
    for name, pred in (("alone", picks), ("cascade", kept)):
        t, f, m, _ = match(pred)
        c = counts[name]; c[0] += t; c[1] += f; c[2] += m
    if (i + 1) % 100 == 0:
        print(i + 1, counts, wipes, file=sys.stderr, flush=True)

for name, (tp, fp, fn) in counts.items():
    p = tp / max(1, tp + fp); r = tp / max(1, tp + fn)
    print(f"{name:8s} tp {tp:4d} fp {fp:4d} fn {fn:4d}  P {p:.3f} R {r:.3f} F1 {2*p*r/max(1e-9,p+r):.4f}")
tw = wipes["true_kept"] + wipes["true_dropped"]; fw = wipes["false_kept"] + wipes["false_dropped"]
print(f"true wipes kept {wipes['true_kept']}/{tw} ({wipes['true_kept']/max(1,tw):.1%}); "
      f"false wipes dropped {wipes['false_dropped']}/{fw} ({wipes['false_dropped']/max(1,fw):.1%})")
