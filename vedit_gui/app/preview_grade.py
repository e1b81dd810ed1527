"""How the viewer grades its picture: the accepted grades, with a grade being edited laid
over them, or none at all ("before"), and a split wipe of before against after.

All of it is a view option, never an edit. The GUI thread sets a :class:`PreviewLook` on a
:class:`PreviewLookState`; the decode workers (paused stills and playback) read it through
:class:`GradedPreview`, which wraps the timeline's picture and swaps its grades from the next
frame on. The grading itself is :class:`~vedit_gui.render.TimelineVideo`'s, the same
``apply_grade`` the export runs, so the preview has no second implementation. Re-grading the
frame on screen after a slider step is cheap: its decoded frame comes back from the reader's
recent-frame cache, leaving one colour conversion and one LUT pass.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np

from ..media.grade import Grade
from ..media.punch_in import FrameMove
from ..render import TimelineVideo
from ..render.effects import EFFECT_KINDS, SourceEffects
from ..render.errors import UnusableLook
from ..render.grade import SourceGrades, mix_runs
from ..timeline import GRADE, FrameRange, Suggestion, SuggestionStatus, Timeline
from .playback_video import MAX_WIDTH, open_preview


@dataclass(frozen=True)
class GradeOverride:
    """``grade`` shown on ``source_range`` of ``source`` in place of what the timeline says
    (a pending or accepted grade suggestion while the inspector shows or edits it)."""

    source: str
    source_range: FrameRange
    grade: Grade


@dataclass(frozen=True)
class EffectOverride:
    """``move`` (a stabilisation or a punch-in) shown on its frames of ``source`` over what
    the timeline says: a pending one while the inspector shows it, or its setting being changed."""

    source: str
    move: FrameMove


@dataclass(frozen=True)
class PreviewLook:
    """``before``: show the picture without grades or effects; ``wipe``: where the split
    line sits, as a fraction of the width (before to its left, after to its right), or None
    for no wipe."""

    before: bool = False
    override: GradeOverride | None = None
    wipe: float | None = None
    effect: EffectOverride | None = None

    def __post_init__(self) -> None:
        if self.wipe is not None and not 0.0 <= self.wipe <= 1.0:
            raise ValueError(f"the wipe position {self.wipe} is outside 0..1")

    def grades_for(self, timeline: Timeline) -> SourceGrades:
        """The grades the "after" picture of ``timeline`` gets under this look."""
        if self.before:
            return SourceGrades.none()
        grades = SourceGrades.from_timeline(timeline, leave_out_unusable=True)
        if self.override is not None:
            o = self.override
            grades = grades.with_override(o.source, o.source_range, o.grade)
        return grades

    def effects_for(self, accepted: SourceEffects) -> SourceEffects:
        """The effects the "after" picture gets under this look, over the timeline's
        ``accepted`` ones (decoded once per timeline, not at every slider step)."""
        if self.before:
            return SourceEffects.none()
        if self.effect is not None:
            return accepted.with_override(self.effect.source, self.effect.move)
        return accepted


class PreviewLookState:
    """The current look, shared by the GUI thread (which sets it) and the decode workers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._look = PreviewLook()
        self._version = 0

    @property
    def look(self) -> PreviewLook:
        with self._lock:
            return self._look

    def get(self) -> tuple[int, PreviewLook]:
        """(version, look): the version changes whenever the look does."""
        with self._lock:
            return self._version, self._look

    def set(self, look: PreviewLook) -> bool:
        """Use ``look`` from the next decoded frame on; False when nothing changed."""
        with self._lock:
            if look == self._look:
                return False
            self._look = look
            self._version += 1
            return True


def wipe_frames(before: np.ndarray, after: np.ndarray, position: float) -> np.ndarray:
    """``before`` left of ``position`` (a fraction of the width), ``after`` right of it."""
    if before.shape != after.shape:
        raise ValueError(f"wipe pictures differ in size: {before.shape} and {after.shape}")
    split = round(position * after.shape[1])
    out = after.copy()
    out[:, :split] = before[:, :split]
    return out


