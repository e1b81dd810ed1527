"""Widget tests run the real asyncio-on-Qt loop (qasync), driven by pytest-qt's event processing."""

from __future__ import annotations

import asyncio
import threading

import pytest

from vedit_gui.app.runtime import cancel_tasks, install_event_loop


@pytest.fixture
def qt_loop(qapp):
    loop = install_event_loop(qapp)
    yield loop
    cancel_tasks(loop)
    qapp.processEvents()


@pytest.fixture(autouse=True)
def no_leftover_threads():
    """Every job a test starts has ended (or is ending) by the time the test is over."""
    before = {t.ident for t in threading.enumerate()}
    yield
    leftover = [
        t for t in threading.enumerate()
        if t.ident not in before and t.is_alive() and t.name.startswith("vedit-")
    ]
    for thread in leftover:
        # A grade job's first step imports torch, which no cancel can interrupt: seconds on
        # a loaded machine. A thread that never ends still fails the test.
        thread.join(timeout=20)
    assert not [t.name for t in leftover if t.is_alive()]


@pytest.fixture
def run_async(qt_loop, qtbot):
    """Wait (spinning Qt) for an asyncio task the code under test started."""

    def wait(task: asyncio.Future, timeout: float = 10.0):
        qtbot.waitUntil(task.done, timeout=int(timeout * 1000))
        return task.result()

    return wait


@pytest.fixture
def window(qtbot, qt_loop):
    """The editor's main window on an empty session, shown; closed without prompts afterwards."""
    from vedit_gui.app.session import Session
    from vedit_gui.ui.main_window import MainWindow, settings

    # Each test's window starts with the default layout, whatever an earlier one left: its
    # size, the splitters' sizes, the scopes and where they are.
    settings().remove("window")
    settings().remove("export")  # and the export dialog's defaults, not the last test's choices
    win = MainWindow(Session(autosave=False))
    qtbot.addWidget(win)
    win.show()
    yield win
    win._ready_to_close = True
    win.close()


@pytest.fixture
def cut_inspected(qtbot, window, tmp_path, monkeypatch):
    """The window on a 60-frame clip (no analysis), a pending cut suggestion at frame 30
    clicked in the lane, so the inspector shows it. Returns the cut."""
    from mediagen import make_video

    from vedit_gui.timeline import CUT, FrameRange, Suggestion
    from vedit_gui.ui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    clip = make_video(tmp_path / "clip.mp4", 60, width=192, height=108)
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 60 and window.viewer.frame is not None, timeout=15_000)
    cut = Suggestion(CUT, str(clip.path), FrameRange(29, 2), 0.96, "test", {"transition": "cut"})
    window.session.add_suggestions((cut,))
    window._on_timeline_suggestion_clicked(cut.id)
    return cut
