"""Scrub benchmark: random seek-and-decode latency beside sequential decode speed.

Run by hand: ``.venv/bin/python bench/scrub.py [--frames 200] [--threads 0] [--full-size] [--compare]``.
Generates (once, cached under ``.bench/``) a 60 s 1080p H.264 file with GOP 60 and
B-frames, then times ~200 random ``FrameReader.read`` calls on a fresh reader (at the size
the viewer reads a 1080p source, 1280×720, as the editor does; ``--full-size``: 1920×1080,
as a render does), two simulated
playhead drags (slow: 1-4 frames a request, fast: 5-20, turning back now and then) and a
sequential decode of the same file in the same run. ``--compare`` adds a table of decoder
threading settings, measured request by request side by side. Wall time on a shared machine
is noisy; CPU time per read (all threads) much less so. The same random reads from the
source's scrub copy (``vedit_gui.media.proxy``, made once into the cache) beside them. Last
line: ``scrub_median_ms: X`` (random reads of the source).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ffmpeg_source import cached_source  # noqa: E402

from vedit_gui.media import FrameReader, decode  # noqa: E402
from vedit_gui.media.proxy import make_proxy  # noqa: E402

BENCH_FILE = ROOT / ".bench" / "scrub_1080p_h264_gop60.mp4"
# The viewer shows a paused 1080p frame at 1280 wide (ui.main_window.STILL_MAX_WIDTH).
VIEWER_SIZE = (1280, 720)


def make_bench_file(path: Path) -> Path:
    """60 s of moving 1080p test pattern, x264 'veryfast' (CABAC, 3 B-frames), GOP 60."""
    return cached_source(path, lambda ffmpeg, out: ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30000/1001:duration=60",
        "-c:v", "libx264", "-preset", "veryfast", "-bf", "3", "-g", "60", "-keyint_min", "60",
        "-sc_threshold", "0", "-pix_fmt", "yuv420p", str(out),
    ))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def drag(count: int, reads: int, step: tuple[int, int], rng: random.Random) -> list[int]:
    """Playhead positions of a drag: steps of ``step`` frames, turning back 15 % of the time."""
    position, direction, targets = rng.randrange(count), 1, []
    for _ in range(reads):
        if rng.random() < 0.15:
            direction = -direction
        position = min(count - 1, max(0, position + direction * rng.randint(*step)))
        targets.append(position)
    return targets


def timed_reads(reader: FrameReader, targets: list[int]) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of ``reader.read`` for each target."""
    latencies, cpu = [], []
    for target in targets:
        start, start_cpu = time.perf_counter(), time.process_time()
        reader.read(target)
        latencies.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return latencies, cpu


