"""The main window: viewer, scrub bar and timecode over the session.

This release is a preview window: open a source or project, scrub, step frames. The
timeline editor (tracks, trimming, playback with sound, export dialog) is the next
milestone; the status bar says so rather than showing buttons that do nothing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ..app.frame_fetcher import FrameFetcher
from ..app.session import Session
from ..render import TimelineVideo
from ..timeline import Timeline, frame_to_timecode
from .viewer import ViewerWidget

MEDIA_FILTER = "Video and projects (*.mp4 *.mov *.mkv *.webm *.avi *.mpg *.mts *.m4v *.vedit *.otio);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.fetcher = FrameFetcher(self)
        self.playhead = 0
        self.setWindowTitle("vedit")
        self.setAcceptDrops(True)

        self.viewer = ViewerWidget()
        self.scrubber = QSlider(Qt.Orientation.Horizontal)
        self.scrubber.setEnabled(False)
        self.scrubber.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.timecode = QLabel("--:--:--:--")
        self.timecode.setObjectName("timecode")
        self.timecode.setStyleSheet("font-family: monospace; font-size: 15px; padding: 0 8px;")

        transport = QHBoxLayout()
        transport.addWidget(self.timecode)
        transport.addWidget(self.scrubber, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.viewer, 1)
        layout.addLayout(transport)
        self.setCentralWidget(central)
        self.statusBar().showMessage(
            "Preview window: open and scrub footage. The timeline editor is not built yet."
        )
        self._build_menus()

        self.scrubber.valueChanged.connect(self._on_scrubber_value_changed)
        self.fetcher.frame_ready.connect(self._on_fetcher_frame_ready)
        self.fetcher.failed.connect(self._on_fetcher_failed)
        session.opened.connect(self._on_session_opened)
        session.open_failed.connect(self._on_session_open_failed)
        session.timeline_changed.connect(self._on_session_timeline_changed)
        self.resize(1100, 720)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open…", self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._on_open_triggered)
        file_menu.addAction(open_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.quit_action = quit_action

        steps = [
            ("Previous Frame", "Left", -1),
            ("Next Frame", "Right", 1),
            ("Back One Second", "Shift+Left", "-second"),
            ("Forward One Second", "Shift+Right", "+second"),
            ("Go to Start", "Home", "start"),
            ("Go to End", "End", "end"),
        ]
        view_menu = self.menuBar().addMenu("&Playhead")
        for name, key, step in steps:
            action = QAction(name, self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _=False, s=step: self._step(s))
            view_menu.addAction(action)

    # --- opening ---------------------------------------------------------------------

    def open_path(self, path: str | Path) -> None:
        self.viewer.show_message(f"Opening {Path(path).name}…")
        self.statusBar().showMessage(f"Opening {path}…")
        self.session.open_path(path)

    def _on_open_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open video or project", "", MEDIA_FILTER)
        if path:
            self.open_path(path)

    def _on_session_opened(self, path: str) -> None:
        self.setWindowTitle(f"{Path(path).name} — vedit")
        self.statusBar().showMessage(f"Opened {path}", 5000)

    def _on_session_open_failed(self, path: str, message: str) -> None:
        self.viewer.show_message(f"Could not open {Path(path).name}")
        self.statusBar().showMessage(f"Could not open {path}")
        box = QMessageBox(QMessageBox.Icon.Warning, "Could not open", message, parent=self)
        box.setObjectName("openErrorBox")
        box.open()  # window-modal but not blocking: the GUI thread keeps running

    def _on_session_timeline_changed(self, old: Timeline, new: Timeline) -> None:
        snapshot = new
        self.fetcher.set_source(lambda: TimelineVideo(snapshot))
        last = max(snapshot.duration - 1, 0)
        self.scrubber.blockSignals(True)
        self.scrubber.setRange(0, last)
        self.scrubber.setEnabled(snapshot.duration > 0)
        self.scrubber.blockSignals(False)
        if snapshot.duration == 0 or not snapshot.tracks:
            self.viewer.clear("This timeline is empty.")
            return
        self.seek(min(self.playhead, last))

    # --- playhead ----------------------------------------------------------------------

    def seek(self, frame: int) -> None:
        duration = self.session.timeline.duration
        if duration == 0:
            return
        frame = max(0, min(frame, duration - 1))
        self.playhead = frame
        self.scrubber.blockSignals(True)
        self.scrubber.setValue(frame)
        self.scrubber.blockSignals(False)
        rate = self.session.timeline.rate
        self.timecode.setText(
            f"{frame_to_timecode(frame, rate)}  /  {frame_to_timecode(duration, rate)}"
        )
        self.fetcher.request(frame)

    def _step(self, step: int | str) -> None:
        second = round(self.session.timeline.rate)
        targets = {
            "-second": self.playhead - second,
            "+second": self.playhead + second,
            "start": 0,
            "end": self.session.timeline.duration - 1,
        }
        self.seek(targets[step] if isinstance(step, str) else self.playhead + step)

    def _on_scrubber_value_changed(self, value: int) -> None:
        self.seek(value)

    def _on_fetcher_frame_ready(self, frame: int, picture: np.ndarray) -> None:
        self.viewer.show_frame(picture)

    def _on_fetcher_failed(self, frame: int, message: str) -> None:
        self.viewer.show_message(f"Frame {frame} could not be decoded: {message}")

    # --- drag and drop, closing -----------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        urls = [url for url in event.mimeData().urls() if url.isLocalFile()]
        if urls:
            self.open_path(urls[0].toLocalFile())
            event.acceptProposedAction()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.fetcher.close()
        self.session.close()
        super().closeEvent(event)
