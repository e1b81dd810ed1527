"""The window opens no larger than the screen has room for; the transport keeps its place."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

from vedit_gui.ui.main_window import OPENING_SIZE, TITLE_BAR_ROOM, opening_size


class _Screen:
    def __init__(self, width: int, height: int) -> None:
        self._room = QRect(0, 0, width, height)

    def availableGeometry(self) -> QRect:  # noqa: N802 - Qt's name
        return self._room


def test_a_small_screen_gets_a_window_that_fits_it(qapp, monkeypatch):
    from vedit_gui.ui import main_window

    monkeypatch.setattr(main_window.QGuiApplication, "platformName", staticmethod(lambda: "xcb"))
    assert opening_size(_Screen(1280, 720)) == QSize(1280 - TITLE_BAR_ROOM.width(), 720 - TITLE_BAR_ROOM.height())
    assert opening_size(_Screen(1366, 768)).height() == 768 - TITLE_BAR_ROOM.height()
    assert opening_size(_Screen(2560, 1440)) == OPENING_SIZE  # a big screen: the designed size
    assert opening_size(None) == OPENING_SIZE


def test_headless_runs_keep_the_designed_size(qapp):
    assert opening_size(_Screen(800, 600)) == OPENING_SIZE  # offscreen's pretend screen


def test_the_timecode_beside_play_stays_put_as_play_turns_to_pause(qtbot, window):
    """An editor pass saw the readout move about 10 px each time playback started or stopped."""
    button = window.play_button
    at = []
    for face in ("▶", "❚❚", "▶"):
        button.setText(face)
        button.parentWidget().layout().activate()
        at.append(window.timecode.x())
        assert button.sizeHint().width() <= button.width()
    assert len(set(at)) == 1
