"""One confidence scale for every model: its calibrated operating point sits at 0.5.

Each model picks its own best threshold when it is trained (the cut model on synthetic
validation F1, the colour model on how rarely it makes a held-out picture worse). Mapping
raw probabilities so that threshold lands at 0.5 lets the editor's one threshold slider, the
lane's shading and ``--min-confidence`` mean the same for cuts and grades.
"""

from __future__ import annotations

import numpy as np


def calibrated_confidence(probability: np.ndarray | float, operating_point: float) -> np.ndarray:
    """``probability`` mapped monotonically onto [0, 1], ``operating_point`` to 0.5.
    An operating point at 0 or 1 (a model that is always or never sure) maps everything
    above or below 0.5."""
    p = np.clip(np.asarray(probability, np.float64), 0.0, 1.0)
    op = float(np.clip(operating_point, 0.0, 1.0))
    below = 0.5 * p / op if op > 0 else np.ones_like(p)
    above = 0.5 + 0.5 * (p - op) / (1 - op) if op < 1 else np.zeros_like(p)
    return np.where(p < op, below, above).astype(np.float32)
