"""A drag of the playhead reads the source's scrub copy where one is made: the exact frame,
where without it the nearest quick one is shown."""

from __future__ import annotations

import threading
from fractions import Fraction

import numpy as np
import pytest
from mediagen import make_video, read_index

from vedit_gui.media import media_reference, probe
from vedit_gui.media.proxy import make_proxy
from vedit_gui.render import TimelineVideo
from vedit_gui.timeline import (
    Clip,
    FrameRange,
    InsertMedia,
    Timeline,
    Track,
    TrackKind,
    timeline_from_media,
)


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """A cache of this test's own: copies are found by content, and must not outlive the test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

def test_scrubbing_shows_the_exact_frame_once_a_scrub_copy_is_made(tmp_path):
    clip = make_video(tmp_path / "long_gop.mp4", 120, width=320, height=180, gop=60, bframes=0)
    timeline = timeline_from_media(media_reference(probe(clip.path)))
    with TimelineVideo(timeline) as video:
        shown, _ = video.scrub_frame_at(100)
        assert shown != 100  # far from the decoder: the keyframe before it, quick to decode
    make_proxy(clip.path, lambda f: None, threading.Event())
    with TimelineVideo(timeline) as video:
        for frame in (100, 7, 59, 119):
            shown, picture = video.scrub_frame_at(frame)
            assert shown == frame and read_index(picture) == frame
            assert picture.shape == video.frame_at(frame).shape


def test_without_a_copy_the_frame_shown_is_the_one_named_at_any_rate(tmp_path):
    """A 60 fps source on a 30 fps timeline: the timeline frame reported is the quick frame's."""
    clip = make_video(tmp_path / "s60.mp4", 240, width=320, height=180, rate=Fraction(60), gop=60, bframes=0, audio=False)
    timeline = InsertMedia((media_reference(probe(clip.path)),), 0).apply(Timeline(Fraction(30), (Track(TrackKind.VIDEO),)))
    with TimelineVideo(timeline) as video:
        for frame in (10, 50, 100, 40, 90):
            shown, picture = video.scrub_frame_at(frame)
            assert shown <= frame and read_index(picture) == 2 * shown


def test_a_clip_starting_mid_gop_never_scrubs_to_a_frame_before_its_own(tmp_path):
    clip = make_video(tmp_path / "long.mp4", 240, width=320, height=180, rate=Fraction(30), gop=120, bframes=0, audio=False)
    timeline = Timeline(Fraction(30), (Track(TrackKind.VIDEO, (Clip(media_reference(probe(clip.path)), FrameRange(60, 120), "c"),)),))
    with TimelineVideo(timeline) as video:
        for frame in (20, 50):
            shown, picture = video.scrub_frame_at(frame)
            assert read_index(picture) == 60 + shown  # the clip's own frame, from its in point on
            shown, before, after = video.scrub_before_after(frame)
            assert read_index(after) == 60 + shown and np.array_equal(before, after)  # no looks: one picture
