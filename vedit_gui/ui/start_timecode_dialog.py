"""Edit ▸ Start Timecode…: the timecode the timeline's first frame reads (Resolve's and Final
Cut's "Starting Timecode"). Finishing and broadcast expect a programme at 01:00:00:00; the
viewer, the ruler and every export then count from there.

The dialog only chooses the label; the window applies it as one undoable edit
(``project.start_timecode.SetStartTimecode``)."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..project.start_timecode import start_timecode, timeline_clock, with_start_timecode
from ..timeline import Timeline, nominal_fps, readable_rate

_DIGITS = re.compile(r"^\d{1,8}$")
_FIELDS = re.compile(r"^(\d{1,2})[:;.,](\d{1,2})[:;.,](\d{1,2})[:;.,](\d{1,2})$")


def entered_label(text: str) -> str | None:
    """What an editor typed as ``HH:MM:SS:FF``, else None. Digits alone are read from the
    right, as NLE timecode fields read them ("1000000" is 01:00:00:00); one-digit fields are
    padded ("1:0:0:0")."""
    text = text.strip()
    if _DIGITS.match(text):
        digits = text.rjust(8, "0")
        return f"{digits[0:2]}:{digits[2:4]}:{digits[4:6]}:{digits[6:8]}"
    match = _FIELDS.match(text)
    return ":".join(part.rjust(2, "0") for part in match.groups()) if match else None


def label_problem(timeline: Timeline, label: str | None) -> str | None:
    """Why ``label`` cannot start ``timeline``, in the editor's words; None where it can."""
    if label is None:
        return "Type a timecode: hours, minutes, seconds and frames (01:00:00:00)."
    hours, minutes, seconds, frames = (int(part) for part in label.split(":"))
    fps = nominal_fps(timeline.rate)
    if minutes > 59 or seconds > 59:
        return "Minutes and seconds run from 00 to 59."
    if frames >= fps:
        return f"At {readable_rate(timeline.rate)} fps a second's frames run from 00 to {fps - 1:02d}."
    try:
        with_start_timecode(timeline, label)
    except ValueError as exc:
        return str(exc)
    return None




class StartTimecodeDialog(QDialog):
    """One field, checked as it is typed; OK gives the label in ``chosen``."""

    chosen = Signal(str)

    def __init__(self, timeline: Timeline, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startTimecodeDialog")
        self.setWindowTitle("Start Timecode")
        self._timeline = timeline
        about = QLabel("The timecode of the timeline's first frame. The viewer, the ruler and the "
                       "EDL, Final Cut Pro XML and OpenTimelineIO exports count from it. Finishing "
                       "and broadcast usually start a programme at 01:00:00:00.")
        about.setWordWrap(True)
        self.field = QLineEdit(start_timecode(timeline))
        self.field.setObjectName("startTimecodeField")
        self.field.setPlaceholderText("01:00:00:00")
        self.field.selectAll()
        self.reading = QLabel()
        self.reading.setObjectName("startTimecodeReading")
        self.reading.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Start at", self.field)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.reading)
        layout.addWidget(self.buttons)
        self.field.textChanged.connect(self._check)
        self._check()

    def label(self) -> str | None:
        """The label typed, where it can start the timeline; else None."""
        label = entered_label(self.field.text())
        return label if label_problem(self._timeline, label) is None else None

    def _check(self) -> None:
        """Say what the first and last frames will read (drop-frame or not, as the exports
        count), or why the text cannot be a start; OK only for one that can."""
        label = entered_label(self.field.text())
        problem = label_problem(self._timeline, label)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
        if problem is not None:
            self.reading.setText(problem)
            return
        assert label is not None
        clock = timeline_clock(with_start_timecode(self._timeline, label))
        last = max(0, self._timeline.duration - 1)
        counted = "drop-frame, as its exports count" if clock.drop else "as its exports count"
        self.reading.setText(f"The first frame reads {clock.label(0)} and the last {clock.label(last)} "
                             f"({counted}).")

    def _accept(self) -> None:
        label = self.label()
        if label is None:
            return
        self.chosen.emit(label)
        self.accept()
