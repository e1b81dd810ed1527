"""Read gate_probe.py's samples: how well each score ranks "the grade beats no change", and
the figure each gate gives on the held-out pictures at a limit chosen on calibration pictures."""
import numpy as np

C = np.load('/tmp/gate_cal.npy')   # rows: none, ours, confidence, change (ΔE00 of the grade itself)
H = np.load('/tmp/gate_held.npy')


def auc(s, p):
    r = s.argsort().argsort() + 1
    return (r[p].sum() - p.sum() * (p.sum() + 1) / 2) / (p.sum() * (~p).sum())


def evaluate(X, used):
    after = np.where(used, X[:, 1], X[:, 0])
    return after.mean(), np.mean(used & (X[:, 1] > X[:, 0]))


print('held none %.2f all %.2f perfect gate %.2f' % (H[:, 0].mean(), H[:, 1].mean(), np.minimum(H[:, 0], H[:, 1]).mean()))
for nm, X in (('cal', C), ('held', H)):
    imp = X[:, 1] < X[:, 0]
    print(nm, 'improves %.1f%%' % (imp.mean() * 100), 'AUC conf %.3f change %.3f' % (auc(X[:, 2], imp), auc(X[:, 3], imp)))
for limit in (0.03, 0.05):
    for name, col in (('conf', 2), ('change', 3)):
        b = (1e9, None)
        for t in np.unique(C[:, col]):
            m, w = evaluate(C, C[:, col] >= t)
            if w <= limit and m < b[0]:
                b = (m, t)
        mh, wh = evaluate(H, H[:, col] >= b[1])
        print(f'limit {limit} {name:7s} t={b[1]:.3f} cal {b[0]:.2f} held {mh:.2f} worse {wh * 100:.1f}%')
w = H[:, 1] > H[:, 0]
print('held, made worse: none %.2f (improved: %.2f), harm %.2f' % (H[w, 0].mean(), H[~w, 0].mean(), (H[w, 1] - H[w, 0]).mean()))
