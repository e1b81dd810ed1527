"""File ▸ Export EDL…: its locators are the suggestions still to review as the Suggestions
list's threshold shows them, not every suggestion the models made."""

from __future__ import annotations

from mediagen import make_video
from PySide6.QtWidgets import QFileDialog

from vedit_gui.timeline import CUT, FrameRange, Suggestion
from vedit_gui.ui.main_window import MainWindow


def test_the_edl_locates_the_cuts_above_the_lists_threshold(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    clip = make_video(tmp_path / "clip.mp4", 90, width=192, height=108)
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 90, timeout=15_000)
    window.session.add_suggestions((
        Suggestion(CUT, str(clip.path), FrameRange(29, 2), 0.8, "test", {"transition": "cut"}),
        Suggestion(CUT, str(clip.path), FrameRange(59, 2), 0.35, "test", {"transition": "cut"}),
    ))

    def locators(name: str) -> list[str]:
        path = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(path), ""))
        job = window._export_interchange(".edl")
        qtbot.waitUntil(lambda: job.done and path.exists(), timeout=10_000)
        return [line.split()[2] for line in path.read_text().splitlines() if line.startswith("* LOC:")]

    assert locators("default.edl") == ["00:00:01;00"]  # the unsure cut is not one to review
    window.suggestions.threshold.setValue(30)  # the editor lowers the threshold: it is
    assert locators("lowered.edl") == ["00:00:01;00", "00:00:02;00"]
