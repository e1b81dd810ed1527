"""The grade panel: sliders drive a Grade live, commit on release, toggle and reset."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from vedit_gui.media.grade import Grade
from vedit_gui.ui.grade_panel import GradePanel


def make_panel(qtbot) -> GradePanel:
    panel = GradePanel()
    qtbot.addWidget(panel)
    return panel


def test_dragging_emits_live_changes_and_one_commit(qtbot):
    panel = make_panel(qtbot)
    changed, committed = [], []
    panel.grade_changed.connect(changed.append)
    panel.grade_committed.connect(committed.append)
    slider = panel.sliders["exposure"]
    slider.setSliderDown(True)
    for position in (600, 650, 700):
        slider.setSliderPosition(position)
    assert len(changed) == 3 and not committed
    slider.setSliderDown(False)  # emits sliderReleased, as a mouse release does
    assert len(committed) == 1
    assert committed[0].exposure == changed[-1].exposure > 1.0
    assert committed[0].saturation == 1.0


def test_a_keyboard_step_commits_at_once_naming_its_slider(qtbot):
    panel = make_panel(qtbot)
    committed = []
    panel.grade_committed.connect(lambda grade: committed.append((grade, panel.stepped)))
    panel.sliders["saturation"].setFocus()
    qtbot.keyClick(panel.sliders["saturation"], Qt.Key.Key_Right)
    assert len(committed) == 1 and committed[0][0].saturation > 1.0
    assert committed[0][1] == "saturation" and panel.stepped is None  # named while it is emitted
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert committed[-1] == (Grade.identity(), None)  # not a step of a slider


def test_set_grade_shows_values_silently_and_reset_returns_identity(qtbot):
    panel = make_panel(qtbot)
    changed = []
    panel.grade_changed.connect(changed.append)
    grade = Grade(exposure=0.5, temperature=-0.3, contrast=1.2)
    panel.set_grade(grade)
    assert not changed and panel.grade() == grade
    # Moving one slider keeps the others exactly as they were.
    panel.sliders["tint"].setValue(panel.sliders["tint"].value() + 50)
    assert changed[-1].exposure == 0.5 and changed[-1].tint > 0
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert changed[-1] == Grade.identity() and panel.grade().is_identity


def test_before_after_toggle(qtbot):
    panel = make_panel(qtbot)
    toggles = []
    panel.before_after_toggled.connect(toggles.append)
    qtbot.mouseClick(panel.before_after, Qt.MouseButton.LeftButton)
    assert toggles == [True] and panel.showing_before()
    qtbot.mouseClick(panel.before_after, Qt.MouseButton.LeftButton)
    assert toggles == [True, False]


def test_a_part_switched_off_is_left_as_shot_and_switched_on_comes_back(qtbot):
    panel = make_panel(qtbot)
    grade = Grade(exposure=0.8, temperature=-0.5, tint=0.2, contrast=1.2, pivot=0.3)
    panel.set_grade(grade)
    committed = []
    panel.grade_committed.connect(committed.append)
    switch = panel.part_switches["exposure"]
    qtbot.mouseClick(switch, Qt.MouseButton.LeftButton, pos=QPoint(8, switch.height() // 2))  # its box
    assert committed == [Grade(temperature=-0.5, tint=0.2, contrast=1.2, pivot=0.3)]
    assert panel.switched_off() == ("exposure",) and not panel.sliders["exposure"].isEnabled()
    # The other parts stay editable meanwhile, and keep their edits when exposure returns.
    panel.sliders["tint"].setValue(panel.sliders["tint"].value() + 50)
    assert committed[-1].exposure == 0.0 and committed[-1].tint > 0.2
    tint = committed[-1].tint
    switch.setFocus()
    qtbot.keyClick(switch, Qt.Key.Key_Space)  # the keyboard path
    assert committed[-1] == Grade(exposure=0.8, temperature=-0.5, tint=tint, contrast=1.2, pivot=0.3)
    assert panel.sliders["exposure"].isEnabled() and not panel.switched_off()
    # Tone off takes its pivot with it; another grade shown switches every part back on.
    panel.part_switches["tone"].click()
    assert committed[-1].changed_parts() == ("white balance", "exposure") and committed[-1].pivot == Grade().pivot
    panel.set_grade(grade)
    assert all(s.isChecked() for s in panel.part_switches.values()) and panel.grade() == grade


def test_a_double_click_puts_one_parameter_back_to_neutral(qtbot):
    panel = make_panel(qtbot)
    panel.set_grade(Grade(exposure=0.5, saturation=1.4))
    committed = []
    panel.grade_committed.connect(lambda grade: committed.append((grade, panel.stepped)))
    qtbot.mouseDClick(panel.sliders["exposure"], Qt.MouseButton.LeftButton)
    assert committed == [(Grade(saturation=1.4), "exposure click")]  # with its clicks, not a key run
    label = panel._rows["saturation"][0]
    qtbot.mouseDClick(label, Qt.MouseButton.LeftButton)  # its name does the same
    assert committed[-1] == (Grade.identity(), None)


def test_a_double_click_on_the_groove_joins_the_step_its_first_click_made(qtbot):
    panel = make_panel(qtbot)
    panel.show()
    panel.set_grade(Grade(exposure=0.5))
    committed = []
    panel.grade_committed.connect(lambda grade: committed.append((grade.exposure, panel.stepped)))
    slider = panel.sliders["exposure"]
    groove = QPoint(slider.width() - 3, slider.height() // 2)  # far right of the handle
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=groove)  # a double-click's first click...
    qtbot.mouseDClick(slider, Qt.MouseButton.LeftButton, pos=groove)  # ...and its second
    assert committed[-1] == (0.0, "exposure click")
    assert {stepped for _, stepped in committed} == {"exposure click"}  # one merge key: one undo step
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert committed[-1][1] == "exposure"  # key presses apart from the clicks


def test_a_value_typed_in_is_taken_exactly_as_one_gesture(qtbot):
    panel = make_panel(qtbot)
    panel.show()
    committed = []
    panel.grade_committed.connect(lambda grade: committed.append((grade, panel.stepped)))
    box = panel._values["exposure"]
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "0.37")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert committed == [(Grade(exposure=0.37), None)]  # exactly, not the slider's nearest step
    assert panel.sliders["exposure"].value() == round((0.37 + 4) / 8 * 1000) and panel.value_text("exposure") == "0.37"
    box.clearFocus()  # leaving it unchanged commits nothing more
    assert len(committed) == 1
    panel.sliders["exposure"].setValue(panel.sliders["exposure"].value() + 50)
    assert panel.value_text("exposure") == f"{panel.grade().exposure:.2f}"  # follows the slider


def test_each_slider_and_value_is_named_for_a_screen_reader(qtbot):
    # A slider alone reads as "slider": each carries its parameter's name, as its label does
    # (the label's buddy), and so does the value box beside it; Reset says what it resets.
    from vedit_gui.media.grade import PARAMS
    from vedit_gui.ui.inspector_section import setting_row

    panel = make_panel(qtbot)
    for spec in PARAMS:
        slider = panel.sliders[spec.name]
        assert slider.accessibleName() == spec.label
        assert panel._values[spec.name].accessibleName() == f"{spec.label} value"
        assert panel._values[spec.name].toolTip()
        label = panel._rows[spec.name][0]
        assert label.buddy() is slider
    assert panel.reset_button.toolTip()
    row, slider, _readout = setting_row("Smoothing", "smoothing", 1, 30, "how smooth")
    assert slider.accessibleName() == "Smoothing"
    assert row.itemAt(0).widget().buddy() is slider
