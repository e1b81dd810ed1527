"""Stabilisation in the editor, driven as a user would: Suggestions ▸ Suggest Stabilization,
the suggestion inspected with the viewer showing the steadied shot, smoothing changed with
the keyboard, accept / reject / undo."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest
from mediagen import make_video
from PySide6.QtCore import Qt

from vedit_gui.app.thumbnail_store import rgb_from_image as rgb
from vedit_gui.media import FrameReader
from vedit_gui.media.stabilize import Stabilization, stabilize
from vedit_gui.project import load_project
from vedit_gui.samples.handheld import HandheldShot, textured_world
from vedit_gui.timeline import CUT, STABILIZE, FrameRange, Suggestion, SuggestionStatus
from vedit_gui.ui.main_window import MainWindow

WIDTH, HEIGHT, SHOT = 320, 180, 60


@pytest.fixture(scope="module")
def steady_then_shaky(tmp_path_factory) -> str:
    world = textured_world(700, 420, seed=21)
    pictures = (HandheldShot(world, (WIDTH, HEIGHT), SHOT, pan=0.2, shake=0.0, seed=1).pictures()
                + HandheldShot(world[::-1].copy(), (WIDTH, HEIGHT), SHOT, pan=0.1, shake=1.0, seed=2).pictures())
    path = tmp_path_factory.mktemp("stabilize-ui") / "handheld.mp4"
    make_video(path, len(pictures), width=WIDTH, height=HEIGHT, rate=Fraction(30), audio=False,
               picture=lambda i: pictures[i], options={"crf": "16"})
    return str(path)


def stabilizations(window) -> list[Suggestion]:
    return [s for s in window.session.timeline.suggestions if s.kind == STABILIZE]


def suggested(qtbot, window, path, monkeypatch) -> Suggestion:
    """Open without cut detection, accept the cut between the shots, suggest stabilisation."""
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 2 * SHOT and window.viewer.frame is not None, timeout=15_000)
    cut = Suggestion(CUT, path, FrameRange(SHOT - 1, 2), 0.9, "test", {"transition": "cut"})
    window.session.add_suggestions((cut,))
    window.session.decide([cut.id], SuggestionStatus.ACCEPTED)
    window.stabilizing.suggest_action.trigger()
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
    # Background news: it waits for the message before it to have been read.
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Suggested stabilization: 1 shot.", timeout=5_000)
    found = stabilizations(window)
    assert len(found) == 1
    return found[0]


def steadied(path: str, suggestion: Suggestion, frame: int) -> np.ndarray:
    stab = Stabilization.from_params(suggestion.params)
    with FrameReader(path) as reader:
        return stabilize(reader.read(frame), stab.matrix(frame, WIDTH, HEIGHT))


def shows(qtbot, window, expected: np.ndarray) -> None:
    qtbot.waitUntil(lambda: window.viewer.frame is not None and np.array_equal(window.viewer.frame, expected), timeout=10_000)


def test_only_the_shaky_shot_is_suggested_and_the_viewer_previews_it(qtbot, window, steady_then_shaky, monkeypatch):
    s = suggested(qtbot, window, steady_then_shaky, monkeypatch)
    assert s.source_range == FrameRange(SHOT, SHOT) and s.status is SuggestionStatus.PENDING
    assert window.session.history.undo_description == "Accept Cut"  # suggesting is no undo step
    window._on_timeline_suggestion_clicked(s.id)
    assert window.stabilizing.section.isVisible()
    assert "% of the picture's width" in window.inspector.rows()["Shake"]
    assert window.stabilizing.crop.text().startswith("Crop: ")
    assert window.compare.title.text().endswith("pending: play the shot (Space) to judge it")
    # Which shot it is: its first, middle and last frames as filmed (three empty boxes before).
    assert window.compare.keys == [(steady_then_shaky, f) for f in (SHOT, SHOT + (SHOT - 1) // 2, 2 * SHOT - 1)]
    assert [c.split("\n")[0] for c in window.compare.captions()] == ["First", "Middle", "Last"]
    qtbot.waitUntil(lambda: all(window.compare.image(i) is not None for i in range(3)), timeout=10_000)
    with FrameReader(steady_then_shaky) as reader:
        as_filmed = reader.read(SHOT).astype(int).mean()
    assert abs(rgb(window.compare.image(0)).astype(int).mean() - as_filmed) < 8
    # The playhead goes to the shot; the viewer shows it steadied before it is accepted.
    shows(qtbot, window, steadied(steady_then_shaky, s, window.playhead))
    # Something else inspected: the shot is shown as it is again.
    window.inspector.show_nothing()
    assert not window.stabilizing.section.isVisible() and window.preview_look.look.effect is None
    with FrameReader(steady_then_shaky) as reader:
        shows(qtbot, window, reader.read(window.playhead))


def test_smoothing_from_the_keyboard_accept_reject_and_undo(qtbot, window, steady_then_shaky, monkeypatch):
    s = suggested(qtbot, window, steady_then_shaky, monkeypatch)
    window._on_timeline_suggestion_clicked(s.id)
    slider = window.stabilizing.smoothing
    before = slider.value()
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    edited = window.session.timeline.suggestion(s.id)
    assert edited.params["smoothing_s"] == pytest.approx((before + 1) / 10)
    assert window.session.history.undo_description == "Edit Suggestion"
    assert window.stabilizing.smoothing_value.text() == f"{(before + 1) / 10:.1f} s"
    shows(qtbot, window, steadied(steady_then_shaky, edited, window.playhead))
    # A second press joins the first: one undo step takes both back.
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert window.session.timeline.suggestion(s.id).params["smoothing_s"] == pytest.approx((before + 2) / 10)
    window.undo()
    assert window.session.timeline.suggestion(s.id).params == s.params
    window.redo()
    edited = window.session.timeline.suggestion(s.id)

    qtbot.mouseClick(window.stabilizing.accept_button, Qt.MouseButton.LeftButton)
    assert window.session.timeline.suggestion(s.id).status is SuggestionStatus.ACCEPTED
    assert not window.stabilizing.accept_button.isEnabled()
    # Accepted, it is in the picture with nothing inspected, as the export will show it.
    window.inspector.show_nothing()
    shows(qtbot, window, steadied(steady_then_shaky, edited, window.playhead))

    window.undo()
    assert window.session.timeline.suggestion(s.id).status is SuggestionStatus.PENDING
    window._on_timeline_suggestion_clicked(s.id)
    qtbot.mouseClick(window.stabilizing.reject_button, Qt.MouseButton.LeftButton)
    assert window.session.timeline.suggestion(s.id).status is SuggestionStatus.REJECTED


def test_a_rerun_never_overrides_a_decision(qtbot, window, steady_then_shaky, monkeypatch):
    s = suggested(qtbot, window, steady_then_shaky, monkeypatch)
    window.session.decide([s.id], SuggestionStatus.ACCEPTED)
    window.stabilizing.suggest_action.trigger()
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
    found = stabilizations(window)
    assert [(x.id, x.status) for x in found] == [(s.id, SuggestionStatus.ACCEPTED)]


def test_nothing_to_stabilize_says_so(window):
    assert window.stabilizing.suggest() is None
    assert window.statusBar().currentMessage() == "Nothing to stabilize: open a video first."


def test_the_keyboard_review_stops_at_a_shaky_shot_and_accepts_it(qtbot, window, steady_then_shaky, monkeypatch):
    s = suggested(qtbot, window, steady_then_shaky, monkeypatch)
    window.suggestions.kind_box.setCurrentText("stabilize")
    assert window.suggestions.row_count() == 1
    window.seek(0)
    window.timeline_view.setFocus()
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_N)
    assert window.playhead == s.cut_frame  # the middle of the shot
    assert window.stabilizing.section.isVisible()
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_A)
    assert window.session.timeline.suggestion(s.id).status is SuggestionStatus.ACCEPTED


def test_an_accepted_stabilization_is_saved_and_exported(qtbot, window, steady_then_shaky, monkeypatch, tmp_path):
    s = suggested(qtbot, window, steady_then_shaky, monkeypatch)
    window.session.decide([s.id], SuggestionStatus.ACCEPTED)
    accepted = window.session.timeline.suggestion(s.id)
    project = tmp_path / "steady.vedit"
    task = window.session.save(project)
    qtbot.waitUntil(task.done, timeout=10_000)
    reopened = load_project(project).timeline.suggestion(s.id)
    assert task.result() and reopened == accepted
    out = tmp_path / "steady.mp4"
    job = window.start_export(out)
    qtbot.waitUntil(lambda: job.done, timeout=60_000)
    with av.open(str(out)) as container:
        exported = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    # The shaky shot is exported steadied: each of its frames is the steadied source frame
    # (within what encoding changes), not the source frame as shot.
    for frame in (SHOT + 10, SHOT + 40):
        with FrameReader(steady_then_shaky) as reader:
            as_shot = reader.read(frame).astype(int)
        want = steadied(steady_then_shaky, accepted, frame).astype(int)
        got = exported[frame].astype(int)
        assert np.abs(got - want).mean() < 0.5 * np.abs(got - as_shot).mean()


def test_a_clip_can_be_stabilized_by_hand_and_undone(qtbot, window, steady_then_shaky, monkeypatch):
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    window.open_path(steady_then_shaky)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 2 * SHOT, timeout=15_000)
    window.stabilizing.hand_action.trigger()  # nothing selected yet
    assert window.statusBar().currentMessage().startswith("Select a clip on a picture track")
    clip = window.session.timeline.tracks[0].items[0]
    window.timeline_view.set_selection([clip.id])
    assert window.stabilizing.hand_section.isVisible()
    qtbot.mouseClick(window.stabilizing.hand_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(stabilizations(window)), timeout=60_000)
    (s,) = stabilizations(window)
    assert s.status is SuggestionStatus.ACCEPTED and s.producer == "editor"
    assert s.source_range == FrameRange(0, 2 * SHOT)
    assert window.session.history.undo_description == "Stabilize Clip"
    assert window.statusBar().currentMessage().startswith(f"Stabilized {clip.title}: shake ")
    # The clip, still selected, is stabilized: its stabilization is shown, to change or reject.
    assert not window.stabilizing.hand_section.isVisible() and window.stabilizing.section.isVisible()
    assert window.preview_look.look.effect is not None
    window.undo()
    assert stabilizations(window) == [] and window.stabilizing.hand_section.isVisible()


def test_the_closing_message_counts_the_shots_below_the_threshold(qtbot, window, steady_then_shaky, monkeypatch):
    suggested(qtbot, window, steady_then_shaky, monkeypatch)
    window.suggestions.threshold.setValue(100)
    window.stabilizing.suggest_action.trigger()
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
    # Background news: it waits for the message before it to have been read.
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Suggested stabilization: 1 shot (1 below the threshold).", timeout=5_000)


def test_opening_a_video_suggests_stabilization_after_its_cuts_and_grades(qtbot, window, steady_then_shaky):
    window.open_path(steady_then_shaky)
    qtbot.waitUntil(lambda: bool(stabilizations(window)), timeout=120_000)
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=120_000)
    assert any(s.source_range.contains(SHOT + SHOT // 2) and s.confidence >= 0.5 for s in stabilizations(window))
    assert not any(s.source_range.end_exclusive <= SHOT for s in stabilizations(window))  # the steady shot
    assert window.session.history.can_undo is False  # suggestions are not an undo step
