"""Grades in the editor, driven as a user would: a suggestion per shot, sliders with a live
preview, before/after and the split wipe, accept / reject / undo, shot match, and an export
that carries the accepted grade."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest
from mediagen import index_frame
from PySide6.QtCore import QPoint, Qt

from vedit_gui.analysis.grades import ShotGrade, shot_ranges
from vedit_gui.app import grade_suggest
from vedit_gui.app.thumbnail_store import rgb_from_image as rgb
from vedit_gui.media import FrameReader
from vedit_gui.media.grade import Grade, apply_grade
from vedit_gui.media.scopes import ScopeKind, scope_picture, waveform
from vedit_gui.project import load_project
from vedit_gui.timeline import (
    CUT,
    GRADE,
    AddMarker,
    FrameRange,
    Marker,
    Suggestion,
    SuggestionStatus,
)
from vedit_gui.ui.main_window import MainWindow

FRAMES = 40
CUT_AT = 20
WARM = Grade(temperature=1.0)
COOL = Grade(temperature=-1.0, exposure=-0.7)
FAKE = Grade(temperature=-0.4, contrast=1.1)


@pytest.fixture(scope="module")
def two_shots(tmp_path_factory):
    """40 frames, 160×96: a warm shot, then from frame 20 a cool, darker one."""
    path = tmp_path_factory.mktemp("grades") / "two_shots.mp4"
    rate = Fraction(30000, 1001)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=rate)
        stream.width, stream.height, stream.pix_fmt = 160, 96, "yuv420p"
        stream.codec_context.options = {"preset": "ultrafast", "crf": "12"}
        for i in range(FRAMES):
            cast = WARM if i < CUT_AT else COOL
            frame = av.VideoFrame.from_ndarray(apply_grade(index_frame(i, 160, 96), cast), format="rgb24")
            frame.pts, frame.time_base = i, 1 / rate
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return str(path)


def source_frame(path: str, index: int) -> np.ndarray:
    with FrameReader(path) as reader:
        return reader.read(index)


def grades(window) -> list[Suggestion]:
    found = [s for s in window.session.timeline.suggestions if s.kind == GRADE]
    return sorted(found, key=lambda s: s.source_range.start)


def idle(qtbot, window, timeout=60_000) -> None:
    qtbot.waitUntil(lambda: not window.jobs.jobs or grading_failed(window), timeout=timeout)
    assert not grading_failed(window), window.statusBar().currentMessage()


def grading_failed(window) -> bool:
    return window.statusBar().currentMessage().startswith("Grade suggestions stopped")


def fake_model(monkeypatch, confidences: tuple[float, ...] = ()) -> None:
    """The same grade for every shot, so the editor's side is tested apart from the model's
    weights (the first test runs the real model); confident (0.9) unless ``confidences`` say
    otherwise, shot by shot."""

    def analyze(source, transitions, frames, *, progress=None, cancel=None, **_options):
        if progress is not None:
            progress(1.0)
        shots = shot_ranges(transitions, frames)
        sure = confidences or (0.9,) * len(shots)
        return tuple(ShotGrade(r.start, r.end_inclusive, FAKE, c) for r, c in zip(shots, sure, strict=True))

    monkeypatch.setattr(grade_suggest, "analyze_grades", analyze)


def open_with_cut(qtbot, window, path, monkeypatch, confidences: tuple[float, ...] = ()) -> None:
    """Open without cut detection (tests stay fast), then accept a cut at frame 20."""
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    fake_model(monkeypatch, confidences)
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == FRAMES and window.viewer.frame is not None, timeout=15_000)
    cut = Suggestion(CUT, path, FrameRange(CUT_AT - 1, 2), 0.9, "test", {"transition": "cut"})
    window.session.add_suggestions((cut,))
    window.session.decide([cut.id], SuggestionStatus.ACCEPTED)
    window.suggestions.threshold.setValue(0)  # every grade counts for N/P/A/R, whatever its confidence
    window.grading.suggest_action.trigger()
    idle(qtbot, window)


def inspect(qtbot, window, suggestion: Suggestion) -> None:
    window._on_timeline_suggestion_clicked(suggestion.id)
    assert window.grading.section.isVisible()


def shows(qtbot, window, expected: np.ndarray) -> None:
    qtbot.waitUntil(lambda: window.viewer.frame is not None and np.array_equal(window.viewer.frame, expected), timeout=10_000)


def test_cut_detection_is_followed_by_a_grade_suggestion_per_shot(qtbot, window, two_shots):
    window.open_path(two_shots)
    qtbot.waitUntil(lambda: len(grades(window)) >= 1 or grading_failed(window), timeout=120_000)
    idle(qtbot, window, 120_000)
    cuts = [s for s in window.session.timeline.suggestions if s.kind == CUT]
    assert len(grades(window)) == len(cuts) + 1  # the shots between the pending cuts
    assert window.session.history.can_undo is False  # results are not an undo step
    assert "grade" in [window.suggestions.row_texts(i)[1] for i in range(window.suggestions.row_count())]


def test_grades_after_cut_detection_reuse_its_decode_pass(qtbot, window, two_shots, monkeypatch, tmp_path):
    # The shots' sample frames come from the frames cut detection kept, not from seeking
    # through the file again (a fresh cache, so cut detection really decodes).
    from vedit_gui.analysis import grades as grades_module

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    reads = []
    real_open = grades_module.open_sample_reader
    monkeypatch.setattr(grades_module, "open_sample_reader", lambda path: reads.append(path) or real_open(path))
    window.open_path(two_shots)
    qtbot.waitUntil(lambda: len(grades(window)) >= 1 or grading_failed(window), timeout=120_000)
    idle(qtbot, window, 120_000)
    assert grades(window) and reads == []


def test_one_grade_per_shot_between_accepted_cuts_and_rerun_keeps_decisions(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch)
    found = grades(window)
    assert [(s.source_range.start, s.source_range.end_exclusive) for s in found] == [(0, CUT_AT), (CUT_AT, FRAMES)]
    for s in found:
        Grade.from_dict(s.params)
        assert 0 <= s.confidence <= 1 and s.status is SuggestionStatus.PENDING
    assert window.session.history.undo_description == "Accept Cut"  # grading is no undo step
    window.session.decide([found[0].id], SuggestionStatus.ACCEPTED)
    window.grading.suggest_grades()
    idle(qtbot, window)
    again = grades(window)
    assert len(again) == 2
    assert again[0] == found[0].with_status(SuggestionStatus.ACCEPTED)
    assert again[1].id == found[1].id  # the pending one is refreshed in place


def test_sliders_preview_live_and_release_commits_one_undoable_edit(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch)
    second = grades(window)[1]
    inspect(qtbot, window, second)
    middle = window.playhead
    assert CUT_AT <= middle < FRAMES
    source = source_frame(two_shots, middle)
    shows(qtbot, window, apply_grade(source, Grade.from_dict(second.params)))  # pending: previewed
    slider = window.grading.panel.sliders["exposure"]
    slider.setSliderDown(True)
    slider.setValue(slider.value() + 150)  # +1.2 EV, mid-drag
    dragged = window.grading.panel.grade()
    assert dragged.exposure > Grade.from_dict(second.params).exposure + 1
    shows(qtbot, window, apply_grade(source, dragged))
    assert window.session.history.undo_description == "Accept Cut"  # nothing committed mid-drag
    slider.setSliderDown(False)  # release
    edited = window.session.timeline.suggestion(second.id)
    assert Grade.from_dict(edited.params) == dragged and edited.producer.endswith("(edited)")
    assert window.session.history.undo_description == "Change Exposure"
    window.grading.panel.reset_button.click()
    assert window.session.history.undo_description == "Reset Grade"
    window.session.history.undo()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.suggestion(second.id).params == second.params
    assert window.grading.panel.grade() == Grade.from_dict(second.params)
    shows(qtbot, window, apply_grade(source, Grade.from_dict(second.params)))


def test_a_run_of_key_presses_on_a_slider_is_one_undoable_edit(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch)
    second = grades(window)[1]
    inspect(qtbot, window, second)
    exposure, temperature = (window.grading.panel.sliders[name] for name in ("exposure", "temperature"))
    start = exposure.value()
    exposure.setFocus()
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_PageUp):
        qtbot.keyClick(exposure, key)
    assert exposure.value() == start + 60
    temperature.setFocus()
    qtbot.keyClick(temperature, Qt.Key.Key_Left)  # another slider: a step of its own
    edited = Grade.from_dict(window.session.timeline.suggestion(second.id).params)
    assert edited.exposure > Grade.from_dict(second.params).exposure + 0.4
    window.session.history.undo()  # the temperature step
    assert Grade.from_dict(window.session.timeline.suggestion(second.id).params).exposure == edited.exposure
    window.session.history.undo()  # all three presses on exposure
    assert window.session.timeline.suggestion(second.id).params == second.params
    assert window.session.history.undo_description == "Accept Cut"


def test_a_pause_between_key_presses_on_a_slider_ends_its_undo_step(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch)
    second = grades(window)[1]
    inspect(qtbot, window, second)
    now = [1000.0]  # the history's clock, moved by hand: nothing sleeps
    monkeypatch.setattr(window.session.history, "clock", lambda: now[0])
    exposure = window.grading.panel.sliders["exposure"]
    exposure.setFocus()

    def exposure_now() -> float:
        return Grade.from_dict(window.session.timeline.suggestion(second.id).params).exposure

    qtbot.keyClick(exposure, Qt.Key.Key_Right)
    now[0] += 0.3
    qtbot.keyClick(exposure, Qt.Key.Key_Right)  # close together: the same step
    two = exposure_now()
    now[0] += 2.0
    qtbot.keyClick(exposure, Qt.Key.Key_Right)  # after a pause, nothing in between: a step of its own
    assert exposure_now() > two > Grade.from_dict(second.params).exposure
    window.session.history.undo()
    assert exposure_now() == two
    assert window.session.history.undo_description == "Change Exposure"
    window.session.history.undo()  # both presses close together
    assert window.session.timeline.suggestion(second.id).params == second.params
    assert window.session.history.undo_description == "Accept Cut"


def test_the_scopes_read_the_picture_in_the_viewer_as_a_grade_changes_it(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch)
    second = grades(window)[1]
    inspect(qtbot, window, second)
    scopes = window.scopes
    assert not scopes.isVisible() and scopes.view.traces[1] is None  # hidden: nothing read
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert scopes.isVisible() and window.scopes_action.isChecked()

    def reads(kind: ScopeKind) -> bool:
        kind_shown, traces = scopes.view.traces
        return (kind_shown is kind and traces is not None
                and np.array_equal(traces, scope_picture(window.viewer.frame, kind)))

    # The viewer settled on the inspected grade's preview before the slider moves.
    shows(qtbot, window, apply_grade(source_frame(two_shots, window.playhead), Grade.from_dict(second.params)))
    qtbot.waitUntil(lambda: reads(ScopeKind.WAVEFORM), timeout=10_000)
    def level() -> float:  # where the waveform's traces lie on average, 0 (black) to 1 (white)
        density = waveform(window.viewer.frame)
        return float((density * np.linspace(1, 0, len(density))[:, None]).sum() / density.sum())
    before = level()
    slider = window.grading.panel.sliders["exposure"]
    slider.setSliderDown(True)
    slider.setValue(slider.value() + 150)  # +1.2 EV, previewed live
    slider.setSliderDown(False)
    qtbot.waitUntil(lambda: level() > before + 0.1 and reads(ScopeKind.WAVEFORM), timeout=10_000)
    scopes.kind_box.setCurrentIndex(scopes.kind_box.findData(ScopeKind.VECTORSCOPE))
    qtbot.waitUntil(lambda: reads(ScopeKind.VECTORSCOPE), timeout=10_000)
    assert scopes.note.text() == ""
    qtbot.keyClick(window, Qt.Key.Key_Backslash)  # Before: the scopes read it, and say so
    qtbot.waitUntil(lambda: scopes.note.text().startswith("Before") and reads(ScopeKind.VECTORSCOPE), timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_Backslash)
    qtbot.waitUntil(lambda: scopes.note.text() == "", timeout=10_000)
    window.viewer.show_frame(np.full((1080, 1920, 3), 90, np.uint8))  # a reading begins...
    window.viewer.clear("Sound only: this timeline has no picture")  # ...and the viewer goes blank
    qtbot.wait(300)
    assert scopes.view.traces == (ScopeKind.VECTORSCOPE, None)  # no traces of a picture not shown
    window.scopes_action.trigger()
    assert not scopes.isVisible()


def test_scopes_beside_the_viewer_leave_the_side_column_to_the_grade_sliders(qtbot, window, two_shots, monkeypatch):
    from PySide6.QtCore import QRect

    open_with_cut(qtbot, window, two_shots, monkeypatch)
    window.resize(1280, 800)
    second = grades(window)[1]
    inspect(qtbot, window, second)
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    scopes, side, page = window.scopes, window.side_splitter, window.inspector_page
    qtbot.wait(50)
    column, room = side.sizes(), page.viewport().height()
    assert side.indexOf(scopes) == 1 and column[1] > 0

    def in_view(name: str) -> bool:
        """The slider lies whole within the inspector's scrolled viewport, shown."""
        slider = window.grading.panel.sliders[name]
        placed = QRect(slider.mapTo(page.viewport(), QPoint(0, 0)), slider.size())
        return slider.isVisible() and page.viewport().rect().contains(placed)

    first_four = ("exposure", "temperature", "tint", "contrast")
    window.scopes_beside_action.trigger()  # View ▸ Scopes Beside Viewer
    # The same panel, right of the viewer and its transport, shown; the side column is the
    # compare strip and the tabs, and the sliders fit there.
    assert window.scopes is scopes and scopes.parent() is window.viewer_splitter and side.indexOf(scopes) == -1
    assert window.viewer_splitter.indexOf(scopes) == 1 and window.viewer_splitter.widget(0).isAncestorOf(window.viewer)
    qtbot.waitUntil(lambda: scopes.isVisible() and scopes.width() > 150, timeout=5_000)
    viewer_right = window.viewer.mapTo(window, QPoint(window.viewer.width(), 0)).x()
    assert viewer_right <= scopes.mapTo(window, QPoint(0, 0)).x() < side.mapTo(window, QPoint(0, 0)).x()
    assert window.viewer.width() > scopes.width()
    qtbot.waitUntil(lambda: all(map(in_view, first_four)), timeout=5_000)
    assert page.viewport().height() > room + column[1] // 2  # the scopes' height is the inspector's
    # They still read the viewer's picture.
    slider = window.grading.panel.sliders["exposure"]
    slider.setSliderDown(True)
    slider.setValue(slider.value() + 150)
    slider.setSliderDown(False)
    graded = apply_grade(source_frame(two_shots, window.playhead), window.grading.panel.grade())
    shows(qtbot, window, graded)
    qtbot.waitUntil(lambda: scopes.view.traces[1] is not None
                    and np.array_equal(scopes.view.traces[1], scope_picture(graded, ScopeKind.WAVEFORM)), timeout=10_000)
    # Off again: back above the tabs, the column as it was.
    window.scopes_beside_action.trigger()
    assert scopes.parent() is side and side.indexOf(scopes) == 1 and scopes.isVisible()
    assert side.sizes() == column
    assert [side.isCollapsible(i) for i in range(side.count())] == [True, False, False]
    assert window.viewer_splitter.count() == 1
    # Hidden, the option only places them; asked for from the menu, it shows them too.
    window.scopes_action.trigger()
    window.scopes_beside_action.setChecked(True)
    assert not scopes.isVisible() and scopes.parent() is window.viewer_splitter
    window.scopes_beside_action.setChecked(False)
    window.scopes_beside_action.trigger()
    assert scopes.isVisible() and window.scopes_action.isChecked()


