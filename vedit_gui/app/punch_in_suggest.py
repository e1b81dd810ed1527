"""Punch-in suggestions for the open edit: the background work that frames every other piece
between jump cuts (:mod:`vedit_gui.analysis.punch_ins`) and hands the suggestions back, to
join the document on the GUI thread through :class:`JoinPunchIns` (applied to every undo
state: suggesting is no undo step).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..analysis.punch_ins import Piece, punch_in_suggestions
from ..timeline import PUNCH_IN, Suggestion, Timeline


@dataclass(frozen=True)
class JoinPunchIns:
    """This run's punch-ins joining a timeline: a punch-in decided, or pending from before
    (with the zoom the editor may have set), stays; a pending one on a piece that is no
    longer one goes; one new to the run joins."""

    suggestions: tuple[Suggestion, ...]

    @property
    def description(self) -> str:
        return "Suggest Punch-Ins"

    def apply(self, timeline: Timeline) -> Timeline:
        wanted = {(s.source, s.source_range) for s in self.suggestions}
        kept = tuple(s for s in timeline.suggestions
                     if s.kind != PUNCH_IN or s.is_decided or (s.source, s.source_range) in wanted)
        have = {(s.source, s.source_range) for s in kept if s.kind == PUNCH_IN}
        joining = tuple(s for s in self.suggestions if (s.source, s.source_range) not in have)
        return replace(timeline, suggestions=kept + joining)


def suggest_punch_ins(pieces: list[Piece], progress: Callable[[float], None], cancel: threading.Event) -> JoinPunchIns:
    """The job: frame ``pieces`` and make their suggestions (joined by the caller)."""
    return JoinPunchIns(punch_in_suggestions(pieces, progress, cancel))


__all__ = ["JoinPunchIns", "suggest_punch_ins"]
