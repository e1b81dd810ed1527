"""The colour model's shapes and names, shared by its torch side (training) and its NumPy
side (inference) without either importing the other."""

from __future__ import annotations

INPUT_SIDE = 64
MODEL_VERSION = 5
MODEL_NAME = "color-v5.pt"
NUMPY_NAME = "color-v5.npz"
# Order of the predicted grade parameters (log-scaled ones are multiplicative).
OUTPUT_PARAMS = ("exposure", "temperature", "tint", "contrast", "saturation", "gamma")
# The gates, in output order, and which gate scales each of OUTPUT_PARAMS.
GATES = ("white balance", "exposure", "tone")
GATE_OF_PARAM = (1, 0, 0, 2, 2, 2)
LUMA_BINS = 16
PERCENTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
N_FEATURES = 3 + 3 + 3 + 3 + 3 + LUMA_BINS + 3 * len(PERCENTILES)