def test_before_after_and_split_wipe_are_view_options(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch)
    second = grades(window)[1]
    inspect(qtbot, window, second)
    strong = Grade(exposure=1.0, saturation=1.5)
    window.grading.panel.set_grade(strong)
    window.grading.panel.grade_changed.emit(strong)  # a drag step, not committed
    source = source_frame(two_shots, window.playhead)
    graded = apply_grade(source, strong)
    shows(qtbot, window, graded)
    history = (window.session.history.undo_description, window.session.is_dirty)
    qtbot.keyClick(window, Qt.Key.Key_Backslash)
    assert window.grading.panel.before_after.isChecked()
    shows(qtbot, window, source)
    assert window.viewer.before  # said on the picture: an easy mode to forget
    window.grading.panel.before_after.click()
    shows(qtbot, window, graded)
    assert not window.viewer.before
    window.grading.wipe_action.trigger()
    half = 80
    expected = graded.copy()
    expected[:, :half] = source[:, :half]
    shows(qtbot, window, expected)
    viewer = window.viewer
    rect = viewer.image_rect()
    qtbot.mouseClick(viewer, Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + rect.width() // 4, rect.center().y()))
    assert viewer.wipe == pytest.approx(0.25, abs=0.02)
    split = round(viewer.wipe * 160)
    expected = graded.copy()
    expected[:, :split] = source[:, :split]
    shows(qtbot, window, expected)
    window.grading.wipe_action.trigger()
    shows(qtbot, window, graded)
    assert (window.session.history.undo_description, window.session.is_dirty) == history


def test_accept_reject_undo_by_keys_and_the_export_carries_the_grade(qtbot, window, two_shots, monkeypatch, tmp_path):
    open_with_cut(qtbot, window, two_shots, monkeypatch)
    first, second = grades(window)
    window.suggestions.kind_box.setCurrentText(GRADE)  # N / P go shot to shot
    window.seek(0)
    qtbot.keyClick(window, Qt.Key.Key_N)
    assert window.playhead == first.cut_frame  # the middle of the first shot
    qtbot.keyClick(window, Qt.Key.Key_N)
    assert window.playhead == second.cut_frame
    assert window.grading.section.isVisible() and window.grading.panel.grade() == Grade.from_dict(second.params)
    window.suggestions.kind_box.setCurrentText("All kinds")
    window.seek(30)  # inside the second shot, away from the cut
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert window.session.timeline.suggestion(second.id).status is SuggestionStatus.REJECTED
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.suggestion(second.id).status is SuggestionStatus.PENDING
    # A strong grade (the model's may be close to none on this footage) through the panel.
    inspect(qtbot, window, second)
    window.grading.panel.set_grade(Grade(exposure=0.8, temperature=0.9))
    window.grading.panel.grade_committed.emit(window.grading.panel.grade())
    window.seek(30)
    qtbot.keyClick(window, Qt.Key.Key_A)
    accepted = window.session.timeline.suggestion(second.id)
    assert accepted.status is SuggestionStatus.ACCEPTED
    assert window.session.timeline.suggestion(first.id).status is SuggestionStatus.PENDING
    # Selecting the second shot's clip shows its accepted grade in the inspector.
    window.timeline_view.set_selection([])
    clip_id = window.session.timeline.tracks[0].items[1].id
    window.timeline_view.set_selection([clip_id])
    assert window.grading.section.isVisible()
    assert window.grading.panel.grade() == Grade.from_dict(accepted.params)
    window.timeline_view.set_selection([window.session.timeline.tracks[0].items[0].id])
    assert not window.grading.section.isVisible()  # the first shot's grade is not accepted
    project = tmp_path / "graded.vedit"
    task = window.session.save(project)
    qtbot.waitUntil(task.done, timeout=10_000)
    assert task.result() and load_project(project).timeline.suggestion(second.id) == accepted  # saved
    out = tmp_path / "graded.mp4"
    job = window.start_export(out)
    qtbot.waitUntil(lambda: job.done, timeout=60_000)
    assert job.state == "finished"
    grade = Grade.from_dict(accepted.params)
    with FrameReader(out) as rendered, FrameReader(two_shots) as original:
        for index in (25, 35):
            expected = apply_grade(original.read(index), grade).reshape(-1, 3).mean(axis=0)
            got = rendered.read(index).reshape(-1, 3).mean(axis=0)
            ungraded = original.read(index).reshape(-1, 3).mean(axis=0)
            assert np.abs(got - expected).max() < 3
            assert np.abs(ungraded - expected).max() > 15
        # The first shot's grade is pending: exported untouched.
        assert np.abs(rendered.read(5).reshape(-1, 3).mean(0) - original.read(5).reshape(-1, 3).mean(0)).max() < 3


def test_match_to_this_shot_suggests_grades_that_bring_others_to_it(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch)
    first, second = grades(window)
    inspect(qtbot, window, first)
    window.grading.panel.set_grade(Grade.identity())  # the warm shot as it is
    window.grading.match_action.trigger()
    idle(qtbot, window)
    matched = window.session.timeline.suggestion(second.id)  # the pending grade, replaced in place
    assert matched.producer == "shot-match" and matched.status is SuggestionStatus.PENDING
    assert [s.id for s in grades(window)] == [first.id, second.id]
    grade = Grade.from_dict(matched.params)
    assert grade.temperature > 1.0 and grade.exposure > 0.3  # undoes the cool, dark cast
    warm = source_frame(two_shots, 10).reshape(-1, 3).mean(0)
    cool = source_frame(two_shots, 30)
    before = np.abs(cool.reshape(-1, 3).mean(0) - warm).sum()
    after = np.abs(apply_grade(cool, grade).reshape(-1, 3).mean(0) - warm).sum()
    assert after < before / 2
    assert matched.confidence < 0.5  # a strong push (+1 EV and more): not taken by Accept All
    # The editor asked for it: one undo step brings back the model's suggestion.
    assert window.session.history.undo_description == "Match Shots"
    window.undo()
    assert window.session.timeline.suggestion(second.id) == second
    window.redo()
    assert window.session.timeline.suggestion(second.id) == matched
    # A match that finishes after the edit changed joins every state: the redo is kept.
    import threading

    from vedit_gui.ui import grade_review as review_module

    gate, real = threading.Event(), review_module.match_shots
    monkeypatch.setattr(review_module, "match_shots", lambda *args: gate.wait(10) and real(*args))
    window.undo()  # the model's suggestion back
    inspect(qtbot, window, window.session.timeline.suggestion(first.id))
    window.grading.panel.set_grade(Grade.identity())
    window.grading.match_action.trigger()
    window.session.split_at(10)
    window.undo()  # an edit made and undone while matching: Redo holds it
    gate.set()
    idle(qtbot, window)
    assert window.session.timeline.suggestion(second.id).producer == "shot-match"
    assert window.session.history.can_redo and "Undo does not take them back" in window.statusBar().currentMessage()
    # A decided shot keeps its grade.
    window.session.decide([second.id], SuggestionStatus.REJECTED)
    inspect(qtbot, window, window.session.timeline.suggestion(first.id))
    window.grading.match_to_this_shot()
    idle(qtbot, window)
    assert window.session.timeline.suggestion(second.id) == matched.with_status(SuggestionStatus.REJECTED)


def test_match_other_shots_is_one_undo_step_after_an_undo(qtbot, window, two_shots, monkeypatch):
    """An Undo before the match leaves Redo holding something: that is no change meanwhile,
    nor are analysis results arriving while the match runs. Ctrl+Z takes the match back."""
    import threading

    from vedit_gui.ui import grade_review as review_module

    open_with_cut(qtbot, window, two_shots, monkeypatch)
    first, second = grades(window)
    inspect(qtbot, window, first)
    slider = window.grading.panel.sliders["exposure"]
    slider.setSliderDown(True)
    slider.setValue(slider.value() + 50)
    slider.setSliderDown(False)  # a committed drag: "Change Exposure"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "Undid Change Exposure."
    assert window.session.history.can_redo
    gate, real = threading.Event(), review_module.match_shots
    monkeypatch.setattr(review_module, "match_shots", lambda *args: gate.wait(10) and real(*args))
    inspect(qtbot, window, window.session.timeline.suggestion(first.id))
    window.grading.panel.set_grade(Grade.identity())
    window.grading.match_action.trigger()
    late = Suggestion(CUT, two_shots, FrameRange(4, 2), 0.2, "test", {"transition": "cut"})
    window.session.add_suggestions((late,))  # analysis news while matching: not the editor's
    gate.set()
    idle(qtbot, window)
    matched = window.session.timeline.suggestion(second.id)
    assert matched.producer == "shot-match"
    assert "history changed" not in window.statusBar().currentMessage()
    assert window.session.history.undo_description == "Match Shots"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "Undid Match Shots."
    assert window.session.timeline.suggestion(second.id) == second
    assert window.session.timeline.suggestion(late.id) is not None  # the news stays
    assert window.session.history.undo_description == "Accept Cut"  # the exposure change was undone before


def test_an_unsure_grade_is_shown_greyed_and_taken_only_when_asked(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch, confidences=(0.9, 0.3))
    window.suggestions.threshold.setValue(50)
    sure, unsure = grades(window)
    assert unsure.confidence == 0.3 and Grade.from_dict(unsure.params) == FAKE  # the model's grade, not "no change"
    inspect(qtbot, window, unsure)
    assert "unsure" in window.grading.title.text()
    window.suggestions.threshold.setValue(20)  # the open grade is above the threshold now
    assert "unsure" not in window.grading.title.text()
    window.suggestions.threshold.setValue(50)
    assert "unsure" in window.grading.title.text()
    inspect(qtbot, window, sure)
    assert "unsure" not in window.grading.title.text()
    window.suggestions.accept_all_button.click()
    assert window.session.timeline.suggestion(sure.id).status is SuggestionStatus.ACCEPTED
    assert window.session.timeline.suggestion(unsure.id).status is SuggestionStatus.PENDING
    inspect(qtbot, window, unsure)
    window.grading.accept_button.click()  # the editor looked and takes it
    assert window.session.timeline.suggestion(unsure.id).status is SuggestionStatus.ACCEPTED


def test_a_takes_an_unsure_grade_the_editor_picked_and_says_why_it_would_not_otherwise(
        qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch, confidences=(0.3, 0.4))
    window.suggestions.threshold.setValue(50)  # both grades are under it
    first, second = grades(window)
    # Filtered to grades, N has nothing above the threshold ahead, and says what is below it.
    window.suggestions.kind_box.setCurrentText("grade")
    window.seek(0)
    window.timeline_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_N)
    assert window.statusBar().currentMessage().startswith("No more pending suggestions that way. 2 more below the threshold")
    # Nothing picked: A shows the unsure grade under the playhead where it is, and a second A takes it.
    window.seek(30)  # in the second shot
    qtbot.keyClick(window, Qt.Key.Key_A)
    assert window.session.timeline.suggestion(second.id).status is SuggestionStatus.PENDING
    assert window.statusBar().currentMessage() == (
        "The grade here is unsure (40%, below the threshold): it is in the inspector to compare. A again accepts it.")
    assert window.inspector.suggestion_id == second.id and window.playhead == 30
    assert window.side_tabs.currentWidget() is window.inspector_page
    qtbot.keyClick(window, Qt.Key.Key_A)
    assert window.session.timeline.suggestion(second.id).status is SuggestionStatus.ACCEPTED
    # Picked in the lane (the playhead goes to it), R takes it, but only where it is.
    inspect(qtbot, window, first)
    window.seek(30)  # the playhead away from it: the picked grade is not the one here
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert window.session.timeline.suggestion(first.id).status is SuggestionStatus.PENDING
    # The inspector followed the playhead: back on the first shot nothing is picked any more,
    # so the first R shows the unsure grade there and the second takes it.
    window.seek(5)
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert window.session.timeline.suggestion(first.id).status is SuggestionStatus.PENDING
    assert window.statusBar().currentMessage().endswith("R again rejects it.")
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert window.session.timeline.suggestion(first.id).status is SuggestionStatus.REJECTED