class GradedPreview:
    """A timeline's picture (``frame_at``, ``scrub_frame_at``, ``frames``) under the current
    look of ``state``. Use it from one thread, like the :class:`TimelineVideo` it wraps."""

    def __init__(self, video: TimelineVideo, state: PreviewLookState) -> None:
        self._video = video
        self._state = state
        self._version = -1
        self._look = PreviewLook()
        self._after = video.grades
        self._accepted_effects = self._after_effects = video.effects

    @property
    def video(self) -> TimelineVideo:
        return self._video

    def _sync(self) -> None:
        version, look = self._state.get()
        if version != self._version:
            self._version, self._look = version, look
            self._after = look.grades_for(self._video.timeline)
            self._after_effects = look.effects_for(self._accepted_effects)
            self._video.set_grades(self._after)
            self._video.set_effects(self._after_effects)

    def frame_at(self, frame: int) -> np.ndarray:
        self._sync()
        after = self._video.frame_at(frame)
        if self._look.wipe is None:
            return after
        # The second read of the same frame comes from the reader's recent-frame cache.
        return wipe_frames(self._video.frame_without_looks(frame), after, self._look.wipe)

    def scrub_frame_at(self, frame: int) -> tuple[int, np.ndarray]:
        self._sync()
        if self._look.wipe is None:
            return self._video.scrub_frame_at(frame)
        # Both halves from one decoded frame: the same picture, and no second decode.
        shown, before, after = self._video.scrub_before_after(frame)
        return shown, wipe_frames(before, after, self._look.wipe)

    def damage_at(self, frame: int) -> str | None:
        return self._video.damage_at(frame)

    def frames(self, start: int = 0, stop: int | None = None) -> Iterator[tuple[int, np.ndarray]]:
        """Frames walked front to back; a change of look takes effect at the next frame."""
        frame = start
        end = self._video.duration if stop is None else min(stop, self._video.duration)
        while frame < end:
            self._sync()
            version = self._version
            if self._look.wipe is not None:
                # Two pictures per frame: random access, which decodes forward when sequential.
                while frame < end and self._state.get()[0] == version:
                    yield frame, self.frame_at(frame)
                    frame += 1
                continue
            walk = self._video.frames(frame, end)
            try:
                for frame, picture in walk:  # noqa: B007 - ``frame`` is where a restart resumes
                    if self._state.get()[0] != version:
                        break  # the look changed: walk on from this frame under the new one
                    yield frame, picture
                else:
                    return
            finally:
                walk.close()

    def close(self) -> None:
        self._video.close()


def _accepted_looks(timeline: Timeline) -> tuple[tuple[str, str, FrameRange, tuple], ...]:
    return tuple(
        (s.kind, s.source, s.source_range, tuple(sorted(s.params.items())))
        for s in timeline.suggestions
        if (s.kind == GRADE or s.kind in EFFECT_KINDS) and s.status is SuggestionStatus.ACCEPTED
    )


def _graded_mixes(timeline: Timeline) -> tuple:
    """The mixed footage of each graded source: a grade passes across it (``mix_runs``)."""
    graded = {s.source for s in timeline.suggestions if s.kind == GRADE and s.status is SuggestionStatus.ACCEPTED}
    return tuple(sorted((path, runs) for path, runs in mix_runs(timeline).items() if path in graded))


def same_picture(old: Timeline, new: Timeline) -> bool:
    """Whether two versions of a timeline show the same picture: same clips, rate, accepted
    grades and effects, and mixed footage under those grades. Pending suggestions streaming in
    from analysis change none of them (a gradual transition found in graded footage does), so
    the viewer keeps its open source and warm decoders instead of reopening them every batch."""
    return (old.rate == new.rate and old.tracks == new.tracks and _accepted_looks(old) == _accepted_looks(new)
            and _graded_mixes(old) == _graded_mixes(new))


def ungraded_colour(timeline: Timeline, frame: int, x: float, y: float, max_width: int = MAX_WIDTH) -> np.ndarray:
    """The mean R'G'B' of a small patch of timeline ``frame`` as the viewer shows it but with
    no grade, around ``x``, ``y`` (fractions of the picture): what a neutral pick reads.
    Decodes, so it runs off the GUI thread."""
    video = open_preview(timeline, max_width)
    try:
        video.set_grades(SourceGrades.none())
        picture = video.frame_at(frame)
    finally:
        video.close()
    height, width = picture.shape[:2]
    r = max(2, round(min(width, height) / 100))  # about 1 % of the picture: averages the noise
    cx, cy = min(width - 1, int(x * width)), min(height - 1, int(y * height))
    patch = picture[max(0, cy - r): cy + r + 1, max(0, cx - r): cx + r + 1]
    return patch.reshape(-1, 3).mean(axis=0)


def unusable_looks(timeline: Timeline) -> tuple[UnusableLook, ...]:
    """The accepted grades and effects of ``timeline`` whose settings cannot be used: the
    preview leaves them out, the lane marks them, an export that shows one stops."""
    return (SourceGrades.from_timeline(timeline, leave_out_unusable=True).left_out
            + SourceEffects.from_timeline(timeline, leave_out_unusable=True).left_out)


def unusable_reason(timeline: Timeline, suggestion: Suggestion) -> str | None:
    """Why an accepted grade or effect of ``timeline`` cannot be used, or None (usable, or
    not an accepted look)."""
    left_out = unusable_looks(replace(timeline, suggestions=(suggestion,)))
    return left_out[0].reason if left_out else None


def preview_note(timeline: Timeline) -> str:
    """What the viewer says while it leaves out an accepted grade or effect whose settings
    cannot be used (a damaged project, or one written by another version); empty when none.
    An export whose frames show one refuses, so the note says so too. One a later grade
    covers entirely is shown nowhere, so it goes unmentioned here (the lane still marks it)."""
    left_out = tuple(look.reason for look in unusable_looks(timeline) if look.exposed)
    if not left_out:
        return ""
    more = f" {len(left_out) - 1} more accepted grades or effects cannot be used either." if len(left_out) > 1 else ""
    return f"Not shown, and an export that shows it stops: {left_out[0]} (click it in the suggestion lane, then Reject).{more}"


def open_graded_preview(
    timeline: Timeline, state: PreviewLookState, max_width: int = MAX_WIDTH
) -> GradedPreview:
    """The timeline's picture at viewer size under the look of ``state``."""
    return GradedPreview(open_preview(timeline, max_width), state)
