"""Cut analysis speed against decoding alone, on the same 60 s 1080p H.264 file, in one run.

``vedit analyze --no-grades`` (cut detection only; the whole command: start-up, probe, decode at the model's size, model,
JSON) is timed beside a PyAV decode-only pass over the same file (every frame decoded, none
converted), first on a quiet machine, then while a second process keeps one core busy.
The source (made once with the ffmpeg CLI, cached under .bench/) is a test pattern.

Run by hand:  .venv/bin/python bench/analysis.py [--seconds 60]
Ends with one line ``analysis_vs_decode: X`` (analysis frames/s ÷ decode-only frames/s, quiet).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av
from ffmpeg_source import cached_source

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".bench"
VEDIT = Path(sys.executable).with_name("vedit")


def make_source(seconds: int) -> Path:
    return cached_source(CACHE / f"analysis_source_1080p_{seconds}s.mp4", lambda ffmpeg, out: ffmpeg(
        "-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=30000/1001:duration={seconds}",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-g", "60", "-pix_fmt", "yuv420p", str(out),
    ))


def decode_only(path: Path) -> tuple[int, float]:
    start = time.perf_counter()
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        frames = sum(1 for _ in container.decode(stream))
    return frames, time.perf_counter() - start


def analyze(path: Path) -> tuple[int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cuts.json"
        start = time.perf_counter()
        subprocess.run([str(VEDIT), "analyze", str(path), "--no-cache", "--no-grades", "--json", str(out)],
                       check=True, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        return json.loads(out.read_text())["frames"], seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=60)
    args = ap.parse_args()
    source = make_source(args.seconds)
    decode_only(source)  # warm the page cache
    rows = []
    ratios = {}
    for load in ("quiet", "one core busy"):
        busy = None
        if load != "quiet":
            busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        try:
            n_dec, t_dec = decode_only(source)
            n_ana, t_ana = analyze(source)
        finally:
            if busy is not None:
                busy.kill()
                busy.wait()
        dec_fps, ana_fps = n_dec / t_dec, n_ana / t_ana
        ratios[load] = ana_fps / dec_fps
        rows.append((load, "PyAV decode only", n_dec, t_dec, dec_fps))
        rows.append((load, "vedit analyze", n_ana, t_ana, ana_fps))
    print(f"source: {source.name} (1920x1080 H.264, {args.seconds} s)")
    print(f"{'machine':15} {'pass':18} {'frames':>7} {'seconds':>8} {'frames/s':>9}")
    for load, name, n, t, fps in rows:
        print(f"{load:15} {name:18} {n:7d} {t:8.2f} {fps:9.1f}")
    print(f"analysis_vs_decode (one core busy): {ratios['one core busy']:.3f}")
    print(f"analysis_vs_decode: {ratios['quiet']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
