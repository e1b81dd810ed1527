from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from project_strategies import RATE, timelines

from vedit_gui.project import (
    CorruptProjectError,
    NewerVersionError,
    ProjectError,
    ProjectWriteError,
    UnsupportedValueError,
    load_project,
    save_project,
)
from vedit_gui.project import migrate as migration
from vedit_gui.timeline import (
    AddSuggestions,
    FrameRange,
    MediaReference,
    Split,
    Suggestion,
    timeline_from_media,
)


def _timeline(media_path: Path):
    media = MediaReference(str(media_path), RATE, 300)
    timeline = Split(100).apply(timeline_from_media(media))
    cut = Suggestion("cut", str(media_path), FrameRange(200, 1), 0.9, "shots v1")
    return AddSuggestions((cut,)).apply(timeline)


@pytest.fixture
def project(tmp_path):
    """A project folder holding a source file and a saved project beside it."""
    folder = tmp_path / "job"
    (folder / "footage").mkdir(parents=True)
    media_path = folder / "footage" / "a.mp4"
    media_path.write_bytes(b"stand-in media")
    timeline = _timeline(media_path)
    path = folder / "edit.vedit"
    save_project(timeline, path, extra={"playhead": 42, "zoom": 1.5})
    return path, timeline


def test_save_then_load_gives_the_same_timeline_and_extra(project):
    path, timeline = project
    loaded = load_project(path)
    assert loaded.timeline == timeline
    assert loaded.extra == {"playhead": 42, "zoom": 1.5}
    assert loaded.path == path
    assert loaded.missing_media == []


def test_saving_over_footage_the_project_uses_is_refused_and_the_footage_kept(project):
    path, timeline = project
    footage = path.parent / "footage" / "a.mp4"
    with pytest.raises(ProjectError, match="footage this project uses"):
        save_project(timeline, footage)
    assert footage.read_bytes() == b"stand-in media"
    save_project(timeline, path)  # its own file, saved again, is fine


def test_file_layout_has_format_version_and_relative_media(project):
    path, _ = project
    data = json.loads(path.read_text())
    assert data["format"] == "vedit.project"
    assert data["version"] == migration.CURRENT_VERSION
    entry = data["timeline"]["media"][0]
    assert entry["path"] == "footage/a.mp4"
    assert entry["absolute_path"] == str(path.parent / "footage" / "a.mp4")


def test_a_moved_project_folder_finds_its_media_by_relative_path(project, tmp_path):
    path, timeline = project
    moved = tmp_path / "elsewhere"
    shutil.move(path.parent, moved)
    loaded = load_project(moved / "edit.vedit")
    new_media = str(moved / "footage" / "a.mp4")
    assert loaded.missing_media == []
    assert {m.path for m in loaded.timeline.media()} == {new_media}
    # Suggestions name their source by path, so they follow the media.
    assert [s.source for s in loaded.timeline.suggestions] == [new_media]


def test_a_moved_project_file_falls_back_to_the_absolute_path(project, tmp_path):
    path, timeline = project
    alone = tmp_path / "alone.vedit"
    shutil.copy(path, alone)
    loaded = load_project(alone)
    assert loaded.missing_media == []
    assert loaded.timeline == timeline


def test_missing_media_is_reported_not_fatal(project):
    path, timeline = project
    (path.parent / "footage" / "a.mp4").unlink()
    loaded = load_project(path)
    assert loaded.missing_media == [str(path.parent / "footage" / "a.mp4")]
    assert loaded.timeline == timeline


@settings(max_examples=25, deadline=None)
@given(timelines)
def test_any_timeline_survives_save_and_load(timeline):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.vedit"
        save_project(timeline, path, extra={"playhead": 3})
        loaded = load_project(path)
    assert loaded.timeline == timeline
    # The strategy's sources do not exist on disk: reported, and nothing else changes.
    assert set(loaded.missing_media) == {m.path for m in timeline.media()}


