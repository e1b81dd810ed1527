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
    refuses only when it shows those frames) and why, in the editor's words."""

    source: str
    source_range: FrameRange
    reason: str
    suggestion_id: str

    @property
    def refusal(self) -> str:
        """What a render that would show it says: the reason and the two ways on."""
        return f"{self.reason}. Reject it to go on without it, or render a range that does not show it"


def unusable_look(what: str, suggestion: Suggestion, reason: Exception) -> UnusableLook:
    """Why an accepted grade or effect cannot be used, naming it as the editor finds it (file
    and source frames) and saying what to do: settings come from a project file, which may be
    damaged or written by another version."""
    frames = suggestion.source_range
    return UnusableLook(
        suggestion.source, frames,
        f"the {what} on {Path(suggestion.source).name} (source frames {frames.start}–{frames.end_inclusive}) "
        f"cannot be used: {reason}", suggestion.id)
