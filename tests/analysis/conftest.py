"""Shared fixtures: the bundled sample analysed once per session (the model's known answers),
and small pictures for the cut model's synthetic footage."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    # Results caches from tests never land in the user's real cache folder.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture
def stills() -> list[np.ndarray]:
    """Four smooth random pictures, each unlike the others (stand-ins for the training stills)."""
    rng = np.random.default_rng(3)
    pictures = []
    for _ in range(4):
        noise = rng.uniform(0, 255, (18, 32, 3)).astype(np.float32)
        pictures.append(cv2.resize(noise, (320, 180), interpolation=cv2.INTER_CUBIC).astype(np.uint8))
    return pictures


@pytest.fixture(scope="session")
def sample() -> Path:
    return RESOURCES / "sample.mp4"


@pytest.fixture(scope="session")
def sample_truth() -> dict:
    return json.loads((RESOURCES / "sample.json").read_text())


@dataclass(frozen=True)
class StreamedAnalysis:
    result: object
    # (frames decoded so far, transitions in the batch) for each batch the detector emitted.
    batches: list


@pytest.fixture(scope="session")
def streamed_sample(sample) -> StreamedAnalysis:
    """The sample analysed once (and so cached) through the streaming detector."""
    from vedit_gui.analysis.analyze import KEEP_THRESHOLD, analyze_cuts
    from vedit_gui.analysis.cut_detector import CutDetector

    detector = CutDetector(threshold=KEEP_THRESHOLD, emit_every=128)
    batches = []
    result = analyze_cuts(sample, detector=detector,
                          on_transitions=lambda b: batches.append((detector.frames_seen, b)))
    return StreamedAnalysis(result, batches)


@pytest.fixture(scope="session")
def sample_analysis(streamed_sample):
    return streamed_sample.result
