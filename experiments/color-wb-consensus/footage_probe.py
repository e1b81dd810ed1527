import sys; sys.path.insert(0, '.'); sys.path.insert(0, './bench')
import numpy as np, cv2
from auto_grade import CASES, CLIPS, decode, delta_e
from vedit_gui.media.grade import Grade, apply_grade, srgb_to_linear
from vedit_gui.analysis.color.classical import small_frame, gains_to_params
from vedit_gui.analysis.color.suggest import predict, _cached_model
model, thr = _cached_model(None)
def estimators(frames):
    lin = np.concatenate([srgb_to_linear(small_frame(f).astype(np.float64) / 255.0) for f in frames])  # stacked rows
    flat = lin.reshape(-1, 3); keep = flat.max(axis=1) < 0.98
    f = flat[keep] if keep.sum() > 64 else flat
    out = {}
    for name, p in (("gw", 1.0), ("sog", 6.0)):
        ill = np.mean(f ** p, axis=0) ** (1 / p) + 1e-4; out[name] = ill / ill.mean()
    blur = cv2.GaussianBlur(lin, (0, 0), 1.0)
    gx = cv2.Sobel(blur, cv2.CV_64F, 1, 0); gy = cv2.Sobel(blur, cv2.CV_64F, 0, 1)
    mag = np.sqrt(gx ** 2 + gy ** 2).reshape(-1, 3)[keep if keep.sum() > 64 else slice(None)]
    ill = np.mean(mag ** 6, axis=0) ** (1 / 6) + 1e-6; out["ge"] = ill / ill.mean()
    ill = np.percentile(f, 99, axis=0) + 1e-4; out["max"] = ill / ill.mean()
    return {k: gains_to_params(1.0 / v)[1:] for k, v in out.items()}
def report(label, o, c):
    est = estimators(c); g, conf = predict(model, c)
    pts = np.array(list(est.values()) + [(g.temperature, g.tint)])
    spread = np.sqrt(pts[:, 0].var() + pts[:, 1].var())
    sc = lambda gr: np.mean([delta_e(a, apply_grade(b, gr)) for a, b in zip(o, c)])
    print(f"{label:40s} spread5 {spread:.3f} none {sc(Grade()):.2f} wbSOG {sc(Grade.clamped(temperature=est['sog'][0], tint=est['sog'][1])):.2f} wbModel {sc(Grade(temperature=g.temperature, tint=g.tint)):.2f}", {k: tuple(round(x, 2) for x in v) for k, v in est.items()}, (round(g.temperature,2), round(g.tint,2)))
for name, cast in CASES:
    orig, _ = decode(CLIPS / name, 240)
    o = [orig[i] for i in np.linspace(0, len(orig) - 1, 8).round().astype(int)]
    report(name + " cast", o, [apply_grade(f, cast) for f in o])
    report(name + " clean", o, o)
import glob
for p in sorted(glob.glob('/root/.cache/vedit-eval/root/**/*.mkv', recursive=True))[:6] + sorted(glob.glob('/root/.cache/vedit-eval/root/**/*.mpg', recursive=True)) + sorted(glob.glob('/root/.cache/vedit-eval/root/**/*.webm', recursive=True)) + sorted(glob.glob('/root/.cache/vedit-eval/root/**/cockatoo.mp4', recursive=True)):
    from pathlib import Path
    orig, _ = decode(Path(p), 400)
    o = [orig[i] for i in np.linspace(0, len(orig) - 1, 8).round().astype(int)]
    report(Path(p).name + " clean", o, o)
