"""What the cut-score curve adds to a timeline repaint, on a two-hour source.

A ``TimelineView`` 1600 px wide (offscreen Qt, no thumbnail or waveform stores, so the
figure is the view's own drawing) shows one two-hour 30 fps source with a per-frame score
curve, at several zooms and after the source is cut into 1000 clips. The curve is random
noise (a worst case: every column has a tall value to draw; a real curve is flat but for its
peaks). Each case is painted
with and without the curve; the table gives milliseconds per full repaint (median of 30).
A playhead step (the view repainted with the curve, as playback does) is timed too.

Run by hand:  QT_QPA_PLATFORM=offscreen .venv/bin/python bench/score_curve_paint.py
Ends with one line ``score_curve_paint_ms: X`` (the curve's extra cost per full repaint at
zoom-to-fit, the case that reads every frame's score).
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import replace
from fractions import Fraction

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from vedit_gui.timeline import Clip, FrameRange, MediaReference, Timeline, Track, TrackKind  # noqa: E402
from vedit_gui.ui.timeline_view import TimelineView  # noqa: E402

FRAMES = 2 * 60 * 60 * 30
RUNS = 30


def paint_ms(view: TimelineView) -> float:
    """Median milliseconds of one full paint of the view into an image."""
    image = QImage(view.size(), QImage.Format.Format_RGB32)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        view.render(image)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    source = MediaReference("/bench/two-hours.mp4", Fraction(30), FRAMES, has_audio=False)
    one = Timeline(Fraction(30), (Track(TrackKind.VIDEO, (Clip(source, FrameRange(0, FRAMES)),), "V1"),))
    step = FRAMES // 1000
    many = replace(one, tracks=(Track(TrackKind.VIDEO, tuple(Clip(source, FrameRange(i * step, step)) for i in range(1000)), "V1"),))
    rng = np.random.default_rng(1)
    curve = (rng.random(FRAMES, dtype=np.float32) ** 8).astype(np.float32)
    view = TimelineView()
    view.resize(1600, 300)
    view.show()
    app.processEvents()
    rows = []
    cases = [("1 clip, zoom to fit", one, None), ("1 clip, 1 frame/px", one, 1.0), ("1 clip, 30 frames/px", one, 30.0),
             ("1000 clips, zoom to fit", many, None)]
    for name, timeline, fpp in cases:
        view.set_timeline(timeline)
        if fpp is None:
            view.zoom_to_fit()
        else:
            view.set_frames_per_pixel(fpp)
            view.scroll_to(FRAMES / 2)
        view.set_score_curves({})
        without = paint_ms(view)
        view.set_score_curves({source.path: curve})
        with_curve = paint_ms(view)
        rows.append((name, without, with_curve))
    view.set_timeline(one)
    view.zoom_to_fit()
    view.set_playhead(FRAMES // 3)
    started = time.perf_counter()
    for frame in range(FRAMES // 3, FRAMES // 3 + RUNS):
        view.set_playhead(frame)
        view.repaint()
    strip = (time.perf_counter() - started) * 1000 / RUNS
    print(f"{'case':28} {'no curve ms':>12} {'with curve ms':>14} {'curve adds ms':>14}")
    for name, without, with_curve in rows:
        print(f"{name:28} {without:12.2f} {with_curve:14.2f} {with_curve - without:14.2f}")
    print(f"{'playhead step (full repaint)':28} {'':12} {strip:14.2f}")
    print(f"score_curve_paint_ms: {rows[0][2] - rows[0][1]:.2f}")


if __name__ == "__main__":
    main()
