"""Punch-in suggestions: where the jump cuts are, where to punch in on the pieces between
them, and how much each jump shows (the evidence behind ``effect:punch-in``).

A jump cut is two clips of one source meeting on a picture track where the source jumps
forward (a pause or a fluff taken out) with no transition over the join. Pieces of a take
joined by jump cuts alternate: the first as shot, the second closer, the third as shot..., so
every jump reads as a cut between two cameras (:func:`jump_cut_pieces`).

Framing is measured, not learnt: in talk footage (an interview, a piece to camera) the camera is still
and the speaker is what moves, so the piece's motion says where the speaker is, and its upper
part where the head is (a body talks and gestures below its face). How much a jump cut shows
is how alike the frames either side of it are: the same framing with the speaker a little
moved is the jarring jump a punch-in hides; a cut to a different picture needs no hiding.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import cv2
import numpy as np

from ..media import FrameReader, probe
from ..media.punch_in import DEFAULT_ZOOM, PunchIn
from ..timeline import PUNCH_IN, Clip, FrameRange, Suggestion, Timeline, TrackKind
from ..timeline.mapping import clip_source_span

PRODUCER = "vedit-framing"

MEASURE_WIDTH = 160
SAMPLES = 8
# Where nothing changes by this many grey levels (0–255) over the noise between samples,
# nothing moves: such a piece is framed about its centre.
MOVING_LEVEL = 6.0
# Of what moves, the head is at the top: the window is centred this far down from the top of
# what moves to its bottom (a speaker seen from the chest up: the face in the upper fifth).
HEAD_SHARE = 0.2
# The change across a jump (mean absolute difference of the small grey pictures, 0–1) at which
# it no longer reads as a jump within one framing.
DIFFERENT_PICTURE = 0.2
# A piece shorter than this is not punched in on.
MIN_PIECE_S = 1.0


class FramingCancelled(Exception):
    """The measurement was cancelled."""


@dataclass(frozen=True)
class PieceFraming:
    """What was measured of one piece: where to centre (fractions of the width and height),
    whether anything moved, and the change across the jump into it (0: the same picture)."""

    x: float
    y: float
    moving: bool
    change: float

    @property
    def confidence(self) -> float:
        """How sure a punch-in is wanted: high where the jump joins two near-identical pictures."""
        return float(np.clip(1.0 - self.change / DIFFERENT_PICTURE, 0.05, 0.95))


def _grey(picture: np.ndarray) -> np.ndarray:
    grey = cv2.cvtColor(picture, cv2.COLOR_RGB2GRAY).astype(np.float32)
    return cv2.GaussianBlur(grey, (0, 0), 1.0)


def subject_centre(pictures: list[np.ndarray]) -> tuple[float, float, bool]:
    """Where the head of what moves across ``pictures`` (RGB, one piece, in time order) is, in
    fractions: down, a fifth of the way from the top of the motion to its bottom; across, the
    centre of the motion in the upper part. The centre of the picture, and False, where nothing
    moves."""
    greys = [_grey(p) for p in pictures]
    if len(greys) < 2:
        return 0.5, 0.5, False
    motion = sum(np.abs(b - a) for a, b in zip(greys, greys[1:], strict=False)) / (len(greys) - 1)
    # What changes beyond the picture's noise: the noise floor and its spread, read robustly
    # (most of a locked-off picture is still).
    floor = float(np.median(motion))
    spread = float(np.median(np.abs(motion - floor)))
    weight = np.maximum(motion - floor - 4.0 * spread, 0.0)
    total = float(weight.sum())
    if float(weight.max()) < MOVING_LEVEL or total <= 0:
        return 0.5, 0.5, False
    height, width = weight.shape
    rows = np.cumsum(weight.sum(axis=1)) / total
    top = float(np.searchsorted(rows, 0.05))
    bottom = float(np.searchsorted(rows, 0.95)) + 1.0
    # The head: the top part of what moves; across, where the motion in that part is.
    y = top + HEAD_SHARE * (bottom - top)
    band = weight[int(top) : max(int(top) + 1, int(np.ceil(top + 2 * HEAD_SHARE * (bottom - top))))]
    columns = band.sum(axis=0)
    x = float((columns * (np.arange(width) + 0.5)).sum() / max(float(columns.sum()), 1e-9))
    return x / width, y / height, True


def jump_change(before: np.ndarray, after: np.ndarray) -> float:
    """How different the last picture before a jump is from the first after it (0–1)."""
    return float(np.mean(np.abs(_grey(before) - _grey(after)))) / 255.0


def measure_pieces(
    path: str,
    pieces: list[tuple[FrameRange, int]],
    progress: Callable[[float], None],
    cancel: threading.Event,
    rate: Fraction | None = None,
) -> list[PieceFraming]:
    """Each piece of ``path`` (its source frames, and the source frame shown just before the
    jump into it): where to punch in, and how much the jump shows."""
    results: list[PieceFraming] = []
    with FrameReader(path, size=_measure_size(path), rate=rate) as reader:
        last = reader.frame_count - 1
        for n, (frames, before) in enumerate(pieces):
            if cancel.is_set():
                raise FramingCancelled
            # In source order (the frame before the jump first): the decoder only goes forward.
            before_jump = reader.read(min(max(before, 0), last))
            wanted = np.linspace(frames.start, frames.end_exclusive - 1, min(SAMPLES, frames.duration)).round()
            pictures = [reader.read(int(min(f, last))) for f in wanted]
            x, y, moving = subject_centre(pictures)
            change = jump_change(before_jump, pictures[0])
            results.append(PieceFraming(x, y, moving, change))
            progress((n + 1) / len(pieces))
    return results


def _measure_size(path: str) -> tuple[int, int]:
    video = probe(path).video
    if video is None:
        return MEASURE_WIDTH, 90
    width, height = video.display_width, video.display_height
    return MEASURE_WIDTH, max(2, round(height * MEASURE_WIDTH / max(width, 1)))


@dataclass(frozen=True)
class Piece:
    """A piece of a take to see closer: ``frames`` of ``source`` (its own frame grid), after
    a jump from source frame ``before``."""

    source: str
    frames: FrameRange
    before: int
    rate: Fraction | None = None
    """The grid ``frames`` count on (the source's media reference's rate)."""


def jump_cut_pieces(timeline: Timeline) -> list[Piece]:
    """Every other piece of each run of jump cuts, from the second, on the picture tracks. A
    piece under :data:`MIN_PIECE_S` stays as shot (a moment closer reads as a glitch) and the
    next one goes closer instead."""
    pieces: dict[tuple[str, FrameRange], Piece] = {}
    for track in timeline.tracks_of(TrackKind.VIDEO):
        blended = {t.clip_id for t in track.transitions}
        previous: tuple[Clip, FrameRange] | None = None
        closer = False  # whether the previous piece goes closer
        for item in track.items:
            if not isinstance(item, Clip):
                previous, closer = None, False
                continue
            span = clip_source_span(item, timeline.rate)
            jump = (previous is not None and previous[0].media.path == item.media.path
                    and item.id not in blended and span.start > previous[1].end_exclusive)
            long_enough = span.duration >= MIN_PIECE_S * item.media.rate
            closer = jump and not closer and long_enough
            if closer and previous is not None:
                piece = Piece(item.media.path, span, previous[1].end_exclusive - 1, item.media.rate)
                pieces.setdefault((piece.source, piece.frames), piece)
            previous = (item, span)
    return list(pieces.values())


def punch_in_suggestion(piece: Piece, framing: PieceFraming, zoom: float = DEFAULT_ZOOM) -> Suggestion:
    """An ``effect:punch-in`` suggestion for ``piece``, framed as measured."""
    move = PunchIn(piece.frames.start, piece.frames.duration, zoom, round(framing.x, 4), round(framing.y, 4))
    return Suggestion(
        kind=PUNCH_IN,
        source=piece.source,
        source_range=piece.frames,
        confidence=round(framing.confidence, 3),
        producer=PRODUCER,
        params={**move.to_params(), "before": piece.before, "change": round(framing.change, 4), "moving": framing.moving},
    )


def punch_in_suggestions(
    pieces: list[Piece], progress: Callable[[float], None], cancel: threading.Event
) -> tuple[Suggestion, ...]:
    """Frame each piece (source by source) and make its suggestion."""
    found: list[Suggestion] = []
    by_source: dict[str, list[Piece]] = {}
    for piece in pieces:
        by_source.setdefault(piece.source, []).append(piece)
    done = 0
    for source, group in by_source.items():
        def report(fraction: float, before: int = done, size: int = len(group)) -> None:
            progress((before + fraction * size) / len(pieces))

        framings = measure_pieces(source, [(p.frames, p.before) for p in group], report, cancel, group[0].rate)
        found += [punch_in_suggestion(p, f) for p, f in zip(group, framings, strict=True)]
        done += len(group)
    return tuple(found)


__all__ = [
    "PRODUCER",
    "FramingCancelled",
    "Piece",
    "PieceFraming",
    "jump_change",
    "jump_cut_pieces",
    "measure_pieces",
    "punch_in_suggestion",
    "punch_in_suggestions",
    "subject_centre",
]
