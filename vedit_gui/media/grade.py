"""The colour grade: a few editable parameters and the one function that applies them.

It lives in the media layer (plain pixel maths on decoded frames) so the render, the project's
``.cube`` export and the analysis models, which may not import one another, all share it.

Colour space: frames are 8-bit R'G'B' with the sRGB transfer curve and BT.709 primaries (what
the decoder hands over). :func:`apply_grade` works in two steps:

1. A per-channel curve, built once per grade as three 256-entry tables: decode to linear
   light, multiply by the exposure and white-balance gains (light is additive, so that is where
   they belong), clip, encode back to sRGB, then black/white levels, gamma and contrast around
   ``pivot`` on the encoded value (where the eye judges tone).
2. Saturation as a 3×3 matrix on the encoded values that scales chroma around BT.709 luma Y'
   (the same as scaling Cb and Cr of Y'CbCr video).

Gains in log2 units: ``exposure`` is the mean stop, ``temperature`` is log2(R gain / B gain)
and ``tint`` log2(G gain / geometric mean of R and B gains), so the three are independent.
A 1080p frame takes a few milliseconds (one ``cv2.LUT`` and, when saturation is not 1, one
``cv2.transform``). :func:`grade_curves` and :func:`saturation_matrix` are exposed so the
``.cube`` export and the neural model's differentiable copy use the exact same maths.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from functools import lru_cache
from typing import Any

import cv2
import numpy as np

LUMA_709 = (0.2126, 0.7152, 0.0722)
DEFAULT_PIVOT = 0.46  # 18% grey, sRGB-encoded


class GradeError(ValueError):
    """A grade's parameters are unusable, or a frame cannot be graded."""


@dataclass(frozen=True)
class ParamSpec:
    """How a grade parameter is shown and bounded: name, label, range, identity value."""

    name: str
    label: str
    low: float
    high: float
    neutral: float


PARAMS: tuple[ParamSpec, ...] = (
    ParamSpec("exposure", "Exposure (EV)", -4.0, 4.0, 0.0),
    ParamSpec("temperature", "Temperature", -2.0, 2.0, 0.0),
    ParamSpec("tint", "Tint", -2.0, 2.0, 0.0),
    ParamSpec("contrast", "Contrast", 0.25, 3.0, 1.0),
    ParamSpec("pivot", "Contrast pivot", 0.05, 0.95, DEFAULT_PIVOT),
    ParamSpec("saturation", "Saturation", 0.0, 3.0, 1.0),
    ParamSpec("black", "Black level", -0.5, 0.5, 0.0),
    ParamSpec("white", "White level", 0.5, 1.5, 1.0),
    ParamSpec("gamma", "Gamma", 0.25, 4.0, 1.0),
)
PARAM_SPECS = {spec.name: spec for spec in PARAMS}
# The parts of a grade an editor (and the colour model) judges apart, and their parameters
# (the contrast pivot only says where contrast acts, so it changes nothing alone).
GRADE_PARTS: dict[str, tuple[str, ...]] = {
    "white balance": ("temperature", "tint"),
    "exposure": ("exposure",),
    "tone": ("contrast", "saturation", "gamma", "black", "white"),
}
# The part each parameter belongs to; the pivot goes with contrast, in tone.
PART_OF: dict[str, str] = {n: part for part, names in GRADE_PARTS.items() for n in names} | {"pivot": "tone"}


def part_params(part: str) -> tuple[str, ...]:
    """Every parameter of one of :data:`GRADE_PARTS`, the contrast pivot in tone included."""
    if part not in GRADE_PARTS:
        raise GradeError(f"unknown grade part {part!r}")
    return tuple(n for n, p in PART_OF.items() if p == part)


