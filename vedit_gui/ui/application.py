"""Starting and stopping the editor: QApplication, the asyncio loop on it, the main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from ..app.runtime import cancel_tasks, install_event_loop
from ..app.session import Session
from .main_window import MainWindow


def run_editor(path: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("vedit")
    app.setOrganizationName("vedit")
    loop = install_event_loop(app)
    window = MainWindow(Session())
    window.show()
    if path:
        window.open_path(path)
    status = app.exec()
    cancel_tasks(loop)
    loop.stop()
    loop.close()
    return status
