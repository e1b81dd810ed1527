"""The render layer's exceptions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..timeline import FrameRange, Suggestion


class RenderError(Exception):
    """A render that cannot run or could not finish; the message is for the user."""


class RenderCancelled(RenderError):
    """The render was cancelled; nothing was written."""


def as_sentence(clause: str) -> str:
    """A render message, worded as a clause to be embedded, as a sentence of its own."""
    text = clause[:1].upper() + clause[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


@dataclass(frozen=True)
class UnusableLook:
    """An accepted grade or effect whose settings cannot be used, where it lies (so a render
    refuses only when it shows those frames) and why, in the editor's words. ``covered``:
    source ranges an accepted grade after it in the project's list decides instead (a grade
    pasted over a damaged one), where the look is never shown."""

    source: str
    source_range: FrameRange
    reason: str
    suggestion_id: str
    covered: tuple[FrameRange, ...] = ()

    def shown_frames(self, span: FrameRange | None = None) -> tuple[FrameRange, ...]:
        """The look's source frames (within ``span``, if given) that no later grade covers:
        where a render would have to show it."""
        part = self.source_range if span is None else self.source_range.intersection(span)
        left = [part] if part is not None and part.duration else []
        for cover in self.covered:
            left = [piece for rng in left for piece in _minus(rng, cover)]
        return tuple(left)

    @property
    def exposed(self) -> bool:
        """Whether any of its frames would show it (not all covered by later grades)."""
        return bool(self.shown_frames())

    @property
    def refusal(self) -> str:
        """What a render that would show it says: the reason and the two ways on."""
        return f"{self.reason}. Reject it to go on without it, or render a range that does not show it"


def _minus(rng: FrameRange, cover: FrameRange) -> tuple[FrameRange, ...]:
    """``rng`` without the frames of ``cover``: none, one or two pieces."""
    if not rng.overlaps(cover):
        return (rng,)
    pieces = ((rng.start, cover.start), (cover.end_exclusive, rng.end_exclusive))
    return tuple(FrameRange.from_bounds(start, end) for start, end in pieces if end > start)


def unusable_look(what: str, suggestion: Suggestion, reason: Exception) -> UnusableLook:
    """Why an accepted grade or effect cannot be used, naming it as the editor finds it (file
    and source frames) and saying what to do: settings come from a project file, which may be
    damaged or written by another version."""
    frames = suggestion.source_range
    return UnusableLook(
        suggestion.source, frames,
        f"the {what} on {Path(suggestion.source).name} (source frames {frames.start}–{frames.end_inclusive}) "
        f"cannot be used: {reason}", suggestion.id)
