"""Project files damaged, hand-edited or merged in ways JSON allows: each either opens as the
edit it holds or is refused with a sentence that names the file and the place."""

from __future__ import annotations

import codecs
import json
from fractions import Fraction
from pathlib import Path

import pytest

from vedit_gui.cli import main
from vedit_gui.project import CorruptProjectError, load_project, save_project
from vedit_gui.project.start_timecode import (
    START_TIMECODE,
    ZERO,
    start_frame,
    start_timecode,
    timeline_clock,
    timeline_timecode,
)
from vedit_gui.timeline import (
    AddSuggestions,
    FrameRange,
    Marker,
    MediaReference,
    Split,
    Suggestion,
    Timeline,
    timeline_from_media,
)

RATE = Fraction(25)


def _timeline(media: Path) -> Timeline:
    """Two clips on each track (linked picture and sound), a marker and a suggestion."""
    timeline = Split(100).apply(timeline_from_media(MediaReference(str(media), RATE, 300)))
    cut = Suggestion("cut", str(media), FrameRange(200, 1), 0.9, "shots v1")
    timeline = AddSuggestions((cut,)).apply(timeline)
    return Timeline(timeline.rate, timeline.tracks, timeline.name, (Marker(10, "m"),),
                    timeline.suggestions, timeline.metadata)


@pytest.fixture
def saved(tmp_path) -> tuple[Path, dict]:
    """A saved project and its JSON, for a test to damage and write back."""
    media = tmp_path / "a.mp4"
    media.write_bytes(b"stand-in media")
    path = tmp_path / "edit.vedit"
    save_project(_timeline(media), path)
    return path, json.loads(path.read_text())


def _write(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data))
    return path


# --- a start timecode the rate cannot have ------------------------------------------------


@pytest.mark.parametrize("label", ["00:00:00:45", "00:00:60:00", "00:61:00:00", "24:00:00:00", "99:00:00:00"])
def test_a_start_timecode_the_rate_cannot_have_reads_as_none(saved, label):
    path, data = saved
    data["timeline"]["metadata"][START_TIMECODE] = label
    timeline = load_project(_write(path, data)).timeline
    assert start_timecode(timeline) == ZERO
    assert start_frame(timeline, RATE, False) == 0
    assert start_frame(timeline, Fraction(30000, 1001), True) == 0
    assert timeline_clock(timeline).start == 0
    assert timeline_timecode(timeline, 25) == "00:00:01:00"
    assert timeline.duration == 300 and len(timeline.tracks[0].items) == 2  # the edit is whole


def test_a_start_timecode_another_rate_counts_is_read_at_the_timelines_own():
    """29 frames is a frame number at 30 fps, not at 25: the label is read at the edit's rate."""
    edit = timeline_from_media(MediaReference("/footage/a.mp4", RATE, 300))
    damaged = Timeline(edit.rate, edit.tracks, edit.name, metadata={START_TIMECODE: "01:00:00:29"})
    assert start_timecode(damaged) == ZERO
    fine = Timeline(edit.rate, edit.tracks, edit.name, metadata={START_TIMECODE: "01:00:00:24"})
    assert start_timecode(fine) == "01:00:00:24"
    assert start_frame(fine, Fraction(30), False) == 108_024  # the same label at 30 fps
    assert start_frame(fine, Fraction(24), False) == 86_423  # 24 is no frame number at 24 fps


# --- numbers no project holds ---------------------------------------------------------------


def test_an_integer_too_long_to_read_is_named_where_it_is(saved):
    path, data = saved
    text = json.dumps(data).replace('"duration": 300', '"duration": ' + "9" * 5000, 1)
    path.write_text(text)
    with pytest.raises(CorruptProjectError) as caught:
        load_project(path)
    assert str(path) in str(caught.value)
    assert "media[0].duration: a number 5000 digits long" in caught.value.reason


def test_an_integer_gain_too_large_for_a_float_is_out_of_range(saved):
    path, data = saved
    text = json.dumps(data).replace('"link"', '"gain_db": 1' + "0" * 400 + ', "link"', 1)
    path.write_text(text)
    with pytest.raises(CorruptProjectError) as caught:
        load_project(path)
    assert str(path) in str(caught.value)
    assert caught.value.reason.startswith("tracks[0].items[0].gain_db: a number 401 digits long")


def test_a_schema_version_of_many_digits_is_a_bad_tag(saved):
    path, data = saved
    data["timeline"]["tracks"][0]["schema"] = "Track." + "1" * 5000
    with pytest.raises(CorruptProjectError, match=r"tracks\[0\]: missing or bad schema tag"):
        load_project(_write(path, data))


def test_the_command_line_says_which_file_is_damaged_and_exits_1(saved, tmp_path, capsys):
    path, data = saved
    path.write_text(json.dumps(data).replace('"link"', '"gain_db": 1' + "0" * 400 + ', "link"', 1))
    assert main(["render", str(path), "-o", str(tmp_path / "out.mp4")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("vedit: error: ") and "edit.vedit" in error and "gain_db" in error
    assert "internal error" not in error


# --- a byte-order mark --------------------------------------------------------------------


def test_a_project_saved_with_a_byte_order_mark_opens(saved):
    path, data = saved
    path.write_bytes(codecs.BOM_UTF8 + json.dumps(data).encode("utf-8"))
    assert load_project(path).timeline.duration == 300


def test_a_byte_order_mark_alone_is_an_empty_file(saved):
    path, _ = saved
    path.write_bytes(codecs.BOM_UTF8 + b"\n")
    with pytest.raises(CorruptProjectError, match="the file is empty"):
        load_project(path)