def test_a_at_a_cut_takes_the_cut_even_with_its_shots_grade_picked(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch, confidences=(0.3, 0.4))
    window.suggestions.threshold.setValue(50)
    second = grades(window)[1]
    inside = Suggestion(CUT, two_shots, FrameRange(29, 2), 0.9, "test", {"transition": "cut"})
    window.session.add_suggestions((inside,))
    inspect(qtbot, window, second)  # the grade picked, then the arrow keys to the cut in its shot
    window.seek(30)
    window.timeline_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_A)
    assert window.session.timeline.suggestion(inside.id).status is SuggestionStatus.ACCEPTED
    assert window.session.timeline.suggestion(second.id).status is SuggestionStatus.PENDING


def test_a_decision_says_what_it_decided_in_the_status_bar_by_key_or_by_button(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch)
    first, second = grades(window)
    bar = window.statusBar()
    accepted = "Accepted grade for shot 00:00:00;20 – 00:00:01;09 of two_shots.mp4."
    window.seek(30)  # inside the second shot
    window.timeline_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_A)
    assert window.session.timeline.suggestion(second.id).status is SuggestionStatus.ACCEPTED
    assert bar.currentMessage() == accepted
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    bar.clearMessage()
    # The inspector's buttons say the same as the keys.
    inspect(qtbot, window, second)
    qtbot.mouseClick(window.grading.accept_button, Qt.MouseButton.LeftButton)
    assert window.session.timeline.suggestion(second.id).status is SuggestionStatus.ACCEPTED
    assert bar.currentMessage() == accepted
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    inspect(qtbot, window, second)
    qtbot.mouseClick(window.grading.reject_button, Qt.MouseButton.LeftButton)
    assert bar.currentMessage() == "Rejected grade for shot 00:00:00;20 – 00:00:01;09 of two_shots.mp4."
    # A cut is a point: where the next shot starts, as N / P go to it.
    cut = Suggestion(CUT, two_shots, FrameRange(9, 2), 0.9, "test", {"transition": "cut"})
    window.session.add_suggestions((cut,))
    window.seek(10)
    window.timeline_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert window.session.timeline.suggestion(cut.id).status is SuggestionStatus.REJECTED
    assert bar.currentMessage() == "Rejected cut at 00:00:00;10 in two_shots.mp4."
    # The Suggestions list's buttons too, many at once by kind.
    window.session.undo()
    window.suggestions.accept_all_button.click()
    assert {window.session.timeline.suggestion(s.id).status for s in (first, cut)} == {SuggestionStatus.ACCEPTED}
    assert bar.currentMessage() in ("Accepted 2 suggestions: 1 grade, 1 cut.", "Accepted 2 suggestions: 1 cut, 1 grade.")
    # Deciding again what is decided changes nothing, says so and leaves no undo step...
    assert not window.decide([cut.id], SuggestionStatus.ACCEPTED)
    assert bar.currentMessage() == "Already accepted: cut at 00:00:00;10 in two_shots.mp4."
    # ...so one undo takes back the Accept All, and says what it took back (the message above
    # would otherwise stand over a timeline where the cut is pending again).
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {window.session.timeline.suggestion(s.id).status for s in (first, cut)} == {SuggestionStatus.PENDING}
    assert bar.currentMessage() == "Undid Accept 2 Suggestions."
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert bar.currentMessage() == "Redid Accept 2 Suggestions."


