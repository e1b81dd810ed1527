"""The level meter beside the transport: how loud the sound being heard is, per channel.

Peak level in dBFS on a scale from -60 to 0, as a bar per channel, with a peak-hold tick that
stays for a second and then falls, and a clip light that stays lit until clicked once any
channel comes within 1 dB of full scale (an export would clip there after a gain or a
loudness match). The levels come from playback (:attr:`PlaybackController.levels_changed`):
nothing is measured on the GUI thread.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

FLOOR_DB = -60.0
HOLD_S = 1.0
FALL_DB_PER_S = 20.0
CLIP_DB = -1.0
# Where the colours change: speech and music peak in the green and yellow, red is close to clipping.
YELLOW_DB = -18.0
RED_DB = -6.0

_OFF = QColor("#2a2c31")
_GREEN, _YELLOW, _RED = QColor("#3fb950"), QColor("#d29922"), QColor("#f85149")


def fraction(db: float) -> float:
    """Where ``db`` lies along the meter (0 at the floor, 1 at full scale)."""
    return min(1.0, max(0.0, (db - FLOOR_DB) / -FLOOR_DB))


class LevelMeter(QWidget):
    """Horizontal peak meter: one bar per channel, peak hold, clip light."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("levelMeter")
        # As wide as it is given up to its size hint: beside the transport on a small screen it
        # narrows rather than make the window wider than the screen.
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Sound level")
        self.setToolTip("Sound level while playing: peak dBFS per channel, from −60 to 0. "
                        "The light on the right stays red once the sound came within 1 dB of "
                        "clipping; click it to clear it.")
        self.levels: tuple[float, ...] = ()
        self._holds: list[tuple[float, float]] = []  # (dB, when) per channel
        self.clipped = False

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(150, 16)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(60, 16)  # the scale still reads green / yellow / red, and the clip light shows

    def set_levels(self, levels: tuple[float, ...]) -> None:
        """The latest peaks (dBFS per channel); () when no sound plays."""
        now = time.perf_counter()
        self.levels = tuple(levels)
        if len(self._holds) != len(self.levels):
            self._holds = [(FLOOR_DB, now)] * len(self.levels)
        for channel, db in enumerate(self.levels):
            if db >= self.hold(channel, now):
                self._holds[channel] = (db, now)
            if db >= CLIP_DB:
                self.clipped = True
        self.update()

    def hold(self, channel: int, now: float | None = None) -> float:
        """The peak-hold level of ``channel``: the highest peak of the last second, then falling."""
        if channel >= len(self._holds):
            return FLOOR_DB
        db, when = self._holds[channel]
        age = (time.perf_counter() if now is None else now) - when
        return db if age <= HOLD_S else db - (age - HOLD_S) * FALL_DB_PER_S

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self.clipped:
            self.clipped = False
            self.update()
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        light = 10.0
        width, height = self.width() - light - 3, float(self.height())
        channels = max(1, len(self.levels)) if self.levels else 2
        bar = (height - (channels - 1)) / channels
        now = time.perf_counter()
        for channel in range(channels):
            y = channel * (bar + 1)
            painter.fillRect(QRectF(0, y, width, bar), _OFF)
            if channel < len(self.levels):
                level = self.levels[channel]
                for lo, hi, colour in ((FLOOR_DB, YELLOW_DB, _GREEN), (YELLOW_DB, RED_DB, _YELLOW), (RED_DB, 0.0, _RED)):
                    if level > lo:
                        x0, x1 = fraction(lo) * width, fraction(min(level, hi)) * width
                        painter.fillRect(QRectF(x0, y, x1 - x0, bar), colour)
                held = self.hold(channel, now)
                if held > FLOOR_DB:
                    painter.fillRect(QRectF(fraction(held) * width - 1, y, 2, bar), Qt.GlobalColor.white)
        painter.fillRect(QRectF(width + 3, 0, light, height), _RED if self.clipped else _OFF)
        painter.end()


__all__ = ["LevelMeter", "fraction"]
