"""A worker thread that serves one job at a time, and only the newest.

Playback's picture and sound workers both run this way: posting a job replaces whatever
waits or runs (the running job sees :meth:`changed` and stops), ``None`` idles the thread,
and :meth:`close` ends it.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

Job = TypeVar("Job")

_QUIT = object()


class LatestJobWorker(Generic[Job]):
    def __init__(self, name: str) -> None:
        self._lock = threading.Condition()
        self._job: Job | object | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._post(None)

    def close(self, timeout: float = 5.0) -> None:
        self._post(_QUIT)
        self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def changed(self, job: Job) -> bool:
        """Whether ``job`` has been replaced (the work loop checks this to stop early)."""
        with self._lock:
            return self._job is not job

    def _post(self, job: Job | object | None) -> None:
        with self._lock:
            previous = self._job
            if previous is _QUIT:
                return
            self._job = job
            self._lock.notify_all()
        if previous is not None:
            self._replaced(previous)  # type: ignore[arg-type]

    def _next(self, current: Job | object | None) -> Job | object | None:
        with self._lock:
            self._lock.wait_for(lambda: self._job is not current)
            return self._job

    def _run(self) -> None:
        job: Job | object | None = None
        try:
            while True:
                job = self._next(job)
                if job is _QUIT:
                    return
                if job is not None:
                    self._work(job)  # type: ignore[arg-type]
        finally:
            self._finish()

    # -- for subclasses ---------------------------------------------------------------

    def _work(self, job: Job) -> None:
        """Serve ``job`` in the worker thread, returning early once :meth:`changed`."""
        raise NotImplementedError

    def _replaced(self, previous: Job) -> None:
        """A job was replaced by a newer post (called on the posting thread)."""

    def _finish(self) -> None:
        """The thread is ending: release what the jobs opened."""
