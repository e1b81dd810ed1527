"""When each shot, transition, flash and silence of the sample happens, in frames.

The plan is the single source of truth: the renderer asks it which shots make each frame,
the soundtrack asks it where the shots change, and the truth file is written from it, so
the three can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

RATE = Fraction(30000, 1001)
DEFAULT_FRAMES = 900


@dataclass(frozen=True)
class ShotSpec:
    """One shot as designed at the default length: what it shows and how it looks."""

    scene: str
    image: str
    cast: str
    motion: str
    frames: int


@dataclass(frozen=True)
class TransitionSpec:
    """How one shot gives way to the next; ``frames`` are its parts at the default length
    (dissolve: mixed frames; fade: out, black, in; cut: none)."""

    kind: str
    frames: tuple[int, ...] = ()


DEFAULT_SHOTS: tuple[ShotSpec, ...] = (
    ShotSpec("valley", "procedural: golden-hour valley with birds", "warm", "pan right, parallax", 150),
    ShotSpec("rocket", "scikit-image rocket.jpg (SpaceX, public domain)", "neutral", "slow push in", 120),
    ShotSpec("coffee", "scikit-image coffee.png (CC0)", "cool", "rotate and zoom, rising steam", 117),
    ShotSpec("astronaut", "scikit-image astronaut.png (NASA, public domain)", "under-exposed", "tilt down, flash", 120),
    ShotSpec("chelsea", "scikit-image chelsea.png (CC0)", "green", "pan left, soap bubbles", 120),
    ShotSpec("hubble", "scikit-image hubble_deep_field.jpg (NASA, public domain)", "teal", "rotate and zoom, satellite", 120),
    ShotSpec("lake", "procedural: dusk lake with ripples", "magenta", "push in, ripples and birds", 105),
)

DEFAULT_TRANSITIONS: tuple[TransitionSpec, ...] = (
    TransitionSpec("cut"),
    TransitionSpec("dissolve", (18,)),
    TransitionSpec("cut"),
    TransitionSpec("fade", (12, 6, 12)),
    TransitionSpec("cut"),
    TransitionSpec("cut"),
)

# Which shot carries the flash and the silent gap, and where inside it (fraction of its length).
FLASH_SHOT, FLASH_AT, FLASH_FRAMES = 3, 0.45, 3
SILENCE_SHOT, SILENCE_AT, SILENCE_SECONDS = 5, 0.2, 1.5


@dataclass(frozen=True)
class PlacedShot:
    """A shot on the sample's frame axis: ``first..last`` are its own frames (inclusive);
    ``render_first..render_last`` add the transition frames it shares with its neighbours."""

    spec: ShotSpec
    first: int
    last: int
    render_first: int
    render_last: int

    @property
    def render_frames(self) -> int:
        return self.render_last - self.render_first + 1


@dataclass(frozen=True)
class PlacedTransition:
    """A transition on the frame axis. ``first..last`` is its truth range (a cut into frame
    k is ``k-1..k``); ``parts`` are the inclusive frame ranges of its dissolve or its
    fade-out, black and fade-in."""

    kind: str
    first: int
    last: int
    parts: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class SamplePlan:
    frames: int
    rate: Fraction
    shots: tuple[PlacedShot, ...]
    transitions: tuple[PlacedTransition, ...]
    flash: tuple[int, int]
    silence: tuple[float, float]

    @property
    def seconds(self) -> float:
        return float(self.frames / self.rate)

    def layers(self, frame: int) -> list[tuple[int, float]]:
        """The shots that make ``frame`` and the weight of each (weights below 1 mix toward
        black or toward each other; an empty list is a black frame)."""
        for index, shot in enumerate(self.shots):
            if shot.first <= frame <= shot.last:
                return [(index, 1.0)]
        for index, tr in enumerate(self.transitions):
            if tr.kind == "dissolve":
                (a, b), = tr.parts
                if a <= frame <= b:
                    alpha = (frame - a + 1) / (b - a + 2)
                    return [(index, 1.0 - alpha), (index + 1, alpha)]
            elif tr.kind == "fade":
                (oa, ob), (ba, bb), (ia, ib) = tr.parts
                if oa <= frame <= ob:
                    return [(index, 1.0 - (frame - oa + 1) / (ob - oa + 2))]
                if ba <= frame <= bb:
                    return []
                if ia <= frame <= ib:
                    return [(index + 1, (frame - ia + 1) / (ib - ia + 2))]
        raise ValueError(f"frame {frame} is outside the sample's {self.frames} frames")

    def truth(self, video: str, width: int, height: int, sample_rate: int, seed: int) -> dict[str, Any]:
        """The truth file's content, in the format of the evaluation set's ``cuts/*.json``."""
        return {
            "video": video,
            "frames": self.frames,
            "fps": f"{self.rate.numerator}/{self.rate.denominator}",
            "width": width,
            "height": height,
            "audio_rate": sample_rate,
            "transitions": [[t.first, t.last] for t in self.transitions],
            "kinds": [t.kind for t in self.transitions],
            "shots": [
                {"frames": [s.first, s.last], "image": s.spec.image, "cast": s.spec.cast, "motion": s.spec.motion}
                for s in self.shots
            ],
            "flashes": [list(self.flash)],
            "silence": list(self.silence),
            "seed": seed,
            "notes": (
                "Generated by vedit_gui.samples.sample_footage. Frames are 0-based; a hard cut into "
                "frame k is [k-1, k]; a dissolve spans its mixed frames; a fade spans fade-out, black "
                "and fade-in. Shot ranges hold only the shot's own frames. The flash is inside a shot "
                "and is not a transition. silence is [start_s, end_s] of digital silence."
            ),
        }


def _scaled(frames: int, factor: float, minimum: int) -> int:
    return max(minimum, round(frames * factor))


def build_plan(total_frames: int = DEFAULT_FRAMES, rate: Fraction = RATE) -> SamplePlan:
    """Lay the default design out over ``total_frames``: shots stretch or shrink with the
    length; transitions shrink too but keep a few frames each (a fade's black stays under 12
    frames, so the scorer counts the fade as one transition)."""
    factor = total_frames / DEFAULT_FRAMES
    parts = [
        tuple(_scaled(n, factor, 3 if t.kind == "dissolve" else 2) for n in t.frames)
        for t in DEFAULT_TRANSITIONS
    ]
    parts = [(p[0], min(p[1], 11), p[2]) if t.kind == "fade" else p for p, t in zip(parts, DEFAULT_TRANSITIONS, strict=True)]
    shot_frames = [_scaled(s.frames, factor, 8) for s in DEFAULT_SHOTS]
    # The last shot absorbs rounding so the sample has exactly total_frames frames.
    shot_frames[-1] += total_frames - sum(shot_frames) - sum(sum(p) for p in parts)
    if shot_frames[-1] < 8:
        raise ValueError(f"{total_frames} frames are too few for the sample's {len(DEFAULT_SHOTS)} shots")

    firsts: list[int] = []
    lasts: list[int] = []
    transitions: list[PlacedTransition] = []
    cursor = 0
    for index in range(len(DEFAULT_SHOTS)):
        firsts.append(cursor)
        cursor += shot_frames[index]
        lasts.append(cursor - 1)
        if index == len(DEFAULT_TRANSITIONS):
            break
        kind = DEFAULT_TRANSITIONS[index].kind
        if kind == "cut":
            transitions.append(PlacedTransition(kind, cursor - 1, cursor, ()))
            continue
        ranges = []
        for n in parts[index]:
            ranges.append((cursor, cursor + n - 1))
            cursor += n
        transitions.append(PlacedTransition(kind, ranges[0][0], ranges[-1][1], tuple(ranges)))

    shots = []
    for index, spec in enumerate(DEFAULT_SHOTS):
        render_first, render_last = firsts[index], lasts[index]
        # A shot is also drawn in the transition frames it shows in: all of a dissolve, and
        # only its own half of a fade (the other half is the other shot or black).
        if index > 0 and transitions[index - 1].kind != "cut":
            render_first = transitions[index - 1].parts[-1][0]
        if index < len(transitions) and transitions[index].kind != "cut":
            render_last = transitions[index].parts[0][1]
        shots.append(PlacedShot(spec, firsts[index], lasts[index], render_first, render_last))

    flash_shot = shots[FLASH_SHOT]
    flash_len = min(FLASH_FRAMES, max(1, (flash_shot.last - flash_shot.first) // 4))
    flash_first = flash_shot.first + round((flash_shot.last - flash_shot.first) * FLASH_AT)
    silence_shot = shots[SILENCE_SHOT]
    silence_start = float((silence_shot.first + round((silence_shot.last - silence_shot.first) * SILENCE_AT)) / rate)
    silence_len = max(0.3, SILENCE_SECONDS * factor)
    silence_len = min(silence_len, 0.8 * float((silence_shot.last - silence_shot.first) / rate))
    return SamplePlan(
        frames=total_frames,
        rate=rate,
        shots=tuple(shots),
        transitions=tuple(transitions),
        flash=(flash_first, flash_first + flash_len - 1),
        silence=(round(silence_start, 3), round(silence_start + silence_len, 3)),
    )
