import pickle
import sys

import numpy as np

from vedit_gui.analysis.transitions import CELL_CHANGE, WIPE_MARGIN, replaced_share

H, W = 7, 12

def shifted(img, dy, dx):
    """img (3,H,W) moved by (dy,dx); cells with no source are NaN."""
    out = np.full_like(img, np.nan)
    ys, yd = (slice(0, H - dy), slice(dy, H)) if dy >= 0 else (slice(-dy, H), slice(0, H + dy))
    xs, xd = (slice(0, W - dx), slice(dx, W)) if dx >= 0 else (slice(-dx, W), slice(0, W + dx))
    out[:, yd, xd] = img[:, ys, xs]
    return out

def candidates():
    yield (0, 0), (0, 0)
    for s in range(1, W):
        yield (0, s), (0, s - W)
        yield (0, -s), (0, W - s)
    for s in range(1, H):
        yield (s, 0), (s - H, 0)
        yield (-s, 0), (H - s, 0)

def explained(before, middle, after, tau):
    best = 0.0
    for sb, sa in candidates():
        db = np.abs(middle - shifted(before, *sb)).mean(0)
        da = np.abs(middle - shifted(after, *sa)).mean(0)
        ok = (np.nan_to_num(db, nan=9) <= tau) | (np.nan_to_num(da, nan=9) <= tau)
        best = max(best, float(ok.mean()))
    return best

def composite(r, tau, margin=WIPE_MARGIN):
    th = r["thumbs"].reshape(len(r["thumbs"]), 3, H, W)
    a, b, t0 = r["start"], r["end"], r["t0"]
    bi = max(0, a - margin) - t0; ai = min(len(th) - 1, b + margin - t0)
    mids = sorted({a + round((b - a) * k / 4) - t0 for k in (1, 2, 3)})
    return float(np.mean([explained(th[bi], th[m], th[ai], tau) for m in mids]))

def replaced(r):
    th = r["thumbs"]; a, b, t0 = r["start"], r["end"], r["t0"]
    bi = max(0, a - WIPE_MARGIN) - t0; ai = min(len(th) - 1, b + WIPE_MARGIN - t0)
    return replaced_share(th[bi], th[ai])

if __name__ == "__main__":
    recs = pickle.load(open(sys.argv[1], "rb"))
    tau = float(sys.argv[2]) if len(sys.argv) > 2 else CELL_CHANGE
    dets = [r for r in recs if "kind" in r and r["kind"] == "wipe"]
    tp = [r for r in dets if r["true"]]; fp = [r for r in dets if not r["true"]]
    for name, group in (("true wipes", tp), ("false wipes", fp)):
        c = np.array([composite(r, tau) for r in group]); rp = np.array([replaced(r) for r in group])
        q = lambda x: " ".join(f"{v:.2f}" for v in np.percentile(x, [0.5, 1, 2, 5, 10, 50])) if len(x) else "-"
        print(f"{name:12} n={len(group):4}  composite pct(.5,1,2,5,10,50): {q(c)}   replaced: {q(rp)}")
        if name == "false wipes":
            for r, cv, rv in zip(group, c, rp):
                print(f"   fp seq {r['seq']} {r['start']}-{r['end']} conf {r['conf']:.2f} composite {cv:.2f} replaced {rv:.2f}")
