"""Scrub copies: every frame of the source's grid, each decodable alone, made atomically and
found again by the source's content."""

from __future__ import annotations

import threading

import av
import numpy as np
import pytest
from mediagen import make_video, read_index

from vedit_gui.media import FrameReader
from vedit_gui.media.proxy import ProxyCancelled, find_proxy, make_proxy, proxy_path, proxy_size


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """A cache of this test's own: copies are found by content, and must not outlive the test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

def test_the_copy_holds_every_frame_of_the_source_each_a_keyframe(tmp_path):
    clip = make_video(tmp_path / "long_gop.mp4", 90, width=320, height=180, gop=60)
    copy = make_proxy(clip.path, lambda f: None, threading.Event())
    assert copy == proxy_path(clip.path) and find_proxy(clip.path, 90) == copy
    with FrameReader(copy) as reader:
        assert reader.frame_count == 90
        assert [read_index(reader.read(i)) for i in (61, 3, 89, 30)] == [61, 3, 89, 30]
    with av.open(str(copy)) as container:
        packets = [p for p in container.demux(video=0) if p.size]
    assert len(packets) == 90 and all(p.is_keyframe for p in packets)
    # Found again, not made again; a copy of another length is not this source's.
    fractions: list[float] = []
    assert make_proxy(clip.path, fractions.append, threading.Event()) == copy and fractions == [1.0]
    assert find_proxy(clip.path, 91) is None


def test_a_cancelled_copy_leaves_nothing(tmp_path):
    clip = make_video(tmp_path / "cancel.mp4", 40, width=160, height=96)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ProxyCancelled):
        make_proxy(clip.path, lambda f: None, cancel)
    folder = proxy_path(clip.path).parent
    assert not proxy_path(clip.path).exists() and not list(folder.glob(".*partial*"))


def test_the_copy_is_small_and_upright():
    assert proxy_size(1920, 1080) == (960, 540)
    assert proxy_size(640, 360) == (640, 360)
    assert proxy_size(1080, 1920) == (960, 1706)


def test_a_turned_phone_video_is_copied_upright(tmp_path):
    clip = make_video(tmp_path / "phone.mp4", 20, width=192, height=108, rotation=90)
    copy = make_proxy(clip.path, lambda f: None, threading.Event())
    with FrameReader(copy) as reader, FrameReader(clip.path) as source:
        assert reader.size == source.size == (108, 192)


@pytest.mark.parametrize("size", [(640, 360), (720, 1280)])
def test_the_copy_has_the_footages_colours_at_any_size(tmp_path, size):
    """Taller than 576 lines, an untagged picture is read as BT.709: the copy is written so."""
    width, height = size
    bars = np.zeros((height, width, 3), np.uint8)
    bars[: height // 2] = (40, 200, 41)
    bars[height // 2 :] = (200, 41, 41)
    clip = make_video(tmp_path / "bars.mp4", 4, width=width, height=height, audio=False, picture=lambda i: bars)
    copy = make_proxy(clip.path, lambda f: None, threading.Event())
    with FrameReader(clip.path) as source, FrameReader(copy, size=source.size) as reader:
        assert np.abs(source.read(1).astype(int) - reader.read(1)).mean() < 1.5