@dataclass(frozen=True)
class Grade:
    """Editable grade parameters (see the module docstring for their meaning and order)."""

    exposure: float = 0.0
    temperature: float = 0.0
    tint: float = 0.0
    contrast: float = 1.0
    pivot: float = DEFAULT_PIVOT
    saturation: float = 1.0
    black: float = 0.0
    white: float = 1.0
    gamma: float = 1.0

    def __post_init__(self) -> None:
        for spec in PARAMS:
            value = getattr(self, spec.name)
            if not isinstance(value, (int, float)) or not math.isfinite(value):
                raise GradeError(f"grade {spec.name} must be a finite number, not {value!r}")
            if not spec.low <= value <= spec.high:
                raise GradeError(
                    f"grade {spec.name} {value:g} is outside {spec.low:g}..{spec.high:g}"
                )
            object.__setattr__(self, spec.name, float(value))
        if self.white - self.black < 0.1:
            raise GradeError("grade white level must be at least 0.1 above the black level")

    @classmethod
    def identity(cls) -> Grade:
        return cls()

    @property
    def is_identity(self) -> bool:
        return self == Grade.identity()

    def changed_parts(self) -> tuple[str, ...]:
        """The :data:`GRADE_PARTS` this grade changes, in their order."""
        return tuple(
            part for part, names in GRADE_PARTS.items()
            if any(getattr(self, n) != PARAM_SPECS[n].neutral for n in names)
        )

    def without(self, part: str) -> Grade:
        """This grade with one of :data:`GRADE_PARTS` left as shot (its parameters neutral)."""
        return replace(self, **{n: PARAM_SPECS[n].neutral for n in part_params(part)})

    def towards(self, other: Grade, share: float) -> Grade:
        """The grade ``share`` of the way (0 to 1) from this one to ``other``, parameter by
        parameter: how a grade passes from one shot's to the next across footage that mixes
        them (a dissolve or fade in the source). Every range and the levels' gap are convex,
        so the mix is a valid grade (clamped only against float rounding)."""
        if not 0.0 <= share <= 1.0:
            raise GradeError(f"a share of the way between two grades must be 0 to 1, not {share:g}")
        if share in (0.0, 1.0) or self == other:
            return other if share == 1.0 else self
        return Grade.clamped(**{spec.name: (1.0 - share) * getattr(self, spec.name) + share * getattr(other, spec.name)
                                for spec in PARAMS})

    def gains(self) -> tuple[float, float, float]:
        """Linear-light (R, G, B) multipliers from exposure, temperature and tint."""
        r = self.exposure + self.temperature / 2 - self.tint / 3
        g = self.exposure + 2 * self.tint / 3
        b = self.exposure - self.temperature / 2 - self.tint / 3
        return 2.0**r, 2.0**g, 2.0**b

    def to_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, params: Mapping[str, Any]) -> Grade:
        """A grade from saved parameters; missing ones are neutral, unknown ones an error."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(params) - known)
        if unknown:
            raise GradeError(f"unknown grade parameter(s): {', '.join(unknown)}")
        return cls(**{name: params[name] for name in known if name in params})

    @classmethod
    def clamped(cls, **params: float) -> Grade:
        """A grade with each parameter pulled into its range (for model output and sliders)."""
        values = {
            name: min(max(float(value), PARAM_SPECS[name].low), PARAM_SPECS[name].high)
            for name, value in params.items()
        }
        black, white = values.get("black", 0.0), values.get("white", 1.0)
        if white - black < 0.1:
            values["white"] = black + 0.1
        return cls(**values)


def srgb_to_linear(v: np.ndarray) -> np.ndarray:
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(v: np.ndarray) -> np.ndarray:
    return encode_unclipped(np.clip(v, 0.0, 1.0))


def neutral_balance(colour: np.ndarray) -> tuple[float, float]:
    """The temperature and tint that turn ``colour`` (mean 8-bit R'G'B' of something that
    should be white or grey) neutral: the white-balance gains take its cast out in linear
    light, where the grade applies them. Exposure and tone keep a grey grey, so they stay.

    Raises :class:`GradeError` for a colour too dark or too bright to tell a cast from, and
    for a cast beyond the sliders' range.
    """
    values = np.asarray(colour, np.float64).reshape(3)
    if values.max() >= 250:
        raise GradeError("the picked spot is blown out (pure white); pick a grey or white that shows detail")
    linear = srgb_to_linear(values / 255.0)
    if linear.min() < 0.004:
        raise GradeError("the picked spot is too dark to read a colour from; pick a lighter grey or white")
    r, g, b = np.log2(linear)
    temperature, tint = float(b - r), float((r + b) / 2 - g)
    for name, value in (("temperature", temperature), ("tint", tint)):
        spec = PARAM_SPECS[name]
        if not spec.low <= value <= spec.high:
            raise GradeError(f"the picked spot is too strongly coloured to be a grey ({name} {value:+.2f}, "
                             f"the slider goes from {spec.low:g} to {spec.high:g})")
    return temperature, tint


def encode_unclipped(v: np.ndarray) -> np.ndarray:
    """:func:`linear_to_srgb` with light above white kept (the same curve, continued): a
    gain's highlights stay apart until the end of the grade."""
    v = np.maximum(v, 0.0)
    return np.where(v <= 0.0031308, v * 12.92, 1.055 * v ** (1 / 2.4) - 0.055)


