"""The suggestions list filters by what the model saw: cut, dissolve, fade, wipe, grade."""

from __future__ import annotations

from fractions import Fraction

from PySide6.QtCore import QItemSelectionModel, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from vedit_gui.timeline import FrameRange, Suggestion, SuggestionStatus, Timeline
from vedit_gui.timeline.timecode import frame_to_timecode
from vedit_gui.ui.suggestions_panel import ALL_KINDS, SuggestionsPanel


def _cut(start: int, transition: str, confidence: float = 0.9) -> Suggestion:
    return Suggestion("cut", "a.mp4", FrameRange(start, 2 if transition == "cut" else 20), confidence, "m",
                      params={"transition": transition})


def test_filter_by_transition_kind(qtbot):
    panel = SuggestionsPanel()
    qtbot.addWidget(panel)
    grade = Suggestion("grade", "a.mp4", FrameRange(0, 50), 0.7, "c")
    suggestions = (_cut(49, "cut"), _cut(100, "dissolve"), _cut(200, "fade"), _cut(300, "dissolve", 0.3), grade)
    panel.set_timeline(Timeline(Fraction(30), suggestions=suggestions))
    kinds = [panel.kind_box.itemText(i) for i in range(panel.kind_box.count())]
    assert kinds == [ALL_KINDS, "cut", "dissolve", "fade", "grade"]
    panel.kind_box.setCurrentText("dissolve")
    assert [s.source_range.start for s in panel.visible_suggestions()] == [100, 300]
    assert panel.row_count() == 2
    assert {panel.row_texts(i)[1] for i in range(2)} == {"dissolve"}
    row = panel.row_texts(0)
    tip = panel.rows.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == row[4] and row[4].startswith("a.mp4")  # in full, where cut short
    # Accept-all works on what the filter shows, above the threshold only.
    decided = []
    panel.decide_requested.connect(lambda ids, status: decided.append((ids, status)))
    panel.accept_all_button.click()
    assert decided == [([suggestions[1].id], SuggestionStatus.ACCEPTED)]


def _rows(panel: SuggestionsPanel) -> list[tuple[str, ...]]:
    return [panel.row_texts(i) for i in range(panel.row_count())]


def _foreground(panel: SuggestionsPanel, row: int):
    return panel.rows.index(row, 0).data(Qt.ItemDataRole.ForegroundRole)


def test_decisions_update_rows_in_place_and_keep_the_selection(qtbot):
    panel = SuggestionsPanel()
    qtbot.addWidget(panel)
    cuts = tuple(_cut(30 * i + 10, "cut", 0.4 + 0.1 * (i % 5)) for i in range(12))
    timeline = Timeline(Fraction(30), suggestions=cuts)
    panel.set_timeline(timeline)
    # The rows as the view holds them: a row updated in place stays where it is.
    items = [QPersistentModelIndex(panel.rows.index(i, 0)) for i in range(12)]
    ids = panel.row_ids()
    panel.list.setCurrentIndex(panel.rows.index(5, 0))
    panel.list.selectionModel().select(panel.rows.index(3, 0), QItemSelectionModel.SelectionFlag.Select
                                       | QItemSelectionModel.SelectionFlag.Rows)
    accepted = tuple(s.with_status(SuggestionStatus.ACCEPTED) if s is cuts[5] else s for s in cuts)
    panel.set_timeline(Timeline(Fraction(30), suggestions=accepted))
    assert [item.row() for item in items] == list(range(12)) and panel.row_ids() == ids  # the same rows, updated
    assert _rows(panel)[5][3] == "accepted" and _rows(panel)[4][3] == "pending"
    assert ids[3] in panel.selected_ids() and panel.current_id() == ids[5] and panel.list.currentIndex() == items[5]
    # A rejected suggestion leaves the list; the rest stay as they were.
    rejected = tuple(s.with_status(SuggestionStatus.REJECTED) if s.id == cuts[4].id else s for s in accepted)
    panel.set_timeline(Timeline(Fraction(30), suggestions=rejected))
    assert panel.row_ids() == ids[:4] + ids[5:] and not items[4].isValid()
    assert [item.row() for item in items[:4] + items[5:]] == list(range(11))
    # Greyed below the threshold, and back when it moves below them.
    panel.threshold.setValue(90)
    greyed = [_foreground(panel, i).color().getRgb()[:3] for i in range(11)]
    assert greyed.count((128, 128, 128)) == 11
    panel.threshold.setValue(0)
    assert all(_foreground(panel, i) is None for i in range(11))
    # Undoing the rejection brings its row back in place; the others stay the same rows.
    panel.set_timeline(Timeline(Fraction(30), suggestions=accepted))
    assert [item.row() for item in items[:4] + items[5:]] == [0, 1, 2, 3, *range(5, 12)]
    assert panel.row_ids() == ids and _rows(panel)[4][3] == "pending"
    # New suggestions arriving take their place in source order (none is on this timeline,
    # which has no clips: each says so, and where it is in its source).
    more = rejected + (_cut(5, "cut"),)
    panel.set_timeline(Timeline(Fraction(30), suggestions=more))
    assert items[0].row() == 1 and panel.row_ids()[1] == ids[0]
    assert [row[0] for row in _rows(panel)][:2] == ["not in the edit"] * 2
    assert [row[4] for row in _rows(panel)][:2] == [f"a.mp4 {frame_to_timecode(f, Fraction(30))}" for f in (5, 10)]


