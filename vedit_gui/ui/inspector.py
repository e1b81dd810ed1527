"""The inspector: what the selected clip or suggestion is, in an editor's terms.

``shown`` tells other panels what is on display (the grade sliders follow it), and
``refresh`` re-shows it after an edit, so an inspected suggestion stays on screen with its
new status or parameters. A cut suggestion has its Accept / Reject here too, as every other
kind has in its section: ``decide_requested`` asks whoever decides (the window) to do it.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QMetaMethod, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..analysis import grades, pauses, punch_ins, shake
from ..app.grade_suggest import BY_HAND, EDITED, MATCH_PRODUCER
from ..project.start_timecode import timeline_timecode
from ..timeline import (
    CUT,
    GRADE,
    PUNCH_IN,
    REMOVE_PAUSE,
    STABILIZE,
    TITLE,
    TRANSITION_KINDS,
    Clip,
    Gap,
    Marker,
    SetClipFades,
    SetClipGain,
    SetTransitionKind,
    Suggestion,
    SuggestionStatus,
    Timeline,
    TrackKind,
    TransitionWindow,
    UpdateMarker,
    frame_to_timecode,
    kind_title,
    nominal_fps,
    transition_name,
)
from ..timeline.edits import held_frames_text
from ..timeline.suggestion import confidence_label
from .decisions import frames_text
from .fade_field import FadeField
from .inspector_section import decision_row
from .pause_review import pause_fields
from .punch_in_review import punch_in_fields
from .timeline_theme import MARKER_COLORS
from .volume_field import VolumeField

# Who made a suggestion, in the editor's words (a cut model's name says which model it is).
# What an empty inspector says: a new editor sees this panel first and must learn how to fill it.
NOTHING_SELECTED = "Nothing selected"
NOTHING_SELECTED_HINT = (
    "Press N to go to the next suggestion (A accepts it, R rejects it), or click a clip or a "
    "suggestion on the timeline (D selects the clip at the playhead): what it is and its "
    "settings show here."
)
# A slider's keyboard focus, which the Fusion style barely marks: the arrow keys change the
# grade (or the volume) on a focused slider instead of stepping the playhead, so it must show.
FOCUS_STYLE = "QSlider:focus { border: 1px solid #8fb8ff; border-radius: 3px; }"

_PROPOSERS = {
    BY_HAND: "you",
    MATCH_PRODUCER: "a shot match",
    grades.PRODUCER: "the colour model",
    shake.PRODUCER: "the shake analysis",
    pauses.PRODUCER: "the pause analysis",
    punch_ins.PRODUCER: "the framing analysis",
}


class InspectorPanel(QWidget):
    shown = Signal(object, object)  # Timeline, and a Suggestion, a list of item ids, or None
    edit_requested = Signal(object, object)  # an edit made here (a transition's kind), its merge key
    decide_requested = Signal(list, object)  # suggestion ids, SuggestionStatus: a cut's Accept / Reject

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._suggestion_id: str | None = None
        self.setObjectName("inspector")
        self.setStyleSheet(FOCUS_STYLE)
        self._title = QLabel(NOTHING_SELECTED)
        self._title.setObjectName("inspectorTitle")
        self._title.setStyleSheet("font-weight: bold; padding: 4px 0;")
        self._title.setWordWrap(True)  # a long name must not widen the side panel
        self.hint = QLabel(NOTHING_SELECTED_HINT)
        self.hint.setObjectName("inspectorHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #a0a2aa;")
        self._form = QFormLayout()
        # A cut's decision, in view under its fields as every other kind's is under its title.
        decide, self.accept_button, self.reject_button = decision_row(
            "Accept this cut: the clip is split there (a dissolve's or fade's middle)",
            "Reject this cut: the clip stays whole")
        self._decide_row = QWidget()
        self._decide_row.setObjectName("cutDecision")
        self._decide_row.setLayout(decide)
        decide.setContentsMargins(0, 4, 0, 0)
        self._decide_row.hide()
        self.accept_button.clicked.connect(lambda: self._decide(SuggestionStatus.ACCEPTED))
        self.reject_button.clicked.connect(lambda: self._decide(SuggestionStatus.REJECTED))
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self.hint)
        layout.addLayout(self._form)
        layout.addWidget(self._decide_row)
        layout.addStretch(1)
        self._layout = layout

    def add_section(self, widget: QWidget) -> None:
        """A panel below the fields (e.g. the grade sliders), shown and hidden by its owner."""
        self._layout.insertWidget(self._layout.count() - 1, widget)

    def refresh(self, timeline: Timeline, item_ids: list[str]) -> None:
        """After an edit: the inspected suggestion as it is now, else the selected items."""
        suggestion = timeline.suggestion(self._suggestion_id) if self._suggestion_id else None
        if suggestion is not None:
            self.show_suggestion(timeline, suggestion)
        elif item_ids:
            self.show_items(timeline, item_ids)
        else:
            self.show_nothing()

    def rows(self) -> dict[str, str]:
        """The fields shown, by label (tests read them)."""
        shown: dict[str, str] = {}
        for row in range(self._form.rowCount()):
            label = self._form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = self._form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label and field:
                widget = field.widget()
                shown[label.widget().text()] = widget.currentText() if isinstance(widget, QComboBox) else widget.text()
        return shown

    def _set(self, title: str, fields: list[tuple[str, str]]) -> None:
        # A field that had the keyboard keeps it in the rebuilt fields (an arrow on the
        # volume, a fade typed in): else every step would send the focus nowhere.
        focused = QApplication.focusWidget()
        keeps = focused.objectName() if focused is not None and self.isAncestorOf(focused) else ""
        if keeps:
            QTimer.singleShot(0, partial(self._focus, keeps))
        self._title.setText(title)
        self.hint.setVisible(title == NOTHING_SELECTED and not fields)
        self._decide_row.hide()  # a cut suggestion shows it again
        while self._form.rowCount():
            self._form.removeRow(0)
        for name, value in fields:
            field = QLabel(value)
            field.setWordWrap(True)
            self._form.addRow(name, field)

    @property
    def suggestion_id(self) -> str | None:
        """The suggestion shown, if the inspector shows one."""
        return self._suggestion_id

    def show_nothing(self) -> None:
        self._suggestion_id = None
        self._set(NOTHING_SELECTED, [])
        self.shown.emit(None, None)

    def show_items(self, timeline: Timeline, item_ids: list[str]) -> None:
        found = [timeline.find_item(item_id) for item_id in item_ids]
        found = [f for f in found if f is not None]
        if not found:
            dissolve = next(filter(None, map(timeline.transition_window, item_ids)), None)
            marker = next(filter(None, map(timeline.marker, item_ids)), None)
            if dissolve is not None:
                self._show_dissolve(timeline, *dissolve)
            elif marker is not None:
                self._show_marker(timeline, marker)
            else:
                self.show_nothing()
            return
        self._suggestion_id = None
        track_index, index, item = found[0]
        rate = timeline.rate
        rng = timeline.tracks[track_index].range_of(item.id)
        tc = lambda f: frame_to_timecode(f, rate)  # noqa: E731
        fields: list[tuple[str, str]] = []
        if isinstance(item, Gap):
            title = "Gap"
        else:
            assert isinstance(item, Clip)
            title = item.title
            src = item.source_range
            fields += [
                ("Source", item.media.path),
                ("Source in", tc(src.start)),
                ("Source out", tc(src.end_exclusive)),
            ]
        if rng is not None:
            fields += [
                ("Track", timeline.track_label(track_index)),
                ("Timeline in", timeline_timecode(timeline, rng.start)),
                ("Duration", f"{tc(rng.duration)} ({rng.duration} frames)"),
            ]
        if len(found) > 1:
            fields.append(("Selected", f"{len(found)} items (linked clips included)"))
        self._set(title, fields)
        clips = [item for _, _, item in found if isinstance(item, Clip)]
        if clips:
            # Fades of the first selected clip; a change applies to every selected clip and
            # the clips linked to them (picture and sound fade together).
            first, ids = clips[0], tuple(c.id for c in clips)
            fades = FadeField(first.fade_in, first.fade_out, first.duration, nominal_fps(timeline.rate))
            fades.committed.connect(lambda fade_in, fade_out: self._request_fades(first, ids, fade_in, fade_out))
            self._form.addRow("Fades", fades)
        sound = [item for t, _, item in found if isinstance(item, Clip) and timeline.tracks[t].kind is TrackKind.AUDIO]
        if sound:
            # One level for the selected sound clips (a linked picture's sound included).
            volume = VolumeField(sound[0].gain_db)
            ids = tuple(clip.id for clip in sound)
            volume.committed.connect(lambda db: self._request_gain(sound, ids, db, volume.stepped))
            self._form.addRow("Volume", volume)
        self.shown.emit(timeline, list(item_ids))

    def _request_fades(self, shown: Clip, ids: tuple[str, ...], fade_in: int, fade_out: int) -> None:
        if (fade_in, fade_out) != (shown.fade_in, shown.fade_out):
            self._request(SetClipFades(ids, fade_in, fade_out))

    def _request_gain(self, clips: list[Clip], ids: tuple[str, ...], gain_db: float, stepped: bool = False) -> None:
        if any(clip.gain_db != gain_db for clip in clips):
            self._request(SetClipGain(ids, gain_db), ("volume", ids) if stepped else None)

    def _show_dissolve(self, timeline: Timeline, track_index: int, window: TransitionWindow) -> None:
        self._suggestion_id = None
        tc = lambda f: frame_to_timecode(f, timeline.rate)  # noqa: E731
        transition = window.transition
        on_sound = timeline.tracks[track_index].kind is TrackKind.AUDIO
        held = held_frames_text(timeline, window, timeline.tracks[track_index].kind)  # where a side runs out
        self._set(transition_name(timeline.tracks[track_index].kind, transition.kind), [
            ("Track", timeline.track_label(track_index)),
            ("From", window.outgoing.title),
            ("Into", window.incoming.title),
            ("Timeline in", timeline_timecode(timeline, window.range.start)),
            ("Duration", f"{tc(window.range.duration)} ({window.range.duration} frames: "
                         f"{window.cut - window.range.start} before the cut, "
                         f"{window.range.end_exclusive - window.cut} after)"),
            *([("Holds", "\n".join(held))] if held else []),
            ("Change", "drag either end of its box; Delete removes it"),
        ])
        if on_sound:  # a crossfade has no kind to choose
            self.shown.emit(None, None)
            return
        # Its kind, as one undoable edit: a dissolve mixes the clips, a dip passes through a colour.
        kinds = QComboBox()
        kinds.setObjectName("transitionKindBox")
        for kind, name in TRANSITION_KINDS.items():
            kinds.addItem(name, kind)
        kinds.setCurrentIndex(max(0, kinds.findData(transition.kind)))
        kinds.currentIndexChanged.connect(lambda _index: self._request(SetTransitionKind(transition.id, kinds.currentData())))
        self._form.insertRow(0, "Kind", kinds)
        self.shown.emit(None, None)

    def _show_marker(self, timeline: Timeline, marker: Marker) -> None:
        """A marker's name, note and colour, each change one undoable edit."""
        self._suggestion_id = None
        self._set("Marker", [("Time", timeline_timecode(timeline, marker.frame)),
                             ("Change", "Delete removes it; Shift+Up / Shift+Down go between markers")])
        name, note = QLineEdit(marker.name), QLineEdit(marker.note)
        name.setObjectName("markerName")
        note.setObjectName("markerNote")
        note.setPlaceholderText("what to do here")
        colours = QComboBox()
        colours.setObjectName("markerColour")
        colours.addItems(list(MARKER_COLORS))
        colours.setCurrentText(marker.color)

        def changed() -> None:
            edited = replace(marker, name=name.text(), note=note.text(), color=colours.currentText())
            if edited != marker:
                self._request(UpdateMarker(edited))

        name.editingFinished.connect(changed)
        note.editingFinished.connect(changed)
        colours.currentIndexChanged.connect(lambda _index: changed())
        self._form.insertRow(1, "Name", name)
        self._form.insertRow(2, "Note", note)
        self._form.insertRow(3, "Colour", colours)
        self.shown.emit(None, None)

    def _focus(self, name: str) -> None:
        """Give the keyboard to the newest field called ``name`` (the one just rebuilt)."""
        # Not isVisible(): a widget just laid out is shown a moment later (a queued call).
        found = [w for w in self.findChildren(QWidget, name) if not w.isHidden()]
        if found:
            found[-1].setFocus(Qt.FocusReason.OtherFocusReason)

    def _request(self, edit: object, merge: Hashable | None = None) -> None:
        """Hand ``edit`` to the session once the widget asking has returned: applying it
        refreshes these fields, which deletes that widget. Edits with one ``merge`` key in a
        row are one undo step (a run of key presses on the volume)."""
        QTimer.singleShot(0, lambda: self.edit_requested.emit(edit, merge))

    def show_suggestion(self, timeline: Timeline, suggestion: Suggestion) -> None:
        rate = timeline.source_rate(suggestion.source)  # its frames are the source's own
        # Three short rows: a grade's sliders and the scopes need the room on a laptop screen.
        fields = [
            ("Status", f"{suggestion.status.value} · confidence {confidence_label(suggestion.confidence)}"),
            ("Frames", frames_text(timeline, suggestion)),
            ("Proposed by", _PROPOSERS.get(suggestion.producer.removesuffix(EDITED), suggestion.producer)
             + (", edited by you" if suggestion.producer.endswith(EDITED) else "")),
        ]
        if suggestion.kind == STABILIZE:  # its path and smoothing are in the section below
            shake = suggestion.params.get("shake")
            if isinstance(shake, (int, float)):
                fields.append(("Shake", f"{shake:.2f} % of the picture's width"))
        elif suggestion.kind == REMOVE_PAUSE:  # how much breath it keeps is in the section below
            fields += pause_fields(suggestion, rate)
        elif suggestion.kind == PUNCH_IN:  # its zoom is in the section below
            fields += punch_in_fields(suggestion)
        elif suggestion.kind == TITLE:  # its words and place are in the section below
            pass
        elif suggestion.kind != GRADE:  # a grade's parameters are the sliders below
            # Editor-facing parameters only: the score curve is drawn under the lane instead.
            fields += [(str(k).capitalize(), str(v)) for k, v in suggestion.params.items()
                       if not isinstance(v, (list, dict)) and not str(k).startswith("curve")]
        self._suggestion_id = suggestion.id
        made_by_hand = suggestion.producer == BY_HAND  # a title, a grade or stabilization by hand
        self._set(kind_title(suggestion.kind) if made_by_hand else f"Suggested {kind_title(suggestion.kind).lower()}", fields)
        if suggestion.kind == CUT and self._decides():
            self.accept_button.setEnabled(suggestion.status is not SuggestionStatus.ACCEPTED)
            self.reject_button.setEnabled(suggestion.status is not SuggestionStatus.REJECTED)
            self._decide_row.show()
        self.shown.emit(timeline, suggestion)

    def _decides(self) -> bool:
        """Whether anyone acts on ``decide_requested``: buttons nobody answers are not shown."""
        signal = QMetaMethod.fromSignal(self.decide_requested)
        return self.isSignalConnected(signal)

    def _decide(self, status: SuggestionStatus) -> None:
        if self._suggestion_id is not None:
            self.decide_requested.emit([self._suggestion_id], status)
