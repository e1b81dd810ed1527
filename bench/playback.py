"""Does playback keep up? Plays index-stamped footage through ``PlaybackController`` and
counts the pictures shown on time (run by hand, not by pytest).

For each source size and speed (1×, 2× sequential decode; 8× and reverse, one random-access
decode per picture): frames the clock passed, pictures shown, how many of those were the
frame due (±1), and the share of frames dropped (at 8× a screen could not show them all
anyway). The footage is made by
``tests/mediagen.py`` in a temporary folder; the clock is the monotonic one (no audio device
is assumed). Ends with the share of frames shown at 1080p, 1×.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/playback.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from mediagen import make_video, read_index  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEventLoop  # noqa: E402

from vedit_gui.app.playback import PAUSED, PlaybackController  # noqa: E402
from vedit_gui.media import media_reference, probe  # noqa: E402
from vedit_gui.timeline import timeline_from_media  # noqa: E402

SECONDS = 4
SIZES = [(640, 360), (1280, 720), (1920, 1080)]
SPEEDS = [1, 2, 8, -1]


def spin(app: QCoreApplication, until) -> None:
    while not until():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.002)  # an idle event loop sleeps; a busy one would starve the workers


def measure(app: QCoreApplication, timeline, speed: int) -> tuple[int, int, int, float]:
    """(frames passed, pictures shown, pictures due ±1, seconds) for one run end to end."""
    controller = PlaybackController(audio_output=lambda fmt: None)
    shown: list[tuple[int, int, int]] = []
    controller.frame_ready.connect(
        lambda frame, picture: shown.append((frame, read_index(picture), controller.position))
    )
    controller.set_timeline(timeline)
    first = 0 if speed > 0 else timeline.duration - 1
    controller.seek(first)
    spin(app, lambda: controller.shown_frame == first)
    shown.clear()
    started = time.perf_counter()
    for _ in range(abs(speed).bit_length()):
        (controller.shuttle_forward if speed > 0 else controller.shuttle_backward)()
    spin(app, lambda: controller.state == PAUSED)
    seconds = time.perf_counter() - started
    controller.close()
    end = timeline.duration - 1 if speed > 0 else 0
    during = shown[:-1] if shown and shown[-1][0] == end else shown
    on_time = sum(1 for frame, index, playhead in during if frame == index and abs(frame - playhead) <= 1)
    return timeline.duration, len(during), on_time, seconds


def main() -> None:
    app = QCoreApplication.instance() or QCoreApplication([])
    print(f"{'source':>10} {'speed':>5} {'frames':>6} {'shown':>6} {'on time':>7} {'dropped':>8} {'wall s':>7}")
    last_share = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for width, height in SIZES:
            clip = make_video(Path(folder) / f"{width}x{height}.mp4", SECONDS * 30, width=width, height=height)
            timeline = timeline_from_media(media_reference(probe(clip.path)))
            for speed in SPEEDS:
                frames, shown, on_time, seconds = measure(app, timeline, speed)
                expected = frames
                dropped = max(0.0, 1 - shown / expected)
                print(
                    f"{width}x{height:<5} {speed:>4}× {frames:>6} {shown:>6} {on_time:>7} "
                    f"{dropped:>7.0%} {seconds:>7.2f}"
                )
                if (width, speed) == (1920, 1):
                    last_share = shown / expected
    print(f"playback_1080p_1x_shown_share: {last_share:.3f}")


if __name__ == "__main__":
    main()
