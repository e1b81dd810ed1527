"""Timeline filmstrip benchmark: a two-hour 1080p source in the timeline widget.

Run by hand: ``.venv/bin/python bench/timeline_thumbnails.py``.
Makes (once, cached under ``.bench/``) a 2-hour 1080p H.264 file with sound (GOP 250) by
stream-copying one encoded minute 120 times, opens it in a :class:`TimelineView` at
1100 px with real thumbnail and waveform stores, then times how long the filmstrip takes
to fill at zoom-to-fit, after zooming in at the middle, and after a scroll, and how much the
process's memory grew. Last line: ``filmstrip_rss_growth_mb: X``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ffmpeg_source import cached_source

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from vedit_gui.app.runtime import install_event_loop  # noqa: E402
from vedit_gui.app.thumbnail_store import ThumbnailStore  # noqa: E402
from vedit_gui.app.waveform_store import WaveformStore  # noqa: E402
from vedit_gui.media import media_reference, probe  # noqa: E402
from vedit_gui.timeline import timeline_from_media  # noqa: E402
from vedit_gui.ui.timeline_view import TimelineView  # noqa: E402

BENCH_FILE = ROOT / ".bench" / "timeline_2h_1080p_gop250.mp4"
MINUTES = 120


def make_bench_file(path: Path) -> Path:
    def make(ffmpeg, out: Path) -> None:
        minute = path.with_suffix(".minute.mp4")
        listing = path.with_suffix(".txt")
        # Colour bars with a moving test pattern over them: real motion, a small file (~1 MB a minute).
        scene = (
            "smptehdbars=size=1920x1080:rate=30000/1001[bg];"
            "testsrc2=size=320x240:rate=30000/1001[fg];"
            "[bg][fg]overlay=x='mod(t*300,1600)':y=420:shortest=1,trim=duration=60[v];"
            "sine=frequency=440:sample_rate=48000,atrim=duration=60[a]"
        )
        ffmpeg("-filter_complex", scene, "-map", "[v]", "-map", "[a]",
               "-c:v", "libx264", "-preset", "ultrafast", "-crf", "30", "-g", "250",
               "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", str(minute))
        listing.write_text(f"file '{minute.name}'\n" * MINUTES)
        ffmpeg("-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy", str(out))
        minute.unlink()
        listing.unlink()

    return cached_source(path, make)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def settle(app: QApplication, view: TimelineView, store: ThumbnailStore, timeout: float = 300) -> float:
    """Seconds until a paint asks for nothing new and the store is idle."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        view.repaint()
        app.processEvents()
        if not store.busy:
            view.repaint()
            app.processEvents()
            if not store.busy:
                break
        time.sleep(0.005)
    return time.perf_counter() - start


def main() -> int:
    path = make_bench_file(BENCH_FILE)
    app = QApplication([])
    install_event_loop(app)
    base = rss_mb()
    t0 = time.perf_counter()
    media = media_reference(probe(path))
    probe_s = time.perf_counter() - t0
    thumbnails = ThumbnailStore(height=48)
    waveforms = WaveformStore()
    view = TimelineView(thumbnails, waveforms)
    view.resize(1100, 280)
    view.show()
    view.set_timeline(timeline_from_media(media))
    rows = [("probe (packet scan)", probe_s, len(thumbnails), rss_mb() - base)]

    def step(name: str) -> None:
        rows.append((name, settle(app, view, thumbnails), len(thumbnails), rss_mb() - base))

    step("fit: filmstrip filled")
    view.set_frames_per_pixel(0.5, view.x_for_frame(media.duration // 2))
    view.scroll_to(media.duration // 2)
    step("zoom in at the middle")
    view.scroll_to(view.first_frame + 3000)
    step("scroll 100 s on")
    for place in range(10):
        view.scroll_to(media.duration * place / 10)
        step(f"jump to {place * 10}%")
    t0 = time.perf_counter()
    while waveforms.peaks(media.path) is None and time.perf_counter() - t0 < 600:
        app.processEvents()
        time.sleep(0.01)
    rows.append(("waveform (whole file, bg)", time.perf_counter() - t0, len(thumbnails), rss_mb() - base))
    growth = rss_mb() - base
    print(f"source: {path.name}, {media.duration} frames at {media.rate}")
    print(f"{'step':28} {'seconds':>9} {'thumbnails':>11} {'rss +MB':>8}")
    for name, seconds, count, rss in rows:
        print(f"{name:28} {seconds:9.2f} {count:11d} {rss:8.0f}")
    print(f"thumbnail cache: {thumbnails.nbytes / 2**20:.1f} MB of {thumbnails.max_bytes / 2**20:.0f} MB")
    peaks = waveforms.peaks(media.path)
    print(f"waveform peaks: {0 if peaks is None else peaks.nbytes / 2**20:.1f} MB")
    thumbnails.close()
    waveforms.close()
    print(f"filmstrip_rss_growth_mb: {growth:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
