"""Footage that mixes two shots (a dissolve or fade in the source): the grade passes from one
shot's to the next across the mixed frames, in the preview and the render alike, instead of
switching off there and jumping back at the next shot."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest
from render_helpers import decoded_frames

from vedit_gui.media import FrameReader
from vedit_gui.media.grade import Grade, GradeError, apply_grade
from vedit_gui.render import TimelineVideo, render_timeline
from vedit_gui.render.grade import BLEND_STEPS, SourceGrades
from vedit_gui.timeline import (
    CUT,
    GRADE,
    FrameRange,
    MediaReference,
    Suggestion,
    SuggestionStatus,
    timeline_from_media,
)

ACCEPTED, REJECTED = SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED
BRIGHT, DARK = Grade(exposure=1.0, temperature=0.4), Grade(exposure=-1.0, saturation=0.5)
FOOTAGE = MediaReference("shots/two.mp4", Fraction(25), 100)


def grade(frames: FrameRange, look: Grade, source: str = FOOTAGE.path) -> Suggestion:
    return Suggestion(GRADE, source, frames, 0.9, "test", look.to_dict(), ACCEPTED)


def mix(frames: FrameRange, status=SuggestionStatus.PENDING, source: str = FOOTAGE.path) -> Suggestion:
    return Suggestion(CUT, source, frames, 0.8, "test", {"transition": "dissolve"}, status)


def grades(*suggestions: Suggestion, media: MediaReference = FOOTAGE) -> SourceGrades:
    return SourceGrades.from_timeline(replace(timeline_from_media(media), suggestions=suggestions))


def test_a_grade_passes_to_the_next_shots_across_a_dissolve_in_steps():
    # Shots 0-39 and 50-99, their grades as the analysis proposes them: the mixed 40-49 in neither.
    both = grades(grade(FrameRange(0, 40), BRIGHT), grade(FrameRange(50, 50), DARK), mix(FrameRange(40, 10)))
    path = FOOTAGE.path
    assert both.grade_at(path, 39) == BRIGHT and both.grade_at(path, 50) == DARK
    exposures = [both.grade_at(path, f).exposure for f in range(40, 50)]
    assert exposures == sorted(exposures, reverse=True) and exposures[0] < 1.0 and exposures[-1] > -1.0
    shares = [(1.0 - e) / 2 for e in exposures]  # a step of the way from BRIGHT to DARK
    assert all(abs(s * BLEND_STEPS - round(s * BLEND_STEPS)) < 1e-9 for s in shares)
    assert both.grade_at(path, 45) == BRIGHT.towards(DARK, round(BLEND_STEPS * 6 / 11) / BLEND_STEPS)
    assert both.deciding_grade(path, 45) is None  # the decision itself is unchanged
    assert [both.shot_grade(path, f) for f in (39, 41, 48, 50)] == [BRIGHT, BRIGHT, DARK, DARK]  # Copy Grade's

    # Rejecting the cut there leaves the footage mixed: the grade still passes across it.
    rejected = grades(grade(FrameRange(0, 40), BRIGHT), grade(FrameRange(50, 50), DARK), mix(FrameRange(40, 10), REJECTED))
    assert rejected.grade_at(path, 45) == both.grade_at(path, 45)


def test_mixes_that_touch_or_overlap_are_one_and_a_short_one_is_a_mix_too():
    path = FOOTAGE.path
    shots = (grade(FrameRange(0, 40), BRIGHT), grade(FrameRange(52, 48), BRIGHT))
    for second in (FrameRange(46, 6), FrameRange(44, 8)):  # touching 40-45, overlapping 40-45
        joined = grades(*shots, mix(FrameRange(40, 6)), mix(second))
        assert {joined.grade_at(path, f) for f in range(40, 52)} == {BRIGHT}  # the same grade throughout
    # Two mixed frames (too short to be reviewed as a dissolve, but left out of both shots).
    short = grades(grade(FrameRange(0, 40), BRIGHT), grade(FrameRange(42, 58), DARK), mix(FrameRange(40, 2)))
    exposures = [short.grade_at(path, f).exposure for f in (39, 40, 41, 42)]
    assert exposures[0] > exposures[1] > exposures[2] > exposures[3]


def test_one_side_as_shot_fades_the_grade_out_and_a_fade_at_either_end_takes_its_one_shot():
    path = FOOTAGE.path
    # A grade on the first clip only, reaching into the mix (pasted up to the cut at 45).
    one = grades(grade(FrameRange(0, 45), BRIGHT), mix(FrameRange(40, 10)))
    exposures = [one.grade_at(path, f).exposure for f in range(40, 49)]
    assert exposures == sorted(exposures, reverse=True) and exposures[0] < 1.0 and exposures[-1] > 0.0
    assert one.grade_at(path, 55) is None
    # A fade in from black at the source's start, and one out at its end.
    fades = grades(grade(FrameRange(10, 80), DARK), mix(FrameRange(0, 10)), mix(FrameRange(90, 10)))
    assert [fades.grade_at(path, f) for f in (0, 9, 90, 99)] == [DARK] * 4


def test_a_grade_the_editor_gave_the_mixed_frames_decides_them():
    path = FOOTAGE.path
    own = Grade(tint=0.5)
    given = grades(grade(FrameRange(0, 40), BRIGHT), grade(FrameRange(50, 50), DARK), mix(FrameRange(40, 10)),
                   grade(FrameRange(42, 4), own))
    assert [given.grade_at(path, f) for f in (42, 45)] == [own, own]
    assert given.grade_at(path, 41) == BRIGHT.towards(DARK, round(BLEND_STEPS * 2 / 11) / BLEND_STEPS)
    # One grade over the whole source stays itself across the mix.
    whole = grades(grade(FrameRange(0, 100), BRIGHT), mix(FrameRange(40, 10)))
    assert {whole.grade_at(path, f) for f in range(100)} == {BRIGHT}


def test_the_viewer_counts_mixed_footage_under_a_grade_as_part_of_the_picture():
    from vedit_gui.app.preview_grade import same_picture

    graded = replace(timeline_from_media(FOOTAGE), suggestions=(grade(FrameRange(0, 40), BRIGHT),))
    found = replace(graded, suggestions=(*graded.suggestions, mix(FrameRange(40, 10))))
    assert not same_picture(graded, found)  # a transition found in graded footage changes it
    ungraded = replace(timeline_from_media(FOOTAGE), suggestions=())
    assert same_picture(ungraded, replace(ungraded, suggestions=(mix(FrameRange(40, 10)),)))


def test_towards_is_a_valid_grade_part_of_the_way():
    low, high = Grade(black=0.3, white=0.5), Grade(black=-0.2, white=1.4, gamma=2.0)
    assert low.towards(high, 0.0) is low and low.towards(high, 1.0) is high
    half = low.towards(high, 0.5).to_dict()
    assert half == pytest.approx(Grade(black=0.05, white=0.95, gamma=1.5).to_dict())
    assert low.towards(low, 0.3) is low
    with pytest.raises(GradeError, match="0 to 1"):
        low.towards(high, 1.5)


def test_the_render_passes_from_one_grade_to_the_next_as_the_preview_shows(timeline, tmp_path):
    # The render test source: 90 frames, "shots" 0-29 and 40-89 either side of a mix at 30-39.
    path = timeline.media()[0].path
    looks = (grade(FrameRange(0, 30), BRIGHT, path), grade(FrameRange(40, 50), DARK, path), mix(FrameRange(30, 10), source=path))
    graded = replace(timeline, suggestions=looks)
    chosen = SourceGrades.from_timeline(graded)
    rendered = decoded_frames(render_timeline(graded, tmp_path / "mixed.mp4"))
    with FrameReader(path) as reader, TimelineVideo(graded) as preview:
        for frame in (29, 31, 35, 38, 40):
            expected = apply_grade(reader.read(frame), chosen.grade_at(path, frame))
            assert np.array_equal(preview.frame_at(frame), expected)
            assert np.abs(rendered[frame].astype(int) - expected).mean() < 4, frame  # the codec's error
    # What the grade does to each frame's level passes from BRIGHT's to DARK's with no jump.
    with FrameReader(path) as reader:
        lift = [rendered[f].astype(float).mean() - reader.read(f).astype(float).mean() for f in range(29, 41)]
    whole = lift[0] - lift[-1]
    assert whole > 40 and all(lift[0] + 2 > x > lift[-1] - 2 for x in lift)
    assert max(np.abs(np.diff(lift))) < whole / 4, lift
