"""An accepted grade or effect whose settings cannot be used (a damaged project, or one from
another version), inspected: what is wrong with it, and Reject, so the editor can go on
without it from where the viewer's note sends them (the lane)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from ..app.preview_grade import unusable_reason
from ..render.errors import as_sentence
from ..timeline import Suggestion, SuggestionStatus, Timeline
from .inspector_section import review_section, section_title

if TYPE_CHECKING:
    from .main_window import MainWindow


class UnusableLookReview:
    """The inspector's section for an accepted look that cannot be used."""

    def __init__(self, window: MainWindow) -> None:
        self.session = window.session
        self._inspected: str | None = None
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reject_button = QPushButton("Reject")
        self.reject_button.setToolTip("Go on without it: the viewer shows the rest, and export works again (one undo step)")
        row = QHBoxLayout()  # left-aligned, as the other sections' Accept / Reject
        row.addWidget(self.reject_button)
        row.addStretch(1)
        self.section = review_section("unusableLookSection", section_title("Cannot be used"), self.reason, row)
        window.inspector.add_section(self.section)
        window.inspector.shown.connect(self._on_inspector_shown)
        self.reject_button.clicked.connect(self._reject)

    def _on_inspector_shown(self, timeline: Timeline | None, subject: object) -> None:
        reason = None
        if timeline is not None and isinstance(subject, Suggestion) and subject.status is SuggestionStatus.ACCEPTED:
            reason = unusable_reason(timeline, subject)
        self._inspected = subject.id if reason is not None and isinstance(subject, Suggestion) else None
        if reason is not None:
            self.reason.setText(as_sentence(reason))
        self.section.setVisible(reason is not None)

    def _reject(self) -> None:
        if self._inspected is not None:
            self.session.decide([self._inspected], SuggestionStatus.REJECTED)


__all__ = ["UnusableLookReview"]
