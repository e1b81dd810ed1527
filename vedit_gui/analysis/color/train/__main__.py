"""Train the colour model: ``python -m vedit_gui.analysis.color.train [--steps N] [--out PATH]``.

Self-supervised: a random view of a neutral, well-exposed photograph is degraded by a random
grade; the model sees the degraded view after the classical estimate and is scored on the
colour difference (CIE76 ΔE in CIELAB) between the degraded view graded with its grade and the
original. A second head learns whether that grade beats "no change" (a share of views is left
undegraded, where it never does). After training, the confidence threshold is calibrated on
photographs kept out of training (same packages, other pictures): the lowest threshold that
keeps the share of pictures made worse than no correction under :data:`MAX_WORSE_SHARE`
(``--calibrate-only`` does that step alone, again, for the weights at ``--out``).
Seeded and CPU only: one thread trains while one worker process makes the batches.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import torch
from skimage.color import deltaE_ciede2000, rgb2lab
from torch.utils.data import DataLoader, IterableDataset

from ....media.grade import Grade, apply_grade
from ...stills import shrink
from ..inputs import prepare
from ..model import (
    INPUT_SIDE,
    OUTPUT_PARAMS,
    ColorNet,
    combine,
    default_weights,
    delta_e,
    grade_tensor,
    load_checkpoint,
    save_model,
)
from ..model import predict_torch as predict
from .degrade import random_degrading_grade, random_intended_look, random_mosaic, random_view
from .stills import HELD_OUT_LONG_SIDE, TRAIN_PACKAGES, training_images

IDENTITY_SHARE = 0.15
# The share of training and calibration targets given an intended look (darker, softer...).
INTENDED_SHARE = 0.3
# Share of training samples made of several pictures (random_mosaic); calibration uses none.
MOSAIC_SHARE = 0.5
# A grade "beats no change" when it is at least this much closer to the original (ΔE76).
IMPROVE_MARGIN = 0.5
CONFIDENCE_WEIGHT = 2.0
CALIBRATION_SHARE = 0.1
# The seed of the shipped weights (and of weights whose training facts do not say).
SEED = 5
# Random grades per calibration picture. The threshold they give is noisy: 0.83 to 0.89 between
# draws of 6, 0.82 from one of 24, for color-v4's weights (experiments/color-soft-gate.md);
# 0.79 from the training run's draw for color-v5's.
CALIBRATION_GRADES = 6
MAX_WORSE_SHARE = 0.03
# Colour differences are scored on a smaller copy of each view: a quarter of the work.
LOSS_SIDE = 32


def _grade_vector(grade: Grade) -> list[float]:
    return [getattr(grade, name) for name in OUTPUT_PARAMS]


def make_batch(
    images: list[np.ndarray], rng: np.random.Generator, size: int, mosaic_share: float = 0.0
) -> tuple[torch.Tensor, ...]:
    """(model images, features, classical, degraded, clean) tensors for ``size`` samples;
    degraded and clean views at :data:`LOSS_SIDE` for the loss."""
    views = np.stack(
        [random_mosaic(images, rng, INPUT_SIDE) if rng.random() < mosaic_share
         else random_view(images[int(rng.integers(len(images)))], rng, INPUT_SIDE) for _ in range(size)]
    )
    looks = [
        _grade_vector(random_intended_look(rng) if rng.random() < INTENDED_SHARE else Grade.identity())
        for _ in range(size)
    ]
    grades = [_grade_vector(random_degrading_grade(rng, IDENTITY_SHARE)) for _ in range(size)]
    with torch.no_grad():
        clean = torch.from_numpy(views.transpose(0, 3, 1, 2).astype(np.float32) / 255.0)
        # The picture as the film means it to look: the target the correction aims for.
        clean = torch.round(grade_tensor(clean, torch.tensor(looks)) * 255.0) / 255.0
        # The degraded views as the grade function would write them: 8-bit values.
        bad = torch.round(grade_tensor(clean, torch.tensor(grades)) * 255.0) / 255.0
        inputs, features, classical = prepare(bad, one_shot=False)
        shrink_for_loss = lambda x: torch.nn.functional.adaptive_avg_pool2d(x, LOSS_SIDE)  # noqa: E731
        return inputs, features, classical, shrink_for_loss(bad), shrink_for_loss(clean)


class _Batches(IterableDataset):
    """Endless seeded batches, made in a worker process while the model trains."""

    def __init__(self, images: list[np.ndarray], batch_size: int, seed: int) -> None:
        self.images, self.batch_size, self.seed = images, batch_size, seed

    def __iter__(self) -> Iterator[tuple[torch.Tensor, ...]]:
        cv2.setNumThreads(1)
        torch.set_num_threads(1)
        rng = np.random.default_rng(self.seed)
        while True:
            yield make_batch(self.images, rng, self.batch_size, MOSAIC_SHARE)


def batch_loss(model: ColorNet, batch: tuple[torch.Tensor, ...]) -> tuple[torch.Tensor, torch.Tensor]:
    """(training loss, mean ΔE76 of the corrected views) for a batch."""
    inputs, feats, classical, degraded, clean = batch
    delta, alpha, sure = model(inputs, feats)
    corrected = grade_tensor(degraded, combine(classical, delta, alpha))
    ours = delta_e(corrected, clean)
    with torch.no_grad():
        improves = (ours + IMPROVE_MARGIN < delta_e(degraded, clean)).float()
    confidence = torch.nn.functional.binary_cross_entropy_with_logits(sure, improves)
    return ours.mean() + CONFIDENCE_WEIGHT * confidence, ours.mean()


def _de2000(a: np.ndarray, b: np.ndarray) -> float:
    return float(deltaE_ciede2000(rgb2lab(a), rgb2lab(b)).mean())


def calibrate(model: ColorNet, images: list[np.ndarray], seed: int) -> tuple[float, dict[str, float]]:
    """The confidence threshold for ``images`` (not trained on) and the figures at it."""
    rng = np.random.default_rng(seed)
    none, ours, confidence = [], [], []
    for image in images:
        image = np.ascontiguousarray(shrink(image, HELD_OUT_LONG_SIDE))
        for _ in range(CALIBRATION_GRADES):
            target = apply_grade(image, random_intended_look(rng)) if rng.random() < INTENDED_SHARE else image
            bad = apply_grade(target, random_degrading_grade(rng))
            grade, sure = predict(model, [bad])
            none.append(_de2000(bad, target))
            ours.append(_de2000(apply_grade(bad, grade), target))
            confidence.append(sure)
    n, o, c = np.asarray(none), np.asarray(ours), np.asarray(confidence)
    best = (1.0, float(n.mean()), 0.0)
    for threshold in np.linspace(0.0, 1.0, 101):
        used = c >= threshold
        after = np.where(used, o, n)
        worse = float(np.mean(used & (o > n)))
        if worse <= MAX_WORSE_SHARE and after.mean() < best[1]:
            best = (float(threshold), float(after.mean()), worse)
    return best[0], {"none": float(n.mean()), "ours": best[1], "worse": best[2], "all": float(o.mean())}


def split_calibration(images: list[np.ndarray], seed: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """(calibration pictures, training pictures): a seeded share kept out of training."""
    order = np.random.default_rng(seed).permutation(len(images))
    n_cal = max(8, round(len(images) * CALIBRATION_SHARE))
    return [images[i] for i in order[:n_cal]], [images[i] for i in order[n_cal:]]


def recalibrate(path: Path, calibration: list[np.ndarray] | None = None) -> dict[str, object]:
    """Calibrate saved weights again, as training would now (no training: the weights stay bit
    for bit, the threshold and its figures change). ``calibration`` defaults to the pictures
    the weights' seed kept out of training. Returns the new training facts."""
    model, meta = load_checkpoint(path)
    seed = int(meta.get("seed", SEED))
    if calibration is None:
        calibration = split_calibration(training_images(), seed)[0]
    threshold, figures = calibrate(model, calibration, seed + 2)
    meta = {**meta, "min_confidence": threshold, "calibration": figures, "calibration_grades": CALIBRATION_GRADES}
    save_model(model, path, meta)
    return meta


