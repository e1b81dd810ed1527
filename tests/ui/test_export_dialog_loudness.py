"""The export dialog's loudness choice: as mixed unless the editor picks a delivery spec."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from mediagen import make_video
from PySide6.QtWidgets import QMessageBox

from vedit_gui.media.loudness import integrated_loudness
from vedit_gui.render import LOUDNESS_TARGETS
from vedit_gui.ui.export_dialog import ExportDialog
from vedit_gui.ui.main_window import MainWindow


def test_the_sound_is_exported_as_mixed_unless_a_target_is_chosen(qtbot, tmp_path: Path):
    dialog = ExportDialog(tmp_path / "edit.mp4", duration=30, rate=30)
    qtbot.addWidget(dialog)
    box = dialog.loudness_box
    assert [box.itemText(i) for i in range(box.count())] == [
        "As mixed", "\u221214 LUFS (web)", "\u221223 LUFS (EBU R128)", "\u221224 LKFS (ATSC A/85)"]
    assert dialog.loudness is None  # no surprise for an editor who never touches it
    box.setCurrentIndex(box.findData("ebu-r128"))
    assert dialog.loudness == "ebu-r128" and LOUDNESS_TARGETS[dialog.loudness].lufs == -23.0
    assert "-1 dBTP" in box.toolTip() and "-2 dBTP" in box.toolTip()


def test_a_sound_only_export_offers_the_targets_too(qtbot, tmp_path: Path):
    dialog = ExportDialog(tmp_path / "podcast.m4a", duration=30, rate=30, picture=False)
    qtbot.addWidget(dialog)
    dialog.loudness_box.setCurrentIndex(dialog.loudness_box.findData("web"))
    assert dialog.loudness == "web" and dialog.max_height is None


def test_the_export_job_renders_to_the_chosen_target_and_says_what_it_measured(qtbot, window, tmp_path: Path,
                                                                                 monkeypatch):
    """The editor picks EBU R128 in the dialog: the job measures, renders, and the box that
    says the export finished gives the mix's loudness and the file's."""
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    clip = make_video(tmp_path / "clip.mp4", 60, width=64, height=48)
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 60, timeout=15_000)
    out = tmp_path / "broadcast.mp4"

    def choose(dialog) -> int:
        dialog.loudness_box.setCurrentIndex(dialog.loudness_box.findData("ebu-r128"))
        dialog.path_edit.setText(str(out))
        return ExportDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", choose)
    job = window.export()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "exportDoneBox") is not None, timeout=60_000)
    assert job.state == "finished"
    said = window.findChild(QMessageBox, "exportDoneBox").text()
    assert said.startswith(f"Wrote {out}") and "makes it -23.0 LUFS" in said and "(EBU R128)" in said
    with av.open(str(out)) as container:
        sound = np.concatenate([f.to_ndarray() for f in container.decode(audio=0)], axis=1)
    assert integrated_loudness(sound[:, 4800:-4800]) == pytest.approx(-23.0, abs=0.5)
