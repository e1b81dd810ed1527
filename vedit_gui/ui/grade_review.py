"""Grades in the editor: suggesting them per shot, editing one in the inspector with a live
preview, before/after and a split wipe in the viewer, and matching shots to a reference.

The controller listens to the window's inspector, viewer and session and forwards what the
user does: suggestions arrive through the session like cut suggestions (not an undo step),
a slider gesture becomes one ``UpdateSuggestion``, and the preview look (the grade being
edited, before/after, the wipe) goes to the decode workers through
:class:`~vedit_gui.app.preview_grade.PreviewLookState`, never into the edit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from ..app.grade_suggest import (
    BY_HAND,
    EDITED,
    MATCH_PRODUCER,
    JoinGrades,
    Shot,
    grade_requests,
    joining_grades,
    match_shots,
    suggest_grades,
    timeline_shots,
)
from ..app.jobs import Job
from ..app.preview_grade import GradeOverride, ungraded_colour, unusable_looks
from ..media.grade import GRADE_PARTS, PARAMS, PART_OF, Grade, GradeError, neutral_balance
from ..project.cube import plain_cube_error, write_cube
from ..render.grade import SourceGrades
from ..timeline import (
    CUT,
    GRADE,
    AddOwnSuggestion,
    Clip,
    FrameRange,
    PasteGrade,
    Suggestion,
    SuggestionStatus,
    Timeline,
    TrackKind,
    UpdateSuggestion,
    frame_to_timecode,
)
from ..timeline.mapping import (
    SourceMap,
    clip_source_frame,
    clip_source_span,
    picture_clips,
    picture_seen_at,
)
from ..timeline.placement import SuggestionPlaces, suggestion_places
from ..timeline.suggestion import confidence_label
from .analysis_news import Finding
from .grade_panel import GradePanel
from .inspector_section import decision_row, review_section, section_title
from .suggestion_rows import shown_kind
from .suggestions_panel import ALL_KINDS

if TYPE_CHECKING:
    from ..analysis.grades import ShotSampler
    from .main_window import MainWindow

SUGGEST_TITLE = "Suggesting grades"
MATCH_TITLE = "Matching shots"
# The save dialog's two kinds of .cube: the plain table every tool reads, and the exact one.
PLAIN_CUBE_FILTER = "3D LUT, 65 points: Resolve, Premiere, OpenColorIO, FFmpeg (*.cube)"
EXACT_CUBE_FILTER = "Shaper and 3D LUT, exact: Resolve, OpenColorIO (*.cube)"
WIPE_START = 0.5
PICK_HINT = "Click something in the picture that should be white or grey (Esc cancels)."


class GradeReview(QObject):
    """The grade side of the editor, attached to ``window``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.state = window.preview_look
        self._inspected: Suggestion | None = None
        self._items: list[str] | None = None  # the selection the inspector shows, if it shows one
        self._items_shown: tuple[Timeline, float, str, FrameRange] | None = None  # (edit, threshold, clip, shot)
        self._places: tuple[Timeline, SuggestionPlaces] | None = None  # where the frames sit, per edit
        self._override: GradeOverride | None = None
        self._copied: Grade | None = None  # Copy Grade's, for Paste Grade

        self.panel = GradePanel()
        self.title = section_title("Grade")
        self.match_button = QPushButton("Match Other Shots to This")
        self.match_button.setToolTip("Suggest grades that bring every other shot to this one")
        self.cube_button = QPushButton("Export as LUT (.cube)…")
        self.cube_button.setToolTip("This grade as a .cube LUT: a 65-point 3D table for Resolve, Premiere, "
                                    "OpenColorIO, FFmpeg and other tools, or an exact shaper LUT for Resolve "
                                    "and OpenColorIO (the dialog's file types)")
        decide, self.accept_button, self.reject_button = decision_row(
            "Accept this grade: the edit and the export show it", "Reject this grade: the shot stays as it is")
        self.section = review_section("gradeSection", self.title, decide, self.panel, self.match_button, self.cube_button)
        window.inspector.add_section(self.section)
        # The selected clip's shot no accepted grade covers (clip, its source frames): the
        # editor may grade it by hand.
        self._hand: tuple[Clip, FrameRange] | None = None
        self.hand_button = QPushButton("Grade This Clip by Hand")
        self.hand_button.setToolTip("Add a grade to this clip's shot and edit it with the sliders")
        self.hand_section = QWidget()
        self.hand_section.setObjectName("handGradeSection")
        hand = QVBoxLayout(self.hand_section)
        hand.setContentsMargins(0, 0, 0, 0)
        self.hand_note = QLabel("No grade accepted on this shot.")
        self.hand_note.setWordWrap(True)
        # A grade the model suggests for the clip's shot, waiting: one click to review it.
        self.suggested_button = QPushButton("Review the Suggested Grade")
        self._suggested: str | None = None
        hand.addWidget(self.hand_note)
        hand.addWidget(self.suggested_button)
        hand.addWidget(self.hand_button)
        self.hand_section.hide()
        window.inspector.add_section(self.hand_section)
        self._build_actions()
        self._connect()

    # --- building ------------------------------------------------------------------------

    def _build_actions(self) -> None:
        w = self.window
        w.review_menu.addSeparator()
        self.suggest_action = w._action(w.review_menu, "Suggest Grades", self.suggest_grades)
        self.match_action = w._action(w.review_menu, "Match Other Shots to This", self.match_to_this_shot)
        w.edit_menu.addSeparator()
        self.cube_action = QAction("Export Grade as LUT (.cube)…", w)
        self.cube_action.triggered.connect(lambda _checked=False: self.export_cube())
        w.file_menu.insertAction(w.export_otio_action, self.cube_action)
        self.copy_action = w._action(w.edit_menu, "Copy Grade", self.copy_grade, "Ctrl+Alt+C")
        self.paste_action = w._action(w.edit_menu, "Paste Grade", self.paste_grade, "Ctrl+Alt+V")
        w.view_menu.addSeparator()
        self.before_action = QAction("Show Before (No Grade or Effect)", w)
        self.before_action.setCheckable(True)
        self.before_action.setShortcut(QKeySequence("\\"))
        self.before_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.before_action.toggled.connect(self.panel.before_after.setChecked)
        key = self.before_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.panel.before_after.setToolTip(f"{self.panel.before_after.toolTip()} ({key})")
        w.view_menu.addAction(self.before_action)
        self.wipe_action = QAction("Split Wipe Before / After", w)
        self.wipe_action.setCheckable(True)
        self.wipe_action.setShortcut(QKeySequence("Ctrl+\\"))
        self.wipe_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.wipe_action.toggled.connect(self.set_wipe)
        w.view_menu.addAction(self.wipe_action)

    def _connect(self) -> None:
        self.window.inspector.shown.connect(self._on_inspector_shown)
        self.panel.grade_changed.connect(self._on_panel_grade_changed)
        self.panel.grade_committed.connect(self._on_panel_grade_committed)
        self.panel.before_after_toggled.connect(self._on_panel_before_after_toggled)
        self.window.viewer.wipe_moved.connect(self._on_viewer_wipe_moved)
        self.accept_button.clicked.connect(lambda: self._decide(SuggestionStatus.ACCEPTED))
        self.reject_button.clicked.connect(lambda: self._decide(SuggestionStatus.REJECTED))
        self.match_button.clicked.connect(self.match_to_this_shot)
        self.hand_button.clicked.connect(self.grade_by_hand)
        self.suggested_button.clicked.connect(self._review_suggested)
        self.cube_button.clicked.connect(lambda: self.export_cube())
        self.session.opened.connect(lambda _path: self._cancel(MATCH_TITLE))  # matched another project's shots
        self.panel.pick_button.toggled.connect(self._on_pick_toggled)
        self.window.viewer.point_picked.connect(self._on_viewer_point_picked)
        self.window.viewer.picking_ended.connect(lambda: self.panel.pick_button.setChecked(False))
        self.window.suggestions.threshold.valueChanged.connect(self._retitle)

    # --- the preview look ------------------------------------------------------------------

    def set_look(self, **changes) -> None:
        """Change the preview look (see :class:`PreviewLook`) and show the frame under it."""
        if self.state.set(replace(self.state.look, **changes)):
            self.window.viewer.set_wipe(self.state.look.wipe)
            self.window.viewer.set_before(self.state.look.before)
            self._refresh_picture()

    def _refresh_picture(self) -> None:
        w = self.window
        if w.session.timeline.duration > 0 and not w.playback.playing:
            w.fetcher.request(w.playhead)

    def set_before(self, before: bool) -> None:
        """Show the ungraded picture (a view option: the edit does not change)."""
        self.panel.before_after.setChecked(before)

    def set_wipe(self, on: bool) -> None:
        """Split the viewer: ungraded left of a draggable line, graded right of it."""
        if self.wipe_action.isChecked() != on:
            self.wipe_action.setChecked(on)  # comes back here through ``toggled``
            return
        self.set_look(wipe=WIPE_START if on else None)

    def _on_panel_before_after_toggled(self, before: bool) -> None:
        self.before_action.setChecked(before)
        self.set_look(before=before)

    def _on_viewer_wipe_moved(self, position: float) -> None:
        if self.state.look.wipe is not None:
            self.set_look(wipe=position)

    # --- inspecting ------------------------------------------------------------------------

    def _on_inspector_shown(self, timeline: Timeline | None, subject: object) -> None:
        self._items = list(subject) if isinstance(subject, list) and timeline is not None else None
        if self._items is not None:
            self._show_items_grade(timeline, self._items)
            return
        self._offer(timeline, None)
        self._inspect(subject if isinstance(subject, Suggestion) and subject.kind == GRADE else None)

    def follow_playhead(self) -> None:
        """The playhead moved (a seek, a step, playback). The grade section follows it, as the
        current clip follows the playhead in other grading tools: off the inspected grade's
        frames, the inspector takes the accepted grade of the shot seen there, else goes back
        to the selection (or nothing). Sliders, Copy Grade and the preview must never act on a
        grade whose picture is not the one on screen, and a pending grade is previewed only
        while it is inspected."""
        timeline, w = self.session.timeline, self.window
        if self._items is not None:
            self._show_items_grade(timeline, self._items, moved=True)  # the selected clip's shot there
            return
        s = self._inspected
        if s is None or w.inspector.suggestion_id != s.id or self._on_screen(timeline, s):
            return
        seen = picture_seen_at(timeline, w.playhead)
        accepted = None if seen is None else _accepted_grade_at(timeline, seen[0].media.path, seen[1])
        if accepted is not None:
            w.inspector.show_suggestion(timeline, accepted)
            w._show_compare(accepted.id)
            w.suggestions.follow(accepted.id)
            return
        selected = w.timeline_view.selected_ids()
        if selected:
            w.inspector.show_items(timeline, selected)
        else:
            w.inspector.show_nothing()
        w._show_compare(None)

    def _on_screen(self, timeline: Timeline, suggestion: Suggestion) -> bool:
        """Whether the playhead is on a place that shows ``suggestion``'s frames."""
        if self._places is None or self._places[0] is not timeline:
            self._places = timeline, suggestion_places(timeline)  # shared, built once per edit
        return self.window._spans_playhead(self._places[1], suggestion)

    def _show_items_grade(self, timeline: Timeline, item_ids: list[str], moved: bool = False) -> None:
        """Selected clips: the accepted grade of the shot under the playhead (at the clip's
        middle when the playhead is off it), else the offer to grade that shot. A clip left
        uncut at its suggested cuts holds several shots: another shot's grade in the sliders
        would be edited blind, the picture on screen not changing. After a playhead move
        (``moved``) only a change of shot shows anew: a slider mid-drag keeps its value."""
        found = self._clip_frame(timeline, item_ids)
        if moved and found is not None and self._still_on(timeline, *found):
            return  # playback calls this every frame: the same shot of the same edit costs nothing
        target, hand = None, None
        if found is not None:
            clip, frame = found
            target = _accepted_grade_at(timeline, clip.media.path, frame)
            if target is None:
                # In a fade or dissolve between shots: the nearer shot's, the one Grade by
                # Hand grades there (else its new grade would not show, and each press made one).
                shot = self._shot_seen(timeline, clip, frame)[1]
                target = _accepted_grade_at(timeline, clip.media.path, shot.start)
                hand = None if target is not None else (clip, shot)
        # isHidden, not isVisible: with the Suggestions tab in front the section is shown but not visible.
        shown = None if self.section.isHidden() else self._inspected
        shot = hand[1] if hand else target.source_range if target else None
        threshold = self.window.suggestions.threshold_value  # pending cuts above it make the shots
        self._items_shown = None if found is None or shot is None else (timeline, threshold, found[0].id, shot)
        if moved and (target and target.id) == (shown and shown.id) and hand == self._hand:
            return
        self._offer(timeline, hand)
        self._inspect(target)

    def _still_on(self, timeline: Timeline, clip: Clip, frame: int) -> bool:
        """Whether the selection's grade section already shows ``clip``'s shot holding
        source ``frame`` in this version of the edit."""
        if self._items_shown is None:
            return False
        edit, threshold, clip_id, frames = self._items_shown
        return (edit is timeline and threshold == self.window.suggestions.threshold_value
                and clip_id == clip.id and frames.contains(frame))

    def _clip_frame(self, timeline: Timeline, item_ids: list[str]) -> tuple[Clip, int] | None:
        """The selected picture clip under the playhead (else the first selected) and the
        source frame whose grade it shows: at the playhead over the clip, else its middle."""
        placed = []
        for clip in picture_clips(timeline, item_ids):
            found = timeline.find_item(clip.id)
            span = timeline.tracks[found[0]].range_of(clip.id) if found is not None else None
            if span is not None and span.contains(self.window.playhead):
                return clip, clip_source_frame(clip, self.window.playhead - span.start, timeline.rate)
            placed.append(clip)
        if not placed:
            return None
        return placed[0], clip_source_frame(placed[0], placed[0].duration // 2, timeline.rate)

    def _offer(self, timeline: Timeline | None, hand: tuple[Clip, FrameRange] | None) -> None:
        """Offer to grade ``hand``'s shot (a clip and the source frames of its shot) by hand,
        and say whether a pending grade waits for it; None hides the offer."""
        self._hand = hand
        found = None
        if hand is not None and timeline is not None:
            found = _pending_grade_on(timeline, hand[0].media.path, hand[1])
        self._suggested = None if found is None else found.id
        self.suggested_button.setVisible(found is not None)
        note = "No grade accepted on this shot."
        if found is not None:
            unsure = found.confidence < self.window.suggestions.threshold_value
            who = "A shot match suggests" if found.producer == MATCH_PRODUCER else "The colour model suggests"
            note += f" {who} one ({confidence_label(found.confidence)}{', below the threshold' if unsure else ''})."
        self.hand_note.setText(note)
        self.hand_section.setVisible(hand is not None)

    def _review_suggested(self) -> None:
        if self._suggested is not None:
            self.window._on_timeline_suggestion_clicked(self._suggested)

    def _inspect(self, suggestion: Suggestion | None) -> None:
        previous, self._inspected = self._inspected, suggestion
        if suggestion is None or previous is None or previous.id != suggestion.id:
            self.panel.pick_button.setChecked(False)  # a neutral picked for the grade before
        grade = None if suggestion is None else _usable_grade(suggestion)
        if suggestion is None or grade is None:
            self.section.hide()
            self.set_look(override=None)
            return
        # The panel's own edit coming back keeps its part switches; anything else resets them.
        if previous is None or previous.id != suggestion.id or grade != self.panel.grade():
            self.panel.set_grade(grade)
        status = suggestion.status
        self.title.setText(_grade_title(grade, suggestion, self.window.suggestions.threshold_value))
        self.accept_button.setEnabled(status is not SuggestionStatus.ACCEPTED)
        self.reject_button.setEnabled(status is not SuggestionStatus.REJECTED)
        self.section.show()
        # A rejected grade is shown as numbers only; previewing it would look like it applies.
        override = None
        if status is not SuggestionStatus.REJECTED:
            override = GradeOverride(suggestion.source, suggestion.source_range, grade)
        self.set_look(override=override)

    def _retitle(self) -> None:
        """Moving the threshold can make the inspected grade sure or unsure: say so at once."""
        if self._inspected is None or not self.section.isVisible():
            return
        current = self.session.timeline.suggestion(self._inspected.id) or self._inspected
        grade = _usable_grade(current)
        if grade is None:
            return
        self.title.setText(_grade_title(grade, current, self.window.suggestions.threshold_value))

    def grade_by_hand(self) -> None:
        """An accepted grade over the offered shot's frames in the selected clip, no change
        yet: the sliders then edit it like any other (one undo step to add it, one per slider
        gesture). Not the whole clip: uncut, it holds other shots, maybe graded already."""
        if self._hand is None:
            return
        clip, frames = self._hand
        grade = Suggestion(
            GRADE, clip.media.path, frames, 1.0, BY_HAND,
            params=Grade().to_dict(), status=SuggestionStatus.ACCEPTED,
        )
        self.session.apply(AddOwnSuggestion(grade, "Grade by Hand"))

    # --- copy and paste ----------------------------------------------------------------------

    def copy_grade(self) -> Grade | None:
        """Keep a grade for :meth:`paste_grade`: the one inspected (a grade suggestion, or a
        clip's accepted grade), else the one deciding the selected clip's picture (at the
        playhead when it is over the clip), else the shot's under the playhead; "no change"
        where no grade (or a neutral one) decides, so pasting it takes a grade off."""
        found = self._grade_to_copy()
        bar = self.window.statusBar()
        if found is None:
            bar.showMessage("No grade to copy here: select a clip on a picture track or a grade "
                            "suggestion, or select nothing and put the playhead on a shot.", 6000)
            return None
        grade, name = found
        self._copied = grade
        changed = grade.changed_parts()
        bar.showMessage(f"Copied the grade of {name} ({_words(changed) if changed else 'no change: as shot'}): "
                        "select clips, then Edit ▸ Paste Grade (Ctrl+Alt+V).", 6000)
        return grade

    def export_cube(self, path: Path | None = None, *, exact: bool = False) -> Job | None:
        """The grade Copy Grade would take (the inspected one, else the selected clip's, else
        the shot's under the playhead) as a ``.cube`` LUT, written off the GUI thread: the plain
        table every tool reads, or (``exact``, a file type in the dialog) the shaper LUT only
        Resolve and OpenColorIO read, for a grade that bends faster than a plain table follows."""
        found = self._grade_to_copy()
        bar = self.window.statusBar()
        if found is None:
            bar.showMessage("No grade to export here: inspect a grade, select a clip, or put the playhead on a shot.", 6000)
            return None
        grade, name = found
        if grade.is_identity:
            bar.showMessage(f"There is no grade on {name} to export: it is as shot.", 6000)
            return None
        if path is None:
            base = self.session.project_path or self.session.source_path or Path.home() / "grade"
            suggested = base.with_name(f"{base.stem} grade.cube")
            chosen, kind = QFileDialog.getSaveFileName(
                self.window, "Export grade as LUT", str(suggested), f"{PLAIN_CUBE_FILTER};;{EXACT_CUBE_FILTER}")
            if not chosen:
                return None
            exact = kind == EXACT_CUBE_FILTER
            completed = self.window.completed_name(chosen, ".cube")  # "look.v2" stays "look.v2.cube"
            if completed is None:
                return None
            path = completed
        def write(_progress, _cancel) -> float:
            write_cube(grade, path, shaper=exact)
            return 0.0 if exact else plain_cube_error(grade)

        def written(error: float) -> None:
            # A plain table off by more than a level: say so, and where the exact file is.
            note = (f" A 65-point table is up to {error:.0f}/255 off for a grade this strong; the exact "
                    "shaper LUT (a file type in the dialog) is, for Resolve and OpenColorIO.") if error > 1.0 else ""
            bar.showMessage(f"Wrote {path.name}: the grade of {name} as a LUT.{note}", 10000 if note else 6000)

        job = self.window.jobs.start(f"Writing {path.name}", "io", write)
        job.finished.connect(written)
        job.failed.connect(lambda message: self.window._warn("The LUT was not written", message, "cubeErrorBox"))
        return job

    def _grade_to_copy(self) -> tuple[Grade, str] | None:
        timeline = self.session.timeline
        inspected = self._inspected and self.section.isVisible() and timeline.suggestion(self._inspected.id)
        if inspected:
            grade = _usable_grade(inspected)
            at = frame_to_timecode(inspected.source_range.start, timeline.source_rate(inspected.source))
            return None if grade is None else (grade, f"the shot at {at} in {Path(inspected.source).name}")
        ids = self.window.timeline_view.selected_ids()
        selected = picture_clips(timeline, ids)
        if ids and not selected:
            return None  # sound, a dissolve or a marker: no picture to take a grade from
        if selected:
            clip, frame = self._clip_frame(timeline, ids)  # the shot the inspector shows
        else:
            seen = picture_seen_at(timeline, self.window.playhead)
            if seen is None:
                return None
            clip, frame = seen
        # The grade that decides the picture: the render's own choice among overlapping grades
        # (in footage mixing two shots, the nearer shot's), or the picture as shot (pasted,
        # that takes a grade off).
        grade = SourceGrades.from_timeline(timeline, leave_out_unusable=True).shot_grade(clip.media.path, frame)
        # Every clip cut from one file has its name: say where in the file.
        return (grade or Grade(), f"{clip.title} at {frame_to_timecode(frame, clip.media.rate)}")

    def paste_grade(self) -> None:
        """The copied grade on every selected picture clip, or, with nothing selected, on the
        shot seen under the playhead (grades are per shot, and a clip not yet cut at its
        suggested cuts holds several), accepted over those frames: one undo step. Not over a
        dissolve's frames beyond the clip: cut from one file, those are the next clip's own."""
        bar = self.window.statusBar()
        if self._copied is None:
            bar.showMessage("Nothing to paste: copy a grade first (Edit ▸ Copy Grade, Ctrl+Alt+C).", 6000)
            return
        timeline = self.session.timeline
        selected = self.window.timeline_view.selected_ids()
        clips = picture_clips(timeline, selected)
        spans = tuple((clip.media.path, clip_source_span(clip, timeline.rate)) for clip in clips)
        where = f"{len(clips)} clip{'s' * (len(clips) != 1)}"
        if not selected:
            seen = picture_seen_at(timeline, self.window.playhead)
            clips = [seen[0]] if seen is not None else []
            spans = () if seen is None else (self._shot_seen(timeline, *seen),)
            if seen is not None:
                at = frame_to_timecode(spans[0][1].start, seen[0].media.rate)
                where = f"the shot at {at} in {seen[0].title}"
        if not clips:
            bar.showMessage("No picture clip to paste the grade on: select clips on a picture track, "
                            "or select nothing and put the playhead on one.", 6000)
            return
        self.session.apply(PasteGrade(self._copied.to_dict(), spans, BY_HAND))

        def pasted_on(path: str, frames: FrameRange) -> bool:
            return any(path == p and frames.overlaps(span) for p, span in spans)

        # Grades live on source frames: another clip showing the same frames takes it too.
        graded = [c for track in timeline.tracks_of(TrackKind.VIDEO) for c in track.clips()
                  if pasted_on(c.media.path, clip_source_span(c, timeline.rate))]
        others = len(graded) - len(clips)
        also = f" (and {others} other clip{'s' * (others != 1)} showing the same footage)" if others > 0 else ""
        # A look that cannot be used stays in the way of an export until rejected, unless the
        # paste covers it (a damaged grade within the pasted frames): say so now.
        damaged = any(pasted_on(look.source, look.source_range) and look.exposed
                      for look in unusable_looks(self.session.timeline))
        warning = (" A look on these frames cannot be used (red in the lane) and still stops an export "
                   "that shows it: reject it." if damaged else "")
        bar.showMessage(f"Pasted the grade on {where}{also}.{warning}", 8000)

    def _shot_seen(self, timeline: Timeline, clip: Clip, frame: int) -> tuple[str, FrameRange]:
        """(source, frames) of the shot holding source ``frame``, within ``clip``: the shots
        the grades are suggested for (between accepted cuts and pending ones above the
        threshold)."""
        span = clip_source_span(clip, timeline.rate)
        shots = [s.range for s in timeline_shots(timeline, self.window.suggestions.threshold_value)
                 if s.source == clip.media.path and s.range.overlaps(span)]
        if not shots:
            return clip.media.path, span
        # In a dissolve or fade between shots, the nearer shot, as Copy Grade takes it there.
        shot = min(shots, key=lambda r: max(r.start - frame, frame - r.end_inclusive, 0))
        return clip.media.path, FrameRange.from_bounds(max(shot.start, span.start), min(shot.end_exclusive, span.end_exclusive))

    def is_review_stop(self, suggestion: Suggestion) -> bool:
        """Whether N / P stop at ``suggestion``. Unfiltered, they stop at cuts. A grade or an
        effect spans its shot (A / R take the grade under the playhead), so those are stops,
        at their shots' middles, only while the Suggestions panel is filtered to their kind.
        Filtered to any kind, N / P stop at that kind alone, as the list shows it."""
        shown = self.window.suggestions.kind_box.currentText()
        if shown == ALL_KINDS:
            return suggestion.kind == CUT
        return shown_kind(suggestion) == shown

    def pending_grade_at(self, frame: int, min_confidence: float = 0.0) -> str | None:
        """The pending grade suggestion of the shot seen at timeline ``frame``, if any: the
        picture on top, not B-roll hidden under it or a hidden track."""
        timeline = self.session.timeline
        seen = picture_seen_at(timeline, frame)
        if seen is None:
            return None
        clip, source_frame = seen
        found = _pending_grade_on(timeline, clip.media.path, FrameRange(source_frame, 1), min_confidence)
        return None if found is None else found.id

    # --- editing ---------------------------------------------------------------------------

    def _on_panel_grade_changed(self, grade: Grade) -> None:
        s = self._inspected
        if s is None:
            return
        self.title.setText(_grade_title(grade, s, self.window.suggestions.threshold_value))
        if s.status is not SuggestionStatus.REJECTED:
            self.set_look(override=GradeOverride(s.source, s.source_range, grade))

    def _on_panel_grade_committed(self, grade: Grade) -> None:
        s = self._inspected and self.session.timeline.suggestion(self._inspected.id)
        if not s or grade.to_dict() == s.params:
            return
        producer = s.producer if s.producer == BY_HAND or s.producer.endswith(EDITED) else s.producer + EDITED
        stepped = self.panel.stepped  # key presses on one slider: one undo step
        merge = None if stepped is None else (s.id, stepped)
        edit = UpdateSuggestion(replace(s, params=grade.to_dict(), producer=producer), _edit_name(s, grade))
        self.session.apply(edit, merge)

    def _decide(self, status: SuggestionStatus) -> None:
        if self._inspected is not None:
            self.window.decide([self._inspected.id], status)

    # --- the neutral picker ----------------------------------------------------------------

    def _on_pick_toggled(self, on: bool) -> None:
        viewer, s, bar = self.window.viewer, self._inspected, self.window.statusBar()
        if not on:
            viewer.set_picking(False)
            # The instruction goes with the picking (Esc, the button, a pick, Undo); a message
            # put there since ("Undid ...", a refusal) is left alone.
            if bar.currentMessage() == PICK_HINT:
                bar.clearMessage()
            return
        places = SourceMap(self.session.timeline)
        if s is None or not any(r.contains(self.window.playhead) for r in places.ranges_for(s.source, s.source_range)):
            bar.showMessage("Move the playhead into this grade's shot to pick from it.", 5000)
            self.panel.pick_button.setChecked(False)
            return
        viewer.set_picking(True)
        bar.showMessage(PICK_HINT)

    def _on_viewer_point_picked(self, x: float, y: float) -> Job | None:
        """Read the ungraded picture there (off the GUI thread), then set the inspected grade's
        white balance so it comes out neutral: one undo step."""
        s = self._inspected
        if s is None:
            return None
        timeline, frame = self.session.timeline, self.window.playhead
        job = self.window.jobs.start(
            "Picking neutral", "pick", lambda _progress, _cancel: ungraded_colour(timeline, frame, x, y)
        )
        job.finished.connect(lambda colour: self._neutralize(s.id, colour))
        job.failed.connect(lambda message: self.window.statusBar().showMessage(f"Could not pick: {message}", 6000))
        return job

    def _neutralize(self, suggestion_id: str, colour) -> None:
        if self._inspected is None or self._inspected.id != suggestion_id:
            return  # the editor moved on to another grade meanwhile
        try:
            temperature, tint = neutral_balance(colour)
        except GradeError as error:
            self.window.statusBar().showMessage(f"Nothing changed: {error}.", 8000)
            return
        grade = replace(self.panel.grade(), temperature=temperature, tint=tint)
        self.panel.set_grade(grade)
        self._on_panel_grade_changed(grade)
        self._on_panel_grade_committed(grade)
        self.window.statusBar().showMessage(
            f"White balance set from the picked spot (temperature {temperature:+.2f}, tint {tint:+.2f}).", 6000
        )

    # --- jobs ------------------------------------------------------------------------------

    def _cancel(self, title: str) -> None:
        for job in list(self.window.jobs.jobs):
            if job.title.startswith(title):
                job.cancel()

    def _add(self, suggestions: tuple[Suggestion, ...], document: int) -> int:
        """On the GUI thread: what may join, against the timeline as it is now (nothing, once
        another edit has opened)."""
        joining = joining_grades(self.session.timeline.suggestions, suggestions)
        # Results join every undo state, as cut suggestions do (Session.add_suggestions): also
        # where none joins the edit on screen (a Match Shots made meanwhile covers the shots),
        # so undoing that brings them back.
        if suggestions and self.session.amend_all(JoinGrades(tuple(suggestions)), document):
            return len(joining)
        return 0

    def suggest_grades(
        self, sources: list[str] | None = None, samplers: Mapping[str, ShotSampler] | None = None
    ) -> Job | None:
        """Suggest one grade per shot of each source (or of ``sources``) in the background,
        from the frames ``samplers`` kept during cut analysis where they have some."""
        requests = grade_requests(self.session.timeline, sources, self.window.suggestions.threshold_value)
        if not requests:
            self.window.statusBar().showMessage("Nothing to grade: open a video first.", 4000)
            return None
        self._cancel(SUGGEST_TITLE)
        loop = asyncio.get_running_loop()
        confidences: list[float] = []  # of this run's grades, for the analysis summary
        document = self.session.document

        def deliver(found: tuple[Suggestion, ...]) -> None:  # from the worker thread
            confidences.extend(s.confidence for s in found)
            loop.call_soon_threadsafe(self._add, found, document)

        job = self.window.jobs.start(
            SUGGEST_TITLE, "analysis", lambda progress, cancel: suggest_grades(requests, deliver, progress, cancel, samplers)
        )
        job.finished.connect(lambda count: self._on_suggested(count, confidences))
        job.failed.connect(
            lambda message: self.window.statusBar().showMessage(f"Grade suggestions stopped: {message}", 8000)
        )
        return job

    def _on_suggested(self, count: int, confidences: list[float]) -> None:
        self.window.news.found(Finding.of("grade", confidences, self.window.suggestions.threshold_value))
        self.window.say_in_background(f"Suggested grades for {count} shot{'s' if count != 1 else ''}.", 6000)

    def reference_shot(self) -> tuple[Shot, Grade] | None:
        """The inspected grade's shot and its grade as the panel shows it."""
        if self._inspected is None:
            return None
        s = self._inspected
        return Shot(s.source, s.source_range, self.session.timeline.source_rate(s.source)), self.panel.grade()

    def match_to_this_shot(self) -> Job | None:
        """Suggest grades that bring every other shot to the inspected one."""
        reference = self.reference_shot()
        if reference is None:
            self.window.statusBar().showMessage(
                "Select a grade suggestion (or a clip with a grade) to match the other shots to.", 5000
            )
            return None
        shot, grade = reference
        targets = [
            t for t in timeline_shots(self.session.timeline, self.window.suggestions.threshold_value)
            if not (t.source == shot.source and t.range.overlaps(shot.range))
        ]
        if not targets:
            self.window.statusBar().showMessage("There is no other shot to match.", 4000)
            return None
        self._cancel(MATCH_TITLE)
        job = self.window.jobs.start(
            MATCH_TITLE, "analysis", lambda progress, cancel: match_shots(shot, grade, targets, progress, cancel)
        )
        # Where the editor's history stood: analysis results joining meanwhile do not move it.
        started = self.session.history.revision
        document = self.session.document

        def finished(found: tuple[Suggestion, ...]) -> None:
            timeline = self.session.timeline
            if document != self.session.document:
                return  # matched shots of the edit open before this one
            joining = joining_grades(timeline.suggestions, found)
            note = ""
            if joining and self.session.history.revision == started:
                # The editor asked for these and did nothing since: one undo step (clearing
                # Redo, as any edit after an Undo does).
                self.session.apply(JoinGrades(found, "Match Shots"))
            elif joining:
                # The editor edited, undid or redid while matching: an undo step now would
                # lose that redo, or be undone before later edits. They join every state.
                self.session.history.amend_all(JoinGrades(found, "Match Shots"))
                note = "; the edit's history changed meanwhile, so Undo does not take them back"
            kept = len(found) - len(joining)
            note = (f" ({kept} already decided kept their grade)" if kept else "") + note
            self.window.statusBar().showMessage(
                f"Suggested matching grades for {len(joining)} shot{'s' if len(joining) != 1 else ''}{note}.", 6000)

        job.finished.connect(finished)
        job.failed.connect(lambda message: self.window.statusBar().showMessage(f"Shot match stopped: {message}", 8000))
        return job


def _edit_name(before: Suggestion, grade: Grade) -> str:
    """What Undo calls a grade edit: "Reset Grade" back to no change, the one parameter it
    changed ("Change Exposure"), or the one part ("Change White Balance", a picked neutral),
    else "Edit Grade"."""
    old = Grade.from_dict(before.params)
    if grade.is_identity:
        return "Reset Grade"
    changed = [spec for spec in PARAMS if getattr(old, spec.name) != getattr(grade, spec.name)]
    parts = {PART_OF[spec.name] for spec in changed}
    if len(changed) == 1:
        return f"Change {changed[0].label.split(' (')[0]}"
    return f"Change {parts.pop().title()}" if len(parts) == 1 else "Edit Grade"


def _accepted_grade_at(timeline: Timeline, path: str, frame: int) -> Suggestion | None:
    """The accepted grade that decides source ``frame`` of ``path``: the latest, as in the render."""
    return next((s for s in reversed(timeline.suggestions)
                 if s.kind == GRADE and s.status is SuggestionStatus.ACCEPTED
                 and s.source == path and s.source_range.contains(frame)), None)


def _pending_grade_on(timeline: Timeline, path: str, frames: FrameRange, min_confidence: float = 0.0) -> Suggestion | None:
    """The latest pending grade suggestion on any of ``frames`` of ``path``."""
    return next((s for s in reversed(timeline.suggestions)
                 if s.kind == GRADE and s.status is SuggestionStatus.PENDING and s.confidence >= min_confidence
                 and s.source == path and s.source_range.overlaps(frames)), None)


def _grade_title(grade: Grade, suggestion: Suggestion, threshold: float) -> str:
    """The inspector's heading: what kind of proposal this grade is."""
    if suggestion.producer == BY_HAND:
        changed = grade.changed_parts()
        return f"Grade by hand — {_words(changed)}" if changed else "Grade by hand — no change yet: move a slider"
    if grade.is_identity:
        return "Grade — no change suggested"
    if suggestion.is_unsure(threshold):
        # The model's grade below its calibrated confidence: shown, so the editor can judge it.
        return f"Grade — unsure ({confidence_label(suggestion.confidence)}, below the threshold): compare before accepting"
    changed = grade.changed_parts()
    kept = [part for part in GRADE_PARTS if part not in changed]
    if not kept:
        return f"Grade — {_words(changed)}"
    return f"Grade — {_words(changed)}; {_words(kept)} as shot"


def _usable_grade(suggestion: Suggestion) -> Grade | None:
    try:
        return Grade.from_dict(suggestion.params)
    except (GradeError, TypeError):
        return None  # a damaged look has nothing to copy


def _words(parts: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
