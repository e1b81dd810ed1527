"""A project whose start timecode its rate cannot have (a damaged or hand-edited file) opens as
the edit it holds, counting from 00:00:00:00, with its playhead and marks, and no error box."""

from __future__ import annotations

import json

from mediagen import make_video
from PySide6.QtWidgets import QMessageBox

from vedit_gui.media import media_reference, probe
from vedit_gui.project import save_project
from vedit_gui.project.start_timecode import START_TIMECODE
from vedit_gui.timeline import timeline_from_media
from vedit_gui.ui.main_window import MainWindow


def test_the_edit_opens_counting_from_zero_with_its_marks(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    clip = make_video(tmp_path / "clip.mp4", 60, width=160, height=96, rate=25)
    path = tmp_path / "edit.vedit"
    save_project(timeline_from_media(media_reference(probe(clip.path))), path,
                 extra={"playhead": 30, "marks": [10, 40]})
    data = json.loads(path.read_text())
    data["timeline"]["metadata"][START_TIMECODE] = "00:00:00:45"  # no frame number at 25 fps
    path.write_text(json.dumps(data))

    with qtbot.capture_exceptions() as errors:
        window.open_path(path)
        qtbot.waitUntil(lambda: window.session.project_path == path and window.viewer.frame is not None,
                        timeout=15_000)
        window.timeline_view.repaint()  # the ruler labels every second from the start timecode
        qtbot.wait(200)
    assert [str(error) for _, error, _ in errors] == []
    assert window.findChild(QMessageBox) is None
    assert window.timecode.text() == "00:00:01:05  /  00:00:02:10"
    assert (window.playback.in_point, window.playback.out_point) == (10, 40)
    assert window.marks_label.text() == "In 00:00:00:10   Out 00:00:01:15"
