"""Pause removal: which pauses it finds, whether what it takes out ever cuts into speech, and
what the measuring costs.

1. **Quality**, on synthetic talk with known pauses (``vedit_gui.samples.talk``): 30 s
   recordings, each at one of five room-tone levels (signal-to-noise of the speech's loud
   parts to the room tone), encoded to AAC in an MP4 at 25 fps and read back as the editor
   reads them. Per level:
   - *found*: the share of true pauses of 1 s or more that a suggestion covers half of;
   - *false*: suggestions whose removed frames (the default breath kept) take more than
     40 ms of speech: a word clipped;
   - *speech cut*: speech taken out by all suggestions together, per minute of talk;
   - *edge error*: how far each found pause's edges lie from the true ones (ms, median).
   Pauses between 0.75 and 1 s count neither way (found or not, an editor would not mind).
   Then, where espeak-ng is installed, real synthesised speech: eight sentences in three
   voices with known gaps of 0.5-2 s between them (not part of the figure below).
2. **Speed**, on 5 minutes of the same talk (made once, cached under .bench/), side by side
   in one run: measuring the pauses against decoding the sound alone at the same rate.

Run by hand:  .venv/bin/python bench/pauses.py
Ends with one line ``pause_f1: X``: F1 of found pauses (≥ 1 s) against false ones, all levels.
"""

from __future__ import annotations

import sys
import threading
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from mediagen import make_video  # noqa: E402

from vedit_gui.analysis.pauses import MIN_PAUSE_S, scan_source  # noqa: E402
from vedit_gui.analysis.pauses import RATE as MEASURE_RATE  # noqa: E402
from vedit_gui.media import AudioReader  # noqa: E402
from vedit_gui.samples.talk import synthetic_talk  # noqa: E402

CACHE = ROOT / ".bench"
FPS = 25
SECONDS = 30.0
LEVELS = (45.0, 35.0, 25.0, 20.0, 15.0)
TALKS_PER_LEVEL = 6
FALSE_MS = 40.0


def _encode(path: Path, samples: np.ndarray) -> None:
    frames = int(len(samples) / 48000 * FPS)
    make_video(path, frames, width=64, height=36, rate=Fraction(FPS), audio_samples=np.stack([samples, samples]))


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def score_level(snr: float, seeds: range, work: Path) -> dict[str, float]:
    found = wanted = false = suggested = 0
    speech_cut = talk_s = 0.0
    edges: list[float] = []
    for seed in seeds:
        talk = synthetic_talk(seed, SECONDS, snr_db=snr)
        path = work / f"talk-{snr:g}-{seed}.mp4"
        _encode(path, talk.samples)
        scan = scan_source(path, lambda f: None, threading.Event())
        suggestions = scan.suggestions(str(path), Fraction(FPS), int(talk.seconds * FPS))
        removed = [(s.removed_range.start / FPS, s.removed_range.end_exclusive / FPS) for s in suggestions]
        spans = [(s.source_range.start / FPS, s.source_range.end_exclusive / FPS) for s in suggestions]
        talk_s += talk.seconds
        suggested += len(suggestions)
        for cut in removed:
            in_pauses = sum(_overlap(cut, p) for p in talk.pauses)
            speech = (cut[1] - cut[0]) - in_pauses
            speech_cut += speech
            false += speech * 1000 > FALSE_MS
        for pause in talk.pauses:
            if pause[1] - pause[0] < 1.0:
                continue
            wanted += 1
            covering = [s for s in spans if _overlap(s, pause) >= 0.5 * (pause[1] - pause[0])]
            if covering:
                found += 1
                s = max(covering, key=lambda s: _overlap(s, pause))
                edges += [abs(s[0] - pause[0]) * 1000, abs(s[1] - pause[1]) * 1000]
    return {"found": found, "wanted": wanted, "false": false, "suggested": suggested,
            "speech_cut_per_min": speech_cut / talk_s * 60, "edge_ms": float(np.median(edges)) if edges else float("nan")}


SENTENCES = (
    "Welcome back to the workshop.", "Today we are going to fix the old chair.",
    "First, take the seat off and turn it over.", "You will see four screws.",
    "Take them out, one by one.", "Now look at the joints.", "If any of them wobble, glue them again.",
    "Leave it overnight, and it will be as good as new.",
)
GAPS = (1.2, 0.5, 2.0, 0.9, 1.6, 0.6, 1.1)


