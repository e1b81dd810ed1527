"""The pieces a review section under the inspector's fields is made of (the grade's sliders,
a stabilization's smoothing): its Accept / Reject row and the section itself."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLayout, QPushButton, QVBoxLayout, QWidget


def decision_row() -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """Accept and Reject side by side, left-aligned: (row, accept, reject)."""
    accept, reject = QPushButton("Accept"), QPushButton("Reject")
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