def test_accepting_a_grade_after_a_paste_on_its_shot_shows_it(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch)
    first_clip, second_clip = window.session.timeline.tracks[0].items[:2]
    window.timeline_view.set_selection([first_clip.id])
    window.grading.copy_grade()  # the ungraded first shot: "no change"
    window.timeline_view.set_selection([second_clip.id])
    window.grading.paste_grade()
    window.seek(30)
    shows(qtbot, window, source_frame(two_shots, 30))
    listed = window.suggestions
    kinds = {listed.row_texts(i)[1] for i in range(listed.row_count())}
    assert {"grade", "grade (yours)"} <= kinds  # the paste reads apart from the model's grades
    model = next(g for g in grades(window) if g.source_range.start == CUT_AT and g.producer != "editor")
    window.session.decide([model.id], SuggestionStatus.ACCEPTED)  # the model's, decided later
    shows(qtbot, window, apply_grade(source_frame(two_shots, 30), FAKE))


def test_inspecting_a_grade_leaves_the_viewer_its_size(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch, confidences=(0.3, 0.4))
    window.suggestions.threshold.setValue(50)  # a long title: "Grade — unsure (30%, below the threshold): …"
    window.resize(1280, 800)
    cut = next(s for s in window.session.timeline.suggestions if s.kind == CUT)
    window._on_timeline_suggestion_clicked(cut.id)
    qtbot.wait(50)
    beside_a_cut = window.viewer.width()
    inspect(qtbot, window, grades(window)[0])
    qtbot.wait(50)
    assert "unsure" in window.grading.title.text()
    assert window.viewer.width() == beside_a_cut
    # A clip with an accepted grade stacks its fields and the sliders: the inspector scrolls,
    # and the window still fits a laptop's screen.
    short = window.minimumSizeHint().height()
    window.session.decide([grades(window)[1].id], SuggestionStatus.ACCEPTED)
    window.timeline_view.set_selection([window.session.timeline.tracks[0].items[1].id])
    assert window.grading.section.isVisible()
    assert window.minimumSizeHint().height() == short < 700
    # The wheel over a slider not clicked scrolls the inspector and leaves the grade alone.
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QAbstractSpinBox, QApplication

    window.resize(1280, 560)
    qtbot.waitUntil(lambda: window.inspector_page.verticalScrollBar().maximum() > 0)
    slider = window.grading.panel.sliders["exposure"]
    window.inspector_page.ensureWidgetVisible(slider)
    before, scrolled = slider.value(), window.inspector_page.verticalScrollBar().value()

    def wheel(control, steps: int) -> None:
        centre = QPointF(control.rect().center())
        QApplication.sendEvent(control, QWheelEvent(
            centre, QPointF(control.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 120 * steps),
            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False))

    wheel(slider, -1)
    assert slider.value() == before and window.inspector_page.verticalScrollBar().value() != scrolled
    slider.setFocus()  # clicked: now the wheel is the slider's
    wheel(slider, 1)
    assert slider.value() != before
    # Fields built for each selection too: the clip's fades.
    window.timeline_view.set_selection([window.session.timeline.tracks[0].items[0].id])
    qtbot.waitUntil(lambda: any(box.isVisible() for box in window.inspector.findChildren(QAbstractSpinBox)))
    fade = next(box for box in window.inspector.findChildren(QAbstractSpinBox) if box.isVisible())
    shown, steps = fade.text(), window.session.history.undo_description
    wheel(fade, 1)
    assert fade.text() == shown and window.session.history.undo_description == steps


