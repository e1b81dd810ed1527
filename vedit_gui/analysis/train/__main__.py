"""``python -m vedit_gui.analysis.train [--steps N] [--out models/cutnet.npz]``: rebuild the weights.

Trains on synthetic footage, then sets the operating point (see ``calibrate.py``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import torch

from ..cut_detector import MODEL_PATH, MODEL_VERSION
from ..cut_model import load_model
from ..cut_weights import read_weights
from ..errors import ModelLoadError
from .loop import TrainConfig, calibrate, train
from .stills import load_stills


def main(argv: list[str] | None = None) -> int:
    defaults = TrainConfig()
    ap = argparse.ArgumentParser(prog="python -m vedit_gui.analysis.train", description=__doc__)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--steps", type=int, default=defaults.steps)
    ap.add_argument("--stop-after", type=int, default=None,
                    help="stop at this step (the learning-rate schedule still spans --steps)")
    ap.add_argument("--batch", type=int, default=defaults.batch)
    ap.add_argument("--lr", type=float, default=defaults.lr)
    ap.add_argument("--seed", type=int, default=defaults.seed)
    ap.add_argument("--threads", type=int, default=defaults.threads)
    ap.add_argument("--device", default=defaults.device)
    ap.add_argument("--calibrate-only", action="store_true",
                    help="only choose the operating point of the weights in --out (the last step of training)")
    args = ap.parse_args(argv)
    config = TrainConfig(steps=args.steps, stop_after=args.stop_after, batch=args.batch, lr=args.lr, seed=args.seed,
                         threads=args.threads, device=args.device)
    log = lambda m: print(m, flush=True)  # noqa: E731 - a one-line printer
    if args.calibrate_only:
        torch.set_num_threads(config.threads)
        model, _ = load_model(args.out)
        calibrate(model, args.out, load_stills(), config, version=MODEL_VERSION, log=log)
    else:
        try:
            shipped = read_weights(MODEL_PATH).meta.get("made_with")
        except ModelLoadError:
            shipped = None  # nothing shipped to compare with
        train(config, args.out, version=MODEL_VERSION, log=log, rebuilding=shipped)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
