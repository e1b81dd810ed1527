from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from mediagen import make_video, read_index
from vedit_gui.app.session import Session
from vedit_gui.media import FrameReader
from vedit_gui.ui.main_window import MainWindow


@pytest.fixture
def clip(tmp_path):
    return make_video(tmp_path / "clip.mp4", 48, width=160, height=96)


@pytest.fixture
def window(qtbot, qt_loop):
    win = MainWindow(Session())
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def shown_index(window) -> int | None:
    frame = window.viewer.frame
    return None if frame is None else read_index(frame)


def test_open_scrub_and_step_show_the_exact_frame(qtbot, window, clip):
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: shown_index(window) == 0, timeout=10_000)
    assert window.scrubber.maximum() == 47
    window.scrubber.setValue(30)
    qtbot.waitUntil(lambda: shown_index(window) == 30, timeout=10_000)
    with FrameReader(clip.path) as reader:
        assert np.array_equal(window.viewer.frame, reader.read(30))
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: shown_index(window) == 31, timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: shown_index(window) == 1, timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: shown_index(window) == 47, timeout=10_000)
    assert window.timecode.text().startswith("00:00:01;17")


def test_a_burst_of_seeks_ends_on_the_last_one(qtbot, window, clip):
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: shown_index(window) == 0, timeout=10_000)
    for frame in range(1, 40):
        window.seek(frame)
    qtbot.waitUntil(lambda: shown_index(window) == 39 and not window.fetcher.busy, timeout=10_000)


def test_a_bad_file_is_reported_and_the_window_stays_up(qtbot, window, tmp_path, clip):
    bad = tmp_path / "notes.mp4"
    bad.write_text("not a video")
    window.open_path(bad)
    qtbot.waitUntil(lambda: window.findChild(object, "openErrorBox") is not None, timeout=10_000)
    box = window.findChild(object, "openErrorBox")
    assert "notes.mp4" in box.text()
    box.close()
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: shown_index(window) == 0, timeout=10_000)


def test_ctrl_q_closes_the_window(qtbot, window):
    assert window.isVisible()
    window.quit_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
