"""How long the cut model's training command takes on this machine, from a short run.

Times the synthetic footage alone (CPU seconds to make one batch, in this process), then a
short training run with one torch thread (the default) and with two, side by side: on two
cores the data worker needs one of them, and a second torch thread fights it for it.

Run by hand:  .venv/bin/python bench/cut_training.py [--steps 60]
Ends with ``cut_train_minutes: X``: the full command's 3000 steps at the default setting,
estimated from the short run (choosing the operating point adds about a minute).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import cv2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vedit_gui.analysis.train.loop import TrainConfig, train  # noqa: E402
from vedit_gui.analysis.train.stills import load_stills  # noqa: E402
from vedit_gui.analysis.train.synth import SyntheticFootage  # noqa: E402


def footage_cpu_per_batch(batches: int = 4) -> float:
    config = TrainConfig()
    cv2.setNumThreads(1)  # as in the training command's data worker
    gen = SyntheticFootage(load_stills(), seed=config.seed)
    start = time.process_time()
    for _ in range(batches * config.batch):
        gen.sequence(config.length)
    return (time.process_time() - start) / batches


def seconds_per_step(threads: int, steps: int, folder: Path) -> float:
    """Wall seconds a step, from the training loop's own clock (it starts after the set-up)."""
    lines: list[str] = []
    train(TrainConfig(stop_after=steps, threads=threads), folder / f"threads-{threads}.npz",
          version="bench", log=lines.append, choose_threshold=False)
    elapsed = float(lines[-1].split()[-1].rstrip("s"))
    return elapsed / steps


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=60)
    args = ap.parse_args()
    default = TrainConfig()
    footage = footage_cpu_per_batch()
    with tempfile.TemporaryDirectory() as tmp:
        per_step = {t: seconds_per_step(t, args.steps, Path(tmp)) for t in (1, 2)}
    print(f"{'part':36} {'threads':>7} {'seconds':>8}")
    print(f"{'synthetic footage, one batch (CPU)':36} {'-':>7} {footage:8.2f}")
    for threads, seconds in per_step.items():
        print(f"{'training step (wall)':36} {threads:7d} {seconds:8.2f}")
    print(f"steps timed: {args.steps}; batch {default.batch} x {default.length} frames")
    print(f"cut_train_minutes: {per_step[default.threads] * default.steps / 60:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
