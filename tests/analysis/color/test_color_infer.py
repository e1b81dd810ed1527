"""The colour model's NumPy inference (what the editor and `vedit analyze` run) is the torch
model's arithmetic: the same grades and confidences, from the weights shipped beside it,
without importing torch."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import asdict

import numpy as np
import pytest

from vedit_gui.analysis.color.infer import default_numpy_weights, load_numpy_model
from vedit_gui.analysis.color.model import (
    default_weights,
    load_checkpoint,
    numpy_arrays,
    predict_torch,
)
from vedit_gui.analysis.color.suggest import predict


@pytest.fixture(scope="module")
def models():
    torch_model, meta = load_checkpoint(default_weights())
    torch_model.meta = meta
    return torch_model, load_numpy_model(default_numpy_weights())


def test_the_shipped_numpy_weights_are_the_checkpoint_folded(models):
    torch_model, numpy_model = models
    arrays = numpy_arrays(torch_model)
    # Folding is recomputed here, and torch's float32 kernels round by an ulp differently on
    # different CPUs (vector widths), so the folded layers match to float32's precision.
    for i, (weight, bias) in enumerate(numpy_model.convs):
        np.testing.assert_allclose(weight, arrays[f"conv{i}.weight"], rtol=1e-6, atol=1e-7)
        np.testing.assert_allclose(bias, arrays[f"conv{i}.bias"], rtol=1e-6, atol=1e-7)
    for i, (weight, bias) in enumerate(numpy_model.head):
        np.testing.assert_array_equal(weight, arrays[f"head{i}.weight"])
        np.testing.assert_array_equal(bias, arrays[f"head{i}.bias"])
    assert numpy_model.meta == torch_model.meta  # the training facts and calibrated threshold too
    assert 0.5 < numpy_model.meta["min_confidence"] < 1.0


def test_numpy_inference_gives_the_torch_models_grades(models):
    torch_model, numpy_model = models
    rng = np.random.default_rng(7)
    for _ in range(12):
        count = int(rng.integers(1, 6))
        level, spread = rng.uniform(30, 220), rng.uniform(5, 70)
        frames = [
            np.clip(rng.normal(level, spread, (90, 160, 3)) * rng.uniform(0.6, 1.4, 3), 0, 255).astype(np.uint8)
            for _ in range(count)
        ]
        expected, expected_sure = predict_torch(torch_model, frames)
        got, sure = predict(numpy_model, frames)
        for name, value in asdict(expected).items():
            assert getattr(got, name) == pytest.approx(value, abs=1e-5), name
        assert sure == pytest.approx(expected_sure, abs=1e-5)


def test_suggesting_a_grade_does_not_import_torch():
    code = (
        "import sys, numpy as np\n"
        "from vedit_gui.analysis.color.suggest import propose_grade\n"
        "propose_grade([np.full((90, 160, 3), (200, 150, 100), np.uint8)])\n"
        "print('torch' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
