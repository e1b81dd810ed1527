"""Pictures are read at their true levels: no reader may shift a colour, whatever the bit depth,
chroma layout or size it is read at (the render mixes these pictures with ones passed on as
decoded, and an editor grades by what the viewer shows).

swscale's fast R'G'B' conversion read green 1.4–1.5 levels low (and saturated colours up to 3
off) for every source, 8- or 10-bit, scaled or not; see ``media/ycbcr.py``.
"""

from __future__ import annotations

import numpy as np
import pytest
from mediagen import make_video

from vedit_gui.media.decode import FrameReader
from vedit_gui.media.lowres import iter_small_frames
from vedit_gui.media.thumbnails import thumbnails

# Colour blocks in 4×4 blocks of 48×48 pixels: greys, skin, sky, grass and saturated primaries.
COLOURS = np.array(
    [[20, 20, 20], [64, 64, 64], [128, 128, 128], [200, 200, 200],
     [224, 172, 140], [120, 170, 230], [70, 140, 60], [200, 40, 30],
     [40, 180, 60], [40, 60, 200], [230, 220, 90], [150, 60, 170],
     [90, 50, 30], [30, 120, 140], [250, 240, 235], [180, 110, 100]],
    np.uint8,
)
BLOCK = 48


def blocks_picture() -> np.ndarray:
    grid = COLOURS.reshape(4, 4, 3)
    return np.repeat(np.repeat(grid, BLOCK, 0), BLOCK, 1)


def block_means(picture: np.ndarray, block: int) -> np.ndarray:
    """Each block's mean colour, over its middle half (chroma subsampling blurs its edges)."""
    q = block // 4
    return np.array([
        picture[r * block + q : (r + 1) * block - q, c * block + q : (c + 1) * block - q].reshape(-1, 3).mean(0)
        for r in range(4) for c in range(4)
    ])


@pytest.mark.parametrize(
    ("codec", "pix_fmt", "options"),
    [
        ("prores_ks", "yuv422p10le", {"profile": "3"}),
        ("ffv1", "yuv420p10le", {}),
        ("ffv1", "yuv444p", {}),
        ("libx264", "yuv420p", {"qp": "0"}),
    ],
    ids=["prores-422-10bit", "420-10bit", "444-8bit", "420-8bit"],
)
def test_every_reader_keeps_the_levels(tmp_path, codec, pix_fmt, options):
    picture = blocks_picture()
    path = tmp_path / ("clip.mov" if codec == "prores_ks" else "clip.mkv" if codec == "ffv1" else "clip.mp4")
    make_video(path, 4, width=picture.shape[1], height=picture.shape[0], codec=codec, pix_fmt=pix_fmt,
               audio=False, bframes=0, options=options, picture=lambda _i: picture)
    with FrameReader(path) as reader:
        viewer = reader.read(1)
    small = next(iter_small_frames(path, 48, 48))  # analysis: 4×4 blocks of 12 pixels
    _, strip = next(thumbnails(path, 1, 96))  # the filmstrip: blocks of 24
    readings = {
        "viewer": block_means(viewer, BLOCK) - block_means(picture, BLOCK),
        "analysis": block_means(small, 12) - block_means(picture, BLOCK),
        "filmstrip": block_means(strip, 24) - block_means(picture, BLOCK),
    }
    for name, error in readings.items():
        # The colour's shift over all blocks (its bias), and the worst block (coding loss).
        assert np.abs(error.mean(0)).max() < 0.5, (name, error.mean(0))
        assert np.abs(error).max() < 3, (name, error)
