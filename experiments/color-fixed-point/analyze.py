import pickle, numpy as np
from scipy.stats import spearmanr
rows = pickle.load(open("/tmp/fixed_point_rows.pkl", "rb"))
n = np.array([r["none"] for r in rows]); o = np.array([r["ours"] for r in rows])
c = np.array([r["sure"] for r in rows]); s2 = np.array([r["second"] for r in rows]); cos = np.array([r["cos"] for r in rows])
c2 = np.array([r["sure2"] for r in rows])
benefit = n - o
print("n", len(rows), "none", n.mean().round(2), "all", o.mean().round(2))
for name, score in (("confidence", c), ("-second", -s2), ("cos", cos), ("-sure2", -c2), ("conf-second", c - s2 / s2.std() * c.std())):
    print(f"{name:12s} spearman with benefit {spearmanr(score, benefit).correlation:+.3f}")
MAXW = 0.03
def best_gate(score, n, o):
    best = (None, n.mean(), 0.0, 0.0)
    for t in np.quantile(score, np.linspace(0, 1, 201)):
        used = score >= t
        after = np.where(used, o, n); worse = np.mean(used & (o > n))
        if worse <= MAXW and after.mean() < best[1]:
            best = (t, after.mean(), worse, used.mean())
    return best
for name, score in (("confidence", c), ("-second", -s2), ("cos", cos)):
    t, after, worse, used = best_gate(score, n, o)
    print(f"gate {name:12s} after {after:.2f} worse {worse:.3f} used {used:.2f}")
# two-stage: confidence gate, then among those, -second
best = None
for tc in np.linspace(0.3, 1.0, 71):
    for ts in np.quantile(s2, np.linspace(0.05, 1, 40)):
        used = (c >= tc) & (s2 <= ts)
        after = np.where(used, o, n); worse = np.mean(used & (o > n))
        if worse <= MAXW and (best is None or after.mean() < best[0]):
            best = (after.mean(), tc, ts, worse, used.mean())
print("confidence & second (in-sample, optimistic):", np.round(best, 3))
# cross-validated: fit thresholds on 3/4 of pictures (by picture), apply on 1/4
pic = np.arange(len(rows)) // 6
res = {"conf": [], "both": []}
for fold in range(4):
    rng = np.random.default_rng(fold); pics = rng.permutation(pic.max() + 1); test_p = set(pics[: len(pics) // 4])
    te = np.array([p in test_p for p in pic]); tr = ~te
    t, *_ = best_gate(c[tr], n[tr], o[tr])
    used = c[te] >= t; res["conf"].append(np.where(used, o[te], n[te]).mean())
    bb = None
    for tc in np.linspace(0.3, 1.0, 71):
        for ts in np.quantile(s2[tr], np.linspace(0.05, 1, 40)):
            u = (c[tr] >= tc) & (s2[tr] <= ts); after = np.where(u, o[tr], n[tr]); worse = np.mean(u & (o[tr] > n[tr]))
            if worse <= MAXW and (bb is None or after.mean() < bb[0]): bb = (after.mean(), tc, ts)
    u = (c[te] >= bb[1]) & (s2[te] <= bb[2]); res["both"].append(np.where(u, o[te], n[te]).mean())
    print(f"fold {fold}: conf {res['conf'][-1]:.2f}  both {res['both'][-1]:.2f}  (none {n[te].mean():.2f}, all {o[te].mean():.2f})")
print("cv mean conf", np.mean(res["conf"]).round(3), "both", np.mean(res["both"]).round(3))
print("--- cos as a second gate")
sel = c >= 0.79
print("within confident: spearman(cos, benefit)", round(spearmanr(cos[sel], benefit[sel]).correlation, 3), "n", sel.sum())
def two_gate(tr, c, cos, n, o):
    bb = None
    for tc in np.linspace(0.2, 1.0, 81):
        for tk in np.linspace(-1, 1, 41):
            u = (c[tr] >= tc) & (cos[tr] <= tk); after = np.where(u, o[tr], n[tr]); worse = np.mean(u & (o[tr] > n[tr]))
            if worse <= MAXW and (bb is None or after.mean() < bb[0]): bb = (after.mean(), tc, tk, worse, u.mean())
    return bb
allp = np.ones(len(rows), bool)
print("in-sample conf & cos:", np.round(two_gate(allp, c, cos, n, o), 3))
cvc, cvb = [], []
for fold in range(8):
    rng = np.random.default_rng(100 + fold); pics = rng.permutation(pic.max() + 1); test_p = set(pics[: len(pics) // 4])
    te = np.array([p in test_p for p in pic]); tr = ~te
    t, *_ = best_gate(c[tr], n[tr], o[tr]); used = c[te] >= t
    cvc.append(np.where(used, o[te], n[te]).mean())
    bb = two_gate(tr, c, cos, n, o); u = (c[te] >= bb[1]) & (cos[te] <= bb[2])
    cvb.append(np.where(u, o[te], n[te]).mean())
    print(f"fold {fold}: conf {cvc[-1]:.2f} (t {t:.2f})  conf&cos {cvb[-1]:.2f} (tc {bb[1]:.2f} tk {bb[2]:.2f}) worse_te {np.mean(u & (o[te] > n[te])):.3f}")
print("cv mean conf", np.mean(cvc).round(3), "conf&cos", np.mean(cvb).round(3))
