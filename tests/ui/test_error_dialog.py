"""A bug anywhere on the GUI thread is shown to the editor, and the editor keeps running."""

from __future__ import annotations

import asyncio
import sys

from PySide6.QtWidgets import QMainWindow, QMessageBox

from vedit_gui.ui.application import install_error_dialog


def test_an_error_in_an_asyncio_callback_or_task_is_shown_and_the_app_goes_on(qtbot, qt_loop, tmp_path, monkeypatch):
    monkeypatch.setattr("vedit_gui.ui.application.error_log", lambda: tmp_path / "errors.log")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back afterwards
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    install_error_dialog(window, qt_loop)
    try:
        def broken(_done) -> None:
            raise NameError("a bug in a done callback")

        async def work() -> int:
            return 1

        asyncio.ensure_future(work()).add_done_callback(broken)
        qtbot.waitUntil(lambda: bool(window.findChildren(QMessageBox)), timeout=5000)
        (box,) = window.findChildren(QMessageBox)
        assert box.windowTitle() == "Something went wrong" and box.text().startswith("a bug in a done callback")
        assert "NameError: a bug in a done callback" in (tmp_path / "errors.log").read_text()
        assert window.isVisible()
    finally:
        qt_loop.set_exception_handler(None)
