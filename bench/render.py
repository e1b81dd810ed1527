"""Render speed against the ffmpeg CLI on the same edit, side by side in one run.

A 60 s 1080p H.264 source with sound (made once, cached under .bench/) is cut into 11 shots
which are reordered; our ``render_timeline`` and ``/usr/bin/ffmpeg`` (input seek per shot,
trim/atrim for exact length, concat filter; same x264 preset and CRF, AAC) both render it.

Run by hand:  .venv/bin/python bench/render.py [--seconds 60]
Ends with one line ``render_vs_ffmpeg: X`` (ffmpeg seconds / ours; above 1 means we are faster).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

from ffmpeg_source import cached_source

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vedit_gui.media import media_reference, probe  # noqa: E402
from vedit_gui.render import PRESETS, TimelineVideo, render_timeline  # noqa: E402
from vedit_gui.timeline import Move, Split, Timeline, timeline_from_media  # noqa: E402

FFMPEG = "/usr/bin/ffmpeg"
CACHE = ROOT / ".bench"
RATE = Fraction(30000, 1001)


def make_source(seconds: int) -> Path:
    """A 1080p30000/1001 test pattern with a tone, encoded like a camera file (GOP 60)."""
    return cached_source(CACHE / f"render_source_1080p_{seconds}s.mp4", lambda ffmpeg, out: ffmpeg(
        "-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=30000/1001:duration={seconds}",
        "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-g", "60", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "192k", "-ac", "2", "-shortest", str(out),
    ))


def build_edit(source: Path) -> Timeline:
    """Eleven shots of the whole source, reordered: every other shot moved to the front."""
    media = media_reference(probe(source))
    timeline = timeline_from_media(media)
    step = media.duration // 11
    for cut in range(step, step * 11, step):
        timeline = Split(cut).apply(timeline)
    shots = timeline.tracks[0].items
    for shot in shots[1::2]:
        timeline = Move(shot.id, 0).apply(timeline)
    return timeline


def shots_of(timeline: Timeline) -> list[tuple[int, int]]:
    """(source start, duration) of each shot in timeline order, in timeline frames."""
    return [(clip.source_range.start, clip.duration) for clip in timeline.tracks[0].items]


def ffmpeg_command(source: Path, shots: list[tuple[int, int]], out: Path) -> list[str]:
    preset = PRESETS["h264"]
    args = [FFMPEG, "-v", "error", "-y"]
    graph = []
    for i, (start, duration) in enumerate(shots):
        start_s, dur_s = float(start / RATE), float(duration / RATE)
        # Input seeking makes each shot decode from its nearest keyframe, as a fair editor would.
        args += ["-ss", f"{start_s:.6f}", "-t", f"{dur_s + 0.1:.6f}", "-i", str(source)]
        graph.append(
            f"[{i}:v]trim=end_frame={duration},setpts=PTS-STARTPTS[v{i}];"
            f"[{i}:a]atrim=duration={dur_s:.6f},asetpts=PTS-STARTPTS[a{i}]"
        )
    inputs = "".join(f"[v{i}][a{i}]" for i in range(len(shots)))
    graph.append(f"{inputs}concat=n={len(shots)}:v=1:a=1[v][a]")
    args += [
        "-filter_complex", ";".join(graph), "-map", "[v]", "-map", "[a]",
        "-c:v", "libx264", "-preset", preset.codec_options["preset"], "-crf", preset.codec_options["crf"],
        "-pix_fmt", "yuv420p", "-r", "30000/1001",
        "-c:a", "aac", "-b:a", str(preset.audio_bit_rate), "-ar", "48000",
        "-movflags", "+faststart", str(out),
    ]
    return args


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def decode_only(timeline: Timeline) -> float:
    """Seconds to walk the edit's pictures without encoding (the decode share of a render)."""
    began = time.perf_counter()
    with TimelineVideo(timeline) as video:
        for _ in video.av_frames():
            pass
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=1, help="alternate runs, keep each best")
    args = parser.parse_args()
    source = make_source(args.seconds)
    timeline = build_edit(source)
    frames = timeline.duration
    shots = shots_of(timeline)
    ours_out = CACHE / "render_ours.mp4"
    ffmpeg_out = CACHE / "render_ffmpeg.mp4"

    ours = theirs = ours_cpu = theirs_cpu = float("inf")
    for _ in range(args.repeat):
        began, cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF)
        render_timeline(timeline, ours_out, preset="h264")
        ours = min(ours, time.perf_counter() - began)
        ours_cpu = min(ours_cpu, cpu_seconds(resource.RUSAGE_SELF) - cpu)
        began, cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_CHILDREN)
        subprocess.run(ffmpeg_command(source, shots, ffmpeg_out), check=True)
        theirs = min(theirs, time.perf_counter() - began)
        theirs_cpu = min(theirs_cpu, cpu_seconds(resource.RUSAGE_CHILDREN) - cpu)
    decode = decode_only(timeline)

    print(f"source: {source.name}, {frames} frames in {len(shots)} shots, {os.cpu_count()} CPUs")
    # CPU seconds are the fairer comparison on a machine other work shares; wall time is the claim.
    print(f"{'run':<22} {'seconds':>8} {'fps':>8} {'cpu s':>8} {'MB':>7}")
    rows = (("vedit render", ours, ours_cpu, ours_out), ("ffmpeg CLI", theirs, theirs_cpu, ffmpeg_out))
    for name, seconds, cpu, out in rows:
        print(f"{name:<22} {seconds:8.2f} {frames / seconds:8.1f} {cpu:8.1f} {out.stat().st_size / 1e6:7.1f}")
    print(f"{'vedit decode only':<22} {decode:8.2f} {frames / decode:8.1f} {'-':>8} {'-':>7}")
    print(f"cpu_ffmpeg_vs_ours: {theirs_cpu / ours_cpu:.2f}")
    print(f"render_vs_ffmpeg: {theirs / ours:.2f}")


if __name__ == "__main__":
    main()
