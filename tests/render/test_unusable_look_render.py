"""Accepted grades and effects whose settings cannot be used (a damaged project, or one from
another version): a render whose frames show one refuses, naming the file and frames (a range
away from it renders); the preview leaves them out, shows the rest, and says what it left out."""

from __future__ import annotations

from dataclasses import replace

import av
import numpy as np
import pytest
from mediagen import make_video, read_index

from vedit_gui.media import FrameReader, media_reference, probe
from vedit_gui.media.grade import Grade, apply_grade
from vedit_gui.media.title import Title
from vedit_gui.render import RenderError, TimelineVideo, render_timeline
from vedit_gui.render.effects import SourceEffects
from vedit_gui.render.grade import SourceGrades
from vedit_gui.render.still import render_still
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
from vedit_gui.timeline.edits import AddTransition, RippleDelete, Split, TrimOut

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
    left_out = [look.reason for look in video.grades.left_out + video.effects.left_out]
    assert [reason.split(" on ")[0] for reason in left_out] == ["the grade", "the punch-in"]
    assert "source frames 20–29" in left_out[0] and "source frames 10–19" in left_out[1]


def test_usable_settings_leave_nothing_out_and_overrides_keep_what_was(clip):
    timeline = with_suggestions(clip, accepted(clip, GRADE, FrameRange(0, 30), WARM.to_dict()))
    assert SourceGrades.from_timeline(timeline).left_out == ()
    damaged = with_suggestions(clip, accepted(clip, GRADE, FrameRange(0, 30), {"saturation": [1]}))
    grades = SourceGrades.from_timeline(damaged, leave_out_unusable=True)
    assert grades.with_override(str(clip.path), FrameRange(0, 5), WARM).left_out == grades.left_out != ()


def test_a_range_away_from_an_unusable_look_renders_and_one_that_shows_it_stops(clip, tmp_path):
    # Frames 0-9 and 20-29 never show the damaged punch-in on source frames 10-19.
    damaged = accepted(clip, PUNCH_IN, FrameRange(10, 10), {"zoom": 7})
    timeline = with_suggestions(clip, accepted(clip, GRADE, FrameRange(0, 30), WARM.to_dict()), damaged)
    out = render_timeline(timeline, tmp_path / "head.mp4", frames=FrameRange(0, 10))
    with av.open(str(out)) as container:
        pictures = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert [read_index(p) for p in pictures] == list(range(10))
    with FrameReader(clip.path) as reader:  # graded as the whole render grades it
        assert np.abs(pictures[5].astype(int) - apply_grade(reader.read(5), WARM)).mean() < 4
    render_timeline(timeline, tmp_path / "tail.mp4", frames=FrameRange(20, 10))
    for frames in (FrameRange(5, 10), FrameRange(19, 2), None):
        with pytest.raises(RenderError, match="the punch-in on talk.mp4 .source frames 10–19."):
            render_timeline(timeline, tmp_path / "never.mp4", frames=frames)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["head.mp4", "tail.mp4"]
    assert render_still(timeline, 25, tmp_path / "still.png").exists()
    with pytest.raises(RenderError, match="the punch-in"):
        render_still(timeline, 12, tmp_path / "never.png")


def test_a_look_on_no_frames_is_never_in_the_way(clip, tmp_path):
    # Its range is empty: the render never applies it, so no range of frames can show it.
    timeline = with_suggestions(clip, accepted(clip, GRADE, FrameRange(12, 0), {"contrast": None}))
    for frames in (FrameRange(12, 5), FrameRange(5, 10), None):
        render_timeline(timeline, tmp_path / "fine.mp4", frames=frames)


def test_a_grade_accepted_later_covers_a_damaged_one_where_they_overlap(clip, tmp_path):
    # A grade pasted over a damaged one decides those frames, so only the rest can show it.
    damaged = accepted(clip, GRADE, FrameRange(10, 10), {"contrast": None})
    over_all = with_suggestions(clip, damaged, accepted(clip, GRADE, FrameRange(5, 20), WARM.to_dict()))
    (look,) = SourceGrades.from_timeline(over_all, leave_out_unusable=True).left_out
    assert look.covered == (FrameRange(5, 20),) and not look.exposed
    out = render_timeline(over_all, tmp_path / "covered.mp4")
    with av.open(str(out)) as container, FrameReader(clip.path) as reader:
        pictures = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
        assert np.abs(pictures[15].astype(int) - apply_grade(reader.read(15), WARM)).mean() < 4
    assert render_still(over_all, 15, tmp_path / "still.png").exists()

    over_part = with_suggestions(clip, damaged, accepted(clip, GRADE, FrameRange(10, 5), Grade().to_dict()))
    (look,) = SourceGrades.from_timeline(over_part, leave_out_unusable=True).left_out
    assert look.shown_frames() == (FrameRange(15, 5),)
    render_timeline(over_part, tmp_path / "part.mp4", frames=FrameRange(0, 15))
    with pytest.raises(RenderError, match="source frames 10–19"):
        render_timeline(over_part, tmp_path / "never.mp4", frames=FrameRange(14, 2))
    with pytest.raises(RenderError, match="source frames 10–19"):
        SourceGrades.from_timeline(over_part)

    # A grade accepted before the damaged one is the older decision: it covers nothing.
    under = with_suggestions(clip, accepted(clip, GRADE, FrameRange(0, 30), WARM.to_dict()), damaged)
    (look,) = SourceGrades.from_timeline(under, leave_out_unusable=True).left_out
    assert look.covered == () and look.exposed
    with pytest.raises(RenderError, match="source frames 10–19"):
        render_timeline(under, tmp_path / "never.mp4", frames=FrameRange(12, 2))
    assert not (tmp_path / "never.mp4").exists()


def test_a_look_on_frames_the_edit_trimmed_away_stops_nothing(clip, tmp_path):
    timeline = with_suggestions(clip, accepted(clip, GRADE, FrameRange(20, 10), {"contrast": None}))
    trimmed = TrimOut(timeline.tracks[0].items[0].id, -15).apply(timeline)
    out = render_timeline(trimmed, tmp_path / "trimmed.mp4")
    with av.open(str(out)) as container:
        assert [read_index(f.to_ndarray(format="rgb24")) for f in container.decode(video=0)] == list(range(15))
    with pytest.raises(RenderError, match="the grade on talk.mp4"):
        render_timeline(timeline, tmp_path / "never.mp4")


def test_a_dissolve_into_an_unusable_look_stops_the_range_that_mixes_it(clip, tmp_path):
    # Source frames 0-9 then 20-29, the middle cut out; a dissolve at the cut mixes the first
    # clip's handle (source 10-11), where the damaged grade lies, into the second clip.
    timeline = with_suggestions(clip, accepted(clip, GRADE, FrameRange(10, 5), {"contrast": None}))
    cut = Split(20).apply(Split(10).apply(timeline))
    cut = RippleDelete((cut.tracks[0].items[1].id,)).apply(cut)
    render_timeline(cut, tmp_path / "without.mp4")  # no dissolve: nothing shows 10-14
    dissolved = AddTransition(10, 4).apply(cut)
    render_timeline(dissolved, tmp_path / "before.mp4", frames=FrameRange(0, 6))
    with pytest.raises(RenderError, match="the grade on talk.mp4"):
        render_timeline(dissolved, tmp_path / "never.mp4", frames=FrameRange(6, 6))
