import pickle
import sys

import numpy as np

sys.path.insert(0, __import__("os").path.dirname(__file__))
from analyse import composite

recs = pickle.load(open("/tmp/wipe/wipes_903_500.pkl", "rb"))  # written by probe.py wipes 903 500
dets = [r for r in recs if r.get("kind") == "wipe"]
for margin in (1, 2, 4):
    for tau in (0.06, 0.1, 0.15):
        c = np.array([composite(r, tau, margin) for r in dets]); t = np.array([r["true"] for r in dets])
        print(f"margin {margin} tau {tau}: true p1 {np.percentile(c[t],1):.2f} p5 {np.percentile(c[t],5):.2f} med {np.median(c[t]):.2f} | false med {np.median(c[~t]):.2f} max {c[~t].max():.2f}  false<p1: {(c[~t] < np.percentile(c[t],1)).sum()}")
