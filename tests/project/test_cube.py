"""The .cube export reproduces the grade function, in a file other tools read."""

from __future__ import annotations

import shutil
import subprocess

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
def test_shaper_cube_matches_the_grade_within_one_level_on_every_colour(tmp_path, grade):
    path = tmp_path / "look.cube"
    write_cube(grade, path, shaper=True)
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


EVERYDAY = {name: GRADES[name] for name in ("warm-bright", "tone", "everything")} | {
    "cool-contrast": Grade(temperature=-0.4, contrast=1.1),
    "lift-shadows": Grade(exposure=0.3, gamma=1.15, saturation=0.9),
}


def colours_with_darks(seed: int) -> np.ndarray:
    """Random 8-bit colours, a share of them near black (where the sRGB curve is steep), and
    every grey."""
    rng = np.random.default_rng(seed)
    greys = np.repeat(np.arange(256)[:, None], 3, axis=1)
    return np.concatenate([rng.integers(0, 256, (5000, 3)), rng.integers(0, 32, (2000, 3)), greys]).astype(np.uint8)


@pytest.mark.parametrize("grade", EVERYDAY.values(), ids=EVERYDAY.keys())
def test_the_default_cube_is_a_plain_table_within_one_level_of_the_grade(tmp_path, grade):
    path = tmp_path / "look.cube"
    write_cube(grade, path)
    lines = path.read_text().splitlines()
    # Adobe's single-table layout: what Premiere, FFmpeg's lut3d, Resolve and OpenColorIO all read.
    assert not any(line.startswith("LUT_1D") or line.startswith("LUT_3D_INPUT") for line in lines)
    lut = read_cube(path)
    assert lut.shaper is None and lut.table.shape == (PLAIN_CUBE_SIZE,) * 3 + (3,)
    colours = colours_with_darks(2)
    applied = sample_cube(lut, colours / 255.0) * 255
    assert np.abs(applied - grade_float(colours / 255.0, grade) * 255).max() <= 1.0
    # A host writing 8 bits gives what the render gives, give or take a level.
    rendered = apply_grade(colours.reshape(-1, 1, 3), grade).reshape(-1, 3).astype(float)
    assert np.abs(np.round(applied) - rendered).max() <= 1.0


def test_a_plain_table_cannot_follow_strong_curves_the_shaper_can(tmp_path):
    # Why the shaper variant stays: gamma 3.5 and contrast 2.8 bend faster than 1/64 of the range.
    grade = GRADES["extreme"]
    colours = colours_with_darks(3) / 255.0
    write_cube(grade, tmp_path / "plain.cube")
    write_cube(grade, tmp_path / "shaper.cube", shaper=True)
    plain = np.abs(sample_cube(read_cube(tmp_path / "plain.cube"), colours) - grade_float(colours, grade)).max() * 255
    exact = np.abs(sample_cube(read_cube(tmp_path / "shaper.cube"), colours) - grade_float(colours, grade)).max() * 255
    assert plain > 5 and exact <= 0.01


def test_the_plain_table_reads_the_same_with_tetrahedral_interpolation(tmp_path):
    # FFmpeg's lut3d and Resolve can interpolate tetrahedrally: the unclipped table of a sum of
    # per-channel curves gives exactly what trilinear gives.
    grade = GRADES["everything"]
    write_cube(grade, tmp_path / "look.cube")
    table = read_cube(tmp_path / "look.cube").table
    colours = colours_with_darks(4) / 255.0
    # (Up to the file's six decimals.)
    assert np.abs(tetrahedral(table, colours) - sample_cube(table, colours)).max() * 255 < 0.001


def tetrahedral(table: np.ndarray, rgb: np.ndarray) -> np.ndarray:
    """``rgb`` through ``table`` by tetrahedral interpolation: the four corners of the cell
    met walking its edges in the order of the largest fraction first."""
    size = table.shape[0]
    pos = rgb * (size - 1)
    low = np.minimum(np.floor(pos).astype(int), size - 2)
    out = np.empty_like(rgb)
    for i, (corner, frac) in enumerate(zip(low, pos - low, strict=True)):
        value, weight, previous = np.zeros(3), 1.0, table[corner[2], corner[1], corner[0]]
        for axis in np.argsort(-frac, kind="stable"):
            value += (weight - frac[axis]) * previous
            corner[axis] += 1
            weight, previous = frac[axis], table[corner[2], corner[1], corner[0]]
        out[i] = np.clip(value + weight * previous, 0.0, 1.0)
    return out


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs the ffmpeg command")
@pytest.mark.parametrize("interp", ["tetrahedral", "trilinear"])
def test_ffmpeg_lut3d_reads_the_default_cube(tmp_path, interp):
    grade = EVERYDAY["cool-contrast"]
    path = tmp_path / "look.cube"
    write_cube(grade, path)
    picture = colours_with_darks(5)[: 64 * 64].reshape(64, 64, 3)
    (tmp_path / "in.rgb").write_bytes(picture.tobytes())
    raw = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "64x64"]
    result = subprocess.run(
        ["ffmpeg", "-v", "error", "-y", *raw, "-i", "in.rgb", "-vf", f"lut3d=file=look.cube:interp={interp}",
         *raw, "out.rgb"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    graded = np.frombuffer((tmp_path / "out.rgb").read_bytes(), np.uint8).reshape(-1, 3).astype(float)
    expected = grade_float(picture.reshape(-1, 3) / 255.0, grade) * 255
    # FFmpeg truncates to 8 bits where the render rounds: within a level and a half of the grade.
    assert np.abs(graded - expected).max() <= 1.5
    rendered = apply_grade(picture, grade).reshape(-1, 3).astype(float)
    assert np.abs(graded - rendered).max() <= 2


def test_shaper_cube_file_is_standard(tmp_path):
    path = tmp_path / "look.cube"
    write_cube(Grade(exposure=1.0, saturation=1.2), path, shaper=True)
    text = path.read_text()
    lines = text.splitlines()
    # OpenColorIO's reader of Resolve's layout stops at a TITLE line: the name is a comment.
    assert not any(line.startswith("TITLE") for line in lines) and lines[0] == '# TITLE "look"'
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
    assert read_cube(path).table.shape == (PLAIN_CUBE_SIZE,) * 3 + (3,)


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