def grade_curves(values: np.ndarray, grade: Grade) -> np.ndarray:
    """Step 1 on float R'G'B' values in [0, 1], shape (..., 3): returns graded values in [0, 1].

    Values pushed above white by the gains or the levels are clipped only at the end, as in a
    float pipeline: contrast below 1 then brings them back with their detail, where clipping
    first made a flat grey ceiling (+1.5 EV with contrast 0.85 put everything from 60 % up
    at 92 %)."""
    linear = srgb_to_linear(np.clip(values, 0.0, 1.0)) * np.asarray(grade.gains())
    v = encode_unclipped(linear)
    v = np.maximum((v - grade.black) / (grade.white - grade.black), 0.0)
    v = v ** (1.0 / grade.gamma)
    v = grade.pivot + (v - grade.pivot) * grade.contrast
    return np.clip(v, 0.0, 1.0)


def saturation_matrix(saturation: float) -> np.ndarray:
    """Step 2: the 3×3 matrix (rows: output R, G, B) that scales chroma around BT.709 Y'."""
    luma = np.asarray(LUMA_709)
    return saturation * np.eye(3) + (1.0 - saturation) * np.outer(np.ones(3), luma)


def grade_float(values: np.ndarray, grade: Grade) -> np.ndarray:
    """The grade without 8-bit rounding, on float R'G'B' in [0, 1] (for LUTs and checks)."""
    curved = grade_curves(values, grade)
    return np.clip(curved @ saturation_matrix(grade.saturation).T, 0.0, 1.0)


@lru_cache(maxsize=64)
def _tables(grade: Grade) -> tuple[np.ndarray, np.ndarray | None]:
    ramp = np.repeat((np.arange(256, dtype=np.float64) / 255.0)[:, None], 3, axis=1)
    curves = grade_curves(ramp, grade)
    # cv2.LUT with a 3-channel table maps channel c of the input through column c.
    table = np.round(curves * 255.0).astype(np.uint8).reshape(256, 1, 3)
    matrix = None
    if grade.saturation != 1.0:
        matrix = saturation_matrix(grade.saturation).astype(np.float32)
    return table, matrix


def apply_grade(frame: np.ndarray, grade: Grade, *, out: np.ndarray | None = None) -> np.ndarray:
    """The frame (H×W×3 uint8 R'G'B') with ``grade`` applied: a new array, or ``out`` (same
    shape, contiguous; may be ``frame`` itself) filled and returned. Grading in place spares
    the render two 1080p allocations a frame, a quarter of the grade's cost."""
    if frame.dtype != np.uint8 or frame.ndim != 3 or frame.shape[2] != 3:
        raise GradeError(
            f"a frame to grade must be H×W×3 uint8, not {frame.shape} {frame.dtype}"
        )
    if out is not None and (out.shape != frame.shape or out.dtype != np.uint8 or not out.flags.c_contiguous):
        raise GradeError(f"the output of a grade must be a contiguous {frame.shape} uint8 array")
    if grade.is_identity:
        if out is None:
            return frame.copy()
        np.copyto(out, frame)
        return out
    table, matrix = _tables(grade)
    graded = cv2.LUT(np.ascontiguousarray(frame), table, dst=out)
    if matrix is not None:
        # cv2.transform rounds and saturates to uint8 itself.
        graded = cv2.transform(graded, matrix, dst=graded if out is not None else None)
    return graded
