"""Render time of a 1080p edit with an accepted punch-in, and with a title, beside the plain
edit, in one run.

The edit is ``bench/render.py``'s (eleven reordered shots of a 1080p30000/1001 H.264 test
source, cached under .bench/). The punch-in variant sees the whole source 115 % closer (its
frames stay in 4:2:0, each plane moved by one warp); the title variant lays a two-line lower
third over the whole source (titled frames go through R'G'B'). Each variant renders
``--repeats`` times, alternating, and the best time counts; CPU time (all threads) beside wall
time, as ``bench/grade_render.py`` does.

Run by hand:  .venv/bin/python bench/effect_render.py [--seconds 10] [--repeats 2]
Ends with ``effect_render_overhead: X``: the larger of the two variants' wall-time overheads
(effect seconds / plain seconds - 1); ``--cpu`` makes it CPU time.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from grade_render import render_bench_arguments, timed_render  # noqa: E402
from render import build_edit, make_source  # noqa: E402

from vedit_gui.media.punch_in import DEFAULT_ZOOM, PunchIn  # noqa: E402
from vedit_gui.media.title import Title  # noqa: E402
from vedit_gui.timeline import PUNCH_IN, TITLE, FrameRange, Suggestion, SuggestionStatus, Timeline  # noqa: E402


def with_effect(timeline: Timeline, kind: str) -> Timeline:
    media = timeline.media()[0]
    whole = FrameRange(0, media.duration)
    if kind == PUNCH_IN:
        params = PunchIn(0, media.duration, DEFAULT_ZOOM, 0.55, 0.4).to_params()
    else:
        params = Title("Jane Doe", 0, media.duration, second="Director, Field Studies", fade=9).to_params()
    return replace(timeline, suggestions=(Suggestion(kind, media.path, whole, 1.0, "bench", params, SuggestionStatus.ACCEPTED),))


def main() -> None:
    args = render_bench_arguments()
    plain = build_edit(make_source(args.seconds))
    variants = {"plain": plain, "punch-in": with_effect(plain, PUNCH_IN), "title": with_effect(plain, TITLE)}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.repeats):
            for name, timeline in variants.items():
                times[name].append(timed_render(timeline, Path(folder) / f"{name}.mp4"))
    frames = plain.duration
    print(f"1080p edit, {frames} frames, {args.repeats} runs each (best counts)")
    print(f"{'variant':<9} {'best s':>8} {'fps':>7} {'best cpu s':>11} {'overhead wall/cpu':>18}")
    best = {name: (min(w for w, _ in runs), min(c for _, c in runs)) for name, runs in times.items()}
    overheads = {}
    for name, (wall, cpu) in best.items():
        over = (wall / best["plain"][0] - 1, cpu / best["plain"][1] - 1)
        overheads[name] = over
        print(f"{name:<9} {wall:8.2f} {frames / wall:7.1f} {cpu:11.2f} {over[0]:>9.3f}/{over[1]:.3f}")
    worst = max(overheads[name][1 if args.cpu else 0] for name in ("punch-in", "title"))
    print(f"effect_render_overhead: {worst:.3f}")


if __name__ == "__main__":
    main()
