"""A smaller export (a review copy): the picture scaled down to at most N lines, its shape kept,
each frame the full-size render's scaled (golden check on decoded output)."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import cv2
import numpy as np
import pytest
from mediagen import make_video
from render_helpers import decoded_frames

from vedit_gui.cli import main
from vedit_gui.media import media_reference, probe
from vedit_gui.render import TimelineVideo, picture_size, render_timeline
from vedit_gui.render.conform import scaled_to_height
from vedit_gui.samples.handheld import textured_world
from vedit_gui.timeline import Timeline, TrackKind, timeline_from_media

FRAMES = 12


@pytest.fixture(scope="module")
def picture_source(tmp_path_factory) -> str:
    world = textured_world(320, 180, seed=3)
    path = tmp_path_factory.mktemp("export-size") / "wide.mp4"
    make_video(path, FRAMES, width=320, height=180, rate=Fraction(25), picture=lambda i: np.roll(world, 3 * i, axis=1),
               options={"crf": "10"})
    return str(path)


def test_sizes_keep_their_shape_are_even_and_never_grow():
    assert scaled_to_height((1920, 1080), 720) == (1280, 720)
    assert scaled_to_height((1080, 1920), 720) == (406, 720)  # a phone's upright picture
    assert scaled_to_height((720, 576), 360) == (450, 360)
    assert scaled_to_height((640, 360), 720) == (640, 360)
    assert all(v % 2 == 0 for v in scaled_to_height((1439, 1080), 541))


def test_a_smaller_export_is_the_full_render_scaled(picture_source, tmp_path):
    timeline = timeline_from_media(media_reference(probe(picture_source)))
    with TimelineVideo(timeline) as full, TimelineVideo(timeline, max_height=90) as small:
        assert small.size == (160, 90)
        for index in (0, 7):  # what the encoder is fed: each frame the full one, scaled
            expected = cv2.resize(full.frame_at(index), (160, 90), interpolation=cv2.INTER_AREA)
            assert np.abs(small.frame_at(index).astype(int) - expected).mean() < 3.0
    written = decoded_frames(render_timeline(timeline, tmp_path / "small.mp4", max_height=90))
    assert len(written) == FRAMES and written[0].shape == (90, 160, 3)
    same = decoded_frames(render_timeline(timeline, tmp_path / "same.mp4", max_height=720))
    assert same[0].shape == (180, 320, 3)  # never scaled up


def test_render_height_on_the_command_line(picture_source, tmp_path, capsys):
    out = tmp_path / "review.mp4"
    assert main(["render", picture_source, "-o", str(out), "--height", "120"]) == 0
    assert decoded_frames(out)[0].shape == (120, 214, 3)
    with TimelineVideo(timeline_from_media(media_reference(probe(picture_source))), max_height=120) as video:
        assert video.frame_at(3)[:, -1].mean() > 20  # no bar at the edge: the picture fills it
    with pytest.raises(SystemExit):
        main(["render", picture_source, "-o", str(tmp_path / "never.mp4"), "--height", "8"])
    assert "too small a picture" in capsys.readouterr().err
    assert not (tmp_path / "never.mp4").exists()



def test_the_picture_size_is_known_before_a_render_as_the_render_makes_it(picture_source, tmp_path):
    timeline = timeline_from_media(media_reference(probe(picture_source)))
    for lines in (None, 90, 720):
        with TimelineVideo(timeline, max_height=lines) as video:
            assert picture_size(timeline, lines) == video.size
    sound = Timeline(timeline.rate, tuple(t for t in timeline.tracks if t.kind is TrackKind.AUDIO))
    assert picture_size(sound) is None
    clip = timeline.tracks[0].items[0]
    gone = replace(clip, media=replace(clip.media, path=str(tmp_path / "nowhere.mp4")))
    lost = replace(timeline, tracks=(replace(timeline.tracks[0], items=(gone,)),))
    assert picture_size(lost) is None  # the render says why; a dialog has nothing to check
