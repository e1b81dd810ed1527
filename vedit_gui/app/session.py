"""The open document: its timeline history, where it came from, and signals for views.

Views never reach into the engine to change it: they call the session, which applies edits
through the undo history and re-emits every change as a Qt signal (napari's model/view
split: the model is plain Python, the Qt side listens).
"""

from __future__ import annotations

import asyncio
from fractions import Fraction
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ..project import LoadedProject, is_project, open_any
from ..timeline import History, Timeline
from .runtime import worker

EMPTY = Timeline(rate=Fraction(30000, 1001), name="Untitled")


class Session(QObject):
    timeline_changed = Signal(object, object)  # old Timeline, new Timeline
    opened = Signal(str)  # path opened
    open_failed = Signal(str, str)  # path, message for the user

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.history = History(EMPTY)
        self.history.subscribe(self._on_history_changed)
        self.project_path: Path | None = None
        self.source_path: Path | None = None
        self._io = worker("io")
        self._opening: asyncio.Task[None] | None = None

    @property
    def timeline(self) -> Timeline:
        return self.history.timeline

    def _on_history_changed(self, old: Timeline, new: Timeline) -> None:
        self.timeline_changed.emit(old, new)

    def open_path(self, path: str | Path) -> asyncio.Task[None]:
        """Open a source or project in the background; a newer request cancels an older one."""
        if self._opening is not None and not self._opening.done():
            self._opening.cancel()
        self._opening = asyncio.ensure_future(self._open(Path(path)))
        return self._opening

    async def _open(self, path: Path) -> None:
        loop = asyncio.get_running_loop()
        try:
            loaded: LoadedProject = await loop.run_in_executor(self._io, open_any, path)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - every failure to open is reported, none is fatal
            self.open_failed.emit(str(path), str(error) or type(error).__name__)
            return
        self.project_path = path if is_project(path) else None
        self.source_path = None if is_project(path) else path
        self.history.reset(loaded.timeline)
        self.opened.emit(str(path))

    def close(self) -> None:
        if self._opening is not None:
            self._opening.cancel()
        self._io.shutdown(wait=False, cancel_futures=True)
