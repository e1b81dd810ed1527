"""The Suggestions list's Source column: a long file name gives way, its time does not, and
its time reads the same however the list got there."""

from __future__ import annotations

from fractions import Fraction

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from vedit_gui.timeline import (
    FrameRange,
    InsertMedia,
    MediaReference,
    RippleDelete,
    Suggestion,
    Timeline,
    TrimOut,
    timeline_from_media,
)
from vedit_gui.ui.suggestion_rows import SOURCE_COLUMN, fitted_source, text_width
from vedit_gui.ui.suggestions_panel import SuggestionsPanel

LONG = "/footage/day 3/interview-with-the-harbour-master-second-camera-take-07-final.mov"


def _cell_text(panel: SuggestionsPanel, row: int) -> tuple[str, QStyleOptionViewItem]:
    """What the Source cell of ``row`` draws, as the view hands the cell to its delegate."""
    view = panel.list
    index = panel.rows.index(row, SOURCE_COLUMN)
    option = QStyleOptionViewItem()
    option.rect = view.visualRect(index)
    option.widget = view
    option.font = view.font()
    option.fontMetrics = view.fontMetrics()
    view.itemDelegateForIndex(index).initStyleOption(option, index)
    return option.text, option


def test_a_long_file_name_gives_way_in_its_middle_and_the_time_stays_whole(qtbot):
    media = MediaReference(LONG, Fraction(25), 2500)
    cut = Suggestion("cut", LONG, FrameRange(1249, 2), 0.9, "m", params={"transition": "cut"})
    timeline = timeline_from_media(media)
    panel = SuggestionsPanel()
    qtbot.addWidget(panel)
    panel.set_timeline(Timeline(timeline.rate, timeline.tracks, suggestions=(cut,)))
    panel.resize(420, 300)  # the side column's width on a laptop
    panel.show()
    qtbot.waitExposed(panel)
    whole = panel.row_texts(0)[SOURCE_COLUMN]
    assert whole == "interview-with-the-harbour-master-second-camera-take-07-final.mov 00:00:49:24"
    shown, option = _cell_text(panel, 0)
    assert shown != whole and shown.endswith(" 00:00:49:24")  # the time, whole, at the end
    assert shown.startswith("inter") and "…" in shown and shown.split("…")[1].split(" ")[0].endswith(".mov")
    assert option.fontMetrics.horizontalAdvance(shown) <= text_width(option)
    # The model keeps the whole name (screen readers, copying); the tooltip adds its folder.
    index = panel.rows.index(0, SOURCE_COLUMN)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == f"{LONG} 00:00:49:24"
    # Given room, it is not shortened.
    panel.resize(1400, 300)
    assert _cell_text(panel, 0)[0] == whole


def test_fitted_source_gives_up_the_name_before_the_time(qtbot):
    from PySide6.QtWidgets import QLabel

    metrics = QLabel().fontMetrics()
    time = "00:00:49:24"
    just_the_time = metrics.horizontalAdvance(f" {time}")
    assert fitted_source("a.mov", time, metrics, 0) == f"a.mov {time}"  # not laid out yet: whole
    assert fitted_source("long-name.mov", time, metrics, just_the_time + 2) == time
    squeezed = fitted_source("long-name-of-a-file.mov", time, metrics, just_the_time + metrics.horizontalAdvance("long-….mov"))
    assert squeezed.endswith(f" {time}") and "…" in squeezed


def _rows(panel: SuggestionsPanel) -> list[tuple[str, ...]]:
    return [panel.row_texts(i) for i in range(panel.row_count())]


def test_a_source_that_left_the_edit_reads_the_same_after_edits_as_in_a_fresh_list(qtbot):
    ntsc, pal = MediaReference("a.mp4", Fraction(30000, 1001), 300), MediaReference("b.mov", Fraction(25), 250)
    timeline = InsertMedia((pal,), 300).apply(timeline_from_media(ntsc))
    early = Suggestion("cut", "b.mov", FrameRange(49, 2), 0.9, "m", params={"transition": "cut"})
    late = Suggestion("cut", "b.mov", FrameRange(199, 2), 0.9, "m", params={"transition": "cut"})
    timeline = Timeline(timeline.rate, timeline.tracks, suggestions=(early, late))
    b_clip = next(item for item in timeline.tracks[0].items if item.media.path == "b.mov")
    trimmed = TrimOut(b_clip.id, -150).apply(timeline)  # the late cut's frames leave the edit
    gone = RippleDelete(tuple(item.id for track in trimmed.tracks for item in track.items
                              if item.media.path == "b.mov")).apply(trimmed)  # then all of b
    followed = SuggestionsPanel()
    qtbot.addWidget(followed)
    followed.show()
    for step in (timeline, trimmed, gone, trimmed, timeline):
        followed.set_timeline(step)
        fresh = SuggestionsPanel()
        qtbot.addWidget(fresh)
        fresh.set_timeline(step)
        assert _rows(followed) == _rows(fresh)
    # In the edit, b's frames count at its own 25 fps; gone from it, at the edit's rate, as the
    # inspector and the status bar count them (Timeline.source_rate). Before, the late cut kept
    # "b.mov 00:00:08:00" from when its source was in the edit, and a fresh list said 06;20.
    followed.set_timeline(gone)
    assert [row[4] for row in _rows(followed)] == ["b.mov 00:00:01;19", "b.mov 00:00:06;19"]
    followed.set_timeline(timeline)
    assert [row[4] for row in _rows(followed)] == ["b.mov 00:00:01:24", "b.mov 00:00:07:24"]
