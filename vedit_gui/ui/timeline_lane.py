"""The suggestion lane: where each suggestion shows above the tracks, and how it is drawn.

A documentary has 11,000 suggestions, most of them on screen at fit zoom. They are kept as
arrays, not as an object per shape: :class:`LaneEntries` holds each appearance in timeline
frames (built once per edit), :class:`LaneShapes` the same in pixels for one zoom (a few
array operations), and a :class:`SuggestionShape` is made only for what a click, a tooltip
or a label asks about. Painting draws each marker's look once per pixel column, so what a
paint costs follows the pixels more than the suggestions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import overload

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter, QPen, QPolygonF

from ..timeline import CUT, EFFECT_PREFIX, GRADE, Suggestion, SuggestionStatus, Timeline, kind_label
from ..timeline.placement import SuggestionPlaces
from . import timeline_theme as theme
from .timeline_repaint import EVERYWHERE, FrameSpan
from .timeline_scale import TimeScale

_STATUSES = (SuggestionStatus.PENDING, SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED)
_STATUS_INDEX = {status: index for index, status in enumerate(_STATUSES)}
_PENDING, _ACCEPTED, _REJECTED = range(3)
_LABEL_MIN_WIDTH = 24  # px: less would show a letter and an ellipsis
_LABEL_BAND_WIDTH = 50  # px: a band wider than this says what it is


@dataclass(frozen=True)
class SuggestionShape:
    """A suggestion as drawn in the lane: where (for clicks and tooltips) and what."""

    suggestion: Suggestion
    rect: QRectF
    is_point: bool
    span: QRectF | None = None
    """A gradual transition's extent, drawn faintly behind its marker (None: a hard cut)."""


# The columns of LaneEntries.table.
_GROUP, _INDEX, _ORDER, _START, _END, _MARK, _POINT, _SPANNED, _LOWER, _KIND, _STATUS, _CONFIDENCE, _PATH = range(13)
# Past this share of suggestions changed, an edit's entries are made again rather than mended.
_MEND_SHARE = 0.25


@dataclass(frozen=True)
class LaneEntries:
    """Every appearance of every suggestion shown in the lane, in drawing order (later on
    top), in timeline frames: what the lane shows, whatever the zoom. One row of ``table``
    per appearance; the properties read its columns."""

    suggestions: list[Suggestion]
    """The suggestion of each entry."""
    table: np.ndarray
    halves: bool
    """Grades and effects share the lane: grades the upper half, effects the lower."""
    kinds: tuple[str, ...]
    """The kinds the ``kind`` column indexes."""
    paths: tuple[str, ...]
    """The sources the path column indexes."""
    source: tuple[Suggestion, ...]
    """The timeline's suggestions these were made from (the index column counts in them)."""
    places: SuggestionPlaces | None
    show_rejected: bool

    @classmethod
    def empty(cls) -> LaneEntries:
        return lane_entries(Timeline(rate=Fraction(30)), None, False)

    def __len__(self) -> int:
        return len(self.suggestions)

    @property
    def start(self) -> np.ndarray:
        """The first timeline frame each appearance covers."""
        return self.table[:, _START]

    @property
    def end(self) -> np.ndarray:
        """The timeline frame after the last each appearance covers."""
        return self.table[:, _END]

    @property
    def mark(self) -> np.ndarray:
        """A cut's marker: where its blade goes on the timeline (NaN for a band)."""
        return self.table[:, _MARK]

    @cached_property
    def point(self) -> np.ndarray:
        """Cuts are markers; grades and effects are bands."""
        return self.table[:, _POINT].astype(bool)

    @cached_property
    def spanned(self) -> np.ndarray:
        """A gradual transition, whose frames show faintly behind its marker."""
        return self.table[:, _SPANNED].astype(bool)

    @cached_property
    def lower(self) -> np.ndarray:
        """An effect's band in the lane's lower half (when grades share the lane)."""
        return self.table[:, _LOWER].astype(bool)

    @cached_property
    def kind(self) -> np.ndarray:
        return self.table[:, _KIND].astype(np.int64)

    @cached_property
    def status(self) -> np.ndarray:
        return self.table[:, _STATUS].astype(np.int64)

    @property
    def confidence(self) -> np.ndarray:
        return self.table[:, _CONFIDENCE]


def _halves(suggestions: tuple[Suggestion, ...]) -> bool:
    return any(s.kind.startswith(EFFECT_PREFIX) for s in suggestions) and any(s.kind == GRADE for s in suggestions)


