"""Scopes read a picture as a colourist's scopes do: known pictures land where they must."""

from __future__ import annotations

import math

import numpy as np
import pytest

from vedit_gui.media.grade import Grade, apply_grade
from vedit_gui.media.scopes import (
    LEVELS,
    SKIN_ANGLE,
    VECTOR_TARGETS,
    ScopeKind,
    histogram,
    parade,
    scope_picture,
    vector_position,
    vectorscope,
    waveform,
)


def ramp(width: int = 640, height: int = 90) -> np.ndarray:
    """Black at the left to white at the right."""
    row = np.linspace(0, 255, width).round().astype(np.uint8)
    return np.repeat(np.repeat(row[None, :, None], height, axis=0), 3, axis=2)


def level_of_columns(density: np.ndarray) -> np.ndarray:
    """Each column's brightest level, 0 (bottom) to 1 (top)."""
    return 1 - density.argmax(axis=0) / (LEVELS - 1)


def test_a_grey_ramp_is_a_diagonal_on_the_waveform():
    density = waveform(ramp())
    assert density.shape == (LEVELS, 256)
    levels = level_of_columns(density)
    assert np.allclose(levels, np.linspace(0, 1, 256), atol=2.5 / LEVELS)


def test_exposure_lifts_the_waveform_and_a_cast_splits_the_parade():
    picture = np.full((90, 160, 3), 100, np.uint8)
    brighter = apply_grade(picture, Grade(exposure=1.0))
    assert level_of_columns(waveform(brighter)).mean() > level_of_columns(waveform(picture)).mean() + 0.1
    warm = apply_grade(picture, Grade(temperature=0.8))
    red, green, blue = (level_of_columns(channel).mean() for channel in parade(warm))
    assert red > green > blue  # a grey carrying a warm cast: red on top, blue below
    assert np.ptp([level_of_columns(c).mean() for c in parade(picture)]) == 0  # grey: level


def test_neutrals_sit_in_the_vectorscopes_centre_and_colours_at_their_targets():
    grey = np.full((40, 40, 3), 128, np.uint8)
    density = vectorscope(grey, 129)
    assert np.unravel_index(density.argmax(), density.shape) == (64, 64)
    red = np.zeros((40, 40, 3), np.uint8)
    red[..., 0] = 191  # 75 % red
    density = vectorscope(red, 129)
    y, x = np.unravel_index(density.argmax(), density.shape)
    tx, ty = VECTOR_TARGETS["R"]
    assert (x / 128, y / 128) == pytest.approx((tx, ty), abs=1.5 / 128)
    # Red is up and a little left of the centre (about 103°, as on every vectorscope).
    angle = math.degrees(math.atan2(0.5 - ty, tx - 0.5))
    assert 100 < angle < 106
    assert 115 < math.degrees(SKIN_ANGLE) < 130
    # Magnified twice, a pale red lands twice as far from the centre.
    pale = np.zeros((40, 40, 3), np.uint8) + 100
    pale[..., 0] = 130
    at = [np.unravel_index(vectorscope(pale, 129, zoom).argmax(), (129, 129)) for zoom in (1, 2)]
    assert np.allclose(np.subtract(at[1], 64), 2 * np.subtract(at[0], 64), atol=1.5)
    # Colours past the magnified edge sit on the circle where their hue points, on every side.
    for colour in ((0, 0, 255), (0, 255, 0), (0, 255, 255), (255, 0, 255), (255, 0, 0), (255, 255, 0)):
        y, x = np.unravel_index(vectorscope(np.full((8, 8, 3), colour, np.uint8), 129, 2).argmax(), (129, 129))
        assert abs(math.hypot(x - 64, y - 64) - 64) < 1.5, colour
    # A skin tone lies near the skin line.
    sx, sy = vector_position(0.87, 0.67, 0.55)
    assert abs(math.degrees(math.atan2(0.5 - sy, sx - 0.5)) - math.degrees(SKIN_ANGLE)) < 12


def test_the_histogram_counts_each_channels_levels():
    picture = np.zeros((10, 10, 3), np.uint8)
    picture[:, :5] = (255, 0, 0)
    picture[:, 5:] = (0, 0, 255)
    counts = histogram(picture)
    assert counts.shape == (3, 256) and counts.max() == 1.0
    assert counts[0, 255] == counts[0, 0] == 1.0  # half the pixels full red, half none
    assert counts[1, 0] == 1.0 and counts[1, 1:].sum() == 0  # no green anywhere


def test_each_scope_draws_a_picture_and_refuses_what_is_not_one():
    picture = apply_grade(ramp(), Grade(temperature=0.5))
    for kind in ScopeKind:
        drawn = scope_picture(picture, kind)
        assert drawn.dtype == np.uint8 and drawn.ndim == 3 and drawn.shape[2] == 3 and drawn.max() > 100
    with pytest.raises(ValueError):
        waveform(np.zeros((10, 10), np.uint8))


def test_a_one_pixel_highlight_still_reaches_100_and_the_histogram_holds_only_real_levels():
    # What averaging the picture down first would hide: a specular line, fine black and white detail.
    frame = np.full((1080, 1920, 3), 100, np.uint8)
    frame[:, 960] = 255  # a one-pixel clipped line
    frame[500, :] = 0  # a one-pixel crushed row
    density = waveform(frame)
    assert density[0].max() > 0 and density[-1].max() > 0  # at 100 and at 0
    counts = histogram(frame)
    levels = set(np.flatnonzero(counts[1]))
    assert levels == {0, 100, 255}  # nothing between that the picture does not hold
    checker = np.indices((64, 64)).sum(axis=0) % 2 * 255
    board = np.repeat(checker[..., None], 3, axis=2).astype(np.uint8)
    rows = np.flatnonzero(waveform(board).max(axis=1))
    assert set(rows) == {0, LEVELS - 1}  # black and white, not a grey line at 50
