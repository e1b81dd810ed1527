"""The edit's picture format comes from the source it was made from, however the cut is
reordered (fifth editor pass: a 1280×544 clip dragged to the head made a 16:9 montage a
1280×544 file), or from the clip the editor picks."""

from __future__ import annotations

from mediagen import make_video

from vedit_gui.media import media_reference, probe
from vedit_gui.project.opening import new_edit
from vedit_gui.render import picture_size
from vedit_gui.timeline import History, InsertMedia, timeline_from_media
from vedit_gui.timeline.picture_source import PICTURE_SOURCE, SetPictureSource


def sources(tmp_path):
    wide = make_video(tmp_path / "main.mp4", 20, width=192, height=108, audio=False).path
    scope = make_video(tmp_path / "scope.mp4", 10, width=192, height=80, audio=False).path
    return probe(wide), media_reference(probe(scope))


def test_a_clip_put_at_the_head_does_not_change_the_edit_format(tmp_path):
    main, scope = sources(tmp_path)
    history = History(new_edit(main))
    history.apply(InsertMedia((scope,), 0))  # the 2.39:1 shot now opens the cut
    assert picture_size(history.timeline) == (192, 108)
    history.apply(SetPictureSource(scope.path, scope.file_name))  # the editor's choice
    assert picture_size(history.timeline) == (192, 80)
    history.undo()
    assert picture_size(history.timeline) == (192, 108)


def test_an_edit_without_a_picture_source_takes_its_first_clips_as_before(tmp_path):
    main, scope = sources(tmp_path)
    history = History(timeline_from_media(media_reference(main)))  # made before: no source kept
    history.apply(InsertMedia((scope,), 0))
    assert PICTURE_SOURCE not in history.timeline.metadata
    assert picture_size(history.timeline) == (192, 80)


def test_the_picture_source_survives_a_moved_folder_and_a_relink(tmp_path):
    """The third review: the source was kept by its absolute path, so a project opened from a
    moved folder, or its footage relinked to a copy, fell back to the first clip's format."""
    import shutil

    from vedit_gui.project import open_any, save_project
    from vedit_gui.timeline.edits import RelinkMedia

    folder = tmp_path / "job"
    folder.mkdir()
    main, scope = sources(folder)
    history = History(new_edit(main))
    history.apply(InsertMedia((scope,), 0))
    save_project(history.timeline, folder / "cut.vedit")
    folder.rename(tmp_path / "moved")
    moved = open_any(tmp_path / "moved" / "cut.vedit", check_media=False).timeline
    assert picture_size(moved) == (192, 108)
    copy = shutil.copy(tmp_path / "moved" / "main.mp4", tmp_path / "moved" / "main copy.mp4")
    old = next(m.path for m in moved.media() if m.path.endswith("/main.mp4"))
    relinked = RelinkMedia(((old, media_reference(probe(copy))),)).apply(moved)
    assert relinked.metadata[PICTURE_SOURCE].endswith("main copy.mp4") and picture_size(relinked) == (192, 108)
