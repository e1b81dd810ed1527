"""The suggestions list: every proposal with its time, kind and confidence; filter by kind,
grey out what is below a confidence threshold, accept or reject one or all above it.

Rows run in timeline order and say where on the timeline each suggestion is (a timeline of
several sources, at several rates, reads like the ruler), then its source and time there;
what the edit no longer uses comes last, marked so.
"""

from __future__ import annotations

from fractions import Fraction

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ..project.start_timecode import TimelineClock, timeline_clock
from ..timeline import CUT, Suggestion, SuggestionStatus, Timeline
from ..timeline.placement import SuggestionPlaces, suggestion_places
from .suggestion_rows import RowLook, SuggestionList, SuggestionRows, shown_kind

ALL_KINDS = "All kinds"
NO_SUGGESTIONS = (
    "No suggestions yet. Cut detection runs by itself when a video opens, then one grade is "
    "suggested per shot and shaky shots are measured for stabilization (the Suggestions menu "
    "runs either again)."
)
_SELECT_ROWS = QItemSelectionModel.SelectionFlag.Rows
_UNUSED = float("inf")  # where a suggestion the edit does not use sorts


def _timeline_frame(suggestion: Suggestion, places: SuggestionPlaces) -> int | None:
    """Where the suggestion first shows on the timeline: a cut where its blade goes, a grade
    where its shot starts; None where the edit does not use its frames."""
    if suggestion.kind == CUT:
        frames = places.frames_for(suggestion.source, suggestion.cut_frame)
        return frames[0] if frames else None
    spans = places.spans_for(suggestion.source, suggestion.source_range)
    return spans[0][0] if spans else None


def _order_key(suggestion: Suggestion, at: int | None) -> tuple:
    """Where a row goes: in timeline order, what the edit does not use last; then by source,
    kind and id, not by the project's list, which accepting a look reorders."""
    return (_UNUSED if at is None else at, suggestion.source, suggestion.source_range.start, suggestion.kind,
            suggestion.id)


def _greyed(suggestion: Suggestion, threshold: float) -> bool:
    """Below the threshold, or rejected (listed when "Show rejected" is ticked)."""
    return suggestion.confidence < threshold or suggestion.status is SuggestionStatus.REJECTED


def _listed(suggestion: Suggestion, kind: str, show_rejected: bool, shown: str | None = None) -> bool:
    """Whether the list shows ``suggestion`` when filtered to ``kind`` (``shown``: its
    :func:`shown_kind`, where the caller has it)."""
    return (kind == ALL_KINDS or (shown or shown_kind(suggestion)) == kind) and (
        show_rejected or suggestion.status is not SuggestionStatus.REJECTED)


def _tally(suggestion: Suggestion, kind: str, threshold: float, shown: str | None = None) -> tuple[int, int, int, int, int]:
    """What a suggestion adds to the panel's counts for the ``kind`` shown: pending, accepted,
    rejected, pending below the threshold, pending at or above it (what Accept All takes).
    ``shown`` is its :func:`shown_kind`, where the caller has it."""
    if kind != ALL_KINDS and (shown or shown_kind(suggestion)) != kind:
        return (0, 0, 0, 0, 0)
    status = suggestion.status
    pending = status is SuggestionStatus.PENDING
    below = pending and suggestion.confidence < threshold
    return pending, status is SuggestionStatus.ACCEPTED, status is SuggestionStatus.REJECTED, below, pending and not below


