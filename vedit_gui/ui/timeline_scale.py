"""The timeline view's arithmetic without Qt: frames to pixels, ruler steps and snapping."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from ..timeline import Timeline
from ..timeline.timecode import nominal_fps

# Ruler steps in seconds once a step is a second or more (then frames below that).
_SECOND_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200)
_FRAME_STEPS = (1, 2, 5, 10)

MIN_FRAMES_PER_PIXEL = 1 / 32  # a frame is at most 32 px wide


@dataclass(frozen=True)
class TimeScale:
    """Where frames land horizontally: ``first_frame`` sits at ``left`` px, and each pixel
    spans ``frames_per_pixel`` frames. Frame ``f`` starts at ``x_for_frame(f)``."""

    frames_per_pixel: float
    first_frame: float = 0.0
    left: float = 0.0

    def x_for_frame(self, frame: float) -> float:
        return self.left + (frame - self.first_frame) / self.frames_per_pixel

    def frame_at_x(self, x: float) -> int:
        """The frame boundary nearest ``x`` (the playhead lands between frames, on a start)."""
        return round(self.first_frame + (x - self.left) * self.frames_per_pixel)

    def frame_under_x(self, x: float) -> int:
        """The frame whose span contains ``x`` (what a click on a clip points at)."""
        return int(self.first_frame + (x - self.left) * self.frames_per_pixel // 1)

    def frames_for_pixels(self, pixels: float) -> float:
        return pixels * self.frames_per_pixel


@dataclass(frozen=True)
class RulerSteps:
    """Frames between labelled ticks and between small ticks."""

    major: int
    minor: int


def ruler_steps(rate: Fraction, frames_per_pixel: float, label_px: float, tick_px: float) -> RulerSteps:
    """The finest steps whose labels sit at least ``label_px`` apart and ticks ``tick_px``:
    frames when zoomed in, then seconds, then minutes (counted at the nominal rate, as
    timecode counts)."""
    fps = nominal_fps(rate)
    candidates = [f for f in _FRAME_STEPS if f < fps] + [s * fps for s in _SECOND_STEPS]
    major = next((c for c in candidates if c / frames_per_pixel >= label_px), candidates[-1])
    if major / frames_per_pixel < label_px:
        # Longer than the longest step: whole multiples of it.
        major *= int(label_px * frames_per_pixel // major) + 1
    minor = major
    for parts in (2, 4, 5, 10):
        step = major // parts
        if step >= 1 and major % parts == 0 and step / frames_per_pixel >= tick_px:
            minor = step
    return RulerSteps(major, minor)


def snap_targets(timeline: Timeline, playhead: int | None = None) -> list[int]:
    """Frames a drag snaps to: the start and end, every cut on every track, markers, the playhead."""
    frames = {0, timeline.duration}
    for track in timeline.tracks:
        frames.update(track.cut_frames())
        frames.add(track.duration)
    frames.update(marker.frame for marker in timeline.markers)
    if playhead is not None:
        frames.add(playhead)
    return sorted(frames)


def snap(frame: int, targets: Iterable[int], tolerance: float) -> tuple[int, int | None]:
    """``frame`` moved to the nearest target within ``tolerance`` frames, and that target
    (None when nothing is near enough)."""
    best: int | None = None
    for target in targets:
        if abs(target - frame) <= tolerance and (best is None or abs(target - frame) < abs(best - frame)):
            best = target
    return (frame, None) if best is None else (best, best)
