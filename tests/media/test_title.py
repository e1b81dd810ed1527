"""Titles: the text layer, where it goes, its fade, and its settings."""

from __future__ import annotations

import numpy as np
import pytest

from vedit_gui.media.title import Title, TitleError, draw_title, title_layer


def grey(width: int = 320, height: int = 180) -> np.ndarray:
    return np.full((height, width, 3), 90, np.uint8)


def changed(a: np.ndarray, b: np.ndarray) -> tuple[slice, slice]:
    ys, xs = np.nonzero(np.any(a != b, axis=2))
    return slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1)


def test_a_lower_third_is_drawn_low_on_the_left_with_white_text_on_a_dark_plate():
    picture = grey()
    out = draw_title(picture, Title("Jane Doe", 0, 10, second="Director"), 5)
    rows, cols = changed(picture, out)
    assert rows.start > 180 * 0.55 and rows.stop <= 180 * 0.85 and cols.start < 320 * 0.1
    box = out[rows, cols].astype(int)
    assert box.max() > 230 and box.min() < 60  # white letters, darker plate
    assert np.array_equal(np.delete(out, np.s_[rows], axis=0), np.delete(picture, np.s_[rows], axis=0))


def test_places_and_sizes():
    picture = grey()
    centre = changed(picture, draw_title(picture, Title("Chapter One", 0, 5, place="centre"), 0))
    top = changed(picture, draw_title(picture, Title("Chapter One", 0, 5, place="top"), 0))
    assert top[0].stop < centre[0].stop and abs((centre[0].start + centre[0].stop) / 2 - 90) < 6
    small, _, _ = title_layer(Title("Hi", 0, 5, size=0.04), 640, 360)
    large, _, _ = title_layer(Title("Hi", 0, 5, size=0.12), 640, 360)
    assert large.shape[0] > 2 * small.shape[0]


def test_it_fades_in_and_out_and_shows_nowhere_else():
    title = Title("Fade", 10, 20, fade=4)
    assert [round(title.opacity(f), 2) for f in (9, 10, 13, 14, 20, 29, 30)] == [0.0, 0.2, 0.8, 1.0, 1.0, 0.2, 0.0]
    picture = grey()
    assert draw_title(picture, title, 9) is picture
    faint, full = draw_title(picture, title, 10), draw_title(picture, title, 20)
    assert np.abs(faint.astype(int) - picture).sum() < np.abs(full.astype(int) - picture).sum()


def test_settings_round_trip_and_bad_ones_are_refused():
    title = Title("Jane Doe", 12, 100, second="Director", place="top", size=0.08, fade=7)
    assert Title.from_params(title.to_params()) == title
    for params in ({"text": "x", "start": 0, "frames": 0}, {"text": "x", "start": 0, "frames": 5, "place": "side"},
                   {"text": "x", "start": 0, "frames": 5, "size": 3}, {"start": 0, "frames": 5},
                   {"text": "a\nb", "start": 0, "frames": 5}, {"text": "x" * 300, "start": 0, "frames": 5},
                   {"text": "  ", "start": 0, "frames": 5}, {"text": "x", "start": float("inf"), "frames": 5}):
        with pytest.raises(TitleError):
            Title.from_params(params)
