"""Review latency on a long edit: how long the GUI thread takes for each review action when a
feature's worth of suggestions is on the timeline.

Run by hand: ``.venv/bin/python bench/review_latency.py [--cuts 1500 --cuts 150]``.
Opens the editor (offscreen Qt) on a 20 min 160×90 file with a tone (made once under
``.bench/`` with the ffmpeg CLI), adds ``--cuts`` cut suggestions and as many grade
suggestions spread over it (a film of that length has about 1500 shots), and times, on the GUI
thread including the repaint each causes: adding them, a full repaint, N, A (accept: splits the
clip), R, a threshold step, Ctrl+Z, and "Accept all above threshold". Keys are the median of
five presses. ``play p95``: while 3 s play, the 95th percentile of a 5 ms GUI timer's lateness
(the playhead moves every frame). Each count gets a row, so the table shows how the cost grows with the edit.
Last line: ``review_key_ms: X`` (median of N / A / R at the largest count).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ffmpeg_source import cached_source  # noqa: E402
from gui_latency import StallMeter, close_editor, open_editor, percentiles, spin  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from vedit_gui.app.runtime import install_event_loop  # noqa: E402
from vedit_gui.media.grade import Grade  # noqa: E402
from vedit_gui.timeline import CUT, GRADE, FrameRange, Suggestion  # noqa: E402
from vedit_gui.ui.main_window import MainWindow  # noqa: E402

BENCH_FILE = ROOT / ".bench" / "review_20min_160x90.mp4"
KEY_REPEATS = 5
PLAY_SECONDS = 3.0


def make_long_source(path: Path = BENCH_FILE) -> Path:
    return cached_source(path, lambda ffmpeg, out: ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25",
        "-f", "lavfi", "-i", "sine=f=300:sample_rate=48000", "-t", "1200",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-c:a", "aac", "-b:a", "32k",
        "-shortest", str(out),
    ))


def suggestions(path: str, duration: int, count: int) -> tuple[Suggestion, ...]:
    """``count`` cuts evenly spread, confidences 0.3-0.9, and a grade for each shot between."""
    step = duration // (count + 1)
    cuts = tuple(
        Suggestion(CUT, path, FrameRange(step * (i + 1) - 1, 2), 0.3 + 0.6 * ((i * 37) % 100) / 100,
                   "bench", {"transition": "cut"})
        for i in range(count)
    )
    grades = tuple(
        Suggestion(GRADE, path, FrameRange(step * i, step), 0.6, "bench", Grade(temperature=0.2).to_dict())
        for i in range(count + 1)
    )
    return cuts + grades


def timed(app: QApplication, action: Callable[[], object]) -> float:
    """Milliseconds for ``action`` and the events (the repaint) it leaves queued."""
    start = time.perf_counter()
    action()
    app.processEvents()
    return (time.perf_counter() - start) * 1000


def key(window: MainWindow, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> Callable[[], None]:
    return lambda: QTest.keyClick(window, key, modifier)


def next_then(app: QApplication, window: MainWindow, decision: Qt.Key) -> float:
    """N to the next pending suggestion (not timed), then the decision key (timed)."""
    timed(app, key(window, Qt.Key.Key_N))
    return timed(app, key(window, decision))


def measure(app: QApplication, source: Path, count: int) -> dict[str, float]:
    window = open_editor(app, source)
    window.start_analysis = lambda: []  # the bench's suggestions only
    spin(app, 120, lambda: not window.jobs.jobs)
    found = suggestions(str(source), window.session.timeline.duration, count)
    row = {"add": timed(app, lambda: window.session.add_suggestions(found))}
    row["repaint"] = statistics.median(timed(app, window.timeline_view.repaint) for _ in range(KEY_REPEATS))
    # Playing moves the playhead every frame: how late a 5 ms GUI timer runs meanwhile.
    meter = StallMeter()
    meter.start()
    window.playback.toggle()
    spin(app, PLAY_SECONDS)
    window.playback.toggle()
    row["play p95"] = percentiles(meter.stop())["p95"]
    row["N"] = statistics.median(timed(app, key(window, Qt.Key.Key_N)) for _ in range(KEY_REPEATS))
    row["A"] = statistics.median(next_then(app, window, Qt.Key.Key_A) for _ in range(KEY_REPEATS))
    row["R"] = statistics.median(next_then(app, window, Qt.Key.Key_R) for _ in range(KEY_REPEATS))
    row["threshold"] = statistics.median(
        timed(app, lambda v=v: window.suggestions.threshold.setValue(v)) for v in (55, 60, 65, 70, 75)
    )
    row["undo"] = statistics.median(
        timed(app, key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)) for _ in range(KEY_REPEATS)
    )
    row["accept all"] = timed(app, window.suggestions.accept_all_button.click)
    row["clips"] = len(window.session.timeline.tracks[0].items)
    close_editor(app, window)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cuts", type=int, action="append", help="cut suggestions (repeatable)")
    args = parser.parse_args()
    counts = sorted(args.cuts or [150, 1500])
    source = make_long_source()
    app = QApplication.instance() or QApplication(sys.argv)
    install_event_loop(app)
    columns = ["add", "repaint", "play p95", "N", "A", "R", "threshold", "undo", "accept all"]
    print(f"{'suggestions':>11} " + " ".join(f"{c:>10}" for c in columns) + f" {'clips':>6}   (ms on the GUI thread)")
    rows = {}
    for count in counts:
        rows[count] = measure(app, source, count)
        print(f"{2 * count + 1:>11} " + " ".join(f"{rows[count][c]:10.1f}" for c in columns) + f" {rows[count]['clips']:>6}")
    largest = rows[counts[-1]]
    print(f"review_key_ms: {statistics.median([largest['N'], largest['A'], largest['R']]):.1f}")


if __name__ == "__main__":
    main()
