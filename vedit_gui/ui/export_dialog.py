"""Export settings: where to write, with which preset, at which size (the edit's, or smaller
for a review copy), and which frames: the whole timeline or the editor's in to out (the render
runs as a job)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
from ..render import PRESETS, output_extension
from ..timeline import FrameRange, frame_to_timecode
from ..timeline.time import Rate

# Endings a render writes (and a sound-only AAC render's): a name ending in another keeps it as
# part of the name ("Montage v1.2" → "Montage v1.2.mp4").
_OUTPUT_EXTENSIONS = frozenset({p.extension for p in PRESETS.values()} | {".m4a"})

# The heights a smaller export is offered at (the picture keeps its shape; never scaled up).
EXPORT_HEIGHTS = (1080, 720, 540, 360)


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
    ) -> None:
        """``marked``: the frames between the editor's in and out marks, offered and chosen
        first (as editors expect once they have marked a range); else the whole timeline.
        ``picture`` False: the timeline is sound only, and so is the file. ``footage``: whether
        a path is a file the edit uses (never to be written over)."""
        super().__init__(parent)
        self._picture = picture
        self._footage = footage
        self._folder = Path(suggested_path).expanduser().parent  # where a bare name goes
        self._browsed: Path | None = None  # a name the file dialog chose (it asked to replace)
        self.setWindowTitle("Export")
        self.range_box = QComboBox()
        if marked is not None:
            self.range_box.addItem(f"In to out: {_span(marked, rate)}", marked)
        self.range_box.addItem(f"Whole timeline: {_span(FrameRange(0, duration), rate)}", None)
        self.preset_box = QComboBox()
        for name, preset in PRESETS.items():
            self.preset_box.addItem(f"{name} — {preset.description}" if preset.description else name, name)
        self.size_box = QComboBox()
        self.size_box.addItem("As the edit", None)
        for lines in EXPORT_HEIGHTS:
            self.size_box.addItem(f"At most {lines} lines (smaller pictures keep theirs)", lines)
        self.size_box.setToolTip("A smaller copy (for review, or to send): the picture is scaled down to "
                                 "this many lines, keeping its shape")
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
        form.addRow("File", path_row)
        if not picture:
            form.addRow(QLabel("This timeline has no picture: the file will hold its sound only."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.preset_box.currentIndexChanged.connect(self._on_preset_changed)
        self.resize(560, self.sizeHint().height())

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

    def accept(self) -> None:
        """Export, asking first when a typed name is a file already (Browse asks itself); a
        file the edit uses as footage is never offered to be replaced."""
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


def may_replace(parent: QWidget, path: Path, question: str = "Replace it?") -> bool:
    """Whether a file may be written at ``path``: it is not there, or the editor says so (for
    names typed or completed by vedit; a file dialog asks on its own)."""
    if not path.is_file():
        return True
    answer = QMessageBox.question(
        parent, "Replace the file?", f"{path.name} already exists in {path.parent}. {question}",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def _span(frames: FrameRange, rate: Rate) -> str:
    """"00:00:05;00 – 00:00:09;29 (5.0 s)": first and last frame, and the length."""
    first, last = frame_to_timecode(frames.start, rate), frame_to_timecode(frames.end_inclusive, rate)
    seconds = float(frames.duration / rate)
    length = f"{seconds:.1f} s" if seconds < 60 else f"{int(seconds // 60)} min {int(seconds % 60)} s"
    return f"{first} – {last} ({length})"
