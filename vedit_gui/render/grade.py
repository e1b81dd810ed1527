"""Which colour grade the render applies to which source frame.

An accepted ``grade`` suggestion on a source grades that source's frames in its
``source_range`` (on the source's own frame grid), wherever the source is used in the edit.
The grade maths itself is :mod:`vedit_gui.media.grade`, shared with the preview, the
``.cube`` export and the models.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..media.grade import Grade, GradeError, apply_grade
from ..timeline import FrameRange, Timeline
from ..timeline.suggestion import GRADE, SuggestionStatus
from .errors import RenderError, UnusableLook, unusable_look

__all__ = ["Grade", "SourceGrades", "apply_grade"]


@dataclass(frozen=True)
class SourceGrades:
    """The accepted grades of a timeline, by source path: (source range, grade) pairs;
    ``left_out``: each accepted grade that cannot be used, left out (the preview shows the
    rest; a render refuses where it shows one)."""

    by_source: dict[str, tuple[tuple[FrameRange, Grade], ...]]
    left_out: tuple[UnusableLook, ...] = ()

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
        # A grade accepted after a damaged one decides its frames, so it is never shown there.
        left_out = tuple(look.covered_by(tuple(rng for rng, _ in found.get(look.source, [])[before:]))
                         for look, before, _ in damaged)
        if not leave_out_unusable:
            for look, (_, _, exc) in zip(left_out, damaged, strict=True):
                if look.exposed:
                    raise RenderError(look.refusal) from exc
        # A later suggestion wins where ranges overlap, as the later decision.
        return cls({path: tuple(reversed(pairs)) for path, pairs in found.items()}, left_out)

    @classmethod
    def none(cls) -> SourceGrades:
        """No grades at all (the preview's "before" picture)."""
        return cls({})

    def with_override(self, path: str, source_range: FrameRange, grade: Grade) -> SourceGrades:
        """These grades with ``grade`` on ``source_range`` of ``path`` taking precedence (a
        grade being edited, previewed before it is committed or accepted)."""
        by_source = dict(self.by_source)
        by_source[path] = ((source_range, grade), *self.by_source.get(path, ()))
        return SourceGrades(by_source, self.left_out)

    def has(self, path: str) -> bool:
        """Whether any grade changes frames of ``path`` (else they go through as decoded)."""
        return any(not grade.is_identity for _, grade in self.by_source.get(path, ()))

    def grade_at(self, path: str, source_frame: int) -> Grade | None:
        """The grade for ``source_frame`` of ``path``, or None to leave it untouched."""
        grade = self.deciding_grade(path, source_frame)
        return None if grade is None or grade.is_identity else grade

    def deciding_grade(self, path: str, source_frame: int) -> Grade | None:
        """The grade that decides ``source_frame`` of ``path``, a neutral one included (the
        frame as shot); None where no grade covers it."""
        for rng, grade in self.by_source.get(path, ()):
            if rng.contains(source_frame):
                return grade
        return None
