"""A file name near the file system's limit (255 bytes) saves: the hidden temporary file
beside it carries only the start of the name, cut by bytes at a character's end."""

from __future__ import annotations

import os
from fractions import Fraction

import pytest

from vedit_gui.project import load_project, save_project
from vedit_gui.project.atomic import atomic_write_bytes
from vedit_gui.timeline import MediaReference, timeline_from_media


@pytest.mark.parametrize("stem", ["x" * 244, "é" * 122, "日本" * 40 + "x"], ids=["ascii", "two-byte", "three-byte"])
def test_a_project_named_near_the_limit_saves_and_opens(tmp_path, stem):
    path = tmp_path / f"{stem}.vedit"
    assert len(os.fsencode(path.name)) <= 255
    timeline = timeline_from_media(MediaReference(str(tmp_path / "a.mp4"), Fraction(25), 100))
    save_project(timeline, path)
    save_project(timeline, path)  # and over itself
    assert load_project(path).timeline.duration == 100
    assert os.listdir(tmp_path) == [path.name]


def test_the_temporary_name_is_short_and_cut_at_a_character(tmp_path, monkeypatch):
    """Cutting inside a character would leave bytes no UTF-8 reader can show."""
    renamed = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda tmp, target: (renamed.append(tmp), real_replace(tmp, target)))
    path = tmp_path / ("日" * 80 + ".txt")
    atomic_write_bytes(path, b"data")
    name = os.fsencode(os.path.basename(renamed[0]))
    assert len(name) <= 120
    assert name.decode("utf-8").startswith("." + "日" * 33 + ".")
    assert path.read_bytes() == b"data"


def test_a_long_project_name_keeps_its_crash_recovery_and_its_claim(tmp_path, monkeypatch):
    """The third review: a name near the 255-byte limit saved, but its recovery file and its
    claim had names too long, so a crash lost its edits and a second vedit was not warned."""
    from fractions import Fraction

    from vedit_gui.project import Autosaver, find_recovery, save_project
    from vedit_gui.project.in_use import Claim, claim_path
    from vedit_gui.timeline import History, MediaReference, Split, timeline_from_media

    monkeypatch.setenv("VEDIT_RECOVERY_DIR", str(tmp_path / "recovery"))
    project = tmp_path / ("é" * 120 + ".vedit")  # 246 bytes
    timeline = timeline_from_media(MediaReference(str(tmp_path / "a.mp4"), Fraction(25), 100))
    save_project(timeline, project)
    history = History(timeline)
    saver = Autosaver(history, project, write_on_change=False)
    history.apply(Split(50))
    assert saver.flush() and saver.last_error is None
    assert find_recovery(project).load().timeline.tracks[0].cut_frames() == [50]
    assert len(os.fsencode(saver.path.name)) <= 143  # each session's own name still fits eCryptfs
    claim = Claim()
    claim.move_to(project)
    assert claim_path(project).exists()
    claim.release()
