"""The score curve: kept per frame by ``analyze_cuts``, cached compactly, and pieced back
from suggestions when an old cache entry kept none."""

from __future__ import annotations

import json

import numpy as np
import pytest
from mediagen import make_video

from vedit_gui.analysis import results_cache
from vedit_gui.analysis.analyze import analyze_cuts, decode_scores, encode_scores
from vedit_gui.analysis.score_curve import curve_from_suggestions
from vedit_gui.timeline import FrameRange, Suggestion


def test_the_sample_has_one_score_per_frame_and_peaks_at_its_cuts(sample_analysis):
    scores = sample_analysis.scores
    assert scores is not None and scores.dtype == np.float32 and len(scores) == sample_analysis.frames == 900
    assert scores.min() >= 0.0 and scores.max() <= 1.0
    for t in sample_analysis.above(0.5):
        assert scores[t.start : t.end + 1].max() == pytest.approx(t.confidence, abs=1e-3)


def test_the_cached_result_keeps_the_curve(sample, sample_analysis):
    again = analyze_cuts(sample)
    assert again.cached and again.scores is not None
    assert np.abs(again.scores - sample_analysis.scores).max() <= 0.5 / 255 + 1e-6


def test_partial_curves_stream_while_the_analysis_runs(tmp_path):
    clip = make_video(tmp_path / "long.mp4", 600, width=96, height=64, audio=False)
    seen: list[int] = []
    result = analyze_cuts(clip.path, use_cache=False, on_scores=lambda s: seen.append(len(s)))
    assert seen == sorted(seen) and seen[-1] == result.frames == 600
    assert any(0 < n < 600 for n in seen)  # before the end
    assert result.scores is not None and len(result.scores) == 600


def test_an_old_cache_entry_without_scores_still_loads(sample, sample_analysis):
    version = sample_analysis.version
    entry = results_cache.load_cached(sample, version)
    assert entry is not None
    old = {k: v for k, v in entry.items() if k != "scores"}
    results_cache.store(sample, version, old)
    try:
        loaded = analyze_cuts(sample)
        assert loaded.cached and loaded.scores is None
        assert loaded.transitions == sample_analysis.transitions
        results_cache.store(sample, version, {**old, "scores": {"encoding": "u8-base64", "frames": 3, "data": "!!"}})
        assert analyze_cuts(sample).scores is None  # damaged: ignored, not an error
    finally:
        results_cache.store(sample, version, entry)


def test_scores_cache_in_one_byte_a_frame():
    scores = np.linspace(0, 1, 7200 * 30, dtype=np.float32)  # two hours at 30 fps
    encoded = encode_scores(scores)
    assert len(json.dumps(encoded)) < 300_000
    decoded = decode_scores(json.loads(json.dumps(encoded)))
    assert decoded is not None and np.abs(decoded - scores).max() <= 0.5 / 255 + 1e-6
    assert decode_scores(None) is None and decode_scores({"encoding": "other"}) is None
    assert decode_scores({**encoded, "frames": 5}) is None


def test_a_curve_is_pieced_from_the_stretches_suggestions_carry():
    def cut(start: int, curve_start: int, curve: list[float], source: str = "a.mp4") -> Suggestion:
        params = {"transition": "cut", "curve_start": curve_start, "curve": curve}
        return Suggestion("cut", source, FrameRange(start, 2), 0.9, "m", params=params)

    pieced = curve_from_suggestions(
        [cut(10, 8, [0.1, 0.2, 0.9, 0.3]), cut(0, -2, [0.5, 0.6, 0.7]), cut(10, 0, [1.0], source="b.mp4")],
        "a.mp4",
        14,
    )
    assert pieced is not None and len(pieced) == 14
    assert pieced[0] == pytest.approx(0.7) and pieced[10] == pytest.approx(0.9)
    assert np.isnan(pieced[1:8]).all() and np.isnan(pieced[12:]).all()
    assert curve_from_suggestions([cut(10, 8, [])], "a.mp4", 14) is None
