"""Arrow, Home and End keys stay with a focused list, slider or box.

The window's shortcuts use those keys to move the playhead; a list, a slider, a spin box or
a text field uses them to move within itself. Where such a widget has the focus it claims
the key (Qt's ``ShortcutOverride``), so the key press reaches it and the shortcut does not
fire. A menu item clicked with the mouse is not a key: it always does what it says.

Undo and Redo in a number box are the edit's: each value it sets is an undo step already,
and the box's own text undo swallowed Ctrl+Z after a typed grade value (fifth editor pass).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
)

NAVIGATION_KEYS = frozenset({Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down,
                             Qt.Key.Key_Home, Qt.Key.Key_End})
KEEP_NAVIGATION = (QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QComboBox, QLineEdit)


class NavigationKeysStay(QObject):
    """An application event filter: a focused list, slider or box keeps its navigation keys."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if isinstance(watched, KEEP_NAVIGATION) and event.key() in NAVIGATION_KEYS:
            event.accept()  # the widget takes the key; no shortcut sees it
            return True
        if _in_number_box(watched) and (event.matches(QKeySequence.StandardKey.Undo)
                                        or event.matches(QKeySequence.StandardKey.Redo)):
            event.ignore()  # not the box's: Edit ▸ Undo / Redo take it
            return True
        return False


def _in_number_box(widget: QObject) -> bool:
    return isinstance(widget, QAbstractSpinBox) or isinstance(widget.parent(), QAbstractSpinBox)
