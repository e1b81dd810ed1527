"""The Suggestions list's rows as a Qt model (one row per suggestion id, its cells written
only when the view asks for them: the rows on screen) and the view that shows them.

A documentary has 11,000 suggestions; a list widget made an item and five cells for each on
every refill, hidden or not (seconds after a ripple delete reordered them). Here a refill
hands over the ids in order and what each row shows; the model tells the view only what
moved: rows that stay keep their place, selection and current row, rows that leave or
arrive are removed or inserted where they stand, and rows whose look changed are repainted
when on screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ..app.grade_suggest import BY_HAND, MATCH_PRODUCER
from ..project.start_timecode import TimelineClock
from ..timeline import Suggestion, frame_to_timecode, shown_kind
from ..timeline.suggestion import confidence_label

COLUMNS = ("Time", "Kind", "Confidence", "Status", "Source")
KIND_COLUMN, SOURCE_COLUMN = 1, 4
# The Source column's file name and time apart, for the cell that shortens the one, not the other.
SOURCE_PARTS_ROLE = Qt.ItemDataRole.UserRole + 1
GREYED = QColor(128, 128, 128)
# Beyond this many separate runs of rows leaving or arriving, the list is reset (selection
# and current row restored): each run is a signal the view and selection answer one by one.
MAX_RUNS = 64

# Whose a grade is, beside its kind: a paste or a grade by hand reads apart from the model's.
_ORIGINS = {BY_HAND: " (yours)", MATCH_PRODUCER: " (match)"}

Index = QModelIndex | QPersistentModelIndex


class ViewPlace(NamedTuple):
    """The row the editor is looking at, and how far down the list's viewport it stands (px)."""

    suggestion_id: str
    top: int


class RowLook(NamedTuple):
    """What one row shows: the suggestion, where it first shows on the timeline (None: the
    edit does not use its frames), and whether it is greyed."""

    suggestion: Suggestion
    at: int | None
    greyed: bool