def test_an_ungraded_clip_points_to_the_grade_suggested_for_its_shot(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch, confidences=(0.9, 0.3))
    window.suggestions.threshold.setValue(50)
    second = window.session.timeline.tracks[0].items[1]
    window.timeline_view.set_selection([second.id])
    grading = window.grading
    assert grading.hand_note.text() == (
        "No grade accepted on this shot. The colour model suggests one (30%, below the threshold).")
    assert grading.suggested_button.isVisible()
    grading.suggested_button.click()  # its suggestion, inspected: sliders, before / after, Accept
    assert window.inspector.suggestion_id == grades(window)[1].id and grading.section.isVisible()


def test_a_grade_exports_as_a_cube_lut_that_matches_it(qtbot, window, two_shots, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from vedit_gui.media.grade import grade_float
    from vedit_gui.project.cube import read_cube, sample_cube

    open_with_cut(qtbot, window, two_shots, monkeypatch)
    second = grades(window)[1]
    inspect(qtbot, window, second)
    chosen = tmp_path / "cool"  # the .cube extension is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(chosen), ""))
    window.grading.cube_button.click()  # the inspector's button; File ▸ Export Grade as LUT does the same
    qtbot.waitUntil(lambda: (tmp_path / "cool.cube").exists() and not window.jobs.jobs, timeout=10_000)
    assert window.statusBar().currentMessage().startswith("Wrote cool.cube: the grade of the shot at 00:00:00;20")
    colours = np.random.default_rng(5).integers(0, 256, (500, 3)).astype(np.float64) / 255
    lut = read_cube(tmp_path / "cool.cube")
    assert np.abs(sample_cube(lut, colours) - grade_float(colours, FAKE)).max() <= 1 / 255
    # From the File menu with nothing inspected: the accepted grade of the shot at the playhead.
    window.session.decide([second.id], SuggestionStatus.ACCEPTED)
    window.timeline_view.set_selection([])
    window.inspector.show_nothing()
    window.seek(30)
    chosen = tmp_path / "shot.cube"
    window.grading.cube_action.trigger()
    qtbot.waitUntil(lambda: chosen.exists() and not window.jobs.jobs, timeout=10_000)
    assert np.abs(sample_cube(read_cube(chosen), colours) - grade_float(colours, FAKE)).max() <= 1 / 255


def test_a_strong_grade_exports_exactly_as_the_shaper_lut_and_the_plain_table_says_how_far_off(
        qtbot, window, two_shots, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from vedit_gui.media.grade import grade_float
    from vedit_gui.project.cube import read_cube, sample_cube
    from vedit_gui.ui.grade_review import EXACT_CUBE_FILTER

    open_with_cut(qtbot, window, two_shots, monkeypatch)
    inspect(qtbot, window, grades(window)[1])
    for name in ("gamma", "contrast"):  # as far as the sliders go: a curve no plain table follows
        slider = window.grading.panel.sliders[name]
        slider.setValue(slider.maximum())
    strong = window.grading.panel.grade()
    colours = np.random.default_rng(5).random((2000, 3)) ** 3
    plain = tmp_path / "plain.cube"
    window.grading.export_cube(plain)  # a file chosen in the dialog, its first type: the plain table
    qtbot.waitUntil(lambda: plain.exists() and not window.jobs.jobs, timeout=10_000)
    assert "/255 off for a grade this strong" in window.statusBar().currentMessage()
    assert np.abs(sample_cube(read_cube(plain), colours) - grade_float(colours, strong)).max() > 1 / 255
    exact = tmp_path / "exact.cube"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(exact), EXACT_CUBE_FILTER))
    window.grading.cube_button.click()
    qtbot.waitUntil(lambda: exact.exists() and not window.jobs.jobs, timeout=10_000)
    assert window.statusBar().currentMessage().endswith("as a LUT.")
    assert "LUT_1D_SIZE" in exact.read_text()
    assert np.abs(sample_cube(read_cube(exact), colours) - grade_float(colours, strong)).max() <= 1 / 255


def test_the_inspector_says_which_parts_of_a_grade_it_changes(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch)
    first, _ = grades(window)
    inspect(qtbot, window, first)
    # The model's grade moves white balance and contrast only: exposure stays as shot.
    assert window.grading.title.text() == "Grade — white balance and tone; exposure as shot"
    exposure = window.grading.panel.sliders["exposure"]
    exposure.setFocus()
    qtbot.keyClick(exposure, Qt.Key.Key_Up)  # the editor brightens it: the title follows
    assert window.grading.title.text() == "Grade — white balance, exposure and tone"


def test_a_part_switched_off_is_one_undoable_edit_previewed_at_once(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch, confidences=(0.9, 0.3))
    window.suggestions.threshold.setValue(50)
    _, unsure = grades(window)
    inspect(qtbot, window, unsure)
    source = source_frame(two_shots, window.playhead)
    panel = window.grading.panel
    # The editor keeps the model's white balance and leaves the tone as shot.
    panel.part_switches["tone"].click()
    kept = FAKE.without("tone")
    edited = window.session.timeline.suggestion(unsure.id)
    assert Grade.from_dict(edited.params) == kept and edited.producer.endswith("(edited)")
    assert window.session.history.undo_description == "Change Contrast"
    assert window.grading.title.text().startswith("Grade — unsure")
    shows(qtbot, window, apply_grade(source, kept))
    assert panel.switched_off() == ("tone",)  # the edit coming back keeps the switch off
    panel.part_switches["tone"].click()
    assert Grade.from_dict(window.session.timeline.suggestion(unsure.id).params) == FAKE
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.suggestion(unsure.id).params == unsure.params
    assert panel.grade() == FAKE and not panel.switched_off()
    shows(qtbot, window, apply_grade(source, FAKE))


