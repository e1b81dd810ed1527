"""Help ▸ Keyboard Shortcuts: every key the editor answers to, read from its menus' actions,
so the list cannot drift from what the keys do."""

from __future__ import annotations

from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QMenuBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

# What the timeline does with the mouse, which no menu holds.
MOUSE_HINTS = (
    "On the timeline: drag on the ruler to scrub; drag a clip's edge to trim (the viewer shows the frame at the edge; it snaps to the "
    "playhead, cuts and markers; hold Alt to stop snapping, press Escape to cancel), Ctrl-drag it "
    "to roll the cut instead; drag a clip along V1 or A1 to move it there (the rest make room), "
    "along a track over the edit or onto another track of its kind to lay it there over what is "
    "under it; the wheel over the track names scrolls the tracks; Shift+click adds a clip to the selection, "
    "Ctrl+click adds or removes it; Ctrl+wheel zooms. Click a suggestion to review it, a marker's "
    "flag to name it. Drop video or sound files on the tracks to insert them there, above the tracks to lay them "
    "over the edit on new tracks. A track header's "
    "eye (picture) or M (sound) button hides or mutes the track in playback and export; "
    "double-click a track's name to rename it."
)


COMMAND_NAME = "commandName"
"""An action's property naming the command where its text says what it would do now ("Undo
Add Crossfade"): the list names the command, not the last edit read into the menu."""


def shortcut_rows(bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for each action with a shortcut, in menu order; submenus and
    actions without keys are left out."""
    rows = []
    for menu_action in bar.actions():
        menu = menu_action.menu()
        if not isinstance(menu, QMenu):
            continue
        title = menu.title().replace("&", "")
        for action in menu.actions():
            keys = _keys(action)
            if keys and not action.isSeparator():
                name = action.property(COMMAND_NAME) or action.text()
                rows.append((title, str(name).replace("&", ""), keys))
    return rows


def _keys(action: QAction) -> str:
    return " or ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty())


class ShortcutsDialog(QDialog):
    def __init__(self, bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Command", "Keys"])
        self.list.setRootIsDecorated(True)
        groups: dict[str, QTreeWidgetItem] = {}
        for menu, command, keys in shortcut_rows(bar):
            if menu not in groups:
                groups[menu] = QTreeWidgetItem(self.list, [menu])
                groups[menu].setFirstColumnSpanned(True)
            QTreeWidgetItem(groups[menu], [command, keys])
        self.list.expandAll()
        self.list.resizeColumnToContents(0)
        self.list.resizeColumnToContents(1)  # "Ctrl+Shift+Z or Ctrl+Y" whole
        mouse = QLabel(MOUSE_HINTS)
        mouse.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(mouse)
        layout.addWidget(buttons)
        # Wide enough for both columns: a key cut short ("Shift+Del or Shift…") tells nothing.
        # As tall as the list wants, but within the screen: on a 720-line laptop the Close
        # button and the mouse hints would be below its edge.
        screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().height() - 60 if screen is not None else 760
        self.resize(max(480, self.list.columnWidth(0) + self.list.columnWidth(1) + 60), max(320, min(760, room)))
