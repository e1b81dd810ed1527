"""Punch-ins in the editor, driven as a user would: pauses taken out of a piece to camera,
Suggestions ▸ Suggest Punch-Ins at Jump Cuts, a punch-in inspected (the jump in the compare
strip, the viewer closer), its zoom changed from the keyboard, accepted from the keyboard,
undone."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from mediagen import make_video
from PySide6.QtCore import Qt
from talk_review import open_and_find_pauses, step_to, suggestions_of

from vedit_gui.analysis.punch_ins import jump_cut_pieces
from vedit_gui.media.punch_in import PunchIn
from vedit_gui.render import TimelineVideo
from vedit_gui.samples.talk import synthetic_talk
from vedit_gui.samples.talking_head import TalkingHead
from vedit_gui.timeline import PUNCH_IN, REMOVE_PAUSE, Suggestion, SuggestionStatus
from vedit_gui.ui.main_window import MainWindow

FPS = 25


@pytest.fixture(scope="module")
def piece_to_camera(tmp_path_factory) -> tuple[str, int]:
    talk = synthetic_talk(seed=7, seconds=12.0)
    head = TalkingHead(talk, 160, 90, Fraction(FPS), seed=7)
    path = tmp_path_factory.mktemp("punch-in-ui") / "piece.mp4"
    make_video(path, head.frames, width=160, height=90, rate=Fraction(FPS),
               audio_samples=np.stack([talk.samples, talk.samples]), picture=head)
    return str(path), head.frames


def punch_ins(window) -> list[Suggestion]:
    return suggestions_of(window, PUNCH_IN)


def suggested(qtbot, window, piece_to_camera, monkeypatch) -> list[Suggestion]:
    """Open without cut detection, take every pause out, then ask for punch-ins."""
    open_and_find_pauses(qtbot, window, *piece_to_camera, monkeypatch)
    pauses = [s.id for s in window.session.timeline.suggestions if s.kind == REMOVE_PAUSE]
    window.session.decide(pauses, SuggestionStatus.ACCEPTED)
    window.punch_ins.suggest_action.trigger()
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
    found = punch_ins(window)
    assert found
    return found


def test_suggesting_frames_every_other_piece_and_is_no_undo_step(qtbot, window, piece_to_camera, monkeypatch):
    found = suggested(qtbot, window, piece_to_camera, monkeypatch)
    pieces = jump_cut_pieces(window.session.timeline)
    assert [s.source_range for s in found] == sorted(p.frames for p in pieces)
    assert window.statusBar().currentMessage().startswith(f"Suggested punch-ins on {len(found)} pieces between jump cuts")
    pauses = sum(1 for p in window.session.timeline.suggestions if p.kind == REMOVE_PAUSE)
    assert window.session.history.undo_description == f"Accept {pauses} Suggestions"  # the pauses, not the suggesting
    assert window.suggestions.kind_box.findText("punch-in") >= 0


def test_a_punch_in_inspected_shows_the_jump_and_the_viewer_closer(qtbot, window, piece_to_camera, monkeypatch):
    s = suggested(qtbot, window, piece_to_camera, monkeypatch)[0]
    window._on_timeline_suggestion_clicked(s.id)
    assert window.punch_ins.section.isVisible()
    assert window.inspector.rows()["Framed on"] == "what moves (the speaker)"
    assert window.compare.captions()[2].startswith("After, closer")
    assert [frame for _, frame in window.compare.keys] == [s.params["before"], s.source_range.start, s.source_range.start]
    look = window.preview_look.look
    assert look.effect is not None and look.effect.move == PunchIn.from_params(s.params)
    slider = window.punch_ins.zoom
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)  # 5 % closer
    edited = window.session.timeline.suggestion(s.id)
    assert edited.params["zoom"] == pytest.approx(s.params["zoom"] + 0.05)
    assert window.session.history.undo_description == "Edit Suggestion"
    assert window.punch_ins.zoom_value.text() == f"{edited.params['zoom']:.0%}"
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)  # the same gesture: one undo step for both
    assert window.session.timeline.suggestion(s.id).params["zoom"] == pytest.approx(s.params["zoom"] + 0.10)
    window.session.history.undo()
    assert window.session.timeline.suggestion(s.id).params == s.params
    # Another kind inspected: the viewer no longer shows the punch-in.
    pause = next(p for p in window.session.timeline.suggestions if p.kind == REMOVE_PAUSE)
    window._on_timeline_suggestion_clicked(pause.id)
    assert window.preview_look.look.effect is None and not window.punch_ins.section.isVisible()


def test_accepting_from_the_keyboard_puts_it_in_the_picture_and_undo_takes_it_out(qtbot, window, piece_to_camera, monkeypatch):
    s = suggested(qtbot, window, piece_to_camera, monkeypatch)[0]
    step_to(qtbot, window, "punch-in", 1)
    assert window.punch_ins.section.isVisible()
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_A)
    timeline = window.session.timeline
    assert timeline.suggestion(s.id).status is SuggestionStatus.ACCEPTED
    assert window.session.history.undo_description == "Accept Punch-In"
    frame = next(rng.start for _, clip, rng in timeline.tracks[0].ranges()
                 if getattr(clip, "source_range", None) and clip.source_range.start == s.source_range.start)
    window.undo()
    with TimelineVideo(timeline) as closer, TimelineVideo(window.session.timeline) as as_shot:
        assert np.abs(closer.frame_at(frame).astype(int) - as_shot.frame_at(frame)).mean() > 3
        assert np.array_equal(closer.frame_at(0), as_shot.frame_at(0))
    assert window.session.timeline.suggestion(s.id).status is SuggestionStatus.PENDING


def test_without_jump_cuts_it_says_what_to_do_first(qtbot, window, piece_to_camera, monkeypatch):
    path, frames = piece_to_camera
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == frames, timeout=15_000)
    assert window.punch_ins.suggest() is None
    assert window.statusBar().currentMessage().startswith("No jump cuts to hide: take pauses out first")


def test_accepting_all_shows_the_pieces_closer_in_the_viewer(qtbot, window, piece_to_camera, monkeypatch):
    s = suggested(qtbot, window, piece_to_camera, monkeypatch)[0]
    timeline = window.session.timeline
    frame = next(rng.start for _, clip, rng in timeline.tracks[0].ranges()
                 if getattr(clip, "source_range", None) and clip.source_range.start == s.source_range.start) + 3
    window.seek(frame)
    qtbot.waitUntil(lambda: window.viewer.frame is not None, timeout=5000)
    qtbot.wait(300)  # the exact frame after the quick one
    before = window.viewer.frame.copy()
    window.suggestions.kind_box.setCurrentText("punch-in")
    qtbot.mouseClick(window.suggestions.accept_all_button, Qt.MouseButton.LeftButton)
    assert window.session.timeline.suggestion(s.id).status is SuggestionStatus.ACCEPTED
    qtbot.waitUntil(lambda: np.abs(window.viewer.frame.astype(int) - before).mean() > 3, timeout=5000)
