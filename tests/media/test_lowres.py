"""Sequential small-frame decode: every picture once, in order, scaled; a file cut short read as far as it goes."""

from __future__ import annotations

import pytest
from mediagen import make_video, read_index

from vedit_gui.media import MediaError
from vedit_gui.media.lowres import iter_small_frames


def test_every_frame_in_order(tmp_path):
    clip = make_video(tmp_path / "v.mp4", frames=40, audio=False)
    frames = list(iter_small_frames(clip.path, 160, 96))
    assert len(frames) == 40
    assert frames[0].shape == (96, 160, 3)
    assert [read_index(f) for f in frames] == list(range(40))
    small = next(iter_small_frames(clip.path, 48, 27))
    assert small.shape == (27, 48, 3) and small.dtype.name == "uint8"


def test_a_file_cut_short_gives_the_frames_it_holds(tmp_path):
    # Matroska states the duration up front, so a cut-off file still opens; the probe counts
    # what it holds, and that is what analysis reads (not "truncated?" against the header).
    from vedit_gui.media import probe

    clip = make_video(tmp_path / "v.mkv", frames=90, audio=False)
    data = clip.path.read_bytes()
    cut = tmp_path / "cut.mkv"
    cut.write_bytes(data[: len(data) * 2 // 3])
    got = [read_index(frame) for frame in iter_small_frames(cut, 160, 96)]
    assert 10 < len(got) == probe(cut).video.frame_count < 90
    assert got == list(range(len(got)))


def test_missing_file(tmp_path):
    with pytest.raises(MediaError, match="not found"):
        next(iter_small_frames(tmp_path / "none.mp4", 48, 27))


def test_sampled_shrink_matches_a_full_area_scale(tmp_path):
    # Large 4:2:0 pictures are shrunk from a sample of their pixels; the result must look like
    # swscale's full area filter with the same matrix (the model cannot tell them apart).
    import av
    import numpy as np

    from vedit_gui.media.lowres import to_small

    clip = make_video(tmp_path / "big.mp4", frames=6, width=768, height=432, audio=False)
    with av.open(str(clip.path)) as container:
        frames = list(container.decode(video=0))
    assert frames[0].format.name == "yuv420p"
    for frame in frames:
        small = to_small(frame, 48, 27).astype(np.float32)
        full = frame.reformat(format="rgb24", width=48, height=27, interpolation="AREA",
                              src_colorspace="ITU601").to_ndarray().astype(np.float32)
        assert small.shape == (27, 48, 3)
        assert np.abs(small - full).mean() < 4.0
        assert np.abs(small.mean((0, 1)) - full.mean((0, 1))).max() < 2.0
