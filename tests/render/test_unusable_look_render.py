"""Accepted grades and effects whose settings cannot be used (a damaged project, or one from
another version): the render refuses, naming the file and frames; the preview leaves them out,
shows the rest, and says what it left out."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from mediagen import make_video

from vedit_gui.media import FrameReader, media_reference, probe
from vedit_gui.media.grade import Grade, apply_grade
from vedit_gui.media.title import Title
from vedit_gui.render import RenderError, TimelineVideo, render_timeline
from vedit_gui.render.effects import SourceEffects
from vedit_gui.render.grade import SourceGrades
from vedit_gui.timeline import (
    GRADE,
    PUNCH_IN,
    STABILIZE,
    TITLE,
    FrameRange,
    Suggestion,
    SuggestionStatus,
    timeline_from_media,
)

ACCEPTED = SuggestionStatus.ACCEPTED
WARM = Grade(temperature=0.6)


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return make_video(tmp_path_factory.mktemp("unusable") / "talk.mp4", 30, width=160, height=90, audio=False)


def with_suggestions(clip, *suggestions: Suggestion):
    return replace(timeline_from_media(media_reference(probe(clip.path))), suggestions=suggestions)


def accepted(clip, kind: str, frames: FrameRange, params: dict) -> Suggestion:
    return Suggestion(kind, str(clip.path), frames, 0.9, "test", params, ACCEPTED)


@pytest.mark.parametrize(("kind", "params", "named"), [
    (GRADE, {"exposure": "bright"}, "grade"),
    (PUNCH_IN, {"start": 10, "frames": 10, "zoom": 7, "x": 0.5, "y": 0.5}, "punch-in"),
    (STABILIZE, {"start": 10}, "stabilisation"),
    (TITLE, {"text": ""}, "title"),
])
def test_the_render_refuses_naming_the_file_and_frames_and_writes_nothing(clip, tmp_path, kind, params, named):
    timeline = with_suggestions(clip, accepted(clip, kind, FrameRange(10, 10), params))
    with pytest.raises(RenderError) as caught:
        render_timeline(timeline, tmp_path / "never.mp4")
    assert f"the {named} on talk.mp4 (source frames 10–19) cannot be used" in str(caught.value)
    assert "Reject it" in str(caught.value)
    assert not list(tmp_path.iterdir())


def test_the_preview_leaves_out_only_what_cannot_be_used(clip):
    title = Title("Ada Lovelace", 0, 30)
    timeline = with_suggestions(
        clip,
        accepted(clip, GRADE, FrameRange(0, 30), WARM.to_dict()),
        accepted(clip, PUNCH_IN, FrameRange(10, 10), {"zoom": 7}),
        accepted(clip, TITLE, FrameRange(0, 30), title.to_params()),
        accepted(clip, GRADE, FrameRange(20, 10), {"contrast": None}),
    )
    with FrameReader(clip.path) as reader, TimelineVideo(timeline, leave_out_unusable=True) as video:
        for frame in (5, 15, 25):  # graded warm and titled everywhere; no punch-in over 10–19
            expected = SourceEffects({}, {str(clip.path): (title,)}).titled(str(clip.path), frame, apply_grade(reader.read(frame), WARM))
            np.testing.assert_array_equal(video.frame_at(frame), expected)
    left_out = video.grades.left_out + video.effects.left_out
    assert [reason.split(" on ")[0] for reason in left_out] == ["the grade", "the punch-in"]
    assert "source frames 20–29" in left_out[0] and "source frames 10–19" in left_out[1]


def test_usable_settings_leave_nothing_out_and_overrides_keep_what_was(clip):
    timeline = with_suggestions(clip, accepted(clip, GRADE, FrameRange(0, 30), WARM.to_dict()))
    assert SourceGrades.from_timeline(timeline).left_out == ()
    damaged = with_suggestions(clip, accepted(clip, GRADE, FrameRange(0, 30), {"saturation": [1]}))
    grades = SourceGrades.from_timeline(damaged, leave_out_unusable=True)
    assert grades.with_override(str(clip.path), FrameRange(0, 5), WARM).left_out == grades.left_out != ()