def compare_threading(path: Path, targets: list[int]) -> None:
    """Random reads through readers with different decoder threading, one request each in
    turn, so load on the machine falls on every setting alike."""
    settings = [("AUTO", 0), ("FRAME", 2), ("FRAME", 3), ("SLICE", 2), ("AUTO", 1)]
    readers = []
    default = decode._THREAD_TYPE
    try:
        for thread_type, threads in settings:
            decode._THREAD_TYPE = thread_type
            readers.append(FrameReader(path, threads=threads))
    finally:
        decode._THREAD_TYPE = default
    results: list[tuple[list[float], list[float]]] = [([], []) for _ in settings]
    for reader in readers:
        reader.read(0)
    for target in targets:
        for reader, (wall, cpu) in zip(readers, results, strict=True):
            w, c = timed_reads(reader, [target])
            wall += w
            cpu += c
    for reader in readers:
        reader.close()
    print(f"{'threading':<12}{'wall median':>12}{'wall p95':>10}{'CPU median':>12}")
    for (thread_type, threads), (wall, cpu) in zip(settings, results, strict=True):
        print(
            f"{thread_type + ' x' + str(threads):<12}{statistics.median(wall):>12.1f}"
            f"{percentile(wall, 0.95):>10.1f}{statistics.median(cpu):>12.1f}"
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--frames", type=int, default=200)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--compare", action="store_true", help="compare threading settings")
    parser.add_argument("--full-size", action="store_true", help="read 1920x1080 pictures, not the viewer's 1280x720")
    args = parser.parse_args()
    path = make_bench_file(BENCH_FILE)
    size = None if args.full_size else VIEWER_SIZE

    with FrameReader(path, threads=args.threads, size=size) as reader:
        count = reader.frame_count
        rng = random.Random(args.seed)
        targets = [rng.randrange(count) for _ in range(args.frames)]
        reader.read(0)
        latencies, cpu = timed_reads(reader, targets)
    if args.compare:
        compare_threading(path, targets[: max(1, args.frames // 2)])
    drags = {}
    for name, step in (("slow drag", (1, 4)), ("fast drag", (5, 20))):
        with FrameReader(path, threads=args.threads, size=size) as reader:
            drags[name] = timed_reads(reader, drag(count, args.frames, step, rng))

    # The same random reads from the source's scrub copy (made once: its time is shown too).
    start = time.perf_counter()
    copy = make_proxy(path, lambda f: None, threading.Event())
    copy_seconds = time.perf_counter() - start
    with FrameReader(copy, threads=args.threads, size=size) as reader:
        reader.read(0)
        copy_latencies, copy_cpu = timed_reads(reader, targets)

    with FrameReader(path, threads=args.threads) as reader:
        start = time.perf_counter()
        decoded = sum(1 for _ in reader.av_frames(0, 600))
        sequential_fps = decoded / (time.perf_counter() - start)
    with FrameReader(path, threads=args.threads, size=size) as reader:
        start = time.perf_counter()
        converted = sum(1 for _ in reader.frames(0, 300))
        rgb_fps = converted / (time.perf_counter() - start)

    median = statistics.median(latencies)
    rows = [
        (
            "file",
            f"{path.name} ({count} frames, {reader.info.video.width}x{reader.info.video.height})",
        ),
        ("read at", "full size" if size is None else f"{size[0]}x{size[1]} (the viewer's size)"),
        ("random reads", str(len(latencies))),
        ("random read median (ms)", f"{median:.1f}"),
        ("random read p95 (ms)", f"{percentile(latencies, 0.95):.1f}"),
        ("random read max (ms)", f"{max(latencies):.1f}"),
        # CPU time (all decoder threads) is what a busy shared machine distorts least.
        ("random read CPU median (ms)", f"{statistics.median(cpu):.1f}"),
        *(
            (f"{name} {what}", value)
            for name, (wall, cpu_ms) in drags.items()
            for what, value in (
                ("median (ms)", f"{statistics.median(wall):.1f}"),
                ("p95 (ms)", f"{percentile(wall, 0.95):.1f}"),
                ("CPU median (ms)", f"{statistics.median(cpu_ms):.1f}"),
            )
        ),
        ("scrub copy: random read median (ms)", f"{statistics.median(copy_latencies):.1f}"),
        ("scrub copy: random read p95 (ms)", f"{percentile(copy_latencies, 0.95):.1f}"),
        ("scrub copy: random read CPU median (ms)", f"{statistics.median(copy_cpu):.1f}"),
        ("scrub copy: made in (s, or found)", f"{copy_seconds:.1f}"),
        ("sequential decode (fps, no RGB)", f"{sequential_fps:.1f}"),
        ("sequential decode + RGB (fps)", f"{rgb_fps:.1f}"),
        ("median read / sequential frame time", f"{median / (1000 / sequential_fps):.1f}x"),
        ("load average at the end (1 min)", f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(f"scrub copy read / source read (median): {statistics.median(copy_latencies) / median:.2f}")
    print(f"scrub_median_ms: {median:.1f}")


if __name__ == "__main__":
    main()
