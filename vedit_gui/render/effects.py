"""Which effect the render applies to which source frame.

An accepted ``effect:stabilize`` suggestion on a source steadies that source's frames in its
``source_range`` wherever the source is used in the edit, as an accepted grade grades them
(:mod:`.grade`). The maths is :mod:`vedit_gui.media.stabilize`, shared with the preview.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..media.stabilize import Stabilization, StabilizationError, stabilize
from ..timeline import Timeline
from ..timeline.suggestion import STABILIZE, SuggestionStatus
from .errors import RenderError


@dataclass(frozen=True)
class SourceEffects:
    """The accepted stabilisations of a timeline, by source path (later decisions first)."""

    by_source: dict[str, tuple[Stabilization, ...]]

    @classmethod
    def from_timeline(cls, timeline: Timeline) -> SourceEffects:
        found: dict[str, list[Stabilization]] = {}
        for suggestion in timeline.suggestions:
            if suggestion.kind != STABILIZE or suggestion.status is not SuggestionStatus.ACCEPTED:
                continue
            try:
                found.setdefault(suggestion.source, []).append(Stabilization.from_params(suggestion.params))
            except StabilizationError as exc:
                raise RenderError(f"the stabilisation on {suggestion.source} cannot be used: {exc}") from exc
        return cls({path: tuple(reversed(items)) for path, items in found.items()})

    @classmethod
    def none(cls) -> SourceEffects:
        return cls({})

    def with_override(self, path: str, stabilization: Stabilization) -> SourceEffects:
        """These effects with ``stabilization`` taking precedence over its frames (one being
        previewed before it is accepted, or while its smoothing is changed)."""
        by_source = dict(self.by_source)
        by_source[path] = (stabilization, *self.by_source.get(path, ()))
        return SourceEffects(by_source)

    def has(self, path: str) -> bool:
        return path in self.by_source

    def stabilization_at(self, path: str, source_frame: int) -> Stabilization | None:
        """The stabilisation that moves ``source_frame`` of ``path``, or None."""
        for stabilization in self.by_source.get(path, ()):
            if stabilization.covers(source_frame):
                return stabilization
        return None

    def apply(self, path: str, source_frame: int, picture: np.ndarray) -> np.ndarray:
        """``picture`` (source frame ``source_frame`` of ``path``, at any size) with its
        effect, as a new array; the same array when it has none."""
        stabilization = self.stabilization_at(path, source_frame)
        if stabilization is None:
            return picture
        height, width = picture.shape[:2]
        return stabilize(picture, stabilization.matrix(source_frame, width, height))


__all__ = ["SourceEffects"]
