"""The application's dark look (Fusion with a dark palette), matching the timeline's colours:
editors grade pictures, and a bright frame around the viewer skews what they see."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


def apply_dark_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    window, base, text = QColor(37, 37, 41), QColor(28, 28, 31), QColor(222, 222, 226)
    accent = QColor(74, 134, 210)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor(33, 33, 37),
        QPalette.ColorRole.ToolTipBase: QColor(50, 50, 55),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor(48, 48, 53),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(255, 90, 90),
        QPalette.ColorRole.Highlight: accent,
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.Link: accent,
        QPalette.ColorRole.PlaceholderText: QColor(130, 130, 136),
    }
    for role, color in roles.items():
        palette.setColor(role, color)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(120, 120, 126))
    # A disabled slider's filled groove in grey, not the accent (a grade part switched off).
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, QColor(78, 78, 84))
    app.setPalette(palette)
