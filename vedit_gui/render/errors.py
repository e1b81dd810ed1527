"""The render layer's exceptions."""

from __future__ import annotations

from pathlib import Path

from ..timeline import Suggestion


class RenderError(Exception):
    """A render that cannot run or could not finish; the message is for the user."""


class RenderCancelled(RenderError):
    """The render was cancelled; nothing was written."""


def unusable_look(what: str, suggestion: Suggestion, reason: Exception) -> str:
    """Why an accepted grade or effect cannot be used, naming it as the editor finds it (file
    and source frames) and saying what to do: settings come from a project file, which may be
    damaged or written by another version."""
    frames = suggestion.source_range
    return (f"the {what} on {Path(suggestion.source).name} (source frames {frames.start}–{frames.end_inclusive}) "
            f"cannot be used: {reason}. Reject it to go on without it")
