"""Memory benchmark: the editor window on a two-hour 1080p source.

Run by hand: ``.venv/bin/python bench/long_source_memory.py``.
Uses the timeline benchmark's 2-hour 1080p H.264 file with sound (GOP 250, made once under
``.bench/``), opens it in the editor window (offscreen Qt), zooms to fit, then zooms in and
scrolls across the whole timeline while the filmstrip and waveform are made, sampling the
process's resident memory (VmRSS) and its peak (VmHWM from /proc/self/status) as it goes.
Target: peak under 1.5 GB. Last line: ``long_source_peak_rss_mb: X``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gui_latency import close_editor, open_editor, spin  # noqa: E402  (sets the offscreen platform)
from PySide6.QtWidgets import QApplication  # noqa: E402
from timeline_thumbnails import BENCH_FILE, make_bench_file  # noqa: E402

from vedit_gui.app.runtime import cancel_tasks, install_event_loop  # noqa: E402

SCROLL_STEPS = 24
SETTLE_S = 1.5


def memory_mb() -> tuple[float, float]:
    """(current RSS, peak RSS) of this process in MB, from /proc/self/status."""
    values: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def main() -> None:
    source = make_bench_file(BENCH_FILE)
    app = QApplication.instance() or QApplication(sys.argv)
    loop = install_event_loop(app)
    started = time.monotonic()
    rows: list[tuple[float, str, float, float, str]] = []
    window = None

    def sample(step: str) -> None:
        rss, peak = memory_mb()
        work = "-"
        if window is not None:
            # Proof the stores were working while we measured: pictures held, peaks made.
            path = str(source)
            peaks = window.waveforms.peaks(path)
            waveform = "waveform ready" if peaks is not None else "waveform pending"
            work = f"{len(window.thumbnails)} thumbs ({window.thumbnails.nbytes / 2**20:.0f} MB), {waveform}"
        rows.append((time.monotonic() - started, step, rss, peak, work))

    sample("before open")
    window = open_editor(app, source, timeout=120)
    view = window.timeline_view
    view.zoom_to_fit()
    spin(app, SETTLE_S * 2)
    sample("open, zoom to fit")

    for _ in range(6):
        view.zoom_in()
        spin(app, SETTLE_S / 3)
    sample(f"zoomed in x6 ({view.frames_per_pixel:.1f} frames/px)")

    duration = window.session.timeline.duration
    for step in range(1, SCROLL_STEPS + 1):
        view.scroll_to(duration * step / SCROLL_STEPS - view.width() * view.frames_per_pixel / 2)
        spin(app, SETTLE_S / 2)
        if step % 6 == 0:
            sample(f"scrolled {step}/{SCROLL_STEPS} of the way")

    for _ in range(4):
        view.zoom_in()
        spin(app, SETTLE_S / 3)
    for step in range(SCROLL_STEPS, 0, -2):
        view.scroll_to(duration * step / SCROLL_STEPS)
        spin(app, SETTLE_S / 3)
    sample(f"zoomed in x10, scrolled back ({view.frames_per_pixel:.2f} frames/px)")

    view.zoom_to_fit()
    window.seek(duration // 2)
    spin(app, SETTLE_S * 2)
    sample("zoom to fit, seek to middle")

    close_editor(app, window)
    cancel_tasks(loop)
    peak = max(row[3] for row in rows)

    print(f"source: {source.name} (2 h, 1920x1080, GOP 250, AAC), {duration} frames")
    print(f"{'t s':>6}  {'step':<48}{'RSS MB':>9}{'peak MB':>9}  stores")
    for t, step, rss, high, work in rows:
        print(f"{t:6.1f}  {step:<48}{rss:9.0f}{high:9.0f}  {work}")
    print(f"target: peak under 1536 MB ({'met' if peak < 1536 else 'MISSED'})")
    print(f"long_source_peak_rss_mb: {peak:.0f}")


if __name__ == "__main__":
    main()