def lane_entries(timeline: Timeline, places: SuggestionPlaces | None, show_rejected: bool,
                 previous: LaneEntries | None = None) -> LaneEntries:
    """The lane's entries for ``timeline``: each suggestion where ``places`` says its frames
    show (a shot used twice shows twice), rejected ones only when they are shown.

    Ranges first and cuts last, pending under decided: a cut's diamond stays clickable on top
    of a grade's band. Within those, the later in the project's list is drawn under.

    Made from ``previous`` (the entries before an edit) where it can be: the entries of
    suggestions the edit left alone (the same objects) are kept, moved with their source,
    and only those of suggestions it changed, or whose source it reshaped, are made again."""
    suggestions = timeline.suggestions
    mended = _mended(previous, suggestions, places, show_rejected)
    if mended is not None:
        return mended
    halves = _halves(suggestions)
    kinds: dict[str, int] = {}
    paths: dict[str, int] = {}
    rows, owners = _rows(suggestions, range(len(suggestions)), places, show_rejected, halves, kinds, paths)
    return _entries(rows, [], owners, halves, kinds, paths, suggestions, places, show_rejected)


def _rows(suggestions: tuple[Suggestion, ...], positions: Iterable[int], places: SuggestionPlaces | None,
          show_rejected: bool, halves: bool, kinds: dict[str, int], paths: dict[str, int],
          ) -> tuple[list[tuple], list[Suggestion]]:
    """The table rows of the suggestions at ``positions``, and whose each row is; new kinds and
    sources are added to ``kinds`` and ``paths``."""
    rows: list[tuple] = []
    owners: list[Suggestion] = []
    if places is None:
        return rows, owners
    for index in positions:
        s = suggestions[index]
        if s.status is SuggestionStatus.REJECTED and not show_rejected:
            continue
        source = s.source_range
        is_cut = s.kind == CUT
        group = (0 if is_cut else 2) + (s.status is SuggestionStatus.PENDING)
        offset = s.cut_frame - source.start if is_cut else 0
        kind = kinds.setdefault(s.kind, len(kinds))
        path = paths.setdefault(s.source, len(paths))
        status = _STATUS_INDEX[s.status]
        for order, (start, end) in enumerate(places.spans_for(s.source, source)):
            mark = start + min(max(offset, 0), end - start) if is_cut else np.nan
            rows.append((group, index, order, start, end, mark, is_cut, is_cut and source.duration > 2,
                         halves and s.kind != GRADE and not is_cut, kind, status, s.confidence, path))
            owners.append(s)
    return rows, owners


def _entries(rows: list[tuple], kept: list[tuple[np.ndarray, list[Suggestion]]], owners: list[Suggestion],
             halves: bool, kinds: dict[str, int], paths: dict[str, int], source: tuple[Suggestion, ...],
             places: SuggestionPlaces | None, show_rejected: bool) -> LaneEntries:
    """Entries of new ``rows`` (whose ``owners``) and ``kept`` tables, in drawing order: by
    group from last to first, then by the project's list from last to first, each
    suggestion's appearances in timeline order."""
    tables = [table for table, _ in kept] + [np.array(rows, dtype=np.float64).reshape(-1, 13)]
    everyone = [s for _, whose in kept for s in whose] + owners
    table = np.concatenate(tables) if len(tables) > 1 else tables[0]
    order = np.lexsort((table[:, _ORDER], -table[:, _INDEX], -table[:, _GROUP]))
    return LaneEntries(
        suggestions=[everyone[i] for i in order.tolist()], table=table[order], halves=halves,
        kinds=tuple(kinds), paths=tuple(paths), source=source, places=places, show_rejected=show_rejected,
    )


