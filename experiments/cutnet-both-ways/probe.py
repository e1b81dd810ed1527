"""Synthetic probe: does adding the network's verdict on the time-reversed window help?

A transition reversed is still a transition (a cut is a cut, a fade-in becomes a fade-out);
a network's false alarm on one-directional motion may not survive reversal. Synthetic only.
"""
import sys, time
from pathlib import Path
import numpy as np
import torch
torch.set_num_threads(1)
from vedit_gui.analysis.cut_model import load_model
from vedit_gui.analysis.train.synth import SyntheticFootage
from vedit_gui.analysis.train.calibrate import synthetic_prf
from vedit_gui.analysis.train.stills import load_stills

seed, count = int(sys.argv[1]), int(sys.argv[2])
model, _ = load_model(Path("models/cutnet.npz"))
model.eval()
gen = SyntheticFootage(load_stills(), seed=seed)
t0 = time.time()
seqs = [gen.sequence(100) for _ in range(count)]
print(f"made {count} in {time.time()-t0:.0f}s", file=sys.stderr)
fwd, rev = [], []
with torch.inference_mode():
    for s in seqs:
        feats = model.frame_features(torch.from_numpy(s.frames))
        thumbs = model.config.thumbnails(feats).numpy()
        for store, f in ((fwd, feats), (rev, feats.flip(0))):
            out = model.temporal(f[None])[0]
            if store is rev:
                out = out.flip(0)
            p = torch.sigmoid(out[:, :2]).numpy()
            store.append((p[:, 0], p[:, 1], torch.softmax(out[:, 2:], -1).numpy(), thumbs))

def shifted_max(e):
    # reversed: a hard cut into frame k peaks at k-1; a gradual one at its middle
    out = e.copy(); out[1:] = np.maximum(e[1:], e[:-1]); return out

combos = {
    "forward": fwd,
    "reverse": [(shifted_max(r[0]), *r[1:]) for r in rev],
    "mean": [(0.5 * (f[0] + shifted_max(r[0])), 0.5 * (f[1] + r[1]), 0.5 * (f[2] + r[2]), f[3]) for f, r in zip(fwd, rev)],
    "min": [(np.minimum(f[0], shifted_max(r[0])), 0.5 * (f[1] + r[1]), 0.5 * (f[2] + r[2]), f[3]) for f, r in zip(fwd, rev)],
    "geo": [(np.sqrt(f[0] * shifted_max(r[0])), 0.5 * (f[1] + r[1]), 0.5 * (f[2] + r[2]), f[3]) for f, r in zip(fwd, rev)],
}
op = model.operating_point
for name, outs in combos.items():
    rows = [(synthetic_prf(seqs, outs, th), th) for th in np.arange(0.1, 0.91, 0.05)]
    (p, r, f1), th = max(rows, key=lambda x: x[0][2])
    at_op = synthetic_prf(seqs, outs, op)
    print(f"{name:8s} best F1 {f1:.4f} (P {p:.3f} R {r:.3f}) at {th:.2f} | at shipped op {op:.2f}: F1 {at_op[2]:.4f} P {at_op[0]:.3f} R {at_op[1]:.3f}")
