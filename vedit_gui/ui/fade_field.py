"""The inspector's fades for selected clips: frames in from black, frames out to black."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QWidget


class FadeField(QWidget):
    """Two frame counts; ``committed(fade_in, fade_out)`` when the editor finishes one."""

    committed = Signal(int, int)

    def __init__(self, fade_in: int, fade_out: int, longest: int, frames_per_second: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fadeField")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QSpinBox] = {}
        for side, value, words in (("in", fade_in, "head come from"), ("out", fade_out, "tail go to")):
            box = QSpinBox()
            box.setObjectName(f"fade{side.capitalize()}Box")
            box.setRange(0, longest)
            box.setSuffix(" fr")
            box.setValue(value)
            box.setToolTip(f"Frames at the clip's {words} black and silence ({frames_per_second} ≈ one second)")
            box.editingFinished.connect(lambda: self.committed.emit(*self.values()))
            row.addWidget(QLabel(side))
            row.addWidget(box, 1)
            self.boxes[side] = box

    def values(self) -> tuple[int, int]:
        return self.boxes["in"].value(), self.boxes["out"].value()

    def text(self) -> str:
        fade_in, fade_out = self.values()
        return f"in {fade_in}, out {fade_out}"
