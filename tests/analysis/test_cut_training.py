"""The cut model's training command on a tiny budget: it writes weights analysis can load, with
an operating point, and the same seed gives the same weights (the card's claim that the
shipped weights can be rebuilt)."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import torch

from vedit_gui.analysis.cut_model import CutNet, _histogram
from vedit_gui.analysis.cut_weights import MODEL_PATH, read_weights
from vedit_gui.analysis.train import loop
from vedit_gui.analysis.train.loop import environment_differences


@pytest.fixture
def tiny_config(monkeypatch, stills) -> loop.TrainConfig:
    monkeypatch.setattr(loop, "load_stills", lambda: stills)
    monkeypatch.setattr(loop, "choose_operating_point",
                        functools.partial(loop.choose_operating_point, sequences=2, length=40))
    return loop.TrainConfig(steps=3, batch=2, length=40, val_sequences=1, threads=1)


def test_training_twice_with_one_seed_writes_the_same_weights(tiny_config, tmp_path):
    paths = [tmp_path / "a.npz", tmp_path / "b.npz"]
    for path in paths:
        loop.train(tiny_config, path, version="test", log=lambda _: None)
    a, b = (read_weights(p) for p in paths)
    assert 0.0 < a.operating_point < 1.0 and a.meta["steps"] == 3
    # The weights say what they were made from (a rebuild elsewhere can tell why it differs).
    assert a.meta["made_with"] == b.meta["made_with"] and a.meta["made_with"]["stills"].startswith("4 pictures")
    assert a.state.keys() == b.state.keys()
    assert all(np.array_equal(a.state[k], b.state[k]) for k in a.state)
    # And it trained: the weights left their seeded starting values.
    torch.manual_seed(tiny_config.seed)
    start = CutNet().state_dict()
    assert max(float(np.abs(a.state[k] - start[k].numpy()).max()) for k in a.state) > 1e-3


def test_histogram_is_the_scatter_add_cutnet_4_was_trained_with_to_the_bit():
    """The faster histogram must not change a weight the training command writes."""
    rng = np.random.default_rng(0)
    frames = [torch.from_numpy(rng.integers(0, 256, (6, 27, 48, 3), dtype=np.uint8)),
              torch.from_numpy(rng.integers(0, 256, (3, 31, 57, 3), dtype=np.uint8)),
              torch.full((2, 27, 48, 3), 255, dtype=torch.uint8),  # every pixel in one bin
              torch.zeros((1, 27, 48, 3), dtype=torch.uint8)]
    for f in frames:
        q = (f.long() * 4) // 256
        bins = ((q[..., 0] * 4 + q[..., 1]) * 4 + q[..., 2]).flatten(1)
        expected = torch.zeros(bins.shape[0], 64)
        expected.scatter_add_(1, bins, torch.full(bins.shape, 1.0 / bins.shape[1]))
        assert torch.equal(_histogram(f), expected)


def test_a_rebuild_says_when_this_machine_would_train_other_weights():
    recorded = {"stills": "134 pictures, sha256 a8fac1c56f40bf29", "numpy": "2.4.6", "opencv": "5.1.0"}
    assert environment_differences(recorded, dict(recorded)) == []
    lines = environment_differences(recorded, {**recorded, "numpy": "2.5.0"})
    assert "numpy: 2.5.0 here, 2.4.6 in the weights being rebuilt" in lines
    assert "stills" not in "".join(lines[1:-1]) and "cutnet-environment.txt" in lines[-1]


def test_the_environment_file_pins_what_the_shipped_weights_were_made_with():
    recorded = read_weights(MODEL_PATH).meta["made_with"]
    pins = dict(line.split("==") for line in (MODEL_PATH.parent / "cutnet-environment.txt").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    assert pins["numpy"] == recorded["numpy"]
    assert pins["opencv-python-headless"].startswith(recorded["opencv"] + ".")
    assert recorded["torch"].split("+")[0] == pins["torch"]
