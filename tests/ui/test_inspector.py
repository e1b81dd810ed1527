"""The inspector as a new editor meets it: what an empty one says, a cut suggestion's own
Accept / Reject, and a focused slider that shows it has the arrow keys."""

from __future__ import annotations

from fractions import Fraction

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget

from vedit_gui.timeline import (
    CUT,
    FrameRange,
    MediaReference,
    Suggestion,
    SuggestionStatus,
    timeline_from_media,
)
from vedit_gui.ui.inspector import InspectorPanel
from vedit_gui.ui.inspector_section import setting_row

SOURCE = MediaReference("/media/interview.mp4", Fraction(30000, 1001), 300)


@pytest.fixture
def inspector(qtbot):
    panel = InspectorPanel()
    qtbot.addWidget(panel)
    panel.resize(420, 500)
    panel.show()
    return panel


def a_cut(status: SuggestionStatus = SuggestionStatus.PENDING) -> Suggestion:
    return Suggestion(CUT, SOURCE.path, FrameRange(119, 2), 0.96, "cutnet-4", {"transition": "cut"}, status=status)


def test_an_empty_inspector_says_how_to_fill_it(inspector):
    timeline = timeline_from_media(SOURCE)
    assert inspector.hint.isVisible() and "N" in inspector.hint.text() and "click a clip" in inspector.hint.text()
    inspector.show_items(timeline, [timeline.tracks[0].items[0].id])
    assert not inspector.hint.isVisible()  # a clip's fields instead
    inspector.show_nothing()
    assert inspector.hint.isVisible() and inspector.rows() == {}
    assert inspector.findChild(QWidget, "inspectorTitle").text() == "Nothing selected"


def test_a_cut_suggestion_has_accept_and_reject_once_someone_decides(inspector, qtbot):
    timeline = timeline_from_media(SOURCE)
    cut = a_cut()
    # Nothing answers the buttons yet: they are not shown (a button that does nothing is worse).
    inspector.show_suggestion(timeline, cut)
    assert not inspector.accept_button.isVisible()
    asked = []
    inspector.decide_requested.connect(lambda ids, status: asked.append((ids, status)))
    inspector.show_suggestion(timeline, cut)
    assert inspector.accept_button.isVisible() and inspector.reject_button.isVisible()
    qtbot.mouseClick(inspector.reject_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(inspector.accept_button, Qt.MouseButton.LeftButton)
    assert asked == [([cut.id], SuggestionStatus.REJECTED), ([cut.id], SuggestionStatus.ACCEPTED)]
    # Decided, the button for what it already is is off; another kind, or nothing, has no row.
    inspector.show_suggestion(timeline, a_cut(SuggestionStatus.ACCEPTED))
    assert not inspector.accept_button.isEnabled() and inspector.reject_button.isEnabled()
    inspector.show_nothing()
    assert not inspector.accept_button.isVisible()


def test_the_cut_buttons_decide_through_the_window_as_a_does(qtbot, window, cut_inspected):
    assert window.inspector.accept_button.isVisible()
    qtbot.mouseClick(window.inspector.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.session.timeline.tracks[0].items) == 2)
    assert window.statusBar().currentMessage().startswith("Accepted cut at")
    assert not window.inspector.accept_button.isEnabled()  # the inspector shows it accepted


def accent_at(widget: QWidget, x: int, y: int) -> bool:
    colour = QColor(widget.grab().toImage().pixelColor(x, y))
    return colour.blue() > 200 and colour.blue() - colour.red() > 60


def test_a_focused_slider_in_the_inspector_shows_its_focus(inspector, qtbot):
    # On a focused slider the arrow keys change the grade or the volume, not the playhead: the
    # editor must see which slider has them (the Fusion style barely marks it).
    row, slider, _readout = setting_row("Smoothing", "smoothing", 1, 30, "how smooth")
    holder = QWidget()
    holder.setLayout(row)
    inspector.add_section(holder)
    other, _, _ = setting_row("Zoom", "zoom", 100, 150, "how close")
    spare = QWidget()
    spare.setLayout(other)
    inspector.add_section(spare)
    qtbot.waitUntil(lambda: slider.isVisible() and slider.width() > 50)
    middle = slider.height() // 2
    assert not accent_at(slider, 0, middle)
    inspector.activateWindow()
    slider.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is slider)
    assert accent_at(slider, 0, middle)
