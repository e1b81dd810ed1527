"""Readers an edit keeps open: a bounded number, the one used longest ago closed first."""

from __future__ import annotations

from vedit_gui.render.open_files import OpenFiles


def test_opening_one_more_than_the_limit_closes_the_one_used_longest_ago():
    closed: list[str] = []
    files: OpenFiles[str, str] = OpenFiles(2, closed.append)
    assert files.get("a", lambda: "reader a") == "reader a"
    files.get("b", lambda: "reader b")
    assert files.get("a", lambda: "never opened twice") == "reader a"  # used again: the newest
    files.get("c", lambda: "reader c")
    assert closed == ["reader b"] and sorted(files) == ["a", "c"]
    files.close_all()
    assert sorted(closed) == ["reader a", "reader b", "reader c"] and len(files) == 0


def test_an_edit_of_more_sources_than_readers_renders_each_and_comes_back(tmp_path):
    import av
    import numpy as np
    from mediagen import make_video
    from render_helpers import NTSC

    from vedit_gui.media import media_reference, probe
    from vedit_gui.render import render_timeline
    from vedit_gui.timeline import InsertMedia, timeline_from_media

    greys = [20 + 20 * i for i in range(10)] + [20]  # ten sources, then the first again
    sources = [media_reference(probe(make_video(tmp_path / f"s{i}.mp4", 4, width=64, height=48, rate=NTSC,
                                                picture=lambda _f, g=g: np.full((48, 64, 3), g, np.uint8)).path))
               for i, g in enumerate(greys[:10])]
    timeline = timeline_from_media(sources[0])
    for source in [*sources[1:], sources[0]]:
        timeline = InsertMedia((source,), timeline.duration).apply(timeline)
    out = render_timeline(timeline, tmp_path / "all.mp4")
    with av.open(str(out)) as container:
        means = [float(f.to_ndarray(format="rgb24").mean()) for f in container.decode(video=0)]
    assert len(means) == 44
    assert [round(means[4 * k + 1] / 20) * 20 for k in range(11)] == greys  # each its own, the first reopened
