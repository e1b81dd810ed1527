"""Edits on a documentary-sized timeline: how long each keeps the GUI thread blocked.

Run by hand: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/edit_scale.py [--runs 3]``.
Builds, in memory, an edit of 20 one-hour sources at 29.97 fps laid end to end with four
B-roll clips over it, and 11,000 suggestions on them (per source 75 sure cuts and 225 unsure
ones, 150 grades, 100 pauses), puts it in the real editor window (offscreen Qt, 1600×1000,
settings in a temporary folder), then does what an editor does, one operation at a time:
Accept All Above Threshold on the 1,500 sure cuts (the list filtered to cuts), its undo and
redo, three splits (S), a ripple delete, its undo and redo, another ripple delete, and A at the
next suggestion three times. Each row is the milliseconds from the action until the GUI thread
is free again (the action, then the events it queued: the repaint), the median over ``--runs``
fresh editor sessions and the slowest of them, and the worst gap a 10 ms GUI timer saw
meanwhile. On a shared machine, compare runs made side by side.

Ends with one line ``edit_stall_ms: X``: the worst edit's median (opening is shown, not counted).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SETTINGS = tempfile.TemporaryDirectory(prefix="vedit-bench-")  # the window's settings, not the user's
for _name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "VEDIT_RECOVERY_DIR"):
    os.environ[_name] = str(Path(_SETTINGS.name) / _name.lower())

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from vedit_gui.app.runtime import cancel_tasks, install_event_loop  # noqa: E402
from vedit_gui.app.session import Session  # noqa: E402
from vedit_gui.timeline import (  # noqa: E402
    CUT,
    GRADE,
    REMOVE_PAUSE,
    AddSuggestions,
    FrameRange,
    InsertMedia,
    MediaReference,
    OverlayMedia,
    Suggestion,
    SuggestionStatus,
    Timeline,
    timeline_from_media,
)
from vedit_gui.ui.main_window import MainWindow  # noqa: E402

RATE = Fraction(30000, 1001)
SOURCES = 20
SOURCE_FRAMES = 108_000  # an hour
SURE_CUTS, UNSURE_CUTS, GRADES, PAUSES = 75, 225, 150, 100  # per source
BROLL = 4
WATCH_MS = 10


def documentary() -> Timeline:
    """The edit: sources end to end, B-roll laid over, every source's suggestions pending."""
    sources = [MediaReference(f"/bench/interview-{i:02}.mp4", RATE, SOURCE_FRAMES) for i in range(SOURCES)]
    timeline = timeline_from_media(sources[0])
    timeline = InsertMedia(tuple(sources[1:]), timeline.duration).apply(timeline)
    for k in range(BROLL):
        broll = MediaReference(f"/bench/broll-{k}.mp4", RATE, 3000)
        timeline = OverlayMedia((broll,), 100_000 + k * 400_000).apply(timeline)
    found: list[Suggestion] = []
    for source in sources:
        step = SOURCE_FRAMES // (SURE_CUTS + UNSURE_CUTS + 1)
        for k in range(SURE_CUTS + UNSURE_CUTS):
            sure = k % 4 == 0 and k // 4 < SURE_CUTS
            found.append(Suggestion(CUT, source.path, FrameRange((k + 1) * step, 2), 0.9 if sure else 0.3, "bench",
                                    {"transition": "cut"}))
        shot = SOURCE_FRAMES // GRADES
        found += [Suggestion(GRADE, source.path, FrameRange(k * shot, shot), 0.3, "bench") for k in range(GRADES)]
        gap = SOURCE_FRAMES // PAUSES
        found += [Suggestion(REMOVE_PAUSE, source.path, FrameRange(k * gap + 100, 40), 0.8, "bench", {"keep": 8})
                  for k in range(PAUSES)]
    return AddSuggestions(tuple(found)).apply(timeline)


class GapWatch:
    """A 10 ms GUI timer: the longest wait between two of its ticks is how long the GUI thread
    was kept from its events."""

    def __init__(self) -> None:
        self.worst_ms = 0.0
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setInterval(WATCH_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.worst_ms, self._last = 0.0, time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        self._tick()
        return self.worst_ms

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst_ms = max(self.worst_ms, (now - self._last) * 1000)
        self._last = now


def blocked(app: QApplication, watch: GapWatch, action: Callable[[], object]) -> tuple[float, float]:
    """(ms until the GUI thread is free after ``action``, the worst timer gap around it)."""
    watch.start()
    started = time.perf_counter()
    action()
    app.processEvents()
    took = (time.perf_counter() - started) * 1000
    QTest.qWait(150)  # let the watch see the events the action left behind
    return took, watch.stop()


def edit_session(app: QApplication, timeline: Timeline) -> list[tuple[str, float, float]]:
    """One editor window through the operations: (name, blocked ms, worst gap ms) of each."""
    window = MainWindow(Session(autosave=False))
    window.resize(1600, 1000)
    window.show()
    QTest.qWait(300)
    watch = GapWatch()
    rows: list[tuple[str, float, float]] = []

    def run(name: str, action: Callable[[], object], settle_ms: int = 100) -> None:
        QTest.qWait(settle_ms)
        rows.append((name, *blocked(app, watch, action)))

    # Opening as the session puts a document in place (its sources are not on disk).
    run("open", lambda: window.session._set_document(timeline, project_path=None, source_path=None))
    window.suggestions.kind_box.setCurrentText("cut")
    run("Accept All Above Threshold (1500 cuts)", window.suggestions.accept_all_button.click)
    run("undo Accept All", window.undo)
    run("redo Accept All", window.redo)
    window.suggestions.kind_box.setCurrentIndex(0)
    window.seek(window.session.timeline.duration // 2 + 5)
    for k in range(3):
        QTest.qWait(100)
        window.seek(window.playhead + 45)
        run(f"S split #{k + 1}", window.editing.split_at_playhead)
    QTest.qWait(100)
    window.editing.select_at_playhead()
    run("Delete (ripple) #1", window.editing.ripple_delete_selection)
    run("undo", window.undo)
    run("redo", window.redo)
    QTest.qWait(100)
    window.seek(window.playhead + 200)
    window.editing.select_at_playhead()
    run("Delete (ripple) #2", window.editing.ripple_delete_selection)
    for k in range(3):
        QTest.qWait(100)
        window.jump_to_suggestion(1)
        run(f"A at next suggestion #{k + 1}", lambda: window.decide_at_playhead(SuggestionStatus.ACCEPTED))
    window._ready_to_close = True  # a benchmark has nothing to save
    window.close()
    QTest.qWait(300)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="editor sessions, each through every operation")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    loop = install_event_loop(app)
    timeline = documentary()
    runs = [edit_session(app, timeline) for _ in range(args.runs)]
    cancel_tasks(loop)
    print(f"{len(timeline.suggestions)} suggestions on {SOURCES} one-hour sources, {len(timeline.tracks)} tracks; "
          f"median of {args.runs} runs (ms the GUI thread stayed blocked)")
    print(f"{'operation':40} {'blocked ms':>11} {'slowest run':>12} {'worst gap ms':>13}")
    medians = {}
    for k, (name, _, _) in enumerate(runs[0]):
        took = [run[k][1] for run in runs]
        medians[name] = statistics.median(took)
        print(f"{name:40} {medians[name]:11.0f} {max(took):12.0f} {statistics.median(run[k][2] for run in runs):13.0f}")
    print(f"edit_stall_ms: {max(ms for name, ms in medians.items() if name != 'open'):.0f}")


if __name__ == "__main__":
    main()
