"""``vedit analyze``: JSON shape, caching, and a file cut short analysed to where it ends."""

from __future__ import annotations

import json

from vedit_gui.analysis.analyze import analyze_cuts
from vedit_gui.cli import main


def test_analyze_writes_json(sample, streamed_sample, tmp_path, capfd):
    out = tmp_path / "cuts.json"
    assert main(["analyze", str(sample), "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert set(data) >= {"source", "fps", "frames", "transitions"}
    assert data["fps"] == "30000/1001" and data["frames"] == 900
    assert all(set(t) >= {"start", "end", "kind", "confidence"} for t in data["transitions"])
    assert {t["kind"] for t in data["transitions"]} <= {"cut", "dissolve", "fade", "wipe"}
    assert "analyze" in capfd.readouterr().err  # the progress bar
    # The sample was analysed before (streamed_sample): this run was answered from the cache.
    assert [t["start"] for t in data["transitions"]] == [
        t.start for t in streamed_sample.result.above(0.5)]
    assert analyze_cuts(sample).cached
    assert main(["analyze", str(sample), "--json", str(out), "--min-confidence", "1.0"]) == 0
    assert json.loads(out.read_text())["transitions"] == []


def test_a_file_cut_short_is_analysed_to_where_it_ends(sample, tmp_path, capfd):
    # The sample keeps its index first: cut in half, the index still names 900 frames. It was
    # called "breaks off after … of 900 frames (truncated?)"; it is a file cut short, said so
    # when opened, and everything it holds is analysed, as the README promises.
    from vedit_gui.media import probe

    cut = tmp_path / "cut-off.mp4"
    data = sample.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    out = tmp_path / "cuts.json"
    assert main(["analyze", str(cut), "--json", str(out)]) == 0
    assert "breaks off" not in capfd.readouterr().err
    result = json.loads(out.read_text())
    assert "complete" not in result and "error" not in result
    assert result["frames"] == probe(cut).video.frame_count < 900
    assert any(t["end"] == 150 for t in result["transitions"])
    assert analyze_cuts(cut).cached


def test_bad_input_is_one_clear_line(tmp_path, capfd):
    assert main(["analyze", str(tmp_path / "nope.mp4")]) == 1
    assert "file not found" in capfd.readouterr().err
    assert main(["analyze", str(tmp_path / "x.mp4"), "--min-confidence", "2"]) == 1
