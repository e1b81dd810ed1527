"""Synthetic footage with known shot transitions, generated on the fly at the model's size.

A sequence is a run of shots — a camera (pan, zoom, rotation, shake) moving over a still
photograph or a procedural picture, with moving objects, lighting changes, flashes, text
overlays and noise — joined by hard cuts, dissolves, fades to/from black or white, wipes and
pushes. Each frame gets labels: ``event`` (a transition is centred here; for a hard cut into
frame k that is k), ``extent`` (the frame belongs to a transition) and ``kind``.
Hard negatives (fast pans, flashes, large objects entering, lighting jumps, overlays,
insets that change on their own, repeated frames as in animation) appear inside shots and are
labelled as no transition; logos and HUDs that stay put across cuts do not hide the cuts. Wipes and pushes are rare in real editing and rare here too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import cv2
import numpy as np

from ..cut_weights import KINDS

# Frames are composed at twice the model size and area-downscaled, as a decoder's scaler would.
_SUPER = 2
# Transition kinds (cut, dissolve, fade, wipe, push): wipes and pushes are rare in real
# editing (a few per cent of transitions in broadcast shot-boundary collections); v2 drew
# them for 12 % and learned to call large moving areas wipes.
TRANSITION_MIX = (0.56, 0.22, 0.17, 0.03, 0.02)
# Shots drawn as animation: flat painted backdrops, characters on twos, sprites that flap.
ANIMATED_SHARE = 0.2
# Truth files count a black stretch this long as a shot of its own (see the eval README).
BLACK_SHOT_FRAMES = 12


@dataclass(frozen=True)
class Sequence:
    """T frames (T×H×W×3 uint8) and per-frame labels (float event/extent, int kind or -1)."""

    frames: np.ndarray
    event: np.ndarray
    extent: np.ndarray
    kind: np.ndarray


# Paints frame ``i`` of a shot in place; made once the shot's random draws are made.
Painter = Callable[[np.ndarray, int], None]


class _Shot:
    """One shot whose random draws are all made and whose frames are rendered only when asked.

    A sequence keeps about two frames in three of those its shots draw (the run-up before its
    first frame, the spare frames behind gradual transitions): rendering only the kept ones saves
    that work, and each frame is exactly what rendering them all would give.
    """

    def __init__(self, n: int, hold: int, base: Callable[[int], np.ndarray], light: np.ndarray,
                 painters: list[Painter]) -> None:
        self.n, self.hold, self.light = n, hold, light
        self._base, self._painters = base, painters
        self._held: tuple[int, np.ndarray | None] = (-1, None)

    def __len__(self) -> int:
        return self.n

    def frame(self, i: int) -> np.ndarray:
        """Frame ``i`` (float32, super-sampled), a new array the caller may change."""
        first = i - i % self.hold  # a repeated frame shows the picture drawn at ``first``
        if self._held[0] != first:
            self._held = (first, self._base(first))
        f = self._held[1] * self.light[i]
        for paint in self._painters:
            paint(f, i)
        return f


def _towards(colour: float, keep: float, amount: float, x: np.ndarray) -> np.ndarray:
    """A fade step: the picture ``x`` kept at ``keep`` and ``colour`` mixed in at ``amount``."""
    return x * keep + colour * amount


def _mixed_with(mix: Callable, shot: _Shot, j: int, t: float, x: np.ndarray) -> np.ndarray:
    """A gradual transition's step: ``x`` mixed at ``t`` with frame ``j`` of the incoming shot."""
    return mix(x, shot.frame(j), t)


def _render(recipe: list[Callable]) -> np.ndarray:
    """A frame from its source and the transitions' edits to it, in the order they were made."""
    source, *edits = recipe
    frame = source()
    for edit in edits:
        frame = edit(frame).astype(np.float32, copy=False)
    return frame


