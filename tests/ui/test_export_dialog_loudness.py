"""The export dialog's loudness choice: as mixed unless the editor picks a delivery spec."""

from __future__ import annotations

from pathlib import Path

from vedit_gui.render import LOUDNESS_TARGETS
from vedit_gui.ui.export_dialog import ExportDialog


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
