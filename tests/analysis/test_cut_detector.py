"""The streaming detector and the model files: weights load, results arrive before the end."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from vedit_gui.analysis import AnalysisError, ModelLoadError
from vedit_gui.analysis.cut_detector import MODEL_PATH, CutDetector
from vedit_gui.analysis.cut_model import CutNet, load_model, save_model
from vedit_gui.analysis.transitions import pick_transitions
from vedit_gui.media.lowres import iter_small_frames


def test_shipped_weights_load():
    model, version = load_model(MODEL_PATH)
    assert isinstance(model, CutNet)
    assert version.startswith("cutnet-")
    assert MODEL_PATH.stat().st_size < 5_000_000
    assert MODEL_PATH.with_suffix(".md").is_file(), "the weights ship with a model card"


def test_damaged_weights_say_so(tmp_path):
    bad = tmp_path / "cutnet.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelLoadError, match="damaged"):
        load_model(bad)
    with pytest.raises(ModelLoadError, match="not found"):
        load_model(tmp_path / "missing.pt")


def test_weights_round_trip(tmp_path):
    torch.manual_seed(0)
    model = CutNet()
    save_model(model, tmp_path / "m.pt", version="cutnet-test")
    loaded, version = load_model(tmp_path / "m.pt")
    assert version.startswith("cutnet-test-")
    frames = torch.randint(0, 256, (1, 40, 27, 48, 3), dtype=torch.uint8)
    with torch.inference_mode():
        assert torch.allclose(model.eval()(frames), loaded(frames), atol=0.05)


def test_streaming_emits_before_the_end(streamed_sample):
    batches = streamed_sample.batches
    assert len(batches) >= 2
    first_seen, first = batches[0]
    assert first_seen < 400 and any(t.end == 150 for t in first)
    streamed = [t for _, batch in batches for t in batch]
    assert tuple(streamed) == streamed_sample.result.transitions
    starts = [t.start for t in streamed]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_scores_cover_every_frame(sample):
    detector = CutDetector(emit_every=64)
    width, height = detector.size
    for i, frame in enumerate(iter_small_frames(sample, width, height)):
        detector.push(frame)
        if i == 299:
            break
    detector.finish()
    assert len(detector.scores()) == detector.frames_seen == 300


def test_wrong_frame_size_is_refused():
    detector = CutDetector()
    with pytest.raises(AnalysisError, match="frames must be"):
        detector.push(np.zeros((10, 10, 3), np.uint8))


def test_peak_picking_table():
    event = np.zeros(60, np.float32)
    extent = np.zeros(60, np.float32)
    kinds = np.zeros((60, 4), np.float32)
    kinds[:, 0] = 1
    event[10] = 0.9  # a hard cut into frame 10
    event[11] = 0.6  # its shoulder: the same transition
    event[30], extent[25:36], kinds[25:36] = 0.8, 0.9, [0, 1, 0, 0]  # a dissolve 25..35
    event[50] = 0.3  # below the threshold
    found = pick_transitions(event, extent, kinds, threshold=0.5)
    assert [(t.start, t.end, t.kind) for t in found] == [(9, 10, "cut"), (25, 35, "dissolve")]
    assert found[0].confidence == pytest.approx(0.9)


def test_a_fade_in_at_the_very_start_is_no_transition():
    event = np.zeros(40, np.float32)
    extent = np.zeros(40, np.float32)
    kinds = np.zeros((40, 4), np.float32)
    event[4], extent[0:9], kinds[0:9, 2] = 0.9, 0.9, 1  # fade in from black over frames 0..8
    event[36], extent[33:40], kinds[33:40, 2] = 0.9, 0.9, 1  # fade out to the end
    assert pick_transitions(event, extent, kinds, threshold=0.5) == []
    # Mid-stream, the end of the scored arrays is not the end of the video.
    assert [t.kind for t in pick_transitions(event, extent, kinds, threshold=0.5, at_end=False)] == ["fade"]


def _one_wipe(before: np.ndarray, during: np.ndarray, after: np.ndarray):
    """Scores of a "wipe" over frames 20..29 of 50, and thumbnails showing ``before`` up to it,
    ``during`` in it and ``after`` from frame 30 on."""
    event = np.zeros(50, np.float32)
    extent = np.zeros(50, np.float32)
    kinds = np.zeros((50, 4), np.float32)
    kinds[:, 0] = 1
    event[25], extent[20:30], kinds[20:30] = 0.9, 0.9, [0, 0, 0, 1]
    thumbs = np.stack([before] * 20 + [during] * 10 + [after] * 20)
    return event, extent, kinds, thumbs


def test_a_wipe_must_replace_the_picture():
    rng = np.random.default_rng(0)
    old, new = rng.uniform(0, 1, (2, 3, 84)).astype(np.float32)
    # A hand or a bird sweeps over part of the shot and leaves it: the picture after is the one before.
    event, extent, kinds, thumbs = _one_wipe(old, new, old)
    assert pick_transitions(event, extent, kinds, threshold=0.5, thumbs=thumbs) == []
    # A hand that leaves a third of the picture changed is still no wipe.
    revealed = old.copy()
    revealed[:, :28] = new[:, :28]
    event, extent, kinds, thumbs = _one_wipe(old, new, revealed)
    assert pick_transitions(event, extent, kinds, threshold=0.5, thumbs=thumbs) == []
    # Another picture after it: a wipe.
    event, extent, kinds, thumbs = _one_wipe(old, (old + new) / 2, new)
    found = pick_transitions(event, extent, kinds, threshold=0.5, thumbs=thumbs)
    assert [(t.start, t.end, t.kind) for t in found] == [(20, 29, "wipe")]
    # Without thumbnails (or once they are no longer held) the network's word stands.
    assert len(pick_transitions(event, extent, kinds, threshold=0.5)) == 1
    event, extent, kinds, thumbs = _one_wipe(old, new, old)
    assert len(pick_transitions(event, extent, kinds, threshold=0.5, thumbs=thumbs[20:], thumbs_start=20)) == 1


def test_other_kinds_are_not_checked_for_a_new_picture():
    """A dissolve or a cut between two alike shots is still one: only wipes are checked."""
    rng = np.random.default_rng(1)
    old = rng.uniform(0, 1, (3, 84)).astype(np.float32)
    event, extent, kinds, thumbs = _one_wipe(old, old, old)
    kinds[20:30] = [0, 1, 0, 0]
    found = pick_transitions(event, extent, kinds, threshold=0.5, thumbs=thumbs)
    assert [t.kind for t in found] == ["dissolve"]


def test_the_detector_holds_only_recent_thumbnails():
    """An hour of video must not pile up thumbnails: only those a wipe still to report needs."""
    detector = CutDetector(emit_every=64)
    width, height = detector.size
    frame = np.zeros((height, width, 3), np.uint8)
    most = 0
    for _ in range(2000):
        detector.push(frame)
        most = max(most, sum(len(t) for t in detector._feats))
    detector.finish()
    # 64 frames back from the first unreported peak, 48 of look-ahead, the context, a batch.
    assert most <= 64 + 48 + detector.model.config.receptive_half + 64 + 64
    assert sum(len(t) for t in detector._feats) == 64
