"""Edit ▸ Match Loudness for Online / for Broadcast, driven as a user would: a quiet and a loud take
brought to one loudness in one undo step, with the limits said in the status bar."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from mediagen import make_video

from vedit_gui.app.loudness_match import TARGET_LUFS
from vedit_gui.media import AudioReader
from vedit_gui.media.loudness import RATE, integrated_loudness
from vedit_gui.timeline import MAX_GAIN_DB
from vedit_gui.ui.main_window import MainWindow

FRAMES = 120  # 4 s at 30 fps: the first half a quiet take, the second a loud one
QUIET, LOUD = 0.05, 0.3


@pytest.fixture(scope="module")
def two_takes(tmp_path_factory) -> str:
    t = np.arange(4 * 48000) / 48000
    level = np.where(t < 2.0, QUIET, LOUD)
    tone = (level * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    path = tmp_path_factory.mktemp("loudness") / "takes.mp4"
    make_video(path, FRAMES, rate=Fraction(30), audio_samples=np.stack([tone, tone]))
    return str(path)


def loudness_after(path: str, start_s: float, seconds: float, gain_db: float) -> float:
    with AudioReader(path, RATE, 2) as reader:
        samples = reader.read(round(start_s * RATE), round(seconds * RATE))
    return integrated_loudness(samples * 10 ** (gain_db / 20))


def test_two_takes_are_brought_to_one_loudness_in_one_step(qtbot, window, two_takes, monkeypatch):
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    window.open_path(two_takes)
    qtbot.waitUntil(lambda: window.session.timeline.duration == FRAMES, timeout=15_000)
    window.session.split_at(FRAMES // 2)
    sounds = window.session.timeline.tracks[1].items
    window.timeline_view.set_selection([c.id for c in sounds])
    job = window.editing.match_loudness()
    qtbot.waitUntil(lambda: job.done, timeout=30_000)
    quiet, loud = (c.gain_db for c in window.session.timeline.tracks[1].items)
    assert window.session.history.undo_description == "Match Loudness"
    assert loudness_after(two_takes, 2.0, 2.0, loud) == pytest.approx(TARGET_LUFS, abs=0.3)
    assert loudness_after(two_takes, 0.0, 2.0, quiet) == pytest.approx(TARGET_LUFS, abs=0.3)
    assert quiet > 0 > loud
    assert window.statusBar().currentMessage().startswith(f"Matched 2 clips to {TARGET_LUFS:g} LUFS (levels ")
    window.undo()
    assert [c.gain_db for c in window.session.timeline.tracks[1].items] == [0.0, 0.0]


def test_a_take_too_quiet_to_reach_the_target_is_held_and_said_so(qtbot, window, tmp_path, monkeypatch):
    t = np.arange(2 * 48000) / 48000
    whisper = (0.004 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    path = make_video(tmp_path / "whisper.mp4", 60, rate=Fraction(30), audio_samples=np.stack([whisper, whisper])).path
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    window.open_path(str(path))
    qtbot.waitUntil(lambda: window.session.timeline.duration == 60, timeout=15_000)
    window.timeline_view.set_selection([window.session.timeline.tracks[1].items[0].id])
    job = window.editing.match_loudness()
    qtbot.waitUntil(lambda: job.done, timeout=30_000)
    assert window.session.timeline.tracks[1].items[0].gain_db == MAX_GAIN_DB
    assert "1 held lower" in window.statusBar().currentMessage()


def test_nothing_selected_says_what_to_select(window):
    assert window.editing.match_loudness() is None
    assert window.statusBar().currentMessage().startswith("Select clips with sound")


def test_the_broadcast_target_is_on_the_edit_menu_too(qtbot, window, two_takes, monkeypatch):
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    window.open_path(two_takes)
    qtbot.waitUntil(lambda: window.session.timeline.duration == FRAMES, timeout=15_000)
    window.session.split_at(FRAMES // 2)
    loud = window.session.timeline.tracks[1].items[1]
    window.timeline_view.set_selection([loud.id])
    (action,) = [a for a in window.menuBar().actions()[1].menu().actions() if "Broadcast" in a.text()]
    assert action.text() == "Match Loudness for Broadcast (-23 LUFS)"
    action.trigger()
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=30_000)
    gain = window.session.timeline.tracks[1].items[1].gain_db
    assert loudness_after(two_takes, 2.0, 2.0, gain) == pytest.approx(-23.0, abs=0.3)