def test_rows_run_in_timeline_order_with_each_source_at_its_own_rate(qtbot):
    from vedit_gui.timeline import InsertMedia, MediaReference, timeline_from_media

    ntsc, pal = MediaReference("a.mp4", Fraction(30000, 1001), 300), MediaReference("b.mov", Fraction(25), 250)
    timeline = InsertMedia((pal,), 0).apply(timeline_from_media(ntsc))  # b first, then a
    in_b = Suggestion("cut", "b.mov", FrameRange(49, 2), 0.9, "m", params={"transition": "cut"})
    in_a = Suggestion("cut", "a.mp4", FrameRange(29, 2), 0.9, "m", params={"transition": "cut"})
    timeline = Timeline(timeline.rate, timeline.tracks, suggestions=(in_a, in_b))
    panel = SuggestionsPanel()
    qtbot.addWidget(panel)
    panel.set_timeline(timeline)
    rows = _rows(panel)
    # b's cut into its frame 50 (two seconds at 25 fps) sits at 00:00:02;00 on the 29.97 fps
    # timeline; a starts after b's ten seconds, so a's cut into its frame 30 is at 11;00.
    assert [(row[0], row[4]) for row in rows] == [
        ("00:00:02;00", "b.mov 00:00:01:24"), ("00:00:11;00", "a.mp4 00:00:00;29"),
    ]


def test_rows_that_change_order_keep_the_current_one(qtbot):
    from vedit_gui.timeline import MediaReference, RippleDelete, Split, timeline_from_media

    source = MediaReference("a.mp4", Fraction(30), 300)
    cuts = tuple(Suggestion("cut", "a.mp4", FrameRange(f, 2), 0.9, "m", params={"transition": "cut"}) for f in (49, 149, 249))
    timeline = Timeline(Fraction(30), timeline_from_media(source).tracks, suggestions=cuts)
    panel = SuggestionsPanel()
    qtbot.addWidget(panel)
    panel.set_timeline(timeline)
    panel.list.setCurrentIndex(panel.rows.index(2, 0))
    # Cutting away the first 100 frames leaves the first cut out of the edit: it moves last.
    split = Split(100).apply(timeline)
    trimmed = RippleDelete((split.tracks[0].items[0].id,)).apply(split)
    panel.set_timeline(trimmed)
    assert [row[0] for row in _rows(panel)] == ["00:00:01:20", "00:00:05:00", "not in the edit"]
    assert panel.current_id() == cuts[2].id