def _mended(previous: LaneEntries | None, suggestions: tuple[Suggestion, ...], places: SuggestionPlaces | None,
            show_rejected: bool) -> LaneEntries | None:
    """``previous`` brought up to date, or None where making the entries again is as quick.

    Suggestions are matched by identity, wherever they stand in the list (a look accepted
    moves to its end, analysis adds more): those the edit kept keep their entries."""
    if previous is None or places is None or previous.places is None or previous.show_rejected != show_rejected:
        return None
    old = previous.source
    position = None  # where each old suggestion stands now, where the list moved (-1: gone)
    new: list[int] = []  # the suggestions made again (positions now)
    if old is not suggestions and len(old) == len(suggestions):  # decided in place (cuts)
        new = [i for i, (a, b) in enumerate(zip(old, suggestions, strict=True)) if a is not b]
    if old is not suggestions and (len(old) != len(suggestions) or len(new) > _MEND_SHARE * len(suggestions)):
        where = {id(s): i for i, s in enumerate(suggestions)}
        position = np.fromiter((where.get(id(s), -1) for s in old), np.int64, len(old))
        kept_ids = {id(s) for s in old}
        new = [i for i, s in enumerate(suggestions) if id(s) not in kept_ids]
    if len(new) > _MEND_SHARE * len(suggestions):
        return None
    halves = previous.halves
    if position is not None or any(suggestions[i].kind != CUT for i in new):
        halves = _halves(suggestions)
        if halves != previous.halves:
            return None  # every band moves to or from half the lane
    moves = places.moves_since(previous.places) if places is not previous.places else {}
    if position is None and not new and not any(moves.values()) and None not in moves.values():
        return replace(previous, source=suggestions, places=places)
    reshaped = {path for path, moved in moves.items() if moved is None}
    redo = set(new)
    if reshaped:
        redo.update(i for i, s in enumerate(suggestions) if s.source in reshaped)
    kinds = {kind: code for code, kind in enumerate(previous.kinds)}
    paths = {path: code for code, path in enumerate(previous.paths)}
    table = previous.table.copy()
    if position is not None:  # where each kept suggestion stands now (-1: gone)
        table[:, _INDEX] = position[table[:, _INDEX].astype(np.int64)]
    again = np.zeros(len(suggestions) + 1, bool)  # the last: gone
    again[list(redo)] = True
    again[-1] = True
    keep = ~again[table[:, _INDEX].astype(np.int64)]
    kept = table[keep]
    shift = np.array([moves.get(path) or 0 for path in previous.paths], dtype=np.float64)
    if shift.any():
        by = shift[kept[:, _PATH].astype(np.int64)]
        kept[:, _START] += by
        kept[:, _END] += by
        kept[:, _MARK] += by
    whose = [s for s, k in zip(previous.suggestions, keep.tolist(), strict=True) if k]
    rows, owners = _rows(suggestions, sorted(redo), places, show_rejected, halves, kinds, paths)
    return _entries(rows, [(kept, whose)], owners, halves, kinds, paths, suggestions, places, show_rejected)


def lane_changes(before: LaneEntries, after: LaneEntries) -> FrameSpan | None:
    """The timeline frames where ``after`` draws the lane (and the pending cuts' lines through
    the tracks) differently from ``before``; None where alike, :data:`EVERYWHERE` where it
    cannot tell (entries made afresh number kinds and sources their own way)."""
    if before.table is after.table:
        return None
    if (before.halves != after.halves or after.kinds[:len(before.kinds)] != before.kinds
            or after.paths[:len(before.paths)] != before.paths):
        return EVERYWHERE
    rows = np.concatenate([before.table, after.table])
    rows[:, _MARK] = np.nan_to_num(rows[:, _MARK], nan=-np.inf)  # NaN never equals itself
    ordered = rows[np.lexsort(rows.T[::-1])]
    same = np.all(ordered[1:] == ordered[:-1], axis=1)
    # Each table holds a row once (a suggestion's appearance): a row in both is a pair.
    paired = np.zeros(len(ordered), bool)
    paired[1:] |= same
    paired[:-1] |= same
    changed = ordered[~paired]
    if not len(changed):
        return None
    first, last = float(changed[:, _START].min()), float(changed[:, _END].max())
    bands = changed[changed[:, _POINT] == 0]
    if len(bands):
        # A band's label stands where no band over it lies: one arriving, leaving or moving over
        # another band moves that band's label, anywhere along it.
        under = rows[(rows[:, _POINT] == 0) & (rows[:, _START] < bands[:, _END].max()) & (rows[:, _END] > bands[:, _START].min())]
        first, last = min(first, float(under[:, _START].min())), max(last, float(under[:, _END].max()))
    return first, last


