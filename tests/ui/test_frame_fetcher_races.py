"""FrameFetcher against the GUI thread's changes of mind: a source replaced while the worker
opens or reads the old one, and a window closed while a frame is being decoded.

The sources are stand-ins whose open or read waits on an event, so each race is set up
exactly, with no sleeps."""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np
import pytest

from vedit_gui.app.frame_fetcher import FrameFetcher, FrameSource

WAIT = 5.0
"""Seconds a stand-in waits for the test to let it go (a hang fails, it does not block)."""


class NamedSource:
    """Every picture is filled with the first letter of the source's name; reads of it may be
    held at a gate, and it remembers whether it was closed."""

    def __init__(self, name: str, read_gate: threading.Event | None = None) -> None:
        self.name = name
        self.read_gate = read_gate
        self.reading = threading.Event()
        self.closed = threading.Event()

    def frame_at(self, frame: int) -> np.ndarray:
        self.reading.set()
        if self.read_gate is not None:
            assert self.read_gate.wait(WAIT)
        return np.full((2, 2, 3), ord(self.name[0]), np.uint8)

    def scrub_frame_at(self, frame: int) -> tuple[int, np.ndarray]:
        return frame, self.frame_at(frame)

    def damage_at(self, frame: int) -> str | None:
        return None

    def close(self) -> None:
        self.closed.set()


def held_open(source: NamedSource, opening: threading.Event, gate: threading.Event) -> Callable[[], FrameSource]:
    """An opener that says it has begun and then waits for ``gate`` (probing a file)."""

    def open_source() -> FrameSource:
        opening.set()
        assert gate.wait(WAIT)
        return source

    return open_source


@pytest.fixture
def fetched(qt_loop):
    """A fetcher and the (frame, first letter) of every picture it reports; closed after."""
    fetcher = FrameFetcher()
    shown: list[tuple[int, str]] = []
    fetcher.frame_ready.connect(lambda frame, picture: shown.append((frame, chr(picture[0, 0, 0]))))
    fetcher.failed.connect(lambda frame, message: shown.append((frame, f"failed: {message}")))
    yield fetcher, shown
    fetcher.close()


def test_a_source_set_while_the_old_one_opens_is_used(qtbot, fetched):
    """A trim ends while its whole source is still opening: the viewer goes back to the edit
    and never shows the trim's source again."""
    fetcher, shown = fetched
    opening, gate = threading.Event(), threading.Event()
    trim = NamedSource("trim-whole-source")
    edit = NamedSource("edit")
    fetcher.set_source(held_open(trim, opening, gate))
    fetcher.request(10)
    qtbot.waitUntil(opening.is_set, timeout=int(WAIT * 1000))
    fetcher.set_source(lambda: edit)  # the trim ends while its source opens
    fetcher.request(10)
    gate.set()
    qtbot.waitUntil(lambda: len(shown) >= 1, timeout=int(WAIT * 1000))
    fetcher.request(11)  # any later frame reads the edit too
    qtbot.waitUntil(lambda: len(shown) >= 2, timeout=int(WAIT * 1000))
    assert shown == [(10, "e"), (11, "e")]
    assert trim.closed.is_set()  # and the trim's source was let go once replaced


def test_a_picture_from_a_replaced_source_is_read_again_from_the_new_one(qtbot, fetched):
    """The edit changes while a frame of the old one is decoded, and nothing newer is asked
    for (scrub copies made, say): the old picture is not shown, the frame is read anew."""
    fetcher, shown = fetched
    gate = threading.Event()
    old = NamedSource("old", read_gate=gate)
    new = NamedSource("new")
    fetcher.set_source(lambda: old)
    fetcher.request(7)
    qtbot.waitUntil(old.reading.is_set, timeout=int(WAIT * 1000))
    fetcher.set_source(lambda: new)
    gate.set()
    qtbot.waitUntil(lambda: bool(shown), timeout=int(WAIT * 1000))
    qtbot.waitUntil(lambda: not fetcher.busy, timeout=int(WAIT * 1000))
    assert shown == [(7, "n")]
    assert old.closed.is_set()


def test_a_failure_from_a_replaced_source_is_not_said(qtbot, fetched):
    """The old source's error belongs to a source no longer shown: the new one answers."""
    fetcher, shown = fetched
    opening, gate = threading.Event(), threading.Event()

    def broken() -> FrameSource:
        opening.set()
        assert gate.wait(WAIT)
        raise FileNotFoundError("old.mp4: file not found")

    fetcher.set_source(broken)
    fetcher.request(3)
    qtbot.waitUntil(opening.is_set, timeout=int(WAIT * 1000))
    fetcher.set_source(lambda: NamedSource("new"))
    gate.set()
    qtbot.waitUntil(lambda: bool(shown), timeout=int(WAIT * 1000))
    qtbot.waitUntil(lambda: not fetcher.busy, timeout=int(WAIT * 1000))
    assert shown == [(3, "n")]


def test_close_during_a_decode_still_releases_the_source(qtbot, qt_loop):
    """The window closes while a long frame decodes: once it is done, the source is closed
    (the release queued behind it is not cancelled) and the worker thread ends."""
    fetcher = FrameFetcher()
    gate = threading.Event()
    source = NamedSource("slow", read_gate=gate)
    fetcher.set_source(lambda: source)
    fetcher.request(0)
    qtbot.waitUntil(source.reading.is_set, timeout=int(WAIT * 1000))
    fetcher.close()
    assert not source.closed.is_set()  # not under the decode's feet
    gate.set()
    assert source.closed.wait(WAIT)
    # no_leftover_threads (conftest) checks that the decode thread has ended too.
