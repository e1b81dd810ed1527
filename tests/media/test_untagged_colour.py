"""Untagged pictures are read as players read them: BT.709 when HD-sized, BT.601 below.

Every reader of pictures — the viewer's frames, the filmstrip, analysis's small frames —
must agree, or a colour changes between the timeline, the viewer and the render.
"""

from __future__ import annotations

import numpy as np
import pytest
from mediagen import make_video

from vedit_gui.media import probe
from vedit_gui.media.decode import FrameReader
from vedit_gui.media.lowres import iter_small_frames
from vedit_gui.media.thumbnails import thumbnails
from vedit_gui.media.ycbcr import BT601, BT709, describe, is_hd, matrix_for

RED = (220, 40, 30)


def test_untagged_matrix_follows_the_picture_size():
    assert is_hd(1920, 1080) and is_hd(1280, 720) and is_hd(1280, 536)  # HD, and scope-shaped
    assert not is_hd(720, 576) and not is_hd(640, 480)
    assert matrix_for(2, (1920, 1080)) is BT709 and matrix_for(None, (720, 480)) is BT601
    assert matrix_for(6, (1920, 1080)) is BT601 and matrix_for(1, (640, 480)) is BT709  # a tag wins
    assert matrix_for(9, (3840, 2160)) is None  # BT.2020: swscale's
    assert describe(2, (1920, 1080)) == "untagged colour (read as BT.709, as players read this size)"
    assert describe(2, (320, 240), "rgb555le") == "R'G'B'"  # Microsoft Video 1: no matrix
    assert describe(2, (320, 240), "yuv420p").startswith("untagged colour (read as BT.601")


@pytest.mark.parametrize("size", [(1280, 720), (320, 240)], ids=["hd", "sd"])
def test_every_picture_reader_reads_untagged_colour_alike(tmp_path, size):
    picture = np.empty((size[1], size[0], 3), np.uint8)
    picture[:] = RED
    path = tmp_path / "red.mp4"
    # Coded as a camera would for its size (BT.709 for HD), and untagged.
    make_video(path, 6, width=size[0], height=size[1], audio=False, bframes=0, options={"qp": "0"},
               picture=lambda _i: picture, bt709=is_hd(*size), tag=False)
    assert probe(path).video.colorspace == 2
    with FrameReader(path) as reader:
        viewer = reader.read(3).reshape(-1, 3).mean(axis=0)
    small = next(iter_small_frames(path, 32, 18)).reshape(-1, 3).mean(axis=0)
    _, thumb = next(thumbnails(path, 1, 36))
    # Read with the other matrix, this red is off by 7 to 13 levels; swscale's shrinking to
    # a filmstrip picture costs up to 3.
    for name, seen in (("viewer", viewer), ("analysis", small), ("filmstrip", thumb.reshape(-1, 3).mean(axis=0))):
        assert np.abs(seen - RED).max() < 4, (name, seen)
