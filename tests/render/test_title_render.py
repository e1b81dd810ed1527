"""Titles in the render and the preview: drawn after the grade, on their frames only, the same
in 4:2:0 as in R'G'B' (golden checks on decoded output)."""

from __future__ import annotations

import json
from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest
from mediagen import make_video
from render_helpers import decoded_frames, yuv420_drift

from vedit_gui.media import FrameReader, media_reference, probe
from vedit_gui.media.grade import Grade, apply_grade
from vedit_gui.media.title import Title, draw_title
from vedit_gui.project.serialize import timeline_from_dict, timeline_to_dict
from vedit_gui.render import RenderError, TimelineVideo, render_timeline
from vedit_gui.samples.handheld import textured_world
from vedit_gui.timeline import (
    GRADE,
    TITLE,
    FrameRange,
    Suggestion,
    SuggestionStatus,
    Timeline,
    timeline_from_media,
)

WIDTH, HEIGHT, FRAMES = 320, 180, 30
SHOWN = FrameRange(8, 14)
TITLE_ = Title("Jane Doe", SHOWN.start, SHOWN.duration, second="Director", fade=3)


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> str:
    world = textured_world(WIDTH, HEIGHT, seed=9)
    path = tmp_path_factory.mktemp("title-render") / "shot.mp4"
    make_video(path, FRAMES, width=WIDTH, height=HEIGHT, rate=Fraction(25), audio=False,
               picture=lambda i: np.roll(world, 2 * i, axis=1), options={"crf": "12"})
    return str(path)


def titled(path: str, *extra: Suggestion, **params) -> Timeline:
    timeline = timeline_from_media(media_reference(probe(path)))
    s = Suggestion(TITLE, path, SHOWN, 1.0, "editor", {**TITLE_.to_params(), **params}, SuggestionStatus.ACCEPTED)
    return replace(timeline, suggestions=(*extra, s))


def test_the_preview_draws_the_title_on_its_frames_after_the_grade(source):
    warm = Grade(temperature=0.9, exposure=0.4)
    graded = Suggestion(GRADE, source, FrameRange(0, FRAMES), 0.9, "test", warm.to_dict(), SuggestionStatus.ACCEPTED)
    with FrameReader(source) as reader, TimelineVideo(titled(source, graded)) as video:
        for index in (5, 8, 15, 21, 22):
            expected = draw_title(apply_grade(reader.read(index), warm), TITLE_, index)
            np.testing.assert_array_equal(video.frame_at(index), expected)
        # The grade never tints the title: its letters stay white.
        letters = video.frame_at(15)[int(HEIGHT * 0.55):, : WIDTH // 2]
        assert letters.min(axis=2).max() > 230


def test_the_rendered_file_shows_the_title_where_and_when_it_is(source, tmp_path):
    out = render_timeline(titled(source), tmp_path / "titled.mp4")
    rendered, original = decoded_frames(out), decoded_frames(source)
    assert len(rendered) == FRAMES
    for index in (3, 15, 27):
        diff = np.abs(rendered[index].astype(int) - original[index]).mean(axis=2)
        shows = SHOWN.contains(index)
        assert (diff[int(HEIGHT * 0.55) : int(HEIGHT * 0.85), : int(WIDTH * 0.4)].mean() > 10) == shows
        assert diff[: int(HEIGHT * 0.5)].mean() < 3  # nothing else changes


@pytest.mark.parametrize("bt709", [False, True])
def test_titled_frames_stay_in_4_2_0_and_match_the_preview(source, tmp_path, bt709):
    if bt709:  # an HD camera's matrix: the title is laid over the planes in BT.709
        world = textured_world(WIDTH, HEIGHT, seed=4)
        source = str(make_video(tmp_path / "709.mp4", FRAMES, width=WIDTH, height=HEIGHT, audio=False,
                                picture=lambda i: world, bt709=True, options={"crf": "12"}).path)
    plain = timeline_from_media(media_reference(probe(source)))
    for drawn, conversion in yuv420_drift(titled(source), plain, (4, 15)):
        assert drawn < conversion + 0.5


def test_a_title_survives_saving_and_a_damaged_one_stops_the_render_with_a_reason(source, tmp_path):
    timeline = titled(source)
    reopened = timeline_from_dict(json.loads(json.dumps(timeline_to_dict(timeline))))
    assert reopened.suggestions == timeline.suggestions
    with pytest.raises(RenderError, match="title"):
        render_timeline(titled(source, place="sideways"), tmp_path / "never.mp4")
    assert not (tmp_path / "never.mp4").exists()


def test_the_title_is_laid_over_the_planes_as_decoded(source):
    from vedit_gui.media.ycbcr import BT601, BT709
    from vedit_gui.render.yuv420 import titled_yuv420

    with FrameReader(source) as reader:
        decoded = reader.read_av(12)
        out = titled_yuv420(decoded, [TITLE_], 12, BT601)
        untitled = titled_yuv420(decoded, [], 12, BT601)  # the same planes, copied
        assert out is not None and untitled is not None
        expected = draw_title(reader.to_rgb(untitled), TITLE_, 12)
        assert np.abs(reader.to_rgb(out).astype(int) - expected).mean() < 0.5
        assert np.abs(reader.to_rgb(out).astype(int) - reader.to_rgb(untitled)).max() > 100  # the letters
        assert titled_yuv420(decoded, [TITLE_], 12, BT709) is None  # read in another matrix: R'G'B' it is
