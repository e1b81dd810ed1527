"""The timeline's background stores: thumbnails and waveforms made off the GUI thread."""

from __future__ import annotations

import pytest
from mediagen import make_audio_only, make_video, read_index
from PySide6.QtCore import QObject

from vedit_gui.app.thumbnail_store import ThumbnailStore
from vedit_gui.app.thumbnail_store import rgb_from_image as rgb
from vedit_gui.app.waveform_store import WaveformStore


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    # Keyframes every 15 frames: 0, 15, 30, 45.
    return make_video(tmp_path_factory.mktemp("stores") / "clip.mp4", 60, width=160, height=96, gop=15, bframes=0)


@pytest.fixture
def thumbnails(qt_loop):
    store = ThumbnailStore(height=96)
    yield store
    store.close()


def test_thumbnails_arrive_in_the_background_at_the_frames_asked(qtbot, thumbnails, clip):
    path = str(clip.path)
    assert thumbnails.thumbnail(path, 7) is None
    with qtbot.waitSignal(thumbnails.updated, timeout=10_000) as blocker:
        thumbnails.request([(path, 7), (path, 40)])
    assert blocker.args == [path]
    qtbot.waitUntil(lambda: not thumbnails.busy, timeout=10_000)
    image = thumbnails.thumbnail(path, 7)
    assert image is not None and image.height() == 96 and image.width() == 160
    assert read_index(rgb(image)) == 7
    assert read_index(rgb(thumbnails.thumbnail(path, 40))) == 40
    assert thumbnails.aspect(path) == pytest.approx(160 / 96)
    # A frame not made yet borrows the nearest one made.
    assert thumbnails.nearest(path, 38) is thumbnails.thumbnail(path, 40)


def test_a_tolerance_lets_a_keyframe_stand_in(qtbot, thumbnails, clip):
    path = str(clip.path)
    thumbnails.request([(path, 17), (path, 31)], tolerance=14)
    qtbot.waitUntil(lambda: len(thumbnails) == 2 and not thumbnails.busy, timeout=10_000)
    # The next keyframe within 14 frames: 30 for 17 and 45 for 31.
    assert read_index(rgb(thumbnails.thumbnail(path, 17, 14))) == 30
    assert read_index(rgb(thumbnails.thumbnail(path, 31, 14))) == 45
    # Asked with less slack, the stand-in is too far: the frame itself is made.
    assert thumbnails.thumbnail(path, 17, 12) is None
    thumbnails.request([(path, 17)], 12)
    qtbot.waitUntil(lambda: thumbnails.thumbnail(path, 17, 12) is not None and not thumbnails.busy, timeout=10_000)
    assert read_index(rgb(thumbnails.thumbnail(path, 17, 12))) == 17


def test_frames_standing_in_with_one_keyframe_keep_one_picture(qtbot, thumbnails, clip):
    path = str(clip.path)
    for frame in (20, 22, 25, 28):  # a zoom shifting a picture's frame: each may show 30
        thumbnails.request([(path, frame)], 14)
        qtbot.waitUntil(lambda f=frame: thumbnails.thumbnail(path, f, 14) is not None and not thumbnails.busy,
                        timeout=10_000)
    assert len(thumbnails) == 1 and thumbnails.nbytes == thumbnails.thumbnail(path, 20, 14).sizeInBytes()
    assert thumbnails.nearest(path, 31) is thumbnails.thumbnail(path, 28, 14)


def test_each_picture_can_have_its_own_tolerance(qtbot, thumbnails, clip):
    path = str(clip.path)
    thumbnails.request([(path, 16), (path, 33), (path, 50)], {(path, 16): 14, (path, 33): 11})
    qtbot.waitUntil(lambda: len(thumbnails) == 3 and not thumbnails.busy, timeout=10_000)
    # 16 may show 30; 33 may not reach 45; 50 has none, so shows itself.
    assert [read_index(rgb(thumbnails.thumbnail(path, f, 14))) for f in (16, 33, 50)] == [30, 33, 50]


def test_a_newer_request_replaces_the_queue(qtbot, thumbnails, clip):
    path = str(clip.path)
    thumbnails.request([(path, f) for f in range(0, 30)])
    thumbnails.request([(path, 50), (path, 55)])
    qtbot.waitUntil(lambda: thumbnails.thumbnail(path, 55) is not None and not thumbnails.busy, timeout=10_000)
    # At most the one picture already being made when the new request came is kept from the old.
    assert len(thumbnails) <= 3


def test_the_cache_stays_within_its_byte_budget(qtbot, qt_loop, clip):
    store = ThumbnailStore(height=24, max_bytes=10 * 40 * 24 * 3)
    path = str(clip.path)
    store.request([(path, f) for f in range(0, 60, 2)])
    qtbot.waitUntil(lambda: not store.busy, timeout=10_000)
    assert 0 < len(store) <= 10
    assert store.nbytes <= store.max_bytes
    assert store.thumbnail(path, 58) is not None  # the newest stay, the oldest went
    assert store.thumbnail(path, 0) is None
    store.close()


