"""Opening an edit checks that each file still holds the frames its clips use."""

from __future__ import annotations

import json
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

from mediagen import make_video

from vedit_gui.media import media_reference, probe
from vedit_gui.project import open_any, save_project, write_otio
from vedit_gui.timeline import FrameRange, Timeline, Track, TrackKind, TrimOut, timeline_from_media
from vedit_gui.timeline.model import frames_at

NTSC = Fraction(30000, 1001)


def project_of(source: Path, path: Path):
    timeline = timeline_from_media(media_reference(probe(source)))
    save_project(timeline, path)
    return timeline


def test_a_source_replaced_by_a_shorter_file_is_reported_and_the_project_left_alone(tmp_path):
    source = make_video(tmp_path / "shot.mp4", 90, width=64, height=48).path
    project = tmp_path / "edit.vedit"
    project_of(source, project)
    saved = project.read_bytes()
    make_video(source, 60, width=64, height=48)  # re-exported shorter under the same name
    loaded = open_any(project)
    assert loaded.missing_media == []
    [changed] = loaded.changed_media
    assert (changed.path, changed.used, changed.holds) == (str(source), (0, 89), 60)
    problems = loaded.media_problems()
    assert problems.startswith("Media changed: shot.mp4 holds frames 0–59, "
                               "but the edit uses frames 0–89 of it (the clip at 00:00:00;00)")
    assert "replaced or cut short" in problems
    assert project.read_bytes() == saved


def test_a_damaged_project_whose_clip_lies_past_the_file_is_reported(tmp_path):
    source = make_video(tmp_path / "shot.mp4", 60, width=64, height=48).path
    project = tmp_path / "edit.vedit"
    project_of(source, project)
    data = json.loads(project.read_text())
    for track in data["timeline"]["tracks"]:
        track["items"][0]["source_range"].update(start=500, duration=30)
    project.write_text(json.dumps(data))
    [changed] = open_any(project).changed_media
    assert changed.used == (500, 529) and changed.holds == 60


def test_files_that_hold_what_the_edit_uses_are_not_reported(tmp_path):
    source = make_video(tmp_path / "shot.mp4", 60, width=64, height=48).path
    project = tmp_path / "edit.vedit"
    project_of(source, project)
    loaded = open_any(project)
    assert loaded.changed_media == [] and loaded.media_problems() == ""
    assert open_any(source).changed_media == []  # a source opened alone is probed as it opens


def test_the_last_source_frame_partly_under_a_timeline_frame_is_not_past_the_end(tmp_path):
    # 25 fps footage in an NTSC edit: 41 source frames are 49.15 timeline frames. A new clip
    # takes 49 (rounded); the 50th timeline frame still shows the last source frame, and a
    # trim may reach it (frames_at): only a clip beyond that is past the file.
    source = make_video(tmp_path / "pal.mp4", 41, width=64, height=48, rate=25, audio=False).path
    media = media_reference(probe(source))
    timeline = timeline_from_media(media, rate=NTSC)
    clip = next(timeline.tracks[0].clips())
    assert clip.source_range == FrameRange(0, 49) and frames_at(media, NTSC) == 50
    trimmed = TrimOut(clip.id, 1).apply(timeline)  # the editor allows this
    beyond = Timeline(NTSC, (Track(TrackKind.VIDEO, (replace(clip, source_range=FrameRange(0, 51)),)),))
    for edit, flagged in ((timeline, False), (trimmed, False), (beyond, True)):
        path = tmp_path / "edit.vedit"
        save_project(edit, path)
        assert bool(open_any(path).changed_media) is flagged
    # Frames of two rates would mislead: the file's length and the part used are in seconds.
    assert open_any(path).media_problems().startswith(
        "Media changed: pal.mp4 holds 1.64 s, but the edit uses 0 s to 1.7 s of it")


def test_an_otio_edit_is_checked_too(tmp_path):
    source = make_video(tmp_path / "shot.mp4", 90, width=64, height=48).path
    write_otio(timeline_from_media(media_reference(probe(source))), tmp_path / "edit.otio")
    make_video(source, 30, width=64, height=48)
    assert [c.holds for c in open_any(tmp_path / "edit.otio").changed_media] == [30]
