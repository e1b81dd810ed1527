"""Export settings: where to write and with which preset (the render runs as a job)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ..render import PRESETS


class ExportDialog(QDialog):
    def __init__(self, suggested_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.preset_box = QComboBox()
        for name, preset in PRESETS.items():
            self.preset_box.addItem(f"{name} — {preset.description}" if preset.description else name, name)
        self.path_edit = QLineEdit(str(suggested_path))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._on_browse_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("Preset", self.preset_box)
        form.addRow("File", path_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.preset_box.currentIndexChanged.connect(self._on_preset_changed)
        self.resize(560, self.sizeHint().height())

    @property
    def preset(self) -> str:
        return self.preset_box.currentData()

    @property
    def path(self) -> Path:
        return Path(self.path_edit.text()).expanduser()

    def _on_preset_changed(self) -> None:
        extension = PRESETS[self.preset].extension
        self.path_edit.setText(str(self.path.with_suffix(extension)))

    def _on_browse_clicked(self) -> None:
        extension = PRESETS[self.preset].extension
        path, _ = QFileDialog.getSaveFileName(self, "Export to", str(self.path), f"Video (*{extension})")
        if path:
            self.path_edit.setText(path)
