"""The stabilisation maths: camera paths as text, smoothing, the crop that hides the edges,
and the warp the preview and the render share."""

from __future__ import annotations

import numpy as np
import pytest

from vedit_gui.media.stabilize import (
    MAX_ZOOM,
    CameraPath,
    Stabilization,
    StabilizationError,
    smooth_path,
    stabilize,
    zoom_needed,
)

ASPECT = 9 / 16


def shaky_path(frames: int = 90, shake: float = 0.01, seed: int = 0) -> CameraPath:
    rng = np.random.default_rng(seed)
    xya = np.zeros((frames, 3))
    xya[:, 0] = np.linspace(0, -0.2, frames) + rng.normal(0, shake, frames)
    xya[:, 1] = rng.normal(0, shake, frames)
    xya[:, 2] = rng.normal(0, shake / 3, frames)
    return CameraPath(100, xya - xya[0])


def test_a_path_survives_the_project_file_as_text():
    path = shaky_path()
    back = CameraPath.decode(path.start, path.encode())
    assert back.start == 100 and back.frames == 90
    np.testing.assert_allclose(back.xya, path.xya, atol=1e-6)  # float32 in the file


@pytest.mark.parametrize("text", ["not base64!", "AAAA", ""])
def test_a_damaged_path_is_refused_with_a_reason(text):
    with pytest.raises(StabilizationError):
        CameraPath.decode(0, text)


def test_smoothing_keeps_a_steady_pan_to_its_last_frame():
    pan = np.stack([np.linspace(0, 0.3, 60), np.zeros(60), np.zeros(60)], axis=1)
    np.testing.assert_allclose(smooth_path(pan, 15), pan, atol=1e-12)


def test_smoothing_removes_jitter():
    path = shaky_path(shake=0.01)
    unsteady = path.xya - smooth_path(path.xya, 15)
    assert np.abs(unsteady[:, 1]).std() > 0.005
    assert np.abs(np.diff(smooth_path(path.xya, 15)[:, 1])).max() < 0.002


def test_no_move_needs_no_crop_and_a_move_needs_just_enough():
    assert zoom_needed(np.zeros((5, 3)), ASPECT) == 1.0
    # A shift of 5 % of the width: the output's edge must come 5 % in from each side.
    assert zoom_needed(np.array([[0.05, 0.0, 0.0]]), ASPECT) == pytest.approx(0.5 / 0.45)


def test_an_unmoving_path_leaves_the_picture_as_it_was():
    still = Stabilization(CameraPath(0, np.zeros((30, 3))), 0.5, 30.0, ASPECT)
    picture = np.random.default_rng(1).integers(0, 256, (36, 64, 3), dtype=np.uint8)
    assert still.zoom == 1.0
    np.testing.assert_array_equal(stabilize(picture, still.matrix(10, 64, 36)), picture)


def test_a_jolt_is_moved_back_onto_the_smooth_path():
    # The content jumps 4 % of the width to the right on frame 15 only.
    xya = np.zeros((31, 3))
    xya[15, 0] = 0.04
    stab = Stabilization(CameraPath(0, xya), 0.5, 30.0, ASPECT)
    m = stab.matrix(15, 640, 360)
    centre = np.array([320.0, 180.0])
    # The point where the content's centre landed goes back (nearly) to the centre.
    moved = m[:, :2] @ (centre + [0.04 * 640, 0]) + m[:, 2]
    assert np.abs(moved - centre).max() < 0.1 * 0.04 * 640 * stab.zoom
    assert 1.0 < stab.zoom < 1.1


def test_the_crop_never_passes_its_limit():
    wild = shaky_path(shake=0.2, seed=3)
    stab = Stabilization(wild, 3.0, 30.0, ASPECT)
    assert stab.zoom <= MAX_ZOOM + 1e-9


def test_one_path_serves_every_picture_size():
    stab = Stabilization(shaky_path(), 0.5, 30.0, ASPECT)
    small, large = stab.matrix(120, 64, 36), stab.matrix(120, 1920, 1080)
    np.testing.assert_allclose(small[:, :2], large[:, :2])
    np.testing.assert_allclose(large[:, 2] / 1920, small[:, 2] / 64, atol=1e-9)


def test_settings_round_trip_and_damage_is_reported():
    stab = Stabilization(shaky_path(), 0.8, 25.0, ASPECT)
    back = Stabilization.from_params(stab.to_params())
    assert back.smoothing_s == 0.8 and back.rate == 25.0 and back.path.start == 100
    with pytest.raises(StabilizationError):
        Stabilization.from_params({"start": 0, "rate": 30})
    with pytest.raises(StabilizationError):
        Stabilization.from_params({**stab.to_params(), "smoothing_s": 50})
