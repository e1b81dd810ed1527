"""File ▸ Export Final Cut Pro XML…: the hand-off to Premiere Pro, beside the EDL."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from fractions import Fraction

from mediagen import make_video
from PySide6.QtWidgets import QFileDialog, QMessageBox


def test_the_file_menu_offers_final_cut_pro_xml_after_the_edl(window):
    names = [action.text() for action in window.file_menu.actions()]
    assert names[names.index("Export EDL…") + 1] == "Export Final Cut Pro XML…"


def test_exporting_writes_the_xml_and_says_what_it_could_not_carry(qtbot, window, tmp_path, monkeypatch):
    clip = make_video(tmp_path / "capture.mp4", 25, width=192, height=108, rate=Fraction(25, 2), audio=False)
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration > 0, timeout=15_000)
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: asked.append(args[3]) or (str(tmp_path / "Ep 1"), ""))
    window.export_xml_action.trigger()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "edlRateBox") is not None, timeout=10_000)
    assert asked == ["Final Cut Pro XML for Premiere Pro (*.xml)"]
    box = window.findChild(QMessageBox, "edlRateBox")
    assert box.windowTitle() == "XML written"
    assert "12.5 fps" in box.text() and "25 fps" in box.text()
    sequence = ET.parse(tmp_path / "Ep 1.xml").getroot().find("sequence")
    assert sequence.findtext("rate/timebase") == "25" and sequence.findtext("duration") == "50"