class LaneShapes(Sequence[SuggestionShape]):
    """The lane's entries in pixels at one zoom: each shape's rectangle, a cut's faint span,
    and the x extent of both, as arrays, so a paint that covers a strip (the playhead moving)
    picks its shapes without a Python loop over all of them. Indexing makes the shape."""

    def __init__(self, entries: LaneEntries, scale: TimeScale, ruler_height: float, lane_height: float) -> None:
        self.entries = entries
        self.scale = scale
        top = ruler_height
        x = lambda frames: scale.left + (frames - scale.first_frame) / scale.frames_per_pixel  # noqa: E731
        x0, x1 = x(entries.start), x(entries.end)
        band_height = (lane_height - 6) / 2 if entries.halves else lane_height - 8
        point = entries.point
        centre = x(entries.mark)
        self.left = np.where(point, centre - 6, x0)
        self.right = np.where(point, centre + 6, np.maximum(x1, x0 + 4))
        self.top = np.where(point, top + 3,
                            np.where(entries.lower, top + 3 + band_height, top + (3 if entries.halves else 4)))
        self.height = np.where(point, lane_height - 6, band_height)
        # A gradual transition's frames, faintly behind its marker.
        self.span_left = np.where(entries.spanned, x0, np.nan)
        self.span_right = np.where(entries.spanned, x0 + np.maximum(1.0, x1 - x0), np.nan)
        self.span_top = top + lane_height / 2 - 2
        spanned = entries.spanned
        self.extents = np.stack([np.where(spanned, np.minimum(self.left, self.span_left), self.left),
                                 np.where(spanned, np.maximum(self.right, self.span_right), self.right)], axis=1)

    def __len__(self) -> int:
        return len(self.entries)

    @overload
    def __getitem__(self, index: int) -> SuggestionShape: ...

    @overload
    def __getitem__(self, index: slice) -> list[SuggestionShape]: ...

    def __getitem__(self, index: int | slice) -> SuggestionShape | list[SuggestionShape]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return SuggestionShape(self.entries.suggestions[index], self.rect(index), bool(self.entries.point[index]),
                               self.span(index))

    def __iter__(self) -> Iterator[SuggestionShape]:
        return (self[i] for i in range(len(self)))

    def rect(self, index: int) -> QRectF:
        left, right = float(self.left[index]), float(self.right[index])
        return QRectF(left, float(self.top[index]), right - left, float(self.height[index]))

    def span(self, index: int) -> QRectF | None:
        if not self.entries.spanned[index]:
            return None
        left = float(self.span_left[index])
        return QRectF(left, self.span_top, float(self.span_right[index]) - left, 4)

    def indices_within(self, left: float, right: float) -> np.ndarray:
        """The drawing-order indices of the shapes reaching into x ``left``..``right``."""
        return np.flatnonzero((self.extents[:, 1] >= left - 1) & (self.extents[:, 0] <= right + 1))

    def index_at(self, pos: QPointF, slack: float = 3) -> int | None:
        """The topmost shape under ``pos``, with ``slack`` pixels around each (a thin band is
        still easy to hit)."""
        x, y = pos.x(), pos.y()
        hit = np.flatnonzero((self.left - slack <= x) & (x <= self.right + slack)
                             & (self.top - slack <= y) & (y <= self.top + self.height + slack))
        return int(hit[-1]) if len(hit) else None

    def label_room(self, index: int) -> tuple[float, float]:
        """Where band ``index`` may write its label, x from and to: its own part that no band
        drawn over it (later, in the same row) covers, up to where the next such band starts.
        Two bands over the same frames (a title on a punch-in) never write over each other."""
        left, right, top = float(self.left[index]), float(self.right[index]), self.top[index]
        over = [(float(self.left[i]), float(self.right[i])) for i in self.indices_within(left, right)
                if i > index and not self.entries.point[i] and self.top[i] == top
                and self.left[i] < right and self.right[i] > left]
        moved = True
        while moved:  # past every band on top that covers where the label would start
            moved = False
            for other_left, other_right in over:
                if other_left <= left < other_right:
                    left, moved = other_right, True
        right = min([right] + [other_left for other_left, _ in over if other_left > left])
        return left, right


@lru_cache(maxsize=4096)
def lane_colour(kind: str, status: SuggestionStatus, below: bool, alpha: int, unusable: bool = False) -> QColor:
    """One QColor per look, shared by every suggestion that has it (a long edit has thousands;
    callers copy before changing it)."""
    if unusable:
        return QColor(theme.SUGGESTION_UNUSABLE)
    if status is SuggestionStatus.REJECTED:
        colour = QColor(theme.SUGGESTION_REJECTED)
        colour.setAlpha(90)
        return colour
    colour = QColor(theme.SUGGESTION_BELOW) if below else theme.suggestion_color(kind)
    colour.setAlpha(alpha)
    return colour


Look = tuple[str, SuggestionStatus, bool, int, bool]
"""What decides a suggestion's colour: kind, status, below the threshold, opacity, unusable."""


