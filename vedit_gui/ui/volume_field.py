"""The inspector's volume control for selected sound clips: a slider in half decibels, and
the level typed in (−12 dB took 24 presses of an arrow)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QWidget,
)

from ..timeline import MAX_GAIN_DB, MUTE_DB

STEPS_PER_DB = 2


def volume_text(gain_db: float) -> str:
    if gain_db <= MUTE_DB:
        return "muted"
    return "as recorded (0 dB)" if gain_db == 0 else f"{gain_db:+.1f} dB"


class VolumeField(QWidget):
    """A level in dB; ``committed`` once per gesture (a drag's release, a key, a click), with
    ``stepped`` true while a key's (or a click's on the groove) is emitted, so its owner can
    join a run of them into one undo step."""

    committed = Signal(float)

    def __init__(self, gain_db: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("volumeField")
        self.stepped = False
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("volumeSlider")  # the inspector gives focus back by name
        self.slider.setRange(round(MUTE_DB * STEPS_PER_DB), round(MAX_GAIN_DB * STEPS_PER_DB))
        self.slider.setPageStep(6 * STEPS_PER_DB)
        self.slider.setValue(round(gain_db * STEPS_PER_DB))
        self.slider.setToolTip("The clip's sound level; far left mutes it")
        self.slider.setAccessibleName("Volume")
        # Typed in as well: Enter (or leaving the box) commits it, as the grade's numbers do.
        self.value = QDoubleSpinBox()
        self.value.setObjectName("volumeValue")
        self.value.setRange(MUTE_DB, MAX_GAIN_DB)
        self.value.setDecimals(1)
        self.value.setSingleStep(1 / STEPS_PER_DB)
        self.value.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.value.setKeyboardTracking(False)
        self.value.setFixedWidth(56)
        self.value.setValue(gain_db)
        self.value.setAccessibleName("Volume in dB")
        self.value.setToolTip(f"Type a level from {MUTE_DB:g} (muted) to {MAX_GAIN_DB:+g} dB, then Enter")
        self.value.editingFinished.connect(self._on_value_typed)
        self.label = QLabel(volume_text(gain_db))
        self.label.setMinimumWidth(110)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.value)
        layout.addWidget(self.label)
        self.slider.valueChanged.connect(self._on_value_changed)
        self.slider.sliderReleased.connect(lambda: self.committed.emit(self.gain_db()))

    def gain_db(self) -> float:
        return self.slider.value() / STEPS_PER_DB

    def text(self) -> str:
        return self.label.text()

    def _on_value_typed(self) -> None:
        typed = round(self.value.value() * STEPS_PER_DB)
        if typed == self.slider.value():
            return
        self.slider.blockSignals(True)  # one undo step of its own, not joined to a run of keys
        self.slider.setValue(typed)
        self.slider.blockSignals(False)
        self.label.setText(volume_text(self.gain_db()))
        self.committed.emit(self.gain_db())

    def _on_value_changed(self, _value: int) -> None:
        self.label.setText(volume_text(self.gain_db()))
        self.value.blockSignals(True)
        self.value.setValue(self.gain_db())
        self.value.blockSignals(False)
        if not self.slider.isSliderDown():
            self.stepped = True
            try:
                self.committed.emit(self.gain_db())
            finally:
                self.stepped = False