def test_the_compare_strip_shows_a_grade_across_its_shot(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch)
    second = grades(window)[1]  # frames 20-39, graded FAKE (cooler, more contrast)
    inspect(qtbot, window, second)
    assert window.inspector.rows()["Proposed by"] == "the colour model"
    assert window.compare.keys == [(two_shots, 20), (two_shots, 29), (two_shots, 39)]
    assert [c.split("\n")[0] for c in window.compare.captions()] == ["First", "Middle", "Last"]
    assert window.compare.title.text().startswith("Grade in two_shots.mp4")
    qtbot.waitUntil(lambda: all(window.compare.image(i) is not None for i in range(3)), timeout=10_000)
    raw = window.compare._store.thumbnail(two_shots, 29)
    graded = window.compare.image(1)
    # The same function as the viewer and the render put the grade on the ungraded picture.
    np.testing.assert_array_equal(rgb(graded), apply_grade(rgb(raw), FAKE))
    assert np.abs(rgb(graded).astype(int) - rgb(raw)).mean() > 3
    # A cut shows its frames as they are.
    cut = next(s for s in window.session.timeline.suggestions if s.kind == CUT)
    window._on_timeline_suggestion_clicked(cut.id)
    assert window.compare.keys[0] == (two_shots, CUT_AT - 1)
    qtbot.waitUntil(lambda: window.compare.image(0) is not None, timeout=10_000)
    np.testing.assert_array_equal(rgb(window.compare.image(0)), rgb(window.compare._store.thumbnail(two_shots, CUT_AT - 1)))
    # A clip selected: the strip no longer shows the last suggestion.
    window.timeline_view.set_selection([window.session.timeline.tracks[0].items[0].id])
    assert window.compare.keys == [] and window.compare.title.text().startswith("Compare: no suggestion")


def test_a_clip_with_no_grade_is_graded_by_hand_and_exported_so(qtbot, window, two_shots, monkeypatch, tmp_path):
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])  # no suggestions at all
    window.open_path(two_shots)
    qtbot.waitUntil(lambda: window.session.timeline.duration == FRAMES and window.viewer.frame is not None, timeout=15_000)
    window.session.split_at(CUT_AT)
    second = window.session.timeline.tracks[0].items[1]
    window.timeline_view.set_selection([second.id])
    assert window.grading.hand_section.isVisible() and not window.grading.section.isVisible()
    assert window.grading.hand_note.text() == "No grade accepted on this shot."  # and none suggested
    assert not window.grading.suggested_button.isVisible()
    window.grading.hand_button.click()
    added = grades(window)
    assert [(s.source_range.start, s.source_range.end_exclusive, s.status, s.producer) for s in added] == [
        (CUT_AT, FRAMES, SuggestionStatus.ACCEPTED, "editor")
    ]
    assert window.session.history.undo_description == "Grade by Hand"
    assert window.grading.section.isVisible() and not window.grading.hand_section.isVisible()
    assert window.grading.title.text() == "Grade by hand — no change yet: move a slider"
    slider = window.grading.panel.sliders["temperature"]
    slider.setSliderDown(True)
    slider.setValue(slider.value() + 200)
    slider.setSliderDown(False)
    graded = Grade.from_dict(window.session.timeline.suggestion(added[0].id).params)
    assert graded.temperature > 0.5 and window.grading.title.text() == "Grade by hand — white balance"
    window.seek(30)
    shows(qtbot, window, apply_grade(source_frame(two_shots, 30), graded))
    job = window.start_export(tmp_path / "hand.mp4")
    qtbot.waitUntil(lambda: job.done, timeout=60_000)
    with FrameReader(tmp_path / "hand.mp4") as rendered, FrameReader(two_shots) as original:
        expected = apply_grade(original.read(30), graded).reshape(-1, 3).mean(axis=0)
        assert np.abs(rendered.read(30).reshape(-1, 3).mean(axis=0) - expected).max() < 3
        assert np.abs(rendered.read(5).reshape(-1, 3).mean(0) - original.read(5).reshape(-1, 3).mean(0)).max() < 3
    # The first clip has no grade either; a selection of nothing offers nothing.
    window.timeline_view.set_selection([window.session.timeline.tracks[0].items[0].id])
    assert window.grading.hand_section.isVisible()
    window.timeline_view.set_selection([])
    assert not window.grading.hand_section.isVisible()


def test_a_grade_is_copied_from_one_clip_and_pasted_on_another_in_one_undoable_step(qtbot, window, two_shots, monkeypatch):
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])  # no suggestions at all
    window.open_path(two_shots)
    qtbot.waitUntil(lambda: window.session.timeline.duration == FRAMES and window.viewer.frame is not None, timeout=15_000)
    window.session.split_at(CUT_AT)
    first, second = window.session.timeline.tracks[0].items
    window.seek(30)  # on the second shot, which has no grade
    window.timeline_view.set_selection([])
    qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert window.statusBar().currentMessage().startswith("Nothing to paste") and grades(window) == []
    marker = Marker(10)
    window.session.apply(AddMarker(marker))
    window.timeline_view.set_selection([marker.id])  # a marker alone: no picture to copy from
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert window.statusBar().currentMessage().startswith("No grade to copy here")
    window.timeline_view.set_selection([first.id])  # an ungraded clip: its picture as shot
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    # Named with where in the file it is: every clip cut from one file has the file's name.
    assert window.statusBar().currentMessage().startswith("Copied the grade of two_shots.mp4 at 00:00:00;10 (no change: as shot)")
    window.timeline_view.set_selection([marker.id])  # nor to paste on
    window.grading.paste_grade()
    assert window.statusBar().currentMessage().startswith("No picture clip to paste the grade on")
    assert grades(window) == []
    window.timeline_view.set_selection([])
    # The first clip graded by hand, cooler: copied with the keys while it is inspected.
    window.timeline_view.set_selection([first.id])
    window.grading.hand_button.click()
    slider = window.grading.panel.sliders["temperature"]
    slider.setSliderDown(True)
    slider.setValue(slider.value() - 300)
    slider.setSliderDown(False)
    graded = Grade.from_dict(grades(window)[0].params)
    assert graded.temperature < -0.5
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert window.statusBar().currentMessage().startswith("Copied the grade of the shot at 00:00:00;00 in two_shots.mp4 (white balance)")
    window.timeline_view.set_selection([second.id])
    qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    pasted = grades(window)[1]
    assert (pasted.source_range, pasted.status, pasted.producer) == (FrameRange(CUT_AT, FRAMES - CUT_AT), SuggestionStatus.ACCEPTED, "editor")
    assert Grade.from_dict(pasted.params) == graded
    assert window.session.history.undo_description == "Paste Grade"
    assert window.statusBar().currentMessage() == "Pasted the grade on 1 clip."
    shows(qtbot, window, apply_grade(source_frame(two_shots, 30), graded))  # the viewer grades it
    # Copied again from the playhead's shot (nothing inspected), pasted on both: one step.
    window.timeline_view.set_selection([])
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    window.timeline_view.set_selection([first.id, second.id])
    window.grading.paste_action.trigger()
    assert len(grades(window)) == 2  # each clip's earlier grade by hand replaced, not stacked
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [s.source_range.start for s in grades(window)] == [0]  # both pastes undone, the hand grade kept
    shows(qtbot, window, source_frame(two_shots, 30))
    # The ungraded second shot's "no change", copied with it selected, pasted on the first,
    # takes the first's grade off.
    window.seek(5)
    window.timeline_view.set_selection([second.id])
    window.grading.copy_grade()
    assert window.statusBar().currentMessage().startswith("Copied the grade of two_shots.mp4 at 00:00:01;00 (no change: as shot)")
    window.timeline_view.set_selection([first.id])
    window.grading.paste_grade()
    shows(qtbot, window, source_frame(two_shots, 5))
    # The first clip used twice (copied to the end): a grade pasted on one shows on both.
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_End)
    qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.session.timeline.duration == FRAMES + CUT_AT
    window.timeline_view.set_selection([first.id])
    window.grading.paste_grade()
    assert window.statusBar().currentMessage() == "Pasted the grade on 1 clip (and 1 other clip showing the same footage)."


