"""Punch-ins: whether the window they keep holds the speaker's head, against framing every
punch-in about the picture's centre, and what framing costs.

On synthetic pieces to camera (``vedit_gui.samples.talking_head``: a still room, a head and
shoulders that talk, sway and shift posture in each pause, the head's place known frame by
frame), 640×360 at 25 fps, 30 s each, with the speaker anywhere from a quarter to three quarters
across: the known pauses of 0.75 s or more are taken out (as accepting their suggestions
would), and every other piece between the jump cuts gets a punch-in (``vedit_gui.analysis.
punch_ins``). Per piece, at its first, middle and last frame:
- *head inside*: the whole head stays inside the window kept (its circle within the window),
  at the default 115 % and further up the zoom slider, to its end at 150 %;
- *offset*: how far the head's centre is from the window's, in picture heights (at 115 %).
The same pieces framed about the picture's centre (what a fixed zoom does) side by side.
Speed: framing time against decoding the same pieces' sampled frames alone, in one run.

Run by hand:  .venv/bin/python bench/punch_in.py [--clips 8]
Ends with one line ``punch_in_head_inside: X``: the share of pieces whose head stays inside
the window at the slider's end (150 %), where framing matters most.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from mediagen import make_video  # noqa: E402

from vedit_gui.analysis.pauses import MIN_PAUSE_S  # noqa: E402
from vedit_gui.analysis.punch_ins import SAMPLES, jump_cut_pieces, punch_in_suggestions  # noqa: E402
from vedit_gui.media import FrameReader, media_reference, probe  # noqa: E402
from vedit_gui.media.punch_in import DEFAULT_ZOOM, MAX_ZOOM, PunchIn  # noqa: E402
from vedit_gui.samples.talk import synthetic_talk  # noqa: E402
from vedit_gui.samples.talking_head import TalkingHead  # noqa: E402
from vedit_gui.timeline import FrameRange, timeline_from_media  # noqa: E402
from vedit_gui.timeline.edits import remove_source_ranges  # noqa: E402

FPS = 25
WIDTH, HEIGHT = 640, 360
ZOOMS = (DEFAULT_ZOOM, 1.3, MAX_ZOOM)  # the default, and up the slider to its end


def head_fits(head: TalkingHead, frame: int, centre: tuple[float, float], zoom: float) -> tuple[bool, float]:
    """Whether the head at ``frame`` is inside the window about ``centre``, and its offset."""
    x, y, r = head.head_at(frame)
    cx, cy = centre[0] * WIDTH, centre[1] * HEIGHT
    half_w, half_h = WIDTH / (2 * zoom), HEIGHT / (2 * zoom)
    inside = abs(x - cx) + r <= half_w and abs(y - cy) + r <= half_h
    return inside, float(np.hypot(x - cx, y - cy)) / HEIGHT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clips", type=int, default=8)
    args = parser.parse_args()
    rows = []
    inside = {zoom: {"ours": [], "centred": []} for zoom in ZOOMS}
    ours_offset: list[float] = []
    centred_offset: list[float] = []
    framing_s = decode_s = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(args.clips):
            talk = synthetic_talk(seed=100 + seed, seconds=30.0, pause_range=(0.4, 2.0))
            head = TalkingHead(talk, WIDTH, HEIGHT, Fraction(FPS), seed=100 + seed)
            path = Path(folder) / f"piece{seed}.mp4"
            make_video(path, head.frames, width=WIDTH, height=HEIGHT, rate=Fraction(FPS), audio=False, picture=head)
            timeline = timeline_from_media(media_reference(probe(path)))
            gone = [FrameRange.from_bounds(round(a * FPS) + 4, round(b * FPS) - 4)
                    for a, b in talk.pauses[1:] if b - a >= MIN_PAUSE_S and round(b * FPS) - round(a * FPS) > 8]
            timeline = remove_source_ranges(timeline, [(str(path), r) for r in gone])
            pieces = jump_cut_pieces(timeline)
            start = time.perf_counter()
            found = punch_in_suggestions(pieces, lambda f: None, threading.Event())
            framing_s += time.perf_counter() - start
            start = time.perf_counter()
            with FrameReader(path, size=(160, 90)) as reader:
                for piece in pieces:
                    for f in np.linspace(piece.frames.start, piece.frames.end_exclusive - 1, SAMPLES).round():
                        reader.read(int(f))
                    reader.read(piece.before)
            decode_s += time.perf_counter() - start
            clip_ours = clip_centred = 0
            for s in found:
                move = PunchIn.from_params(s.params)
                frames = (s.source_range.start, (s.source_range.start + s.source_range.end_inclusive) // 2,
                          s.source_range.end_inclusive)
                for zoom in ZOOMS:
                    ours = [head_fits(head, f, move.with_zoom(zoom).centre, zoom) for f in frames]
                    centred = [head_fits(head, f, (0.5, 0.5), zoom) for f in frames]
                    inside[zoom]["ours"].append(all(ok for ok, _ in ours))
                    inside[zoom]["centred"].append(all(ok for ok, _ in centred))
                    if zoom == MAX_ZOOM:
                        clip_ours += inside[zoom]["ours"][-1]
                        clip_centred += inside[zoom]["centred"][-1]
                ours_offset += [head_fits(head, f, move.centre, move.zoom)[1] for f in frames]
                centred_offset += [head_fits(head, f, (0.5, 0.5), move.zoom)[1] for f in frames]
            x0 = head.head_at(0)[0] / WIDTH
            rows.append((seed, x0, len(found), clip_ours, clip_centred))
    print(f"{'clip':>4}  {'head at':>7}  {'pieces':>6}  {'inside at 150 %: ours':>21}  {'centred':>7}")
    for seed, x0, count, ours, centred in rows:
        print(f"{seed:>4}  {x0:>7.2f}  {count:>6}  {ours:>21}  {centred:>7}")
    print()
    print(f"{'framing':<22}" + "".join(f"{f'inside at {z:.0%}':>16}" for z in ZOOMS) + f"{'offset (115 %)':>16}")
    for name, label, offsets in (("ours", "ours (what moves)", ours_offset), ("centred", "about the centre", centred_offset)):
        print(f"{label:<22}" + "".join(f"{np.mean(inside[z][name]):>16.1%}" for z in ZOOMS)
              + f"{statistics.median(offsets):>16.3f}")
    print("(offset: the head's centre from the window's, in picture heights, median)")
    print()
    print(f"framing {framing_s:.2f} s, decoding the same frames alone {decode_s:.2f} s: "
          f"framing_vs_decode {framing_s / decode_s:.2f}")
    print(f"punch_in_head_inside: {np.mean(inside[MAX_ZOOM]['ours']):.3f}")


if __name__ == "__main__":
    main()