def _looks(shapes: LaneShapes, indices: np.ndarray, threshold: float | None,
           unusable: frozenset[str]) -> tuple[np.ndarray, dict[int, Look]]:
    """Each shape's look as a number, and the look each number stands for. Confidence reads as
    opacity: a sure proposal is solid, a doubtful one faint; an accepted look that cannot be
    used is red."""
    entries = shapes.entries
    status = entries.status[indices]
    confidence = entries.confidence[indices]
    below = (status == _PENDING) & (confidence < threshold) if threshold is not None else np.zeros(len(indices), bool)
    alpha = np.round(255 * (0.3 + 0.7 * confidence)).astype(np.int64)
    bad = np.zeros(len(indices), bool)
    if unusable:
        bad = np.fromiter((entries.suggestions[i].id in unusable for i in indices.tolist()), bool, len(indices))
    codes = (((entries.kind[indices] * 3 + status) * 2 + below) * 256 + alpha) * 2 + bad
    looks: dict[int, Look] = {}
    for code in np.unique(codes).tolist():
        rest, is_bad = divmod(code, 2)
        rest, value = divmod(rest, 256)
        rest, is_below = divmod(rest, 2)
        kind, status_index = divmod(rest, 3)
        looks[code] = (entries.kinds[kind], _STATUSES[status_index], bool(is_below), value, bool(is_bad))
    return codes, looks


def _first_of_each(keys: np.ndarray) -> np.ndarray:
    """Whether each row of ``keys`` is the first with its values (in order): later ones draw
    the same pixels."""
    first = np.zeros(len(keys), bool)
    if len(keys):
        order = np.lexsort(keys.T[::-1])  # stable: equal rows keep their order
        ordered = keys[order]
        starts = np.ones(len(keys), bool)
        starts[1:] = np.any(ordered[1:] != ordered[:-1], axis=1)
        first[order[starts]] = True
    return first


