"""The neural shot-transition detector as a streaming object (PySceneDetect style).

Feed small frames in decode order with :meth:`CutDetector.push`; every ``emit_every`` frames
it returns the transitions it is sure of so far, and :meth:`CutDetector.finish` returns the
rest. Each frame's features are computed once; the temporal network reruns only on the new
stretch plus enough context either side.
"""

from __future__ import annotations

import numpy as np

from ..media.ycbcr import READING_REVISION
from .cut_infer import CutNetInference
from .cut_weights import MODEL_PATH, MODEL_VERSION, model_path, read_weights
from .errors import AnalysisError
from .operating_point import calibrated_confidence
from .transitions import REVISION, Transition, pick_transitions

__all__ = ["DEFAULT_THRESHOLD", "MODEL_PATH", "MODEL_VERSION", "CutDetector"]

DEFAULT_THRESHOLD = 0.5


class CutDetector:
    """Streaming transitions from frames of the model's size (H×W×3 uint8 RGB)."""

    def __init__(
        self,
        model: CutNetInference | None = None,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        emit_every: int = 256,
    ) -> None:
        if model is None:
            weights = read_weights(model_path())
            model, version = CutNetInference(weights), weights.version
        else:
            version = MODEL_VERSION
        self.version = f"{version}-{REVISION}-r{READING_REVISION}"
        self.model = model
        self.threshold = threshold
        self.emit_every = emit_every
        self.size = (model.config.width, model.config.height)
        self._context = model.config.receptive_half
        self._pending: list[np.ndarray] = []
        self._feats: list[np.ndarray] = []
        self._event: list[np.ndarray] = []
        self._extent: list[np.ndarray] = []
        self._kinds: list[np.ndarray] = []
        self._feat_base = 0  # frame number of the first feature row still held
        self._scored = 0  # frames whose scores are final
        self._emitted_to = 0  # peaks before this frame have been reported
        self._frames = 0

    @property
    def frames_seen(self) -> int:
        return self._frames

    def push(self, frame: np.ndarray) -> list[Transition]:
        """Add the next frame; returns transitions that became certain (often none)."""
        if frame.shape != (self.size[1], self.size[0], 3) or frame.dtype != np.uint8:
            raise AnalysisError(
                f"frames must be {self.size[1]}x{self.size[0]}x3 uint8, not {frame.shape} {frame.dtype}"
            )
        self._pending.append(frame)
        self._frames += 1
        if len(self._pending) >= 64:
            self._encode()
        if self._frames - self._scored >= self.emit_every + self._context:
            return self._advance(final=False)
        return []

    def finish(self) -> list[Transition]:
        """Score what is left (the stream ended, or stopped early) and return the rest."""
        self._encode()
        return self._advance(final=True)

    def scores(self) -> np.ndarray:
        """The per-frame transition score for every frame scored so far (for the UI's curve)."""
        return np.concatenate(self._event) if self._event else np.zeros(0, np.float32)

    def _encode(self) -> None:
        if not self._pending:
            return
        batch = np.stack(self._pending)
        self._pending.clear()
        self._feats.append(self.model.frame_features(batch))

    def _advance(self, *, final: bool) -> list[Transition]:
        self._encode()
        if not self._feats:
            return []
        feats = np.concatenate(self._feats) if len(self._feats) > 1 else self._feats[0]
        total = self._feat_base + feats.shape[0]
        ctx = self._context
        stop = total if final else total - ctx
        if stop <= self._scored:
            self._feats = [feats]
            return []
        lo = max(self._feat_base, self._scored - ctx)
        out = self.model.temporal(feats[lo - self._feat_base :])
        probs = 1.0 / (1.0 + np.exp(-out[:, :2]))
        kinds = np.exp(out[:, 2:] - out[:, 2:].max(1, keepdims=True))
        kinds /= kinds.sum(1, keepdims=True)
        keep = slice(self._scored - lo, stop - lo)
        self._event.append(calibrated_confidence(probs[keep, 0], self.model.operating_point))
        self._extent.append(probs[keep, 1])
        self._kinds.append(kinds[keep])
        self._scored = stop
        self._feats = [feats]
        found = self._peaks(final)
        # Features needed again: the context of frames not yet scored, and the thumbnails a
        # wipe still to be reported is checked with (a 40-frame span and the check's margin).
        drop = max(0, min(self._scored - ctx, self._emitted_to - 64) - self._feat_base)
        self._feats = [feats[drop:]]
        self._feat_base += drop
        return found

    def _peaks(self, final: bool) -> list[Transition]:
        event = np.concatenate(self._event)
        extent = np.concatenate(self._extent)
        kinds = np.concatenate(self._kinds)
        self._event, self._extent, self._kinds = [event], [extent], [kinds]
        # A gradual transition can reach 40 frames back: only report peaks well behind the edge.
        hi = self._scored if final else self._scored - 48
        if hi <= self._emitted_to:
            return []
        found = pick_transitions(event, extent, kinds, threshold=self.threshold, lo=self._emitted_to, hi=hi,
                                 at_end=final, thumbs=self.model.config.thumbnails(self._feats[0]),
                                 thumbs_start=self._feat_base)
        self._emitted_to = hi
        return found