def test_paste_with_nothing_selected_grades_the_shot_under_the_playhead_not_the_whole_file(qtbot, window, two_shots, monkeypatch):
    # The cut is suggested, not accepted: one clip holds both shots, graded shot by shot.
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    window.open_path(two_shots)
    qtbot.waitUntil(lambda: window.session.timeline.duration == FRAMES and window.viewer.frame is not None, timeout=15_000)
    cut = Suggestion(CUT, two_shots, FrameRange(CUT_AT - 1, 2), 0.9, "test", {"transition": "cut"})
    window.session.add_suggestions((cut,))
    assert len(window.session.timeline.tracks[0].items) == 1
    window.grading._copied = WARM
    window.timeline_view.set_selection([])
    window.seek(30)
    window.grading.paste_grade()
    (pasted,) = grades(window)
    assert pasted.source_range == FrameRange(CUT_AT, FRAMES - CUT_AT)  # the second shot alone
    assert window.statusBar().currentMessage().startswith("Pasted the grade on the shot at 00:00:00;20 in two_shots.mp4")
    shows(qtbot, window, apply_grade(source_frame(two_shots, 30), WARM))
    # Inside a fade between shots (its frames in neither), the nearer shot, as Copy takes it.
    window.session.history.undo()
    fade = Suggestion(CUT, two_shots, FrameRange(8, 6), 0.9, "test", {"transition": "fade"})
    window.session.add_suggestions((fade,))
    window.seek(12)
    window.grading.paste_grade()
    assert [s.source_range for s in grades(window)] == [FrameRange(14, CUT_AT - 14)]
    window.session.history.undo()
    window.seek(30)
    window.grading.paste_grade()
    # A clip selected on purpose takes the grade over all its frames.
    window.timeline_view.set_selection([window.session.timeline.tracks[0].items[0].id])
    window.grading.paste_grade()
    assert FrameRange(0, FRAMES) in [s.source_range for s in grades(window)]


def test_pick_neutral_takes_a_cast_out_of_the_shot_in_one_undoable_step(qtbot, window, monkeypatch, tmp_path):
    # A grey card shot under warm, slightly magenta light.
    cast = Grade(temperature=0.8, tint=-0.3)
    grey = apply_grade(np.full((96, 160, 3), 128, np.uint8), cast)
    path = tmp_path / "card.mp4"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 160, 96, "yuv444p"
        stream.codec_context.options = {"qp": "0"}
        for i in range(10):
            frame = av.VideoFrame.from_ndarray(grey, format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, 25)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    window.open_path(str(path))
    qtbot.waitUntil(lambda: window.session.timeline.duration == 10 and window.viewer.frame is not None, timeout=15_000)
    window.timeline_view.set_selection([window.session.timeline.tracks[0].items[0].id])
    window.grading.hand_button.click()
    window.seek(5)
    viewer = window.viewer
    window.grading.panel.pick_button.click()
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)  # changed my mind
    assert not viewer.picking and not window.grading.panel.pick_button.isChecked()
    window.grading.panel.pick_button.click()
    assert viewer.picking
    qtbot.mouseClick(viewer, Qt.MouseButton.LeftButton, pos=viewer.image_rect().center())
    assert not viewer.picking and not window.grading.panel.pick_button.isChecked()
    qtbot.waitUntil(lambda: window.session.history.undo_description == "Change White Balance", timeout=10_000)
    grade = Grade.from_dict(grades(window)[0].params)
    assert grade.temperature == pytest.approx(-0.8, abs=0.05) and grade.tint == pytest.approx(0.3, abs=0.05)
    qtbot.waitUntil(lambda: np.ptp(window.viewer.frame.reshape(-1, 3).mean(axis=0)) < 2, timeout=10_000)
    window.grading.panel.pick_button.click()  # picking again, then undo: the pick is given up
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert Grade.from_dict(grades(window)[0].params).temperature == 0.0
    assert not viewer.picking and not window.grading.panel.pick_button.isChecked()
    assert window.statusBar().currentMessage() == "Undid Change White Balance."
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=10_000)


def test_a_away_from_a_cut_takes_the_grade_of_the_picture_seen(qtbot, window, tmp_path):
    from mediagen import make_video

    from vedit_gui.media import media_reference, probe
    from vedit_gui.timeline import AddSuggestions, OverlayMedia, SetTrackEnabled

    for name in ("a", "b"):
        make_video(tmp_path / f"{name}.mp4", 60, width=64, height=48, audio=False)
    window.open_path(tmp_path / "a.mp4")
    qtbot.waitUntil(lambda: window.session.timeline.duration == 60, timeout=15_000)
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
    b = media_reference(probe(tmp_path / "b.mp4"))
    window.session.apply(OverlayMedia((b,), 20))  # b's picture over a's from frame 20
    a_grade, b_grade = (Suggestion(GRADE, path, FrameRange(0, 60), 0.9, "test", {"exposure": 0.5})
                        for path in (str(tmp_path / "a.mp4"), b.path))
    window.session.apply(AddSuggestions((a_grade, b_grade)))
    # (a's own analysis may have suggested its grade first: the grade kept is on a's source.)
    source_at = lambda frame: window.session.timeline.suggestion(window.grading.pending_grade_at(frame)).source  # noqa: E731
    assert source_at(30) == b.path  # the B-roll on top is what is seen
    assert source_at(10) == a_grade.source
    window.session.apply(SetTrackEnabled((window.session.timeline.tracks[1].id,), False))
    assert source_at(30) == a_grade.source  # hidden: the shot under it is seen


def open_uncut(qtbot, window, path, monkeypatch) -> None:
    """Open with the cut at frame 20 suggested, not accepted: one clip holds both shots,
    each with a suggested grade."""
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    fake_model(monkeypatch)
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == FRAMES and window.viewer.frame is not None, timeout=15_000)
    cut = Suggestion(CUT, path, FrameRange(CUT_AT - 1, 2), 0.9, "test", {"transition": "cut"})
    window.session.add_suggestions((cut,))
    window.suggestions.threshold.setValue(0)
    window.grading.suggest_action.trigger()
    idle(qtbot, window)
    assert len(window.session.timeline.tracks[0].items) == 1 and len(grades(window)) == 2


def test_selecting_a_clip_shows_the_grade_of_the_shot_under_the_playhead_not_another_shots(
        qtbot, window, two_shots, monkeypatch):
    open_uncut(qtbot, window, two_shots, monkeypatch)
    first, second = grades(window)
    window.session.decide([second.id], SuggestionStatus.ACCEPTED)  # the second shot's alone
    grading = window.grading
    window.seek(5)  # on the first shot, which has no accepted grade
    qtbot.keyClick(window, Qt.Key.Key_D)  # Select Clip at Playhead
    assert window.timeline_view.selected_ids()
    # Not the second shot's grade in the sliders: the first shot's offer.
    assert not grading.section.isVisible() and grading.hand_section.isVisible()
    assert grading.suggested_button.isVisible()
    assert "suggests one (" in grading.hand_note.text()
    grading.hand_button.click()  # graded by hand: that shot's frames, not the whole clip
    by_hand = next(s for s in grades(window) if s.producer == "editor")
    assert by_hand.source_range == FrameRange(0, CUT_AT)
    assert grading.section.isVisible() and grading.title.text().startswith("Grade by hand")
    window.session.history.undo()
    # On the second shot the clip shows that shot's accepted grade.
    window.timeline_view.set_selection([])
    window.seek(30)
    qtbot.keyClick(window, Qt.Key.Key_D)
    assert grading.section.isVisible() and not grading.hand_section.isVisible()
    assert grading._inspected.id == second.id


def test_the_inspected_grade_follows_the_playhead_off_its_shot(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch)
    first, second = grades(window)
    window.session.decide([first.id], SuggestionStatus.ACCEPTED)
    grading = window.grading
    inspect(qtbot, window, second)  # pending: previewed while inspected
    shows(qtbot, window, apply_grade(source_frame(two_shots, window.playhead), FAKE))
    grading.panel.pick_button.click()
    assert window.viewer.picking
    window.timeline_view.setFocus()
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_Home)  # onto the first shot, by key
    # The inspector, the compare strip and the list follow to the grade on screen; the neutral
    # being picked for the other grade is given up.
    assert window.playhead == 0 and window.inspector.suggestion_id == first.id
    assert grading.section.isVisible() and grading.panel.grade() == Grade.from_dict(first.params)
    assert window._compared == first.id and not window.viewer.picking
    exposure = grading.panel.sliders["exposure"]
    exposure.setFocus()
    qtbot.keyClick(exposure, Qt.Key.Key_Right)  # edits the grade seen, not the one left
    assert window.session.timeline.suggestion(first.id).params != first.params
    assert window.session.timeline.suggestion(second.id).params == second.params
    # Onto the second shot again: its grade is pending and no longer inspected, so the viewer
    # shows what the export renders, and Copy Grade takes that (no change).
    window.seek(30)
    assert window.inspector.suggestion_id is None and not grading.section.isVisible()
    shows(qtbot, window, source_frame(two_shots, 30))
    window.timeline_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert grading._copied == Grade()


