"""Driving the editor through talk, as the pause and punch-in tests do: open a recording
without cut detection, ask for its pauses, and step to a suggestion from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt

from vedit_gui.timeline import Suggestion
from vedit_gui.ui.main_window import MainWindow


def suggestions_of(window, kind: str) -> list[Suggestion]:
    """The window's suggestions of ``kind``, in source order."""
    return sorted((s for s in window.session.timeline.suggestions if s.kind == kind),
                  key=lambda s: s.source_range.start)


def open_and_find_pauses(qtbot, window, path: str, frames: int, monkeypatch) -> None:
    """Open ``path`` without cut detection, then Suggestions ▸ Suggest Pause Removal."""
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == frames, timeout=15_000)
    window.pauses.suggest_action.trigger()
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)


def step_to(qtbot, window, label: str, count: int) -> None:
    """Filter the panel to ``label``, go to the start and press N ``count`` times."""
    window.suggestions.kind_box.setCurrentText(label)
    window.seek(0)
    window.timeline_view.setFocus()
    for _ in range(count):
        qtbot.keyClick(window.timeline_view, Qt.Key.Key_N)
