"""Arrow, Home and End keys stay with a focused list, slider or box; Escape with a widget that
uses it.

The window's shortcuts use those keys to move the playhead; a list, a slider, a spin box or
a text field uses them to move within itself. Where such a widget has the focus it claims
the key (Qt's ``ShortcutOverride``), so the key press reaches it and the shortcut does not
fire. A menu item clicked with the mouse is not a key: it always does what it says.

Escape cancels the running jobs (Edit ▸ Cancel Running Jobs) unless the focused widget has a
use of its own for it: a text box (leaving a track's name as it was), a list editing a cell,
or a widget whose ``uses_escape()`` says so now (the timeline during a drag, the viewer
while picking a neutral colour).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)

NAVIGATION_KEYS = frozenset({Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down,
                             Qt.Key.Key_Home, Qt.Key.Key_End})
KEEP_NAVIGATION = (QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QComboBox, QLineEdit)


class NavigationKeysStay(QObject):
    """An application event filter: a focused list, slider or box keeps its navigation keys."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, KEEP_NAVIGATION)
                and isinstance(event, QKeyEvent) and event.key() in NAVIGATION_KEYS):
            event.accept()  # the widget takes the key; no shortcut sees it
            return True
        return False


TEXT_BOXES = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)


def uses_escape(widget: QObject) -> bool:
    """Whether ``widget``, focused, has a use for Escape now."""
    if isinstance(widget, TEXT_BOXES):
        return True
    if isinstance(widget, QAbstractItemView) and widget.state() == QAbstractItemView.State.EditingState:
        return True
    asks = getattr(widget, "uses_escape", None)
    return bool(asks()) if callable(asks) else False


class EscapeStays(QObject):
    """An application event filter: a focused widget that uses Escape keeps it from the
    window's shortcut (Cancel Running Jobs)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape and uses_escape(watched)):
            event.accept()  # the key press goes to the widget
            return True
        return False
