"""The suggestions list filters by what the model saw: cut, dissolve, fade, wipe, grade."""

from __future__ import annotations

from fractions import Fraction

from vedit_gui.timeline import FrameRange, Suggestion, SuggestionStatus, Timeline
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
    assert panel.list.topLevelItemCount() == 2
    assert {panel.list.topLevelItem(i).text(1) for i in range(2)} == {"dissolve"}
    # Accept-all works on what the filter shows, above the threshold only.
    decided = []
    panel.decide_requested.connect(lambda ids, status: decided.append((ids, status)))
    panel.accept_all_button.click()
    assert decided == [([suggestions[1].id], SuggestionStatus.ACCEPTED)]
