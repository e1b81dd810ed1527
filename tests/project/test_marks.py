"""The in and out marks as part of the edit's value: an undo step each, back to the saved
state on undo, carried by crash recovery, and kept in a project file where they always were."""

from __future__ import annotations

import pytest
from project_strategies import SOURCE

from vedit_gui.project import Autosaver, find_recovery
from vedit_gui.project.marks import (
    MARKS,
    SetMarks,
    marks_description,
    marks_from,
    shown_marks,
    stored_marks,
    with_marks,
    without_marks,
)
from vedit_gui.timeline import History, Split, timeline_from_media


def test_marks_are_undo_steps_that_redo_and_undo_back_to_the_saved_timeline():
    history = History(timeline_from_media(SOURCE))
    history.apply(SetMarks(10, None, "Mark In"))
    history.apply(SetMarks(10, 40, "Mark Out"))
    assert shown_marks(history.timeline) == (10, 40) and history.undo_description == "Mark Out"
    history.mark_saved()
    history.apply(SetMarks(None, None, "Clear In and Out"))
    assert history.is_dirty and shown_marks(history.timeline) == (None, None)
    assert history.undo()
    assert shown_marks(history.timeline) == (10, 40) and not history.is_dirty
    assert history.redo()
    assert shown_marks(history.timeline) == (None, None) and history.is_dirty


def test_a_mark_past_the_end_is_not_shown_but_kept():
    timeline = with_marks(timeline_from_media(SOURCE), (10, SOURCE.duration + 5))
    assert shown_marks(timeline) == (10, None)
    assert stored_marks(timeline) == (10, SOURCE.duration + 5)
    assert shown_marks(with_marks(timeline, (40, 20))) == (None, 20)  # a damaged file's in after its out


def test_without_marks_is_the_timeline_as_it_was():
    timeline = timeline_from_media(SOURCE)
    assert with_marks(timeline, (None, None)) is timeline
    marked = with_marks(timeline, (3, 9))
    assert marked.metadata[MARKS] == [3, 9] and MARKS not in timeline.metadata
    assert without_marks(marked) == timeline


@pytest.mark.parametrize(("value", "marks"), [([1, 2], (1, 2)), ([None, 7], (None, 7)), ("x", (None, None)),
                                              ([1.5, 2], (None, None)), ([True, 2], (None, None)), ([1], (None, None))])
def test_marks_read_from_a_file(value, marks):
    assert marks_from(value) == marks


def test_each_press_is_named_for_what_it_moved():
    assert marks_description((None, None), (10, None)) == "Mark In"
    assert marks_description((10, None), (10, 30)) == "Mark Out"
    assert marks_description((10, 30), (40, None)) == "Mark In"  # the out on the wrong side cleared
    assert marks_description((10, 30), (None, None)) == "Clear In and Out"


def test_crash_recovery_carries_the_marks(tmp_path, monkeypatch):
    monkeypatch.setenv("VEDIT_RECOVERY_DIR", str(tmp_path / "recovery"))
    history = History(timeline_from_media(SOURCE))
    Autosaver(history, tmp_path / "edit.vedit", min_interval_s=0)
    history.apply(Split(20))
    history.apply(SetMarks(5, 25, "Mark Out"))
    assert shown_marks(find_recovery(tmp_path / "edit.vedit").load().timeline) == (5, 25)

