"""Accepted stabilisation in the render and the preview: golden checks on decoded output."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import cv2
import numpy as np
import pytest
from mediagen import make_video
from render_helpers import decoded_frames, yuv420_drift

from vedit_gui.analysis.shake import (
    analyze_shake,
    camera_path,
    measure_size,
    shake_of,
    stabilize_suggestions,
)
from vedit_gui.media import FrameReader, media_reference, probe
from vedit_gui.media.stabilize import Stabilization, stabilize
from vedit_gui.render import RenderError, TimelineVideo, render_timeline
from vedit_gui.samples.handheld import HandheldShot, textured_world
from vedit_gui.timeline import FrameRange, SuggestionStatus, Timeline, timeline_from_media

WIDTH, HEIGHT, FRAMES = 320, 180, 60


@pytest.fixture(scope="module")
def shaky(tmp_path_factory) -> str:
    shot = HandheldShot(textured_world(700, 420, seed=11), (WIDTH, HEIGHT), FRAMES, pan=0.1, shake=1.0, seed=12)
    pictures = shot.pictures()
    path = tmp_path_factory.mktemp("stabilize") / "shaky.mp4"
    make_video(path, FRAMES, width=WIDTH, height=HEIGHT, rate=Fraction(30), audio=False,
               picture=lambda i: pictures[i], options={"crf": "14"})
    return str(path)


def shake(pictures: list[np.ndarray]) -> float:
    size = measure_size(WIDTH, HEIGHT)
    greys = [cv2.cvtColor(cv2.resize(p, size, interpolation=cv2.INTER_AREA), cv2.COLOR_RGB2GRAY) for p in pictures]
    return shake_of(camera_path(greys), 30.0, HEIGHT / WIDTH)


def with_stabilization(path: str, status: SuggestionStatus) -> Timeline:
    timeline = timeline_from_media(media_reference(probe(path)))
    found = stabilize_suggestions(path, analyze_shake(path, [FrameRange(0, FRAMES)]))
    assert len(found) == 1
    return replace(timeline, suggestions=(found[0].with_status(status),))


def test_the_render_of_an_accepted_stabilization_is_steady(shaky, tmp_path):
    source = decoded_frames(shaky)
    out = render_timeline(with_stabilization(shaky, SuggestionStatus.ACCEPTED), tmp_path / "steady.mp4")
    rendered = decoded_frames(out)
    assert len(rendered) == FRAMES
    assert shake(rendered) < 0.35 * shake(source)


@pytest.mark.parametrize("status", [SuggestionStatus.PENDING, SuggestionStatus.REJECTED])
def test_a_stabilization_not_accepted_changes_nothing(shaky, status):
    # The encoder is not deterministic across runs here, so the check is on what it is fed:
    # the decoder's own frames, passed through untouched.
    source = decoded_frames(shaky)
    with TimelineVideo(with_stabilization(shaky, status)) as video, FrameReader(shaky) as reader:
        fed = [frame.to_ndarray(format="rgb24") for _, frame in video.av_frames(pix_fmt="yuv420p")]
        np.testing.assert_array_equal(video.frame_at(30), reader.read(30))
    assert len(fed) == FRAMES
    for a, b in zip(fed, source, strict=True):
        np.testing.assert_array_equal(a, b)


def test_the_preview_and_the_render_call_the_same_warp(shaky):
    timeline = with_stabilization(shaky, SuggestionStatus.ACCEPTED)
    stab = Stabilization.from_params(timeline.suggestions[0].params)
    with FrameReader(shaky) as reader, TimelineVideo(timeline) as video:
        for index in (0, 17, 59):
            expected = stabilize(reader.read(index), stab.matrix(index, WIDTH, HEIGHT))
            np.testing.assert_array_equal(video.frame_at(index), expected)
    # At preview size, the same path moves the picture by the same fraction of its width.
    with TimelineVideo(timeline, size=(160, 90)) as small:
        picture = small.frame_at(17)
    assert picture.shape == (90, 160, 3)


def test_damaged_stabilization_settings_stop_the_render_with_a_reason(shaky, tmp_path):
    timeline = with_stabilization(shaky, SuggestionStatus.ACCEPTED)
    broken = replace(timeline.suggestions[0], params={**timeline.suggestions[0].params, "path": "#"})
    with pytest.raises(RenderError, match="stabilisation"):
        render_timeline(replace(timeline, suggestions=(broken,)), tmp_path / "never.mp4")
    assert not (tmp_path / "never.mp4").exists()


def test_the_render_moves_4_2_0_planes_as_the_preview_moves_the_picture(shaky):
    # The render steadies a picture used as decoded without leaving 4:2:0 (each plane moved
    # by the same warp at its own size); the preview moves the R'G'B' picture.
    # Reading 4:2:0 back as R'G'B' (PyAV's conversion against the reader's) differs by about
    # two levels on its own: the frames passed through untouched are the yardstick.
    plain = timeline_from_media(media_reference(probe(shaky)))
    for moved, conversion in yuv420_drift(with_stabilization(shaky, SuggestionStatus.ACCEPTED), plain, (5, 30, 59)):
        assert moved < conversion + 0.5


def test_a_stabilized_shot_with_a_grade_is_moved_then_graded_in_4_2_0_as_in_the_preview(shaky):
    from vedit_gui.media.grade import Grade
    from vedit_gui.timeline import GRADE, Suggestion

    steady = with_stabilization(shaky, SuggestionStatus.ACCEPTED)
    warm = Suggestion(GRADE, shaky, FrameRange(0, FRAMES), 0.9, "test", Grade(temperature=0.8, exposure=0.3).to_dict(),
                      SuggestionStatus.ACCEPTED)
    both = replace(steady, suggestions=(*steady.suggestions, warm))
    plain = timeline_from_media(media_reference(probe(shaky)))
    with TimelineVideo(both) as video, TimelineVideo(plain) as untouched:
        fed = {frame: picture.to_ndarray(format="rgb24") for frame, picture in video.av_frames(pix_fmt="yuv420p")}
        passed = {frame: picture.to_ndarray(format="rgb24") for frame, picture in untouched.av_frames(pix_fmt="yuv420p")}
        for index in (5, 40):
            previewed = video.frame_at(index)
            moved = np.abs(fed[index].astype(int) - previewed).mean()
            conversion = np.abs(passed[index].astype(int) - untouched.frame_at(index)).mean()
            assert moved < conversion + 1.0  # the 4:2:0 grade is within about a level of R'G'B'
            assert np.abs(fed[index].astype(int) - untouched.frame_at(index)).mean() > conversion + 5
