"""How a source's channels become the stereo (or mono) the mix plays: one matrix per layout.

Sound editors expect what Premiere, Resolve and Dolby's decoders do, so that is what this is:

- **Mono** plays on both sides at full level (dual mono, 0 dB), not 3 dB down each side as a
  pan law would put it: a mono voice-over then matches a stereo recording of the same voice,
  and a mono clip with a stereo one sounds as loud as it meters.
- **Surround** folds down as ITU-R BS.775 and Dolby's Lo/Ro do: each front side as it is, the
  centre and each surround at −3 dB into its side (the centre into both), a back centre at
  −6 dB into both, and the LFE left out. Dialogue in a 5.1 centre keeps its loudness in the
  stereo (−3 dB each side is the same acoustic power as the centre speaker). The matrix is not
  normalised: full-scale sound in every channel sums past full scale (L + 0.71 C + 0.71 Ls is
  2.41), and a normalised matrix would drop the dialogue 7.7 dB under a stereo source's to
  allow for a case real mixes seldom reach. The mix's peak protection
  (:mod:`vedit_gui.render.peak_limit`) holds the rare overs under full scale instead.
- **Mono output** (the analysis reads sound as one channel) is the mean of the two sides, so
  no source can pass full scale there either.

FFmpeg's own rematrix does the surround coefficients too, but puts mono 3 dB down, and sums
stereo to mono at −3 dB a side (past full scale); one table here keeps the reader's every
caller, the preview and the render alike, on the same rules.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import av
import numpy as np

MINUS_3_DB = 1 / math.sqrt(2)
"""The centre and surround level in a fold-down (BS.775's and Dolby's default, 0.707)."""

DEFAULT_LAYOUTS: dict[int, tuple[str, ...]] = {
    1: ("FC",),
    2: ("FL", "FR"),
    3: ("FL", "FR", "LFE"),  # 2.1
    4: ("FL", "FR", "FC", "BC"),  # 4.0
    5: ("FL", "FR", "FC", "BL", "BR"),  # 5.0
    6: ("FL", "FR", "FC", "LFE", "BL", "BR"),  # 5.1
    7: ("FL", "FR", "FC", "LFE", "BC", "SL", "SR"),  # 6.1
    8: ("FL", "FR", "FC", "LFE", "BL", "BR", "SL", "SR"),  # 7.1
}
"""FFmpeg's default layout for each channel count (``av_channel_layout_default``): what a file
whose channels carry no names (PCM in Matroska, a bare WAV) is taken to hold, as FFmpeg does."""

_FRONT = {"FL": (1.0, 0.0), "FR": (0.0, 1.0), "FLC": (1.0, 0.0), "FRC": (0.0, 1.0),
          "WL": (1.0, 0.0), "WR": (0.0, 1.0), "DL": (1.0, 0.0), "DR": (0.0, 1.0)}
_CENTRE = {"FC", "TC", "TFC", "TBC", "BFC"}
_BACK_CENTRE = {"BC"}
_SILENT = {"LFE", "LFE2"}


def _stereo_row(name: str) -> tuple[float, float]:
    """What one named channel gives the left and right sides."""
    if name in _FRONT:
        return _FRONT[name]
    if name in _SILENT:
        return (0.0, 0.0)
    if name in _CENTRE:
        return (MINUS_3_DB, MINUS_3_DB)
    if name in _BACK_CENTRE:
        return (MINUS_3_DB * MINUS_3_DB, MINUS_3_DB * MINUS_3_DB)
    # Surrounds, sides, heights (BL, SL, TFL, TBR, …): −3 dB into their own side.
    if name.endswith("L"):
        return (MINUS_3_DB, 0.0)
    if name.endswith("R"):
        return (0.0, MINUS_3_DB)
    return (0.5, 0.5)  # a channel of no known place: both sides, its power kept


def known_names(names: Sequence[str]) -> tuple[str, ...]:
    """``names`` where each is a channel's place; else FFmpeg's default layout for that many
    channels (a file's channels without names are ``NONE``, or ``USR…`` when numbered)."""
    if names and all(n and n != "NONE" and not n.startswith("USR") for n in names):
        return tuple(names)
    return DEFAULT_LAYOUTS.get(len(names), tuple(names))


def fold_down_matrix(names: Sequence[str], channels: int) -> np.ndarray | None:
    """(``channels``, len(``names``)) float32: output sample = matrix @ source samples, for a
    source whose channels are ``names`` (FFmpeg's short names: FL, FC, LFE, SL, …) read as
    stereo or mono. None for other outputs (3 to 8 channels: FFmpeg's rematrix remaps)."""
    if channels not in (1, 2) or not names:
        return None
    names = known_names(names)
    if len(names) == 1:  # a mono source, whatever its one channel is called
        stereo = np.ones((2, 1))
    else:
        stereo = np.array([_stereo_row(name) for name in names], np.float64).T
    matrix = stereo if channels == 2 else stereo.mean(axis=0, keepdims=True)
    return matrix.astype(np.float32)


def is_identity(matrix: np.ndarray) -> bool:
    """Whether ``matrix`` passes each channel through unchanged (stereo read as stereo): the
    samples are then left as decoded, bit for bit."""
    return matrix.shape[0] == matrix.shape[1] and bool(np.array_equal(matrix, np.eye(matrix.shape[0])))


class FoldDown:
    """Resampled interleaved float frames as float32 (``channels``, n): a stereo or mono read
    folded by :func:`fold_down_matrix` (the matrix kept per channel layout, and skipped where
    it passes the channels through, so those samples stay as decoded); other channel counts
    come as FFmpeg remapped them. The sound reader and the waveform both read through one."""

    def __init__(self, channels: int) -> None:
        self.channels = channels
        self._matrices: dict[tuple[str, ...], np.ndarray | None] = {}

    def __call__(self, frame: av.AudioFrame) -> np.ndarray:
        names = tuple(channel.name for channel in frame.layout.channels)
        samples = frame.to_ndarray().astype(np.float32, copy=False).reshape(-1, len(names)).T
        if names not in self._matrices:
            matrix = fold_down_matrix(names, self.channels)
            self._matrices[names] = None if matrix is None or is_identity(matrix) else matrix
        matrix = self._matrices[names]
        return samples if matrix is None else matrix @ samples
