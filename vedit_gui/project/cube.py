"""A grade as a ``.cube`` 3D LUT (Adobe/Resolve format), for use in other tools.

The table holds :func:`~vedit_gui.media.grade.grade_float` (the grade without 8-bit
rounding) at ``size``³ evenly spaced R'G'B' inputs in [0, 1], red varying fastest, as the
format requires. :func:`read_cube` and :func:`sample_cube` (trilinear) read it back.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..media.grade import Grade, grade_float
from .atomic import atomic_write_bytes
from .errors import ProjectError

CUBE_SIZE = 33


class CubeError(ProjectError):
    """A ``.cube`` file could not be written or read."""


def cube_table(grade: Grade, size: int = CUBE_SIZE) -> np.ndarray:
    """The LUT as an array indexed ``[b, g, r]`` → graded (r, g, b) floats in [0, 1]."""
    if not 2 <= size <= 256:
        raise CubeError(f"a .cube LUT size must be 2..256, not {size}")
    axis = np.linspace(0.0, 1.0, size)
    b, g, r = np.meshgrid(axis, axis, axis, indexing="ij")
    return grade_float(np.stack([r, g, b], axis=-1), grade)


def cube_text(grade: Grade, size: int = CUBE_SIZE, title: str = "vedit grade") -> str:
    table = cube_table(grade, size).reshape(-1, 3)
    lines = [
        f'TITLE "{title}"',
        f"# vedit grade: {grade.to_dict()}",
        f"LUT_3D_SIZE {size}",
        "DOMAIN_MIN 0.0 0.0 0.0",
        "DOMAIN_MAX 1.0 1.0 1.0",
    ]
    lines += [f"{r:.6f} {g:.6f} {b:.6f}" for r, g, b in table]
    return "\n".join(lines) + "\n"


def write_cube(grade: Grade, path: str | Path, size: int = CUBE_SIZE) -> None:
    """Write ``grade`` as a ``size``³ ``.cube`` LUT at ``path`` (atomic)."""
    atomic_write_bytes(path, cube_text(grade, size, Path(path).stem).encode("ascii"))


def read_cube(path: str | Path) -> np.ndarray:
    """A 3D ``.cube`` LUT as an array indexed ``[b, g, r]`` → (r, g, b)."""
    try:
        text = Path(path).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise CubeError(f"cannot read the LUT: {exc}", path) from exc
    size, rows = None, []
    for line in text.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        if parts[0] == "LUT_3D_SIZE":
            size = int(parts[1])
        elif parts[0][0].isdigit() or parts[0][0] in "-.":
            rows.append([float(p) for p in parts[:3]])
    if size is None or len(rows) != size**3:
        raise CubeError("not a 3D .cube LUT (size line or table rows missing)", path)
    return np.asarray(rows).reshape(size, size, size, 3)


def sample_cube(table: np.ndarray, rgb: np.ndarray) -> np.ndarray:
    """Trilinear lookup of R'G'B' values (N, 3) in [0, 1] in a ``[b, g, r]`` table."""
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
    return out