def test_the_panel_says_how_far_the_review_has_got_for_the_kind_shown(qtbot):
    panel = SuggestionsPanel()
    qtbot.addWidget(panel)
    cuts = (_cut(10, "cut"), _cut(40, "cut", 0.3), _cut(100, "dissolve"), _cut(200, "dissolve"), _cut(300, "fade"))
    panel.set_timeline(Timeline(Fraction(30), suggestions=cuts))
    assert panel.progress_label.text() == "5 to review (1 below the threshold) · 0 accepted · 0 rejected (not listed)"
    assert panel.accept_all_button.text() == "Accept All Above Threshold (4)"
    decided = tuple(s.with_status(SuggestionStatus.ACCEPTED) if s is cuts[2] else
                    s.with_status(SuggestionStatus.REJECTED) if s is cuts[0] else s for s in cuts)
    panel.set_timeline(Timeline(Fraction(30), suggestions=decided))
    assert panel.progress_label.text() == "3 to review (1 below the threshold) · 1 accepted · 1 rejected (not listed)"
    panel.kind_box.setCurrentText("dissolve")
    assert panel.progress_label.text() == "1 to review · 1 accepted · 0 rejected (not listed)"
    assert panel.accept_all_button.text() == "Accept All Above Threshold (1)"
    panel.threshold.setValue(95)  # nothing pending reaches it: the button says nothing to do
    assert not panel.accept_all_button.isEnabled() and panel.accept_all_button.text() == "Accept All Above Threshold"
    assert panel.progress_label.text() == "1 to review (1 below the threshold) · 1 accepted · 0 rejected (not listed)"
    done = tuple(s.with_status(SuggestionStatus.ACCEPTED) if s is cuts[3] else s for s in decided)
    panel.set_timeline(Timeline(Fraction(30), suggestions=done))
    assert panel.progress_label.text() == "All reviewed · 2 accepted · 0 rejected (not listed)"


def test_rejected_suggestions_can_be_listed_and_accepted_after_all(qtbot):
    panel = SuggestionsPanel()
    qtbot.addWidget(panel)
    cuts = (_cut(10, "cut"), _cut(40, "cut"), _cut(100, "dissolve"))
    rejected = tuple(s.with_status(SuggestionStatus.REJECTED) if s is cuts[1] else s for s in cuts)
    panel.set_timeline(Timeline(Fraction(30), suggestions=rejected))
    assert [r[4] for r in _rows(panel)] == ["a.mp4 00:00:00:10", "a.mp4 00:00:03:10"]  # the rejected one: not listed
    panel.show_rejected.setChecked(True)
    rows = _rows(panel)
    assert [r[3] for r in rows] == ["pending", "rejected", "pending"]
    assert _foreground(panel, 1).color() == QColor(128, 128, 128)  # greyed
    assert panel.progress_label.text() == "2 to review · 0 accepted · 1 rejected"
    assert len(panel.pending_above_threshold()) == 2  # Accept All never takes a rejected one
    decided = []
    panel.decide_requested.connect(lambda ids, status: decided.append((ids, status)))
    panel.list.setCurrentIndex(panel.rows.index(1, 0))
    panel.accept_button.click()
    assert decided == [([cuts[1].id], SuggestionStatus.ACCEPTED)]
    panel.show_rejected.setChecked(False)
    assert panel.row_count() == 2


def test_the_inspector_counts_a_suggestions_frames_at_its_sources_own_rate(qtbot):
    from vedit_gui.timeline import InsertMedia, MediaReference, timeline_from_media
    from vedit_gui.ui.inspector import InspectorPanel

    ntsc, pal = MediaReference("a.mp4", Fraction(30000, 1001), 300), MediaReference("b.mov", Fraction(25), 250)
    timeline = InsertMedia((pal,), 0).apply(timeline_from_media(ntsc))
    grade = Suggestion("grade", "b.mov", FrameRange(50, 100), 0.7, "m")
    timeline = Timeline(timeline.rate, timeline.tracks, suggestions=(grade,))
    assert (timeline.source_rate("b.mov"), timeline.source_rate("gone.mp4")) == (Fraction(25), timeline.rate)
    inspector = InspectorPanel()
    qtbot.addWidget(inspector)
    inspector.show_suggestion(timeline, grade)
    # Frame 50 of b is two seconds in at 25 fps (on the 29.97 grid it would read 00:00:01;20).
    assert inspector.rows()["Frames"] == "00:00:02:00 – 00:00:05:24 of b.mov"
    assert inspector.rows()["Status"] == "pending · confidence 70%"


