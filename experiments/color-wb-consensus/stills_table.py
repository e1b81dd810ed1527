import json, numpy as np, sys
rows = json.load(open(sys.argv[1]))
k = lambda n: np.array([r[n] for r in rows])
none = k("none")
print("n", len(rows), "none", none.mean().round(2), "full(all)", k("full").mean().round(2))
for n in ["wb_model", "wb_gw", "wb_sog", "wb_ge", "wb_max"]:
    v = k(n); print(f"{n:9s} mean {v.mean():.2f} worse {np.mean(v > none):.1%}")
# agreement: spread among estimators in (t, ti)
ests = ["gw", "sog", "ge", "max"]
T = np.stack([k(e + "_t") for e in ests] + [k("m_t")], 1)
TI = np.stack([k(e + "_ti") for e in ests] + [k("m_ti")], 1)
for combo_name, cols in [("4cls", [0,1,2,3]), ("sog+ge+model", [1,2,4]), ("all5", [0,1,2,3,4]), ("sog+ge", [1,2]), ("gw+sog+ge", [0,1,2])]:
    t, ti = T[:, cols], TI[:, cols]
    spread = np.sqrt(t.var(1) + ti.var(1)) 
    mag = np.sqrt(t.mean(1) ** 2 + ti.mean(1) ** 2)
    for wbsrc in ["wb_sog", "wb_model", "wb_ge"]:
        v = k(wbsrc)
        for th in [0.05, 0.1, 0.15, 0.2, 0.3]:
            use = spread < th
            after = np.where(use, v, none)
            print(f"{combo_name:13s} {wbsrc:8s} spread<{th:.2f} used {use.mean():5.1%} mean {after.mean():.2f} worse {np.mean(use & (v > none)):.1%}")
