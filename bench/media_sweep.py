"""Every real video we can find, read two ways: what a jump, the filmstrip and a render show
against a decode from the start.

Tests make their own media. This script reads other people's files, where faults hide: a
green picture after a jump (old x264 streams), thumbnails a GOP off (MPEG program streams),
an empty filmstrip (Microsoft Video 1), a render darker than its preview (5-bit R'G'B'). For
each file it reports:
- ``jump``: the largest mean |RGB| difference between a fresh reader's ``read(k)`` and a
  sequential decode, over a few frames (0 when exact);
- ``strip``: the same for each filmstrip thumbnail against the frame it is labelled with
  (``-`` when there are none);
- ``render``: ``vedit auto --accept cuts`` against the viewer's picture (``TimelineVideo``),
  as the mean signed error per channel (a bias) and the mean |error| (the encoder's loss,
  around 1-5 levels);
- ``graded``: every grade the colour model proposes for the file (``vedit analyze``, whatever
  its confidence) accepted, rendered, against the preview's graded picture: mean |error|
  (the same encoder loss when preview and render grade alike; a Cinepak drift showed as 11);
- ``frames``: frames in, frames out.

Files: the evaluation clips (``../shared/eval``, their Debian packages unpacked by its
``fetch_clips.sh``) unless paths are given. Measuring only: nothing here trains or tunes.

Run by hand:  .venv/bin/python bench/media_sweep.py [FILE ...] [--no-render]
Ends with ``media_sweep_worst_jump: X`` (0.00 when every jump is exact).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vedit_gui.media import FrameReader, MediaError, media_reference, probe, thumbnails  # noqa: E402
from vedit_gui.render import TimelineVideo, render_timeline  # noqa: E402
from vedit_gui.timeline import (  # noqa: E402
    FrameRange,
    Suggestion,
    SuggestionStatus,
    timeline_from_media,
)

EVAL = ROOT.parent / "shared" / "eval"
SIZE = (96, 54)
JUMPS = 6


def eval_videos() -> list[Path]:
    """The clips the cut truth files name, fetched the way ``run_cuts.sh`` fetches them."""
    fetched = subprocess.run(
        ["bash", str(EVAL / "fetch_clips.sh")], capture_output=True, text=True, check=True
    ).stdout.strip().splitlines()[-1]
    paths = []
    for truth in sorted((EVAL / "cuts").glob("*.json")):
        video = json.loads(truth.read_text())["video"]
        paths.append(Path(fetched + video.split(":", 1)[1]) if ":" in video else EVAL / video)
    return sorted(set(paths))


def _difference(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())


def jump_error(path: Path) -> tuple[int, float]:
    """(frames, worst mean |RGB| of a fresh reader's jump against a sequential decode)."""
    with FrameReader(path, size=SIZE) as reader:
        sequential = [frame for _, frame in reader.frames()]
    picks = np.linspace(0, len(sequential) - 1, JUMPS).astype(int)[::-1]
    worst = 0.0
    for k in picks:
        with FrameReader(path, size=SIZE) as reader:
            worst = max(worst, _difference(reader.read(int(k)), sequential[k]))
    return len(sequential), worst


def strip_error(path: Path) -> float | None:
    strip = list(thumbnails(path, 6, SIZE[1]))
    if not strip:
        return None
    height, width = strip[0][1].shape[:2]
    with FrameReader(path, size=(width, height)) as reader:
        return max(_difference(picture, reader.read(index)) for index, picture in strip)


def render_error(path: Path, folder: Path) -> tuple[np.ndarray, float, int]:
    """(mean signed RGB error, mean |error|, frames out) of ``vedit auto --accept cuts``."""
    out = folder / f"{path.stem}.mp4"
    result = subprocess.run(
        [sys.executable, "-m", "vedit_gui", "auto", str(path), "-o", str(out), "--accept", "cuts"],
        capture_output=True, text=True, cwd=ROOT,
    )
    if result.returncode != 0:
        raise MediaError(path, f"vedit auto failed: {result.stderr.strip()[-200:]}")
    # Cuts split the clip in place: timeline frame k is still source frame k.
    timeline = timeline_from_media(media_reference(probe(path)))
    with FrameReader(out) as rendered, TimelineVideo(timeline) as viewer:
        count = rendered.frame_count
        picks = np.linspace(0, min(count, viewer.duration) - 1, 4).astype(int)
        errors = [rendered.read(int(k)).astype(np.int16) - viewer.frame_at(int(k)) for k in picks]
    stacked = np.stack(errors)
    return stacked.reshape(-1, 3).mean(axis=0), float(np.abs(stacked).mean()), count


def graded_error(path: Path, folder: Path) -> float:
    """Mean |error| of a render with every proposed grade accepted against the preview."""
    analysis = folder / f"{path.stem}.json"
    result = subprocess.run(
        [sys.executable, "-m", "vedit_gui", "analyze", str(path), "--json", str(analysis)],
        capture_output=True, text=True, cwd=ROOT,
    )
    if result.returncode != 0:
        raise MediaError(path, f"vedit analyze failed: {result.stderr.strip()[-200:]}")
    timeline = timeline_from_media(media_reference(probe(path)))
    source = timeline.media()[0].path
    grades = tuple(
        Suggestion("grade", source, FrameRange(g["start"], g["end"] + 1 - g["start"]), 0.9, "sweep", g["params"],
                   SuggestionStatus.ACCEPTED)
        for g in json.loads(analysis.read_text()).get("grades", [])
    )
    timeline = replace(timeline, suggestions=grades)
    out = render_timeline(timeline, folder / f"{path.stem}-graded.mp4")
    with FrameReader(out) as rendered, TimelineVideo(timeline) as viewer:
        picks = np.linspace(0, min(rendered.frame_count, viewer.duration) - 1, 6).astype(int)
        return float(np.mean([_difference(rendered.read(int(k)), viewer.frame_at(int(k))) for k in picks]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--no-render", action="store_true")
    args = parser.parse_args()
    paths = args.files or eval_videos()
    print(f"{'file':<30} {'frames':>13} {'jump':>6} {'strip':>6} {'render bias R/G/B':>20} {'|err|':>6} {'graded':>7}")
    worst_jump = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for path in paths:
            try:
                frames, jump = jump_error(path)
                strip = strip_error(path)
                bias, loss, out = (None, None, None) if args.no_render else render_error(path, Path(folder))
                graded = None if args.no_render else graded_error(path, Path(folder))
            except MediaError as error:
                print(f"{path.name:<30} {error}")
                continue
            worst_jump = max(worst_jump, jump)
            shown_strip = "-" if strip is None else f"{strip:.2f}"
            shown_bias = "" if bias is None else "/".join(f"{v:+.1f}" for v in bias)
            shown_loss = "" if loss is None else f"{loss:.2f}"
            shown_graded = "" if graded is None else f"{graded:.2f}"
            counts = f"{frames}" if out is None else f"{frames} -> {out}"
            print(f"{path.name:<30} {counts:>13} {jump:6.2f} {shown_strip:>6} {shown_bias:>20} {shown_loss:>6} {shown_graded:>7}")
    print(f"media_sweep_worst_jump: {worst_jump:.2f}")


if __name__ == "__main__":
    main()
