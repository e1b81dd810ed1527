"""The viewer: one frame, aspect-correct on black, with a message when there is nothing to show,
and a note along the bottom while the picture is not all it should be (a grade or effect left out).

With the split wipe on, the picture it is handed is already split (before left, after right,
made by the preview pipeline); the viewer draws the line and lets the user drag it. While
picking (the grade's neutral picker), a click on the picture is reported, not acted on.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


def image_from_rgb(frame: np.ndarray) -> QImage:
    """Wrap an RGB array as a QImage; the copy detaches it from numpy's buffer."""
    frame = np.ascontiguousarray(frame)
    height, width = frame.shape[:2]
    return QImage(frame.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


EMPTY_VIEWER_MESSAGE = "Open a video (File ▸ Open, Ctrl+O, or drop a file here)"


class ViewerWidget(QWidget):
    wipe_moved = Signal(float)  # the split line dragged to this fraction of the picture's width
    point_picked = Signal(float, float)  # a click while picking: x, y as fractions of the picture
    picture_changed = Signal(object)  # the RGB array now on screen, or None (for the scopes)
    picking_ended = Signal()  # picked, or cancelled (Escape)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wipe: float | None = None
        self._before = False
        self._dragging_wipe = False
        self._picking = False
        self._image: QImage | None = None
        self._frame: np.ndarray | None = None
        self._message = EMPTY_VIEWER_MESSAGE
        self._note = ""
        self._damage = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)

    def sizeHint(self) -> QSize:
        return QSize(960, 540)

    @property
    def frame(self) -> np.ndarray | None:
        """The RGB array on screen (tests compare it with a decoded frame)."""
        return self._frame

    def show_frame(self, frame: np.ndarray) -> None:
        self._frame = frame
        self._image = image_from_rgb(frame)
        self._message = ""
        self.update()
        self.picture_changed.emit(frame)

    @property
    def message(self) -> str:
        """The line shown over (or instead of) the picture; empty when none."""
        return self._message

    def show_message(self, message: str) -> None:
        self._message = message
        self.update()

    @property
    def note(self) -> str:
        """The warning along the bottom of the picture; empty when none."""
        return self._note

    def set_note(self, note: str) -> None:
        if note != self._note:
            self._note = note
            self.update()

    @property
    def damage(self) -> str:
        """What is said of the damaged footage the picture on screen comes from; empty when none."""
        return self._damage

    def set_damage(self, damage: str) -> None:
        if damage != self._damage:
            self._damage = damage
            self.update()

    def clear(self, message: str) -> None:
        self._frame = None
        self._image = None
        self.show_message(message)
        self.picture_changed.emit(None)

    @property
    def wipe(self) -> float | None:
        return self._wipe

    def set_wipe(self, position: float | None) -> None:
        """Draw the split line at ``position`` (a fraction of the width), or none."""
        self._wipe = position
        self._dragging_wipe = self._dragging_wipe and position is not None
        self.update()

    @property
    def before(self) -> bool:
        return self._before

    def set_before(self, on: bool) -> None:
        """Say on the picture that it is shown before grades and effects (a view option that
        is easy to forget, and makes every slider seem to do nothing)."""
        if on != self._before:
            self._before = on
            self.update()

    def _wipe_at(self, x: float) -> float:
        rect = self.image_rect()
        return min(1.0, max(0.0, (x - rect.left()) / max(1, rect.width())))

    @property
    def picking(self) -> bool:
        return self._picking

    def set_picking(self, on: bool) -> None:
        """Wait for a click on the picture (a crosshair): it is reported as ``point_picked``."""
        if on == self._picking:
            return
        self._picking = on
        if on:
            self.setCursor(Qt.CursorShape.CrossCursor)
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # for Escape
            self.setFocus()
        else:
            self.unsetCursor()
            self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.picking_ended.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if self._picking and event.key() == Qt.Key.Key_Escape:
            self.set_picking(False)
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self._picking and event.button() == Qt.MouseButton.LeftButton:
            rect = self.image_rect()
            if rect.contains(event.position().toPoint()):
                x = (event.position().x() - rect.left()) / max(1, rect.width())
                y = (event.position().y() - rect.top()) / max(1, rect.height())
                self.point_picked.emit(x, y)
                self.set_picking(False)
            return
        if self._wipe is not None and self._image is not None and event.button() == Qt.MouseButton.LeftButton:
            self._dragging_wipe = True
            self._move_wipe(event.position().x())
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self._dragging_wipe:
            self._move_wipe(event.position().x())
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self._dragging_wipe:
            self._dragging_wipe = False
            return
        super().mouseReleaseEvent(event)

    def _move_wipe(self, x: float) -> None:
        # The line follows the hand at once; the picture catches up when the worker regrades.
        self._wipe = self._wipe_at(x)
        self.update()
        self.wipe_moved.emit(self._wipe)

    def image_rect(self) -> QRect:
        """Where the picture lands: as large as fits, centred, aspect kept."""
        if self._image is None:
            return QRect()
        size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - size.width()) // 2
        y = (self.height() - size.height()) // 2
        return QRect(x, y, size.width(), size.height())

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(12, 12, 14))
        if self._image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self.image_rect(), self._image)
            if self._wipe is not None:
                self._paint_wipe(painter)
            if self._before:
                self._paint_before(painter)
        if self._message:
            painter.setPen(QColor(200, 200, 205))
            painter.drawText(self.rect().adjusted(20, 20, -20, -20), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._message)
        bottom = self.height() - 8
        if self._note:
            bottom = self._paint_strip(painter, self._note, bottom, QColor(70, 52, 10, 230), QColor(255, 214, 120))
        if self._damage and self._image is not None:
            self._paint_strip(painter, self._damage, bottom, QColor(84, 18, 18, 235), QColor(255, 190, 180))
        painter.end()

    def _paint_strip(self, painter: QPainter, text: str, bottom: int, fill: QColor, ink: QColor) -> int:
        """A warning across the widget, its foot at ``bottom``; returns where the next one's
        foot goes (above it)."""
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
        width = self.width() - 16
        bounds = painter.fontMetrics().boundingRect(QRect(0, 0, width - 20, 1000), flags, text)
        box = QRect(8, bottom - bounds.height() - 12, width, bounds.height() + 12)
        painter.fillRect(box, fill)
        painter.setPen(ink)
        painter.drawText(box.adjusted(10, 0, -10, 0), flags, text)
        return box.top() - 4

    def _paint_wipe(self, painter: QPainter) -> None:
        rect = self.image_rect()
        x = rect.left() + round(self._wipe * rect.width())
        painter.setPen(QPen(QColor(255, 255, 255, 220), 2))
        painter.drawLine(x, rect.top(), x, rect.bottom())
        painter.setBrush(QColor(255, 255, 255, 220))
        painter.drawEllipse(x - 6, rect.center().y() - 6, 12, 12)
        self._paint_badge(painter, "Before", right=False, color=QColor(255, 255, 255))
        if not self._before:  # with Before on, both sides are before: the badge says so
            self._paint_badge(painter, "After", right=True, color=QColor(255, 255, 255))

    def _paint_before(self, painter: QPainter) -> None:
        # Where the wipe's "After" goes: the right-hand top corner.
        self._paint_badge(painter, "Before: no grades or effects (\\ to show them)", right=True,
                          color=QColor(255, 214, 120))

    def _paint_badge(self, painter: QPainter, text: str, *, right: bool, color: QColor) -> None:
        """A label in a top corner of the picture, on a dark plate: bare white text vanished
        on a bright sky or a graded-up shot."""
        rect = self.image_rect()
        box = painter.fontMetrics().boundingRect(text).adjusted(-8, -4, 8, 4)
        if right:
            box.moveTopRight(QPoint(rect.right() - 6, rect.top() + 6))
        else:
            box.moveTopLeft(QPoint(rect.left() + 6, rect.top() + 6))
        painter.fillRect(box, QColor(20, 20, 24, 235))
        painter.setPen(color)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
