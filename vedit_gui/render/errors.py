"""The render layer's exceptions."""

from __future__ import annotations


class RenderError(Exception):
    """A render that cannot run or could not finish; the message is for the user."""


class RenderCancelled(RenderError):
    """The render was cancelled; nothing was written."""
