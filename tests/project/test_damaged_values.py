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
from vedit_gui.project.serialize import UNKNOWN_BY_ID
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
    RippleDelete,
    Split,
    Suggestion,
    Timeline,
    Transition,
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


# --- ids used twice -------------------------------------------------------------------------


def _ids(timeline: Timeline) -> list[str]:
    ids = [track.id for track in timeline.tracks]
    ids += [item.id for track in timeline.tracks for item in track.items]
    ids += [t.id for track in timeline.tracks for t in track.transitions]
    return ids + [m.id for m in timeline.markers] + [s.id for s in timeline.suggestions]


def test_a_clip_id_used_twice_is_made_unique_and_each_clip_edits_alone(saved):
    path, data = saved
    items = data["timeline"]["tracks"][0]["items"]
    items[1]["id"] = items[0]["id"]
    timeline = load_project(_write(path, data)).timeline
    first, second = timeline.tracks[0].items
    assert first.id == items[0]["id"] and second.id != first.id
    after = RippleDelete((second.id,)).apply(timeline)
    assert [(c.source_range.start, c.duration) for c in after.tracks[0].items] == [(0, 100)]
    assert len(set(_ids(timeline))) == len(_ids(timeline))


def test_every_kind_of_id_is_unique_after_loading(saved):
    path, data = saved
    body = data["timeline"]
    shared = body["tracks"][0]["id"]
    for track in body["tracks"]:
        track["id"] = shared
        for item in track["items"]:
            item["id"] = shared
    body["markers"][0]["id"] = shared
    body["suggestions"][0]["id"] = shared
    timeline = load_project(_write(path, data)).timeline
    assert _ids(timeline).count(shared) == 1
    assert len(set(_ids(timeline))) == len(_ids(timeline)) == 2 + 4 + 1 + 1


def test_a_transition_follows_its_clip_when_another_tracks_clip_took_the_id(saved):
    """A dissolve names a clip of its own track: that clip's fresh id, whatever took the old one."""
    path, data = saved
    picture, sound = data["timeline"]["tracks"]
    sound["items"][1]["id"] = picture["items"][1]["id"]
    sound["transitions"] = [{"schema": "Transition.1", "id": "d1", "clip_id": picture["items"][1]["id"],
                             "in_offset": 5, "out_offset": 5, "kind": "dissolve"}]
    timeline = load_project(_write(path, data)).timeline
    audio = timeline.tracks[1]
    assert audio.items[1].id != timeline.tracks[0].items[1].id
    assert audio.transitions == (Transition(audio.items[1].id, 5, 5, "dissolve", "d1"),)
    assert [w.incoming.id for w in audio.transition_windows()] == [audio.items[1].id]


def test_a_transition_into_a_repeated_id_stays_with_the_first_clip(saved):
    path, data = saved
    picture = data["timeline"]["tracks"][0]
    picture["items"].append(dict(picture["items"][1]))  # a third clip, with the second's id
    picture["transitions"] = [{"schema": "Transition.1", "id": "d1", "clip_id": picture["items"][1]["id"],
                               "in_offset": 5, "out_offset": 5, "kind": "dissolve"}]
    track = load_project(_write(path, data)).timeline.tracks[0]
    assert len({item.id for item in track.items}) == 3
    assert [w.incoming.id for w in track.transition_windows()] == [track.items[1].id]


def test_unknown_fields_stay_with_the_object_that_had_them(saved, tmp_path):
    path, data = saved
    picture, sound = data["timeline"]["tracks"]
    sound["id"] = picture["id"]
    picture["colour"] = "blue"
    sound["colour"] = "green"
    timeline = load_project(_write(path, data)).timeline
    by_id = timeline.metadata[UNKNOWN_BY_ID]
    assert by_id[timeline.tracks[0].id] == {"colour": "blue"}
    assert by_id[timeline.tracks[1].id] == {"colour": "green"}
    again = tmp_path / "again.vedit"
    save_project(timeline, again)
    tracks = json.loads(again.read_text())["timeline"]["tracks"]
    assert [t["colour"] for t in tracks] == ["blue", "green"]
    assert tracks[0]["id"] != tracks[1]["id"]


def test_a_dropped_stale_transition_takes_no_id(saved):
    """A transition into no clip of its track is dropped; its id is not another object's loss."""
    path, data = saved
    picture = data["timeline"]["tracks"][0]
    marker_id = data["timeline"]["markers"][0]["id"]
    picture["transitions"] = [{"schema": "Transition.1", "id": marker_id, "clip_id": "gone",
                               "in_offset": 5, "out_offset": 5, "kind": "dissolve"}]
    timeline = load_project(_write(path, data)).timeline
    assert timeline.tracks[0].transitions == ()
    assert timeline.markers[0].id == marker_id
