"""The inspector: what the selected clip or suggestion is, in an editor's terms."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from ..timeline import Clip, Gap, Suggestion, Timeline, frame_to_timecode


class InspectorPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self._title = QLabel("Nothing selected")
        self._title.setObjectName("inspectorTitle")
        self._title.setStyleSheet("font-weight: bold; padding: 4px 0;")
        self._form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addLayout(self._form)
        layout.addStretch(1)

    def rows(self) -> dict[str, str]:
        """The fields shown, by label (tests read them)."""
        shown: dict[str, str] = {}
        for row in range(self._form.rowCount()):
            label = self._form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = self._form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label and field:
                shown[label.widget().text()] = field.widget().text()
        return shown

    def _set(self, title: str, fields: list[tuple[str, str]]) -> None:
        self._title.setText(title)
        while self._form.rowCount():
            self._form.removeRow(0)
        for name, value in fields:
            field = QLabel(value)
            field.setWordWrap(True)
            self._form.addRow(name, field)

    def show_nothing(self) -> None:
        self._set("Nothing selected", [])

    def show_items(self, timeline: Timeline, item_ids: list[str]) -> None:
        found = [timeline.find_item(item_id) for item_id in item_ids]
        found = [f for f in found if f is not None]
        if not found:
            self.show_nothing()
            return
        track_index, index, item = found[0]
        rate = timeline.rate
        rng = timeline.tracks[track_index].range_of(item.id)
        tc = lambda f: frame_to_timecode(f, rate)  # noqa: E731
        fields: list[tuple[str, str]] = []
        if isinstance(item, Gap):
            title = "Gap"
        else:
            assert isinstance(item, Clip)
            title = item.name or Path(item.media.path).name
            src = item.source_range
            fields += [
                ("Source", item.media.path),
                ("Source in", tc(src.start)),
                ("Source out", tc(src.end_exclusive)),
            ]
        if rng is not None:
            fields += [
                ("Track", timeline.tracks[track_index].name or f"Track {track_index + 1}"),
                ("Timeline in", tc(rng.start)),
                ("Duration", f"{tc(rng.duration)} ({rng.duration} frames)"),
            ]
        if len(found) > 1:
            fields.append(("Selected", f"{len(found)} items (linked clips included)"))
        self._set(title, fields)

    def show_suggestion(self, timeline: Timeline, suggestion: Suggestion) -> None:
        tc = lambda f: frame_to_timecode(f, timeline.rate)  # noqa: E731
        fields = [
            ("Status", suggestion.status.value),
            ("Confidence", f"{suggestion.confidence:.0%}"),
            ("Source", suggestion.source),
            ("From", tc(suggestion.source_range.start)),
            ("To", tc(suggestion.source_range.end_inclusive)),
            ("Proposed by", suggestion.producer),
        ]
        fields += [(str(k), str(v)) for k, v in suggestion.params.items() if not isinstance(v, (list, dict))]
        self._set(f"Suggested {suggestion.kind}", fields)
