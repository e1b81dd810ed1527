"""The saved state through analysis results that arrive while a save is written (review 2)."""

from __future__ import annotations

from fractions import Fraction

from vedit_gui.timeline import (
    AddSuggestions,
    FrameRange,
    History,
    MediaReference,
    Split,
    Suggestion,
    timeline_from_media,
)

SOURCE = MediaReference("shots/a.mp4", Fraction(30000, 1001), 300)


def result() -> AddSuggestions:
    return AddSuggestions((Suggestion("cut", SOURCE.path, FrameRange(49, 2), 0.8, "model"),))


def test_undoing_back_to_a_snapshot_amended_after_later_edits_is_saved():
    history = History(timeline_from_media(SOURCE), clock=lambda: 0.0)
    history.apply(Split(100))
    snapshot = history.timeline
    history.end_run()  # the save takes its snapshot
    history.apply(Split(200))  # an edit while the file is written
    history.amend_all(result())  # analysis results arrive meanwhile
    history.mark_saved(snapshot)  # the save is done
    assert history.is_dirty
    history.undo()
    assert not history.is_dirty and history.timeline.tracks == snapshot.tracks
    assert history.timeline.suggestions  # the results stay


def test_two_batches_of_results_during_one_save_are_followed_too():
    history = History(timeline_from_media(SOURCE), clock=lambda: 0.0)
    history.apply(Split(100))
    snapshot = history.timeline
    history.end_run()
    history.apply(Split(200))
    history.amend_all(result())
    history.undo()
    history.amend_all(result())
    history.redo()
    history.mark_saved(snapshot)
    history.undo()
    assert not history.is_dirty