def spoken_talk(work: Path) -> tuple[np.ndarray, list[tuple[float, float]]] | None:
    """Sentences spoken by espeak-ng (three voices) with known gaps between them, over room
    tone 40 dB down; None where espeak-ng is not installed (``apt-get install espeak-ng``)."""
    import shutil
    import subprocess

    if shutil.which("espeak-ng") is None:
        return None
    pieces, gaps, at = [], [], 0.0
    for i, text in enumerate(SENTENCES):
        wav = work / f"sentence{i}.wav"
        subprocess.run(["espeak-ng", "-s", "160", "-v", ("en", "en-us", "en-gb")[i % 3], "-w", str(wav), text], check=True)
        with AudioReader(wav, 48000, 1) as reader:
            assert reader.info.audio is not None
            x = reader.read(0, round(float(reader.info.audio.duration) * 48000))[0]
        loud = np.flatnonzero(np.abs(x) > 0.01 * np.abs(x).max())
        x = x[loud[0] : loud[-1] + 1]  # espeak's own lead and tail of silence off
        pieces.append(x)
        at += len(x) / 48000
        if i < len(GAPS):
            gaps.append((at, at + GAPS[i]))
            pieces.append(np.zeros(int(GAPS[i] * 48000), np.float32))
            at += GAPS[i]
    speech = np.concatenate(pieces)
    room = np.random.default_rng(0).normal(0, 1, len(speech)) * np.abs(speech).max() * 10 ** (-40 / 20)
    return (speech + room).astype(np.float32), gaps


def score_spoken(work: Path) -> str:
    spoken = spoken_talk(work)
    if spoken is None:
        return "spoken sentences (espeak-ng): not run, espeak-ng is not installed"
    samples, gaps = spoken
    path = work / "spoken.mp4"
    _encode(path, samples)
    seconds = len(samples) / 48000
    scan = scan_source(path, lambda f: None, threading.Event())
    suggestions = scan.suggestions(str(path), Fraction(FPS), int(seconds * FPS))
    wanted = [g for g in gaps if g[1] - g[0] >= MIN_PAUSE_S]
    spans = [(s.source_range.start / FPS, s.source_range.end_exclusive / FPS) for s in suggestions]
    found = sum(any(_overlap(s, g) >= 0.5 * (g[1] - g[0]) for s in spans) for g in wanted)
    speech = sum((r.end_exclusive - r.start) / FPS - sum(_overlap((r.start / FPS, r.end_exclusive / FPS), g) for g in gaps)
                 for r in (s.removed_range for s in suggestions))
    return (f"spoken sentences (espeak-ng, 3 voices, {len(gaps)} gaps of 0.5-2 s): {found} of {len(wanted)} gaps "
            f"of {MIN_PAUSE_S:g} s or more found, {len(suggestions) - found} other suggestions, "
            f"{speech * 1000:.0f} ms of speech taken out")


def speed() -> tuple[float, float, float]:
    """(seconds of sound, decode-only s, measuring s) on 5 minutes of talk."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / "talk-5min.mp4"
    if not path.exists():
        _encode(path, synthetic_talk(99, 300.0, snr_db=35.0).samples)
    decode = measure = float("inf")
    for _ in range(3):  # best of three, decode and measure interleaved: the machine is noisy
        start = time.perf_counter()
        with AudioReader(path, MEASURE_RATE, 1) as reader:
            assert reader.info.audio is not None
            total = round(float(reader.info.audio.duration) * MEASURE_RATE)
            for at in range(0, total, 60 * MEASURE_RATE):
                reader.read(at, min(60 * MEASURE_RATE, total - at))
        decode = min(decode, time.perf_counter() - start)
        start = time.perf_counter()
        scan_source(path, lambda f: None, threading.Event())
        measure = min(measure, time.perf_counter() - start)
    return total / MEASURE_RATE, decode, measure


def main() -> None:
    import tempfile

    rows = []
    with tempfile.TemporaryDirectory() as work:
        for n, snr in enumerate(LEVELS):
            seeds = range(n * 100, n * 100 + TALKS_PER_LEVEL)
            rows.append((snr, score_level(snr, seeds, Path(work))))
        spoken = score_spoken(Path(work))
    print(f"{TALKS_PER_LEVEL} talks of {SECONDS:g} s per level; pauses of 0.3–2.5 s, some with a breath or click in them")
    print(f"{'room tone under speech':>24} {'found (≥1 s)':>13} {'false':>6} {'suggested':>10} {'speech cut/min':>15} {'edge error':>11}")
    for snr, r in rows:
        share = r["found"] / r["wanted"] if r["wanted"] else float("nan")
        print(f"{snr:>21g} dB {share:>12.0%} {r['false']:>6d} {r['suggested']:>10d} "
              f"{r['speech_cut_per_min'] * 1000:>12.0f} ms {r['edge_ms']:>8.0f} ms")
    print(spoken)
    seconds, decode, measure = speed()
    print(f"{'':>24} {'seconds':>8} {'× real time':>12}")
    print(f"{'decode sound only':>24} {decode:>8.2f} {seconds / decode:>12.0f}")
    print(f"{'find pauses':>24} {measure:>8.2f} {seconds / measure:>12.0f}")
    print(f"pause_analysis_vs_decode: {decode / measure:.3f}  (speed of finding pauses ÷ speed of decoding)")
    found = sum(r["found"] for _, r in rows)
    wanted = sum(r["wanted"] for _, r in rows)
    false = sum(r["false"] for _, r in rows)
    suggested = sum(r["suggested"] for _, r in rows)
    precision = (suggested - false) / suggested if suggested else 0.0
    recall = found / wanted if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"pause_f1: {f1:.3f}")


if __name__ == "__main__":
    main()
