"""Export settings: where to write, with which preset, at which size (the edit's, or smaller
for a review copy), which frames (the whole timeline or the editor's in to out) and at which
loudness (as mixed, or brought to a delivery spec's; the render runs as a job)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ..project.file_names import with_extension
from ..project.start_timecode import TimelineClock
from ..render import (
    LOUDNESS_TARGETS,
    PRESETS,
    output_extension,
    picture_size_problem,
    scaled_to_height,
    sound_format,
)
from ..render.errors import as_sentence
from ..timeline import FrameRange
from ..timeline.time import Rate
from ..timeline.timecode import is_drop_frame_rate

# Endings a render writes (and a sound-only AAC render's): a name ending in another keeps it as
# part of the name ("Montage v1.2" → "Montage v1.2.mp4").
_OUTPUT_EXTENSIONS = frozenset({p.extension for p in PRESETS.values()} | {".m4a"})

# The heights a smaller export is offered at (the picture keeps its shape; never scaled up).
EXPORT_HEIGHTS = (1080, 720, 540, 360)


@dataclass(frozen=True)
class ExportChoices:
    """The preset, size and loudness the last export was made with, offered by the next one
    and kept across sessions (QSettings, group ``export``): delivering a ProRes master and a
    −24 LKFS copy once meant choosing them again at every opening. None: the default."""

    preset: str | None = None
    max_height: int | None = None
    loudness: str | None = None

    @classmethod
    def load(cls, store: QSettings) -> ExportChoices:
        """What ``store`` remembers; anything unreadable (an older vedit's, a hand edit) is None."""
        def text(key: str) -> str | None:
            value = store.value(f"export/{key}")
            return value if isinstance(value, str) and value else None

        height = text("max_height")
        return cls(text("preset"), int(height) if height is not None and height.isdigit() else None, text("loudness"))

    def save(self, store: QSettings) -> None:
        for key, value in (("preset", self.preset), ("max_height", self.max_height), ("loudness", self.loudness)):
            store.setValue(f"export/{key}", "" if value is None else str(value))


class ExportDialog(QDialog):
    def __init__(
        self,
        suggested_path: Path,
        parent: QWidget | None = None,
        *,
        duration: int = 0,
        marked: FrameRange | None = None,
        rate: Rate = 30,
        picture: bool = True,
        footage: Callable[[Path], bool] = lambda _path: False,
        size: tuple[int, int] | None = None,
        notes: Sequence[str] = (),
        clock: TimelineClock | None = None,
        remembered: ExportChoices = ExportChoices(),
    ) -> None:
        """``marked``: the frames between the editor's in and out marks, offered and chosen
        first (as editors expect once they have marked a range); else the whole timeline.
        ``picture`` False: the timeline is sound only, and so is the file. ``footage``: whether
        a path is a file the edit uses (never to be written over). ``size``: the picture the
        render writes (``render.picture_size``; None: unknown), checked against each preset's
        encoder before the export starts. ``notes``: what the editor should know first (sources
        cut short: ``render.cut_short_sources``). ``clock``: how the timeline's frames read as
        timecode (from its start timecode); None: from 00:00:00:00 at ``rate``. ``remembered``:
        the choices the last export made, offered where they still apply (a preset this
        timeline's file can have, a size smaller than the edit), else the defaults."""
        super().__init__(parent)
        self._remembered = remembered
        self._picture = picture
        self._footage = footage
        self._size = size if picture else None
        self._folder = Path(suggested_path).expanduser().parent  # where a bare name goes
        self._browsed: Path | None = None  # a name the file dialog chose (it asked to replace)
        self.setWindowTitle("Export")
        clock = clock or TimelineClock(rate, 0, is_drop_frame_rate(rate))
        self.range_box = QComboBox()
        if marked is not None:
            self.range_box.addItem(f"In to out: {_span(marked, clock)}", marked)
        self.range_box.addItem(f"Whole timeline: {_span(FrameRange(0, duration), clock)}", None)
        self.preset_box = QComboBox()
        for name, preset in PRESETS.items():
            if picture:
                self.preset_box.addItem(f"{name} — {preset.description}" if preset.description else name, name)
            elif preset.sound_only_description:  # what the file will be: not "H.264 + AAC in MP4" for an .m4a
                self.preset_box.addItem(preset.sound_only_description, name)
        self.size_box = QComboBox()
        self.size_box.addItem("As the edit", None)
        for lines in EXPORT_HEIGHTS:
            self.size_box.addItem(f"At most {lines} lines (smaller pictures keep theirs)", lines)
        self.size_box.setToolTip("A smaller copy (for review, or to send): the picture is scaled down to "
                                 "this many lines, keeping its shape")
        self.loudness_box = QComboBox()
        self.loudness_box.addItem("As mixed", None)
        for key, target in LOUDNESS_TARGETS.items():
            self.loudness_box.addItem(target.label, key)
        self.loudness_box.setToolTip(
            "As mixed writes the sound as you hear it. A target measures the mix first, then raises or lowers "
            "it to the spec's integrated loudness, its true peaks held under the spec's ceiling ("
            + "; ".join(target.describe() for target in LOUDNESS_TARGETS.values()) + ").")
        self.path_edit = QLineEdit(str(suggested_path))
        browse = QPushButton("Browse…")
        browse.setObjectName("browseButton")
        browse.clicked.connect(self._on_browse_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("Range", self.range_box)
        form.addRow("Preset", self.preset_box)
        if picture:
            form.addRow("Size", self.size_box)
        form.addRow("Loudness", self.loudness_box)
        # The sound's format, said: every export is mixed to it, whatever the sources are.
        self.sound_format = QLabel()
        self.sound_format.setObjectName("soundFormat")
        self.sound_format.setWordWrap(True)
        form.addRow("Sound", self.sound_format)
        form.addRow("File", path_row)
        if not picture:
            form.addRow(QLabel("This timeline has no picture: the file will hold its sound only."))
        self._form = form
        self.notes: list[QLabel] = []
        # Why the chosen preset cannot encode this picture, said before the export starts.
        self.size_problem = _warning_label("")
        self.size_problem.setObjectName("sizeProblem")
        form.addRow(self.size_problem)
        self._add_notes(notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.preset_box.currentIndexChanged.connect(self._on_preset_changed)
        self.size_box.currentIndexChanged.connect(self._on_size_changed)
        for box, value in ((self.preset_box, remembered.preset), (self.loudness_box, remembered.loudness),
                           (self.size_box, remembered.max_height if picture else None)):
            _choose(box, value)  # a preset's name on the path changes with it
        self._label_sizes()
        self._show_size_problem()
        self._say_sound_format()
        self.resize(560, self.sizeHint().height())

    def set_sources(self, size: tuple[int, int] | None, notes: Sequence[str] = ()) -> None:
        """What a check of the sources found, when it comes after the dialog opened (the editor
        checks them in the background: a source not probed lately is scanned whole)."""
        self._size = size if self._picture else None
        self._label_sizes()
        self._add_notes(notes)
        self._show_size_problem()

    def _label_sizes(self) -> None:
        """Once the edit's picture size is known, each choice says the size it writes, and a
        choice no smaller than the edit is greyed (it would write the edit's own size)."""
        if self._size is None:
            return
        width, height = self._size
        self.size_box.setItemText(0, f"As the edit ({width}×{height})")
        model = self.size_box.model()
        assert isinstance(model, QStandardItemModel)  # a QComboBox's own
        for index in range(1, self.size_box.count()):
            lines = self.size_box.itemData(index)
            smaller = lines < height
            shown = "×".join(map(str, scaled_to_height(self._size, lines))) if smaller else "the edit is no taller"
            self.size_box.setItemText(index, f"At most {lines} lines ({shown})")
            model.item(index).setEnabled(smaller)
        if not model.item(self.size_box.currentIndex()).isEnabled():
            self.size_box.setCurrentIndex(0)

    def _add_notes(self, notes: Sequence[str]) -> None:
        at = self._form.getWidgetPosition(self.size_problem)[0]
        for note in notes:  # each begins with a file name: kept as it is
            label = _warning_label(note)
            self._form.insertRow(at, label)
            self.notes.append(label)
            at += 1

    @property
    def frames(self) -> FrameRange | None:
        """The timeline frames to render; None for all of them."""
        return self.range_box.currentData()

    @property
    def max_height(self) -> int | None:
        """At most this many picture lines; None: the edit's size."""
        return self.size_box.currentData() if self._picture else None

    @property
    def preset(self) -> str:
        return self.preset_box.currentData()

    @property
    def loudness(self) -> str | None:
        """The loudness target's key (``LOUDNESS_TARGETS``); None: the sound as mixed."""
        return self.loudness_box.currentData()

    @property
    def choices(self) -> ExportChoices:
        """What to offer next time; a sound-only export keeps the size a picture was given."""
        height = self.max_height if self._picture else self._remembered.max_height
        return ExportChoices(self.preset, height, self.loudness)

    @property
    def path(self) -> Path:
        """The file to write: a bare name in the suggested folder, the preset's extension
        added when none was typed."""
        path = Path(self.path_edit.text().strip()).expanduser()
        if not path.is_absolute():
            path = self._folder / path
        return path if path.is_dir() else with_extension(path, self._extension(), known=_OUTPUT_EXTENSIONS)

    def _extension(self) -> str:
        return output_extension(PRESETS[self.preset], picture=self._picture)

    def _on_preset_changed(self) -> None:
        path = self.path  # its ending is an output's (typed, or added for the preset before): swapped
        self.path_edit.setText(str(path.with_suffix(self._extension()) if path.suffix.lower() in _OUTPUT_EXTENSIONS
                                   else with_extension(path, self._extension())))
        self._show_size_problem()
        self._say_sound_format()

    def _say_sound_format(self) -> None:
        self.sound_format.setText(f"{sound_format(PRESETS[self.preset])}: sources at other rates are resampled, "
                                  "5.1 and other surround folded down to stereo, mono heard on both sides")

    def _on_size_changed(self) -> None:
        self._show_size_problem()

    @property
    def problem(self) -> str | None:
        """Why the chosen preset's encoder cannot take the picture at the chosen size, or None
        (the render would refuse at once: the same check)."""
        if self._size is None:
            return None
        size = self._size if self.max_height is None else scaled_to_height(self._size, self.max_height)
        problem = picture_size_problem(PRESETS[self.preset], size)
        return as_sentence(problem) if problem is not None else None

    def _show_size_problem(self) -> None:
        problem = self.problem
        self.size_problem.setText(problem or "")
        self.size_problem.setVisible(problem is not None)
        self.export_button.setEnabled(problem is None)

    def accept(self) -> None:
        """Export, asking first when a typed name is a file already (Browse asks itself); a
        file the edit uses as footage is never offered to be replaced."""
        refusal = self.problem  # the Export button is off then: a call from elsewhere is refused too
        if refusal is not None:
            QMessageBox.warning(self, "Choose another preset", refusal)
            return
        problem = ""
        if self.path.is_dir():
            problem = f"{self.path} is a folder: add a file name."
        elif not self.path.parent.is_dir():
            problem = f"The folder {self.path.parent} does not exist."
        elif self._footage(self.path):
            problem = f"{self.path.name} is footage this edit uses: an export there would replace it."
        if problem:  # said here, with the dialog still open and its choices kept
            QMessageBox.warning(self, "Choose another file", problem)
            return
        if self.path != self._browsed and not may_replace(
                self, self.path, "Replace it with this export? (It stays as it is until the export has finished.)"):
            return
        super().accept()

    def _on_browse_clicked(self) -> None:
        kind = "Video" if self._picture else "Sound"
        path, _ = QFileDialog.getSaveFileName(self, "Export to", str(self.path), f"{kind} (*{self._extension()})")
        if path:
            self._browsed = Path(path)
            self.path_edit.setText(path)


def _choose(box: QComboBox, value: object) -> None:
    """Select the enabled item holding ``value``; none (or None): the box stays as it is."""
    index = box.findData(value) if value is not None else -1
    model = box.model()
    if index >= 0 and (not isinstance(model, QStandardItemModel) or model.item(index).isEnabled()):
        box.setCurrentIndex(index)


def _warning_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #e3b341;")  # the scopes' note's amber
    return label


def may_replace(parent: QWidget, path: Path, question: str = "Replace it?") -> bool:
    """Whether a file may be written at ``path``: it is not there, or the editor says so (for
    names typed or completed by vedit; a file dialog asks on its own)."""
    if not path.is_file():
        return True
    answer = QMessageBox.question(
        parent, "Replace the file?", f"{path.name} already exists in {path.parent}. {question}",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def _span(frames: FrameRange, clock: TimelineClock) -> str:
    """"00:00:10:00 – 00:00:20:00 (251 frames, 10.04 s)": first and last frame, and the length,
    exactly in frames (the seconds once read "10.0 s" for 251 frames at 25 fps)."""
    first, last = clock.label(frames.start), clock.label(frames.end_inclusive)
    hundredths = round(frames.duration / clock.rate * 100)
    minutes, rest = divmod(hundredths, 6000)
    seconds = f"{minutes} min {rest / 100:.2f} s" if minutes else f"{rest / 100:.2f} s"
    count = f"{frames.duration} frame{'s' if frames.duration != 1 else ''}"
    return f"{first} – {last} ({count}, {seconds})"
