from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from project_strategies import SOURCE, timelines

from vedit_gui.project import (
    CorruptProjectError,
    NewerVersionError,
    UnsupportedValueError,
    timeline_from_dict,
    timeline_to_dict,
)
from vedit_gui.project.serialize import UNKNOWN_BY_ID, UNKNOWN_FIELDS
from vedit_gui.timeline import FrameRange, SetTrackEnabled, Suggestion, timeline_from_media


@settings(max_examples=120, deadline=None)
@given(timelines)
def test_round_trip_is_exact_through_json_text(timeline):
    data = timeline_to_dict(timeline)
    text = json.dumps(data, allow_nan=False)
    assert timeline_from_dict(json.loads(text)) == timeline
    # Writing what was read gives the same document: nothing drifts on a second save.
    assert timeline_to_dict(timeline_from_dict(json.loads(text))) == data


def test_objects_are_tagged_and_time_is_exact():
    data = timeline_to_dict(timeline_from_media(SOURCE))
    assert data["schema"] == "Timeline.1"
    assert data["rate"] == "30000/1001"
    assert data["media"][0]["schema"] == "MediaReference.1"
    assert data["media"][0]["rate"] == "30000/1001"
    assert data["tracks"][0]["schema"] == "Track.1"
    clip = data["tracks"][0]["items"][0]
    assert clip["schema"] == "Clip.1"
    assert clip["source_range"] == {"schema": "FrameRange.1", "start": 0, "duration": 300}
    # Picture and sound point at one media entry.
    assert len(data["media"]) == 1
    assert clip["media"] == data["tracks"][1]["items"][0]["media"] == 0


def test_unknown_fields_survive_a_round_trip():
    data = timeline_to_dict(timeline_from_media(SOURCE))
    data["future_setting"] = {"a": 1}
    data["media"][0]["proxy"] = "a_proxy.mp4"
    data["tracks"][0]["locked"] = True
    clip = data["tracks"][1]["items"][0]
    clip["speed"] = 2
    clip["source_range"]["handles"] = 12

    timeline = timeline_from_dict(data)

    assert timeline.metadata[UNKNOWN_FIELDS] == {"future_setting": {"a": 1}}
    assert timeline.metadata[UNKNOWN_BY_ID] == {timeline.tracks[0].id: {"locked": True}}
    assert timeline.tracks[1].items[0].media.metadata[UNKNOWN_FIELDS] == {"proxy": "a_proxy.mp4"}
    audio_clip = timeline.tracks[1].items[0]
    assert audio_clip.metadata[UNKNOWN_FIELDS] == {"speed": 2, "@source_range": {"handles": 12}}
    assert timeline_to_dict(timeline) == data


@pytest.mark.parametrize(
    "value",
    [(1, 2), {1: "a"}, {"a": {2, 3}}, math.nan, math.inf, object()],
    ids=["tuple", "int-key", "set", "nan", "inf", "object"],
)
def test_values_json_cannot_hold_exactly_are_refused(value):
    timeline = timeline_from_media(SOURCE)
    suggestion = Suggestion("grade", SOURCE.path, FrameRange(0, 10), 0.5, "m", {"x": value})
    with pytest.raises(UnsupportedValueError, match=r"suggestions\[0\]\.params\.x"):
        timeline_to_dict(replace(timeline, suggestions=(suggestion,)))


def _set(data: dict, path: tuple, value) -> dict:
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("rate",), "fast", r"timeline\.rate: bad frame rate 'fast'"),
        (("rate",), "30/0", "bad frame rate"),
        (("tracks",), {"a": 1}, r"timeline\.tracks: expected a list"),
        (("tracks", 0, "kind"), "smell", "unknown track kind"),
        (
            ("tracks", 0, "items", 0, "media"),
            7,
            r"tracks\[0\]\.items\[0\]\.media: no media entry 7",
        ),
        (("tracks", 0, "items", 0, "media"), True, "expected an integer, found a boolean"),
        (("tracks", 0, "items", 0, "source_range", "duration"), -3, "negative duration"),
        (("tracks", 0, "items", 0, "source_range", "start"), "0", "expected an integer"),
        (("tracks", 0, "items", 0, "source_range", "start"), -1, "cannot start before its source"),
        (
            ("tracks", 0, "items", 0, "schema"),
            "Transition.1",
            "expected a Clip, found a Transition",
        ),
        (("tracks", 0, "items", 0), [], "expected a Clip object, found a list"),
        (("media", 0, "schema"), None, "missing or bad schema tag"),
        (("media", 0, "duration"), None, r"media\[0\]\.duration: expected an integer, found null"),
        (("schema",), "Track.1", "expected a Timeline, found a Track"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_wrong_shapes_name_the_place(path, value, message):
    data = _set(timeline_to_dict(timeline_from_media(SOURCE)), path, value)
    with pytest.raises(CorruptProjectError, match=message):
        timeline_from_dict(data)


def test_a_newer_object_version_is_refused_clearly():
    data = timeline_to_dict(timeline_from_media(SOURCE))
    data["tracks"][0]["items"][0]["schema"] = "Clip.2"
    with pytest.raises(NewerVersionError, match="Clip.2 was written by a newer vedit"):
        timeline_from_dict(data)


def test_missing_required_field_is_named():
    data = timeline_to_dict(timeline_from_media(SOURCE))
    del data["media"][0]["path"]
    with pytest.raises(CorruptProjectError, match=r"media\[0\]: missing field 'path'"):
        timeline_from_dict(data)


def test_a_switched_off_track_is_saved_and_older_projects_read_as_on():
    timeline = timeline_from_media(SOURCE)
    off = SetTrackEnabled((timeline.tracks[1].id,), False).apply(timeline)
    data = timeline_to_dict(off)
    assert [track["enabled"] for track in data["tracks"]] == [True, False]
    assert timeline_from_dict(data) == off
    for track in data["tracks"]:
        del track["enabled"]  # a project saved before tracks could be switched off
    assert all(track.enabled for track in timeline_from_dict(data).tracks)