@pytest.mark.parametrize(
    ("content", "error", "message"),
    [
        (b"", CorruptProjectError, "the file is empty"),
        (None, CorruptProjectError, "truncated"),
        (
            b'{"format": "vedit.project", "version": 1, ]',
            CorruptProjectError,
            "not valid JSON at line 1",
        ),
        (b"\xff\xfe\x00garbage", CorruptProjectError, "not text"),
        (b'["a list"]', CorruptProjectError, "not a vedit project"),
        (b'{"format": "other.thing", "version": 1}', CorruptProjectError, "not a vedit project"),
        (
            b'{"format": "vedit.project", "version": "1"}',
            CorruptProjectError,
            "no valid format version",
        ),
        (
            b'{"format": "vedit.project", "version": 1, "timeline": 3}',
            CorruptProjectError,
            "no timeline",
        ),
        (
            b'{"format": "vedit.project", "version": 1, "timeline": {"schema": "Timeline.1", "rate": NaN}}',
            CorruptProjectError,
            "NaN",
        ),
        (
            b'{"format": "vedit.project", "version": 99, "timeline": {}}',
            NewerVersionError,
            "newer vedit",
        ),
        (
            b'{"format": "vedit.project", "version": 1, "timeline": {"schema": "Timeline.1", "rate": "25", "tracks": [{"schema": "Track.1"}]}}',
            CorruptProjectError,
            r"tracks\[0\]: missing field 'kind'",
        ),
        (
            b'{"format": "vedit.project", "version": 1, "extra": {"zoom": 1e999}, "timeline": {}}',
            CorruptProjectError,
            "too large",
        ),
        (b"[" * 100_000, CorruptProjectError, "damaged|truncated"),
    ],
    ids=[
        "empty",
        "truncated",
        "garbled",
        "binary",
        "list",
        "other-format",
        "string-version",
        "bad-timeline",
        "nan",
        "future",
        "wrong-shape",
        "huge-number",
        "deep",
    ],
)
def test_unreadable_files_raise_and_stay_untouched(project, content, error, message):
    path, _ = project
    if content is None:
        content = path.read_bytes()[: len(path.read_bytes()) // 2]
    path.write_bytes(content)
    with pytest.raises(error, match=message) as raised:
        load_project(path)
    assert str(path) in str(raised.value)
    assert path.read_bytes() == content
    assert sorted(p.name for p in path.parent.iterdir()) == ["edit.vedit", "footage"]


def test_a_file_that_does_not_exist_is_named(tmp_path):
    with pytest.raises(ProjectError, match="does not exist") as raised:
        load_project(tmp_path / "nope.vedit")
    assert "nope.vedit" in str(raised.value)


@pytest.mark.parametrize(
    ("patched", "err"),
    [("fsync", errno.ENOSPC), ("replace", errno.EROFS), ("open", errno.EACCES)],
    ids=["disk-full", "read-only-rename", "read-only-create"],
)
def test_a_failed_save_leaves_the_old_file_intact(project, monkeypatch, patched, err):
    path, timeline = project
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(os, patched, fail)
    with pytest.raises(ProjectWriteError, match=os.strerror(err)) as raised:
        save_project(Split(50).apply(timeline), path)
    monkeypatch.undo()
    assert str(path) in str(raised.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["edit.vedit", "footage"]


def test_a_value_json_cannot_hold_fails_before_touching_the_file(project):
    path, timeline = project
    before = path.read_bytes()
    with pytest.raises(UnsupportedValueError, match="extra.selection"):
        save_project(timeline, path, extra={"selection": ("a", "b")})
    bad = replace(timeline, metadata={"when": object()})
    with pytest.raises(UnsupportedValueError, match=r"edit\.vedit: timeline\.metadata\.when"):
        save_project(bad, path)
    assert path.read_bytes() == before


def test_save_keeps_the_file_permissions(project):
    path, timeline = project
    path.chmod(0o640)
    save_project(timeline, path)
    assert path.stat().st_mode & 0o777 == 0o640


def test_unknown_top_level_fields_are_written_back(project):
    path, _ = project
    data = json.loads(path.read_text())
    data["render_presets"] = [{"name": "web"}]
    path.write_text(json.dumps(data))
    loaded = load_project(path)
    save_project(loaded.timeline, path, extra=loaded.extra)
    assert json.loads(path.read_text()) == data


def test_registered_upgrades_bring_old_files_up_to_date(project, monkeypatch):
    """Pretend the current format is 3 and this file is version 1: both steps run, in order."""
    path, timeline = project
    monkeypatch.setattr(migration, "CURRENT_VERSION", 3)
    monkeypatch.setattr(migration, "UPGRADES", {})

    @migration.upgrade(1)
    def rename_extra(data):
        data["extra"] = {"ui": data.pop("extra")}
        return data

    @migration.upgrade(2)
    def tag_timeline(data):
        data["timeline"]["metadata"]["upgraded_from"] = data["version"]
        return data

    loaded = load_project(path)
    assert loaded.extra == {"ui": {"playhead": 42, "zoom": 1.5}}
    assert loaded.timeline.metadata == {"upgraded_from": 2}
    with pytest.raises(ValueError, match="already registered"):
        migration.upgrade(1)(rename_extra)


def test_a_missing_upgrade_is_a_clear_error(project, monkeypatch):
    path, _ = project
    monkeypatch.setattr(migration, "CURRENT_VERSION", 2)
    monkeypatch.setattr(migration, "UPGRADES", {})
    with pytest.raises(CorruptProjectError, match="no upgrade from file version 1 to 2"):
        load_project(path)


def test_a_lone_surrogate_in_a_name_survives(project):
    """File names decoded with errors="surrogateescape" carry lone surrogates."""
    path, timeline = project
    odd = replace(timeline, name="take\udcff")
    save_project(odd, path)
    assert load_project(path).timeline == odd


def test_footage_opened_by_a_relative_path_keeps_its_decisions_after_save_and_load(tmp_path, monkeypatch):
    """The README's first command opens ``resources/sample.mp4``: the suggestions must name
    the same file as the edit's media once the project is read back from its own folder."""
    (tmp_path / "clips").mkdir()
    (tmp_path / "clips" / "a.mp4").write_bytes(b"stand-in media")
    monkeypatch.chdir(tmp_path)
    timeline = _timeline(Path("clips") / "a.mp4")
    (tmp_path / "projects").mkdir()
    path = tmp_path / "projects" / "edit.vedit"
    save_project(timeline, path)
    monkeypatch.chdir(tmp_path / "projects")  # started from elsewhere next time
    loaded = load_project(path)
    absolute = str(tmp_path / "clips" / "a.mp4")
    assert loaded.missing_media == []
    assert [m.path for m in loaded.timeline.media()] == [absolute]
    assert [s.source for s in loaded.timeline.suggestions] == [absolute]


def test_suggestions_saved_by_their_relative_source_find_their_media_again(tmp_path):
    """Projects saved before sources were kept absolute hold the path as typed."""
    (tmp_path / "job" / "footage").mkdir(parents=True)
    media_path = tmp_path / "job" / "footage" / "a.mp4"
    media_path.write_bytes(b"stand-in media")
    path = tmp_path / "job" / "edit.vedit"
    save_project(_timeline(media_path), path)
    data = json.loads(path.read_text())
    for entry in data["timeline"]["suggestions"]:
        entry["source"] = "job/footage/a.mp4"  # as typed in tmp_path
    path.write_text(json.dumps(data))
    loaded = load_project(path)
    assert [s.source for s in loaded.timeline.suggestions] == [str(media_path)]
