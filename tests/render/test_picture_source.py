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
