"""Which colour grade the render applies to which source frame.

An accepted ``grade`` suggestion on a source grades that source's frames in its
``source_range`` (on the source's own frame grid), wherever the source is used in the edit.
The grade maths itself is :mod:`vedit_gui.media.grade`, shared with the preview, the
``.cube`` export and the models.

Footage that mixes two shots (a dissolve or fade in the source, which the analysis finds as a
gradual transition) shows both at once, so neither shot's grade is right for it alone: there
the grade passes from the one deciding the frame before the mix to the one deciding the frame
after it, in steps of :data:`BLEND_STEPS`, rather than switching off for the mixed frames or
jumping at the cut. A mix at the start or end of the source takes the one shot it has.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace

from ..media.grade import Grade, GradeError, apply_grade
from ..timeline import CUT, FrameRange, Timeline
from ..timeline.suggestion import GRADE, SuggestionStatus
from .errors import RenderError, UnusableLook, unusable_look

__all__ = ["BLEND_STEPS", "Grade", "SourceGrades", "apply_grade", "mix_runs"]

# How finely a grade passes from one shot's to the next across mixed footage: each step is a
# grade whose 4:2:0 tables cost about 50 ms to build, so a long dissolve reuses them; a step
# of 1/32 of the change is too small to see (1/8 showed as a hitch every fourth frame of a
# fade).
BLEND_STEPS = 32


_Decider = tuple[FrameRange, Grade]  # a grade and the source frames it was accepted on


def mix_runs(timeline: Timeline) -> dict[str, tuple[tuple[FrameRange, ...], int]]:
    """Each source's frames that mix two shots, with the source's length: the gradual
    transitions found in it (a dissolve, fade or wipe, of any length: the frames the grade
    analysis leaves out of both shots), whatever the editor decided about cutting there, as
    the footage mixes either way; touching or overlapping ones joined into one run."""
    lengths = {media.path: media.duration for media in timeline.media()}
    found: dict[str, list[FrameRange]] = {}
    for s in timeline.suggestions:
        if s.kind == CUT and s.params.get("transition", CUT) != CUT and s.source_range.duration and s.source in lengths:
            found.setdefault(s.source, []).append(s.source_range)
    runs: dict[str, tuple[tuple[FrameRange, ...], int]] = {}
    for path, ranges in found.items():
        joined: list[FrameRange] = []
        for rng in sorted(ranges):
            if joined and rng.start <= joined[-1].end_exclusive:
                joined[-1] = FrameRange.from_bounds(joined[-1].start, max(joined[-1].end_exclusive, rng.end_exclusive))
            else:
                joined.append(rng)
        runs[path] = (tuple(joined), lengths[path])
    return runs


@dataclass(frozen=True)
class SourceGrades:
    """The accepted grades of a timeline, by source path: (source range, grade) pairs, the
    latest first; ``left_out``: each accepted grade that cannot be used, left out (the preview
    shows the rest; a render refuses where it shows one); ``mixes``: each source's frames that
    mix two shots, with its length in frames (see the module docstring)."""

    by_source: dict[str, tuple[tuple[FrameRange, Grade], ...]]
    left_out: tuple[UnusableLook, ...] = ()
    mixes: dict[str, tuple[tuple[FrameRange, ...], int]] = field(default_factory=dict)

    @classmethod
    def from_timeline(cls, timeline: Timeline, *, leave_out_unusable: bool = False) -> SourceGrades:
        """Raises :class:`RenderError` for a grade whose settings cannot be used, unless
        ``leave_out_unusable``: the preview shows the rest, and says what it left out."""
        found: dict[str, list[tuple[FrameRange, Grade]]] = {}
        damaged: list[tuple[UnusableLook, int, Exception]] = []  # and how many grades came before
        for suggestion in timeline.suggestions:
            if suggestion.kind != GRADE or suggestion.status is not SuggestionStatus.ACCEPTED:
                continue
            try:
                grade = Grade.from_dict(suggestion.params)
            except (GradeError, TypeError) as exc:
                before = len(found.get(suggestion.source, ()))
                damaged.append((unusable_look("grade", suggestion, exc), before, exc))
                continue
            # Neutral ones too: a later "no change" (a grade pasted from an ungraded shot,
            # sliders brought back) covers an older grade where they overlap.
            found.setdefault(suggestion.source, []).append((suggestion.source_range, grade))
        # An accepted grade after a damaged one in the list decides its frames (the later wins:
        # a paste, a grade by hand), so it is never shown there.
        left_out = tuple(replace(look, covered=tuple(rng for rng, _ in found.get(look.source, [])[before:]))
                         for look, before, _ in damaged)
        if not leave_out_unusable:
            for look, (_, _, exc) in zip(left_out, damaged, strict=True):
                if look.exposed:
                    raise RenderError(look.refusal) from exc
        # A later suggestion wins where ranges overlap, as the later decision.
        return cls({path: tuple(reversed(pairs)) for path, pairs in found.items()}, left_out, mix_runs(timeline))

    @classmethod
    def none(cls) -> SourceGrades:
        """No grades at all (the preview's "before" picture)."""
        return cls({})

    def with_override(self, path: str, source_range: FrameRange, grade: Grade) -> SourceGrades:
        """These grades with ``grade`` on ``source_range`` of ``path`` taking precedence (a
        grade being edited, previewed before it is committed or accepted)."""
        by_source = dict(self.by_source)
        by_source[path] = ((source_range, grade), *self.by_source.get(path, ()))
        return SourceGrades(by_source, self.left_out, self.mixes)

    def has(self, path: str) -> bool:
        """Whether any grade changes frames of ``path`` (else they go through as decoded)."""
        return any(not grade.is_identity for _, grade in self.by_source.get(path, ()))

    def grade_at(self, path: str, source_frame: int) -> Grade | None:
        """The grade for ``source_frame`` of ``path``, or None to leave it untouched: the one
        deciding it, or across footage that mixes two shots, a step between theirs."""
        grade = self._mixed(path, source_frame)
        if grade is None:
            decider = self._decider(path, source_frame)
            grade = None if decider is None else decider[1]
        return None if grade is None or grade.is_identity else grade

    def deciding_grade(self, path: str, source_frame: int) -> Grade | None:
        """The grade that decides ``source_frame`` of ``path``, a neutral one included (the
        frame as shot); None where no grade covers it. An editor's decision: across mixed
        footage the picture may show a step towards the next shot's (:meth:`grade_at`)."""
        decider = self._decider(path, source_frame)
        return None if decider is None else decider[1]

    def shot_grade(self, path: str, source_frame: int) -> Grade | None:
        """The grade deciding ``source_frame``; in mixed footage no grade decides, the one of
        the nearer shot it mixes (what Copy Grade takes there, not a step of the blend)."""
        decider = self._decider(path, source_frame)
        mix, frames = self._mix_at(path, source_frame)
        if decider is not None or mix is None:
            return None if decider is None else decider[1]
        before, after = self._sides(path, mix, frames)
        nearer_after = source_frame - mix.start >= mix.end_exclusive - source_frame
        side = next((p for p in ((after, before) if nearer_after else (before, after)) if p is not None), None)
        return None if side is None else side[1]

    def _mix_at(self, path: str, source_frame: int) -> tuple[FrameRange | None, int]:
        """The mixed run holding ``source_frame`` (runs are sorted and apart: a search, as
        the render asks every frame), and the source's length."""
        runs, frames = self.mixes.get(path, ((), 0))
        i = bisect.bisect_right(runs, source_frame, key=lambda run: run.start) - 1
        return (runs[i] if i >= 0 and runs[i].contains(source_frame) else None), frames

    def _sides(self, path: str, mix: FrameRange, frames: int) -> tuple[_Decider | None, _Decider | None]:
        """The grades deciding the frame before ``mix`` and the one after it (None past the
        source's ends, or where no grade decides)."""
        before = self._decider(path, mix.start - 1) if mix.start > 0 else None
        after = self._decider(path, mix.end_exclusive) if mix.end_exclusive < frames else None
        return before, after

    def _decider(self, path: str, source_frame: int) -> _Decider | None:
        for pair in self.by_source.get(path, ()):
            if pair[0].contains(source_frame):
                return pair
        return None

    def _mixed(self, path: str, source_frame: int) -> Grade | None:
        """The grade of a frame in footage that mixes two shots, passing from the grade before
        the mix to the one after it; None outside a mix, or where a grade of its own (one the
        editor gave just those frames) decides the frame."""
        mix, frames = self._mix_at(path, source_frame)
        if mix is None or path not in self.by_source:
            return None
        before, after = self._sides(path, mix, frames)
        here = self._decider(path, source_frame)
        if here is not None and here is not before and here is not after:
            return None
        if mix.start == 0 or mix.end_exclusive >= frames:  # a fade in or out: one shot only
            only = after if mix.start == 0 else before
            return Grade() if only is None else only[1]
        share = round(BLEND_STEPS * (source_frame - mix.start + 1) / (mix.duration + 1)) / BLEND_STEPS
        first = Grade() if before is None else before[1]
        return first.towards(Grade() if after is None else after[1], share)
