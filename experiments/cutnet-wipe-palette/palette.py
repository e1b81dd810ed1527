"""Palette distance (per-channel 1-D Wasserstein over thumbnail cells) before vs after a detected wipe."""
import pickle, sys
import numpy as np
sys.path.insert(0, ".")  # run from the repository root
from vedit_gui.analysis.transitions import WIPE_MARGIN, replaced_share, WIPE_MIN_REPLACED

def ends(r, margin=WIPE_MARGIN):
    th = r["thumbs"]; a, b, t0 = r["start"], r["end"], r["t0"]
    bi = max(0, a - margin) - t0; ai = min(len(th) - 1, b + margin - t0)
    return th[bi].reshape(3, -1), th[ai].reshape(3, -1)

def palette(r, margin=WIPE_MARGIN):
    b, a = ends(r, margin)
    return float(np.abs(np.sort(b, 1) - np.sort(a, 1)).mean())

recs = pickle.load(open(sys.argv[1], "rb"))
dets = [r for r in recs if "kind" in r and r["kind"] == "wipe"]
kept = [r for r in dets if replaced_share(*[x.reshape(-1) for x in ends(r)]) >= WIPE_MIN_REPLACED]
for margin in (2, 4, 6):
    tp = np.array([palette(r, margin) for r in kept if r["true"]]); fp = np.array([palette(r, margin) for r in kept if not r["true"]])
    q = lambda x: " ".join(f"{v:.3f}" for v in np.percentile(x, [0.5, 1, 2, 5, 10, 50])) if len(x) else "-"
    print(f"margin {margin}: true n={len(tp)} pct(.5,1,2,5,10,50) {q(tp)}")
    print(f"          false n={len(fp)} sorted: {' '.join(f'{v:.3f}' for v in sorted(fp))}")
    for p in (1, 2):
        t = np.percentile(tp, p); print(f"          threshold at true {p}%: {t:.3f} removes {(fp < t).sum()} of {len(fp)}")
