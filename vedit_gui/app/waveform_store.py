"""Audio waveforms for the timeline, read in the background, one source at a time.

``request(path)`` queues a source; a worker thread runs ``media.waveform_peaks`` on it
and ``ready(path)`` fires on the GUI thread when its peaks are in. Closing the store (or
``cancel(path)``) sets the running job's cancel event, so a two-hour file stops within a
packet instead of reading to its end. Peaks cost 8 bytes per 1/``peaks_per_second`` s
(5.8 MB for two hours at 100 per second); the store keeps the last few sources.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict

import numpy as np
from PySide6.QtCore import QObject, Signal

from ..media import MediaError, WaveformCancelled, waveform_peaks
from ..media.damage import KNOWN, SOUND
from .runtime import worker

# Sources whose peaks stay in memory (the ones on a timeline, usually one or two).
_KEPT_SOURCES = 8


class WaveformStore(QObject):
    ready = Signal(str)  # path whose peaks are in
    failed = Signal(str, str)  # path, message for the user
    damaged = Signal(str, list)  # path, what to tell of its sound that could not be decoded

    def __init__(self, parent: QObject | None = None, *, peaks_per_second: int = 100) -> None:
        super().__init__(parent)
        if peaks_per_second < 1:
            raise ValueError(f"peaks per second must be at least 1, got {peaks_per_second}")
        self.peaks_per_second = peaks_per_second
        self._peaks: OrderedDict[str, np.ndarray] = OrderedDict()
        self._queue: list[str] = []
        self._broken: set[str] = set()
        self._running: tuple[str, threading.Event] | None = None
        self._task: asyncio.Task[None] | None = None
        self._executor = worker("waveform")
        self._closed = False

    def peaks(self, path: str) -> np.ndarray | None:
        """float32 (n, 2) (min, max) per 1/peaks_per_second s, or None while not read."""
        return self._peaks.get(path)

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    def request(self, path: str) -> None:
        """Read ``path``'s waveform unless it is read, queued, running or known bad."""
        running = self._running[0] if self._running else None
        if self._closed or path in self._peaks or path in self._queue or path == running:
            return
        if path in self._broken:
            return
        self._queue.append(path)
        if not self.busy:
            self._task = asyncio.ensure_future(self._serve())

    def cancel(self, path: str) -> None:
        """Stop reading ``path`` (queued or running); a later request starts it again."""
        if path in self._queue:
            self._queue.remove(path)
        if self._running is not None and self._running[0] == path:
            self._running[1].set()

    def close(self) -> None:
        self._closed = True
        self._queue.clear()
        if self._running is not None:
            self._running[1].set()
        if self._task is not None:
            self._task.cancel()
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def _serve(self) -> None:
        loop = asyncio.get_running_loop()
        while self._queue:
            path = self._queue.pop(0)
            cancel = threading.Event()
            self._running = (path, cancel)
            try:
                peaks, damage = await loop.run_in_executor(
                    self._executor, self._read, path, self.peaks_per_second, cancel
                )
            except asyncio.CancelledError:
                cancel.set()  # the thread stops at its next packet
                raise
            except WaveformCancelled:
                continue
            except (MediaError, OSError) as error:
                self._broken.add(path)
                self.failed.emit(path, str(error))
                continue
            finally:
                self._running = None
            self._peaks[path] = peaks
            while len(self._peaks) > _KEPT_SOURCES:
                self._peaks.popitem(last=False)
            self.ready.emit(path)
            if damage:
                self.damaged.emit(path, damage)

    @staticmethod
    def _read(path: str, peaks_per_second: int, cancel: threading.Event) -> tuple[np.ndarray, list[str]]:
        """(the peaks, what to say of damaged sound): the notes worked out here, off the GUI
        thread (they read the file's length and rate)."""
        peaks = waveform_peaks(path, peaks_per_second, cancel=cancel)
        return peaks, KNOWN.notes([path], kind=SOUND)
