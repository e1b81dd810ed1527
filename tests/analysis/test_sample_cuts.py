"""The shipped model on the bundled sample: every cut, the dissolve and the fade; not the flash."""

from __future__ import annotations

import pytest

from vedit_gui.analysis.cut_detector import DEFAULT_THRESHOLD

TOLERANCE = 2


def _found(analysis, a: int, b: int):
    return [t for t in analysis.above(DEFAULT_THRESHOLD)
            if t.start <= b + TOLERANCE and t.end >= a - TOLERANCE]


def _cases():
    import json
    from pathlib import Path

    truth = json.loads((Path(__file__).resolve().parents[2] / "resources" / "sample.json").read_text())
    return [pytest.param(a, b, kind, id=f"{kind}-{a}-{b}")
            for (a, b), kind in zip(truth["transitions"], truth["kinds"], strict=True)]


@pytest.mark.parametrize(("a", "b", "kind"), _cases())
def test_each_true_transition_is_found(sample_analysis, a, b, kind):
    hits = _found(sample_analysis, a, b)
    assert len(hits) == 1, f"{kind} [{a}, {b}]: found {hits}"
    if kind == "cut":
        assert (hits[0].start, hits[0].end) == (a, b)
        assert hits[0].kind == "cut"
    else:
        assert hits[0].kind != "cut"
        assert hits[0].end - hits[0].start >= (b - a) // 2


def test_the_flash_is_not_a_transition(sample_analysis, sample_truth):
    for a, b in sample_truth["flashes"]:
        assert _found(sample_analysis, a, b) == []


def test_nothing_else_is_found(sample_analysis, sample_truth):
    truth = sample_truth["transitions"]
    extra = [t for t in sample_analysis.above(DEFAULT_THRESHOLD)
             if not any(t.start <= b + TOLERANCE and t.end >= a - TOLERANCE for a, b in truth)]
    assert extra == []


def test_counts_and_rate(sample_analysis, sample_truth):
    assert sample_analysis.frames == sample_truth["frames"]
    assert f"{sample_analysis.fps.numerator}/{sample_analysis.fps.denominator}" == sample_truth["fps"]
    assert sample_analysis.complete


def test_confidences_and_curves(sample_analysis):
    for t in sample_analysis.transitions:
        assert 0.0 <= t.confidence <= 1.0
        assert t.curve_start <= t.start
        assert t.curve_start + len(t.curve) > t.end
        assert max(t.curve) == pytest.approx(t.confidence, abs=1e-3)