def train(steps: int, batch_size: int, out: Path, seed: int, workers: int = 1) -> None:
    torch.set_num_threads(1)  # the other core makes the batches (``workers`` processes)
    cv2.setNumThreads(1)
    torch.manual_seed(seed)
    calibration, images = split_calibration(training_images(), seed)
    n_cal = len(calibration)
    print(f"{len(images)} training + {n_cal} calibration photographs from {', '.join(TRAIN_PACKAGES)}")
    model = ColorNet()
    optimiser = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=3e-3, total_steps=steps)
    check = make_batch(calibration, np.random.default_rng(seed + 1), 256)
    batches = DataLoader(
        _Batches(images, batch_size, seed),
        batch_size=None,
        num_workers=min(workers, 1),  # one stream of batches keeps the run reproducible
        prefetch_factor=4 if workers else None,
    )
    start, running = time.monotonic(), 0.0
    for step, batch in enumerate(batches, start=1):
        model.train()
        loss, _ = batch_loss(model, batch)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
        if step % 250 == 0 or step == steps:
            model.eval()
            with torch.no_grad():
                check_loss, check_de = batch_loss(model, check)
            print(
                f"step {step:5d}  train loss {running:.3f}  check loss {float(check_loss):.3f}  "
                f"check ΔE76 {float(check_de):.2f}  {time.monotonic() - start:.0f}s",
                flush=True,
            )
        if step == steps:
            break
    model.eval()
    threshold, figures = calibrate(model, calibration, seed + 2)
    print(f"calibrated threshold {threshold:.2f}: {figures}")
    meta = {
        "steps": steps,
        "batch": batch_size,
        "seed": seed,
        "images": len(images),
        "calibration_images": n_cal,
        "packages": list(TRAIN_PACKAGES),
        "min_confidence": threshold,
        "calibration": figures,
        "calibration_grades": CALIBRATION_GRADES,
        "seconds": round(time.monotonic() - start),
    }
    save_model(model, out, meta)
    print(f"saved {out} {meta}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m vedit_gui.analysis.color.train")
    parser.add_argument("--steps", type=int, default=6000)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=default_weights())
    parser.add_argument("--workers", type=int, default=1, help="0: make batches in this process")
    parser.add_argument("--calibrate-only", action="store_true",
                        help="calibrate the weights at --out again (no training) and save them")
    args = parser.parse_args()
    if args.calibrate_only:
        meta = recalibrate(args.out)
        print(f"calibrated threshold {meta['min_confidence']:.2f}: {meta['calibration']}")
        return
    train(args.steps, args.batch, args.out, args.seed, args.workers)


if __name__ == "__main__":
    main()
