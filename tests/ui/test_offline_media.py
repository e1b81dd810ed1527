"""A source that cannot be read (moved, deleted, a drive not mounted) blanks its own clips in
the viewer, not the whole edit: the rest plays and scrubs until it is relinked."""

from __future__ import annotations

import numpy as np
from mediagen import make_video, read_index

from vedit_gui.app.frame_fetcher import FrameFetcher
from vedit_gui.app.playback_video import open_preview
from vedit_gui.media import media_reference, probe
from vedit_gui.timeline import (
    AddTransition,
    History,
    InsertMedia,
    TrimIn,
    TrimOut,
    timeline_from_media,
)


def _two_sources(tmp_path):
    """a's frames 0–29, then b's 10–39, with a dissolve between them."""
    a = make_video(tmp_path / "a.mp4", 40, width=64, height=48, audio=False).path
    b = make_video(tmp_path / "b.mp4", 40, width=64, height=48, audio=False).path
    history = History(timeline_from_media(media_reference(probe(a))))
    history.apply(TrimOut(history.timeline.tracks[0].items[0].id, -10))
    history.apply(InsertMedia((media_reference(probe(b)),), 30))
    history.apply(TrimIn(history.timeline.tracks[0].items[1].id, 10))
    history.apply(AddTransition(30, 8))  # a dissolve from a into b
    assert history.timeline.tracks[0].transitions and history.timeline.duration == 60
    return history.timeline, a, b


def test_the_preview_shows_the_sources_that_are_there_and_black_for_the_one_gone(tmp_path):
    timeline, a, b = _two_sources(tmp_path)
    b.unlink()
    with open_preview(timeline, 64) as video:
        assert read_index(video.frame_at(10)) == 10  # a's own frame, as before
        assert int(video.frame_at(50).max()) == 0  # b's clip: black until relinked
        video.frame_at(30)  # the dissolve into the missing clip reads too


def test_a_source_that_failed_to_open_is_tried_again_and_its_error_said(qtbot, qt_loop, tmp_path):
    timeline, a, _ = _two_sources(tmp_path)
    gone = a.with_name("moved.mp4")
    a.rename(gone)
    opened: list[str] = []

    def open_source():
        opened.append("tried")
        if not a.exists():
            raise FileNotFoundError(f"{a.name}: file not found")
        return open_preview(timeline, 64)

    fetcher = FrameFetcher()
    failures: list[str] = []
    frames: list[np.ndarray] = []
    fetcher.failed.connect(lambda _frame, message: failures.append(message))
    fetcher.frame_ready.connect(lambda _frame, picture: frames.append(picture))
    try:
        fetcher.set_source(open_source)
        fetcher.request(5)
        qtbot.waitUntil(lambda: bool(failures), timeout=10_000)
        assert failures == ["a.mp4: file not found"]
        gone.rename(a)  # the drive is back
        fetcher.request(5)
        qtbot.waitUntil(lambda: bool(frames), timeout=10_000)
        assert opened == ["tried", "tried"] and read_index(frames[0]) == 5
    finally:
        fetcher.close()
