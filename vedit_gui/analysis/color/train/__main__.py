"""Train the colour model: ``python -m vedit_gui.analysis.color.train [--steps N] [--out PATH]``.

Self-supervised: a random view of a neutral, well-exposed photograph is degraded by a random
grade; the model sees the degraded view after the classical estimate and is scored on how
close its grade brings the degraded view back to the original (L1 on R'G'B'). A share of
views is left undegraded so that "no change" is learnt too. CPU, one thread, a few minutes.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import torch

from ....media.grade import apply_grade
from ..model import INPUT_SIDE, ColorNet, combine, default_weights, grade_tensor, save_model
from ..suggest import model_inputs
from .degrade import random_degrading_grade, random_view
from .stills import TRAIN_PACKAGES, training_images

IDENTITY_SHARE = 0.15


def make_batch(
    images: list[np.ndarray], rng: np.random.Generator, size: int
) -> tuple[torch.Tensor, ...]:
    """(model images, features, classical, degraded, clean) tensors for ``size`` samples."""
    inputs, feats, classical, degraded, clean = [], [], [], [], []
    for _ in range(size):
        view = random_view(images[int(rng.integers(len(images)))], rng, INPUT_SIDE)
        bad = apply_grade(view, random_degrading_grade(rng, IDENTITY_SHARE))
        image, feature, estimate = model_inputs([bad])
        inputs.append(image[0])
        feats.append(feature[0])
        classical.append(estimate)
        degraded.append(bad.transpose(2, 0, 1))
        clean.append(view.transpose(2, 0, 1))
    as_float = lambda xs: torch.from_numpy(np.stack(xs).astype(np.float32))  # noqa: E731
    return (
        as_float(inputs),
        as_float(feats),
        as_float(classical),
        as_float(degraded) / 255.0,
        as_float(clean) / 255.0,
    )


def batch_loss(model: ColorNet, batch: tuple[torch.Tensor, ...]) -> torch.Tensor:
    inputs, feats, classical, degraded, clean = batch
    delta, alpha = model(inputs, feats)
    corrected = grade_tensor(degraded, combine(classical, delta, alpha))
    return (corrected - clean).abs().mean()


def train(steps: int, batch_size: int, out: Path, seed: int) -> None:
    torch.set_num_threads(1)  # another model may be training on this machine
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    images = training_images()
    print(f"{len(images)} training photographs from {', '.join(TRAIN_PACKAGES)}")
    model = ColorNet()
    optimiser = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=3e-3, total_steps=steps)
    check = make_batch(images, np.random.default_rng(seed + 1), 256)
    start, running = time.monotonic(), 0.0
    for step in range(1, steps + 1):
        model.train()
        loss = batch_loss(model, make_batch(images, rng, batch_size))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
        if step % 200 == 0 or step == steps:
            model.eval()
            with torch.no_grad():
                check_loss = float(batch_loss(model, check))
            print(
                f"step {step:5d}  train L1 {running:.4f}  check L1 {check_loss:.4f}  "
                f"{time.monotonic() - start:.0f}s",
                flush=True,
            )
    model.eval()
    with torch.no_grad():
        final = float(batch_loss(model, check))
    meta = {
        "steps": steps,
        "batch": batch_size,
        "images": len(images),
        "packages": list(TRAIN_PACKAGES),
        "check_l1": final,
        "seconds": round(time.monotonic() - start),
    }
    save_model(model, out, meta)
    print(f"saved {out} {meta}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m vedit_gui.analysis.color.train")
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=48)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--out", type=Path, default=default_weights())
    args = parser.parse_args()
    train(args.steps, args.batch, args.out, args.seed)


if __name__ == "__main__":
    main()
