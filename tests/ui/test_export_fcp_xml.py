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


def test_an_xml_opens_as_an_untitled_edit_and_is_refused_as_footage(qtbot, window, tmp_path):
    from vedit_gui.media import media_reference, probe
    from vedit_gui.project import write_fcp_xml
    from vedit_gui.timeline import History, Split, timeline_from_media

    clip = make_video(tmp_path / "A001.mp4", 40, width=192, height=108, audio=False)
    history = History(timeline_from_media(media_reference(probe(clip.path))))
    history.apply(Split(15))
    write_fcp_xml(history.timeline, tmp_path / "from premiere.xml")
    window.open_path(tmp_path / "from premiere.xml")
    qtbot.waitUntil(lambda: window.session.timeline.duration == 40, timeout=15_000)
    assert window.session.timeline.tracks[0].cut_frames() == [15]
    assert window.session.project_path is None  # Save asks where to keep it as a project
    window.add_footage([str(tmp_path / "from premiere.xml")])
    qtbot.waitUntil(lambda: window.findChild(QMessageBox) is not None and window.findChild(QMessageBox).isVisible(),
                    timeout=10_000)
    assert "from premiere.xml is an edit, not footage: File ▸ Open opens it" in window.findChild(QMessageBox).text()
