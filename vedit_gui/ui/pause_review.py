"""The pause side of the editor: Suggestions ▸ Suggest Pause Removal, and, while a pause
suggestion is inspected, how much breath to keep, Play Around to hear the jump cut before
accepting it, and its decision buttons.

Pauses are suggested on request, not after every opened file as cuts are: tightening pauses
is a style of cut for talk (interviews, pieces to camera, tutorials), and would only clutter
the lane of a film with quiet in it.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QPushButton

from ..analysis.pauses import MIN_PAUSE_S, MIN_SPEECH_RANGE_DB
from ..app.jobs import Job
from ..app.pause_suggest import JoinPauses, SourcePauses, sources_with_sound, suggest_pause_removal
from ..app.removal_preview import PREROLL_S, preview_accepting
from ..timeline import REMOVE_PAUSE, Rate, Suggestion, SuggestionStatus, Timeline, UpdateSuggestion
from .analysis_news import Finding
from .inspector_section import decision_row, review_section, section_title, setting_row

if TYPE_CHECKING:
    from .main_window import MainWindow

SUGGEST_TITLE = "Suggesting pause removal"
PLAYING_WITHOUT = "Playing the pause as if taken out (not accepted yet)"
# The keep slider counts hundredths of a second up to this.
MAX_KEEP_S = 1.0
_STEPS_PER_S = 100


def seconds_text(frames: int, rate: Rate) -> str:
    return f"{float(Fraction(frames) / Fraction(rate)):.2f} s"


def pause_fields(suggestion: Suggestion, rate: Rate) -> list[tuple[str, str]]:
    """What the inspector says of a pause suggestion, in seconds on the source."""
    fields = [("Pause", seconds_text(suggestion.source_range.duration, rate)),
              ("Removes", seconds_text(suggestion.removed_range.duration, rate))]
    loud, threshold = suggestion.params.get("loud_db"), suggestion.params.get("threshold_db")
    if isinstance(loud, (int, float)) and isinstance(threshold, (int, float)):
        fields.append(("Loudest in it", f"{loud:.0f} dB (speech starts at {threshold:.0f} dB)"))
    return fields


class PauseReview(QObject):
    """Pause suggestions in the editor, attached to ``window``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self._inspected: Suggestion | None = None
        self._rate: Rate = Fraction(25)

        self.title = section_title("Remove Pause")
        keep, self.keep, self.keep_value = setting_row(
            "Keep", "pauseKeep", 0, round(MAX_KEEP_S * _STEPS_PER_S),
            "How much of the pause to leave in, as a breath between the words around it (two thirds "
            "before the cut, a third after; all of it by the speech where the pause starts or ends "
            "the recording)", single=5)
        self.removes = QLabel()
        self.removes.setObjectName("pauseRemoves")
        decide, self.accept_button, self.reject_button = decision_row(
            "Take the pause out of the edit, picture and sound together, in one undo step")
        self.play_button = QPushButton("▶ Play Around")
        self.play_button.setObjectName("pausePlayAround")
        self.play_button.setToolTip("Hear the jump cut before deciding: two seconds either side of it, played as "
                                    "if the pause were taken out (Shift+K)")
        decide.insertWidget(2, self.play_button)
        self.section = review_section("pauseSection", self.title, decide, keep, self.removes)
        window.inspector.add_section(self.section)

        # How long a pause must be to go: a snappy online edit takes out shorter ones than an
        # interview that should breathe.
        menu = window.review_menu.addMenu("Suggest Pause Removal")
        self.suggest_actions = {
            seconds: window._action(menu, f"Pauses of {seconds:g} s or More{note}", lambda seconds=seconds: self.suggest(seconds))
            for seconds, note in ((0.5, " (Snappy)"), (MIN_PAUSE_S, ""), (1.0, ""), (1.5, " (Gentle)"))
        }
        self.suggest_action = self.suggest_actions[MIN_PAUSE_S]
        self.play_tightened_action = window._action(
            window.review_menu, "Play Tightened (Pending Pauses Taken Out)", self.play_tightened, "Ctrl+Shift+Space")
        window.inspector.shown.connect(self._on_inspector_shown)
        self.keep.valueChanged.connect(self._on_keep_moved)
        self.keep.sliderReleased.connect(self._commit_keep)
        self.accept_button.clicked.connect(lambda: self._decide(SuggestionStatus.ACCEPTED))
        self.reject_button.clicked.connect(lambda: self._decide(SuggestionStatus.REJECTED))
        self.play_button.clicked.connect(self.play_around)

    # --- suggesting ---------------------------------------------------------------------------

    def suggest(self, min_pause_s: float = MIN_PAUSE_S) -> Job | None:
        """Measure the sound of every source in the background; each pause of ``min_pause_s``
        or more gets a suggestion (:class:`JoinPauses`: what the editor decided or set stays).
        A run still going is cancelled: this one measures the sources the edit has now."""
        sources = sources_with_sound(self.session.timeline)
        if not sources:
            self.window.statusBar().showMessage("No pauses to find: nothing in the edit has sound.", 5000)
            return None
        for job in list(self.window.jobs.jobs):
            if job.title.startswith(SUGGEST_TITLE):
                job.cancel()
        loop = asyncio.get_running_loop()
        document = self.session.document

        def deliver(join: JoinPauses) -> None:  # from the worker thread
            loop.call_soon_threadsafe(self.session.amend_all, join, document)

        names = ", ".join(Path(m.path).name for m in sources)
        job = self.window.jobs.start(
            f"{SUGGEST_TITLE} in {names}", "analysis",
            lambda progress, cancel: suggest_pause_removal(sources, deliver, progress, cancel, min_pause_s),
        )
        job.finished.connect(lambda results: self._on_finished(results, min_pause_s))
        job.failed.connect(lambda message: self.window.statusBar().showMessage(
            f"Pause removal stopped: {message} (pauses found before it are kept)", 8000))
        return job

    def _on_finished(self, results: list[SourcePauses], min_pause_s: float) -> None:
        self.window.news.found(Finding.of("pause", [s.confidence for r in results for s in r.suggestions],
                                          self.window.suggestions.threshold_value))
        parts = []
        for r in results:
            name = Path(r.source.path).name
            if r.scan is None:
                parts.append(f"{name}: no sound")
            elif not r.scan.has_speech:
                parts.append(f"{name}: no speech stands {MIN_SPEECH_RANGE_DB:g} dB above the room tone, "
                             "so no pauses could be told apart")
            else:
                removed = sum(s.removed_range.duration for s in r.suggestions)
                count = len(r.suggestions)
                parts.append(f"{name}: {count} pause{'s' if count != 1 else ''} of {min_pause_s:g} s or more "
                             f"({seconds_text(removed, r.source.rate)} to take out)")
        self.window.statusBar().showMessage("Suggested pause removal: " + "; ".join(parts) + ".", 10000)

    # --- inspecting ---------------------------------------------------------------------------

    def _on_inspector_shown(self, timeline: Timeline | None, subject: object) -> None:
        if timeline is None or not isinstance(subject, Suggestion) or subject.kind != REMOVE_PAUSE:
            self._inspected = None
            self.section.hide()
            return
        self._inspected, self._rate = subject, timeline.source_rate(subject.source)
        keep = subject.kept_frames
        self.keep.blockSignals(True)
        self.keep.setValue(round(float(Fraction(keep) / Fraction(self._rate)) * _STEPS_PER_S))
        self.keep.blockSignals(False)
        self._show(subject)
        # Accepted, the pause is already out of the edit: undo the acceptance to keep more.
        self.keep.setEnabled(subject.status is not SuggestionStatus.ACCEPTED)
        self.accept_button.setEnabled(subject.status is not SuggestionStatus.ACCEPTED)
        self.reject_button.setEnabled(subject.status is not SuggestionStatus.REJECTED)
        self.play_button.setEnabled(subject.status is SuggestionStatus.PENDING)
        self.section.show()

    def play_around(self) -> bool:
        """Play Around the inspected pending pause as if it were taken out (the edit accepting
        it gives, crossfades and all) around its join nearest the playhead; the playhead follows
        on the edit, skipping it, and comes back. False when
        no pending pause that takes something out is inspected (Play Around then plays the edit)."""
        inspected = self._inspected
        timeline = self.session.timeline
        current = timeline.suggestion(inspected.id) if inspected is not None else None
        if current is None or current.status is not SuggestionStatus.PENDING:
            return False
        preview = preview_accepting(timeline, [current])
        playhead, reach = self.window.playhead, round(PREROLL_S * timeline.rate)
        if not any(place.start - reach <= playhead < place.end_exclusive + reach for place in preview.removed):
            return False  # the playhead is elsewhere: Play Around plays the edit there
        self.window.playback.play_around(playhead, preview, PLAYING_WITHOUT)
        return True

    @staticmethod
    def previewed_changed(old: Timeline, new: Timeline) -> bool:
        """Whether the pause suggestions (what a preview of them plays) differ between versions."""
        return [s for s in old.suggestions if s.kind == REMOVE_PAUSE] != [s for s in new.suggestions if s.kind == REMOVE_PAUSE]

    def play_tightened(self) -> bool:
        """Play from the playhead as if every pending pause at or above the review threshold
        (what Accept All Above Threshold would take out) were taken out: the whole tightened
        edit, heard before it is accepted. The playhead follows on the edit, skipping them."""
        timeline, status = self.session.timeline, self.window.statusBar()
        threshold = self.window.suggestions.threshold_value
        pending = [s for s in timeline.suggestions if s.kind == REMOVE_PAUSE
                   and s.status is SuggestionStatus.PENDING and s.confidence >= threshold]
        preview = preview_accepting(timeline, pending)
        if not preview.removed:
            status.showMessage("No pending pause above the threshold takes time out of the edit: suggest pause removal "
                               "first (Suggestions ▸ Suggest Pause Removal).", 6000)
            return False
        count = len(pending)
        self.window.playback.play_preview(preview, f"Playing as if {count} pending pause{'s' if count != 1 else ''} "
                                                   "were taken out (not accepted yet)")
        return True

    def _keep_frames(self) -> int:
        return round(self.keep.value() / _STEPS_PER_S * self._rate)

    def _show(self, suggestion: Suggestion) -> None:
        self.keep_value.setText(seconds_text(suggestion.kept_frames, self._rate))
        removed = suggestion.removed_range.duration
        self.removes.setText(f"Takes out {seconds_text(removed, self._rate)} of a "
                             f"{seconds_text(suggestion.source_range.duration, self._rate)} pause"
                             if removed else "Keeps all of this pause: nothing to take out")

    def _on_keep_moved(self, _value: int) -> None:
        """The readout follows the slider; a key or a click on the groove commits at once
        (a run of them one undo step), a drag when it is let go."""
        s = self._inspected
        if s is None:
            return
        self._show(replace(s, params={**s.params, "keep": self._keep_frames()}))
        if not self.keep.isSliderDown():
            self._commit_keep(stepped=True)

    def _commit_keep(self, stepped: bool = False) -> None:
        s = self._inspected
        if s is None or self._keep_frames() == s.kept_frames:
            return
        params = {**s.params, "keep": self._keep_frames()}
        self.session.apply(UpdateSuggestion(replace(s, params=params)), (s.id, "keep") if stepped else None)

    def _decide(self, status: SuggestionStatus) -> None:
        if self._inspected is not None:
            self.window.decide([self._inspected.id], status)


__all__ = ["PauseReview", "pause_fields", "seconds_text"]
