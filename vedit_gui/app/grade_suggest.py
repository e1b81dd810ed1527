"""Grade suggestions for the open edit: which shots a source has now, the background work
that grades them (or matches them to a reference shot), and which results may join.

Shots lie between a source's accepted cuts and its pending cut suggestions (those at or above
the threshold), never at a rejected one: an editor half-way through the cuts still sees shots
where the scenes change, and accepting a cut the shots already end at moves no shot. With no
cut suggestions at all, the whole source is one shot. The
work functions here run in a job's worker thread (:mod:`.jobs`) and hand suggestions back
through a callback; deciding what joins the document happens on the GUI thread, against the
timeline as it is then.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

import numpy as np

from ..analysis.grades import (
    ShotSampler,
    analyze_grades,
    grade_suggestions,
    open_sample_reader,
    read_shot_frames,
    shot_ranges,
)
from ..analysis.transitions import Transition
from ..media import FrameReader
from ..media.grade import PARAMS, Grade, apply_grade
from ..timeline import CUT, GRADE, FrameRange, Suggestion, SuggestionStatus, Timeline

MATCH_PRODUCER = "shot-match"
EDITED = " (edited)"
# The producer of a grade the editor added by hand (not a model's proposal).
BY_HAND = "editor"
"""Appended to the producer of a suggestion whose sliders the user moved."""

Deliver = Callable[[tuple[Suggestion, ...]], None]


class GradeMatchCancelled(Exception):
    """The job's cancel event was set while matching shots."""


def shot_transitions(timeline: Timeline, source: str, min_confidence: float = 0.0) -> tuple[Transition, ...]:
    """The cuts that bound ``source``'s shots now: the accepted ones and the pending ones at
    or above ``min_confidence`` that no accepted one overlaps.

    Accepted cuts alone, once any was, made every later scene one shot while the editor was
    still reviewing (a shot match over six scenes, one stabilisation across them)."""
    cuts = [s for s in timeline.suggestions if s.kind == CUT and s.source == source]
    accepted = [s for s in cuts if s.status is SuggestionStatus.ACCEPTED]
    taken = {f for s in accepted for f in range(s.source_range.start, s.source_range.end_exclusive)}
    chosen = accepted + [
        s for s in cuts
        if s.status is SuggestionStatus.PENDING and s.confidence >= min_confidence
        and taken.isdisjoint(range(s.source_range.start, s.source_range.end_exclusive))
    ]
    return tuple(
        Transition(
            s.source_range.start,
            s.source_range.end_inclusive,
            str(s.params.get("transition", "cut")),
            s.confidence,
        )
        for s in sorted(chosen, key=lambda s: s.source_range.start)
    )


@dataclass(frozen=True)
class Shot:
    """Source frames ``range`` of ``source`` (on its grid at ``rate``: its media reference's): one shot."""

    source: str
    range: FrameRange
    rate: Fraction | None = None


def timeline_shots(timeline: Timeline, min_confidence: float = 0.0) -> list[Shot]:
    """Every shot of every picture source the timeline uses."""
    return [
        Shot(media.path, rng, media.rate)
        for media in timeline.media()
        if media.has_video
        for rng in shot_ranges(shot_transitions(timeline, media.path, min_confidence), media.duration)
    ]


@dataclass(frozen=True)
class GradeRequest:
    """Grade the shots of ``source`` (``frames`` long) between ``transitions``."""

    source: str
    frames: int
    transitions: tuple[Transition, ...]
    rate: Fraction | None = None


def grade_requests(timeline: Timeline, sources: Sequence[str] | None = None, min_confidence: float = 0.0) -> list[GradeRequest]:
    """What to grade: each picture source of the timeline (or of ``sources``) with its shots."""
    return [
        GradeRequest(media.path, media.duration, shot_transitions(timeline, media.path, min_confidence), media.rate)
        for media in timeline.media()
        if media.has_video and (sources is None or media.path in sources)
    ]


def suggest_grades(
    requests: Sequence[GradeRequest],
    deliver: Deliver,
    progress: Callable[[float], None],
    cancel: threading.Event,
    samplers: Mapping[str, ShotSampler] | None = None,
) -> int:
    """One grade suggestion per shot, delivered source by source; returns how many.
    ``samplers`` hold frames kept from a source's cut analysis, so its shots are graded
    without seeking through the file again (thousands of seeks in a feature film)."""
    total = 0
    for n, request in enumerate(requests):
        grades = analyze_grades(
            request.source,
            request.transitions,
            request.frames,
            progress=lambda f, n=n: progress((n + f) / len(requests)),
            cancel=cancel,
            sampler=(samplers or {}).get(request.source),
            rate=request.rate,
        )
        found = grade_suggestions(request.source, grades)
        deliver(found)
        total += len(found)
    progress(1.0)
    return total


