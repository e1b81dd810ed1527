"""Rendering over an existing export treats the file as a project save does: through a symlink
to its target, with the old file's permissions, flushed to disk before the rename; and a name
near the file system's limit renders."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from vedit_gui.render import render_timeline
from vedit_gui.render.renderer import temp_beside
from vedit_gui.timeline import FrameRange, Timeline

FRAMES = FrameRange(0, 3)  # a few frames are enough: the file is the point, not the picture


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_rendering_through_a_symlink_replaces_its_target(timeline: Timeline, tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    real = exports / "final.mp4"
    real.write_bytes(b"the previous render")
    link = tmp_path / "final.mp4"
    link.symlink_to(real)
    render_timeline(timeline, link, frames=FRAMES)
    assert link.is_symlink() and link.resolve() == real
    assert real.read_bytes()[4:8] == b"ftyp"
    assert sorted(p.name for p in exports.iterdir()) == ["final.mp4"]  # no temporary file left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports", "final.mp4"]


def test_rendering_over_an_export_keeps_its_permissions(timeline: Timeline, tmp_path):
    out = tmp_path / "final.mp4"
    out.write_bytes(b"the previous render")
    os.chmod(out, 0o640)
    render_timeline(timeline, out, frames=FRAMES)
    assert _mode(out) == 0o640 and out.read_bytes()[4:8] == b"ftyp"


def test_a_new_export_gets_the_usual_permissions(timeline: Timeline, tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    out = tmp_path / "new.mp4"
    render_timeline(timeline, out, frames=FRAMES)
    assert _mode(out) == 0o666 & ~umask


def test_the_render_is_on_disk_before_it_is_renamed(timeline: Timeline, tmp_path, monkeypatch):
    out = tmp_path / "final.mp4"
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1])
    render_timeline(timeline, out, frames=FRAMES)
    assert events[:2] == ["fsync", "replace"]


@pytest.mark.parametrize("stem", ["y" * 251, "é" * 125], ids=["ascii", "two-byte"])
def test_a_name_near_the_limit_renders(timeline: Timeline, tmp_path, stem):
    out = tmp_path / f"{stem}.mp4"
    assert len(os.fsencode(out.name)) <= 255
    render_timeline(timeline, out, frames=FRAMES)
    assert out.read_bytes()[4:8] == b"ftyp"
    assert os.listdir(tmp_path) == [out.name]


def test_the_temporary_name_is_cut_at_a_character(tmp_path):
    temp = temp_beside(tmp_path / ("日" * 80 + ".mp4"), ".mp4")
    name = os.fsencode(temp.name)
    assert len(name) <= 130
    assert name.decode("utf-8").startswith("." + "日" * 33 + ".") and name.endswith(b".partial.mp4")


def test_rendering_over_a_read_only_export_keeps_it_read_only(timeline: Timeline, tmp_path):
    """As a save over a read-only project does: the folder is writable, so the file is replaced."""
    out = tmp_path / "final.mp4"
    out.write_bytes(b"the previous render")
    os.chmod(out, 0o444)
    render_timeline(timeline, out, frames=FRAMES)
    assert _mode(out) == 0o444 and out.read_bytes()[4:8] == b"ftyp"


def test_a_dead_renders_hidden_file_goes_when_the_name_is_rendered_again(timeline: Timeline, tmp_path):
    """Fourth editor pass: a render killed mid-way left its hidden partial file beside the
    output for good (gigabytes, for a 4K export). One still being written is left alone."""
    import os
    import time

    dead = tmp_path / ".film.deadbeef.partial.mp4"
    dead.write_bytes(b"x" * 1000)
    old = time.time() - 3600
    os.utime(dead, (old, old))
    live = tmp_path / ".film.cafecafe.partial.mp4"
    live.write_bytes(b"y")
    other = tmp_path / ".other.deadbeef.partial.mp4"
    other.write_bytes(b"z")
    os.utime(other, (old, old))
    render_timeline(timeline, tmp_path / "film.mp4")
    assert not dead.exists() and live.exists() and other.exists()
