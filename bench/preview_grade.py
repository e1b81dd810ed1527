"""What a grade slider step costs the preview: re-grading the frame on screen, in one run.

Opens the bundled sample (1280×720) the way the paused viewer does
(``open_graded_preview`` at the still width), shows one frame, then times, in the picture
worker's place: the same frame again with no change (the reader's cache), a new look per
call (a slider step: new grade over the shot), the "before" picture, and the split wipe.
Each is the median of ``--steps`` calls. None of it runs on the GUI thread in the app; the
number says how quickly the viewer can follow a dragged slider.

Run by hand:  .venv/bin/python bench/preview_grade.py [--steps 40]
Ends with ``preview_regrade_ms: X`` (median ms per slider step).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vedit_gui.app.preview_grade import (  # noqa: E402
    GradeOverride,
    PreviewLook,
    PreviewLookState,
    open_graded_preview,
)
from vedit_gui.media import probe  # noqa: E402
from vedit_gui.media.grade import Grade  # noqa: E402
from vedit_gui.media.probe import media_reference  # noqa: E402
from vedit_gui.timeline import FrameRange, timeline_from_media  # noqa: E402

SAMPLE = ROOT / "resources" / "sample.mp4"
STILL_MAX_WIDTH = 1280  # ui.main_window's paused-viewer width
FRAME = 400


def median_ms(call, steps: int) -> float:
    times = []
    for step in range(steps):
        start = time.perf_counter()
        call(step)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()
    timeline = timeline_from_media(media_reference(probe(SAMPLE)))
    state = PreviewLookState()
    preview = open_graded_preview(timeline, state, STILL_MAX_WIDTH)
    shot = FrameRange(0, timeline.duration)
    try:
        start = time.perf_counter()
        preview.frame_at(FRAME)
        first_ms = (time.perf_counter() - start) * 1000

        def slider_step(step: int) -> None:
            grade = Grade(exposure=0.01 * (step + 1), temperature=-0.3, saturation=1.2)
            state.set(PreviewLook(override=GradeOverride(str(SAMPLE), shot, grade)))
            preview.frame_at(FRAME)

        def before(step: int) -> None:
            state.set(replace(state.look, before=step % 2 == 0))
            preview.frame_at(FRAME)

        def wipe(step: int) -> None:
            state.set(replace(state.look, before=False, wipe=0.3 + 0.01 * step))
            preview.frame_at(FRAME)

        rows = [
            ("first decode (seek)", first_ms),
            ("same frame, no change", median_ms(lambda _s: preview.frame_at(FRAME), args.steps)),
            ("slider step (new grade)", median_ms(slider_step, args.steps)),
            ("before / after toggle", median_ms(before, args.steps)),
            ("split wipe step", median_ms(wipe, args.steps)),
        ]
    finally:
        preview.close()
    width, height = preview.video.size
    print(f"preview of {SAMPLE.name} at {width}x{height}, frame {FRAME}, median of {args.steps}")
    print(f"{'case':<28}{'ms':>8}")
    for name, ms in rows:
        print(f"{name:<28}{ms:>8.1f}")
    print(f"preview_regrade_ms: {rows[2][1]:.1f}")


if __name__ == "__main__":
    main()
