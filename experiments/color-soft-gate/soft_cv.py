import pickle, itertools, numpy as np
ALPHAS = np.array((0.0, 0.25, 0.5, 0.75, 1.0)); DRAWS = (7, 107, 207, 307); MAXW = 0.03
data = {}
for d in DRAWS:
    rows = pickle.load(open(f"/tmp/soft-gate/soft_{d}.pkl", "rb"))
    data[d] = (np.array([r[1] for r in rows]), np.array([r[2] for r in rows]))
def ev(c, e, t, ai):
    used = c >= t; after = np.where(used, e[:, ai], e[:, 0]); return after.mean(), np.mean(used & (e[:, ai] > e[:, 0]))
def fit(c, e, alphas):
    best = None
    for t, ai in itertools.product(np.linspace(0, 1, 101), alphas):
        m, w = ev(c, e, t, ai)
        if w <= MAXW and (best is None or m < best[2]): best = (t, ai, m, w)
    return best
for held in DRAWS:
    c = np.concatenate([data[d][0] for d in DRAWS if d != held]); e = np.concatenate([data[d][1] for d in DRAWS if d != held])
    hc, he = data[held]
    b = fit(c, e, [4]); s = fit(c, e, [1, 2, 3, 4])
    mb, wb = ev(hc, he, b[0], 4); ms, ws = ev(hc, he, s[0], s[1])
    print(f"held {held}: none {he[:,0].mean():.2f} | binary t {b[0]:.2f} -> {mb:.2f} ({wb:.1%}) | shrink t {s[0]:.2f} a {ALPHAS[s[1]]} -> {ms:.2f} ({ws:.1%})")
c = np.concatenate([data[d][0] for d in DRAWS]); e = np.concatenate([data[d][1] for d in DRAWS])
print("pooled binary", fit(c, e, [4]), "shrink", fit(c, e, [1, 2, 3, 4]))