class SuggestionsPanel(QWidget):
    decide_requested = Signal(list, object)  # suggestion ids, SuggestionStatus
    suggestion_activated = Signal(str)  # double-click: go to it
    current_changed = Signal(str)  # the user moved to another suggestion in the list
    picked_none = Signal()  # the user took the last row out of the selection (Ctrl+click)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timeline: Timeline | None = None
        self._quiet = False  # the list moving under the program's hand, not the user's
        self._reviewed: str | None = None  # the row last picked or followed: what is reviewed
        self._kept: tuple[set[str], str | None] = (set(), None)  # selection across a reset
        self._source_rates: dict[str, Fraction] = {}  # of the sources the edit uses, for the Source column
        # What the rows were last filled for: the filters, and the suggestions' places.
        self._filled: tuple[str, int, bool] | None = None
        self._places: SuggestionPlaces | None = None
        self._tally = [0] * 5  # the counts the panel shows (see _tally), for the filters
        self._counted: tuple = ()  # what they were counted for: the suggestions, kind, threshold
        self.kind_box = QComboBox()
        self.kind_box.addItem(ALL_KINDS)
        self.threshold = QSlider(Qt.Orientation.Horizontal)
        self.threshold.setRange(0, 100)
        self.threshold.setValue(50)
        self.threshold_label = QLabel()
        self.show_rejected = QCheckBox("Show rejected")
        self.show_rejected.setToolTip("List the suggestions you rejected too (greyed), to accept one after all")
        self.rows = SuggestionRows(self)
        self.list = SuggestionList(self.rows)
        for column, width in enumerate((96, 72, 84, 72)):  # fixed: measuring 3000 rows is slow
            self.list.setColumnWidth(column, width)
        self.empty_label = QLabel(NO_SUGGESTIONS)
        self.empty_label.setWordWrap(True)
        self.progress_label = QLabel()  # how far the review has got, for what the filter shows
        self.progress_label.setObjectName("reviewProgress")
        self.accept_button = QPushButton("Accept")
        self.reject_button = QPushButton("Reject")
        self.accept_all_button = QPushButton("Accept All Above Threshold")
        self.keep_dissolves = QCheckBox("Keep dissolves")
        self.keep_dissolves.setChecked(True)
        self.keep_dissolves.setToolTip(
            "Accepting a dissolve, fade or wipe cuts at its middle and keeps a dissolve over its "
            "frames on the timeline (it plays as before, and exports to OpenTimelineIO as a "
            "transition). Off: a plain cut at the middle."
        )

        self._hold_widths()

        filters = QHBoxLayout()
        filters.addWidget(self.kind_box)
        filters.addWidget(QLabel("Threshold"))
        filters.addWidget(self.threshold, 1)
        filters.addWidget(self.threshold_label)
        filters.addWidget(self.show_rejected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.keep_dissolves)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_all_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.progress_label)
        layout.addLayout(buttons)

        self.kind_box.currentIndexChanged.connect(self._refill)
        self.threshold.valueChanged.connect(self._refill)
        self.show_rejected.toggled.connect(self._refill)
        self.rows.modelAboutToBeReset.connect(self._on_rows_about_to_be_reset)
        self.rows.modelReset.connect(self._on_rows_reset)
        self.list.selectionModel().selectionChanged.connect(self._on_list_selection_changed)
        self.list.doubleClicked.connect(lambda index: self.suggestion_activated.emit(self.rows.suggestion_id(index.row())))
        self.accept_button.clicked.connect(lambda: self._decide_selected(SuggestionStatus.ACCEPTED))
        self.reject_button.clicked.connect(lambda: self._decide_selected(SuggestionStatus.REJECTED))
        self.accept_all_button.clicked.connect(self._on_accept_all_clicked)
        self._refill()

    def _hold_widths(self) -> None:
        """The texts that change with the counts and the threshold ask for no width of their
        own: the side column sits at its least width on most screens, so it followed them, and
        the viewer beside it jumped (960 → 934 → 941 px) as a count lost a digit."""
        self.progress_label.setWordWrap(True)
        self.threshold_label.setMinimumWidth(self.threshold_label.fontMetrics().horizontalAdvance("100%"))
        button = self.accept_all_button
        text = button.text()
        button.setText(f"{text} (888)")  # room for a count in the hundreds
        button.setMinimumWidth(button.sizeHint().width())
        button.setText(text)

    @property
    def threshold_value(self) -> float:
        return self.threshold.value() / 100

    def set_timeline(self, timeline: Timeline) -> None:
        old = self._timeline
        self._timeline = timeline
        if old is None or old.tracks is not timeline.tracks:
            self._source_rates = {media.path: media.rate for media in timeline.media()}
        relabelled = old is not None and timeline_clock(old) != timeline_clock(timeline)  # its "at" column
        if old is not None and not relabelled and self._update_in_place(old, timeline):
            return
        if old is None or old.suggestions is not timeline.suggestions:
            kinds = sorted({shown_kind(s) for s in timeline.suggestions})
            if [self.kind_box.itemText(i) for i in range(self.kind_box.count())] != [ALL_KINDS, *kinds]:
                current = self.kind_box.currentText()
                self.kind_box.blockSignals(True)
                self.kind_box.clear()
                self.kind_box.addItems([ALL_KINDS, *kinds])
                self.kind_box.setCurrentText(current if current in kinds else ALL_KINDS)
                self.kind_box.blockSignals(False)
        self._refill()

    def _filters(self) -> tuple[str, int, bool]:
        return self.kind_box.currentText(), self.threshold.value(), self.show_rejected.isChecked()

    def _update_in_place(self, old: Timeline, new: Timeline) -> bool:
        """Bring the rows up to date without going over every suggestion, where an edit moved
        nothing on the timeline and changed suggestions only where they stand (a decision, a
        split, a cut's undo): False where the list must be filled again."""
        places = suggestion_places(new) if new.suggestions else None
        if self._filled != self._filters() or (places is None) != (self._places is None):
            return False
        if places is not None and places is not self._places:
            assert self._places is not None
            if any(moved != 0 for moved in places.moves_since(self._places).values()):
                return False
        self._places = places
        if new.suggestions is old.suggestions:
            return True
        if len(new.suggestions) != len(old.suggestions):
            return False
        kind, threshold, show_rejected = self.kind_box.currentText(), self.threshold_value, self.show_rejected.isChecked()
        looks: dict[str, RowLook] = {}
        tally = list(self._tally)
        for then, s in zip(old.suggestions, new.suggestions, strict=True):
            if then is s:
                continue
            before = then if then.id == s.id else old.suggestion(s.id)  # decided where it stands, or moved
            if before is s:
                continue  # moved along the list (a look accepted before it went to its end)
            if before is None:
                return False  # a suggestion arrives
            shown = shown_kind(s)
            if shown != shown_kind(before):
                return False  # the kinds to filter by may change
            was = self.rows.look(s.id)
            if _listed(s, kind, show_rejected, shown) != (was is not None):
                return False  # a row arrives or leaves
            for k, (gone, now) in enumerate(zip(_tally(before, kind, threshold, shown), _tally(s, kind, threshold, shown),
                                                strict=True)):
                tally[k] += now - gone
            if was is None:
                continue
            assert places is not None
            at = _timeline_frame(s, places)
            if _order_key(s, at) != _order_key(was.suggestion, was.at):
                return False  # the row moves
            looks[s.id] = RowLook(s, at, _greyed(s, threshold))
        self.rows.update_looks(looks)
        self._tally, self._counted = tally, (new.suggestions, self._filled[0], self._filled[1])
        self._show_counts()
        return True

    def visible_suggestions(self) -> list[Suggestion]:
        if self._timeline is None:
            return []
        kind = self.kind_box.currentText()
        show_rejected = self.show_rejected.isChecked()
        return [s for s in self._timeline.suggestions if _listed(s, kind, show_rejected)]

    def pending_above_threshold(self) -> list[str]:
        threshold = self.threshold_value
        return [
            s.id for s in self.visible_suggestions()
            if s.status is SuggestionStatus.PENDING and s.confidence >= threshold
        ]

    def _refill(self) -> None:
        """Show the visible suggestions, in timeline order. The model updates, drops and adds
        rows where they stand, so the rows that stay keep their place and selection (a
        decision, the threshold moving, a rejection and its undo, new suggestions), and only
        rows on screen are written."""
        self.threshold_label.setText(f"{self.threshold.value()}%")
        visible = self.visible_suggestions()
        timeline = self._timeline
        places = suggestion_places(timeline) if timeline is not None and visible else None
        threshold = self.threshold_value
        # Where each source moved since the rows were placed: a row of a source that only moved
        # (a ripple before it) moves with it, without placing its suggestion again.
        moves = {} if places is None or self._places is None or places is self._places else places.moves_since(self._places)
        looks: dict[str, RowLook] = {}
        keys = []
        shown = self.rows.looks()
        for s in visible:  # a film's 11,000: kept lean
            assert places is not None
            was = shown.get(s.id)  # the same look kept: the row is not written again
            moved = moves.get(s.source, 0) if was is not None and was.suggestion is s else None
            if moved is None:
                at = _timeline_frame(s, places)
            else:
                at = was.at + moved if moved and was.at is not None else was.at  # type: ignore[union-attr]
            greyed = _greyed(s, threshold)
            same = was is not None and was.suggestion is s and was.at == at and was.greyed == greyed
            looks[s.id] = was if same else RowLook(s, at, greyed)  # type: ignore[assignment]
            keys.append(_order_key(s, at))
        keys.sort()
        self.empty_label.setVisible(not visible)
        self._quiet = True
        place = self.list.place()
        try:
            clock = timeline_clock(timeline) if timeline is not None else TimelineClock(Fraction(30))
            self.rows.set_rows([key[-1] for key in keys], looks, clock, self._source_rates)
            self.list.keep_place(place)  # the row under review stays where the editor sees it
        finally:
            self._quiet = False
        self._filled, self._places = self._filters(), places
        counted = (self._timeline.suggestions if self._timeline is not None else (), self._filled[0], self._filled[1])
        if counted != self._counted:  # the counts do not depend on where suggestions are
            self._tally, self._counted = self._count(), counted
        self._show_counts()

    def _show_counts(self) -> None:
        """The Accept All button's count, and how far the review has got for the kind shown:
        "12 to review (4 below the threshold) · 30 accepted · 3 rejected", rejected ones
        included when the list hides them."""
        pending, accepted, rejected, below, above = self._tally
        self.accept_all_button.setEnabled(bool(above))
        self.accept_all_button.setText(f"Accept All Above Threshold ({above})" if above else "Accept All Above Threshold")
        if self._timeline is None or not self._timeline.suggestions:
            self.progress_label.setText("")
            return
        review = f"{pending} to review" + (f" ({below} below the threshold)" if below else "") if pending else "All reviewed"
        self.progress_label.setText(f"{review} · {accepted} accepted · {rejected} rejected"
                                    + ("" if self.show_rejected.isChecked() else " (not listed)"))

    def _count(self) -> list[int]:
        """The tally (see :func:`_tally`) of every suggestion of the timeline."""
        kind, threshold = self.kind_box.currentText(), self.threshold_value
        tallies = [_tally(s, kind, threshold) for s in (self._timeline.suggestions if self._timeline is not None else ())]
        return [sum(column) for column in zip(*tallies, strict=True)] if tallies else [0] * 5

    def _on_rows_about_to_be_reset(self) -> None:
        self._kept = set(self.selected_ids()), self.current_id()

    def _on_rows_reset(self) -> None:
        """The rows were laid out again: the same suggestions stay selected and current."""
        selected, current = self._kept
        self._kept = (set(), None)
        quiet, self._quiet = self._quiet, True
        try:
            rows = sorted(row for row in map(self.rows.row_of, selected) if row is not None)
            selection = QItemSelection()
            last = self.rows.columnCount() - 1
            start = previous = None
            for row in rows + [None]:
                if start is not None and (row is None or row != previous + 1):
                    selection.select(self.rows.index(start, 0), self.rows.index(previous, last))
                    start = None
                if row is not None and start is None:
                    start = row
                previous = row
            model = self.list.selectionModel()
            if not selection.isEmpty():
                model.select(selection, QItemSelectionModel.SelectionFlag.Select | _SELECT_ROWS)
            row = self.rows.row_of(current)
            if row is not None:
                model.setCurrentIndex(self.rows.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        finally:
            self._quiet = quiet

    # -- the rows, by suggestion -----------------------------------------------------------

    def row_count(self) -> int:
        return self.rows.rowCount()

    def row_ids(self) -> list[str]:
        """The suggestion each row shows, top to bottom."""
        return self.rows.ids()

    def row_texts(self, row: int) -> tuple[str, ...]:
        """What row ``row`` says, column by column."""
        return tuple(self.rows.index(row, column).data() for column in range(self.rows.columnCount()))

    def current_id(self) -> str | None:
        """The suggestion of the list's current row, if any."""
        index = self.list.currentIndex()
        return self.rows.suggestion_id(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[str]:
        """The suggestions of the selected rows, top to bottom."""
        rows = sorted(index.row() for index in self.list.selectionModel().selectedRows())
        return [self.rows.suggestion_id(row) for row in rows]

    def follow(self, suggestion_id: str) -> None:
        """Make the suggestion under review (N / P, a click in the lane) the list's current and
        only selected row, scrolled into view, so Accept / Reject here act on what the viewer
        shows. One filtered out of the list leaves nothing selected."""
        row = self.rows.row_of(suggestion_id)
        self._reviewed = suggestion_id
        self._quiet = True
        try:
            if row is None:
                self.list.clearSelection()
                return
            index = self.rows.index(row, 0)
            self.list.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect | _SELECT_ROWS)
            self.list.scrollTo(index)
        finally:
            self._quiet = False

    def _on_list_selection_changed(self) -> None:
        # The row the editor picked (a click, the arrow keys, Ctrl or Shift with them). Focus
        # arriving by Tab makes a row current without selecting it, and changes nothing.
        current = self.list.currentIndex()
        if not current.isValid() or self._quiet:
            return
        row = current.row()
        model = self.list.selectionModel()
        if not model.isSelected(self.rows.index(row, 0)):
            # Ctrl+click took a row out. The review stays on its row while that is selected;
            # when it was the row taken out, it moves to the nearest row still selected, or
            # ends, so Accept in the inspector never acts on a row the list no longer holds.
            left = sorted(index.row() for index in model.selectedRows())
            reviewed = self.rows.row_of(self._reviewed)
            if reviewed is not None and reviewed in left:
                return
            if not left:
                self._reviewed = None
                self.picked_none.emit()
                return
            anchor = reviewed if reviewed is not None else row
            row = min(left, key=lambda other: abs(other - anchor))
        self._reviewed = self.rows.suggestion_id(row)
        self.current_changed.emit(self._reviewed)

    def _decide_selected(self, status: SuggestionStatus) -> None:
        ids = self.selected_ids()
        if ids:
            self.decide_requested.emit(ids, status)

    def _on_accept_all_clicked(self) -> None:
        ids = self.pending_above_threshold()
        if ids:
            self.decide_requested.emit(ids, SuggestionStatus.ACCEPTED)