class SuggestionRows(QAbstractTableModel):
    """Rows of suggestions by id, in the order the panel gives."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._looks: dict[str, RowLook] = {}
        self._cells: dict[str, tuple[RowLook, tuple[str, ...]]] = {}  # written on demand
        self._clock = TimelineClock(Fraction(30))  # how the timeline's frames read
        self._source_rates: Mapping[str, Fraction] = {}  # of the sources the edit uses
        self._grey = QBrush(GREYED)

    # -- what the view asks ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and default
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and default
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        suggestion_id = self._ids[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return suggestion_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells_of(suggestion_id)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._grey if self._looks[suggestion_id].greyed else None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == KIND_COLUMN:
            return self._cells_of(suggestion_id)[index.column()]  # "grade (yours)", where cut short
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == SOURCE_COLUMN:
            # The file's whole name, folder and all, with the time: the cell may shorten the name.
            return f"{self._looks[suggestion_id].suggestion.source} {self._source_time(suggestion_id)}"
        if role == SOURCE_PARTS_ROLE and index.column() == SOURCE_COLUMN:
            return Path(self._looks[suggestion_id].suggestion.source).name, self._source_time(suggestion_id)
        return None

    def _source_time(self, suggestion_id: str) -> str:
        return self._cells_of(suggestion_id)[SOURCE_COLUMN].rpartition(" ")[2]

    def _cells_of(self, suggestion_id: str) -> tuple[str, ...]:
        look = self._looks[suggestion_id]
        known = self._cells.get(suggestion_id)
        if known is not None and known[0] is look:
            return known[1]
        s, at, _ = look
        # Its frames count at its source's rate; a source the edit no longer uses, at the edit's
        # (as Timeline.source_rate says: the inspector and the status bar read it so too).
        source_rate = self._source_rates.get(s.source, self._clock.rate)
        cells = (
            self._clock.label(at) if at is not None else "not in the edit",
            shown_kind(s) + _ORIGINS.get(s.producer, ""),
            f"{confidence_label(s.confidence)}",
            s.status.value,
            f"{Path(s.source).name} {frame_to_timecode(s.source_range.start, source_rate)}",
        )
        self._cells[suggestion_id] = (look, cells)
        return cells

    # -- what the panel asks ---------------------------------------------------------------

    def suggestion_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, suggestion_id: str | None) -> int | None:
        return self._row_of.get(suggestion_id) if suggestion_id is not None else None

    def ids(self) -> list[str]:
        """The suggestion of each row, in order."""
        return list(self._ids)

    def look(self, suggestion_id: str) -> RowLook | None:
        return self._looks.get(suggestion_id)

    def looks(self) -> dict[str, RowLook]:
        """What each row shows, by suggestion id (the model's own: read, do not change)."""
        return self._looks

    def set_rows(self, ids: list[str], looks: dict[str, RowLook], clock: TimelineClock,
                 source_rates: Mapping[str, Fraction]) -> None:
        """Show ``ids`` in this order, each as ``looks`` says (timeline times as ``clock`` reads
        them, from the start timecode; a source's own times at its rate in ``source_rates``, the
        edit's sources). Rows that stay keep their place in the view (and its selection) where
        they keep their order; otherwise the rows are laid out again, and a reset restores the
        selection through ``modelReset``."""
        rates_changed = clock != self._clock or source_rates != self._source_rates
        if rates_changed:
            # A new start timecode, or a source leaving the edit (or coming back), changes what
            # the rows' times read, though the rows look the same: written again, as a fresh
            # fill writes them.
            self._cells.clear()
        self._clock, self._source_rates = clock, dict(source_rates)
        old_ids, old_looks = self._ids, self._looks
        wanted = set(ids)
        kept_old = [i for i in old_ids if i in wanted]
        kept_new = [i for i in ids if i in self._row_of]
        if kept_old != kept_new:
            if len(kept_new) == len(old_ids) == len(ids):
                self._reorder(ids, looks)
            else:
                self._reset(ids, looks)
            return
        gone = [row for row, i in enumerate(old_ids) if i not in wanted]
        arriving = [row for row, i in enumerate(ids) if i not in self._row_of]
        if len(_runs(gone)) + len(_runs(arriving)) > MAX_RUNS:
            self._reset(ids, looks)
            return
        for first, last in reversed(_runs(gone)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._ids[first:last + 1]
            self.endRemoveRows()
        self._looks = looks
        for first, last in _runs(arriving):
            self.beginInsertRows(QModelIndex(), first, last)
            self._ids[first:first] = ids[first:last + 1]
            self.endInsertRows()
        self._row_of = {suggestion_id: row for row, suggestion_id in enumerate(self._ids)}
        changed = [row for row, i in enumerate(self._ids) if rates_changed or old_looks.get(i) is not looks[i]]
        if changed:
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(COLUMNS) - 1))

    def update_looks(self, looks: dict[str, RowLook]) -> None:
        """Rows that stay where they are but show something else (a decision)."""
        rows = [self._row_of[suggestion_id] for suggestion_id in looks]
        if not rows:
            return
        self._looks = {**self._looks, **looks}
        self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), len(COLUMNS) - 1))

    def _reorder(self, ids: list[str], looks: dict[str, RowLook]) -> None:
        """The same rows in another order: the view's selection and current row follow them."""
        self.layoutAboutToBeChanged.emit()
        row_of = {suggestion_id: row for row, suggestion_id in enumerate(ids)}
        before = self.persistentIndexList()
        after = [self.index(row_of[self._ids[index.row()]], index.column()) for index in before]
        self._ids, self._looks, self._row_of = list(ids), looks, row_of
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _reset(self, ids: list[str], looks: dict[str, RowLook]) -> None:
        self.beginResetModel()
        self._ids, self._looks = list(ids), looks
        self._row_of = {suggestion_id: row for row, suggestion_id in enumerate(ids)}
        self._cells = {i: cells for i, cells in self._cells.items() if i in self._row_of}
        self.endResetModel()


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Rising ``rows`` as runs of consecutive rows (first, last)."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def fitted_source(name: str, time: str, metrics: QFontMetrics, width: int) -> str:
    """The Source cell's text in ``width`` pixels: a long file name gives way in its middle
    ("interview-…-take3.mov 00:01:02;03"), so its start, its end and the time stay readable;
    the time goes only when not even it fits."""
    whole = f"{name} {time}"
    if width <= 0 or metrics.horizontalAdvance(whole) <= width:
        return whole
    room = width - metrics.horizontalAdvance(f" {time}")
    shortened = metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, room) if room > 0 else ""
    return f"{shortened} {time}" if shortened else time


