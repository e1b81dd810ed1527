"""The training loop: synthetic sequences in a worker process, the network on the CPU (or GPU).

Deterministic for a given seed and step count (the data worker is seeded), so the shipped
weights can be rebuilt with one command — given the same stills and library versions, which
the weights record (:func:`made_with`): re-fetched stills or other library versions draw other
footage, and so train other weights.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import torch
from torch.nn import functional as F

from ..cut_model import CutNet, CutNetConfig, save_model
from .calibrate import choose_operating_point, model_outputs, synthetic_prf
from .stills import load_stills
from .synth import SyntheticFootage


@dataclass(frozen=True)
class TrainConfig:
    steps: int = 3000
    # Stop early at this step (the learning-rate schedule still spans ``steps``).
    stop_after: int | None = None
    batch: int = 16
    length: int = 100
    lr: float = 2e-3
    seed: int = 20261123
    threads: int = 1
    device: str = "cpu"
    val_sequences: int = 48


class _Batches(torch.utils.data.IterableDataset):
    def __init__(self, stills: list[np.ndarray], config: TrainConfig, seed: int) -> None:
        self.stills, self.config, self.seed = stills, config, seed

    def __iter__(self) -> Iterator[tuple[torch.Tensor, ...]]:
        gen = SyntheticFootage(self.stills, seed=self.seed)
        while True:
            seqs = [gen.sequence(self.config.length) for _ in range(self.config.batch)]
            yield tuple(torch.from_numpy(np.stack([getattr(s, k) for s in seqs]))
                        for k in ("frames", "event", "extent", "kind"))


def loss_fn(logits: torch.Tensor, event, extent, kind) -> torch.Tensor:
    ev = F.binary_cross_entropy_with_logits(logits[..., 0], event, pos_weight=torch.tensor(2.0))
    ex = F.binary_cross_entropy_with_logits(logits[..., 1], extent)
    mask = kind >= 0
    kd = F.cross_entropy(logits[..., 2:][mask], kind[mask]) if mask.any() else logits.sum() * 0
    return ev + 0.5 * ex + 0.2 * kd


def train(config: TrainConfig, out: Path, *, version: str, log=print, choose_threshold: bool = True,
          rebuilding: dict[str, str] | None = None) -> CutNet:
    """Train and save to ``out``; then set the operating point unless ``choose_threshold`` is off
    (a timing run skips that step). ``rebuilding``: the ``made_with`` of weights this run is
    meant to reproduce; where this machine differs, the log says so before the hour starts."""
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    # The data worker has one core: OpenCV's own threads would take the training thread's
    # (the frames are the same either way: its parallel loops split rows, not sums). Set here,
    # before the worker is forked: set in the worker, it waits forever for the parent's pool.
    cv2.setNumThreads(1)
    stills = load_stills()
    log(f"{len(stills)} still pictures")
    for line in environment_differences(rebuilding or {}, made_with(stills)):
        log(line)
    val_gen = SyntheticFootage(stills, seed=config.seed + 1)
    val = [val_gen.sequence(config.length) for _ in range(config.val_sequences)]
    loader = torch.utils.data.DataLoader(
        _Batches(stills, config, config.seed), batch_size=None, num_workers=1, prefetch_factor=4,
        persistent_workers=False,
    )
    model = CutNet(CutNetConfig()).to(config.device)
    opt = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=config.lr, total_steps=config.steps, pct_start=0.05)
    start = time.monotonic()
    running = 0.0
    for step, (frames, event, extent, kind) in enumerate(loader, 1):
        model.train()
        logits = model(frames.to(config.device))
        loss = loss_fn(logits, event.to(config.device), extent.to(config.device), kind.to(config.device))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
        last = config.stop_after or config.steps
        if step % 250 == 0 or step == last:
            model.eval()
            p, r, f = synthetic_prf(val, model_outputs(model.cpu(), val), 0.5)
            model.to(config.device)
            log(f"step {step:5d}  loss {running:.4f}  val P {p:.3f} R {r:.3f} F1 {f:.3f}  {time.monotonic() - start:7.1f}s")
            save_model(model.cpu(), out, version=version,
                       meta={"steps": step, "val_f1": round(f, 4), "train": config.__dict__})
            model.to(config.device)
        if step >= last:
            break
    model = model.cpu().eval()
    if choose_threshold:
        calibrate(model, out, stills, config, version=version, log=log)
    return model


def made_with(stills: list[np.ndarray]) -> dict[str, str]:
    """What the synthetic footage was made from: the stills pool and the libraries that draw it."""
    digest = hashlib.sha256()
    for img in stills:
        digest.update(np.ascontiguousarray(img).tobytes())
    return {"stills": f"{len(stills)} pictures, sha256 {digest.hexdigest()[:16]}",
            "numpy": np.__version__, "opencv": cv2.__version__, "torch": torch.__version__}


def environment_differences(recorded: dict[str, str], here: dict[str, str]) -> list[str]:
    """Why a run here would not give the recorded weights to the bit, one line each (none: it would)."""
    lines = [f"{name}: {here.get(name, 'missing')} here, {want} in the weights being rebuilt"
             for name, want in recorded.items() if here.get(name) != want]
    if lines:
        lines.insert(0, "This run will train other weights than those it rebuilds (other footage):")
        lines.append("For the same libraries: pip install -c models/cutnet-environment.txt numpy "
                     "opencv-python-headless (the stills come from the Debian archive as it is today).")
    return lines


def calibrate(model: CutNet, out: Path, stills: list[np.ndarray], config: TrainConfig, *,
              version: str, log=print) -> None:
    """Set the operating point on fresh synthetic sequences and save the weights with it."""
    threshold, f1 = choose_operating_point(model, stills, seed=config.seed + 2)
    model.operating_point = threshold
    log(f"operating point {threshold:.2f} (synthetic validation F1 {f1:.3f})")
    save_model(model, out, version=version,
               meta={"steps": config.stop_after or config.steps, "synthetic_f1": round(f1, 4), "train": config.__dict__,
                     "made_with": made_with(stills)})
