"""The grade panel: one slider per grade parameter, grouped by part (exposure, white
balance, tone), each part with a switch, a before/after toggle and a reset.

Dragging a slider emits ``grade_changed`` on every step (for the live preview) and
``grade_committed`` once on release (one undo step per gesture); a keyboard or programmatic
step emits both, with ``stepped`` naming its slider so that its owner can join a run of key
presses on one slider into one undo step. A double-click on a slider (or its name) puts that
parameter back to neutral, as in other grading tools: one gesture. Switching a part off leaves it as shot (its
parameters neutral: one gesture) and switching it back on restores the values it had, so
the editor can keep, say, a suggestion's white balance without its exposure, and flick
between the two. ``before_after_toggled(True)`` asks the viewer to show the ungraded picture.
The panel holds no timeline: the lead's code listens to it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ..media.grade import PARAMS, PART_OF, Grade, ParamSpec, part_params

STEPS = 1000


def _to_position(spec: ParamSpec, value: float) -> int:
    return round((value - spec.low) / (spec.high - spec.low) * STEPS)


def _to_value(spec: ParamSpec, position: int) -> float:
    # The neutral position means exactly neutral, so "no change" can be reached by hand.
    if position == _to_position(spec, spec.neutral):
        return spec.neutral
    return spec.low + position / STEPS * (spec.high - spec.low)


class GradePanel(QWidget):
    """Sliders over a :class:`~vedit_gui.media.grade.Grade`."""

    grade_changed = Signal(object)
    grade_committed = Signal(object)
    before_after_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gradePanel")
        self._grade = Grade.identity()
        self._updating = False
        # The slider a key (or a click on its groove) just stepped, while its commit is emitted.
        self.stepped: str | None = None
        self._resetting = False
        self._reset_by: dict[QObject, str] = {}  # a slider or its name: the parameter it resets
        self._clicking: str | None = None  # the slider a mouse button is down on
        self._reset_merge: str | None = None  # the merge name a reset commits with
        self.sliders: dict[str, QSlider] = {}
        self._values: dict[str, QDoubleSpinBox] = {}
        self._rows: dict[str, tuple[QWidget, ...]] = {}
        self.part_switches: dict[str, QCheckBox] = {}
        # What a switched-off part's parameters were, to restore when it is switched on.
        self._switched_off: dict[str, Grade] = {}
        grid = QGridLayout()
        row = 0
        for spec in PARAMS:
            part = PART_OF[spec.name]
            if part not in self.part_switches:
                switch = QCheckBox(part.capitalize())
                switch.setObjectName(f"grade_part_{part.replace(' ', '_')}")
                switch.setChecked(True)
                switch.setToolTip(f"Untick to leave the {part} as shot; tick to bring the grade's {part} back")
                switch.toggled.connect(lambda on, part=part: self._on_part_switched(part, on))
                grid.addWidget(switch, row, 0, 1, 3)
                self.part_switches[part] = switch
                row += 1
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setObjectName(f"grade_{spec.name}")
            slider.setRange(0, STEPS)
            slider.setSingleStep(5)
            slider.setPageStep(50)
            slider.setValue(_to_position(spec, spec.neutral))
            slider.valueChanged.connect(lambda _v, name=spec.name: self._on_slider_moved(name))
            slider.sliderReleased.connect(self._on_slider_released)
            # The value, typed in as well as read: Enter (or leaving the box) commits it.
            value = QDoubleSpinBox()
            value.setObjectName(f"grade_{spec.name}_value")
            value.setRange(spec.low, spec.high)
            value.setDecimals(2)
            value.setSingleStep((spec.high - spec.low) / 200)
            value.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
            value.setKeyboardTracking(False)
            value.setFixedWidth(56)
            value.setValue(spec.neutral)
            value.editingFinished.connect(lambda name=spec.name: self._on_value_typed(name))
            value.setToolTip(f"{spec.label}: type a value from {spec.low:g} to {spec.high:g}, then Enter")
            label = QLabel(spec.label)
            # Named for a screen reader (a slider alone reads as "slider"), as the label beside it.
            label.setBuddy(slider)
            slider.setAccessibleName(spec.label)
            value.setAccessibleName(f"{spec.label} value")
            for widget in (slider, label):
                widget.setToolTip(f"Double-click to put {spec.label.lower()} back to {spec.neutral:g}")
                widget.installEventFilter(self)
                self._reset_by[widget] = spec.name
            grid.addWidget(label, row, 0)
            grid.addWidget(slider, row, 1)
            grid.addWidget(value, row, 2)
            self.sliders[spec.name] = slider
            self._values[spec.name] = value
            self._rows[spec.name] = (label, slider, value)
            row += 1
        self.before_after = QPushButton("Before")
        self.before_after.setCheckable(True)
        self.before_after.setToolTip("Show the picture without grades or effects")
        self.before_after.toggled.connect(self.before_after_toggled)
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Put every slider back to no change (one undo step; a double-click "
                                     "on one slider resets just that one)")
        self.reset_button.clicked.connect(self._on_reset_clicked)
        # Its owner does the picking (the viewer, a decode): the panel only asks.
        self.pick_button = QPushButton("Pick Neutral")
        self.pick_button.setCheckable(True)
        self.pick_button.setToolTip(
            "Click something in the picture that should be white or grey: the white balance "
            "takes its cast out of the shot"
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.before_after)
        buttons.addWidget(self.pick_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def grade(self) -> Grade:
        return self._grade

    def set_grade(self, grade: Grade) -> None:
        """Show ``grade`` (e.g. the selected suggestion's) without emitting anything, every
        part switched on."""
        self._switched_off.clear()
        self._show(grade)

    def _show(self, grade: Grade) -> None:
        self._updating = True
        try:
            for part, switch in self.part_switches.items():
                switch.setChecked(part not in self._switched_off)
            for spec in PARAMS:
                self.sliders[spec.name].setValue(_to_position(spec, getattr(grade, spec.name)))
                for widget in self._rows[spec.name]:
                    widget.setEnabled(PART_OF[spec.name] not in self._switched_off)
                self._values[spec.name].setValue(getattr(grade, spec.name))
        finally:
            self._updating = False
        self._grade = grade

    def switched_off(self) -> tuple[str, ...]:
        """The parts the editor switched off (left as shot) in this grade."""
        return tuple(part for part in self.part_switches if part in self._switched_off)

    def showing_before(self) -> bool:
        return self.before_after.isChecked()

    def _grade_from_sliders(self) -> Grade:
        values = {
            spec.name: _to_value(spec, self.sliders[spec.name].value()) for spec in PARAMS
        }
        # A slider keeps its exact value when it was not moved (no rounding drift).
        for spec in PARAMS:
            if _to_position(spec, getattr(self._grade, spec.name)) == self.sliders[spec.name].value():
                values[spec.name] = getattr(self._grade, spec.name)
        return Grade.clamped(**values)

    def _on_slider_moved(self, name: str) -> None:
        if self._updating:
            return
        self._grade = self._grade_from_sliders()
        self._values[name].setValue(getattr(self._grade, name))  # typed values come by editingFinished only
        self.grade_changed.emit(self._grade)
        if not self.sliders[name].isSliderDown():
            # Key presses merge by the slider's name, clicks on its groove apart from them.
            if self._resetting:
                self.stepped = self._reset_merge
            else:
                self.stepped = f"{name} click" if self._clicking == name else name
            try:
                self.grade_committed.emit(self._grade)
            finally:
                self.stepped = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        name = self._reset_by.get(watched)
        if name is None:
            return False
        on_slider = watched is self.sliders[name]
        if event.type() == QEvent.Type.MouseButtonPress and on_slider:
            self._clicking = name  # a click on the groove steps the slider: see _on_slider_moved
        elif event.type() == QEvent.Type.MouseButtonRelease and on_slider:
            self._clicking = None
        elif event.type() == QEvent.Type.MouseButtonDblClick and watched.isEnabled():
            # The double-click's first click may have stepped the slider (on its groove): the
            # reset joins that step, so one undo goes back to before both.
            self.reset_parameter(name, f"{name} click" if on_slider else None)
            return True
        return False

    def reset_parameter(self, name: str, merge: str | None = None) -> None:
        """Put one parameter back to neutral: one gesture of its own (or joining the clicks
        merged under ``merge``), even after key presses."""
        spec = next(p for p in PARAMS if p.name == name)
        self._resetting, self._reset_merge = True, merge
        try:
            self.sliders[name].setValue(_to_position(spec, spec.neutral))
        finally:
            self._resetting, self._reset_merge = False, None

    def value_text(self, name: str) -> str:
        """The value shown beside a slider."""
        return self._values[name].text()

    def _on_value_typed(self, name: str) -> None:
        """A value typed in: exactly that (not the slider's nearest step), one gesture."""
        typed = self._values[name].value()
        if self._updating or abs(typed - getattr(self._grade, name)) < 0.005:
            return  # left without a change (the box shows two decimals)
        grade = Grade.clamped(**{**self._grade.to_dict(), name: typed})
        self._show(grade)
        self.grade_changed.emit(self._grade)
        self.grade_committed.emit(self._grade)

    def _on_slider_released(self) -> None:
        self.grade_committed.emit(self._grade)

    def _on_part_switched(self, part: str, on: bool) -> None:
        if self._updating:
            return
        if on:
            kept = self._switched_off.pop(part, self._grade)
            restored = {n: getattr(kept, n) for n in part_params(part)}
            grade = Grade.clamped(**{**self._grade.to_dict(), **restored})
        else:
            self._switched_off[part] = self._grade
            grade = self._grade.without(part)
        self._show(grade)
        self.grade_changed.emit(self._grade)
        self.grade_committed.emit(self._grade)

    def _on_reset_clicked(self) -> None:
        self.set_grade(Grade.identity())
        self.grade_changed.emit(self._grade)
        self.grade_committed.emit(self._grade)
