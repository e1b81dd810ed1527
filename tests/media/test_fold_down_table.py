"""The fold-down table: which source channel goes where when sound is read as stereo or mono."""

from __future__ import annotations

import numpy as np
import pytest

from vedit_gui.media.fold_down import MINUS_3_DB, fold_down_matrix, is_identity, known_names


def test_stereo_read_as_stereo_passes_as_decoded():
    matrix = fold_down_matrix(("FL", "FR"), 2)
    assert is_identity(matrix)
    assert is_identity(fold_down_matrix(("NONE", "NONE"), 2))  # a WAV's unnamed stereo


def test_mono_plays_on_both_sides_at_full_level():
    """Dual mono at 0 dB, as Premiere and Resolve place a mono clip, not a −3 dB pan law."""
    assert fold_down_matrix(("FC",), 2).tolist() == [[1.0], [1.0]]
    assert fold_down_matrix(("NONE",), 2).tolist() == [[1.0], [1.0]]  # a WAV's unnamed mono


def test_5_1_folds_down_as_bs775_with_the_lfe_left_out():
    matrix = fold_down_matrix(("FL", "FR", "FC", "LFE", "BL", "BR"), 2)
    c = MINUS_3_DB
    np.testing.assert_allclose(matrix, [[1, 0, c, 0, c, 0], [0, 1, c, 0, 0, c]], atol=1e-6)
    assert c == pytest.approx(0.7071, abs=1e-4)


def test_unnamed_channels_take_ffmpegs_default_layout():
    assert known_names(("NONE",) * 6) == ("FL", "FR", "FC", "LFE", "BL", "BR")
    assert known_names(("NONE",) * 4) == ("FL", "FR", "FC", "BC")  # 4.0, as FFmpeg guesses
    np.testing.assert_array_equal(fold_down_matrix(("NONE",) * 8, 2),
                                  fold_down_matrix(("FL", "FR", "FC", "LFE", "BL", "BR", "SL", "SR"), 2))


def test_mono_output_is_the_mean_of_the_sides_so_nothing_passes_full_scale():
    np.testing.assert_allclose(fold_down_matrix(("FL", "FR"), 1), [[0.5, 0.5]])
    assert fold_down_matrix(("FC",), 1).tolist() == [[1.0]]
    five_one = fold_down_matrix(("FL", "FR", "FC", "LFE", "BL", "BR"), 1)
    np.testing.assert_allclose(five_one, fold_down_matrix(("FL", "FR", "FC", "LFE", "BL", "BR"), 2).mean(axis=0, keepdims=True))


def test_reads_of_three_to_eight_channels_are_left_to_ffmpeg():
    assert fold_down_matrix(("FL", "FR", "FC", "LFE", "BL", "BR"), 6) is None
