"""The render's quick 4:2:0 ↔ RGB conversions agree with swscale's (the reader's and the encoder's)."""

from __future__ import annotations

import av
import numpy as np

from vedit_gui.media.grade import Grade, apply_grade
from vedit_gui.media.ycbcr import BT601, BT709
from vedit_gui.render.yuv420 import fast_rgb, graded_yuv420, yuv420_frame


def _picture() -> np.ndarray:
    # Smooth ramps: chroma subsampling loses nothing, so any difference is the conversion's.
    y, x = np.mgrid[0:96, 0:128].astype(np.float32)
    return np.dstack([x * 2, y * 2.6, 255 - x - y]).clip(0, 255).astype(np.uint8)


def test_fast_rgb_matches_swscale_for_bt601_and_untagged_frames():
    frame = av.VideoFrame.from_ndarray(_picture(), format="rgb24").reformat(format="yuv420p")
    for space in (2, 5, 6):
        frame.colorspace = space
        quick = fast_rgb(frame)
        assert quick is not None
        reference = frame.to_ndarray(format="rgb24").astype(int)
        # Chroma upsampling filters differ a little (swscale's default is not bit-exact either).
        assert np.abs(quick - reference).max() <= 3 and np.abs(quick - reference).mean() < 1.5
        assert np.abs(quick - _picture().astype(int)).mean() <= np.abs(reference - _picture()).mean() + 0.5


def test_fast_rgb_declines_other_matrices_ranges_and_formats():
    frame = av.VideoFrame.from_ndarray(_picture(), format="rgb24").reformat(format="yuv420p")
    frame.colorspace = 1  # BT.709: another matrix
    assert fast_rgb(frame) is None
    assert fast_rgb(av.VideoFrame.from_ndarray(_picture(), format="rgb24").reformat(format="yuvj420p")) is None
    assert fast_rgb(av.VideoFrame.from_ndarray(_picture(), format="rgb24")) is None


def test_yuv420_frame_matches_what_the_encoder_would_convert():
    picture = _picture()
    quick = yuv420_frame(picture)
    assert quick.format.name == "yuv420p" and (quick.width, quick.height) == (128, 96)
    reference = av.VideoFrame.from_ndarray(picture, format="rgb24").reformat(format="yuv420p")
    ours, theirs = quick.to_ndarray().astype(int), reference.to_ndarray().astype(int)
    assert np.abs(ours[:96] - theirs[:96]).max() <= 1  # luma
    assert np.abs(ours[96:] - theirs[96:]).mean() < 1.5  # chroma, downsampled a little differently
    # The round trip through both quick conversions keeps the picture.
    assert np.abs(fast_rgb(quick).astype(int) - picture).mean() < 1.5


def _tagged(space: int) -> av.VideoFrame:
    name = {1: "itu709", 2: "itu601"}[space]
    frame = av.VideoFrame.from_ndarray(_picture(), format="rgb24").reformat(format="yuv420p", dst_colorspace=name)
    frame.colorspace = space
    return frame


def test_graded_yuv420_matches_the_grade_in_rgb_in_the_frames_own_matrix():
    grade = Grade(exposure=0.3, temperature=0.4, contrast=1.15, saturation=1.2)
    for space in (1, 2):  # BT.709, untagged (read as BT.601)
        frame = _tagged(space)
        graded = graded_yuv420(frame, grade, BT709 if space == 1 else BT601)
        assert graded is not None and graded.colorspace == frame.colorspace
        assert (graded.width, graded.height, graded.format.name) == (128, 96, "yuv420p")
        # swscale reads both with the frame's matrix, as the viewer and players do.
        ours = graded.to_ndarray(format="rgb24").astype(int)
        expected = apply_grade(frame.to_ndarray(format="rgb24"), grade).astype(int)
        assert np.abs(ours - expected).mean() < 1.6
        assert np.abs(ours - frame.to_ndarray(format="rgb24")).mean() > 10


def test_graded_yuv420_declines_frames_it_cannot_read():
    grade = Grade(exposure=0.5)
    full_range = av.VideoFrame.from_ndarray(_picture(), format="rgb24").reformat(format="yuvj420p")
    other = av.VideoFrame.from_ndarray(_picture(), format="rgb24").reformat(format="yuv444p")
    bt2020 = _tagged(2)
    bt2020.colorspace = 9
    odd = av.VideoFrame.from_ndarray(_picture()[:, :127], format="rgb24").reformat(format="yuv420p")
    for frame in (full_range, other, bt2020, odd):
        assert graded_yuv420(frame, grade, BT601) is None
    # A frame in another matrix than the render's is converted, not graded in place.
    assert graded_yuv420(_tagged(1), grade, BT601) is None
    assert graded_yuv420(_tagged(2), grade, BT709) is None
