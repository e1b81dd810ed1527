"""The scopes under the compare strip (or right of the viewer: View ▸ Scopes Beside Viewer
moves this one panel there): waveform, RGB parade, vectorscope or histogram of the picture
in the viewer, so a grade is judged by numbers as well as by eye.

They read what the viewer shows (graded, Before, or the split wipe), on a worker
(:class:`~vedit_gui.app.scope_reader.ScopeReader`), and draw their scales over the traces.
Hidden, they read nothing.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..app.scope_reader import ScopeReader
from ..media.scopes import SKIN_ANGLE, VECTOR_TARGETS, ScopeKind
from .viewer import image_from_rgb

_BACKGROUND = QColor(10, 10, 12)
_SCALE = QColor(120, 120, 130, 150)
_TARGET = QColor(230, 180, 80, 200)
_LABEL_WIDTH = 30
_LABEL_ROOM = 13  # px a graticule label needs between its neighbours
_QUARTERS = (0, 25, 50, 75, 100)
_VECTORSCOPES = (ScopeKind.VECTORSCOPE, ScopeKind.VECTORSCOPE_ZOOMED)


def graticule_labels(height: float) -> tuple[int, ...]:
    """The levels a waveform or parade of ``height`` px labels: squeezed (a short screen), 25
    and 75 keep their lines but not their labels, which would overlap 0, 50 and 100."""
    return _QUARTERS if height / 4 >= _LABEL_ROOM else (0, 50, 100)


class ScopeView(QWidget):
    """One scope's traces, scaled to the widget, with its graticule."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scopeView")
        # Its 0–100 labels still read at this height; more would make the window taller than a
        # 1024×640 screen with the scopes shown above the inspector.
        self.setMinimumHeight(56)
        self._kind = ScopeKind.WAVEFORM
        self._traces: np.ndarray | None = None
        self._image = None

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(320, 140)  # what the side column opens them at; the splitter may give less

    @property
    def traces(self) -> tuple[ScopeKind, np.ndarray | None]:
        """What is drawn: the kind and its traces (None before a picture arrives)."""
        return self._kind, self._traces

    def set_traces(self, kind: ScopeKind, traces: np.ndarray | None) -> None:
        self._kind, self._traces = kind, traces
        self._image = None if traces is None else image_from_rgb(traces)
        self.update()

    def _area(self) -> QRectF:
        """Where the traces go: beside the labels; for the vectorscope (labelled on its rim),
        a square in the middle, which a narrow panel (beside the viewer) would set off-centre."""
        if self._kind not in _VECTORSCOPES:
            return QRectF(self.rect()).adjusted(_LABEL_WIDTH, 9, -6, -9)
        full = QRectF(self.rect()).adjusted(9, 9, -9, -9)
        side = min(full.width(), full.height())
        return QRectF(full.center().x() - side / 2, full.center().y() - side / 2, side, side)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), _BACKGROUND)
        area = self._area()
        if self._image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(area, self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(_SCALE, 1))
        if self._kind in _VECTORSCOPES:
            self._draw_vector_scale(painter, area, self._kind.zoom)
        elif self._kind is ScopeKind.HISTOGRAM:
            for level in _QUARTERS:  # per cent of full scale, along the bottom
                x = area.left() + area.width() * level / 100
                painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
                label = QRectF(x + 2, area.bottom() - 16, 30, 14) if level < 100 else QRectF(x - 32, area.bottom() - 16, 30, 14)
                painter.drawText(label, Qt.AlignmentFlag.AlignLeft if level < 100 else Qt.AlignmentFlag.AlignRight, str(level))
        else:
            labelled = graticule_labels(area.height())
            for level in _QUARTERS:  # per cent of full scale, as on a waveform monitor
                y = area.bottom() - area.height() * level / 100
                painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
                if level in labelled:
                    painter.drawText(QRectF(0, y - 7, _LABEL_WIDTH - 4, 14), Qt.AlignmentFlag.AlignRight, str(level))
        if self._image is None:
            painter.setPen(QColor(150, 150, 150))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No picture in the viewer")
        painter.end()

    def _draw_vector_scale(self, painter: QPainter, area: QRectF, zoom: int) -> None:
        centre, radius = area.center(), area.width() / 2
        painter.drawEllipse(centre, radius, radius)
        painter.drawLine(QPointF(area.left(), centre.y()), QPointF(area.right(), centre.y()))
        painter.drawLine(QPointF(centre.x(), area.top()), QPointF(centre.x(), area.bottom()))
        # The skin-tone line, from the centre (neutral) outwards.
        edge = QPointF(centre.x() + radius * math.cos(SKIN_ANGLE), centre.y() - radius * math.sin(SKIN_ANGLE))
        painter.drawLine(centre, edge)
        painter.setPen(QPen(_TARGET, 1))
        for name, (x, y) in VECTOR_TARGETS.items():
            dx, dy = (x - 0.5) * zoom, (y - 0.5) * zoom
            reach = math.hypot(dx, dy)
            if reach > 0.5:
                # Magnified, the target lies beyond the circle: a tick on the rim where its hue
                # points, so the scope can still be read by hue.
                ux, uy = dx / reach, dy / reach
                rim = QPointF(centre.x() + ux * radius, centre.y() + uy * radius)
                painter.drawLine(rim, QPointF(rim.x() - ux * 8, rim.y() - uy * 8))
                painter.drawText(QPointF(rim.x() - ux * 20 - 6, rim.y() - uy * 20 + 4), name)
                continue
            at = QPointF(centre.x() + dx * area.width(), centre.y() + dy * area.height())
            painter.drawRect(QRectF(at.x() - 4, at.y() - 4, 8, 8))
            painter.drawText(QPointF(at.x() + 6, at.y() - 5), name)


