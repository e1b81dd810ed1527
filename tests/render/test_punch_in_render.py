"""Accepted punch-ins in the render and the preview: golden checks on decoded output."""

from __future__ import annotations

import json
from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest
from mediagen import make_video
from render_helpers import decoded_frames, yuv420_drift

from vedit_gui.media import FrameReader, media_reference, probe
from vedit_gui.media.punch_in import PunchIn
from vedit_gui.media.stabilize import CameraPath, Stabilization, stabilize
from vedit_gui.render import RenderError, TimelineVideo, render_timeline
from vedit_gui.render.effects import CombinedMove, SourceEffects
from vedit_gui.samples.handheld import textured_world
from vedit_gui.timeline import (
    PUNCH_IN,
    STABILIZE,
    FrameRange,
    Suggestion,
    SuggestionStatus,
    Timeline,
    timeline_from_media,
)

WIDTH, HEIGHT, FRAMES = 320, 180, 40
CLOSER = FrameRange(10, 20)


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> str:
    world = textured_world(WIDTH, HEIGHT, seed=5)
    path = tmp_path_factory.mktemp("punch-in-render") / "talk.mp4"
    make_video(path, FRAMES, width=WIDTH, height=HEIGHT, rate=Fraction(25), audio=False,
               picture=lambda i: np.roll(world, i, axis=1), options={"crf": "12"})
    return str(path)


def punched(path: str, status: SuggestionStatus = SuggestionStatus.ACCEPTED, **params) -> Timeline:
    timeline = timeline_from_media(media_reference(probe(path)))
    move = PunchIn(CLOSER.start, CLOSER.duration, 1.25, 0.62, 0.4)
    s = Suggestion(PUNCH_IN, path, CLOSER, 0.9, "test", {**move.to_params(), **params}, status)
    return replace(timeline, suggestions=(s,))


def test_the_preview_and_the_render_punch_in_with_the_same_warp_on_its_frames_only(source):
    timeline = punched(source)
    move = PunchIn.from_params(timeline.suggestions[0].params)
    with FrameReader(source) as reader, TimelineVideo(timeline) as video:
        for index in (9, 10, 21, 29, 30):
            original = reader.read(index)
            expected = stabilize(original, move.matrix(index, WIDTH, HEIGHT)) if CLOSER.contains(index) else original
            np.testing.assert_array_equal(video.frame_at(index), expected)


def test_the_rendered_file_shows_the_piece_closer(source, tmp_path):
    timeline = punched(source)
    move = PunchIn.from_params(timeline.suggestions[0].params)
    out = render_timeline(timeline, tmp_path / "closer.mp4")
    rendered, original = decoded_frames(out), decoded_frames(source)
    assert len(rendered) == FRAMES
    for index in (5, 15, 25, 35):
        expected = stabilize(original[index], move.matrix(index, WIDTH, HEIGHT)) if CLOSER.contains(index) else original[index]
        error = np.abs(rendered[index].astype(int) - expected).mean()
        untouched = np.abs(rendered[index].astype(int) - original[index]).mean()
        assert error < 4.0  # the codec's loss
        assert (untouched > 4 * error) == CLOSER.contains(index)


@pytest.mark.parametrize("status", [SuggestionStatus.PENDING, SuggestionStatus.REJECTED])
def test_a_punch_in_not_accepted_changes_nothing(source, status):
    with TimelineVideo(punched(source, status)) as video, FrameReader(source) as reader:
        np.testing.assert_array_equal(video.frame_at(15), reader.read(15))


def test_the_render_punches_in_4_2_0_planes_as_the_preview_does_the_picture(source):
    plain = timeline_from_media(media_reference(probe(source)))
    for moved, conversion in yuv420_drift(punched(source), plain, (12, 28)):
        assert moved < conversion + 0.5


def test_a_steadied_piece_that_is_punched_in_is_moved_by_both(source):
    path = CameraPath(0, np.zeros((FRAMES, 3)))
    steady = Suggestion(STABILIZE, source, FrameRange(0, FRAMES), 0.9, "test",
                        Stabilization(path, 0.5, 25.0, HEIGHT / WIDTH).to_params(), SuggestionStatus.ACCEPTED)
    timeline = punched(source)
    both = SourceEffects.from_timeline(replace(timeline, suggestions=(steady, *timeline.suggestions)))
    assert isinstance(both.move_at(source, 15), CombinedMove)
    assert isinstance(both.move_at(source, 5), Stabilization)


def test_damaged_punch_in_settings_stop_the_render_with_a_reason(source, tmp_path):
    with pytest.raises(RenderError, match="punch-in"):
        render_timeline(punched(source, zoom=7), tmp_path / "never.mp4")
    assert not (tmp_path / "never.mp4").exists()


def test_an_accepted_punch_in_survives_saving_and_reopening_the_project(source):
    from vedit_gui.project.serialize import timeline_from_dict, timeline_to_dict

    timeline = punched(source)
    reopened = timeline_from_dict(json.loads(json.dumps(timeline_to_dict(timeline))))
    assert reopened.suggestions == timeline.suggestions
    with TimelineVideo(timeline) as before, TimelineVideo(reopened) as after:
        np.testing.assert_array_equal(before.frame_at(15), after.frame_at(15))
