"""A drag of the playhead reads the source's scrub copy where one is made: the exact frame,
where without it the nearest quick one is shown."""

from __future__ import annotations

import threading

import pytest
from mediagen import make_video, read_index

from vedit_gui.media import media_reference, probe
from vedit_gui.media.proxy import make_proxy
from vedit_gui.render import TimelineVideo
from vedit_gui.timeline import timeline_from_media


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
