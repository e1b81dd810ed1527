"""Files damaged or cut short as they reach editors: each is read as far as it holds, with the
count the probe gives, and the damage said with the file and the place."""

from __future__ import annotations

from pathlib import Path

import av
import pytest
from mediagen import make_video, read_index

from vedit_gui.media import probe
from vedit_gui.media.lowres import iter_decoded_frames, to_small


def faststart(path: Path) -> Path:
    """``path`` remuxed with its index first (``-movflags +faststart``, as web exports are)."""
    out = path.with_name(f"faststart-{path.name}")
    with av.open(str(path)) as src, av.open(str(out), "w", options={"movflags": "+faststart"}) as dst:
        streams = {s.index: dst.add_stream_from_template(s) for s in src.streams}
        for packet in src.demux():
            if packet.dts is not None:
                packet.stream = streams[packet.stream.index]
                dst.mux(packet)
    return out


@pytest.fixture(scope="module")
def faststart_cut_short(tmp_path_factory) -> Path:
    """A faststart MP4 cut at 60 %: its index names every frame, its last packet is cut in two.
    At this size a frame-threaded decoder given what is left of that packet loses the two
    pictures before it (three B-frames, frames sent ahead of ones shown before them)."""
    folder = tmp_path_factory.mktemp("faststart")
    whole = faststart(make_video(folder / "camera.mp4", 60, width=320, height=180, gop=30, bframes=3).path)
    data = whole.read_bytes()
    short = folder / "copied.mp4"
    short.write_bytes(data[: len(data) * 6 // 10])
    return short


def test_a_faststart_mp4_cut_short_decodes_every_frame_the_probe_counts(faststart_cut_short):
    info = probe(faststart_cut_short)
    assert info.promised_duration is not None and info.video is not None
    held = info.video.frame_count
    assert 25 < held < 60
    # Frame threads, as on any machine with cores to spare: the cut-off packet used to cost
    # the pictures before it, and the header's 60 frames made the rest "truncated?".
    shown = [read_index(to_small(frame, 320, 180)) for frame in iter_decoded_frames(faststart_cut_short, threads=4)]
    assert shown == list(range(held))


def test_cut_analysis_of_a_faststart_mp4_cut_short_is_whole(faststart_cut_short, tmp_path, monkeypatch):
    from vedit_gui.analysis import results_cache
    from vedit_gui.analysis.analyze import analyze_cuts

    monkeypatch.setattr(results_cache, "cache_dir", lambda: tmp_path / "cache")
    result = analyze_cuts(faststart_cut_short)
    assert (result.complete, result.error) == (True, None)
    assert result.frames == len(result.scores) == probe(faststart_cut_short).video.frame_count
