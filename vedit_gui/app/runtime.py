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


def settle_heap(long_edit: bool) -> None:
    """On opening an edit: for a long one, leave the objects that exist now out of the cyclic
    collector's full passes (a documentary's 100,000 values cost such a pass 50-100 ms on the
    GUI thread, and edits that make thousands of clips started one every few edits; what is
    made from now on is still collected). What an earlier open left out is given back first,
    so the edit it held can be collected once it is closed."""
    gc.unfreeze()
    if long_edit:
        gc.collect()
        gc.freeze()
