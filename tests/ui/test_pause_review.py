"""Pause removal in the editor, driven as a user would: Suggestions ▸ Suggest Pause Removal,
a pause inspected (the jump cut in the compare strip), the breath kept changed with the
keyboard, accept from the keyboard (the edit closes up, picture and sound), undo, export."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest
from mediagen import make_video
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from talk_review import open_and_find_pauses, step_to, suggestions_of

from vedit_gui.samples.talk import synthetic_talk
from vedit_gui.timeline import REMOVE_PAUSE, Suggestion, SuggestionStatus, TrackKind
from vedit_gui.ui.main_window import MainWindow

FPS = 25


@pytest.fixture(scope="module")
def talk_video(tmp_path_factory) -> tuple[str, int]:
    talk = synthetic_talk(seed=11, seconds=12.0, snr_db=35.0)
    frames = int(talk.seconds * FPS)
    path = tmp_path_factory.mktemp("pauses-ui") / "talk.mp4"
    make_video(path, frames, width=96, height=54, rate=Fraction(FPS),
               audio_samples=np.stack([talk.samples, talk.samples]))
    return str(path), frames


def pauses(window) -> list[Suggestion]:
    return suggestions_of(window, REMOVE_PAUSE)


def suggested(qtbot, window, talk_video, monkeypatch) -> list[Suggestion]:
    """Open without cut detection, then ask for pauses from the menu."""
    open_and_find_pauses(qtbot, window, *talk_video, monkeypatch)
    found = pauses(window)
    assert found
    return found


def test_suggesting_says_what_was_found_and_is_no_undo_step(qtbot, window, talk_video, monkeypatch):
    found = suggested(qtbot, window, talk_video, monkeypatch)
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Suggested pause removal: talk.mp4: {len(found)} pauses of 0.75 s or more (")
    assert message.endswith(" s to take out).")
    assert not window.session.history.can_undo
    assert window.suggestions.kind_box.findText("pause") >= 0


def test_a_pause_inspected_shows_the_jump_cut_and_keeps_more_from_the_keyboard(qtbot, window, talk_video, monkeypatch):
    s = suggested(qtbot, window, talk_video, monkeypatch)[1]
    window._on_timeline_suggestion_clicked(s.id)
    assert window.pauses.section.isVisible()
    rows = window.inspector.rows()
    assert rows["Pause"] == f"{s.source_range.duration / FPS:.2f} s"
    assert rows["Removes"] == f"{s.removed_range.duration / FPS:.2f} s"
    assert window.compare.title.text().startswith("Pause removal in talk.mp4")
    removed = s.removed_range
    assert [frame for _, frame in window.compare.keys] == [removed.start - 1, removed.end_exclusive,
                                                              removed.end_exclusive + 1]
    slider = window.pauses.keep
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)  # 0.1 s more
    edited = window.session.timeline.suggestion(s.id)
    assert edited.params["keep"] == s.params["keep"] + round(0.1 * FPS)
    assert edited.removed_range.duration == s.removed_range.duration - round(0.1 * FPS)
    assert window.session.history.undo_description == "Edit Suggestion"
    assert window.pauses.removes.text().startswith(f"Takes out {edited.removed_range.duration / FPS:.2f} s of a ")
    qtbot.keyClick(slider, Qt.Key.Key_PageDown)  # the same run of keys: one undo step for both
    window.session.history.undo()
    assert window.session.timeline.suggestion(s.id).params == s.params


def test_accepting_from_the_keyboard_closes_the_edit_up_and_undo_restores_it(qtbot, window, talk_video, monkeypatch):
    path, frames = talk_video
    s = suggested(qtbot, window, talk_video, monkeypatch)[1]
    step_to(qtbot, window, "pause", 2)
    assert window.pauses.section.isVisible()
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_A)
    timeline = window.session.timeline
    assert timeline.suggestion(s.id).status is SuggestionStatus.ACCEPTED
    assert timeline.duration == frames - s.removed_range.duration
    assert window.session.history.undo_description == "Accept Pause Removal"
    for track in timeline.tracks:  # picture and sound both lose the pause, and stay in sync
        assert [(c.source_range.start, c.source_range.end_exclusive) for c in track.clips()] == [
            (0, s.removed_range.start), (s.removed_range.end_exclusive, frames)]
    assert not window.pauses.keep.isEnabled()  # accepted: undo to keep more
    window.undo()
    assert window.session.timeline.duration == frames
    assert window.session.timeline.suggestion(s.id).status is SuggestionStatus.PENDING


def test_play_around_plays_the_jump_cut_before_it_is_accepted(qtbot, window, talk_video, monkeypatch):
    """Shift+K on a pending pause: the edit as accepting would leave it plays around the join,
    the playhead skips what would go and comes back; nothing in the edit changes."""
    path, frames = talk_video
    s = suggested(qtbot, window, talk_video, monkeypatch)[1]
    step_to(qtbot, window, "pause", 2)
    assert window.pauses.play_button.isEnabled()
    before, playhead = window.session.timeline, window.playhead
    seen: list[int] = []
    window.playback.position_changed.connect(seen.append)
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_K, Qt.KeyboardModifier.ShiftModifier)
    assert window.playback.playing_around
    assert window.statusBar().currentMessage().startswith("Playing the pause as if taken out")
    qtbot.waitUntil(lambda: not window.playback.playing, timeout=10_000)
    removed = s.removed_range  # the source's frames are the edit's here
    assert seen[-1] == window.playhead == playhead  # back where it was, so A decides this pause
    assert not any(removed.start <= frame < removed.end_exclusive for frame in seen[:-1])
    assert max(seen) >= removed.end_exclusive + 2 * FPS - 2  # two seconds after the join
    assert window.session.timeline is before and not window.session.history.can_undo
    assert window.session.timeline.suggestion(s.id).status is SuggestionStatus.PENDING
    # Accepted, the pause is out of the edit: Play Around plays the edit as it is.
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_A)
    window._on_timeline_suggestion_clicked(s.id)
    assert window.pauses.section.isVisible() and not window.pauses.play_button.isEnabled()
    window.play_around()
    assert window.playback.playing_around and window.playback.timeline is window.session.timeline
    window.playback.pause()


def test_accept_all_removes_every_pause_and_the_export_is_that_much_shorter(qtbot, window, talk_video, monkeypatch, tmp_path):
    path, frames = talk_video
    found = suggested(qtbot, window, talk_video, monkeypatch)
    window.suggestions.kind_box.setCurrentText("pause")
    qtbot.mouseClick(window.suggestions.accept_all_button, Qt.MouseButton.LeftButton)
    removed = sum(s.removed_range.duration for s in found)
    timeline = window.session.timeline
    assert timeline.duration == frames - removed
    assert {t.kind for t in timeline.tracks} == {TrackKind.VIDEO, TrackKind.AUDIO}
    assert all(track.duration == timeline.duration for track in timeline.tracks)
    out = tmp_path / "tight.mp4"
    job = window.start_export(out)
    qtbot.waitUntil(lambda: job.done, timeout=60_000)
    with av.open(str(out)) as container:
        pictures = sum(1 for _ in container.decode(video=0))
        seconds = float(container.streams.audio[0].duration * container.streams.audio[0].time_base)
    assert pictures == frames - removed
    assert seconds == pytest.approx((frames - removed) / FPS, abs=0.1)


def test_accepting_pauses_says_what_it_takes_from_footage_laid_over_them(
        qtbot, window, talk_video, monkeypatch, tmp_path):
    """B-roll laid over the whole talk (Ctrl+Shift+I at the start), then every pause accepted:
    the tracks are sync-locked, so the B-roll's picture and sound lose what lies over the
    pauses, and the status bar says so rather than only counting the pauses."""
    path, frames = talk_video
    broll = tmp_path / "broll.mp4"
    make_video(broll, frames, width=96, height=54, rate=Fraction(FPS))  # a tone: no pauses of its own
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == frames, timeout=15_000)
    window.seek(0)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(broll)], "")))
    window.timeline_view.setFocus()
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_I,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(window.session.timeline.tracks) == 4, timeout=15_000)
    window.pauses.suggest_action.trigger()
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
    found = pauses(window)
    assert found and {s.source for s in found} == {path}
    window.suggestions.kind_box.setCurrentText("pause")
    qtbot.mouseClick(window.suggestions.accept_all_button, Qt.MouseButton.LeftButton)
    timeline = window.session.timeline
    removed = sum(s.removed_range.duration for s in found)
    for track in timeline.tracks:  # the B-roll is as long as the talk: each loses every pause
        assert track.duration == frames - removed
    message = window.statusBar().currentMessage()
    assert message == (f"Accepted {len(found)} suggestions: {len(found)} pause removals; footage laid over "
                       f"them (broll.mp4 on V2, A2) shortened by {removed} frames, sync-locked.")


def test_a_rerun_never_duplicates_a_pause_nor_overrides_a_decision(qtbot, window, talk_video, monkeypatch):
    found = suggested(qtbot, window, talk_video, monkeypatch)
    window.session.decide([found[0].id], SuggestionStatus.REJECTED)
    window.pauses.suggest_action.trigger()
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
    again = pauses(window)
    assert len(again) == len(found)
    assert again[0].id == found[0].id and again[0].status is SuggestionStatus.REJECTED


def test_asking_again_for_longer_pauses_keeps_what_the_editor_decided_or_set(qtbot, window, talk_video, monkeypatch):
    """Suggest Pause Removal ▸ 1.5 s or more after 0.5 s: the shorter pending pauses go, a
    decided one stays, and a pause found by both runs keeps the breath the editor set."""
    path, frames = talk_video
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == frames, timeout=15_000)
    window.pauses.suggest_actions[0.5].trigger()
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
    many = pauses(window)
    assert "pauses of 0.5 s or more" in window.statusBar().currentMessage()
    short = [s for s in many if s.source_range.duration < 1.5 * FPS]
    long = [s for s in many if s.source_range.duration >= 1.6 * FPS]
    assert short and long
    window.session.decide([short[0].id], SuggestionStatus.REJECTED)
    window._on_timeline_suggestion_clicked(long[0].id)
    window.pauses.keep.setFocus()
    qtbot.keyClick(window.pauses.keep, Qt.Key.Key_PageUp)
    edited = window.session.timeline.suggestion(long[0].id)
    window.pauses.suggest_actions[1.5].trigger()
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
    after = {s.id: s for s in pauses(window)}
    assert after[short[0].id].status is SuggestionStatus.REJECTED
    assert after[long[0].id] == edited
    assert not any(s.id in after for s in short[1:])
    assert all(s.source_range.duration >= 1.5 * FPS - 1 for s in after.values() if not s.is_decided)
    assert window.session.history.undo_description == "Edit Suggestion"  # suggesting is no undo step


def test_nothing_with_sound_says_so(window):
    assert window.pauses.suggest() is None
    assert window.statusBar().currentMessage() == "No pauses to find: nothing in the edit has sound."


def test_play_tightened_plays_the_edit_without_every_pending_pause(qtbot, window, talk_video, monkeypatch):
    found = suggested(qtbot, window, talk_video, monkeypatch)
    window.session.decide([found[0].id], SuggestionStatus.REJECTED)  # a rejected pause stays in
    window.seek(0)
    before = window.session.timeline
    seen: list[int] = []
    window.playback.position_changed.connect(seen.append)
    qtbot.keyClick(window, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.playback.playing_around
    assert window.statusBar().currentMessage().startswith(f"Playing as if {len(found) - 1} pending pauses were taken out")
    qtbot.waitUntil(lambda: not window.playback.playing, timeout=20_000)
    for s in found[1:]:  # the source's frames are the edit's here
        assert not any(s.removed_range.contains(frame) for frame in seen)
    assert any(found[0].removed_range.contains(frame) for frame in seen)
    assert window.session.timeline is before and window.session.history.undo_description == "Reject Pause Removal"


def test_play_tightened_without_pauses_says_what_to_do(window):
    assert not window.pauses.play_tightened()
    assert window.statusBar().currentMessage().startswith("No pending pause above the threshold takes time out of the edit")


def test_play_around_far_from_the_inspected_pause_plays_the_edit_there(qtbot, window, talk_video, monkeypatch):
    path, frames = talk_video
    s = suggested(qtbot, window, talk_video, monkeypatch)[1]
    window._on_timeline_suggestion_clicked(s.id)
    far = frames - 1 if s.removed_range.start < frames // 2 else 0
    window.seek(far)
    window.timeline_view.setFocus()
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_K, Qt.KeyboardModifier.ShiftModifier)
    assert window.playback.playing_around
    assert not window.statusBar().currentMessage().startswith("Playing the pause as if taken out")
    window.playback.pause()


def test_deciding_a_pause_during_play_tightened_stops_it(qtbot, window, talk_video, monkeypatch):
    found = suggested(qtbot, window, talk_video, monkeypatch)
    window.seek(0)
    assert window.pauses.play_tightened() and window.playback.playing_around
    window.session.decide([found[-1].id], SuggestionStatus.REJECTED)  # what plays is out of date now
    assert not window.playback.playing and not window.playback.playing_around
