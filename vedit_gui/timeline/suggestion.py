"""What the models propose: a suggestion the editor accepts, rejects or edits."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from .time import FrameRange


class SuggestionStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


CUT = "cut"
GRADE = "grade"
EFFECT_PREFIX = "effect:"
# The effects suggested: a shaky shot steadied (vedit_gui.media.stabilize), a pause in speech
# taken out of the edit (vedit_gui.analysis.pauses), and a piece of a take between two jump cuts
# seen closer (vedit_gui.media.punch_in).
STABILIZE = EFFECT_PREFIX + "stabilize"
REMOVE_PAUSE = EFFECT_PREFIX + "remove-pause"
PUNCH_IN = EFFECT_PREFIX + "punch-in"
# Text over a source's frames, added by the editor (vedit_gui.media.title), kept as an accepted
# effect on the source as a grade by hand is.
TITLE = EFFECT_PREFIX + "title"
_KIND_TITLES = {CUT: "Cut", GRADE: "Grade", STABILIZE: "Stabilization", REMOVE_PAUSE: "Pause Removal",
                PUNCH_IN: "Punch-In", TITLE: "Title"}


def kind_label(kind: str) -> str:
    """A kind's short name, where space is tight (the lane, the panel's list and its filter):
    an effect by its name, a pause removal as "pause"."""
    return "pause" if kind == REMOVE_PAUSE else kind.removeprefix(EFFECT_PREFIX)


def confidence_label(confidence: float) -> str:
    """A confidence as the editor reads it, "49%": rounded down, so a suggestion shown at the
    threshold's figure is never one greyed below it (0.4976 read "50%" under a 50% threshold)."""
    return f"{math.floor(confidence * 100 + 1e-9):d}%"


def shown_kind(suggestion: Suggestion) -> str:
    """What the list, the lane's filter and another editor's markers call a suggestion: a cut
    says which transition the model saw (cut, dissolve, fade, wipe); other suggestions their
    kind (grade), an effect its short name (stabilize, pause)."""
    return str(suggestion.params.get("transition", kind_label(suggestion.kind)))


def kind_title(kind: str) -> str:
    """What the editor calls a kind of suggestion, in title case (undo steps, the inspector)."""
    return _KIND_TITLES.get(kind, kind.removeprefix(EFFECT_PREFIX).replace("-", " ").title())


def suggestion_title(suggestion: Suggestion) -> str:
    """What the editor calls this suggestion, in title case: a cut by the transition the
    model saw ("Dissolve", "Fade", "Wipe", "Cut"), else its kind (undo steps, the status bar)."""
    if suggestion.kind == CUT:
        return str(suggestion.params.get("transition", CUT)).replace("-", " ").title()
    return kind_title(suggestion.kind)


def new_id() -> str:
    """Twelve random hex digits, as uuid4's first twelve are: a tenth of the time (accepting
    a film's cuts makes 14,000 new clips and gaps in one edit)."""
    return os.urandom(6).hex()


@dataclass(frozen=True)
class Suggestion:
    """A proposal on a *source* (not on the timeline), so it survives any edit of the timeline.

    ``kind`` is ``cut``, ``grade`` or ``effect:<name>``; ``source_range`` is in the source's
    frames; ``params`` are editable (a cut's transition type, a grade's sliders). Treat
    ``params`` as read-only: edits replace the suggestion.
    """

    kind: str
    source: str
    source_range: FrameRange
    confidence: float
    producer: str
    params: dict[str, Any] = field(default_factory=dict)
    status: SuggestionStatus = SuggestionStatus.PENDING
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if not (self.kind in (CUT, GRADE) or self.kind.startswith(EFFECT_PREFIX)):
            raise ValueError(f"unknown suggestion kind {self.kind!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} outside [0, 1]")

    @property
    def is_decided(self) -> bool:
        return self.status is not SuggestionStatus.PENDING

    @property
    def is_gradual(self) -> bool:
        """A cut suggestion whose transition mixes frames (a dissolve, fade or wipe) rather
        than a hard cut."""
        return self.params.get("transition", CUT) != CUT and self.source_range.duration > 2

    @property
    def cut_frame(self) -> int:
        """The source frame that starts the next shot: for a hard cut [k-1, k] it is k, for a
        gradual transition the middle of its frames."""
        return self.source_range.start + (self.source_range.duration + 1) // 2

    @property
    def kept_frames(self) -> int:
        """How many of a pause's frames stay in as a breath (none where a damaged project's
        ``keep`` is no whole number of frames)."""
        keep = self.params.get("keep", 0)
        return min(max(0, keep), self.source_range.duration) if type(keep) is int else 0

    @property
    def removed_range(self) -> FrameRange:
        """What accepting a pause takes out of the edit: its source frames less the kept ones,
        two thirds of those before and a third after (speech trails off quietly and starts
        sharply). A pause that runs from the source's first frame or to its last (``params``
        ``from_start``, ``to_end``) keeps its breath next to the speech only, and is taken out
        to that edge. Empty for other kinds."""
        if self.kind != REMOVE_PAUSE:
            return FrameRange(self.source_range.start, 0)
        keep = self.kept_frames
        from_start, to_end = self.params.get("from_start") is True, self.params.get("to_end") is True
        if from_start and to_end:  # nothing but room tone: no speech to leave a breath by
            return self.source_range
        before = keep if to_end else 0 if from_start else (2 * keep + 2) // 3
        return FrameRange(self.source_range.start + before, self.source_range.duration - keep)

    def is_unsure(self, threshold: float) -> bool:
        """Pending with a confidence below the review ``threshold``: shown greyed, never
        accepted in bulk."""
        return self.status is SuggestionStatus.PENDING and self.confidence < threshold

    def with_status(self, status: SuggestionStatus) -> Suggestion:
        return replace(self, status=status)

    def same_proposal(self, other: Suggestion) -> bool:
        """Whether two suggestions propose the same thing (re-analysis must not duplicate it)."""
        if (self.kind, self.source) != (other.kind, other.source):
            return False
        # Closed intervals, so a zero-length range still meets the range around it.
        a, b = self.source_range, other.source_range
        return a.start <= max(b.start, b.end_inclusive) and b.start <= max(a.start, a.end_inclusive)
