"""How long saving, loading and autosaving a large project takes (run by hand).

A timeline of one two-hour 29.97 source cut into N shots on a picture and a sound track,
with a suggestion per cut. Prints a table (best of three; autosave is one recovery write after an edit) and
ends with the autosave time of the largest
project, the number that decides whether autosave may run on the GUI thread.

    .venv/bin/python bench/bench_project_io.py
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

from vedit_gui.project import (
    Autosaver,
    load_project,
    save_project,
    timeline_from_dict,
    timeline_to_dict,
)
from vedit_gui.timeline import (
    FrameRange,
    History,
    MediaReference,
    Split,
    Suggestion,
    timeline_from_media,
)

RATE = Fraction(30000, 1001)


def build(shots: int):
    media = MediaReference("/footage/feature.mov", RATE, 2 * 3600 * 30)
    timeline = timeline_from_media(media)
    step = media.duration // shots
    for frame in range(step, step * shots, step):
        timeline = Split(frame).apply(timeline)
    suggestions = tuple(
        Suggestion("cut", media.path, FrameRange(f, 1), 0.9, "shots v1", {"score": 0.9})
        for f in range(step, step * shots, step)
    )
    return replace(timeline, suggestions=suggestions)


def best_of(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    print(
        f"{'shots':>7} {'to_dict ms':>11} {'from_dict ms':>13} {'save ms':>8} {'load ms':>8} {'autosave ms':>12} {'file KiB':>9}"
    )
    autosave_ms = 0.0
    with tempfile.TemporaryDirectory() as folder:
        os.environ["VEDIT_RECOVERY_DIR"] = str(Path(folder) / "recovery")
        for shots in (100, 1000, 5000):
            timeline = build(shots)
            path = Path(folder) / f"p{shots}.vedit"
            data = timeline_to_dict(timeline)
            to_dict = best_of(3, lambda: timeline_to_dict(timeline))  # noqa: B023
            from_dict = best_of(3, lambda: timeline_from_dict(data))  # noqa: B023
            save = best_of(3, lambda: save_project(timeline, path))  # noqa: B023
            load = best_of(3, lambda: load_project(path))  # noqa: B023
            history = History(timeline)
            saver = Autosaver(history, path, min_interval_s=0)
            # An edit and its undo: two recovery writes.
            autosave = best_of(3, lambda: history.apply(Split(7)) and history.undo())  # noqa: B023
            saver.close()
            autosave_ms = autosave * 1000 / 2
            size = path.stat().st_size / 1024
            print(
                f"{shots:>7} {to_dict * 1000:>11.1f} {from_dict * 1000:>13.1f} {save * 1000:>8.1f} {load * 1000:>8.1f} {autosave_ms:>12.1f} {size:>9.0f}"
            )
    print(f"autosave_ms_5000_shots: {autosave_ms:.1f}")


if __name__ == "__main__":
    main()
