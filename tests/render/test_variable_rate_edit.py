"""A new edit of a variable-rate phone clip shows, in the viewer and in the render, the
source frame on screen at each edit frame's time (sampled once, in sync with the sound);
a project saved before keeps exactly the frames it showed (its clips count the source on the
average rate's grid)."""

from __future__ import annotations

from fractions import Fraction
from itertools import accumulate
from pathlib import Path

import av
import pytest
from mediagen import make_vfr_video, make_video, read_index

from vedit_gui.app.playback_video import open_preview
from vedit_gui.media import media_reference, probe
from vedit_gui.project import open_any
from vedit_gui.project.project_file import save_project
from vedit_gui.render import TimelineVideo, render_timeline
from vedit_gui.timeline import timeline_from_media

DURATIONS_MS = (20, 40, 33, 60)  # 26.46 fps on average over 48 frames: edited at 25
STARTS_MS = [0, *accumulate(DURATIONS_MS[i % 4] for i in range(47))]

OLD_FRAMES = [0, 1, 2, 3, 3, 5, 6, 7, 7, 9, 10, 11, 11, 13, 14, 15, 15, 17, 19, 19, 21, 22, 23,
              23, 25, 26, 27, 27, 29, 30, 31, 31, 33, 34, 35, 37, 37, 39, 39, 40, 41, 43, 43, 44, 45]
"""What vedit showed before for each 25 fps frame of a project whose clip counts the source on
its 26.46 fps grid (recorded from the code before this change): kept exactly."""


def on_screen(ms: float) -> int:
    return max(k for k, start in enumerate(STARTS_MS) if start <= ms)


ON_SCREEN = [on_screen(40 * i) for i in range(45)]


@pytest.fixture(scope="module")
def phone(tmp_path_factory) -> Path:
    return make_vfr_video(tmp_path_factory.mktemp("vfr") / "phone.mp4", 48).path


def _rendered(path: Path) -> list[int]:
    with av.open(str(path)) as container:
        return [read_index(frame.to_ndarray(format="rgb24")) for frame in container.decode(video=0)]


def test_a_new_edit_counts_the_source_on_its_own_grid(phone):
    timeline = open_any(phone).timeline
    media = timeline.media()[0]
    assert (timeline.rate, media.rate, media.duration, timeline.duration) == (25, 25, 45, 45)


def test_the_viewer_shows_the_frame_on_screen_at_each_edit_frames_time(phone):
    timeline = open_any(phone).timeline
    with open_preview(timeline) as video:
        shown = [read_index(video.frame_at(i)) for i in range(timeline.duration)]
        walked = [read_index(picture) for _, picture in video.frames()]
        stepped_back = [read_index(video.frame_at(i)) for i in reversed(range(timeline.duration))][::-1]
    assert shown == walked == stepped_back == ON_SCREEN
    # Every picture on screen at an edit frame's time is shown: none is skipped.
    assert set(ON_SCREEN) <= set(shown)


def test_the_render_shows_the_frame_on_screen_at_each_edit_frames_time(phone, tmp_path):
    timeline = open_any(phone).timeline
    assert _rendered(render_timeline(timeline, tmp_path / "out.mp4")) == ON_SCREEN


def test_the_lag_behind_the_sound_is_only_the_source_frames_own_hold(phone):
    """Measured: how far the shown picture's time is behind the edit frame's (ms)."""
    with open_preview(open_any(phone).timeline) as video:
        lags = [40 * i - STARTS_MS[read_index(video.frame_at(i))] for i in range(45)]
    assert all(0 <= lag < DURATIONS_MS[(on_screen(40 * i)) % 4] for i, lag in enumerate(lags))
    assert max(lags) < 60 and sum(lags) / len(lags) < 25  # was 88 ms at most, 38 ms on average


def _old_project(phone: Path, folder: Path) -> Path:
    """A project as vedit saved it before: the clip on the source's average-rate grid."""
    old = timeline_from_media(media_reference(probe(phone)), rate=Fraction(25))
    assert old.media()[0].rate == Fraction(1323, 50)
    save_project(old, folder / "old.vedit")
    return folder / "old.vedit"


def test_a_project_saved_before_keeps_exactly_its_frames(phone, tmp_path):
    loaded = open_any(_old_project(phone, tmp_path)).timeline
    media = loaded.media()[0]
    assert (media.rate, media.duration, loaded.duration) == (Fraction(1323, 50), 48, 45)
    with open_preview(loaded) as video:
        assert [read_index(video.frame_at(i)) for i in range(45)] == OLD_FRAMES
    assert _rendered(render_timeline(loaded, tmp_path / "old.mp4")) == OLD_FRAMES


def test_the_two_grids_of_one_file_never_mix(phone, tmp_path):
    """The same file open as an old project and as a new edit at once: each its own frames."""
    old = open_any(_old_project(phone, tmp_path)).timeline
    new = open_any(phone).timeline
    with TimelineVideo(old) as before, TimelineVideo(new) as after:
        for i in (3, 9, 30, 44, 4, 8):
            assert read_index(before.frame_at(i)) == OLD_FRAMES[i]
            assert read_index(after.frame_at(i)) == ON_SCREEN[i]


def test_a_constant_rate_edit_is_as_it_was(tmp_path):
    clip = make_video(tmp_path / "cfr.mp4", 20, audio=False, rate=Fraction(25))
    timeline = open_any(clip.path).timeline
    assert (timeline.rate, timeline.media()[0].rate) == (25, 25)
    with open_preview(timeline) as video:
        assert [read_index(video.frame_at(i)) for i in range(20)] == list(range(20))


def test_a_scrub_copy_is_made_on_the_grid_the_edit_counts_on(phone, tmp_path, monkeypatch):
    import threading

    from vedit_gui.media.proxy import find_proxy, make_proxy, proxy_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    copy = make_proxy(phone, lambda f: None, threading.Event(), Fraction(25))
    assert copy == proxy_path(phone, Fraction(25)) != proxy_path(phone)
    assert find_proxy(phone, 45, Fraction(25)) == copy and find_proxy(phone, 48) is None
    with TimelineVideo(open_any(phone).timeline) as video:
        for frame in (40, 4, 18, 8, 30):
            shown, picture = video.scrub_frame_at(frame)
            assert (shown, read_index(picture)) == (frame, ON_SCREEN[frame])