def test_a_bad_source_is_reported_once_and_others_still_work(qtbot, thumbnails, clip, tmp_path):
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video at all")
    with qtbot.waitSignal(thumbnails.failed, timeout=10_000) as blocker:
        thumbnails.request([(str(bad), 0), (str(bad), 5), (str(clip.path), 3)])
    assert blocker.args[0] == str(bad)
    qtbot.waitUntil(lambda: thumbnails.thumbnail(str(clip.path), 3) is not None, timeout=10_000)
    assert thumbnails.thumbnail(str(bad), 0) is None


def test_closing_mid_job_leaves_no_thread(qtbot, qt_loop, clip):
    store = ThumbnailStore(height=48)
    store.request([(str(clip.path), f) for f in range(60)])
    qtbot.wait(20)
    store.close()
    arrived: list[str] = []
    store.updated.connect(arrived.append)
    store.request([(str(clip.path), 59)])  # ignored once closed
    qtbot.wait(200)
    assert arrived == [] and not store.busy
    assert store.thumbnail(str(clip.path), 59) is None


@pytest.fixture
def waveforms(qt_loop):
    store = WaveformStore(peaks_per_second=100)
    yield store
    store.close()


def test_a_waveform_is_read_in_the_background(qtbot, waveforms, clip):
    path = str(clip.path)
    with qtbot.waitSignal(waveforms.ready, timeout=10_000) as blocker:
        waveforms.request(path)
    assert blocker.args == [path]
    peaks = waveforms.peaks(path)
    assert peaks.shape[1] == 2
    assert abs(len(peaks) - 200) <= 3  # 60 frames at 29.97 is 2.002 s
    assert peaks[10:-10, 1].min() > 0.25 and peaks[10:-10, 1].max() < 0.35  # the 0.3 tone


def test_a_queued_waveform_can_be_cancelled(qtbot, waveforms, clip, tmp_path):
    other = str(make_audio_only(tmp_path / "tone.m4a", 1.0))
    ready: list[str] = []
    waveforms.ready.connect(ready.append)
    waveforms.request(str(clip.path))
    waveforms.request(other)
    waveforms.cancel(other)
    qtbot.waitUntil(lambda: not waveforms.busy, timeout=10_000)
    assert ready == [str(clip.path)]
    assert waveforms.peaks(other) is None


def test_a_bad_waveform_source_is_reported(qtbot, waveforms, tmp_path):
    bad = tmp_path / "noise.wav"
    bad.write_bytes(b"RIFF....garbage")
    with qtbot.waitSignal(waveforms.failed, timeout=10_000) as blocker:
        waveforms.request(str(bad))
    assert blocker.args[0] == str(bad)
    assert waveforms.peaks(str(bad)) is None


def test_closing_a_running_waveform_stops_it(qtbot, qt_loop, clip):
    owner = QObject()
    store = WaveformStore(owner)  # a parent first, as Qt objects take it
    assert store.parent() is owner
    ready: list[str] = []
    store.ready.connect(ready.append)
    store.request(str(clip.path))
    store.close()
    qtbot.wait(200)
    assert ready == []


def test_a_variable_rate_sources_thumbnails_are_of_the_grid_the_edit_counts_on(qtbot, thumbnails, tmp_path):
    from fractions import Fraction
    from itertools import accumulate

    from mediagen import make_vfr_video

    path = str(make_vfr_video(tmp_path / "phone.mp4", 48, gop=1).path)
    starts = [0, *accumulate((20, 40, 33, 60)[i % 4] for i in range(47))]
    on_screen = [max(k for k, s in enumerate(starts) if s <= 40 * i) for i in range(45)]
    frames = (4, 8, 18, 38)  # frames the average rate's grid shows another picture at
    thumbnails.use_grid(path, Fraction(25))
    thumbnails.request([(path, f) for f in frames])
    qtbot.waitUntil(lambda: all(thumbnails.thumbnail(path, f) is not None for f in frames), timeout=10_000)
    assert [read_index(rgb(thumbnails.thumbnail(path, f))) for f in frames] == [on_screen[f] for f in frames]
    # The same file in an edit on its average rate's grid: those pictures are not its frames.
    assert thumbnails.use_grid(path, Fraction(1323, 50))
    assert all(thumbnails.thumbnail(path, f) is None for f in frames)
    thumbnails.request([(path, 4)])
    qtbot.waitUntil(lambda: thumbnails.thumbnail(path, 4) is not None, timeout=10_000)
    assert read_index(rgb(thumbnails.thumbnail(path, 4))) == 3  # its grid frame 4 (151 ms) shows frame 3
