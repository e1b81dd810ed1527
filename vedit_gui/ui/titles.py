"""Titles in the editor: Edit ▸ Add Title puts one over the picture at the playhead, and while a
title is inspected its text, second line, place, size and length are edited in the inspector
(each change one undo step; the viewer shows it as the export will).

A title lives on the source's frames, as a grade by hand does (an accepted ``effect:title``
the editor made), so it stays with the words it names through trims and moves.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QLineEdit, QPushButton

from ..app.grade_suggest import BY_HAND
from ..media.title import Title, TitleError
from ..timeline import (
    TITLE,
    AddOwnSuggestion,
    FrameRange,
    Suggestion,
    SuggestionStatus,
    Timeline,
    UpdateSuggestion,
)
from ..timeline.mapping import clip_source_span, picture_seen_at
from .inspector_section import review_section, section_title

if TYPE_CHECKING:
    from .main_window import MainWindow

LENGTH_S = 4.0  # a new title's length (a lower third is read in three to five seconds)
FADE_S = Fraction(3, 10)
PLACE_NAMES = {"lower-third": "Lower third", "centre": "Centre", "top": "Top"}
SIZES = {"Small": 0.04, "Medium": 0.055, "Large": 0.08, "Headline": 0.12}


def _frames(seconds: float | Fraction, rate: Fraction) -> int:
    return max(1, round(Fraction(seconds) * rate))


class TitleEditor(QObject):
    """Adding titles, and the inspector section of the one inspected, attached to ``window``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self._inspected: Suggestion | None = None
        self._rate = Fraction(25)

        self.text = QLineEdit()
        self.text.setObjectName("titleText")
        self.text.setPlaceholderText("Name, or the title's words")
        self.second = QLineEdit()
        self.second.setObjectName("titleSecond")
        self.second.setPlaceholderText("A smaller line under it: a role, a place (optional)")
        self.place = QComboBox()
        for place, name in PLACE_NAMES.items():
            self.place.addItem(name, place)
        self.size = QComboBox()
        for name, share in SIZES.items():
            self.size.addItem(name, share)
        self.length = QDoubleSpinBox()
        self.length.setObjectName("titleLength")
        self.length.setRange(0.5, 60.0)
        self.length.setSingleStep(0.5)
        self.length.setSuffix(" s")
        self.remove_button = QPushButton("Remove Title")
        self.remove_button.setToolTip("Take the title off the picture (one undo step)")
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Text", self.text)
        form.addRow("Second line", self.second)
        form.addRow("Place", self.place)
        form.addRow("Size", self.size)
        form.addRow("Length", self.length)
        self.section = review_section("titleSection", section_title("Title"), form, self.remove_button)
        window.inspector.add_section(self.section)

        self.add_action = window._action(window.edit_menu, "Add Title", self.add_title, "Ctrl+Alt+T")
        window.inspector.shown.connect(self._on_inspector_shown)
        self.text.editingFinished.connect(self._commit)
        self.second.editingFinished.connect(self._commit)
        # The keyboard path: type the name, Enter, the role, Enter, and the timeline has the keys again.
        self.text.returnPressed.connect(self.second.setFocus)
        self.second.returnPressed.connect(window.timeline_view.setFocus)
        self.place.activated.connect(lambda _index: self._commit())
        self.size.activated.connect(lambda _index: self._commit())
        self.length.editingFinished.connect(self._commit)
        self.remove_button.clicked.connect(self._remove)

    # --- adding -------------------------------------------------------------------------------

    def add_title(self) -> Suggestion | None:
        """A title over the picture at the playhead, from there for four seconds (to the end
        of its clip at most), one undo step; the inspector shows it with its text selected."""
        timeline = self.session.timeline
        seen = picture_seen_at(timeline, self.window.playhead) if timeline.duration else None
        if seen is None:
            self.window.statusBar().showMessage("Put the playhead over a picture to add a title to it.", 5000)
            return None
        clip, source_frame = seen
        rate = clip.media.rate
        span = clip_source_span(clip, timeline.rate)
        frames = max(1, min(_frames(LENGTH_S, rate), span.end_exclusive - source_frame))
        title = Title("Title", source_frame, frames, fade=min(_frames(FADE_S, rate), frames // 3))
        suggestion = Suggestion(TITLE, clip.media.path, FrameRange(source_frame, frames), 1.0, BY_HAND,
                                title.to_params(), SuggestionStatus.ACCEPTED)
        self.session.apply(AddOwnSuggestion(suggestion, "Add Title"))
        # The playhead goes to the title's middle: at its first frame it is still fading in,
        # and the editor is about to type words they should see.
        self.window._on_timeline_suggestion_clicked(suggestion.id)
        if frames < _frames(LENGTH_S, rate):
            self.window.statusBar().showMessage(
                f"Added a title for {float(frames / rate):.1f} s, to the end of its clip; its Length is in the inspector.", 8000)
        self.text.setFocus()
        self.text.selectAll()
        return suggestion

    # --- inspecting ---------------------------------------------------------------------------

    def _on_inspector_shown(self, timeline: Timeline | None, subject: object) -> None:
        title = None
        if timeline is not None and isinstance(subject, Suggestion) and subject.kind == TITLE:
            try:
                title = Title.from_params(subject.params)
            except TitleError as exc:
                self.window.statusBar().showMessage(f"This title cannot be shown: {exc}", 6000)
        if title is None or not isinstance(subject, Suggestion) or timeline is None:
            self._inspected = None
            self.section.hide()
            return
        # The same title shown again (the edit changed under it, or analysis results came in):
        # the field being typed in keeps what is typed.
        again = self._inspected is not None and self._inspected.id == subject.id
        self._inspected = subject
        self._rate = next((m.rate for m in timeline.media() if m.path == subject.source), timeline.rate)
        nearest = min(SIZES.values(), key=lambda share: abs(share - title.size))
        values = ((self.text, lambda: self.text.setText(title.text)),
                  (self.second, lambda: self.second.setText(title.second)),
                  (self.place, lambda: self.place.setCurrentIndex(max(0, self.place.findData(title.place)))),
                  (self.size, lambda: self.size.setCurrentIndex(self.size.findData(nearest))),
                  (self.length, lambda: self.length.setValue(float(Fraction(title.frames) / self._rate))))
        for widget, show in values:
            if again and widget.hasFocus():
                continue
            widget.blockSignals(True)
            show()
            widget.blockSignals(False)
        showing = subject.status is SuggestionStatus.ACCEPTED
        self.remove_button.setText("Remove Title" if showing else "Show Title Again")
        self.section.show()

    def _edited(self) -> Title | None:
        """The inspected title as the fields now say (None where they say nothing usable)."""
        s = self._inspected
        if s is None:
            return None
        old = Title.from_params(s.params)
        frames = _frames(self.length.value(), self._rate)
        try:
            return replace(old, text=self.text.text().strip() or old.text, second=self.second.text().strip(),
                           place=self.place.currentData(), size=self.size.currentData(), frames=frames,
                           fade=min(old.fade, frames // 3))
        except TitleError as exc:
            self.window.statusBar().showMessage(f"The title stays as it was: {exc}", 6000)
            return None

    def _commit(self) -> None:
        s, title = self._inspected, self._edited()
        if s is None or title is None or title.to_params() == s.params:
            return
        self.session.apply(UpdateSuggestion(replace(s, params=title.to_params(),
                                                    source_range=FrameRange(title.start, title.frames))))

    def _remove(self) -> None:
        s = self._inspected
        if s is not None:
            showing = s.status is SuggestionStatus.ACCEPTED
            self.session.decide([s.id], SuggestionStatus.REJECTED if showing else SuggestionStatus.ACCEPTED)


__all__ = ["TitleEditor"]
