"""Render time of a 1080p edit with and without an accepted grade, in one run.

The edit is ``bench/render.py``'s (eleven reordered shots of a 1080p30000/1001 H.264 test
source, cached under .bench/); the graded run adds one accepted ``grade`` suggestion over the
whole source. Each variant renders ``--repeats`` times, alternating, and the best time counts.
Beside wall time it records the process's CPU time (all threads): on a machine shared with
other work, wall time mostly measures the neighbours, while CPU time still measures the work.

Run by hand:  .venv/bin/python bench/grade_render.py [--seconds 10] [--repeats 2]
Ends with ``grade_render_overhead: X`` (graded seconds / plain seconds - 1; target ≤ 0.15);
``--cpu`` makes X the CPU-time ratio instead (for a busy machine; the table shows both).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from render import build_edit, make_source  # noqa: E402

from vedit_gui.media.grade import Grade  # noqa: E402
from vedit_gui.render import render_timeline  # noqa: E402
from vedit_gui.timeline import FrameRange, Suggestion, SuggestionStatus, Timeline  # noqa: E402

GRADE = Grade(exposure=0.3, temperature=0.4, tint=-0.1, contrast=1.15, saturation=1.2)


def with_grade(timeline: Timeline) -> Timeline:
    media = timeline.media()[0]
    suggestion = Suggestion(
        "grade", media.path, FrameRange(0, media.duration), 1.0, "bench", GRADE.to_dict(),
        SuggestionStatus.ACCEPTED,
    )
    return replace(timeline, suggestions=(suggestion,))


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed_render(timeline: Timeline, out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of all threads) of one render."""
    start, cpu = time.perf_counter(), _cpu_seconds()
    render_timeline(timeline, out)
    return time.perf_counter() - start, _cpu_seconds() - cpu


def render_bench_arguments() -> argparse.Namespace:
    """The options the render-overhead benches share: edit length, repeats, CPU time."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--cpu", action="store_true", help="report the CPU-time overhead")
    return parser.parse_args()


def main() -> None:
    args = render_bench_arguments()
    plain = build_edit(make_source(args.seconds))
    graded = with_grade(plain)
    frames = plain.duration
    times: dict[str, list[tuple[float, float]]] = {"plain": [], "graded": []}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.repeats):
            times["plain"].append(timed_render(plain, Path(folder) / "plain.mp4"))
            times["graded"].append(timed_render(graded, Path(folder) / "graded.mp4"))
    print(f"1080p edit, {frames} frames, {args.repeats} runs each (best counts)")
    print(f"{'variant':<8} {'best s':>8} {'fps':>7} {'best cpu s':>11}  all runs (wall/cpu)")
    for name, runs in times.items():
        best = min(w for w, _ in runs)
        cpu = min(c for _, c in runs)
        listed = ", ".join(f"{w:.2f}/{c:.2f}" for w, c in runs)
        print(f"{name:<8} {best:8.2f} {frames / best:7.1f} {cpu:11.2f}  {listed}")
    wall = min(w for w, _ in times["graded"]) / min(w for w, _ in times["plain"]) - 1
    cpu = min(c for _, c in times["graded"]) / min(c for _, c in times["plain"]) - 1
    print(f"overhead: wall {wall:.3f}, cpu {cpu:.3f}")
    print(f"grade_render_overhead: {cpu if args.cpu else wall:.3f}")


if __name__ == "__main__":
    main()