def test_ctrl_click_taking_a_row_out_moves_the_review_only_when_it_was_the_reviewed_one(qtbot):
    cuts = tuple(_cut(10 + 20 * i, "cut") for i in range(5))
    panel = SuggestionsPanel()
    qtbot.addWidget(panel)
    panel.set_timeline(Timeline(Fraction(30), suggestions=cuts))
    panel.show()
    reviewed, ended = [], []
    panel.current_changed.connect(reviewed.append)
    panel.picked_none.connect(lambda: ended.append(True))
    view = panel.list
    row = lambda i: view.visualRect(panel.rows.index(i, 0)).center()  # noqa: E731
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=row(0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, ctrl, row(1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, ctrl, row(4))
    ids = panel.row_ids()
    assert reviewed == [ids[0], ids[1], ids[4]]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, ctrl, row(0))  # another row out
    assert reviewed[-1] == ids[4] and len(reviewed) == 3
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, ctrl, row(4))  # the reviewed one out
    assert reviewed[-1] == ids[1] and not ended
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, ctrl, row(1))  # the last one out
    assert ended == [True] and panel.selected_ids() == []


def _shown(panel: SuggestionsPanel) -> tuple:
    """Everything the list shows: its rows (cells, greyed or not), the counts and Accept All."""
    rows = [(panel.row_ids()[i], panel.row_texts(i), _foreground(panel, i) is not None) for i in range(panel.row_count())]
    return rows, panel.progress_label.text(), panel.accept_all_button.text()


def test_rows_kept_up_to_date_edit_by_edit_are_the_rows_of_a_fresh_fill(qtbot):
    from vedit_gui.timeline import (
        AddSuggestions,
        DecideSuggestions,
        InsertMedia,
        MediaReference,
        RippleDelete,
        Split,
        timeline_from_media,
    )

    sources = [MediaReference(f"s{i}.mp4", Fraction(30000, 1001), 300) for i in range(3)]
    timeline = InsertMedia(tuple(sources[1:]), 300).apply(timeline_from_media(sources[0]))
    found = [Suggestion("cut", s.path, FrameRange(20 * k + 9, 2), 0.3 + 0.05 * (k % 12), "m", params={"transition": "cut"})
             for s in sources for k in range(1, 14)]
    found += [Suggestion("grade", s.path, FrameRange(60 * k, 60), 0.6, "c") for s in sources for k in range(5)]
    found += [Suggestion("effect:remove-pause", s.path, FrameRange(45 * k + 3, 12), 0.8, "p", params={"keep": 2})
              for s in sources for k in range(1, 6)]
    start = AddSuggestions(tuple(found)).apply(timeline)
    sure = tuple(s.id for s in start.suggestions if s.kind == "cut" and s.confidence >= 0.5)
    accepted = DecideSuggestions(sure, SuggestionStatus.ACCEPTED).apply(start).without_idle_transitions()
    pause = next(s for s in accepted.suggestions if s.kind == "effect:remove-pause")
    tightened = DecideSuggestions((pause.id,), SuggestionStatus.ACCEPTED).apply(accepted)
    split = Split(455).apply(tightened)
    deleted = RippleDelete((split.tracks[0].items[3].id,)).apply(split)
    rejected = DecideSuggestions((deleted.suggestions[7].id, deleted.suggestions[40].id),
                                 SuggestionStatus.REJECTED).apply(deleted)
    steps = [start, accepted, tightened, split, deleted, rejected, deleted, split, accepted, start, rejected]

    followed = SuggestionsPanel()
    qtbot.addWidget(followed)
    for kind in (ALL_KINDS, "cut", "pause"):
        followed.kind_box.setCurrentText(kind)
        for threshold in (50, 70):
            followed.threshold.setValue(threshold)
            for timeline in steps:
                followed.set_timeline(timeline)
                fresh = SuggestionsPanel()
                qtbot.addWidget(fresh)
                fresh.set_timeline(timeline)
                fresh.kind_box.setCurrentText(kind)
                fresh.threshold.setValue(threshold)
                fresh.show_rejected.setChecked(followed.show_rejected.isChecked())
                assert _shown(followed) == _shown(fresh), (kind, threshold, steps.index(timeline))
                fresh.deleteLater()
        followed.show_rejected.setChecked(not followed.show_rejected.isChecked())


