"""A grade as a ``.cube`` LUT (Resolve/Adobe format), for use in other tools.

The grade is a per-channel curve followed by a 3×3 saturation matrix
(:mod:`vedit_gui.media.grade`), and the file says so: by default a **1D shaper plus 3D LUT**
in Resolve's ``.cube`` layout (DaVinci Resolve and OpenColorIO read it):

- the shaper holds the three curves at :data:`SHAPER_SIZE` inputs, a multiple of 255 steps,
  so every 8-bit value sits exactly on an entry (and 10-bit values between close ones);
- the 3D table holds the saturation matrix, unclipped. Trilinear interpolation reproduces an
  affine map exactly, so the table is exact at any size; the host clips to [0, 1] on output.

So the file reproduces :func:`~vedit_gui.media.grade.grade_float` (the grade's maths
without 8-bit rounding) within float printing precision on every 8-bit colour, for every
grade, clipping and steep curves included. A plain 3D table cannot: the grade's clips are
kinks and the sRGB curve is steep near black, and 33³ (or 65³) trilinear samples miss those
by up to several levels. ``shaper=False`` still writes that plain 3D table (65³), for tools
that read only Adobe's single-table files (Premiere, Final Cut).

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


def cube_table(grade: Grade, size: int = CUBE_SIZE) -> np.ndarray:
    """The whole grade as a plain 3D table indexed ``[b, g, r]`` → graded (r, g, b) in [0, 1]."""
    if not 2 <= size <= 256:
        raise CubeError(f"a .cube LUT size must be 2..256, not {size}")
    return grade_float(_grid(size), grade)


def cube_lut(grade: Grade, *, shaper: bool = True) -> CubeLut:
    """The tables :func:`write_cube` writes for ``grade``."""
    if not shaper:
        return CubeLut(cube_table(grade, PLAIN_CUBE_SIZE))
    ramp = np.repeat(np.linspace(0.0, 1.0, SHAPER_SIZE)[:, None], 3, axis=1)
    return CubeLut(_grid(CUBE_SIZE) @ saturation_matrix(grade.saturation).T, grade_curves(ramp, grade))


def cube_text(grade: Grade, title: str = "vedit grade", *, shaper: bool = True) -> str:
    lut = cube_lut(grade, shaper=shaper)
    # The format is ASCII and the title a quoted string: other letters become "?", quotes "'".
    title = title.encode("ascii", "replace").decode("ascii").replace('"', "'")
    lines = [f'TITLE "{title}"', f"# vedit grade: {grade.to_dict()}"]
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


def write_cube(grade: Grade, path: str | Path, *, shaper: bool = True) -> None:
    """Write ``grade`` as a ``.cube`` LUT at ``path`` (atomic): shaper plus 3D by default,
    a plain 65³ table with ``shaper=False``."""
    atomic_write_bytes(path, cube_text(grade, Path(path).stem, shaper=shaper).encode("ascii"))


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
