"""Titles in the editor, driven as a user would: Edit ▸ Add Title (Ctrl+Alt+T) at the playhead,
its words typed into the inspector, the viewer showing it, removed and brought back, undone."""

from __future__ import annotations

import numpy as np
import pytest
from mediagen import make_video
from PySide6.QtCore import Qt

from vedit_gui.media.title import Title
from vedit_gui.timeline import TITLE, FrameRange, SuggestionStatus
from vedit_gui.ui.compare_strip import NO_SUGGESTION
from vedit_gui.ui.main_window import MainWindow


@pytest.fixture
def opened(qtbot, window, tmp_path, monkeypatch):
    clip = make_video(tmp_path / "talk.mp4", 150, width=320, height=180, audio=False,
                      picture=lambda i: np.full((180, 320, 3), 70, np.uint8))
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 150 and window.viewer.frame is not None, timeout=15_000)
    return window


def titles(window):
    return [s for s in window.session.timeline.suggestions if s.kind == TITLE]


def test_adding_a_title_and_typing_its_words(qtbot, opened):
    window = opened
    window.seek(30)
    qtbot.wait(200)
    plain = window.viewer.frame.copy()
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    (added,) = titles(window)
    assert added.status is SuggestionStatus.ACCEPTED and added.source_range.start == 30
    assert window.playhead > 30  # its middle, past the fade in: the words typed show
    assert window.session.history.undo_description == "Add Title"
    assert window.titles.section.isVisible() and window.titles.text.hasFocus()
    qtbot.keyClicks(window.titles.text, "Jane Doe")  # typed over the selected placeholder
    qtbot.keyClick(window.titles.text, Qt.Key.Key_Return)
    assert window.titles.second.hasFocus()  # Enter goes on to the second line
    qtbot.keyClicks(window.titles.second, "Director")
    qtbot.keyClick(window.titles.second, Qt.Key.Key_Return)
    assert window.timeline_view.hasFocus()  # and then back to the timeline's keys
    title = Title.from_params(titles(window)[0].params)
    assert (title.text, title.second) == ("Jane Doe", "Director")
    assert window.session.history.undo_description == "Edit Suggestion"
    qtbot.waitUntil(lambda: np.abs(window.viewer.frame.astype(int) - plain).max() > 100, timeout=5000)
    # Longer, at the top: one undo step each.
    window.titles.length.setValue(6.0)
    window.titles.length.editingFinished.emit()
    window.titles.place.setCurrentIndex(window.titles.place.findData("top"))
    window.titles.place.activated.emit(window.titles.place.currentIndex())
    edited = titles(window)[0]
    assert edited.params["place"] == "top" and edited.source_range.duration == round(6.0 * float(window.titles._rate))
    window.undo()
    assert titles(window)[0].params["place"] == "lower-third"


def test_removing_a_title_takes_it_off_the_picture_and_undo_brings_it_back(qtbot, opened):
    window = opened
    window.seek(20)
    qtbot.wait(200)
    plain = window.viewer.frame.copy()
    window.titles.add_action.trigger()
    qtbot.waitUntil(lambda: np.abs(window.viewer.frame.astype(int) - plain).max() > 100, timeout=5000)
    qtbot.mouseClick(window.titles.remove_button, Qt.MouseButton.LeftButton)
    assert titles(window)[0].status is SuggestionStatus.REJECTED
    assert window.titles.remove_button.text() == "Show Title Again"
    qtbot.waitUntil(lambda: np.abs(window.viewer.frame.astype(int) - plain).max() < 20, timeout=5000)
    window.undo()
    assert titles(window)[0].status is SuggestionStatus.ACCEPTED


def test_a_title_needs_a_picture(qtbot, window):
    assert window.titles.add_title() is None
    assert window.statusBar().currentMessage().startswith("Put the playhead over a picture")


def test_words_being_typed_survive_results_arriving_in_the_background(qtbot, opened):
    from vedit_gui.timeline import CUT, AddSuggestions, Suggestion

    window = opened
    window.seek(30)
    window.titles.add_action.trigger()
    qtbot.keyClicks(window.titles.text, "Jane Do")
    arriving = Suggestion(CUT, window.session.timeline.media()[0].path, FrameRange(80, 2), 0.9, "cutnet", {})
    window.session.history.amend_all(AddSuggestions((arriving,)))  # as analysis delivers a batch
    assert window.titles.text.text() == "Jane Do"
    qtbot.keyClick(window.titles.text, Qt.Key.Key_Return)
    assert Title.from_params(titles(window)[0].params).text == "Jane Do"


def test_a_title_near_the_end_of_its_clip_says_it_is_shorter(qtbot, opened):
    window = opened
    window.seek(140)  # ten frames left of the clip: not the usual four seconds
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    (added,) = titles(window)
    assert added.source_range.duration == 10
    assert window.statusBar().currentMessage().startswith("Added a title for 0.3 s, to the end of its clip")


def test_select_nothing_after_a_title_empties_the_inspector_and_the_compare_strip(qtbot, opened):
    """Ctrl+Shift+A with a title in the inspector (no clip selected): the inspector said the
    title still, and the compare strip's header "Title in talk.mp4 · shown: …" over three "—"."""
    window = opened
    window.seek(30)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    (added,) = titles(window)
    assert window.inspector.suggestion_id == added.id and window.titles.section.isVisible()
    window._on_timeline_suggestion_clicked(added.id)  # reviewed from the lane, as a click does
    assert window.compare.title.text().startswith("Title in talk.mp4")
    assert not window.compare.shows_pictures  # its heading alone, not three empty boxes
    assert window.timeline_view.selected_ids() == []
    window.timeline_view.setFocus()
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_A,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.inspector.suggestion_id is None
    assert window.inspector.rows() == {} and not window.titles.section.isVisible()
    assert window.compare.title.text() == NO_SUGGESTION and window.compare.shows_pictures
    assert titles(window) == [added]  # nothing else changes
