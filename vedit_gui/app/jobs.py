"""Long-running work (render, analysis) as cancellable jobs with progress for the status bar.

A job is an asyncio task on the GUI thread that awaits a function running in its own worker
thread. The function gets a ``progress(fraction)`` callback (callable from that thread) and a
``threading.Event`` it checks to stop; cancelling the job sets the event and cancels the task.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from .runtime import worker

WorkFn = Callable[[Callable[[float], None], threading.Event], Any]


class Job(QObject):
    progressed = Signal(float)
    began = Signal()  # its work started in its worker (jobs of one kind queue behind each other)
    finished = Signal(object)  # the result, when it succeeded
    failed = Signal(str)  # a message for the user
    cancelled = Signal()

    _ids = itertools.count(1)

    def __init__(self, title: str, parent: QObject | None = None, kind: str = "") -> None:
        super().__init__(parent)
        self.id = next(self._ids)
        self.title = title
        self.kind = kind  # the worker it runs on ("analysis", "render", ...): what sort of work it is
        self.output: Path | None = None  # the file an export writes: what stopping it leaves is said by name
        self.progress = 0.0
        self.cancel_event = threading.Event()
        self.task: asyncio.Task[Any] | None = None
        self.state = "running"
        self.begun = False  # False while it waits its turn on its worker
        self._last_emit = 0.0

    def cancel(self) -> None:
        """Ask the work to stop; it unwinds in its thread (removing temp files) and the job
        ends as cancelled. The task itself is left to finish so the unwinding is awaited."""
        if self.state == "running":
            self.cancel_event.set()

    @property
    def done(self) -> bool:
        return self.state != "running"

    def _begin(self) -> None:
        if not self.begun and not self.done:
            self.begun = True
            self.began.emit()

    def _report(self, fraction: float) -> None:
        """On the GUI thread: at most ~20 signals a second, and always the last."""
        self.progress = fraction
        now = time.monotonic()
        if fraction >= 1.0 or now - self._last_emit > 0.05:
            self._last_emit = now
            self.progressed.emit(fraction)


class JobManager(QObject):
    job_started = Signal(object)  # Job
    job_ended = Signal(object)  # Job, whatever its end

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs: list[Job] = []
        self._executors: dict[str, Any] = {}

    def start(self, title: str, kind: str, work: WorkFn) -> Job:
        """Run ``work(progress, cancel)`` in the ``kind`` worker thread (one thread per kind)."""
        job = Job(title, self, kind)
        self.jobs.append(job)
        executor = self._executors.get(kind)
        if executor is None:
            executor = self._executors[kind] = worker(kind)
        job.task = asyncio.ensure_future(self._run(job, executor, work))
        self.job_started.emit(job)
        return job

    async def _run(self, job: Job, executor, work: WorkFn) -> None:
        loop = asyncio.get_running_loop()

        def progress(fraction: float) -> None:  # called from the worker thread
            loop.call_soon_threadsafe(job._report, fraction)

        def begin_then_work(progress, cancel):  # in the worker thread, when its turn comes
            loop.call_soon_threadsafe(job._begin)
            return work(progress, cancel)

        future = loop.run_in_executor(executor, begin_then_work, progress, job.cancel_event)
        try:
            result = await asyncio.shield(future)
        except asyncio.CancelledError:  # the app is closing: stop the work, don't wait for it
            job.cancel_event.set()
            # Its end (most likely "cancelled") is of no interest now: consume it quietly.
            future.add_done_callback(lambda done: done.cancelled() or done.exception())
            self._end(job, "cancelled")
            raise
        except Exception as error:  # noqa: BLE001 - every failure becomes a message, none is fatal
            if job.cancel_event.is_set():
                self._end(job, "cancelled")
                job.cancelled.emit()
            else:
                self._end(job, "failed")
                job.failed.emit(str(error) or type(error).__name__)
            return
        # Work that completed before it noticed a cancel has done its job: report that truly.
        self._end(job, "finished")
        job.finished.emit(result)

    def _end(self, job: Job, state: str) -> None:
        job.state = state
        if job in self.jobs:
            self.jobs.remove(job)
        self.job_ended.emit(job)

    def cancel_all(self) -> None:
        for job in list(self.jobs):
            job.cancel()

    def shutdown(self) -> None:
        """Cancel everything and let the worker threads end (jobs cancel on close)."""
        self.cancel_all()
        for job in list(self.jobs):
            if job.task is not None:
                job.task.cancel()
        for executor in self._executors.values():
            executor.shutdown(wait=False, cancel_futures=True)
