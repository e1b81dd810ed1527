import pickle, sys, itertools
import numpy as np
ALPHAS = np.array((0.0, 0.25, 0.5, 0.75, 1.0))
def load(d):
    rows = pickle.load(open(f"/tmp/soft-gate/soft_{d}.pkl", "rb"))
    c = np.array([r[1] for r in rows]); e = np.array([r[2] for r in rows]); return c, e
def policy_eval(c, e, alpha_of_c):
    idx = np.array([np.argmin(np.abs(ALPHAS - a)) for a in alpha_of_c(c)])
    after = e[np.arange(len(e)), idx]; worse = np.mean(after > e[:, 0] + 1e-9)
    return after.mean(), worse
MAXW = 0.03
for d in sys.argv[1:]:
    c, e = load(d)
    print(f"draw {d}: none {e[:,0].mean():.2f}  all {e[:,4].mean():.2f} (worse {np.mean(e[:,4]>e[:,0]):.1%})")
    for a in ALPHAS[1:]:
        print(f"   constant alpha {a}: {e[:, list(ALPHAS).index(a)].mean():.2f} worse {np.mean(e[:, list(ALPHAS).index(a)] > e[:,0]):.1%}")
    best = None
    for t in np.linspace(0, 1, 101):
        m, w = policy_eval(c, e, lambda c: (c >= t) * 1.0)
        if w <= MAXW and (best is None or m < best[1]): best = (t, m, w)
    print(f"   binary gate: t {best[0]:.2f} mean {best[1]:.2f} worse {best[2]:.1%}")
    best2 = None
    for t, a in itertools.product(np.linspace(0, 1, 101), ALPHAS[1:]):
        m, w = policy_eval(c, e, lambda c: (c >= t) * a)
        if w <= MAXW and (best2 is None or m < best2[2]): best2 = (t, a, m, w)
    print(f"   gate + constant shrink: t {best2[0]:.2f} alpha {best2[1]} mean {best2[2]:.2f} worse {best2[3]:.1%}")
    best3 = None
    for lo, hi in itertools.product(np.linspace(0, 1, 51), np.linspace(0, 1, 51)):
        if hi <= lo: continue
        m, w = policy_eval(c, e, lambda c: np.clip((c - lo) / (hi - lo), 0, 1))
        if w <= MAXW and (best3 is None or m < best3[2]): best3 = (lo, hi, m, w)
    print(f"   ramp: lo {best3[0]:.2f} hi {best3[1]:.2f} mean {best3[2]:.2f} worse {best3[3]:.1%}")
    # oracle: best alpha per sample
    print(f"   oracle per-sample alpha: {e.min(1).mean():.2f}")
