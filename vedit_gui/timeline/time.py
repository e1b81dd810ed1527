"""Time as integer frames at an exact rational rate.

Floats never enter the model: 23.976 is 24000/1001, and a frame number is an int. This is
the fix for OpenTimelineIO's float-rate precision bugs (its issues #190 and #1927).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

Rate = Fraction
"""Frames per second, exactly (``Fraction(30000, 1001)`` for NTSC 29.97)."""

# Rates that cameras and codecs write as rounded decimals, mapped back to their exact value.
_NTSC_RATES = {
    Fraction(24000, 1001),
    Fraction(30000, 1001),
    Fraction(60000, 1001),
    Fraction(120000, 1001),
}


def parse_rate(value: str | int | float | Fraction) -> Rate:
    """Read a rate from "30000/1001", "29.97", 25 or a Fraction; snaps NTSC approximations."""
    if isinstance(value, Fraction):
        rate = value
    elif isinstance(value, int):
        rate = Fraction(value)
    elif isinstance(value, str) and "/" in value:
        num, den = value.split("/", 1)
        rate = Fraction(int(num), int(den))
    else:
        as_float = float(value)
        if not math.isfinite(as_float):
            raise ValueError(f"frame rate must be finite, got {value!r}")
        rate = Fraction(as_float).limit_denominator(1001)
        for ntsc in _NTSC_RATES:
            if abs(float(ntsc) - as_float) < 0.002:
                rate = ntsc
    if rate <= 0:
        raise ValueError(f"frame rate must be positive, got {value!r}")
    return rate


def format_rate(rate: Rate) -> str:
    """The form files use: "30000/1001", or "25" for whole rates."""
    return str(rate.numerator) if rate.denominator == 1 else f"{rate.numerator}/{rate.denominator}"


def readable_rate(rate: Rate) -> str:
    """The form people read: "29.97", "23.976", or "25" for whole rates (no unit)."""
    return f"{float(rate):.3f}".rstrip("0").rstrip(".")


def frames_to_seconds(frames: int, rate: Rate) -> Fraction:
    return Fraction(frames) / rate


def seconds_to_frame(seconds: Fraction | float, rate: Rate) -> int:
    """The frame showing at ``seconds``: the last frame whose start is not after it."""
    exact = Fraction(seconds) * rate
    # A timestamp a hair before a frame boundary (float noise from a container) is that frame.
    nearest = round(exact)
    if abs(exact - nearest) < Fraction(1, 1000):
        return int(nearest)
    return math.floor(exact)


def rescale(frames: int, from_rate: Rate, to_rate: Rate) -> int:
    """A frame count at one rate expressed at another (rounded to the nearest frame)."""
    if from_rate == to_rate:
        return frames
    return round(Fraction(frames) * to_rate / from_rate)


def frames_showing(frames: int, from_rate: Rate, to_rate: Rate) -> int:
    """How many frames at ``to_rate`` show one of ``frames`` frames at ``from_rate`` (a source
    at another rate on the timeline): each shows the source frame under its start
    (:func:`seconds_to_frame`), so a last frame only partly covered still counts. Rounding
    (:func:`rescale`) would leave that frame out where the fraction is under a half."""
    if from_rate == to_rate:
        return frames
    count = math.ceil(Fraction(frames) * to_rate / from_rate)
    while count > 0 and seconds_to_frame(Fraction(count - 1) / to_rate, from_rate) >= frames:
        count -= 1  # a start a hair before the end reads as the end (container float noise)
    return count


@dataclass(frozen=True, order=True, slots=True)
class FrameRange:
    """A half-open range of frames: ``start`` up to, not including, ``end_exclusive``."""

    start: int
    duration: int

    def __post_init__(self) -> None:
        if not isinstance(self.start, int) or not isinstance(self.duration, int):
            raise TypeError("FrameRange takes integer frames")
        if self.duration < 0:
            raise ValueError(f"negative duration {self.duration}")

    @classmethod
    def from_bounds(cls, start: int, end_exclusive: int) -> FrameRange:
        return cls(start, end_exclusive - start)

    @property
    def end_exclusive(self) -> int:
        return self.start + self.duration

    @property
    def end_inclusive(self) -> int:
        """The last frame in the range (``start - 1`` when empty)."""
        return self.start + self.duration - 1

    def contains(self, frame: int) -> bool:
        return self.start <= frame < self.end_exclusive

    def overlaps(self, other: FrameRange) -> bool:
        return self.start < other.end_exclusive and other.start < self.end_exclusive

    def intersection(self, other: FrameRange) -> FrameRange | None:
        start = max(self.start, other.start)
        end = min(self.end_exclusive, other.end_exclusive)
        return FrameRange(start, end - start) if end > start else None

    def shifted(self, delta: int) -> FrameRange:
        return FrameRange(self.start + delta, self.duration)

    def __iter__(self):
        return iter(range(self.start, self.end_exclusive))

    def __len__(self) -> int:
        return self.duration