def test_a_selected_clips_grade_follows_the_playhead_from_shot_to_shot(qtbot, window, two_shots, monkeypatch):
    open_uncut(qtbot, window, two_shots, monkeypatch)
    first, second = grades(window)
    window.session.decide([second.id], SuggestionStatus.ACCEPTED)
    grading = window.grading
    window.seek(5)
    qtbot.keyClick(window, Qt.Key.Key_D)  # the one clip, both shots
    assert grading.hand_section.isVisible() and not grading.section.isVisible()
    window.seek(30)  # the second shot: its accepted grade
    assert grading.section.isVisible() and not grading.hand_section.isVisible()
    assert grading.panel.grade() == Grade.from_dict(second.params)
    window.seek(5)  # back: the first shot's offer again
    assert grading.hand_section.isVisible() and not grading.section.isVisible()
    # Playback moves the playhead every frame: within the shot, its shots are not looked up again.
    looked_up = []
    real = grading._shot_seen
    monkeypatch.setattr(grading, "_shot_seen", lambda *args: (looked_up.append(args[2]), real(*args))[1])
    for frame in range(6, 15):
        window.seek(frame)
    assert looked_up == [] and grading.hand_section.isVisible()
    window.seek(30)
    window.seek(5)
    assert looked_up == [5]  # a new shot is, once


def test_a_grades_accept_and_reject_are_in_view_at_1280x800_in_every_layout(qtbot, window, two_shots, monkeypatch):
    from PySide6.QtCore import QRect

    open_with_cut(qtbot, window, two_shots, monkeypatch)
    window.resize(1280, 800)
    inspect(qtbot, window, grades(window)[1])
    page, grading = window.inspector_page, window.grading

    def in_view(widget) -> bool:
        placed = QRect(widget.mapTo(page.viewport(), QPoint(0, 0)), widget.size())
        return widget.isVisible() and page.viewport().rect().contains(placed)

    def decision_in_view() -> bool:
        return in_view(grading.accept_button) and in_view(grading.reject_button)

    qtbot.waitUntil(decision_in_view, timeout=5_000)  # scopes off
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.scopes.isVisible() and decision_in_view(), timeout=5_000)  # above the tabs
    window.scopes_beside_action.trigger()
    qtbot.waitUntil(lambda: window.scopes.width() > 150 and decision_in_view(), timeout=5_000)  # beside the viewer
    # The buttons say which keys do the same.
    assert grading.accept_button.toolTip().endswith("(A, for a pending one with the playhead on it)")
    assert grading.reject_button.toolTip().endswith("(R, for a pending one with the playhead on it)")
    assert grading.panel.before_after.toolTip().endswith("(\\)")


def test_the_pick_neutral_instruction_goes_when_picking_ends(qtbot, window, two_shots, monkeypatch):
    open_with_cut(qtbot, window, two_shots, monkeypatch)
    inspect(qtbot, window, grades(window)[1])
    bar, pick = window.statusBar(), window.grading.panel.pick_button
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("Suggested grades"), timeout=5_000)  # news said
    pick.click()
    assert window.viewer.picking and bar.currentMessage().startswith("Click something in the picture")
    qtbot.keyClick(window.viewer, Qt.Key.Key_Escape)  # cancelled by key
    assert not window.viewer.picking and bar.currentMessage() == ""
    pick.click()
    pick.click()  # cancelled by the button
    assert not window.viewer.picking and bar.currentMessage() == ""
    pick.click()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # given up by Undo, which says so
    assert not window.viewer.picking and bar.currentMessage() == "Undid Accept Cut."


def test_the_scopes_note_beside_the_viewer_reads_whole(qtbot, window, two_shots, monkeypatch):
    from PySide6.QtCore import QRect

    open_with_cut(qtbot, window, two_shots, monkeypatch)
    window.resize(1280, 800)
    inspect(qtbot, window, grades(window)[1])
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    window.scopes_beside_action.trigger()  # at its default width
    note = window.scopes.note
    assert not note.isVisible()  # no note, no room taken from the scope
    window.grading.wipe_action.trigger()

    def reads_whole() -> bool:
        text = note.text()
        needed = note.fontMetrics().boundingRect(QRect(0, 0, note.width(), 10_000), Qt.TextFlag.TextWordWrap, text)
        return (text.startswith("Split: before | after") and note.isVisible()
                and needed.width() <= note.width() and needed.height() <= note.height())

    qtbot.waitUntil(reads_whole, timeout=5_000)
    window.grading.wipe_action.trigger()
    qtbot.waitUntil(lambda: not note.isVisible(), timeout=5_000)


def test_r_just_after_a_at_a_cut_says_the_cut_is_taken_and_leaves_the_shots_grade(qtbot, window, two_shots, monkeypatch):
    open_uncut(qtbot, window, two_shots, monkeypatch)
    window.suggestions.threshold.setValue(50)  # the grades (fake model: 0.9) above it, the cut too
    cut = next(s for s in window.session.timeline.suggestions if s.kind == CUT)
    window.seek(0)
    window.timeline_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_N)  # to the cut
    qtbot.keyClick(window, Qt.Key.Key_A)
    assert window.session.timeline.suggestion(cut.id).status is SuggestionStatus.ACCEPTED
    statuses = {s.id: s.status for s in grades(window)}
    qtbot.keyClick(window, Qt.Key.Key_R)  # meant for the cut, a moment too late
    assert window.session.timeline.suggestion(cut.id).status is SuggestionStatus.ACCEPTED
    assert {s.id: s.status for s in grades(window)} == statuses  # no grade decided unseen
    assert window.statusBar().currentMessage().startswith("Already accepted: cut at")
    assert window.statusBar().currentMessage().endswith("Ctrl+Z takes it back.")


def test_model_grades_arriving_after_a_match_come_back_when_it_is_undone(qtbot, window, two_shots, monkeypatch):
    """Fifth editor pass: grades the model finished after a Match Shots joined no state at
    all (none joins the matched edit), so undoing the match left the shot with no grade."""
    from dataclasses import replace

    open_with_cut(qtbot, window, two_shots, monkeypatch)
    first, second = grades(window)
    inspect(qtbot, window, first)
    window.grading.panel.set_grade(Grade.identity())
    window.grading.match_action.trigger()
    idle(qtbot, window)
    assert window.session.timeline.suggestion(second.id).producer == "shot-match"
    late_params = {**second.params, "exposure": 0.25}
    late = replace(second, id="late-model-grade", params=late_params)  # a rerun's result for that shot
    window.grading._add((late,), window.session.document)
    assert window.session.timeline.suggestion(second.id).producer == "shot-match"  # the match stays on screen
    window.undo()
    shot = [s for s in grades(window) if s.source_range == second.source_range]
    assert [s.params for s in shot] == [late_params]


def test_grading_by_hand_in_a_dissolve_grades_the_nearer_shot_and_shows_it(qtbot, window, two_shots, monkeypatch):
    """Fifth editor pass: on a frame of a fade between shots, Grade This Clip by Hand graded
    the nearer shot but the inspector went on offering it, and each press added another."""
    monkeypatch.setattr(MainWindow, "start_analysis", lambda self: [])
    fake_model(monkeypatch)
    window.open_path(two_shots)
    qtbot.waitUntil(lambda: window.session.timeline.duration == FRAMES and window.viewer.frame is not None,
                    timeout=15_000)
    dissolve = Suggestion(CUT, two_shots, FrameRange(15, 10), 0.9, "test", {"transition": "dissolve"})
    window.session.add_suggestions((dissolve,))
    window.suggestions.threshold.setValue(0)
    grading = window.grading
    window.seek(18)  # in the dissolve, nearer the first shot
    qtbot.keyClick(window, Qt.Key.Key_D)
    assert grading.hand_section.isVisible()
    grading.hand_button.click()
    by_hand = [s for s in grades(window) if s.producer == "editor"]
    assert len(by_hand) == 1 and by_hand[0].source_range.end_exclusive <= 15
    assert grading.section.isVisible() and not grading.hand_section.isVisible()
    assert grading._inspected.id == by_hand[0].id
