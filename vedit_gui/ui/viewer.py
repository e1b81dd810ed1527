"""The viewer: one frame, aspect-correct on black, with a message when there is nothing to show."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget


def image_from_rgb(frame: np.ndarray) -> QImage:
    """Wrap an RGB array as a QImage; the copy detaches it from numpy's buffer."""
    frame = np.ascontiguousarray(frame)
    height, width = frame.shape[:2]
    return QImage(frame.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


class ViewerWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._frame: np.ndarray | None = None
        self._message = "Open a video (File ▸ Open, Ctrl+O, or drop a file here)"
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

    def show_message(self, message: str) -> None:
        self._message = message
        self.update()

    def clear(self, message: str) -> None:
        self._frame = None
        self._image = None
        self.show_message(message)

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
        if self._message:
            painter.setPen(QColor(200, 200, 205))
            painter.drawText(self.rect().adjusted(20, 20, -20, -20), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._message)
        painter.end()
