"""The line edit that renames a track in place, over its header (as Resolve and Premiere do)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from ..timeline.edits import MAX_TRACK_NAME


class TrackNameEditor(QLineEdit):
    """Enter, Tab or a click elsewhere keeps the name typed; Escape keeps the old one. Either
    way the editor closes itself: ``finished`` carries the track id and the name, or None."""

    finished = Signal(str, object)  # track id, new name (None: cancelled)

    def __init__(self, parent: QWidget, track_id: str, name: str) -> None:
        super().__init__(name, parent)
        self.track_id = track_id
        self._done = False
        self.setMaxLength(MAX_TRACK_NAME)
        self.setToolTip("Type the track's name; Enter keeps it, Escape leaves it as it was. "
                        "An empty name gives the track its number back.")
        self.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self._finish(None)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
            self._finish(self.text())
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self._finish(self.text())

    def _finish(self, name: str | None) -> None:
        if self._done:
            return
        self._done = True
        keys_back = self.hasFocus()  # Enter or Escape: the keys go back to the timeline
        self.hide()
        if keys_back and self.parentWidget() is not None:
            self.parentWidget().setFocus(Qt.FocusReason.OtherFocusReason)
        self.finished.emit(self.track_id, name)
        self.deleteLater()