class ScopesPanel(QWidget):
    """A scope picker over a :class:`ScopeView` fed with the viewer's pictures."""

    def __init__(self, reader: ScopeReader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scopesPanel")
        self._reader = reader
        self._picture: np.ndarray | None = None
        # What the viewer shows besides the graded picture (Before, the split wipe): the
        # scopes read that, and say so.
        self.note = QLabel()
        self.note.setObjectName("scopeNote")
        self.note.setStyleSheet("color: #e3b341;")
        # A line of its own under the header, wrapped: beside the viewer the panel is narrow,
        # and a note cut short ("Split: befor") cannot be read. Ignored width: it must not
        # widen the side column and narrow the viewer. Shown only while there is a note.
        self.note.setWordWrap(True)
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.note.hide()
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("scopeKindBox")
        for kind in ScopeKind:
            self.kind_box.addItem(kind.value, kind)
        self.kind_box.setToolTip(
            "Waveform: brightness across the picture (0 black, 100 white). RGB Parade: each channel's; "
            "on something neutral they sit level. Vectorscope: hue round the circle, saturation outwards; "
            "neutrals in the middle, skin tones on the line. Histogram: how many pixels at each level."
        )
        self.view = ScopeView()
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Scopes")
        title.setStyleSheet("font-weight: bold;")
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.kind_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addLayout(header)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        self.kind_box.currentIndexChanged.connect(lambda _index: self._read())
        reader.ready.connect(self._on_ready)

    @property
    def kind(self) -> ScopeKind:
        return self.kind_box.currentData()

    def set_kind(self, kind: ScopeKind) -> None:
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))

    def set_picture(self, picture: np.ndarray | None, note: str = "") -> None:
        """The picture the viewer now shows (None: it shows none), and what it is when not
        the graded picture ("Before", a split)."""
        self._picture = picture
        self.note.setText(note if picture is not None else "")
        self.note.setVisible(bool(self.note.text()))
        if self.isVisible():
            self._read()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        super().showEvent(event)
        self._read()

    def _read(self) -> None:
        if self._picture is None:
            self._reader.cancel()
            self.view.set_traces(self.kind, None)
        else:
            self._reader.request(self._picture, self.kind)

    def _on_ready(self, kind: ScopeKind, traces: np.ndarray) -> None:
        # A reading begun before the viewer went blank, or for the scope picked before this
        # one, is dropped.
        if kind is self.kind and self._picture is not None:
            self.view.set_traces(kind, traces)
