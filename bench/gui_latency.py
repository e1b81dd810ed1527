"""GUI responsiveness benchmark: how long the editor's GUI thread stalls while it works.

Run by hand: ``.venv/bin/python bench/gui_latency.py``.
Opens the editor window (offscreen Qt) on a 60 s 1080p H.264 file with sound (GOP 60, made once
under ``.bench/``), then measures the GUI thread's lateness with a 5 ms precise timer
(a) while the file plays and the filmstrip and waveform are being made, and (b) during a
scripted 3 s scrub drag over the ruler (one mouse move every 12 ms), counting the distinct
frames the viewer shows. Targets: stall p99 <= 30 ms, >= 20 frames/s shown while dragging.
Last line: ``gui_stall_p99_ms: X``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEvent, QPointF, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from vedit_gui.app.runtime import cancel_tasks, install_event_loop  # noqa: E402
from vedit_gui.app.session import Session  # noqa: E402
from vedit_gui.ui.main_window import MainWindow  # noqa: E402

TICK_MS = 5
DRAG_SECONDS = 3.0
DRAG_STEP_MS = 12
PLAY_SECONDS = 6.0


class StallMeter:
    """A 5 ms timer on the GUI thread; each tick's lateness is how long the thread was busy."""

    def __init__(self) -> None:
        self.lateness_ms: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._last = 0

    def start(self) -> None:
        self.lateness_ms = []
        self._clock.start()
        self._last = self._clock.nsecsElapsed()
        self._timer.start()

    def stop(self) -> list[float]:
        self._timer.stop()
        return self.lateness_ms

    def _tick(self) -> None:
        now = self._clock.nsecsElapsed()
        self.lateness_ms.append(max(0.0, (now - self._last) / 1e6 - TICK_MS))
        self._last = now


class DecodeTimes:
    """Times each viewer decode the frame fetcher runs in its worker thread (the scrub's bottleneck)."""

    def __init__(self, window: MainWindow) -> None:
        self.ms: list[float] = []
        fetcher = window.fetcher
        original = fetcher._decode

        def timed(frame: int, fast: bool) -> tuple[int, np.ndarray]:
            start = time.perf_counter()
            try:
                return original(frame, fast)
            finally:
                self.ms.append((time.perf_counter() - start) * 1000)

        fetcher._decode = timed  # type: ignore[method-assign] - an instance hook for timing


class ShownFrames:
    """Counts ViewerWidget.show_frame calls, and how many showed a picture not shown just before."""

    def __init__(self, window: MainWindow) -> None:
        self.calls = 0
        self.distinct = 0
        self._last: np.ndarray | None = None
        viewer = window.viewer
        original = viewer.show_frame

        def counting(frame: np.ndarray) -> None:
            self.calls += 1
            if self._last is None or frame is not self._last and not np.array_equal(frame, self._last):
                self.distinct += 1
            self._last = frame
            original(frame)

        viewer.show_frame = counting  # type: ignore[method-assign] - an instance hook for counting

    def reset(self) -> None:
        self.calls = 0
        self.distinct = 0


