"""The asyncio loop on Qt's event loop (qasync): jobs are asyncio tasks on the GUI thread
that await CPU work running in executors, so the GUI thread never waits.

The loop is created "already running" and driven by ``QApplication.exec()`` (or by
pytest-qt's event processing in tests), so the same code runs in the app and in tests.
"""

from __future__ import annotations

import asyncio
import gc
from concurrent.futures import ThreadPoolExecutor

import qasync
from PySide6.QtCore import QCoreApplication

_loop: qasync.QEventLoop | None = None


def install_event_loop(app: QCoreApplication) -> qasync.QEventLoop:
    """The one asyncio loop of this process, made on first call (tests call it per test)."""
    global _loop
    if _loop is None or _loop.is_closed():
        _loop = qasync.QEventLoop(app, already_running=True)
    asyncio.set_event_loop(_loop)
    return _loop


def cancel_tasks(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel every pending task (jobs cancel on close)."""
    for task in asyncio.all_tasks(loop):
        task.cancel()


def worker(name: str) -> ThreadPoolExecutor:
    """A single worker thread: decoders are not thread-safe, so each kind of work owns one."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"vedit-{name}")


def keep_out_of_collector() -> None:
    """Leave the objects that exist now (a long edit just opened, with the views built on it)
    out of the cyclic collector's full passes. A documentary's 100,000 values cost such a pass
    50-100 ms on the GUI thread, and edits that make thousands of clips started one every few
    edits; what is made from now on is still collected."""
    gc.collect()
    gc.freeze()
