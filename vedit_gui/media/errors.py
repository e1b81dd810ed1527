"""The one error type of the media layer: a message a user can read, naming the file."""

from __future__ import annotations

from pathlib import Path


class MediaError(Exception):
    """A file could not be probed, decoded or read; ``str()`` names the file and says why."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")
