"""The errors of the project layer: each message names the file and says what is wrong."""

from __future__ import annotations

from pathlib import Path


class ProjectError(Exception):
    """A project or interchange file could not be read or written.

    ``str()`` reads ``"<file>: <reason>"`` (just the reason when no file is involved, e.g.
    serializing a timeline in memory), so the UI can show it as is.
    """

    def __init__(self, reason: str, path: str | Path | None = None) -> None:
        self.reason = reason
        self.path = Path(path) if path is not None else None
        super().__init__(f"{self.path}: {reason}" if self.path is not None else reason)

    def with_path(self, path: str | Path) -> ProjectError:
        """The same error (same type) naming ``path``; for errors raised below the file layer."""
        error = type(self)(self.reason, path)
        error.__cause__ = self.__cause__
        return error


class CorruptProjectError(ProjectError):
    """The file is truncated, is not JSON, or holds the wrong shapes."""


class NewerVersionError(ProjectError):
    """The file was written by a newer vedit than this one."""


class ProjectWriteError(ProjectError):
    """Saving failed (disk full, read-only folder...); the previous file is left intact."""


class UnsupportedValueError(ProjectError):
    """A metadata or parameter value that JSON cannot hold exactly (a tuple, a NaN...)."""
