"""Footage damaged in the middle: the editor is told which file and where, once, when the
analysis meets it, and again in the export's closing box; the work goes on around it."""

from __future__ import annotations

from badmedia import damage_packets
from mediagen import make_video
from PySide6.QtWidgets import QMessageBox


def test_damaged_sound_is_said_where_in_the_export_box(qtbot, window, tmp_path):
    whole = make_video(tmp_path / "talk.mp4", 90, width=64, height=48, rate=30).path
    damaged = damage_packets(whole, tmp_path / "damaged.mp4", "audio", 1.0, 2.0)
    window.open_path(damaged)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 90, timeout=15_000)
    # Said as soon as the waveform is read (sixth editor pass: only the export's box said it).
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "damageBox") is not None, timeout=30_000)
    said = window.findChild(QMessageBox, "damageBox").text()
    assert said.startswith("damaged.mp4: the sound is damaged from 00:00:01:00") and "silence" in said
    job = window.start_export(tmp_path / "out.mp4")
    qtbot.waitUntil(lambda: job.done, timeout=60_000)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "exportDoneBox") is not None, timeout=5_000)
    box = window.findChild(QMessageBox, "exportDoneBox")
    assert box.icon() == QMessageBox.Icon.Warning
    assert "Some footage is damaged:\n• damaged.mp4: the sound is damaged from 00:00:01:00" in box.text()
    assert "Errno" not in box.text()


def test_damaged_picture_is_said_once_and_the_analysis_goes_on(qtbot, window, tmp_path):
    whole = make_video(tmp_path / "take.mp4", 120, width=160, height=96, rate=30, gop=30, audio=False).path
    damaged = damage_packets(whole, tmp_path / "damaged.mp4", "video", 1.0, 1.5)
    window.open_path(damaged)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "damageBox") is not None, timeout=60_000)
    text = window.findChild(QMessageBox, "damageBox").text()
    assert text.startswith("damaged.mp4: the picture is damaged from 00:00:0") and "Errno" not in text
    assert window.findChild(QMessageBox, "analysisErrorBox") is None  # not "stopped early"


def test_damaged_picture_and_sound_are_told_in_one_box(qtbot, window, tmp_path):
    whole = make_video(tmp_path / "take.mp4", 120, width=160, height=96, rate=30, gop=30).path
    picture = damage_packets(whole, tmp_path / "picture.mp4", "video", 1.0, 1.5)
    both = damage_packets(picture, tmp_path / "both.mp4", "audio", 2.5, 3.0)
    window.open_path(both)
    qtbot.waitUntil(lambda: (box := window.findChild(QMessageBox, "damageBox")) is not None
                    and "the picture is damaged" in box.text() and "the sound is damaged" in box.text(), timeout=60_000)
    assert len([b for b in window.findChildren(QMessageBox, "damageBox") if b.isVisible()]) == 1
    assert window.findChild(QMessageBox, "damageBox").text().count("vedit edits and exports") == 1


def test_the_viewer_says_so_on_a_damaged_picture_and_not_elsewhere(qtbot, window, tmp_path):
    """The box is said once; a frame that looks wrong in the viewer later is told again there,
    so it is not taken for a fault of the edit or the grade."""
    whole = make_video(tmp_path / "take.mp4", 120, width=160, height=96, rate=30, gop=30, audio=False).path
    damaged = damage_packets(whole, tmp_path / "damaged.mp4", "video", 1.0, 1.5)
    window.open_path(damaged)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "damageBox") is not None, timeout=60_000)
    window.seek(40)  # 1.33 s: in the damaged stretch
    qtbot.waitUntil(lambda: window.viewer.damage.startswith("damaged.mp4: the picture is damaged from"), timeout=10_000)
    grab = window.viewer.grab().toImage()
    strip = grab.pixelColor(20, grab.height() - 14)  # the strip along the picture's foot
    assert strip.red() > 2 * strip.green()
    window.seek(100)  # 3.33 s: past the next keyframe after it
    qtbot.waitUntil(lambda: window.viewer.damage == "", timeout=10_000)
