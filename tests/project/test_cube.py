"""The .cube export reproduces the grade function."""

from __future__ import annotations

import numpy as np
import pytest

from vedit_gui.media.grade import PARAMS, Grade, apply_grade, grade_float
from vedit_gui.project.cube import (
    CUBE_SIZE,
    PLAIN_CUBE_SIZE,
    SHAPER_SIZE,
    CubeError,
    read_cube,
    sample_cube,
    write_cube,
)

GRADES = {
    "identity": Grade.identity(),
    "warm-bright": Grade(exposure=0.5, temperature=0.6, tint=-0.2),
    "tone": Grade(contrast=1.3, gamma=1.2, black=0.03, white=0.97),
    "everything": Grade(
        exposure=-0.4, temperature=-0.5, tint=0.3, contrast=1.2, saturation=1.3, gamma=0.9
    ),
    "muted-clipping": Grade(exposure=1.5, contrast=1.6, saturation=0.6, black=0.05),
    "extreme": Grade(exposure=-2.0, temperature=1.8, tint=-1.5, contrast=2.8, saturation=2.5, gamma=3.5),
}


def random_grade(seed: int) -> Grade:
    rng = np.random.default_rng(seed)
    return Grade.clamped(**{spec.name: rng.uniform(spec.low, spec.high) for spec in PARAMS})


def random_colours(seed: int, count: int = 5000) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (count, 3), dtype=np.uint8)


@pytest.mark.parametrize(
    "grade", [*GRADES.values(), *map(random_grade, range(4))],
    ids=[*GRADES.keys(), *(f"random-{i}" for i in range(4))],
)
def test_cube_matches_the_grade_within_one_level_on_every_colour(tmp_path, grade):
    path = tmp_path / "look.cube"
    write_cube(grade, path)
    lut = read_cube(path)
    assert lut.table.shape == (CUBE_SIZE,) * 3 + (3,) and lut.shaper.shape == (SHAPER_SIZE, 3)
    colours = random_colours(1)
    error = np.abs(sample_cube(lut, colours / 255.0) - grade_float(colours / 255.0, grade)) * 255
    # The promise: every 8-bit colour, every grade (the file only rounds to six decimals).
    assert error.max() <= 0.01
    # And the 8-bit render differs from both only by its own rounding (two roundings at most
    # when saturation scales the rounded curve).
    rendered = apply_grade(colours.reshape(-1, 1, 3), grade).reshape(-1, 3).astype(float)
    bound = 1.0 if grade.saturation <= 1.0 else 0.5 + 0.5 * (2 * grade.saturation - 1)
    assert np.abs(sample_cube(lut, colours / 255.0) * 255 - rendered).max() <= bound + 0.02


def test_plain_cube_for_single_table_tools_is_close(tmp_path):
    grade = GRADES["warm-bright"]
    path = tmp_path / "plain.cube"
    write_cube(grade, path, shaper=False)
    lut = read_cube(path)
    assert lut.shaper is None and lut.table.shape == (PLAIN_CUBE_SIZE,) * 3 + (3,)
    colours = random_colours(2) / 255.0
    error = np.abs(sample_cube(lut, colours) - grade_float(colours, grade)).max(axis=1) * 255
    # A plain table misses the grade's kinks by a little; most colours are within one level.
    assert np.mean(error <= 1.0) >= 0.99 and error.max() <= 2.0


def test_cube_file_is_standard(tmp_path):
    path = tmp_path / "look.cube"
    write_cube(Grade(exposure=1.0, saturation=1.2), path)
    text = path.read_text()
    lines = text.splitlines()
    assert f"LUT_1D_SIZE {SHAPER_SIZE}" in lines and f"LUT_3D_SIZE {CUBE_SIZE}" in lines
    assert "LUT_1D_INPUT_RANGE 0.0 1.0" in lines and "LUT_3D_INPUT_RANGE 0.0 1.0" in lines
    assert not list(tmp_path.glob(".*.tmp"))
    rows = [line for line in lines if line[:1].isdigit() or line[:1] == "-"]
    assert len(rows) == SHAPER_SIZE + CUBE_SIZE**3
    # Every 8-bit value is a shaper entry: entry 16·k is input k/255.
    assert float(rows[16 * 255].split()[0]) == 1.0
    # In the 3D table red varies fastest: the second row is the next red step at g = b = 0.
    table = [[float(v) for v in row.split()] for row in rows[SHAPER_SIZE : SHAPER_SIZE + 2]]
    assert table[0] == [0.0, 0.0, 0.0] and table[1][0] > 0 and table[1][1] < 0  # unclipped


def test_a_file_name_any_tool_could_not_read_as_a_title_is_written_plainly(tmp_path):
    path = tmp_path / 'Été "warm".cube'
    write_cube(Grade(temperature=0.5), path)
    assert path.read_text(encoding="ascii").splitlines()[0] == 'TITLE "?t? \'warm\'"'
    assert read_cube(path).table.shape == (CUBE_SIZE, CUBE_SIZE, CUBE_SIZE, 3)


def test_plain_cube_file_is_standard(tmp_path):
    path = tmp_path / "plain.cube"
    write_cube(Grade(exposure=1.0), path, shaper=False)
    lines = path.read_text().splitlines()
    assert f"LUT_3D_SIZE {PLAIN_CUBE_SIZE}" in lines and not any("LUT_1D" in line for line in lines)
    rows = [line for line in lines if line[:1].isdigit()]
    assert len(rows) == PLAIN_CUBE_SIZE**3
    assert float(rows[1].split()[0]) > 0 and float(rows[1].split()[1]) == 0


def test_unreadable_cube_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.cube"
    path.write_text("LUT_3D_SIZE 33\n0 0 0\n")
    with pytest.raises(CubeError, match="not a 3D .cube"):
        read_cube(path)
