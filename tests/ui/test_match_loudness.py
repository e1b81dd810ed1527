"""Edit ▸ Match Loudness for Online / for Broadcast, driven as a user would: a quiet and a loud take
brought to one loudness in one undo step, with the limits said in the status bar."""

from __future__ import annotations

import re
from fractions import Fraction

import numpy as np
import pytest
from mediagen import make_video
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from vedit_gui.app.loudness_match import TARGET_LUFS, played_together
from vedit_gui.media import AudioReader
from vedit_gui.media.loudness import RATE, integrated_loudness
from vedit_gui.timeline import (
    MAX_GAIN_DB,
    FrameRange,
    MediaReference,
    OverlayMedia,
    SetTrackEnabled,
    TrackKind,
    timeline_from_media,
)
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
    # Which clip, where it ends up, and what held it: the editor can see who is still quiet.
    said = window.statusBar().currentMessage()
    assert re.search(r"1 held lower: whisper\.mp4 at -\d+\.\d LUFS \(\+12 dB is the most\)", said), said


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


def test_clips_heard_at_once_are_matched_each_and_the_mix_is_measured_and_said(qtbot, window, tmp_path, monkeypatch):
    """Dialogue on A1 and B-roll sound laid over it on A2, both selected: each is matched on
    its own, so where they play at once the mix is louder than the target. The status bar
    says what the edit's mix measures there and over all of it, not the target alone."""
    t = np.arange(4 * 48000) / 48000
    talk = (0.05 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    path = make_video(tmp_path / "talk.mp4", FRAMES, rate=Fraction(30), audio_samples=np.stack([talk, talk])).path
    t = np.arange(2 * 48000) / 48000
    over = (0.2 * np.sin(2 * np.pi * 660 * t)).astype(np.float32)
    broll = make_video(tmp_path / "broll.mp4", 60, rate=Fraction(30), audio_samples=np.stack([over, over])).path
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    window.open_path(str(path))
    qtbot.waitUntil(lambda: window.session.timeline.duration == FRAMES, timeout=15_000)
    window.seek(30)  # laid over from 1 s to 3 s
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(broll)], "")))
    window.timeline_view.setFocus()
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_I,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(window.session.timeline.tracks) == 4, timeout=15_000)
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=30_000)  # the new footage's analysis said its piece
    sounds = [c for track in window.session.timeline.tracks_of(TrackKind.AUDIO) for c in track.clips()]
    window.timeline_view.set_selection([c.id for c in sounds])
    job = window.editing.match_loudness()
    qtbot.waitUntil(lambda: job.done, timeout=30_000)
    assert "each on its own" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=30_000)  # then the mix is measured
    message = window.statusBar().currentMessage()
    talk_gain, over_gain = (c.gain_db for track in window.session.timeline.tracks_of(TrackKind.AUDIO)
                            for c in track.clips())
    assert loudness_after(str(path), 0.0, 4.0, talk_gain) == pytest.approx(TARGET_LUFS, abs=0.3)
    with AudioReader(str(path), RATE, 2) as a, AudioReader(str(broll), RATE, 2) as b:
        mixed = a.read(RATE, 2 * RATE) * 10 ** (talk_gain / 20) + b.read(0, 2 * RATE) * 10 ** (over_gain / 20)
    together = integrated_loudness(mixed)
    assert together > TARGET_LUFS + 2.5  # two tones at the target each, heard at once
    found = re.search(r"the mix over them measures (-?[\d.]+) LUFS, (-?[\d.]+) LUFS where they play at once "
                      r"on different tracks \(1 place, 2\.0 s: \+([\d.]+) dB against the target\)\.$", message)
    assert found, message
    whole, at_once, louder = map(float, found.groups())
    assert at_once == pytest.approx(together, abs=0.2)
    assert louder == pytest.approx(at_once - TARGET_LUFS, abs=0.11)
    assert TARGET_LUFS < whole < at_once


def test_where_selected_clips_play_at_once_is_found_on_the_tracks_that_are_heard():
    talk = MediaReference("talk.mp4", Fraction(30), 120)
    broll = MediaReference("broll.mp4", Fraction(30), 60)
    timeline = OverlayMedia((broll,), 30).apply(timeline_from_media(talk))  # V1 V2 A1 A2
    timeline = OverlayMedia((broll,), 100).apply(timeline)  # and again, 100 to 160, on A3
    ids = [c.id for track in timeline.tracks_of(TrackKind.AUDIO) for c in track.clips()]
    assert played_together(timeline, ids) == [FrameRange(30, 60), FrameRange(100, 20)]
    assert played_together(timeline, ids[:2]) == [FrameRange(30, 60)]
    assert played_together(timeline, ids[1:]) == []  # one after the other
    muted = SetTrackEnabled((timeline.tracks_of(TrackKind.AUDIO)[1].id,), False).apply(timeline)
    assert played_together(muted, ids) == [FrameRange(100, 20)]
