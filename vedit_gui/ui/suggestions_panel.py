"""The suggestions list: every proposal with its time, kind and confidence; filter by kind,
grey out what is below a confidence threshold, accept or reject one or all above it.

Rows run in timeline order and say where on the timeline each suggestion is (a timeline of
several sources, at several rates, reads like the ruler), then its source and time there;
what the edit no longer uses comes last, marked so.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..app.grade_suggest import BY_HAND, MATCH_PRODUCER
from ..timeline import (
    CUT,
    MediaReference,
    Suggestion,
    SuggestionStatus,
    Timeline,
    frame_to_timecode,
    kind_label,
)
from ..timeline.mapping import SourceMap

ALL_KINDS = "All kinds"
NO_SUGGESTIONS = (
    "No suggestions yet. Cut detection runs by itself when a video opens, then one grade is "
    "suggested per shot and shaky shots are measured for stabilization (the Suggestions menu "
    "runs either again)."
)


def _timeline_frame(suggestion: Suggestion, places: SourceMap) -> int | None:
    """Where the suggestion first shows on the timeline: a cut where its blade goes, a grade
    where its shot starts; None where the edit does not use its frames."""
    if suggestion.kind == CUT:
        frames = places.frames_for(suggestion.source, suggestion.cut_frame)
        return frames[0] if frames else None
    ranges = places.ranges_for(suggestion.source, suggestion.source_range)
    return ranges[0].start if ranges else None


# Whose a grade is, beside its kind: a paste or a grade by hand reads apart from the model's.
_ORIGINS = {BY_HAND: " (yours)", MATCH_PRODUCER: " (match)"}


def shown_kind(suggestion: Suggestion) -> str:
    """What the list calls a suggestion and filters it by: a cut says which transition the
    model saw (cut, dissolve, fade, wipe); other suggestions their kind (grade), an effect
    its short name (stabilize, pause)."""
    return str(suggestion.params.get("transition", kind_label(suggestion.kind)))


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
        # Each shown row by suggestion id, with the (suggestion, greyed, rate, frame) it last showed.
        self._rows: dict[str, tuple[QTreeWidgetItem, tuple | None]] = {}
        self._order: list[str] = []
        self._at: dict[str, int | None] = {}  # each shown suggestion's timeline frame
        # The clips the frames were placed on, their map, and frame by (source, kind, range).
        self._placed: tuple[object, SourceMap | None, dict[tuple, int | None]] = (None, None, {})
        self._media: dict[str, MediaReference] = {}
        self.kind_box = QComboBox()
        self.kind_box.addItem(ALL_KINDS)
        self.threshold = QSlider(Qt.Orientation.Horizontal)
        self.threshold.setRange(0, 100)
        self.threshold.setValue(50)
        self.threshold_label = QLabel()
        self.show_rejected = QCheckBox("Show rejected")
        self.show_rejected.setToolTip("List the suggestions you rejected too (greyed), to accept one after all")
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Time", "Kind", "Confidence", "Status", "Source"])
        self.list.setRootIsDecorated(False)
        for column, width in enumerate((96, 72, 84, 72)):  # fixed: measuring 3000 rows is slow
            self.list.setColumnWidth(column, width)
        self.list.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
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
        self.list.itemSelectionChanged.connect(self._on_list_selection_changed)
        self.list.itemDoubleClicked.connect(lambda item, _col: self.suggestion_activated.emit(item.data(0, Qt.ItemDataRole.UserRole)))
        self.accept_button.clicked.connect(lambda: self._decide_selected(SuggestionStatus.ACCEPTED))
        self.reject_button.clicked.connect(lambda: self._decide_selected(SuggestionStatus.REJECTED))
        self.accept_all_button.clicked.connect(self._on_accept_all_clicked)
        self._refill()

    @property
    def threshold_value(self) -> float:
        return self.threshold.value() / 100

    def set_timeline(self, timeline: Timeline) -> None:
        self._timeline = timeline
        self._media = {media.path: media for media in timeline.media()}
        kinds = sorted({shown_kind(s) for s in timeline.suggestions})
        current = self.kind_box.currentText()
        self.kind_box.blockSignals(True)
        self.kind_box.clear()
        self.kind_box.addItems([ALL_KINDS, *kinds])
        self.kind_box.setCurrentText(current if current in kinds else ALL_KINDS)
        self.kind_box.blockSignals(False)
        self._refill()

    def visible_suggestions(self) -> list[Suggestion]:
        if self._timeline is None:
            return []
        kind = self.kind_box.currentText()
        return [
            s for s in self._timeline.suggestions
            if (kind == ALL_KINDS or shown_kind(s) == kind)
            and (s.status is not SuggestionStatus.REJECTED or self.show_rejected.isChecked())
        ]

    def pending_above_threshold(self) -> list[str]:
        return [
            s.id for s in self.visible_suggestions()
            if s.status is SuggestionStatus.PENDING and s.confidence >= self.threshold_value
        ]

    def _refill(self) -> None:
        """Show the visible suggestions. Rows are updated, dropped and added where they stand
        while the rows that stay keep their order (a decision, the threshold moving, a rejection
        and its undo, new suggestions): rebuilding a feature film's 3000 rows on every key
        press took a third of a second."""
        self.threshold_label.setText(f"{self.threshold.value()}%")
        visible = self.visible_suggestions()
        self._at = {s.id: self._place(s) for s in visible}
        unused = float("inf")
        shown = sorted(visible, key=lambda s: (
            # Then by kind and id, not by the project's list, which accepting a look reorders.
            unused if self._at[s.id] is None else self._at[s.id], s.source, s.source_range.start, s.kind, s.id
        ))
        self.empty_label.setVisible(not shown)
        self._quiet = True
        try:
            wanted = [s.id for s in shown]
            kept = set(wanted)
            moved = [i for i in self._order if i in kept] != [i for i in wanted if i in self._rows]
            selection = self._clear() if moved else None  # rows that stay changed order: start over
            for gone in self._rows.keys() - kept:
                self.list.takeTopLevelItem(self.list.indexOfTopLevelItem(self._rows.pop(gone)[0]))
            for index, suggestion_id in enumerate(wanted):  # in order, so each lands in place
                if suggestion_id not in self._rows:
                    item = QTreeWidgetItem()
                    item.setData(0, Qt.ItemDataRole.UserRole, suggestion_id)
                    self.list.insertTopLevelItem(index, item)
                    self._rows[suggestion_id] = (item, None)
            if selection is not None:
                self._select(*selection)
            self._order = wanted
            for suggestion in shown:
                self._show_row(suggestion)
        finally:
            self._quiet = False
        above = len(self.pending_above_threshold())
        self.accept_all_button.setEnabled(bool(above))
        self.accept_all_button.setText(f"Accept All Above Threshold ({above})" if above else "Accept All Above Threshold")
        self.progress_label.setText(self._progress_text())

    def _progress_text(self) -> str:
        """"12 to review (4 below the threshold) · 30 accepted · 3 rejected", for the kind shown:
        how far the review has got, rejected ones included when the list hides them."""
        if self._timeline is None or not self._timeline.suggestions:
            return ""
        kind = self.kind_box.currentText()
        counts = {status: 0 for status in SuggestionStatus}
        below = 0
        for s in self._timeline.suggestions:
            if kind == ALL_KINDS or shown_kind(s) == kind:
                counts[s.status] += 1
                below += s.status is SuggestionStatus.PENDING and s.confidence < self.threshold_value
        pending = counts[SuggestionStatus.PENDING]
        review = f"{pending} to review" + (f" ({below} below the threshold)" if below else "") if pending else "All reviewed"
        return (f"{review} · {counts[SuggestionStatus.ACCEPTED]} accepted · "
                f"{counts[SuggestionStatus.REJECTED]} rejected" + ("" if self.show_rejected.isChecked() else " (not listed)"))

    def _clear(self) -> tuple[set[str], str | None]:
        """Empty the list; returns (the selected suggestions' ids, the current one's)."""
        selected = {item.data(0, Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()}
        current = self.list.currentItem()
        current_id = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        self.list.clear()  # deletes the items: read from them before
        self._rows = {}
        return selected, current_id

    def _select(self, selected: set[str], current_id: str | None) -> None:
        for suggestion_id in selected & self._rows.keys():
            self._rows[suggestion_id][0].setSelected(True)
        if current_id in self._rows:
            self.list.setCurrentItem(self._rows[current_id][0], 0, QItemSelectionModel.SelectionFlag.NoUpdate)

    def _show_row(self, suggestion: Suggestion) -> None:
        """Write one row's cells, unless it already shows this suggestion this way."""
        item, was = self._rows[suggestion.id]
        # Greyed: below the threshold, or rejected (listed when "Show rejected" is ticked).
        greyed = suggestion.confidence < self.threshold_value or suggestion.status is SuggestionStatus.REJECTED
        rate = self._timeline.rate if self._timeline is not None else 30
        at = self._at.get(suggestion.id)
        look = (suggestion, greyed, rate, at)
        if was is not None and was[0] is suggestion and was[1:] == look[1:]:
            return  # suggestions are immutable: the same object shows the same row
        cells = (
            frame_to_timecode(at, rate) if at is not None else "not in the edit",
            shown_kind(suggestion) + _ORIGINS.get(suggestion.producer, ""),
            f"{suggestion.confidence:.0%}",
            suggestion.status.value,
            self._source_cell(suggestion),
        )
        for column, text in enumerate(cells):
            item.setText(column, text)
            item.setData(column, Qt.ItemDataRole.ForegroundRole, QBrush(QColor(128, 128, 128)) if greyed else None)
        item.setToolTip(4, cells[4])  # the narrow panel cuts the file and source timecode short
        self._rows[suggestion.id] = (item, look)

    def _place(self, suggestion: Suggestion) -> int | None:
        """Its timeline frame, worked out again only when source frames move on the timeline
        (as the lane does: a decision, the threshold, a split or its undo move none, and 3000
        look-ups take ~15 ms)."""
        assert self._timeline is not None
        tracks = self._timeline.tracks
        if self._placed[0] is not tracks:
            places = SourceMap(self._timeline)
            same = self._placed[1] is not None and self._placed[1].layout == places.layout
            self._placed = (tracks, places, self._placed[2] if same else {})
        _, places, known = self._placed
        key = (suggestion.source, suggestion.kind, suggestion.source_range)
        if key not in known:
            known[key] = _timeline_frame(suggestion, places)
        return known[key]

    def _source_cell(self, suggestion: Suggestion) -> str:
        """The source's name and the suggestion's start there, at the source's own rate."""
        media = self._media.get(suggestion.source) if self._timeline is not None else None
        rate = media.rate if media is not None else (self._timeline.rate if self._timeline else 30)
        return f"{Path(suggestion.source).name} {frame_to_timecode(suggestion.source_range.start, rate)}"

    def follow(self, suggestion_id: str) -> None:
        """Make the suggestion under review (N / P, a click in the lane) the list's current and
        only selected row, scrolled into view, so Accept / Reject here act on what the viewer
        shows. One filtered out of the list leaves nothing selected."""
        row = self._rows.get(suggestion_id)
        self._reviewed = suggestion_id
        self._quiet = True
        try:
            if row is None:
                self.list.clearSelection()
                return
            self.list.setCurrentItem(row[0], 0, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.list.scrollToItem(row[0])
        finally:
            self._quiet = False

    def _on_list_selection_changed(self) -> None:
        # The row the editor picked (a click, the arrow keys, Ctrl or Shift with them). Focus
        # arriving by Tab makes a row current without selecting it, and changes nothing.
        item = self.list.currentItem()
        if item is None or self._quiet:
            return
        if not item.isSelected():
            # Ctrl+click took a row out. The review stays on its row while that is selected;
            # when it was the row taken out, it moves to the nearest row still selected, or
            # ends, so Accept in the inspector never acts on a row the list no longer holds.
            left = self.list.selectedItems()
            reviewed = self._rows.get(self._reviewed or "")
            if reviewed is not None and reviewed[0] in left:
                return
            if not left:
                self._reviewed = None
                self.picked_none.emit()
                return
            index = self.list.indexOfTopLevelItem
            anchor = index(reviewed[0]) if reviewed is not None else index(item)
            item = min(left, key=lambda other: abs(index(other) - anchor))
        self._reviewed = item.data(0, Qt.ItemDataRole.UserRole)
        self.current_changed.emit(self._reviewed)

    def _decide_selected(self, status: SuggestionStatus) -> None:
        ids = [item.data(0, Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()]
        if ids:
            self.decide_requested.emit(ids, status)

    def _on_accept_all_clicked(self) -> None:
        ids = self.pending_above_threshold()
        if ids:
            self.decide_requested.emit(ids, SuggestionStatus.ACCEPTED)
