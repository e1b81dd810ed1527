"""The stabilisation side of the editor: Suggestions ▸ Suggest Stabilization, and, while a
stabilisation suggestion is inspected, its smoothing slider, crop readout and decision
buttons, with the viewer showing the shot steadied (before it is accepted too)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QPushButton

from ..analysis.shake import MIN_SHOT_S, ShotShake
from ..app.grade_suggest import BY_HAND
from ..app.jobs import Job
from ..app.preview_grade import EffectOverride
from ..app.stabilize_suggest import measure_clip, shake_requests, suggest_stabilization
from ..media.stabilize import MAX_SMOOTHING_S, MIN_SMOOTHING_S, Stabilization, StabilizationError
from ..timeline import (
    STABILIZE,
    AddOwnSuggestion,
    Clip,
    Suggestion,
    SuggestionStatus,
    Timeline,
    UpdateSuggestion,
)
from ..timeline.mapping import clip_source_span, first_picture_clip
from .analysis_news import Finding
from .inspector_section import decision_row, review_section, section_title, setting_row

if TYPE_CHECKING:
    from .main_window import MainWindow

SUGGEST_TITLE = "Suggesting stabilization"
# The smoothing slider counts tenths of a second.
_STEPS_PER_S = 10


def smoothing_text(seconds: float) -> str:
    return f"{seconds:.1f} s"


def crop_text(stabilization: Stabilization) -> str:
    """How much of the picture the steadying costs, as an editor reads it."""
    cut = 1.0 - 1.0 / stabilization.zoom
    return "none" if cut < 0.005 else f"{cut:.0%} of each side's length (the picture is enlarged {stabilization.zoom - 1:.0%})"


class StabilizeReview(QObject):
    """Stabilisation suggestions in the editor, attached to ``window``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self._inspected: Suggestion | None = None
        self._stabilization: Stabilization | None = None
        self._shown: EffectOverride | None = None  # the viewer's override while it is ours

        self.title = section_title("Stabilize")
        smoothing, self.smoothing, self.smoothing_value = setting_row(
            "Smoothing", "stabilizeSmoothing", round(MIN_SMOOTHING_S * _STEPS_PER_S), round(MAX_SMOOTHING_S * _STEPS_PER_S),
            "How long a stretch of the camera's move is averaged: longer is steadier, and crops more")
        self.crop = QLabel()
        self.crop.setObjectName("stabilizeCrop")
        self.crop.setWordWrap(True)
        decide, self.accept_button, self.reject_button = decision_row()
        self.section = review_section("stabilizeSection", self.title, decide, smoothing, self.crop)
        window.inspector.add_section(self.section)

        # A picture clip with no stabilization: the editor may steady it all the same.
        self._hand_clip: Clip | None = None
        self.hand_button = QPushButton("Stabilize This Clip")
        self.hand_button.setToolTip("Measure this clip's camera and steady it (one undo step)")
        self.hand_section = review_section("handStabilizeSection", QLabel("No stabilization on this clip."),
                                           self.hand_button)
        window.inspector.add_section(self.hand_section)

        self.suggest_action = window._action(window.review_menu, "Suggest Stabilization", self.suggest)
        self.hand_action = window._action(window.review_menu, "Stabilize Selected Clip", self.stabilize_clip)
        self.hand_button.clicked.connect(self.stabilize_clip)
        window.inspector.shown.connect(self._on_inspector_shown)
        self.smoothing.valueChanged.connect(self._on_smoothing_moved)
        self.smoothing.sliderReleased.connect(self._commit_smoothing)
        self.accept_button.clicked.connect(lambda: self._decide(SuggestionStatus.ACCEPTED))
        self.reject_button.clicked.connect(lambda: self._decide(SuggestionStatus.REJECTED))

    # --- suggesting ---------------------------------------------------------------------------

    def suggest(self, sources: list[str] | None = None) -> Job | None:
        """Measure the camera of every shot (of ``sources``, else of every source) in the
        background; shaky shots get a suggestion. A run still going on the same sources is
        cancelled: this one sees the shots as they are now."""
        requests = shake_requests(self.session.timeline, self.window.suggestions.threshold_value, sources)
        if not requests:
            self.window.statusBar().showMessage("Nothing to stabilize: open a video first.", 4000)
            return None
        names = ", ".join(Path(r.source).name for r in requests)
        for job in list(self.window.jobs.jobs):
            if job.title.startswith(SUGGEST_TITLE) and (sources is None or job.title.endswith(f" in {names}")):
                job.cancel()
        loop = asyncio.get_running_loop()
        confidences: list[float] = []  # of this run's suggestions, for its closing message
        document = self.session.document

        def deliver(found: tuple[Suggestion, ...]) -> None:  # from the worker thread
            confidences.extend(s.confidence for s in found)
            loop.call_soon_threadsafe(self.session.add_suggestions, found, document)

        job = self.window.jobs.start(
            f"{SUGGEST_TITLE} in {names}", "analysis",
            lambda progress, cancel: suggest_stabilization(requests, deliver, progress, cancel),
        )
        job.finished.connect(lambda _count: self._on_finished(confidences))
        job.failed.connect(
            lambda message: self.window.statusBar().showMessage(
                f"Stabilization suggestions stopped: {message} (shots measured before it are kept)", 8000)
        )
        return job

    def _on_finished(self, confidences: list[float]) -> None:
        threshold = self.window.suggestions.threshold_value
        self.window.news.found(Finding.of("stabilize", confidences, threshold))
        below = sum(c < threshold for c in confidences)
        if not confidences:
            shots = "no shot shakes enough to suggest it"
        else:
            shots = f"{len(confidences)} shot{'s' if len(confidences) != 1 else ''}"
            shots += f" ({below} below the threshold)" if below else ""
        self.window.say_in_background(f"Suggested stabilization: {shots}.", 6000)

    # --- inspecting ---------------------------------------------------------------------------

    def _on_inspector_shown(self, timeline: Timeline | None, subject: object) -> None:
        clip = first_picture_clip(timeline, subject) if timeline is not None and isinstance(subject, list) else None
        # A selected clip shows its accepted stabilization, or offers one by hand.
        accepted = _stabilization_of(timeline, clip) if timeline is not None and clip is not None else None
        self._hand_clip = clip if accepted is None else None
        self.hand_section.setVisible(self._hand_clip is not None)
        suggestion = subject if isinstance(subject, Suggestion) and subject.kind == STABILIZE else accepted
        stabilization = None
        if suggestion is not None:
            try:
                stabilization = Stabilization.from_params(suggestion.params)
            except StabilizationError as exc:
                self.window.statusBar().showMessage(f"This stabilization cannot be shown: {exc}", 6000)
        self._inspected, self._stabilization = (suggestion, stabilization) if stabilization else (None, None)
        if stabilization is None or suggestion is None:
            self.section.hide()
            # Only our own override goes: another section (a punch-in) may have set its own.
            if self._shown is not None and self.window.preview_look.look.effect == self._shown:
                self.window.grading.set_look(effect=None)
            self._shown = None
            return
        self.smoothing.blockSignals(True)
        self.smoothing.setValue(round(stabilization.smoothing_s * _STEPS_PER_S))
        self.smoothing.blockSignals(False)
        self._show(stabilization)
        self.accept_button.setEnabled(suggestion.status is not SuggestionStatus.ACCEPTED)
        self.reject_button.setEnabled(suggestion.status is not SuggestionStatus.REJECTED)
        self.section.show()

    def _show(self, stabilization: Stabilization) -> None:
        """The readouts and the viewer for ``stabilization`` (the inspected one, maybe with a
        smoothing not yet committed)."""
        assert self._inspected is not None
        self.smoothing_value.setText(smoothing_text(stabilization.smoothing_s))
        self.crop.setText(f"Crop: {crop_text(stabilization)}")
        self._shown = EffectOverride(self._inspected.source, stabilization)
        self.window.grading.set_look(effect=self._shown)

    def _on_smoothing_moved(self, value: int) -> None:
        """The viewer follows the slider; a key or a click on the groove commits at once
        (a run of them one undo step), a drag when it is let go."""
        if self._stabilization is not None:
            self._show(self._stabilization.with_smoothing(value / _STEPS_PER_S))
            if not self.smoothing.isSliderDown():
                self._commit_smoothing(stepped=True)

    def _commit_smoothing(self, stepped: bool = False) -> None:
        s, stabilization = self._inspected, self._stabilization
        if s is None or stabilization is None:
            return
        seconds = self.smoothing.value() / _STEPS_PER_S
        if abs(seconds - stabilization.smoothing_s) < 1e-9:
            return
        params = {**s.params, "smoothing_s": round(seconds, 3)}
        self.session.apply(UpdateSuggestion(replace(s, params=params)), (s.id, "smoothing") if stepped else None)

    # --- by hand ------------------------------------------------------------------------------

    def stabilize_clip(self) -> Job | None:
        """Measure the selected picture clip's camera in the background and add an accepted
        stabilization over its frames (one undo step), however little it shakes."""
        clip, timeline = self._hand_clip, self.session.timeline
        if clip is None:
            self.window.statusBar().showMessage(
                "Select a clip on a picture track that is not stabilized yet to stabilize it.", 5000)
            return None
        source, span, rate = clip.media.path, clip_source_span(clip, timeline.rate), clip.media.rate
        job = self.window.jobs.start(
            f"Stabilizing {clip.title}", "analysis",
            lambda progress, cancel: measure_clip(source, span, progress, cancel, rate),
        )
        job.finished.connect(lambda found: self._add_by_hand(clip.title, source, found))
        job.failed.connect(lambda message: self.window.statusBar().showMessage(f"Stabilization stopped: {message}", 8000))
        return job

    def _add_by_hand(self, title: str, source: str, shot: ShotShake | None) -> None:
        status = self.window.statusBar()
        if shot is None:
            status.showMessage(f"{title} is too short to stabilize (under {MIN_SHOT_S:g} s).", 6000)
            return
        if not shot.followed:
            status.showMessage(f"Nothing in {title} could be followed (a flat or dark picture): left as it is.", 6000)
            return
        s = shot.suggestion(source, BY_HAND, SuggestionStatus.ACCEPTED)
        self.session.apply(AddOwnSuggestion(s, "Stabilize Clip"))
        status.showMessage(f"Stabilized {title}: shake {shot.shake:.2f} % of the width; "
                           f"crop {crop_text(shot.stabilization())}.", 8000)

    def _decide(self, status: SuggestionStatus) -> None:
        if self._inspected is not None:
            self.window.decide([self._inspected.id], status)


def _stabilization_of(timeline: Timeline, clip: Clip) -> Suggestion | None:
    """The accepted stabilization over ``clip``'s frames (the latest, as the render takes it)."""
    span = clip_source_span(clip, timeline.rate)
    for s in reversed(timeline.suggestions):
        if (s.kind == STABILIZE and s.status is SuggestionStatus.ACCEPTED and s.source == clip.media.path
                and s.source_range.overlaps(span)):
            return s
    return None


__all__ = ["StabilizeReview", "crop_text", "smoothing_text"]
