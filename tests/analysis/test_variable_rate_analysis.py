"""Analysis of a variable-rate source counts the frames the edit counts: the grid of its media
reference (the edit's rate for a new edit), each frame the picture on screen at its time, as
the viewer and the render show it; results on one grid are never read for another."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from mediagen import make_vfr_video, make_video, read_index

from vedit_gui.analysis import results_cache
from vedit_gui.analysis.analyze import analyze_cuts
from vedit_gui.analysis.grades import ShotSampler
from vedit_gui.media import FrameReader


@pytest.fixture(scope="module")
def phone(tmp_path_factory) -> Path:
    return make_vfr_video(tmp_path_factory.mktemp("vfr") / "phone.mp4", 48).path


@pytest.mark.parametrize("rate", [Fraction(25), None], ids=["edit-grid", "average-grid"])
def test_analysis_sees_the_frames_the_viewer_shows(phone, rate):
    with FrameReader(phone, rate=rate) as reader:
        viewer = [read_index(reader.read(i)) for i in range(reader.frame_count)]
        grid = reader.rate
    seen: dict[int, int] = {}
    result = analyze_cuts(phone, rate=rate, use_cache=False,
                          on_frame=lambda n, frame: seen.setdefault(n, read_index(frame.to_ndarray(format="rgb24"))))
    assert (result.fps, result.frames) == (grid, len(viewer))
    assert [seen[n] for n in range(len(viewer))] == viewer


def test_cached_results_are_kept_per_grid(phone):
    sampler = ShotSampler(45)
    first = analyze_cuts(phone, rate=Fraction(25), on_frame=sampler.push)
    assert first.frames == 45
    assert results_cache.grid_tag(phone, Fraction(25)) == "-grid25_1"
    assert results_cache.grid_tag(phone, None) == "-grid1323_50"
    # The average grid's analysis is not the cached one of the edit's grid.
    again = analyze_cuts(phone)
    assert (again.fps, again.frames) == (Fraction(1323, 50), 48)
    assert analyze_cuts(phone, rate=Fraction(25)).frames == 45


def test_a_constant_rate_files_cache_entries_are_where_they_were(tmp_path):
    path = make_video(tmp_path / "cfr.mp4", 6, audio=False).path
    assert results_cache.grid_tag(path, Fraction(25)) == results_cache.grid_tag(path, None) == ""
