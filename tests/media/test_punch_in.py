"""The punch-in move: the window it keeps, held inside the picture, and its settings."""

from __future__ import annotations

import numpy as np
import pytest

from vedit_gui.media.punch_in import MAX_ZOOM, PunchIn, PunchInError, combined_matrix
from vedit_gui.media.stabilize import CameraPath, Stabilization


def mapped(matrix: np.ndarray, x: float, y: float) -> tuple[float, float]:
    return tuple(matrix @ np.array([x, y, 1.0]))  # type: ignore[return-value]


def test_the_centre_of_the_window_lands_in_the_middle_and_the_window_fills_the_picture():
    move = PunchIn(10, 50, 1.25, x=0.6, y=0.4)
    m = move.matrix(20, 200, 100)
    assert mapped(m, 120, 40) == pytest.approx((100, 50))
    # The window (1/1.25 of each side, about the centre) fills the output exactly.
    assert mapped(m, 120 - 80, 40 - 40) == pytest.approx((0, 0))
    assert mapped(m, 120 + 80, 40 + 40) == pytest.approx((200, 100))


def test_a_centre_near_an_edge_is_moved_in_until_no_edge_shows():
    move = PunchIn(0, 10, 1.5, x=0.98, y=0.02)
    assert move.centre == pytest.approx((1 - 1 / 3, 1 / 3))
    back = np.linalg.inv(np.vstack([move.matrix(0, 90, 60), [0, 0, 1]]))
    for corner in ((0, 0), (90, 0), (0, 60), (90, 60)):  # the output's corners come from inside
        x, y, _ = back @ np.array([*corner, 1.0])
        assert -1e-9 <= x <= 90 + 1e-9 and -1e-9 <= y <= 60 + 1e-9
    assert (x, y) == pytest.approx((90, 40))  # the window sits against the right edge


def test_the_same_move_at_any_size_keeps_the_same_part_of_the_picture():
    move = PunchIn(0, 10, 1.2, x=0.45, y=0.55)
    for width, height in ((1920, 1080), (960, 540), (48, 27)):
        m = move.matrix(0, width, height)
        assert mapped(m, 0.45 * width, 0.55 * height) == pytest.approx((width / 2, height / 2))


def test_settings_round_trip_and_bad_ones_are_refused():
    move = PunchIn(12, 40, 1.15, 0.61, 0.33)
    assert PunchIn.from_params(move.to_params()) == move
    assert move.covers(12) and move.covers(51) and not move.covers(52) and not move.covers(11)
    assert move.with_zoom(9.0).zoom == MAX_ZOOM
    for params in ({"start": 0, "frames": 5, "zoom": 3.0}, {"start": 0, "frames": 0, "zoom": 1.1},
                   {"start": 0, "frames": 5, "zoom": 1.1, "x": 2}, {"start": 0, "zoom": 1.1},
                   {"start": "a", "frames": 5, "zoom": 1.1}):
        with pytest.raises(PunchInError):
            PunchIn.from_params(params)


def test_a_steadied_and_punched_in_frame_is_moved_by_both_at_once():
    path = CameraPath(0, np.array([[0.0, 0.0, 0.0], [0.02, -0.01, 0.0], [0.0, 0.0, 0.0]]))
    steady = Stabilization(path, 0.5, 30.0, 0.5)
    punch = PunchIn(0, 3, 1.2, 0.5, 0.5)
    both = combined_matrix([steady, punch], 1, 200, 100)
    first = np.vstack([steady.matrix(1, 200, 100), [0, 0, 1]])
    then = np.vstack([punch.matrix(1, 200, 100), [0, 0, 1]])
    np.testing.assert_allclose(both, (then @ first)[:2])
