"""Starting and stopping the editor: QApplication, the asyncio loop on it, the main window."""

from __future__ import annotations

import asyncio
import sys
import traceback

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ..app.about import error_log
from ..app.runtime import cancel_tasks, install_event_loop
from ..app.session import Session
from .main_window import MainWindow
from .theme import apply_dark_theme


def install_error_dialog(window: QWidget, loop: asyncio.AbstractEventLoop | None = None) -> None:
    """A bug in a slot, or in a callback or task on the asyncio ``loop``, is shown to the user
    (with its log file) and the app keeps running. The loop's own handler only printed those
    to a terminal the editor does not see."""

    def hook(kind, error, tb) -> None:
        log = error_log()  # Help ▸ About vedit says where it is
        with log.open("a", encoding="utf-8") as out:
            traceback.print_exception(kind, error, tb, file=out)
        traceback.print_exception(kind, error, tb)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "Something went wrong",
            f"{error or kind.__name__}\n\nYour project is still open. Details were written to {log}.",
            QMessageBox.StandardButton.Ok,
            window,
        )
        box.open()

    sys.excepthook = hook

    def on_loop_error(loop: asyncio.AbstractEventLoop, context: dict) -> None:
        error = context.get("exception")
        if isinstance(error, BaseException):
            hook(type(error), error, error.__traceback__)
        else:  # a warning with no exception (a task destroyed while pending, ...): only logged
            loop.default_exception_handler(context)

    if loop is not None:
        loop.set_exception_handler(on_loop_error)


def run_editor(path: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("vedit")
    app.setOrganizationName("vedit")
    apply_dark_theme(app)
    loop = install_event_loop(app)
    window = MainWindow(Session())
    install_error_dialog(window, loop)
    window.show()
    if path:
        window.open_path(path)
    status = app.exec()
    cancel_tasks(loop)
    loop.stop()
    loop.close()
    return status
