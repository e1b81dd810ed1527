"""A grade as a ``.cube`` LUT (Adobe/Resolve format), for use in other tools.

The grade is a per-channel curve followed by a 3×3 saturation matrix
(:mod:`vedit_gui.media.grade`). By default :func:`write_cube` writes a **plain 65³ 3D
table** (Adobe's single-table layout: ``LUT_3D_SIZE``, ``DOMAIN_MIN``/``MAX``), the one
kind every tool reads: DaVinci Resolve, Premiere, Final Cut, OpenColorIO, FFmpeg's
``lut3d``. Its entries are the curves times the matrix, unclipped (the host clips on
output): that function is a sum of one function per input channel, for which trilinear and
tetrahedral interpolation give the same result, so the file looks the same in every host
whatever interpolation it uses. It is within 1/255 of the grade's maths
(:func:`~vedit_gui.media.grade.grade_float`) for everyday grades; a 33³ table is not (2 to 3
levels off near black and where contrast clips), and no plain table follows strong curves
(gamma or contrast far from 1, or black or white levels that clip a lot) closely: they bend
faster than 1/64 of the range.

``shaper=True`` writes Resolve's **1D shaper plus 3D table** instead, exact for every grade
but read only by Resolve and OpenColorIO (FFmpeg and Premiere refuse it):

- the shaper holds the three curves at :data:`SHAPER_SIZE` inputs, a multiple of 255 steps,
  so every 8-bit value sits exactly on an entry (and 10-bit values between close ones);
- the 3D table holds the saturation matrix, unclipped. Trilinear interpolation reproduces an
  affine map exactly, so the table is exact at any size.

So it reproduces ``grade_float`` within float printing precision on every 8-bit colour.
It has no ``TITLE`` line: OpenColorIO's reader of Resolve's layout refuses one.

:func:`read_cube` and :func:`sample_cube` read a file back and apply it as a host does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..media.grade import Grade, grade_curves, grade_float, saturation_matrix
from .atomic import atomic_write_bytes
from .errors import ProjectError

CUBE_SIZE = 33
PLAIN_CUBE_SIZE = 65
SHAPER_SIZE = 16 * 255 + 1


class CubeError(ProjectError):
    """A ``.cube`` file could not be written or read."""


@dataclass(frozen=True)
class CubeLut:
    """A ``.cube`` file's tables: an optional 1D shaper (N, 3) applied first, then the 3D
    table indexed ``[b, g, r]`` → (r, g, b)."""

    table: np.ndarray
    shaper: np.ndarray | None = None


def _grid(size: int) -> np.ndarray:
    axis = np.linspace(0.0, 1.0, size)
    b, g, r = np.meshgrid(axis, axis, axis, indexing="ij")
    return np.stack([r, g, b], axis=-1)


def cube_table(grade: Grade, size: int = PLAIN_CUBE_SIZE) -> np.ndarray:
    """The whole grade as a plain 3D table indexed ``[b, g, r]`` → graded (r, g, b), not
    clipped to [0, 1] (the host clips; clipping the entries would make the result depend on
    the host's interpolation)."""
    if not 2 <= size <= 256:
        raise CubeError(f"a .cube LUT size must be 2..256, not {size}")
    return grade_curves(_grid(size), grade) @ saturation_matrix(grade.saturation).T


def cube_lut(grade: Grade, *, shaper: bool = False) -> CubeLut:
    """The tables :func:`write_cube` writes for ``grade``."""
    if not shaper:
        return CubeLut(cube_table(grade, PLAIN_CUBE_SIZE))
    ramp = np.repeat(np.linspace(0.0, 1.0, SHAPER_SIZE)[:, None], 3, axis=1)
    return CubeLut(_grid(CUBE_SIZE) @ saturation_matrix(grade.saturation).T, grade_curves(ramp, grade))


def cube_text(grade: Grade, title: str = "vedit grade", *, shaper: bool = False) -> str:
    lut = cube_lut(grade, shaper=shaper)
    # The format is ASCII and the title a quoted string: other letters become "?", quotes "'".
    title = title.encode("ascii", "replace").decode("ascii").replace('"', "'")
    # OpenColorIO's reader of Resolve's shaper layout refuses a TITLE line: there it is a comment.
    lines = [f'# TITLE "{title}"' if lut.shaper is not None else f'TITLE "{title}"',
             f"# vedit grade: {grade.to_dict()}"]
    if lut.shaper is not None:
        lines += [f"LUT_1D_SIZE {len(lut.shaper)}", "LUT_1D_INPUT_RANGE 0.0 1.0"]
    size = lut.table.shape[0]
    lines += [f"LUT_3D_SIZE {size}"]
    if lut.shaper is not None:
        lines += ["LUT_3D_INPUT_RANGE 0.0 1.0"]
    else:
        lines += ["DOMAIN_MIN 0.0 0.0 0.0", "DOMAIN_MAX 1.0 1.0 1.0"]
    rows = lut.table.reshape(-1, 3) if lut.shaper is None else np.concatenate([lut.shaper, lut.table.reshape(-1, 3)])
    lines += [f"{r:.6f} {g:.6f} {b:.6f}" for r, g, b in rows]
    return "\n".join(lines) + "\n"


def write_cube(grade: Grade, path: str | Path, *, shaper: bool = False) -> None:
    """Write ``grade`` as a ``.cube`` LUT at ``path`` (atomic): a plain 65³ table that every
    tool reads by default, Resolve's exact shaper plus 3D table with ``shaper=True``."""
    atomic_write_bytes(path, cube_text(grade, Path(path).stem, shaper=shaper).encode("ascii"))


def plain_cube_error(grade: Grade) -> float:
    """How far (in 8-bit levels) the plain 65³ table strays from the grade's maths, at most,
    over every grey and a fixed spread of colours: above 1 the grade bends too fast for a
    plain table, and the editor is told so (the shaper file is exact)."""
    grey = np.repeat(np.linspace(0.0, 1.0, 256)[:, None], 3, axis=1)
    colours = np.random.default_rng(0).random((4096, 3))
    rgb = np.concatenate([grey, colours, colours**3])  # **3: as many near black as the eye sees
    exact = np.clip(grade_float(rgb, grade), 0.0, 1.0)
    return float(np.abs(sample_cube(cube_lut(grade), rgb) - exact).max() * 255)


def read_cube(path: str | Path) -> CubeLut:
    """A ``.cube`` file's 3D table and, if it has one, its 1D shaper."""
    try:
        text = Path(path).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise CubeError(f"cannot read the LUT: {exc}", path) from exc
    size, shaper_size, rows = None, 0, []
    for line in text.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        if parts[0] == "LUT_3D_SIZE":
            size = int(parts[1])
        elif parts[0] == "LUT_1D_SIZE":
            shaper_size = int(parts[1])
        elif parts[0][0].isdigit() or parts[0][0] in "-.":
            rows.append([float(p) for p in parts[:3]])
    if size is None or len(rows) != shaper_size + size**3:
        raise CubeError("not a 3D .cube LUT (size line or table rows missing)", path)
    table = np.asarray(rows[shaper_size:]).reshape(size, size, size, 3)
    return CubeLut(table, np.asarray(rows[:shaper_size]) if shaper_size else None)


def sample_cube(lut: CubeLut | np.ndarray, rgb: np.ndarray) -> np.ndarray:
    """R'G'B' values (N, 3) in [0, 1] through the LUT as a host applies it: the shaper
    (linear per channel), the 3D table (trilinear), the output clipped to [0, 1]."""
    if isinstance(lut, np.ndarray):
        lut = CubeLut(lut)
    rgb = np.clip(rgb, 0.0, 1.0)
    if lut.shaper is not None:
        axis = np.linspace(0.0, 1.0, len(lut.shaper))
        rgb = np.stack([np.interp(rgb[:, c], axis, lut.shaper[:, c]) for c in range(3)], axis=1)
    table = lut.table
    size = table.shape[0]
    pos = np.clip(rgb, 0.0, 1.0) * (size - 1)
    low = np.minimum(np.floor(pos).astype(int), size - 2)
    frac = pos - low
    out = np.zeros_like(rgb, dtype=np.float64)
    for dr in (0, 1):
        for dg in (0, 1):
            for db in (0, 1):
                weight = (
                    (frac[:, 0] if dr else 1 - frac[:, 0])
                    * (frac[:, 1] if dg else 1 - frac[:, 1])
                    * (frac[:, 2] if db else 1 - frac[:, 2])
                )
                corner = table[low[:, 2] + db, low[:, 1] + dg, low[:, 0] + dr]
                out += weight[:, None] * corner
    return np.clip(out, 0.0, 1.0)
