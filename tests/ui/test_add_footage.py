"""Adding footage to an open edit: File ▸ Add Footage appends, a file dropped on the timeline
goes in where it is dropped, the new source is analysed, and bad files are reported."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
from mediagen import index_frame, make_video, read_index
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox

from vedit_gui.render import render_timeline
from vedit_gui.timeline import Clip, FrameRange, Suggestion, SuggestionStatus, TrackKind
from vedit_gui.timeline.mapping import SourceMap
from vedit_gui.ui import timeline_theme as theme


def open_clip(qtbot, window, path: Path, frames: int) -> str:
    make_video(path, frames, width=192, height=108)
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == frames, timeout=15_000)
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
    return str(path)


def other_clip(path: Path) -> str:
    """Two seconds at 25 fps, another size, no sound; its pictures numbered from 500."""
    make_video(path, 50, width=160, height=90, rate=25, audio=False,
               picture=lambda i: index_frame(500 + i, 160, 90))
    return str(path)


def shown(window) -> list[tuple[str, int, int]]:
    """(file name, timeline start, length) of each clip on the first video track."""
    tracks = window.session.timeline.tracks_of(TrackKind.VIDEO)
    ranges = tracks[0].ranges() if tracks else ()
    return [(Path(item.media.path).name, rng.start, rng.duration) for _, item, rng in ranges if isinstance(item, Clip)]


def test_added_footage_goes_on_the_end_is_analysed_rendered_and_undone(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    open_clip(qtbot, window, tmp_path / "a.mp4", 90)
    added = other_clip(tmp_path / "b.mp4")
    started: list[str] = []  # the jobs running once the window has handled the addition
    window.session.media_added.connect(lambda *_: started.extend(job.title for job in window.jobs.jobs))
    window.add_footage([added])
    # Two seconds at the edit's 29.97 fps, after a, with a's sound kept in place.
    qtbot.waitUntil(lambda: shown(window) == [("a.mp4", 0, 90), ("b.mp4", 90, 60)], timeout=15_000)
    assert window.playhead == 90 and "Added b.mp4 at 00:00:03;00" in window.statusBar().currentMessage()
    sound = window.session.timeline.tracks_of(TrackKind.AUDIO)[0]
    assert [item.media.path for item in sound.clips()] == [str(tmp_path / "a.mp4")]
    # The new source is analysed (a's analysis is not run again): its score curve arrives.
    assert started == ["Finding cuts in b.mp4"]
    qtbot.waitUntil(lambda: window.session.score_curve(added) is not None and not window.jobs.jobs, timeout=60_000)
    assert len(window.session.score_curve(added)) == 50
    # The export shows b after a, scaled to a's size.
    with av.open(str(render_timeline(window.session.timeline, tmp_path / "out.mp4"))) as container:
        indices = [read_index(frame.to_ndarray(format="rgb24")) for frame in container.decode(video=0)]
    assert indices[:90] == list(range(90))
    assert indices[90] == 500 and indices[-1] == 549 and len(indices) == 150
    window.session.history.undo()
    assert shown(window) == [("a.mp4", 0, 90)]
    assert window.session.history.redo_description == "Add b.mp4"


def drag_event(kind, view, x: float, paths: list[str], y: float | None = None):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(p) for p in paths])
    where = QPointF(x, view.track_row(0).top + 10 if y is None else y)
    # The enter and move events take a whole-pixel position, the drop a fractional one.
    pos = where if kind is QDropEvent else where.toPoint()
    return kind(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier), mime


def test_a_file_dropped_on_the_timeline_goes_in_at_the_cut_it_is_dropped_on(qtbot, window, tmp_path):
    open_clip(qtbot, window, tmp_path / "a.mp4", 90)
    window.session.split_at(30)
    added = other_clip(tmp_path / "b.mp4")
    view = window.timeline_view
    x = view.x_for_frame(30) + 4  # a few pixels past the cut: it snaps there, as a moved clip would
    # Qt hands a drag's events to these handlers only while its own drag loop runs, which a
    # test cannot start offscreen; the test hands them over as Qt would.
    enter, _mime = drag_event(QDragEnterEvent, view, x, [added])
    enter.ignore()
    view.dragEnterEvent(enter)
    move, _mime2 = drag_event(QDragMoveEvent, view, x, [added])
    move.ignore()
    view.dragMoveEvent(move)
    assert enter.isAccepted() and move.isAccepted()
    # The insertion point is drawn where the file would go.
    line_x = round(view.x_for_frame(30))
    picture = view.grab().toImage()
    row = view.track_row(0)
    column = [QColor(picture.pixel(cx, int(row.top + row.height / 2))) for cx in (line_x - 1, line_x, line_x + 1)]
    assert QColor(theme.INSERT_LINE) in column
    drop, _mime3 = drag_event(QDropEvent, view, x, [added])
    view.dropEvent(drop)
    qtbot.waitUntil(lambda: len(shown(window)) == 3, timeout=15_000)
    assert shown(window) == [("a.mp4", 0, 30), ("b.mp4", 30, 60), ("a.mp4", 90, 60)]
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)


def test_unreadable_files_are_reported_and_the_others_go_in(qtbot, window, tmp_path):
    open_clip(qtbot, window, tmp_path / "a.mp4", 90)
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"not a video at all" * 100)
    project = tmp_path / "edit.vedit"
    project.write_text("{}")
    added = other_clip(tmp_path / "b.mp4")
    window.add_footage([str(broken), added, str(project)])
    qtbot.waitUntil(lambda: len(shown(window)) == 2, timeout=15_000)
    qtbot.waitUntil(lambda: len(window.findChildren(QMessageBox, "addErrorBox")) == 2, timeout=10_000)
    boxes = window.findChildren(QMessageBox, "addErrorBox")
    assert sorted(box.windowTitle() for box in boxes) == ["Could not add broken.mp4", "Could not add edit.vedit"]
    assert any("File ▸ Open opens it" in box.text() for box in boxes)
    assert window.session.history.undo_description == "Add b.mp4"  # one step, the good file only
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)


def test_footage_added_to_an_empty_window_opens_as_a_new_edit(qtbot, window, tmp_path):
    first = other_clip(tmp_path / "b.mp4")
    make_video(tmp_path / "a.mp4", 30, width=192, height=108)
    # A file that cannot open is reported; the first that opens is the edit, the rest follow.
    window.add_footage([str(tmp_path / "missing.mp4"), first, str(tmp_path / "a.mp4")])
    qtbot.waitUntil(lambda: len(shown(window)) == 2, timeout=15_000)
    # The first file sets the edit's rate, as opening it would.
    assert window.session.timeline.rate == Fraction(25)
    assert shown(window) == [("b.mp4", 0, 50), ("a.mp4", 50, 25)]
    assert window.session.source_path == Path(first)
    assert window.findChild(QMessageBox, "openErrorBox") is not None
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)


def test_a_source_added_again_is_the_same_source_with_its_suggestions(qtbot, window, tmp_path):
    path = open_clip(qtbot, window, tmp_path / "a.mp4", 90)
    cut = Suggestion("cut", path, FrameRange(39, 2), 0.97, "test", params={"transition": "cut"})
    window.session.add_suggestions((cut,))
    (tmp_path / "sub").mkdir()
    started: list[str] = []
    window.session.media_added.connect(lambda *_: started.extend(job.title for job in window.jobs.jobs))
    window.add_footage([str(tmp_path / "sub" / ".." / "a.mp4")])  # the same file, written another way
    qtbot.waitUntil(lambda: len(shown(window)) == 2, timeout=15_000)
    assert {item.media.path for item in window.session.timeline.tracks[0].clips()} == {path}
    assert started == []  # nothing to analyse again
    # Its suggestion stands at both uses, so N stops at each.
    assert SourceMap(window.session.timeline).frames_for(path, cut.cut_frame) == [40, 130]


def test_an_accepted_cut_accepted_again_splits_a_copy_added_since(qtbot, window, tmp_path):
    path = open_clip(qtbot, window, tmp_path / "a.mp4", 90)
    cut = Suggestion("cut", path, FrameRange(39, 2), 0.97, "test", params={"transition": "cut"})
    window.session.add_suggestions((cut,))
    assert window.decide([cut.id], SuggestionStatus.ACCEPTED)
    assert len(list(window.session.timeline.tracks[0].clips())) == 2
    window.add_footage([str(tmp_path / "a.mp4")])
    qtbot.waitUntil(lambda: len(list(window.session.timeline.tracks[0].clips())) == 3, timeout=15_000)
    assert window.decide([cut.id], SuggestionStatus.ACCEPTED)  # the copy is cut too
    assert len(list(window.session.timeline.tracks[0].clips())) == 4
    assert window.statusBar().currentMessage() == "Accepted cut at 00:00:01;10 in a.mp4."
    # Now it is applied everywhere: accepting it again changes nothing and leaves no step.
    undo = window.session.history.undo_description
    assert not window.decide([cut.id], SuggestionStatus.ACCEPTED)
    assert window.statusBar().currentMessage() == "Already accepted: cut at 00:00:01;10 in a.mp4."
    assert window.session.history.undo_description == undo
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)


def test_moved_media_is_relinked_and_its_neighbours_found_beside_it(qtbot, window, tmp_path, monkeypatch):
    shoot, moved = tmp_path / "shoot", tmp_path / "moved"
    shoot.mkdir()
    moved.mkdir()
    a = open_clip(qtbot, window, shoot / "a.mp4", 90)
    window.add_footage([other_clip(shoot / "b.mp4")])
    qtbot.waitUntil(lambda: len(shown(window)) == 2, timeout=15_000)
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
    cut = Suggestion("cut", a, FrameRange(39, 2), 0.97, "test", params={"transition": "cut"})
    window.session.add_suggestions((cut,))
    project = tmp_path / "edit.vedit"
    task = window.session.save(project)
    qtbot.waitUntil(task.done, timeout=10_000)
    for name in ("a.mp4", "b.mp4"):
        (shoot / name).rename(moved / name)
    window.open_path(project)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "openErrorBox") is not None, timeout=15_000)
    box = window.findChild(QMessageBox, "openErrorBox")
    assert box.windowTitle() == "Media not found" and "Relink Missing Media" in box.text()
    assert window.relink_action.isEnabled() and len(window.session.missing_media) == 2
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
    # File ▸ Relink starts looking where the file was (the folder still there), not wherever
    # vedit happened to be started.
    from PySide6.QtWidgets import QFileDialog

    started: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda _parent, _title, folder, _filter: (started.append(folder), ("", ""))[1])
    window._on_relink_triggered()
    assert started == [str(shoot)]
    # The editor points at one file; the other is found beside it. One undo step.
    window.session.relink(a, moved / "a.mp4")
    qtbot.waitUntil(lambda: not window.session.missing_media, timeout=15_000)
    used = {clip.media.path for track in window.session.timeline.tracks for clip in track.clips()}
    assert used == {str(moved / "a.mp4"), str(moved / "b.mp4")}
    assert window.session.timeline.suggestion(cut.id).source == str(moved / "a.mp4")
    assert window.session.history.undo_description == "Relink Media" and not window.relink_action.isEnabled()
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)


def test_a_file_now_shorter_than_the_edit_uses_is_reported_and_offered_for_relink(qtbot, window, tmp_path):
    a = open_clip(qtbot, window, tmp_path / "a.mp4", 90)
    project = tmp_path / "edit.vedit"
    task = window.session.save(project)
    qtbot.waitUntil(task.done, timeout=10_000)
    saved = project.read_bytes()
    (tmp_path / "a.mp4").rename(tmp_path / "a full.mp4")
    make_video(tmp_path / "a.mp4", 60, width=192, height=108)  # replaced by a shorter cut
    window.open_path(project)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "openErrorBox") is not None, timeout=15_000)
    box = window.findChild(QMessageBox, "openErrorBox")
    assert box.windowTitle() == "Media changed" and "Relink Missing Media" in box.text()
    assert "a.mp4 holds frames 0–59, but the edit uses frames 0–89 of it" in box.text()
    assert window.relink_action.isEnabled() and window.session.missing_media == [a]
    window.start_export(tmp_path / "out.mp4", "h264")  # before relinking: the box says why it fails
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "exportErrorBox") is not None, timeout=30_000)
    assert "Missing or changed since the edit was made: a.mp4" in window.findChild(QMessageBox, "exportErrorBox").text()
    assert shown(window) == [("a.mp4", 0, 90)] and project.read_bytes() == saved  # kept as it was
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
    # The short file itself is refused (Relink checks the length); the full one is taken.
    refused = window.session.relink(a, tmp_path / "a.mp4")
    qtbot.waitUntil(refused.done, timeout=15_000)
    assert window.session.missing_media == [a] and window.session.history.undo_description != "Relink Media"
    window.session.relink(a, tmp_path / "a full.mp4")
    qtbot.waitUntil(lambda: not window.session.missing_media, timeout=15_000)
    assert shown(window) == [("a full.mp4", 0, 90)] and not window.relink_action.isEnabled()
    assert window.session.history.undo_description == "Relink Media"
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)


def test_a_file_dropped_above_the_tracks_goes_over_the_edit_and_moves_nothing(qtbot, window, tmp_path):
    open_clip(qtbot, window, tmp_path / "a.mp4", 90)
    added = other_clip(tmp_path / "b.mp4")
    view = window.timeline_view
    x, y = view.x_for_frame(20), view.curve_rect().center().y()  # over the score curve, above V1
    move, _mime = drag_event(QDragMoveEvent, view, x, [added], y)
    move.ignore()
    view.dragMoveEvent(move)
    assert move.isAccepted() and view._drop.label == "Over the edit, on new tracks"
    drop, _mime2 = drag_event(QDropEvent, view, x, [added], y)
    view.dropEvent(drop)
    qtbot.waitUntil(lambda: len(window.session.timeline.tracks) == 3, timeout=15_000)
    lower, upper = window.session.timeline.tracks_of(TrackKind.VIDEO)
    assert [(type(i).__name__, i.duration) for i in upper.items] == [("Gap", 20), ("Clip", 60)]
    assert shown(window) == [("a.mp4", 0, 90)]  # V1 as it was
    assert view.track_row(1).name == "V2" and window.session.history.undo_description == "Add b.mp4 Above"
    view.set_selection([upper.items[1].id])
    assert window.inspector.rows()["Track"] == "V2"  # as its header says
    # The viewer shows the picture on top where it covers V1, and V1 where it does not.
    window.seek(30)
    qtbot.waitUntil(lambda: window.viewer.frame is not None and 500 <= read_index(window.viewer.frame) < 550, timeout=10_000)  # b's
    window.seek(10)
    qtbot.waitUntil(lambda: read_index(window.viewer.frame) == 10, timeout=10_000)
    # Deleting it leaves V1 alone and V2 empty; Edit ▸ Delete Empty Tracks takes V2 away.
    view.set_selection([upper.items[1].id])
    window.editing.ripple_delete_selection()
    assert shown(window) == [("a.mp4", 0, 90)] and len(window.session.timeline.tracks) == 3
    menu_action(window, "Delete Empty Tracks").trigger()
    assert [t.kind for t in window.session.timeline.tracks] == [TrackKind.VIDEO, TrackKind.AUDIO]
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)


def menu_action(window, text: str):
    from PySide6.QtGui import QAction

    return next(a for a in window.findChildren(QAction) if a.text() == text)


def test_two_changed_files_relink_one_at_a_time_from_the_folder_of_the_new_one(qtbot, window, tmp_path):
    # Both replaced by shorter cuts in the edit's folder: relinking the first must not pick up
    # the second's own short file beside it, and so fail as a whole.
    a = open_clip(qtbot, window, tmp_path / "a.mp4", 90)
    make_video(tmp_path / "b.mp4", 90, width=192, height=108)
    window.add_footage([str(tmp_path / "b.mp4")])
    qtbot.waitUntil(lambda: len(shown(window)) == 2, timeout=15_000)
    b = str(tmp_path / "b.mp4")
    project = tmp_path / "edit.vedit"
    task = window.session.save(project)
    qtbot.waitUntil(task.done, timeout=10_000)
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
    for name in ("a", "b"):
        (tmp_path / f"{name}.mp4").rename(tmp_path / f"{name} full.mp4")
        make_video(tmp_path / f"{name}.mp4", 60, width=192, height=108)
    window.open_path(project)
    qtbot.waitUntil(lambda: sorted(window.session.missing_media) == sorted([a, b]), timeout=15_000)
    relinked = window.session.relink(b, tmp_path / "b full.mp4")
    qtbot.waitUntil(relinked.done, timeout=15_000)
    assert window.session.missing_media == [a]  # b found again; a's short file left as it is
    assert window.session.history.undo_description == "Relink Media"
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)


def test_a_project_opens_before_its_files_are_checked(qtbot, window, tmp_path, monkeypatch):
    # The check scans every file whole: the edit opens first, and saves do not wait for it.
    import threading

    from vedit_gui.app import session as session_module

    a = open_clip(qtbot, window, tmp_path / "a.mp4", 90)
    project = tmp_path / "edit.vedit"
    task = window.session.save(project)
    qtbot.waitUntil(task.done, timeout=10_000)
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
    release = threading.Event()
    real = session_module.changed_media

    def slow(*args):
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(session_module, "changed_media", slow)
    (tmp_path / "a.mp4").rename(tmp_path / "a full.mp4")
    make_video(tmp_path / "a.mp4", 60, width=192, height=108)
    window.open_path(project)
    qtbot.waitUntil(lambda: window.session.project_path == project and shown(window) == [("a.mp4", 0, 90)], timeout=15_000)
    saving = window.session.save(tmp_path / "again.vedit")
    qtbot.waitUntil(saving.done, timeout=5_000)  # while the check still waits
    assert window.findChild(QMessageBox, "openErrorBox") is None and window.session.missing_media == []
    release.set()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "openErrorBox") is not None, timeout=15_000)
    assert window.findChild(QMessageBox, "openErrorBox").windowTitle() == "Media changed"
    assert window.session.missing_media == [a] and window.relink_action.isEnabled()
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)


def test_variable_rate_footage_added_is_counted_on_the_edits_grid(qtbot, window, tmp_path):
    """Each edit frame of the phone clip shows the picture on screen at its time, once sampled
    (not through the clip's 26.46 fps average grid)."""
    from itertools import accumulate

    from mediagen import make_vfr_video

    open_clip(qtbot, window, tmp_path / "a.mp4", 30)
    phone = str(make_vfr_video(tmp_path / "phone.mp4", 48, width=192, height=108).path)  # a's size: not scaled
    window.add_footage([phone])
    qtbot.waitUntil(lambda: [name for name, *_ in shown(window)] == ["a.mp4", "phone.mp4"], timeout=15_000)
    media = next(m for m in window.session.timeline.media() if m.path == phone)
    assert media.rate == window.session.timeline.rate == Fraction(30000, 1001)
    starts = [0, *accumulate((20, 40, 33, 60)[i % 4] for i in range(47))]
    times = [Fraction(1001 * i, 30) for i in range(media.duration)]  # ms
    on_screen = [max(k for k, s in enumerate(starts) if s <= t) for t in times]
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
    with av.open(str(render_timeline(window.session.timeline, tmp_path / "out.mp4"))) as container:
        indices = [read_index(frame.to_ndarray(format="rgb24")) for frame in container.decode(video=0)]
    assert indices[30:] == on_screen
