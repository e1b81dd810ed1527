"""Scopes of the picture on screen, computed off the GUI thread, newest picture first.

The viewer may show 30 pictures a second while playing; only the newest waits while one
is read, so the scopes keep up with what is shown and never build a backlog.
"""

from __future__ import annotations

import asyncio
import logging

import numpy as np
from PySide6.QtCore import QObject, Signal

from ..media.scopes import ScopeKind, scope_picture
from .runtime import worker

log = logging.getLogger(__name__)


class ScopeReader(QObject):
    ready = Signal(object, object)  # ScopeKind, H×W×3 uint8 RGB traces

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = worker("scopes")
        self._wanted: tuple[np.ndarray, ScopeKind] | None = None
        self._task: asyncio.Task[None] | None = None
        self._closed = False

    def request(self, picture: np.ndarray, kind: ScopeKind) -> None:
        if self._closed:
            return
        self._wanted = (picture, kind)
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self._serve())

    def cancel(self) -> None:
        """Forget the picture waiting to be read (the viewer shows none now)."""
        self._wanted = None

    async def _serve(self) -> None:
        loop = asyncio.get_running_loop()
        while self._wanted is not None:
            (picture, kind), self._wanted = self._wanted, None
            try:
                traces = await loop.run_in_executor(self._executor, scope_picture, picture, kind)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - a picture the scopes cannot read leaves them as they were
                log.exception("the scopes could not read a picture")
                continue
            self.ready.emit(kind, traces)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._wanted = None
        if self._task is not None:
            self._task.cancel()
        self._executor.shutdown(wait=False, cancel_futures=True)