def spin(app: QApplication, seconds: float, until: Callable[[], bool] | None = None) -> bool:
    """Run the Qt (and asyncio-on-Qt) loop for up to ``seconds``; True once ``until`` holds."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        if until is not None and until():
            return True
        time.sleep(0.001)
    return until is None


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": float("nan"), "p95": float("nan"), "p99": float("nan"), "max": float("nan")}
    data = np.asarray(values)
    return {
        "p50": float(np.percentile(data, 50)),
        "p95": float(np.percentile(data, 95)),
        "p99": float(np.percentile(data, 99)),
        "max": float(data.max()),
    }


def open_editor(app: QApplication, path: Path, timeout: float = 60.0) -> MainWindow:
    window = MainWindow(Session(autosave=False))
    window.resize(1280, 800)
    window.show()
    window.open_path(path)
    if not spin(app, timeout, lambda: window.viewer.frame is not None and window.session.timeline.duration > 0):
        raise SystemExit(f"the editor did not show {path} within {timeout:.0f} s")
    return window


def close_editor(app: QApplication, window: MainWindow) -> None:
    window._ready_to_close = True  # a benchmark has nothing to save
    window.close()
    spin(app, 0.5)


def mouse(view, kind: QEvent.Type, x: float, y: float) -> None:
    pos = QPointF(x, y)
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, pos, view.mapToGlobal(pos), button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view, event)


def scripted_scrub(app: QApplication, window: MainWindow, seconds: float, step_ms: int) -> int:
    """Drag over the ruler from 10% to 90% of its width, one move per timer tick; returns moves."""
    view = window.timeline_view
    left = view.metrics.header_width + 5
    right = view.width() - 10
    y = view.metrics.ruler_height / 2
    steps = int(seconds * 1000 / step_ms)
    xs = [left + (right - left) * (0.1 + 0.8 * i / steps) for i in range(steps + 1)]
    state = {"i": 0, "done": False}
    mouse(view, QEvent.Type.MouseButtonPress, xs[0], y)
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(step_ms)

    def move() -> None:
        state["i"] += 1
        if state["i"] >= len(xs):
            timer.stop()
            mouse(view, QEvent.Type.MouseButtonRelease, xs[-1], y)
            state["done"] = True
            return
        mouse(view, QEvent.Type.MouseMove, xs[state["i"]], y)

    timer.timeout.connect(move)
    timer.start()
    spin(app, seconds * 3 + 5, lambda: state["done"])
    return state["i"]


def main() -> None:
    from render import make_source  # the render benchmark's 60 s 1080p GOP 60 file with a tone

    source = make_source(60)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    loop = install_event_loop(app)
    meter = StallMeter()

    started = time.perf_counter()
    window = open_editor(app, source)
    opened_s = time.perf_counter() - started
    shown = ShownFrames(window)
    decodes = DecodeTimes(window)

    # (a) play while the filmstrip and waveform fill in (they start at zoom-to-fit on open)
    meter.start()
    window.playback.toggle()
    spin(app, PLAY_SECONDS)
    window.playback.pause()
    play = percentiles(meter.stop())
    played_frames = shown.calls
    spin(app, 0.5)

    # (b) a scrub drag over the ruler at a realistic mouse rate
    shown.reset()
    decodes.ms.clear()
    meter.start()
    drag_start = time.perf_counter()
    moves = scripted_scrub(app, window, DRAG_SECONDS, DRAG_STEP_MS)
    drag_s = time.perf_counter() - drag_start
    scrub = percentiles(meter.stop())
    distinct = shown.distinct
    decode = percentiles(decodes.ms)
    shown_fps = distinct / drag_s

    close_editor(app, window)
    cancel_tasks(loop)

    print(f"source: {source.name} (1920x1080, 60 s, GOP 60, AAC); editor open to first frame {opened_s:.2f} s")
    print(f"{'phase':<28}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}  notes")
    print(f"{'play + thumbnails/waveform':<28}{play['p50']:8.1f}{play['p95']:8.1f}{play['p99']:8.1f}{play['max']:8.1f}"
          f"  {played_frames} frames shown in {PLAY_SECONDS:.0f} s")
    print(f"{'scrub drag (ruler)':<28}{scrub['p50']:8.1f}{scrub['p95']:8.1f}{scrub['p99']:8.1f}{scrub['max']:8.1f}"
          f"  {moves} moves in {drag_s:.2f} s, {distinct} distinct frames shown = {shown_fps:.1f} frames/s")
    print(f"{'viewer decode (worker)':<28}{decode['p50']:8.1f}{decode['p95']:8.1f}{decode['p99']:8.1f}{decode['max']:8.1f}"
          f"  {len(decodes.ms)} viewer decodes during the drag (not the GUI thread)")
    print(f"targets: stall p99 <= 30 ms ({'met' if max(play['p99'], scrub['p99']) <= 30 else 'MISSED'}), "
          f">= 20 frames/s while dragging ({'met' if shown_fps >= 20 else 'MISSED'})")
    print(f"scrub_frames_per_s: {shown_fps:.1f}")
    print(f"gui_stall_p99_ms: {max(play['p99'], scrub['p99']):.1f}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
