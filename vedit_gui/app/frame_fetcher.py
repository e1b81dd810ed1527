"""Frames for the viewer, decoded off the GUI thread, newest request first.

While one decode runs, only the newest request waits; older ones are dropped, so a fast
scrub never builds a backlog and the viewer always catches up with the playhead. A picture
decoded from a source that was replaced meanwhile is never shown: its frame is read again.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Protocol

import numpy as np
from PySide6.QtCore import QObject, Signal

from .runtime import worker


class FrameSource(Protocol):
    def frame_at(self, frame: int) -> np.ndarray: ...

    def scrub_frame_at(self, frame: int) -> tuple[int, np.ndarray]: ...

    def damage_at(self, frame: int) -> str | None: ...

    def close(self) -> None: ...


class FrameFetcher(QObject):
    frame_ready = Signal(int, object)  # timeline frame, H×W×3 uint8 RGB
    damage_shown = Signal(int, str)  # just before frame_ready: what to say of its damaged footage, or ""
    failed = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = worker("decode")
        # The opener and its generation change together (GUI thread) and are read together
        # (worker thread): each set_source() is a new generation, never lost to an open in hand.
        self._lock = threading.Lock()
        self._open_source: Callable[[], FrameSource] | None = None
        self._generation = 0
        self._source: FrameSource | None = None  # worker thread only, like the two below
        self._source_generation = 0
        self._wanted: int | None = None
        self._fast = False
        self._task: asyncio.Task[None] | None = None
        self._closed = False

    def set_source(self, open_source: Callable[[], FrameSource]) -> None:
        """Use a new frame source (opened in the worker thread on the next request)."""
        with self._lock:
            self._open_source = open_source
            self._generation += 1

    def request(self, frame: int, *, fast: bool = False) -> None:
        """Ask for ``frame``; ``fast`` (while dragging) accepts the nearest frame that decodes
        quickly, reported with its own number, so the viewer keeps up with the hand."""
        if self._closed:
            return
        self._wanted = frame
        self._fast = fast
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self._serve())

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    async def _serve(self) -> None:
        loop = asyncio.get_running_loop()
        while self._wanted is not None:
            wanted, self._wanted = self._wanted, None
            # The worker reads the generation later, never an older one: if this is still
            # current when the answer comes, the answer is from the current source.
            generation = self._generation
            try:
                frame, picture, damage = await loop.run_in_executor(self._executor, self._decode, wanted, self._fast)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - any decode failure is shown, never fatal
                if self._replaced_since(generation, wanted):
                    continue
                self.failed.emit(wanted, str(error) or type(error).__name__)
                continue
            if self._replaced_since(generation, wanted):
                continue
            self.damage_shown.emit(frame, damage or "")
            self.frame_ready.emit(frame, picture)

    def _replaced_since(self, generation: int, wanted: int) -> bool:
        """Whether a set_source() came after ``generation`` was current; if so the answer is
        the old source's, so ``wanted`` is asked again of the new one unless a newer request
        waits. (GUI thread: set_source() runs there too, so nothing moves under this.)"""
        if self._generation == generation:
            return False
        if self._wanted is None:
            self._wanted = wanted
        return True

    def _decode(self, frame: int, fast: bool) -> tuple[int, np.ndarray, str | None]:
        """Runs in the worker thread, which alone touches the source."""
        with self._lock:
            open_source, generation = self._open_source, self._generation
        if generation != self._source_generation:
            if self._source is not None:
                self._source.close()
                self._source = None
            # Stale until it opens: a source that failed to open (a file gone a moment) is
            # tried again at the next request, and its own error is said, not "nothing is open".
            # A set_source() during the open makes a newer generation, so it stays stale.
            self._source = open_source() if open_source else None
            self._source_generation = generation
        if self._source is None:
            raise RuntimeError("nothing is open")
        shown, picture = self._source.scrub_frame_at(frame) if fast else (frame, self._source.frame_at(frame))
        # After decoding: the decode is what finds damage not met before.
        return shown, picture, self._source.damage_at(shown)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._task is not None:
            self._task.cancel()
        self._wanted = None
        # No cancel_futures: with a decode in hand the release is still queued, and must run.
        self._executor.submit(self._close_source)
        self._executor.shutdown(wait=False)

    def _close_source(self) -> None:
        if self._source is not None:
            self._source.close()
            self._source = None
