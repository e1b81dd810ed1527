"""The pieces a review section under the inspector's fields is made of (the grade's sliders,
a stabilization's smoothing, a pause's breath, a punch-in's zoom): its title, a setting's
slider row, its Accept / Reject row and the section itself; and the wheel rule of the
scrolling page they sit on."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)


class WheelScrollsPage(QObject):
    """A wheel turned over a slider, box or spin box the editor has not clicked scrolls the
    page instead: scrolling down the inspector must not change the grade or the volume under
    the pointer. :meth:`cover` takes in controls built since (each selection builds some)."""

    def __init__(self, page: QScrollArea) -> None:
        super().__init__(page)
        self._page = page
        self.cover()

    def cover(self) -> None:
        for control in self._page.widget().findChildren(QWidget):
            if isinstance(control, QAbstractSlider | QComboBox | QAbstractSpinBox):
                control.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                control.installEventFilter(self)  # once: installing again only moves it first

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            QApplication.sendEvent(self._page.verticalScrollBar(), event)
            return True
        return False



def section_title(text: str) -> QLabel:
    """A section's bold heading. It wraps: a long one ("Grade — unsure (40%, below the
    threshold): …") must not widen the side panel and shrink the viewer beside it."""
    title = QLabel(text)
    title.setStyleSheet("font-weight: bold; padding: 6px 0 2px 0;")
    title.setWordWrap(True)
    return title


def setting_row(name: str, object_name: str, lo: int, hi: int, tooltip: str, *,
                single: int = 1, page: int = 10) -> tuple[QHBoxLayout, QSlider, QLabel]:
    """A named slider from ``lo`` to ``hi`` with its value's readout to the right:
    (row, slider, readout)."""
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setObjectName(object_name)
    slider.setRange(lo, hi)
    slider.setSingleStep(single)
    slider.setPageStep(page)
    slider.setToolTip(tooltip)
    slider.setAccessibleName(name)  # a slider alone reads as "slider" to a screen reader
    readout = QLabel()
    label = QLabel(name)
    label.setBuddy(slider)
    row = QHBoxLayout()
    row.addWidget(label)
    row.addWidget(slider, 1)
    row.addWidget(readout)
    return row, slider, readout


def decision_row(accepts: str = "Accept it: the edit and the export take it",
                 rejects: str = "Reject it: the edit stays as it is") -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """Accept and Reject side by side, left-aligned: (row, accept, reject). Each section puts
    it right under its title, so the decision is in view without scrolling on a laptop
    screen (a grade's nine sliders below it); the tooltips name the keys that decide too."""
    accept, reject = QPushButton("Accept"), QPushButton("Reject")
    accept.setToolTip(f"{accepts} (A, for a pending one with the playhead on it)")
    reject.setToolTip(f"{rejects} (R, for a pending one with the playhead on it)")
    row = QHBoxLayout()
    row.addWidget(accept)
    row.addWidget(reject)
    row.addStretch(1)
    return row, accept, reject


def review_section(name: str, *parts: QWidget | QLayout) -> QWidget:
    """A hidden section named ``name`` holding ``parts`` top to bottom, flush with the fields."""
    section = QWidget()
    section.setObjectName(name)
    layout = QVBoxLayout(section)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    section.hide()
    return section
