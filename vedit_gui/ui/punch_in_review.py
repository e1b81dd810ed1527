"""The punch-in side of the editor: Suggestions ▸ Suggest Punch-Ins at Jump Cuts, and, while a
punch-in suggestion is inspected, its zoom slider and decision buttons, with the viewer showing
the piece closer (before it is accepted too).

Asked for after pauses are taken out of talk: every other piece between jump cuts is seen
closer, so each jump reads as a cut to a second camera.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from ..analysis.punch_ins import jump_cut_pieces
from ..app.jobs import Job
from ..app.preview_grade import EffectOverride
from ..app.punch_in_suggest import JoinPunchIns, suggest_punch_ins
from ..media.punch_in import MAX_ZOOM, MIN_ZOOM, PunchIn, PunchInError
from ..timeline import PUNCH_IN, Suggestion, SuggestionStatus, Timeline, UpdateSuggestion
from .analysis_news import Finding
from .inspector_section import decision_row, review_section, section_title, setting_row

if TYPE_CHECKING:
    from .main_window import MainWindow

SUGGEST_TITLE = "Suggesting punch-ins"


def zoom_text(zoom: float) -> str:
    return f"{zoom:.0%}"


def punch_in_fields(suggestion: Suggestion) -> list[tuple[str, str]]:
    """What the inspector says of a punch-in: how it is framed, and why it is suggested."""
    params = suggestion.params
    fields = []
    if isinstance(params.get("moving"), bool):
        fields.append(("Framed on", "what moves (the speaker)" if params["moving"] else "the centre: nothing moves"))
    change = params.get("change")
    if isinstance(change, (int, float)):
        fields.append(("Jump", f"{change * 100:.1f} % of the picture changes across it"))
    return fields


class PunchInReview(QObject):
    """Punch-in suggestions in the editor, attached to ``window``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self._inspected: Suggestion | None = None
        self._punch_in: PunchIn | None = None
        self._shown: EffectOverride | None = None

        self.title = section_title("Punch-In")
        zoom, self.zoom, self.zoom_value = setting_row(
            "Zoom", "punchInZoom", round(MIN_ZOOM * 100), round(MAX_ZOOM * 100),
            "How much closer the piece is seen: 110–120 % reads as a second camera and keeps a 1080p "
            "picture sharp", page=5)
        decide, self.accept_button, self.reject_button = decision_row(
            "See this piece closer in the edit and the export, in one undo step")
        self.section = review_section("punchInSection", self.title, decide, zoom)
        window.inspector.add_section(self.section)

        self.suggest_action = window._action(window.review_menu, "Suggest Punch-Ins at Jump Cuts", self.suggest)
        window.inspector.shown.connect(self._on_inspector_shown)
        self.zoom.valueChanged.connect(self._on_zoom_moved)
        self.zoom.sliderReleased.connect(self._commit_zoom)
        self.accept_button.clicked.connect(lambda: self._decide(SuggestionStatus.ACCEPTED))
        self.reject_button.clicked.connect(lambda: self._decide(SuggestionStatus.REJECTED))

    # --- suggesting ---------------------------------------------------------------------------

    def suggest(self) -> Job | None:
        """Frame every other piece between jump cuts in the background; each gets a punch-in
        suggestion (:class:`JoinPunchIns`: what the editor decided or set stays)."""
        pieces = jump_cut_pieces(self.session.timeline)
        if not pieces:
            self.window.statusBar().showMessage(
                "No jump cuts to hide: take pauses out first (Suggestions ▸ Suggest Pause Removal), "
                "then ask again.", 8000)
            return None
        for job in list(self.window.jobs.jobs):
            if job.title.startswith(SUGGEST_TITLE):
                job.cancel()
        job = self.window.jobs.start(
            f"{SUGGEST_TITLE} at {len(pieces)} jump cuts", "analysis",
            lambda progress, cancel: suggest_punch_ins(pieces, progress, cancel),
        )
        document = self.session.document
        job.finished.connect(lambda join: self._on_finished(join, document))
        job.failed.connect(lambda message: self.window.statusBar().showMessage(
            f"Punch-in suggestions stopped: {message}", 8000))
        return job

    def _on_finished(self, join: JoinPunchIns, document: int) -> None:
        # Joined on the GUI thread, to every undo state: suggesting is no undo step.
        if not self.session.amend_all(join, document):
            return  # for the edit open before this one
        threshold = self.window.suggestions.threshold_value
        self.window.news.found(Finding.of("punch-in", [s.confidence for s in join.suggestions], threshold))
        unsure = sum(s.confidence < threshold for s in join.suggestions)
        count = len(join.suggestions)
        note = f" ({unsure} where the jump already changes the picture, below the threshold)" if unsure else ""
        self.window.statusBar().showMessage(
            f"Suggested punch-ins on {count} piece{'s' if count != 1 else ''} between jump cuts{note}: "
            "filter the panel to \"punch-in\" to review them.", 10000)

    # --- inspecting ---------------------------------------------------------------------------

    def _on_inspector_shown(self, timeline: Timeline | None, subject: object) -> None:
        punch_in = None
        if timeline is not None and isinstance(subject, Suggestion) and subject.kind == PUNCH_IN:
            try:
                punch_in = PunchIn.from_params(subject.params)
            except PunchInError as exc:
                self.window.statusBar().showMessage(f"This punch-in cannot be shown: {exc}", 6000)
        if punch_in is None or not isinstance(subject, Suggestion):
            self._inspected = self._punch_in = None
            self.section.hide()
            if self._shown is not None and self.window.preview_look.look.effect == self._shown:
                self.window.grading.set_look(effect=None)
            self._shown = None
            return
        self._inspected, self._punch_in = subject, punch_in
        self.zoom.blockSignals(True)
        self.zoom.setValue(round(punch_in.zoom * 100))
        self.zoom.blockSignals(False)
        self._show(punch_in)
        self.accept_button.setEnabled(subject.status is not SuggestionStatus.ACCEPTED)
        self.reject_button.setEnabled(subject.status is not SuggestionStatus.REJECTED)
        self.section.show()

    def _show(self, punch_in: PunchIn) -> None:
        """The readout and the viewer for ``punch_in`` (maybe with a zoom not yet committed)."""
        assert self._inspected is not None
        self.zoom_value.setText(zoom_text(punch_in.zoom))
        self._shown = EffectOverride(self._inspected.source, punch_in)
        self.window.grading.set_look(effect=self._shown)

    def _on_zoom_moved(self, value: int) -> None:
        """The viewer follows the slider; a key or a click on the groove commits at once
        (a run of them one undo step), a drag when it is let go."""
        if self._punch_in is not None:
            self._show(self._punch_in.with_zoom(value / 100))
            if not self.zoom.isSliderDown():
                self._commit_zoom(stepped=True)

    def _commit_zoom(self, stepped: bool = False) -> None:
        s, punch_in = self._inspected, self._punch_in
        if s is None or punch_in is None:
            return
        zoom = self.zoom.value() / 100
        if abs(zoom - punch_in.zoom) < 1e-9:
            return
        params = {**s.params, **punch_in.with_zoom(zoom).to_params()}
        self.session.apply(UpdateSuggestion(replace(s, params=params)), (s.id, "zoom") if stepped else None)

    def _decide(self, status: SuggestionStatus) -> None:
        if self._inspected is not None:
            self.window.decide([self._inspected.id], status)


__all__ = ["PunchInReview", "punch_in_fields", "zoom_text"]
