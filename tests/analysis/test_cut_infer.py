"""The NumPy forward pass analysis runs is the torch network training builds, number for number."""

from __future__ import annotations

import numpy as np
import torch

from vedit_gui.analysis.cut_detector import MODEL_PATH
from vedit_gui.analysis.cut_infer import CutNetInference
from vedit_gui.analysis.cut_model import CutNet, load_model, save_model
from vedit_gui.analysis.cut_weights import CutNetConfig, read_weights


def _both(model: CutNet, frames: np.ndarray, path) -> tuple[np.ndarray, np.ndarray]:
    save_model(model, path, version="cutnet-test")
    loaded, _ = load_model(path)
    with torch.inference_mode():
        expected = loaded(torch.from_numpy(frames)[None])[0].numpy()
    net = CutNetInference(read_weights(path))
    return expected, net.temporal(net.frame_features(frames))


def test_random_weights_same_logits(tmp_path):
    torch.manual_seed(3)
    model = CutNet(CutNetConfig(dilations=(1, 3, 1)))
    # Untrained weights are small: scale them up so a mistake in any layer shows.
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(3.0)
    frames = np.random.default_rng(0).integers(0, 256, (70, 27, 48, 3), dtype=np.uint8)
    expected, got = _both(model, frames, tmp_path / "m.npz")
    assert np.abs(expected).max() > 1.0
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)


def test_shipped_weights_same_logits_on_real_frames(tmp_path, sample):
    from vedit_gui.media.lowres import iter_small_frames

    frames = np.stack([f for _, f in zip(range(160), iter_small_frames(sample, 48, 27), strict=False)])
    model, _ = load_model(MODEL_PATH)
    expected, got = _both(model, frames, tmp_path / "m.npz")
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)


def test_analysis_does_not_load_torch(sample):
    import subprocess
    import sys

    code = ("import sys; from vedit_gui.analysis.analyze import analyze_cuts; "
            f"analyze_cuts({str(sample)!r}, use_cache=False); print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_motion_compensation_tells_a_pan_from_a_cut():
    import cv2

    from vedit_gui.analysis.cut_infer import _motion_measures

    rng = np.random.default_rng(5)
    # Two textured luma pictures, smooth enough that a one-pixel shift is a small change.
    a, b = (np.clip(cv2.GaussianBlur(rng.random((40, 60), np.float32), (0, 0), 2.0) * 4 - 1.5, 0, 1) for _ in range(2))
    pan = np.stack([a[8:20, 8 + x : 32 + x] for x in range(4)])  # the camera moves a pixel a frame
    cut = np.stack([a[8:20, 8:32], a[8:20, 8:32], b[8:20, 8:32], b[8:20, 8:32]])
    moved, changed, unmoved = _motion_measures(pan, 1)[1:].T
    assert (moved < 0.1 * unmoved).all() and (changed < 0.05).all()
    moved, changed, unmoved = _motion_measures(cut, 1)[2]
    assert moved > 0.5 * unmoved and changed > 0.5  # no displacement explains a new shot
