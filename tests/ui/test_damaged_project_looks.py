"""A project whose accepted grade or effect cannot be used (damaged, or from another version):
the editor opens it, shows every frame without that one look and says so over the picture;
export stops with the same reason and writes nothing; rejecting the look clears the note."""

from __future__ import annotations

from dataclasses import replace

import av
import pytest
from mediagen import make_video, read_index
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from vedit_gui.media import media_reference, probe
from vedit_gui.project import save_project
from vedit_gui.timeline import (
    GRADE,
    PUNCH_IN,
    FrameRange,
    Suggestion,
    SuggestionStatus,
    timeline_from_media,
)
from vedit_gui.ui.timeline_view import _suggestion_tip


def damaged_project(tmp_path, kind: str, params: dict):
    clip = make_video(tmp_path / "talk.mp4", 40, width=192, height=108, audio=False)
    damaged = Suggestion(kind, str(clip.path), FrameRange(10, 10), 0.9, "test", params, SuggestionStatus.ACCEPTED)
    timeline = replace(timeline_from_media(media_reference(probe(clip.path))), suggestions=(damaged,))
    path = tmp_path / "talk.vedit"
    save_project(timeline, path)
    return path


@pytest.fixture
def project(tmp_path):
    return damaged_project(tmp_path, PUNCH_IN, {"zoom": 7})


def shown(window) -> int | None:
    return None if window.viewer.frame is None else read_index(window.viewer.frame)


def test_the_editor_shows_the_rest_says_what_it_left_out_and_export_stops(qtbot, window, project, tmp_path):
    window.open_path(project)
    qtbot.waitUntil(lambda: window.session.project_path == project and shown(window) == 0, timeout=15_000)
    note = window.viewer.note
    assert note.startswith("Not shown, and an export that shows it stops: the punch-in on talk.mp4 (source frames 10–19)")
    assert note.endswith("(click it in the suggestion lane, then Reject).")
    window.seek(15)  # a frame of the damaged punch-in decodes as shot
    qtbot.waitUntil(lambda: shown(window) == 15, timeout=10_000)
    assert window.viewer.message == ""

    out = tmp_path / "export.mp4"
    job = window.start_export(out, "h264")
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "exportErrorBox") is not None, timeout=30_000)
    refusal = window.findChild(QMessageBox, "exportErrorBox").text()
    assert refusal.startswith("The punch-in on talk.mp4 (source frames 10–19) cannot be used")
    assert refusal.endswith("Reject it to go on without it, or render a range that does not show it.")
    assert job.state == "failed" and not out.exists()

    # A grade pasted over it does not clear the way: the paste says so.
    window.timeline_view.set_selection([window.session.timeline.tracks[0].items[0].id])
    window.grading.copy_grade()
    window.grading.paste_grade()
    assert window.statusBar().currentMessage().endswith(
        "A look on these frames cannot be used (red in the lane) and still stops an export that shows it: reject it.")
    window.undo()
    damaged = window.session.timeline.suggestions[0]
    # The lane marks it red, and its tooltip says what is wrong and what to do.
    view = window.timeline_view

    def lane_colour():
        view.repaint()
        shape = next(s for s in view.suggestion_shapes() if s.suggestion.id == damaged.id)
        centre = shape.rect.center()
        return view.grab().toImage().pixelColor(round(centre.x()), round(centre.y()))

    red = lane_colour()
    assert red.red() > red.green() + 80 and red.red() > red.blue() + 80
    tip = _suggestion_tip(damaged, window.session.timeline)
    assert "The punch-in on talk.mp4 (source frames 10–19) cannot be used" in tip and tip.endswith("click it, then Reject")
    window._on_timeline_suggestion_clicked(damaged.id)  # a click on it in the lane
    section = window.unusable_looks
    assert section.section.isVisible() and section.reason.text().startswith("The punch-in on talk.mp4")
    qtbot.mouseClick(section.reject_button, Qt.MouseButton.LeftButton)
    assert window.session.timeline.suggestion(damaged.id).status is SuggestionStatus.REJECTED
    assert window.viewer.note == ""
    job = window.start_export(out, "h264")
    qtbot.waitUntil(lambda: job.done, timeout=60_000)
    with av.open(str(out)) as container:
        assert [read_index(f.to_ndarray(format="rgb24")) for f in container.decode(video=0)] == list(range(40))
    assert not section.section.isVisible()  # rejected: nothing left to say about it
    window.undo()  # the rejection undone: the note is back, and the lane's red
    assert window.viewer.note == note
    again = lane_colour()
    assert again.red() > again.green() + 80
    # The Suggestions panel's Reject does the same.
    window._on_timeline_suggestion_clicked(damaged.id)
    qtbot.mouseClick(window.suggestions.reject_button, Qt.MouseButton.LeftButton)
    assert window.session.timeline.suggestion(damaged.id).status is SuggestionStatus.REJECTED


def test_a_grade_pasted_over_a_damaged_grade_clears_the_way(qtbot, window, tmp_path):
    project = damaged_project(tmp_path, GRADE, {"contrast": None})
    window.open_path(project)
    qtbot.waitUntil(lambda: window.session.project_path == project and shown(window) == 0, timeout=15_000)
    assert window.viewer.note.startswith("Not shown, and an export that shows it stops: the grade on talk.mp4")
    # The clip is ungraded elsewhere: Copy takes "no change", and the paste covers the whole clip.
    window.timeline_view.set_selection([window.session.timeline.tracks[0].items[0].id])
    window.grading.copy_grade()
    window.grading.paste_grade()
    assert window.statusBar().currentMessage() == "Pasted the grade on 1 clip."
    assert window.viewer.note == ""  # shown nowhere now: nothing left out of the picture
    out = tmp_path / "export.mp4"
    job = window.start_export(out, "h264")
    qtbot.waitUntil(lambda: job.done, timeout=60_000)
    assert job.state == "finished"
    with av.open(str(out)) as container:
        assert [read_index(f.to_ndarray(format="rgb24")) for f in container.decode(video=0)] == list(range(40))
    window.undo()  # the paste undone: the damaged grade is in the way again
    assert window.viewer.note.startswith("Not shown, and an export that shows it stops: the grade on talk.mp4")
