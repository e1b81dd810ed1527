"""The .cube export reproduces the grade function."""

from __future__ import annotations

import numpy as np
import pytest

from vedit_gui.media.grade import Grade, apply_grade
from vedit_gui.project.cube import CubeError, read_cube, sample_cube, write_cube

GRADES = {
    "identity": Grade.identity(),
    "warm-bright": Grade(exposure=0.5, temperature=0.6, tint=-0.2),
    "tone": Grade(contrast=1.3, gamma=1.2, black=0.03, white=0.97),
    "everything": Grade(
        exposure=-0.4, temperature=-0.5, tint=0.3, contrast=1.2, saturation=1.3, gamma=0.9
    ),
}


@pytest.mark.parametrize("grade", GRADES.values(), ids=GRADES.keys())
def test_cube_matches_apply_grade_within_one_level(tmp_path, grade):
    path = tmp_path / "look.cube"
    write_cube(grade, path)
    table = read_cube(path)
    assert table.shape == (33, 33, 33, 3)
    rng = np.random.default_rng(1)
    colours = rng.integers(0, 256, (4000, 3), dtype=np.uint8)
    expected = apply_grade(colours.reshape(-1, 1, 3), grade).reshape(-1, 3) / 255.0
    error = np.abs(sample_cube(table, colours / 255.0) - expected).max(axis=1) * 255
    # Within one level for nearly all colours; 33 points cannot follow a hard clip or the
    # steep start of a gamma curve exactly, so the few colours near those stay within 3.5.
    assert np.mean(error <= 1.0) >= 0.9
    assert error.max() <= 3.5


def test_cube_file_is_standard(tmp_path):
    path = tmp_path / "look.cube"
    write_cube(Grade(exposure=1.0), path)
    text = path.read_text()
    assert "LUT_3D_SIZE 33" in text
    assert not list(tmp_path.glob(".*.tmp"))
    # Red varies fastest: the second row is the next red step at g = b = 0.
    rows = [line for line in text.splitlines() if line[:1].isdigit()]
    assert len(rows) == 33**3
    assert float(rows[1].split()[0]) > 0 and float(rows[1].split()[1]) == 0


def test_unreadable_cube_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.cube"
    path.write_text("LUT_3D_SIZE 33\n0 0 0\n")
    with pytest.raises(CubeError, match="not a 3D .cube"):
        read_cube(path)