class SourceCell(QStyledItemDelegate):
    """Draws the Source column with :func:`fitted_source`. The model's text stays whole, for
    the tooltip, screen readers and copying."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        parts = index.data(SOURCE_PARTS_ROLE)
        if parts and option.rect.width() > 0:
            option.text = fitted_source(*parts, option.fontMetrics, text_width(option))


def text_width(option: QStyleOptionViewItem) -> int:
    """The pixels a cell's text has: its width less the style's margin either side (what
    QCommonStyle leaves around an item view's text)."""
    style = option.widget.style() if option.widget is not None else None
    margin = (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, option.widget) + 1) if style else 3
    return option.rect.width() - 2 * margin


class SuggestionList(QTableView):
    """The rows as a list: whole rows selected, one line each, no grid. A table view, not a
    tree: a tree view lays out every row again after each change (two calls into the model per
    row, 20 ms for a film's 11,000), a table view only the rows on screen."""

    def __init__(self, rows: SuggestionRows, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = rows
        self.setModel(rows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the list, as it leaves other lists
        header = self.verticalHeader()
        header.hide()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.source_cell = SourceCell(self)
        self.setItemDelegateForColumn(SOURCE_COLUMN, self.source_cell)

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:  # noqa: N802
        # Home and End go to the first and last row, as in a list (a table's go along the row),
        # and Left and Right stay: a table walks a focus frame from cell to cell, and typing
        # then searches that cell's column.
        current = self.currentIndex()
        if action in (QAbstractItemView.CursorAction.MoveLeft, QAbstractItemView.CursorAction.MoveRight):
            return current
        if action in (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd):
            modifiers |= Qt.KeyboardModifier.ControlModifier
        moved = super().moveCursor(action, modifiers)
        return moved.siblingAtColumn(max(0, current.column())) if moved.isValid() else moved

    def place(self) -> ViewPlace | None:
        """Where the list stands: its current row where on screen, else its top row."""
        index = self.currentIndex()
        if not (index.isValid() and self.viewport().rect().intersects(self.visualRect(index))):
            index = self.indexAt(QPoint(0, 0))
        if not index.isValid():
            return None
        return ViewPlace(self._rows.suggestion_id(index.row()), self.visualRect(index).top())

    def keep_place(self, place: ViewPlace | None) -> None:
        """Scroll so the row of ``place`` stands where it stood, wherever the rows around it
        went: a view keeps its scroll bar's value when rows move (a ripple reorders them, an
        undo puts them back, analysis adds some above), and the row under review slid away."""
        row = None if place is None else self._rows.row_of(place.suggestion_id)
        if place is None or row is None:
            return
        self.updateGeometries()  # the scroll bar's range for the rows there are now
        header = self.verticalHeader()
        if self.verticalScrollMode() is QAbstractItemView.ScrollMode.ScrollPerPixel:
            value = header.sectionPosition(row) - place.top
        else:  # a step per row, of one height
            value = row - round(place.top / max(1, header.defaultSectionSize()))
        self.verticalScrollBar().setValue(value)