def test_home_and_end_go_to_the_first_and_last_row(qtbot):
    panel = SuggestionsPanel()
    qtbot.addWidget(panel)
    panel.set_timeline(Timeline(Fraction(30), suggestions=tuple(_cut(10 + 20 * i, "cut") for i in range(6))))
    panel.show()
    panel.list.setFocus()
    panel.list.setCurrentIndex(panel.rows.index(2, 0))
    qtbot.keyClick(panel.list, Qt.Key.Key_End)
    assert panel.list.currentIndex().row() == 5 and panel.selected_ids() == [panel.row_ids()[5]]
    qtbot.keyClick(panel.list, Qt.Key.Key_Home)
    assert panel.list.currentIndex().row() == 0
    qtbot.keyClick(panel.list, Qt.Key.Key_Down)
    assert panel.current_id() == panel.row_ids()[1]


def test_the_row_under_review_stays_where_it_stood_when_an_edit_moves_the_rows(qtbot):
    from vedit_gui.timeline import MediaReference, RippleDelete, Split, timeline_from_media

    source = MediaReference("a.mp4", Fraction(30), 3000)
    cuts = tuple(Suggestion("cut", "a.mp4", FrameRange(f, 2), 0.9, "m", params={"transition": "cut"})
                 for f in range(29, 3000, 50))
    timeline = Timeline(Fraction(30), timeline_from_media(source).tracks, suggestions=cuts)
    panel = SuggestionsPanel()
    qtbot.addWidget(panel)
    panel.resize(500, 300)
    panel.show()
    panel.set_timeline(timeline)
    view = panel.list
    reviewed = panel.row_ids()[40]
    panel.follow(reviewed)
    top = view.visualRect(view.currentIndex()).top()
    assert view.viewport().rect().contains(view.visualRect(view.currentIndex()))
    # Cutting away the first 1000 frames sends 20 rows to the end: the reviewed row moves up
    # the list by 20, and stays on screen where it was.
    split = Split(1000).apply(timeline)
    panel.set_timeline(RippleDelete((split.tracks[0].items[0].id,)).apply(split))
    assert panel.current_id() == reviewed and view.currentIndex().row() == 20
    assert view.visualRect(view.currentIndex()).top() == top
    # Undo: back where it was in the list, and still where it stood on screen.
    panel.set_timeline(timeline)
    assert view.currentIndex().row() == 40 and view.visualRect(view.currentIndex()).top() == top
    # Rows arriving above it (analysis streaming in) do not push it away either.
    more = tuple(Suggestion("grade", "a.mp4", FrameRange(f, 50), 0.6, "c") for f in range(0, 1500, 50))
    panel.set_timeline(Timeline(Fraction(30), timeline.tracks, suggestions=cuts + more))
    assert panel.current_id() == reviewed and view.visualRect(view.currentIndex()).top() == top


def test_left_and_right_leave_the_row_and_its_focus_where_they_are(qtbot):
    # A list, not a grid: the arrows along a row move nothing (a table's walk a focus frame
    # from cell to cell, and typing a letter then searched another column).
    panel = SuggestionsPanel()
    qtbot.addWidget(panel)
    panel.set_timeline(Timeline(Fraction(30), suggestions=tuple(_cut(10 + 20 * i, "cut") for i in range(4))))
    panel.show()
    panel.list.setFocus()
    panel.list.setCurrentIndex(panel.rows.index(1, 0))
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_End, Qt.Key.Key_Right):
        qtbot.keyClick(panel.list, key)
        assert panel.list.currentIndex().column() == 0
    assert panel.list.currentIndex().row() == 3


def test_the_list_reads_as_a_list_of_rows(qtbot):
    from vedit_gui.app.grade_suggest import BY_HAND

    panel = SuggestionsPanel()
    qtbot.addWidget(panel)
    yours = Suggestion("effect:stabilize", "a.mp4", FrameRange(0, 90), 1.0, BY_HAND)
    panel.set_timeline(Timeline(Fraction(30), suggestions=(yours,)))
    # Headers over the left-aligned cells, as the tree view had them (a table centres them).
    assert panel.list.horizontalHeader().defaultAlignment() & Qt.AlignmentFlag.AlignLeft
    # A kind cut short in the narrow panel says itself whole when pointed at.
    assert panel.rows.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "stabilize (yours)"