class BandLayer:
    """The lane's background with its bands drawn on it, kept as a picture. Bands are drawn
    before every marker, so an edit that changes markers only (Accept All on a film's cuts, its
    undo) draws the markers over the picture instead of 5,000 bands again."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._bands: np.ndarray | None = None
        self._image: QImage | None = None

    def picture(self, painter: QPainter, shapes: LaneShapes, lane: QRectF, threshold: float | None,
                unusable: frozenset[str]) -> QImage | None:
        """The picture for these bands, drawn again when they (or the zoom, or the threshold)
        changed; None where it cannot stand for drawing them (the lane off the pixel grid)."""
        if not (lane.left().is_integer() and lane.top().is_integer()):
            return None
        entries = shapes.entries
        count = int(np.count_nonzero(~entries.point))  # bands come first in drawing order
        bands = entries.table[:count]
        ratio = painter.device().devicePixelRatioF()
        flagged = frozenset(s.id for s in entries.suggestions[:count] if s.id in unusable) if unusable else frozenset()
        key = (shapes.scale, (lane.left(), lane.top(), lane.width(), lane.height()), threshold, flagged, ratio,
               painter.font().key(), entries.halves, entries.kinds)
        if self._image is not None and key == self._key and self._bands is not None \
                and np.array_equal(bands[:, :_PATH], self._bands[:, :_PATH], equal_nan=True):
            return self._image
        image = QImage(round(lane.width() * ratio), round(lane.height() * ratio), QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(theme.LANE)
        drawing = QPainter(image)
        drawing.setRenderHints(painter.renderHints())
        drawing.setFont(painter.font())
        drawing.translate(-lane.left(), -lane.top())
        indices = np.arange(count)
        codes, looks = _looks(shapes, indices, threshold, unusable)
        _draw(drawing, shapes, indices, codes, looks)
        drawing.end()
        self._key, self._bands, self._image = key, bands.copy(), image
        return image


def paint_lane(painter: QPainter, shapes: LaneShapes, lane: QRectF, strip: tuple[float, float],
               threshold: float | None, unusable: frozenset[str], bands: BandLayer | None = None) -> None:
    """The lane's background and the shapes reaching into the x ``strip`` (the bands from
    ``bands``' picture where given). A long edit puts several markers on one pixel column: the
    same look twice there draws the same pixels, so each is drawn once."""
    picture = bands.picture(painter, shapes, lane, threshold, unusable) if bands is not None else None
    indices = shapes.indices_within(*strip)
    if picture is None:
        painter.fillRect(lane, theme.LANE)
    else:
        painter.drawImage(lane.topLeft(), picture)
        indices = indices[shapes.entries.point[indices]]
    codes, looks = _looks(shapes, indices, threshold, unusable)
    point = shapes.entries.point[indices]
    # A marker's look drawn once per pixel column; every band is drawn (their colours mix).
    column = np.round((shapes.left[indices] + shapes.right[indices]) / 2).astype(np.int64)
    keys = np.stack([np.where(point, 0, np.arange(1, len(indices) + 1)), column, codes], axis=1)
    drawn = _first_of_each(keys)
    _draw(painter, shapes, indices[drawn], codes[drawn], looks)
    painter.setPen(theme.SEPARATOR)
    painter.drawLine(QPointF(lane.left(), lane.bottom() + 0.5), QPointF(lane.right(), lane.bottom() + 0.5))


def _draw(painter: QPainter, shapes: LaneShapes, shown: np.ndarray, codes: np.ndarray, looks: dict[int, Look]) -> None:
    """The shapes ``shown`` (drawing-order indices, each with its look's code), in order."""
    font_metrics = QFontMetrics(painter.font())
    accepted_pen = QPen(theme.SUGGESTION_ACCEPTED_BORDER, 1.2)
    diamond: QPolygonF | None = None
    entries = shapes.entries
    worn = None  # the look the pen and brush are set for
    colour = faint = QColor()
    for index, code, is_point, spanned, left, top, right, height in zip(
        shown.tolist(), codes.tolist(), entries.point[shown].tolist(), entries.spanned[shown].tolist(),
        shapes.left[shown].tolist(), shapes.top[shown].tolist(), shapes.right[shown].tolist(),
        shapes.height[shown].tolist(), strict=True,
    ):
        look = looks[code]
        accepted = look[1] is SuggestionStatus.ACCEPTED
        if code != worn:
            worn, colour = code, lane_colour(*look)
            painter.setPen(accepted_pen if accepted else Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            faint = QColor(colour)
            faint.setAlpha(colour.alpha() // 2)
        if spanned:
            span = shapes.span(index)
            assert span is not None
            painter.fillRect(span, faint)
        if is_point:
            if diamond is None:
                r = height / 2
                diamond = QPolygonF([QPointF(0, -r), QPointF(r * 0.75, 0), QPointF(0, r), QPointF(-r * 0.75, 0)])
            painter.drawPolygon(diamond.translated((left + right) / 2, top + height / 2))
            continue
        rect = QRectF(left, top, right - left, height)
        painter.drawRoundedRect(rect, 2, 2)
        if rect.width() > _LABEL_BAND_WIDTH:
            suggestion = entries.suggestions[index]
            label = kind_label(suggestion.kind)
            if look[4]:
                label = "⚠ " + label + " — cannot be used"
            elif accepted:
                label = "✓ " + label
            room_left, room_right = shapes.label_room(index)
            text_rect = QRectF(room_left + 4, rect.top(), room_right - room_left - 6, rect.height())
            if text_rect.width() >= _LABEL_MIN_WIDTH:
                painter.setPen(theme.CLIP_TEXT)
                text = font_metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(text_rect.width()))
                painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
                worn = None


def paint_cut_lines(painter: QPainter, shapes: LaneShapes, top: float, bottom: float,
                    strip: tuple[float, float], threshold: float | None) -> None:
    """Pending cuts continue as a faint dashed line through the tracks, where the blade would
    go: one line per pixel column and look, drawn together (a long edit has a thousand)."""
    indices = shapes.indices_within(*strip)
    entries = shapes.entries
    indices = indices[entries.point[indices] & (entries.status[indices] == _PENDING)]
    codes, looks = _looks(shapes, indices, threshold, frozenset())
    column = np.round((shapes.left[indices] + shapes.right[indices]) / 2).astype(np.int64)
    first = _first_of_each(np.stack([column, codes], axis=1))
    by_look: dict[int, list[QLineF]] = {}
    for x, code in zip(column[first].tolist(), codes[first].tolist(), strict=True):
        by_look.setdefault(code, []).append(QLineF(x + 0.5, top, x + 0.5, bottom))
    for code in sorted(by_look, key=looks.__getitem__):  # the same order in any strip
        colour = QColor(lane_colour(*looks[code]))
        colour.setAlpha(min(colour.alpha(), 150))
        painter.setPen(QPen(colour, 1, Qt.PenStyle.DashLine))
        painter.drawLines(by_look[code])
