from __future__ import annotations

import av
import numpy as np
import pytest

from vedit_gui.media.recent_frames import RecentFrames, frame_nbytes


def gray_frame(value: int) -> av.VideoFrame:
    return av.VideoFrame.from_ndarray(np.full((16, 32, 3), value, np.uint8), format="rgb24")


def test_least_recently_used_frames_leave_first():
    size = frame_nbytes(gray_frame(0))
    recent = RecentFrames(3 * size)
    frames = {pts: gray_frame(pts) for pts in range(4)}
    for pts in (0, 1, 2):
        recent.put(pts, frames[pts])
    assert recent.get(0) is frames[0]  # 0 is now the most recently used
    recent.put(3, frames[3])
    assert 1 not in recent and [pts in recent for pts in (0, 2, 3)] == [True, True, True]
    assert recent.nbytes == 3 * size and len(recent) == 3
    assert recent.get(1) is None


def test_putting_a_time_again_replaces_its_frame():
    recent = RecentFrames(10**6)
    first, second = gray_frame(1), gray_frame(2)
    recent.put(7, first)
    recent.put(7, second)
    assert recent.get(7) is second and recent.nbytes == frame_nbytes(second)


def test_a_frame_larger_than_the_budget_is_not_kept():
    recent = RecentFrames(100)
    recent.put(0, gray_frame(0))
    assert len(recent) == 0 and recent.nbytes == 0
    recent.clear()
    assert recent.get(0) is None


def test_negative_budget_is_refused():
    with pytest.raises(ValueError, match="negative"):
        RecentFrames(-1)
