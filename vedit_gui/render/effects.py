"""Which effect the render applies to which source frame.

An accepted ``effect:stabilize`` or ``effect:punch-in`` suggestion on a source moves that
source's frames in its ``source_range`` wherever the source is used in the edit, as an
accepted grade grades them (:mod:`.grade`). The maths is :mod:`vedit_gui.media.stabilize` and
:mod:`vedit_gui.media.punch_in`, shared with the preview. A frame both steadied and punched in
is warped once, by the two maps combined. An accepted ``effect:title`` lays text over its
source frames (:mod:`vedit_gui.media.title`), after the grade.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..media.punch_in import FrameMove, PunchIn, PunchInError, combined_matrix
from ..media.stabilize import Stabilization, StabilizationError, stabilize
from ..media.title import Title, TitleError, draw_title
from ..timeline import Timeline
from ..timeline.suggestion import PUNCH_IN, STABILIZE, TITLE, SuggestionStatus
from .errors import RenderError, UnusableLook, unusable_look

_MOVES: dict[str, type[Stabilization] | type[PunchIn]] = {STABILIZE: Stabilization, PUNCH_IN: PunchIn}
EFFECT_KINDS = (*_MOVES, TITLE)
"""The kinds of suggestion that, accepted, change the picture as effects do."""
_SETTINGS: dict[str, type[Stabilization] | type[PunchIn] | type[Title]] = {**_MOVES, TITLE: Title}
_NAMES = {STABILIZE: "stabilisation", PUNCH_IN: "punch-in", TITLE: "title"}


@dataclass(frozen=True)
class CombinedMove:
    """A stabilisation, then a punch-in, as one move."""

    moves: tuple[FrameMove, ...]

    def covers(self, source_frame: int) -> bool:
        return all(move.covers(source_frame) for move in self.moves)

    def matrix(self, source_frame: int, width: int, height: int) -> np.ndarray:
        return combined_matrix(list(self.moves), source_frame, width, height)


@dataclass(frozen=True)
class SourceEffects:
    """The accepted stabilisations and punch-ins of a timeline, by source path (later
    decisions first), and its titles (in the order they were added: later ones on top);
    ``left_out`` as for :class:`~.grade.SourceGrades`."""

    by_source: dict[str, tuple[FrameMove, ...]]
    titles: dict[str, tuple[Title, ...]] = field(default_factory=dict)
    left_out: tuple[UnusableLook, ...] = ()

    @classmethod
    def from_timeline(cls, timeline: Timeline, *, leave_out_unusable: bool = False) -> SourceEffects:
        """Raises :class:`RenderError` for an effect whose settings cannot be used, unless
        ``leave_out_unusable``: the preview shows the rest, and says what it left out."""
        found: dict[str, list[FrameMove]] = {}
        titles: dict[str, list[Title]] = {}
        left_out: list[UnusableLook] = []
        for suggestion in timeline.suggestions:
            if suggestion.status is not SuggestionStatus.ACCEPTED or suggestion.kind not in EFFECT_KINDS:
                continue
            try:
                effect = _SETTINGS[suggestion.kind].from_params(suggestion.params)
            except (StabilizationError, PunchInError, TitleError) as exc:
                unusable = unusable_look(_NAMES[suggestion.kind], suggestion, exc)
                if not leave_out_unusable:
                    raise RenderError(unusable.refusal) from exc
                left_out.append(unusable)
                continue
            (titles if isinstance(effect, Title) else found).setdefault(suggestion.source, []).append(effect)
        return cls({path: tuple(reversed(items)) for path, items in found.items()},
                   {path: tuple(items) for path, items in titles.items()}, tuple(left_out))

    @classmethod
    def none(cls) -> SourceEffects:
        return cls({})

    def with_override(self, path: str, move: FrameMove) -> SourceEffects:
        """These effects with ``move`` taking precedence over its frames (one being previewed
        before it is accepted, or while its setting is changed)."""
        by_source = dict(self.by_source)
        by_source[path] = (move, *self.by_source.get(path, ()))
        return SourceEffects(by_source, self.titles, self.left_out)

    def has(self, path: str) -> bool:
        return path in self.by_source or path in self.titles

    def titles_at(self, path: str, source_frame: int) -> list[Title]:
        """The titles that show over ``source_frame`` of ``path``, bottom first."""
        return [title for title in self.titles.get(path, ()) if title.covers(source_frame)]

    def titled(self, path: str, source_frame: int, picture: np.ndarray) -> np.ndarray:
        """``picture`` with the titles over ``source_frame`` drawn on it (after its grade)."""
        for title in self.titles_at(path, source_frame):
            picture = draw_title(picture, title, source_frame)
        return picture

    def move_at(self, path: str, source_frame: int) -> FrameMove | None:
        """What moves ``source_frame`` of ``path``: the first stabilisation and the first
        punch-in over it, combined where both are; None where neither is."""
        steady = punch = None
        for move in self.by_source.get(path, ()):
            if not move.covers(source_frame):
                continue
            if isinstance(move, PunchIn):
                punch = punch or move
            else:
                steady = steady or move
        if steady is not None and punch is not None:
            return CombinedMove((steady, punch))
        return steady or punch

    def apply(self, path: str, source_frame: int, picture: np.ndarray) -> np.ndarray:
        """``picture`` (source frame ``source_frame`` of ``path``, at any size) with its
        effect, as a new array; the same array when it has none."""
        move = self.move_at(path, source_frame)
        if move is None:
            return picture
        height, width = picture.shape[:2]
        return stabilize(picture, move.matrix(source_frame, width, height))


__all__ = ["EFFECT_KINDS", "CombinedMove", "SourceEffects"]