class SyntheticFootage:
    """Random training sequences over a pool of still pictures (seeded, reproducible)."""

    def __init__(self, stills: list[np.ndarray], width: int = 48, height: int = 27, seed: int = 0) -> None:
        self.stills = stills
        self.width, self.height = width, height
        self.rng = np.random.default_rng(seed)

    # -- pictures ---------------------------------------------------------------------------

    def _picture(self, *, painted: bool = False) -> np.ndarray:
        rng = self.rng
        if rng.random() < 0.75:
            img = self.stills[rng.integers(len(self.stills))]
            if rng.random() < 0.5:
                img = img[:, ::-1]
            if painted or rng.random() < 0.1:
                img = self._posterize(img)
        else:
            img = self._procedural()
        # A per-shot grade: shots of one film differ in colour and exposure.
        matrix = np.diag(rng.uniform(0.6, 1.3) * rng.uniform(0.85, 1.15, size=3))
        if rng.random() < 0.15:
            matrix = np.full((3, 3), 1 / 3) * matrix.diagonal().mean()
        offset = np.full((3, 1), rng.uniform(-25, 25))
        return cv2.transform(np.ascontiguousarray(img), np.hstack([matrix, offset]))

    def _posterize(self, img: np.ndarray) -> np.ndarray:
        """A photograph turned into flat areas of few colours: a painted or pixel-art backdrop."""
        rng = self.rng
        levels = int(rng.integers(3, 7))
        step = 256 // levels
        smooth = cv2.medianBlur(np.ascontiguousarray(img), int(rng.choice([3, 5, 7])))
        flat = (smooth // step) * step + step // 2
        return np.clip(flat, 0, 255).astype(np.uint8)

    def _procedural(self) -> np.ndarray:
        """Flat-colour cartoon shapes, gradients or noise textures (animation, games, titles)."""
        rng = self.rng
        h, w = 160, 284
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        c0, c1 = rng.uniform(0, 255, 3), rng.uniform(0, 255, 3)
        t = (xx * rng.normal() + yy * rng.normal()) / (w + h) + 0.5
        img = c0 + (c1 - c0) * np.clip(t, 0, 1)[..., None]
        img = img.astype(np.float32)
        kind = rng.integers(3)
        if kind == 0:
            for _ in range(rng.integers(3, 25)):
                self._draw_shape(img, rng.uniform(0, w), rng.uniform(0, h), rng.uniform(5, 60))
        elif kind == 1:
            noise = rng.normal(0, 1, (h // 8 + 1, w // 8 + 1, 3)).astype(np.float32)
            img += cv2.resize(noise, (w, h), interpolation=cv2.INTER_CUBIC) * rng.uniform(10, 60)
        else:
            for _ in range(rng.integers(2, 8)):
                self._draw_shape(img, rng.uniform(0, w), rng.uniform(0, h), rng.uniform(20, 120))
            img += rng.normal(0, rng.uniform(1, 20), img.shape).astype(np.float32)
        return np.clip(img, 0, 255).astype(np.uint8)

    def _draw_shape(self, img: np.ndarray, x: float, y: float, r: float, color=None) -> None:
        rng = self.rng
        color = tuple(float(c) for c in (rng.uniform(0, 255, 3) if color is None else color))
        s = img.shape[1] / 284 if img.shape[1] > 200 else 1.0
        centre = (int(x), int(y))
        if rng.random() < 0.5:
            axes = (max(1, int(r * s)), max(1, int(r * s * rng.uniform(0.3, 1.0))))
            cv2.ellipse(img, centre, axes, float(rng.uniform(0, 180)), 0, 360, color, -1)
        else:
            pts = np.array([[x + r * np.cos(a), y + r * np.sin(a)]
                            for a in np.sort(rng.uniform(0, 2 * np.pi, rng.integers(3, 7)))], np.int32)
            cv2.fillPoly(img, [pts], color)

    # -- shots ------------------------------------------------------------------------------

    def _shot(self, n: int) -> _Shot:
        """``n`` frames (float32, super-sampled) of one shot: live action, or (a fifth of shots)
        animation — characters and cut-outs moving over a painted backdrop."""
        rng = self.rng
        animated = rng.random() < ANIMATED_SHARE
        img = self._picture(painted=animated and rng.random() < 0.6)
        h_src, w_src = img.shape[:2]
        W, H = self.width * _SUPER, self.height * _SUPER
        # The camera: a view of width ``view`` (source pixels) moving over the picture.
        fit = min(w_src / W, h_src / H)
        zoom0 = rng.uniform(0.45, 1.0)
        style = rng.random() * (0.9 if animated else 1.0)
        # Still shots, ordinary moves, and fast pans / whip zooms / spins (hard negatives).
        speed = 0.0 if style < 0.2 else 1.0 if style < 0.85 else 5.0
        vel = rng.normal(0, 0.012 * speed + 1e-9, 2)
        zoom_rate = rng.normal(0, 0.006 * speed + 1e-9)
        spin = rng.normal(0, 0.004 * speed + 1e-9)
        shake = rng.uniform(0, 0.01) if rng.random() < 0.3 else 0.0
        centre = np.array([w_src, h_src], np.float64) * rng.uniform(0.35, 0.65, 2)
        angle = rng.normal(0, 0.05)
        # Sprites over a still background, as in animation and game footage: a common case.
        objects = [self._object() for _ in range(rng.choice(6, p=[0.35, 0.25, 0.15, 0.1, 0.1, 0.05]))]
        sprites = [self._sprite(animated) for _ in range(rng.choice(4, p=[0.2, 0.4, 0.25, 0.15]) if animated
                                                          else rng.choice(3, p=[0.8, 0.15, 0.05]))]
        light = self._light_curve(n)
        # Repeated frames, as in animation ("on twos") and low-frame-rate game captures.
        hold = int(rng.integers(2, 4)) if animated and rng.random() < 0.7 else \
            1 if rng.random() < 0.75 else int(rng.integers(2, 4))
        # The shake of each frame drawn afresh (the repeated ones show the frame before).
        jitter = {i: rng.normal(0, shake * w_src, 2) for i in range(0, n, hold)}

        def base(i: int) -> np.ndarray:
            scale = zoom0 * fit * np.exp(zoom_rate * i)
            c = centre + vel * i * w_src + jitter[i]
            a = angle + spin * i
            cos, sin = np.cos(a) * scale, np.sin(a) * scale
            # Output pixel (u, v) → source: centre + R·S·(u − W/2, v − H/2).
            M = np.array([[cos, -sin, c[0] - cos * W / 2 + sin * H / 2],
                          [sin, cos, c[1] - sin * W / 2 - cos * H / 2]])
            f = cv2.warpAffine(img, M, (W, H), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                               borderMode=cv2.BORDER_REFLECT)
            for ob in objects:
                self._draw_object(f, ob, i)
            f = f.astype(np.float32)
            for sprite in sprites:
                self._draw_sprite(f, sprite, i)
            return f

        painters = [p for p in (self._inset(n), self._flashes(n), self._overlay(n)) if p is not None]
        return _Shot(n, hold, base, light, painters)

    def _inset(self, n: int) -> Painter | None:
        """A part of the frame that changes on its own — a screen or window in shot, a
        picture-in-picture, a game's panel — switching, popping up or sliding in or out while the
        rest of the shot goes on. Not a transition: the shot continues around it."""
        rng = self.rng
        if rng.random() >= 0.12:
            return None
        W, H = self.width * _SUPER, self.height * _SUPER
        area = rng.uniform(0.08, 0.45)
        aspect = rng.uniform(0.5, 2.0)
        w = int(min(W, np.sqrt(area * W * H * aspect)))
        h = int(min(H, area * W * H / max(w, 1)))
        if w < 4 or h < 4:
            return None
        x, y = int(rng.integers(0, W - w + 1)), int(rng.integers(0, H - h + 1))
        pictures = [cv2.resize(self._picture(), (w, h), interpolation=cv2.INTER_AREA).astype(np.float32)
                    for _ in range(2)]
        k = int(rng.integers(0, n))
        mode = rng.choice(["switch", "appear", "vanish", "slide"])
        slide = int(rng.integers(3, 12))

        def paint(frame: np.ndarray, i: int) -> None:
            if mode == "switch":
                frame[y : y + h, x : x + w] = pictures[0] if i < k else pictures[1]
            elif (mode == "appear" and i >= k) or (mode == "vanish" and i < k):
                frame[y : y + h, x : x + w] = pictures[0]
            elif mode == "slide" and i >= k:
                shown = min(w, int(w * (i - k + 1) / slide))
                if shown:
                    frame[y : y + h, x : x + shown] = pictures[0][:, w - shown :]

        return paint

    def _object(self) -> dict:
        rng = self.rng
        W, H = self.width * _SUPER, self.height * _SUPER
        big = rng.random() < 0.2
        r = rng.uniform(0.3, 1.2) * H if big else rng.uniform(0.04, 0.25) * H
        start = np.array([rng.uniform(-0.3, 1.3) * W, rng.uniform(-0.2, 1.2) * H])
        speed = rng.uniform(0.5, 6.0) * (2.5 if big else 1.0)
        heading = rng.uniform(0, 2 * np.pi)
        return {"r": r, "start": start, "vel": speed * np.array([np.cos(heading), np.sin(heading)]),
                "color": rng.uniform(0, 255, 3), "seed": int(rng.integers(1 << 30))}

    def _draw_object(self, frame: np.ndarray, ob: dict, i: int) -> None:
        x, y = ob["start"] + ob["vel"] * i
        r = ob["r"] * (1 + 0.1 * np.sin(i * 0.3))
        cv2.ellipse(frame, (int(x), int(y)), (max(1, int(r)), max(1, int(r * 0.7))),
                    float(i * 3 % 180), 0, 360, tuple(float(c) for c in ob["color"]), -1)

    def _sprite(self, animated: bool) -> dict:
        """A character or cut-out, up to most of the frame high, that moves fast, flaps (its
        outline stretching every frame, like wings or a walk cycle) and may change pose or turn
        round at once — large, sudden changes inside one shot, and no transition."""
        rng = self.rng
        W, H = self.width * _SUPER, self.height * _SUPER
        size = rng.uniform(0.25, 0.9) * H if rng.random() < 0.5 else rng.uniform(0.08, 0.25) * H
        if rng.random() < 0.5:
            # A character of a few flat-colour parts with dark outlines (cartoons, games).
            parts = [(rng.uniform(-0.5, 0.5, 2), rng.uniform(0.2, 0.6), rng.uniform(0, 255, 3))
                     for _ in range(int(rng.integers(2, 6)))]
            patch = np.zeros((int(size * 2) + 4, int(size * 2) + 4, 3), np.float32)
            mask = np.zeros(patch.shape[:2], np.float32)
            centre = np.array(patch.shape[1::-1]) / 2
            for offset, r, colour in parts:
                c = tuple(int(v) for v in centre + offset * size)
                axes = (max(1, int(r * size)), max(1, int(r * size * rng.uniform(0.5, 1.0))))
                cv2.ellipse(patch, c, axes, 0, 0, 360, (20.0, 20.0, 20.0), -1)
                cv2.ellipse(patch, c, (max(1, axes[0] - 1), max(1, axes[1] - 1)), 0, 0, 360,
                            tuple(float(v) for v in colour), -1)
                cv2.ellipse(mask, c, axes, 0, 0, 360, 1.0, -1)
        else:
            # A textured cut-out: a creature, vehicle or prop photographed on its own.
            src = self._picture()
            h, w = src.shape[:2]
            side = int(min(h, w) * rng.uniform(0.3, 0.8))
            y, x = int(rng.integers(0, h - side + 1)), int(rng.integers(0, w - side + 1))
            patch = cv2.resize(src[y : y + side, x : x + side], (int(size * 2) + 4,) * 2,
                               interpolation=cv2.INTER_AREA).astype(np.float32)
            mask = np.zeros(patch.shape[:2], np.float32)
            s2 = patch.shape[0]
            pts = np.array([[s2 / 2 + s2 / 2.2 * np.cos(a) * rng.uniform(0.5, 1.0),
                             s2 / 2 + s2 / 2.2 * np.sin(a) * rng.uniform(0.5, 1.0)]
                            for a in np.sort(rng.uniform(0, 2 * np.pi, int(rng.integers(5, 10))))], np.int32)
            cv2.fillPoly(mask, [pts], 1.0)
        speed = rng.uniform(0.3, 4.0) * (H / 54)
        heading = rng.uniform(0, 2 * np.pi)
        flap = rng.uniform(0.1, 0.5) if rng.random() < 0.5 else 0.0
        return {
            "patch": patch, "mask": mask[..., None],
            "start": np.array([rng.uniform(0.0, 1.0) * W, rng.uniform(0.1, 0.9) * H]),
            "vel": speed * np.array([np.cos(heading), np.sin(heading)]),
            "flap": flap, "rate": rng.uniform(0.4, 2.0), "phase": rng.uniform(0, 2 * np.pi),
            # Frames where the sprite turns round or jumps to another pose, at once.
            "turns": set(rng.integers(0, 200, int(rng.integers(0, 4)) if animated else 0).tolist()),
            "pose_every": int(rng.integers(2, 9)) if animated and rng.random() < 0.6 else 0,
            "seed": int(rng.integers(1 << 30)),
        }

    def _draw_sprite(self, frame: np.ndarray, sprite: dict, i: int) -> None:
        x, y = sprite["start"] + sprite["vel"] * i
        flap = 1.0 + sprite["flap"] * np.sin(sprite["phase"] + sprite["rate"] * i)
        flips = sum(1 for t in sprite["turns"] if t <= i)
        pose = i // sprite["pose_every"] if sprite["pose_every"] else 0
        # A new pose: the parts shift and the figure leans (deterministic per pose).
        lean, stretch = 0.0, 1.0
        if sprite["pose_every"]:
            pose_rng = np.random.default_rng(sprite["seed"] + pose)
            lean, stretch = pose_rng.uniform(-25, 25), pose_rng.uniform(0.8, 1.2)
        ph, pw = sprite["patch"].shape[:2]
        sx = (-1.0 if flips % 2 else 1.0) * stretch
        M = cv2.getRotationMatrix2D((pw / 2, ph / 2), lean, 1.0)
        M[:, :2] = M[:, :2] @ np.diag([sx, flap])
        M[:, 2] = [x - (M[0, 0] * pw / 2 + M[0, 1] * ph / 2), y - (M[1, 0] * pw / 2 + M[1, 1] * ph / 2)]
        H, W = frame.shape[:2]
        picture = cv2.warpAffine(sprite["patch"], M, (W, H), flags=cv2.INTER_LINEAR)
        alpha = cv2.warpAffine(sprite["mask"], M, (W, H), flags=cv2.INTER_LINEAR)[..., None]
        frame *= 1.0 - alpha
        frame += picture * alpha

    def _light_curve(self, n: int) -> np.ndarray:
        rng = self.rng
        light = np.ones(n, np.float32)
        if rng.random() < 0.25:
            # A slow exposure change or a light switched on within the shot.
            a, b = rng.uniform(0.5, 1.4, 2)
            if rng.random() < 0.3:
                k = rng.integers(n)
                light[:k], light[k:] = a, b
            else:
                light[:] = np.linspace(a, b, n)
        if rng.random() < 0.1:
            light *= 1 + rng.uniform(0.02, 0.1) * rng.standard_normal(n)  # flicker
        return light.reshape(n, 1, 1, 1)

    def _flashes(self, n: int) -> Painter | None:
        rng = self.rng
        if rng.random() >= 0.15:
            return None
        flashes = []
        for _ in range(rng.integers(1, 3)):
            k = int(rng.integers(n))
            length = int(rng.integers(1, 4))
            strength = rng.uniform(0.4, 1.0)
            white = rng.uniform(180, 255, 3) if rng.random() < 0.8 else rng.uniform(0, 255, 3)
            flashes.append((k, length, strength, white))

        def paint(frame: np.ndarray, i: int) -> None:
            for k, length, strength, white in flashes:
                if k <= i < k + length:
                    frame[...] = frame * (1 - strength) + white * strength

        return paint

    def _overlay(self, n: int) -> Painter | None:
        """A caption or logo that appears or vanishes inside the shot."""
        rng = self.rng
        if rng.random() >= 0.12:
            return None
        W, H = self.width * _SUPER, self.height * _SUPER
        a, b = sorted(rng.integers(0, n + 1, 2))
        y = int(rng.uniform(0.6, 0.9) * H)
        x0, x1 = sorted(rng.integers(0, W, 2))
        color = (255.0, 255.0, 255.0) if rng.random() < 0.6 else tuple(rng.uniform(0, 255, 3))
        # Per frame: how many letters, and whether a bar is drawn above them.
        text = {i: (int(rng.integers(2, 6)), bool(x1 - x0 > 20 and rng.random() < 0.5)) for i in range(a, b)}

        def paint(frame: np.ndarray, i: int) -> None:
            if i not in text:
                return
            letters, bar = text[i]
            for k in range(letters):
                cv2.rectangle(frame, (int(x0 + k * 9), y), (int(x0 + k * 9 + 6), y + 5), color, -1)
            if bar:
                cv2.rectangle(frame, (x0, y - 8), (x1, y - 2), color, -1)

        return paint

    # -- transitions ------------------------------------------------------------------------

    def sequence(self, length: int = 100) -> Sequence:
        """One labelled sequence of ``length`` frames."""
        rng = self.rng
        W, H = self.width * _SUPER, self.height * _SUPER
        # The edited video, one recipe per frame: its source, then the transitions' edits to it.
        # Every random draw is made while it is planned; only the frames kept are rendered.
        video: list[list[Callable]] = []
        event = np.zeros(length + 200, np.float32)
        extent = np.zeros(length + 200, np.float32)
        kind = np.full(length + 200, -1, np.int64)
        mean_shot = rng.choice([12.0, 30.0, 60.0, 150.0])
        start = -int(rng.integers(0, 40))  # the sequence may begin inside a transition
        shot = self._shot(min(length - start, max(4, int(rng.exponential(mean_shot)) + 4 - start)))
        video += self._take(shot, 0, len(shot))
        pos = segment = len(shot)  # frames so far; frames in the last piece appended
        while pos < length - start:
            # Frames past the end of the sequence are never seen: do not render them.
            n_next = min(max(4, int(rng.exponential(mean_shot)) + 4), length - start - pos + 1)
            tr = rng.choice(["cut", "dissolve", "fade", "wipe", "push"], p=TRANSITION_MIX)
            nxt = self._shot(n_next + (30 if tr == "fade" else 0 if tr == "cut" else 40))
            if tr == "cut":
                k = pos
                self._label(event, extent, kind, k, k, k, "cut", start)
                video += self._take(nxt, 0, n_next)
                pos += n_next
                segment = n_next
                continue
            if tr == "fade":
                out_len = int(rng.integers(0, 30)) if rng.random() < 0.85 else 0
                in_len = int(rng.integers(2, 30)) if out_len == 0 or rng.random() < 0.85 else 0
                hold = int(rng.choice([0, rng.integers(1, 12), rng.integers(12, 30)], p=[0.4, 0.4, 0.2]))
                colour = 0.0 if rng.random() < 0.8 else float(rng.uniform(230, 255))
                tail = min(out_len, segment - 1)
                for j in range(tail):
                    alpha = (j + 1) / (tail + 1)
                    video[pos - tail + j].append(partial(_towards, colour, 1 - alpha, alpha))
                a = pos - tail
                block = [[partial(np.full, (H, W, 3), colour, np.float32)] for _ in range(hold)]
                fade_in = self._take(nxt, 0, in_len + n_next)
                for j in range(in_len):
                    alpha = (j + 1) / (in_len + 1)
                    fade_in[j].append(partial(_towards, colour, alpha, 1 - alpha))
                b = pos + hold + in_len - 1
                if hold >= BLACK_SHOT_FRAMES:
                    # A long black stretch is a shot: the fade-out and the fade-in count apart.
                    self._label(event, extent, kind, a, pos, (a + pos) // 2 if tail else pos, "fade", start)
                    e = pos + hold - 1
                    self._label(event, extent, kind, e, max(e, b + 1 if in_len else e + 1),
                                (e + b + 1) // 2 if in_len else e + 1, "fade", start)
                else:
                    lo, hi = a, max(b, pos)
                    centre = (lo + hi + 1) // 2 if hi - lo > 1 else pos
                    self._label(event, extent, kind, lo, hi, centre, "fade" if hi - lo > 1 else "cut", start)
                video += block + fade_in
                pos += hold + len(fade_in)
                segment = len(fade_in)
                continue
            # Gradual transitions mixing both shots over ``d`` frames.
            d = int(rng.integers(2, 41)) if tr == "dissolve" else int(rng.integers(3, 31))
            d = min(d, segment - 1)
            if d < 2:
                self._label(event, extent, kind, pos, pos, pos, "cut", start)
                video += self._take(nxt, 0, n_next)
                pos += n_next
                segment = n_next
                continue
            a = pos - d
            mix = self._mixer(tr, d)
            for j in range(d):
                video[a + j].append(partial(_mixed_with, mix, nxt, j, (j + 1) / (d + 1)))
            # The mixed frames a..pos-1 are the transition; ``nxt[d:]`` continues the new shot.
            self._label(event, extent, kind, a, pos - 1, (a + pos) // 2, "dissolve" if tr == "dissolve" else "wipe", start)
            video += self._take(nxt, d, d + n_next)
            pos += n_next
            segment = n_next
        kept = np.stack([_render(recipe) for recipe in video[-start : -start + length]])
        self._persistent_overlay(kept)
        small = self._finish(kept)
        s = slice(0, length)
        return Sequence(small, event[s].copy(), extent[s].copy(), kind[s].copy())

    @staticmethod
    def _take(shot: _Shot, lo: int, hi: int) -> list[list[Callable]]:
        """Recipes for frames ``lo`` to ``hi`` − 1 of ``shot``."""
        return [[partial(shot.frame, i)] for i in range(lo, min(hi, len(shot)))]

    def _persistent_overlay(self, video: np.ndarray) -> None:
        """A logo, score box, game HUD or frame that stays put across cuts: the picture changes
        everywhere else, and that is still a cut (the counterpart of :meth:`_inset`)."""
        rng = self.rng
        if rng.random() >= 0.15:
            return
        n, H, W = video.shape[:3]
        area = rng.uniform(0.02, 0.3)
        w = int(min(W, np.sqrt(area * W * H * rng.uniform(0.5, 3.0))))
        h = int(min(H, area * W * H / max(w, 1)))
        if w < 3 or h < 3:
            return
        x, y = int(rng.integers(0, W - w + 1)), int(rng.integers(0, H - h + 1))
        patch = cv2.resize(self._picture(), (w, h), interpolation=cv2.INTER_AREA).astype(np.float32)
        alpha = 1.0 if rng.random() < 0.7 else rng.uniform(0.4, 0.9)
        region = video[:, y : y + h, x : x + w]
        video[:, y : y + h, x : x + w] = region * (1 - alpha) + patch * alpha

    def _label(self, event, extent, kind, a: int, b: int, centre: int, name: str, start: int) -> None:
        a, b, centre = a + start, b + start, centre + start
        lo, hi = max(a, 0), min(b, len(event) - 1)
        if hi >= lo:
            extent[lo : hi + 1] = 1.0
            kind[lo : hi + 1] = KINDS.index(name)
        if 0 <= centre < len(event):
            event[centre] = 1.0
            # Neighbours of the centre are nearly right: soften the target there.
            for n in (centre - 1, centre + 1):
                if 0 <= n < len(event) and name != "cut":
                    event[n] = max(event[n], 0.5)

    def _mixer(self, tr: str, d: int):
        rng = self.rng
        W, H = self.width * _SUPER, self.height * _SUPER
        if tr == "dissolve":
            return lambda x, y, t: x * (1 - t) + y * t
        if tr == "wipe":
            yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
            if rng.random() < 0.25:
                field = np.hypot(xx - W / 2, yy - H / 2)  # iris
            else:
                a = rng.uniform(0, 2 * np.pi)
                field = xx * np.cos(a) + yy * np.sin(a)
            field = (field - field.min()) / (field.max() - field.min() + 1e-6)
            soft = rng.uniform(0.01, 0.2)

            def wipe(x, y, t):
                m = np.clip((t * (1 + soft) - field) / soft, 0, 1)[..., None]
                return x * (1 - m) + y * m

            return wipe
        direction = rng.integers(4)

        def push(x, y, t):
            shift = int(round(t * (W if direction < 2 else H)))
            axis = 1 if direction < 2 else 0
            size = W if axis == 1 else H
            sign = 1 if direction % 2 == 0 else -1
            out = np.roll(x, sign * shift, axis=axis)
            rolled = np.roll(y, sign * (shift - size), axis=axis)
            idx = np.arange(size)
            from_new = (idx < shift) if sign > 0 else (idx >= size - shift)
            if axis == 1:
                out[:, from_new] = rolled[:, from_new]
            else:
                out[from_new] = rolled[from_new]
            return out

        return push

    def _finish(self, video: np.ndarray) -> np.ndarray:
        """Downscale to the model size, then letterbox, blur, noise and quantise like a codec."""
        rng = self.rng
        n = len(video)
        out = np.empty((n, self.height, self.width, 3), np.float32)
        for i in range(n):
            out[i] = cv2.resize(np.clip(video[i], 0, 255), (self.width, self.height), interpolation=cv2.INTER_AREA)
        if rng.random() < 0.2:
            bar = int(rng.integers(2, 6))
            out[:, :bar] = 0
            out[:, -bar:] = 0
        if rng.random() < 0.1:
            bar = int(rng.integers(3, 9))
            out[:, :, :bar] = 0
            out[:, :, -bar:] = 0
        if rng.random() < 0.3:
            out = np.stack([cv2.GaussianBlur(f, (3, 3), rng.uniform(0.3, 1.0)) for f in out])
        sigma = rng.choice([0.0, rng.uniform(0.5, 3.0), rng.uniform(3.0, 8.0)], p=[0.4, 0.45, 0.15])
        if sigma:
            out += rng.normal(0, sigma, out.shape).astype(np.float32)
        if rng.random() < 0.2:
            # Blocking as from a low bitrate: average over 4×4 blocks with a little per-block noise.
            h4, w4 = self.height // 4 * 4, self.width // 4 * 4
            blocks = out[:, :h4, :w4].reshape(n, h4 // 4, 4, w4 // 4, 4, 3).mean((2, 4), keepdims=True)
            mix = rng.uniform(0.2, 0.6)
            out[:, :h4, :w4] = (out[:, :h4, :w4].reshape(n, h4 // 4, 4, w4 // 4, 4, 3) * (1 - mix)
                                + blocks * mix).reshape(n, h4, w4, 3)
        return np.clip(out + 0.5, 0, 255).astype(np.uint8)
