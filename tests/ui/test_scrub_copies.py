"""View ▸ Make Scrub Copies: a job makes them, and a drag of the playhead then shows the exact
frame under the hand."""

from __future__ import annotations

import pytest
from mediagen import make_video, read_index

from vedit_gui.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """A cache of this test's own: copies are found by content, and must not outlive the test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

def test_after_making_scrub_copies_a_drag_shows_every_frame(qtbot, window, tmp_path, monkeypatch):
    clip = make_video(tmp_path / "long_gop.mp4", 120, width=288, height=162, gop=60, bframes=0)
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 120 and window.viewer.frame is not None, timeout=15_000)
    shown: list[tuple[int, int]] = []
    window.fetcher.frame_ready.connect(lambda frame, picture: shown.append((frame, read_index(picture))))
    window.fetcher.request(100, fast=True)  # as a drag asks
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown[-1][0] != 100  # the nearest quick frame
    job = window.scrub_copies.make()
    qtbot.waitUntil(lambda: job.done, timeout=60_000)
    assert window.statusBar().currentMessage().startswith("Scrub copies ready for 1 file")
    shown.clear()
    window.fetcher.request(100, fast=True)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown[-1] == (100, 100)


def test_nothing_to_copy_says_so(window):
    assert window.scrub_copies.make() is None
    assert window.statusBar().currentMessage().startswith("Nothing to make scrub copies of")


def test_deleting_scrub_copies_asks_first_then_frees_the_cache(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from vedit_gui.media.proxy import made_proxies

    clip = make_video(tmp_path / "clip.mp4", 30, width=160, height=96)
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 30, timeout=15_000)
    job = window.scrub_copies.make()
    qtbot.waitUntil(lambda: job.done, timeout=60_000)
    assert len(made_proxies()) == 1
    box = window.scrub_copies.ask_to_delete()
    assert "Delete 1 scrub copy" in box.text() and "footage is untouched" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert len(made_proxies()) == 1
    box = window.scrub_copies.ask_to_delete()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not made_proxies(), timeout=5000)
    assert window.statusBar().currentMessage().startswith("Deleted the scrub copies")
    assert window.scrub_copies.ask_to_delete() is None


def test_a_source_that_cannot_be_read_is_named_and_the_others_still_get_copies(qtbot, window, tmp_path, monkeypatch):
    from vedit_gui.media import media_reference, probe
    from vedit_gui.media.proxy import made_proxies
    from vedit_gui.timeline import InsertMedia

    first = make_video(tmp_path / "first.mp4", 30, width=160, height=96)
    second = make_video(tmp_path / "second.mp4", 20, width=160, height=96)
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    window.open_path(first.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 30, timeout=15_000)
    window.session.apply(InsertMedia((media_reference(probe(second.path)),), 30))
    second.path.write_bytes(b"not a video any more")
    job = window.scrub_copies.make()
    qtbot.waitUntil(lambda: job.done, timeout=60_000)
    message = window.statusBar().currentMessage()
    assert message.startswith("Scrub copies ready for 1 file") and "No copy of second.mp4" in message
    assert len(made_proxies()) == 1