def grade_strength(grade: Grade) -> float:
    """How far ``grade`` is from no change, in [0, 1] (a quarter of a slider's range is 1).
    The contrast pivot only says where contrast acts, so it is no change of its own."""
    far = max(abs(getattr(grade, p.name) - p.neutral) / ((p.high - p.low) / 4) for p in PARAMS if p.name != "pivot")
    return round(min(1.0, far), 3)


def match_confidence(grade: Grade) -> float:
    """How safely a shot-match grade may be taken unseen, in [0, 1]: the smaller the change,
    the surer. Statistics transfer cannot tell a shot graded differently from a shot of other
    things (a night sky matched to a sunlit one wants +4 EV), so the further a match pushes
    a shot the less it is trusted, and one that runs a slider to its end is not (0): Accept
    All leaves it for the editor to look at."""
    # The contrast pivot only says where contrast acts: at its end it changes nothing more.
    at_end = any(getattr(grade, p.name) in (p.low, p.high) for p in PARAMS if p.name != "pivot")
    return 0.0 if at_end else round(1.0 - grade_strength(grade), 3)


def _shot_frames(readers: dict[str, FrameReader], shot: Shot) -> list[np.ndarray]:
    reader = readers.get(shot.source)
    if reader is None:
        reader = readers[shot.source] = open_sample_reader(shot.source, shot.rate)
    return read_shot_frames(reader, shot.range)


def match_shots(
    reference: Shot,
    reference_grade: Grade,
    targets: Sequence[Shot],
    progress: Callable[[float], None],
    cancel: threading.Event,
) -> tuple[Suggestion, ...]:
    """A ``shot-match`` grade suggestion per target shot that brings it to ``reference``
    as it looks with ``reference_grade``."""
    from ..analysis.color.match import match_grade

    readers: dict[str, FrameReader] = {}
    try:
        look = [apply_grade(f, reference_grade) for f in _shot_frames(readers, reference)]
        found = []
        for n, shot in enumerate(targets):
            if cancel.is_set():
                raise GradeMatchCancelled("shot match cancelled")
            grade = match_grade(_shot_frames(readers, shot), look)
            grade = Grade.clamped(**{k: round(v, 4) for k, v in grade.to_dict().items()})
            found.append(
                Suggestion(
                    kind=GRADE,
                    source=shot.source,
                    source_range=shot.range,
                    confidence=match_confidence(grade),
                    producer=MATCH_PRODUCER,
                    params=grade.to_dict(),
                )
            )
            progress((n + 1) / len(targets))
        return tuple(found)
    finally:
        for reader in readers.values():
            reader.close()


def joining_grades(existing: Sequence[Suggestion], incoming: Sequence[Suggestion]) -> tuple[Suggestion, ...]:
    """The incoming grade suggestions that may join: none over a decided grade, and none
    over a pending one that another producer made or the user edited (a re-run refreshes
    only its own untouched suggestions). Shot match replaces pending grades of any origin."""
    joining = []
    for new in incoming:
        clashes = [old for old in existing if old.kind == GRADE and old.same_proposal(new)]
        if any(old.is_decided for old in clashes):
            continue
        if new.producer != MATCH_PRODUCER and any(old.producer != new.producer for old in clashes):
            continue
        joining.append(new)
    return tuple(joining)


@dataclass(frozen=True)
class JoinGrades:
    """Grade suggestions of one run joining a timeline (applied to every undo state).

    The pending grades they overlap are the shots as they were before the cuts changed, so
    they go (one keeps its id where its shot is unchanged, so an inspector showing it stays);
    then the rules of :func:`joining_grades` apply.
    """

    suggestions: tuple[Suggestion, ...]
    name: str = "Suggest Grades"  # an undo step's name, when the editor asked for it (Match)

    @property
    def description(self) -> str:
        return self.name

    def apply(self, timeline: Timeline) -> Timeline:
        joining = joining_grades(timeline.suggestions, self.suggestions)
        stale = {
            old.id: old for old in timeline.suggestions
            if old.kind == GRADE and not old.is_decided and any(old.same_proposal(new) for new in joining)
        }
        kept_ids = {}
        for new in joining:
            same = next((o for o in stale.values() if o.source_range == new.source_range and o.source == new.source), None)
            if same is not None and same.id not in kept_ids.values():
                kept_ids[new.id] = same.id
        fresh = tuple(replace(new, id=kept_ids.get(new.id, new.id)) for new in joining)
        kept = tuple(s for s in timeline.suggestions if s.id not in stale)
        return replace(timeline, suggestions=kept + fresh)
