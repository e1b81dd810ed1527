"""Dissolves (``Track.transitions``) in the project file and through OpenTimelineIO."""

from __future__ import annotations

import json
from dataclasses import replace

import opentimelineio as otio
import pytest
from hypothesis import given, settings
from project_strategies import SOURCE, timelines_with_dissolves

from vedit_gui.project import (
    CorruptProjectError,
    NewerVersionError,
    load_project,
    read_otio,
    save_project,
    timeline_from_dict,
    timeline_from_otio,
    timeline_to_dict,
    timeline_to_otio,
    write_edl,
    write_otio,
)
from vedit_gui.project.serialize import UNKNOWN_BY_ID
from vedit_gui.timeline import (
    DIP_TO_BLACK,
    DIP_TO_WHITE,
    AddSuggestions,
    AddTransition,
    DecideSuggestions,
    EditError,
    FrameRange,
    Gap,
    Insert,
    RippleDelete,
    SetTransitionKind,
    Split,
    Suggestion,
    SuggestionStatus,
    Timeline,
    TrackKind,
    Transition,
    timeline_from_media,
)

NTSC = 30000 / 1001


def rt(value: float, rate: float = NTSC) -> otio.opentime.RationalTime:
    return otio.opentime.RationalTime(value, rate)


def dissolved() -> Timeline:
    """SOURCE cut at frame 100 with a dissolve over source frames 94..105 (6 + 6 frames)."""
    gradual = Suggestion(
        "cut", SOURCE.path, FrameRange(94, 12), 0.9, "cuts", {"transition": "dissolve"}
    )
    timeline = AddSuggestions((gradual,)).apply(timeline_from_media(SOURCE))
    return DecideSuggestions((gradual.id,), SuggestionStatus.ACCEPTED, dissolves=True).apply(
        timeline
    )


def with_transitions(timeline: Timeline, track_index: int, *transitions: Transition) -> Timeline:
    track = timeline.tracks[track_index]
    return timeline.with_track(track_index, replace(track, transitions=transitions))


def kept(timeline: Timeline) -> Timeline:
    """The timeline as a file keeps it: only transitions into a clip of their own track."""
    for index, track in enumerate(timeline.tracks):
        clip_ids = {clip.id for clip in track.clips()}
        live = tuple(t for t in track.transitions if t.clip_id in clip_ids)
        timeline = with_transitions(timeline, index, *live)
    return timeline


def test_the_fixture_holds_one_dissolve_into_the_second_picture_clip():
    timeline = dissolved()
    picture = timeline.tracks[0]
    (transition,) = picture.transitions
    assert (transition.clip_id, transition.in_offset, transition.out_offset) == (
        picture.items[1].id,
        6,
        6,
    )
    assert timeline.tracks[1].transitions == ()


# --- the project file ----------------------------------------------------------------------


def test_save_and_open_keeps_transitions(tmp_path):
    timeline = dissolved()
    path = tmp_path / "edit.vedit"
    save_project(timeline, path)
    assert load_project(path).timeline == timeline
    (entry,) = json.loads(path.read_text())["timeline"]["tracks"][0]["transitions"]
    transition = timeline.tracks[0].transitions[0]
    assert entry == {
        "schema": "Transition.1",
        "id": transition.id,
        "clip_id": transition.clip_id,
        "in_offset": 6,
        "out_offset": 6,
        "kind": "dissolve",
    }


def test_a_sound_crossfade_survives_the_project_file_and_otio(tmp_path):
    timeline = AddTransition(100, 10, TrackKind.AUDIO).apply(Split(100).apply(timeline_from_media(SOURCE)))
    assert timeline.tracks[0].transitions == () and len(timeline.tracks[1].transitions) == 1
    path = tmp_path / "edit.vedit"
    save_project(timeline, path)
    assert load_project(path).timeline == timeline
    write_otio(timeline, tmp_path / "edit.otio")
    assert read_otio(tmp_path / "edit.otio") == timeline
    with pytest.raises(EditError, match="no colour"):
        SetTransitionKind(timeline.tracks[1].transitions[0].id, DIP_TO_BLACK).apply(timeline)


def test_the_sound_under_a_dissolve_crossfades_in_otio_too(tmp_path):
    """vedit plays the linked sound under a dissolve as a crossfade; OpenTimelineIO showed A1
    as a hard cut to another application (seventh editor pass). vedit reads it back as before."""
    cut = Split(120).apply(Split(100).apply(timeline_from_media(SOURCE)))
    cut = RippleDelete((cut.tracks[0].items[1].id,)).apply(cut)  # 100 meets 120: not one recording
    timeline = AddTransition(100, 10, TrackKind.VIDEO).apply(cut)
    assert timeline.tracks[1].transitions == ()
    exported = timeline_to_otio(timeline)
    (sound,) = [child for child in exported.tracks[1] if isinstance(child, otio.schema.Transition)]
    (picture,) = [child for child in exported.tracks[0] if isinstance(child, otio.schema.Transition)]
    assert sound.transition_type == otio.schema.TransitionTypes.SMPTE_Dissolve
    assert (sound.in_offset, sound.out_offset) == (picture.in_offset, picture.out_offset)
    write_otio(timeline, tmp_path / "edit.otio")
    assert read_otio(tmp_path / "edit.otio") == timeline


def test_a_project_saved_before_dissolves_opens(tmp_path):
    before = timeline_from_media(SOURCE)
    data = {
        "format": "vedit.project",
        "version": 1,
        "timeline": timeline_to_dict(before),
        "extra": {},
    }
    for track in data["timeline"]["tracks"]:
        del track["transitions"]
    path = tmp_path / "old.vedit"
    path.write_text(json.dumps(data))
    timeline = load_project(path).timeline
    assert [track.transitions for track in timeline.tracks] == [(), ()]
    assert timeline == before


def test_stale_transitions_are_dropped_on_save(tmp_path):
    timeline = dissolved()
    incoming = timeline.tracks[0].items[1].id
    edited = RippleDelete((incoming,)).apply(timeline)
    assert len(edited.tracks[0].transitions) == 1  # the model keeps it, for undo
    elsewhere = Transition(edited.tracks[0].items[0].id, 2, 2)  # a clip of another track
    edited = with_transitions(edited, 1, elsewhere)
    path = tmp_path / "edit.vedit"
    save_project(edited, path)
    tracks = json.loads(path.read_text())["timeline"]["tracks"]
    assert [track["transitions"] for track in tracks] == [[], []]
    assert load_project(path).timeline == kept(edited)


def test_a_stale_entry_in_a_file_is_left_out_on_open():
    data = timeline_to_dict(dissolved())
    data["tracks"][0]["transitions"][0]["clip_id"] = "gone"
    assert timeline_from_dict(data).tracks[0].transitions == ()


def test_an_idle_transition_after_a_gap_is_kept():
    timeline = dissolved()
    gap = Gap(5)
    timeline = Insert(((0, gap),), 100).apply(timeline)
    # Inserting may also split the linked sound; what matters is the idle picture dissolve.
    assert timeline.tracks[0].transition_windows() == []
    assert timeline_from_dict(timeline_to_dict(timeline)) == timeline


def test_unknown_fields_of_a_transition_survive():
    data = timeline_to_dict(dissolved())
    entry = data["tracks"][0]["transitions"][0]
    entry["curve"] = "ease-in"
    timeline = timeline_from_dict(data)
    assert timeline.metadata[UNKNOWN_BY_ID] == {entry["id"]: {"curve": "ease-in"}}
    assert timeline_to_dict(timeline)["tracks"][0]["transitions"][0]["curve"] == "ease-in"


def _damage(data: dict, key: str | None, value: object) -> dict:
    track = data["tracks"][0]
    if key is None:
        track["transitions"] = value
    else:
        track["transitions"][0][key] = value
    return data


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (None, {"a": 1}, r"tracks\[0\]\.transitions: expected a list, found an object"),
        (None, ["dissolve"], r"tracks\[0\]\.transitions\[0\]: expected a Transition object"),
        ("schema", "Gap.1", r"transitions\[0\]: expected a Transition, found a Gap"),
        ("clip_id", 7, r"transitions\[0\]\.clip_id: expected a string, found an integer"),
        ("in_offset", "6", r"transitions\[0\]\.in_offset: expected an integer, found a string"),
        ("out_offset", True, r"transitions\[0\]\.out_offset: expected an integer, found a bool"),
        ("in_offset", -2, r"transitions\[0\]\.in_offset: negative offset -2"),
        ("kind", None, r"transitions\[0\]\.kind: expected a string, found null"),
    ],
    ids=[
        "not-a-list",
        "not-an-object",
        "wrong-schema",
        "clip-id",
        "text",
        "bool",
        "negative",
        "kind",
    ],
)
def test_a_damaged_transition_names_its_place(key, value, message):
    data = _damage(timeline_to_dict(dissolved()), key, value)
    with pytest.raises(CorruptProjectError, match=message):
        timeline_from_dict(data)


def test_a_transition_mixing_no_frames_is_damage():
    data = timeline_to_dict(dissolved())
    entry = data["tracks"][0]["transitions"][0]
    entry["in_offset"] = entry["out_offset"] = 0
    with pytest.raises(CorruptProjectError, match="must mix at least one frame"):
        timeline_from_dict(data)
    del entry["clip_id"]
    with pytest.raises(CorruptProjectError, match=r"transitions\[0\]: missing field 'clip_id'"):
        timeline_from_dict(data)


def test_a_damaged_transition_in_a_file_names_the_file(tmp_path):
    path = tmp_path / "edit.vedit"
    save_project(dissolved(), path)
    data = json.loads(path.read_text())
    data["timeline"]["tracks"][0]["transitions"][0]["out_offset"] = "six"
    path.write_text(json.dumps(data))
    with pytest.raises(
        CorruptProjectError, match=r"edit\.vedit: .*out_offset: expected an integer"
    ):
        load_project(path)


def test_a_newer_transition_is_refused_clearly():
    data = timeline_to_dict(dissolved())
    data["tracks"][0]["transitions"][0]["schema"] = "Transition.2"
    with pytest.raises(NewerVersionError, match="Transition.2 was written by a newer vedit"):
        timeline_from_dict(data)


@settings(max_examples=60, deadline=None)
@given(timelines_with_dissolves)
def test_edited_timelines_with_dissolves_round_trip(timeline):
    data = timeline_to_dict(timeline)
    read = timeline_from_dict(json.loads(json.dumps(data)))
    assert read == kept(timeline)
    assert timeline_to_dict(read) == data
    text = otio.adapters.write_to_string(timeline_to_otio(timeline), "otio_json")
    assert timeline_from_otio(otio.adapters.read_from_string(text, "otio_json"), "/") == kept(
        timeline
    )


# --- OpenTimelineIO ------------------------------------------------------------------------


def test_a_dissolve_round_trips_through_an_otio_file(tmp_path):
    timeline = dissolved()
    path = tmp_path / "edit.otio"
    write_otio(timeline, path)
    assert read_otio(path) == timeline


def test_otio_sees_a_dissolve_between_the_two_clips(tmp_path):
    timeline = dissolved()
    path = tmp_path / "edit.otio"
    write_otio(timeline, path)
    loaded = otio.adapters.read_from_file(str(path))  # held: its tracks live while it does
    picture, sound = loaded.tracks
    assert [child.schema_name() for child in picture] == ["Clip", "Transition", "Clip"]
    transition = picture[1]
    assert transition.transition_type == otio.schema.TransitionTypes.SMPTE_Dissolve
    assert (transition.in_offset, transition.out_offset) == (rt(6), rt(6))
    assert picture.range_of_child(transition) == otio.opentime.TimeRange(rt(94), rt(12))
    # The transition takes no track time: the clips sit where they sit without it.
    plain = timeline_to_otio(with_transitions(timeline, 0)).tracks[0]
    assert [picture.range_of_child(c) for c in picture.find_clips()] == [
        plain.range_of_child(c) for c in plain.find_clips()
    ]
    assert [child.schema_name() for child in sound] == ["Clip", "Clip"]


def test_otio_shows_what_plays_and_keeps_the_models_offsets():
    timeline = dissolved()
    picture = timeline.tracks[0]
    # Reaches back past the outgoing clip's start: only 100 frames can play.
    long = Transition(picture.items[1].id, 500, 4)
    timeline = with_transitions(timeline, 0, long)
    exported = timeline_to_otio(timeline)
    transition = exported.tracks[0][1]
    assert (transition.in_offset, transition.out_offset) == (rt(100), rt(4))
    assert timeline_from_otio(exported, "/") == timeline
    # Another editor shortens it: what it now shows is what comes back.
    transition.in_offset = rt(3)
    (read,) = timeline_from_otio(exported, "/").tracks[0].transitions
    assert (read.id, read.clip_id, read.in_offset, read.out_offset) == (long.id, long.clip_id, 3, 4)


def test_an_idle_dissolve_rides_in_the_track_metadata():
    timeline = Insert(((0, Gap(5)),), 100).apply(dissolved())
    exported = timeline_to_otio(timeline)
    assert not any(isinstance(c, otio.schema.Transition) for c in exported.tracks[0])
    assert timeline_from_otio(exported, "/") == timeline


def foreign_clip(url: str, start: int, duration: int, rate: float) -> otio.schema.Clip:
    reference = otio.schema.ExternalReference(
        target_url=url,
        available_range=otio.opentime.TimeRange(rt(0, rate), rt(600, rate)),
    )
    return otio.schema.Clip(
        name=f"shot {start}",
        media_reference=reference,
        source_range=otio.opentime.TimeRange(rt(start, rate), rt(duration, rate)),
    )


def foreign_track(*children) -> otio.schema.Timeline:
    track = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    for child in children:
        track.append(child)
    timeline = otio.schema.Timeline(name="from another editor")
    timeline.tracks.append(track)
    return timeline


def dissolve(before: int, after: int, rate: float = 24.0, kind: str = "SMPTE_Dissolve"):
    return otio.schema.Transition(
        transition_type=kind, in_offset=rt(before, rate), out_offset=rt(after, rate)
    )


def test_a_foreign_dissolve_lands_on_the_incoming_clip_without_moving_anything():
    a, b = foreign_clip("/a.mov", 0, 48, 24.0), foreign_clip("/b.mov", 10, 24, 24.0)
    timeline = timeline_from_otio(foreign_track(a, dissolve(12, 12), b), "/")
    track = timeline.tracks[0]
    (transition,) = track.transitions
    assert (transition.clip_id, transition.in_offset, transition.out_offset) == (
        track.items[1].id,
        12,
        12,
    )
    assert transition.kind == "dissolve"
    assert [track.range_of(item.id) for item in track.items] == [
        FrameRange(0, 48),
        FrameRange(48, 24),
    ]
    assert track.items[1].source_range == FrameRange(10, 24)
    (window,) = track.transition_windows()
    assert window.range == FrameRange(36, 24)


@pytest.mark.parametrize(
    "children",
    [
        pytest.param(lambda a, b: [a, dissolve(6, 6, kind="SMPTE_Wipe"), b], id="a-wipe"),
        pytest.param(lambda a, b: [a, dissolve(6, 6, kind="Custom"), b], id="custom"),
        pytest.param(lambda a, b: [dissolve(6, 6), a, b], id="at-the-start"),
        pytest.param(lambda a, b: [a, b, dissolve(6, 6)], id="at-the-end"),
        pytest.param(
            lambda a, b: [a, dissolve(6, 6), otio.schema.Gap(duration=rt(5, 24.0)), b],
            id="into-a-gap",
        ),
        pytest.param(lambda a, b: [a, dissolve(0, 0), b], id="no-frames"),
    ],
)
def test_what_vedit_cannot_play_as_a_dissolve_becomes_a_cut(children):
    a, b = foreign_clip("/a.mov", 0, 48, 24.0), foreign_clip("/b.mov", 10, 24, 24.0)
    timeline = timeline_from_otio(foreign_track(*children(a, b)), "/")
    track = timeline.tracks[0]
    assert track.transitions == ()
    assert sum(item.duration for item in track.items) == 48 + 24 + (
        5 if len(track.items) == 3 else 0
    )


def test_a_negative_foreign_offset_is_a_clear_error():
    a, b = foreign_clip("/a.mov", 0, 48, 24.0), foreign_clip("/b.mov", 10, 24, 24.0)
    with pytest.raises(CorruptProjectError, match="negative offset"):
        timeline_from_otio(foreign_track(a, dissolve(-3, 6), b), "/")


def test_an_edl_lists_the_dissolve(tmp_path):
    path = tmp_path / "edit.edl"
    write_edl(dissolved(), path)
    events = [line.split() for line in path.read_text().splitlines() if line[:3].isdigit()]
    assert ["D", "012"] in [event[3:5] for event in events]


@pytest.mark.parametrize("kind", [DIP_TO_BLACK, DIP_TO_WHITE])
def test_a_dip_keeps_its_kind_through_the_project_file_and_otio(tmp_path, kind):
    timeline = dissolved()
    dip = SetTransitionKind(timeline.tracks[0].transitions[0].id, kind).apply(timeline)
    save_project(dip, tmp_path / "dip.vedit")
    assert load_project(tmp_path / "dip.vedit").timeline == dip
    write_otio(dip, tmp_path / "dip.otio")
    assert read_otio(tmp_path / "dip.otio") == dip
    # Other OTIO readers see a transition of their own kind there, named for what it is.
    foreign = otio.adapters.read_from_file(str(tmp_path / "dip.otio"))  # kept: its tracks die with it
    (transition,) = [c for c in foreign.tracks[0] if isinstance(c, otio.schema.Transition)]
    assert transition.transition_type == otio.schema.TransitionTypes.Custom and transition.name == kind


def test_an_edl_lists_a_dip_as_a_dissolve_and_says_so(tmp_path):
    timeline = dissolved()
    dip = SetTransitionKind(timeline.tracks[0].transitions[0].id, DIP_TO_BLACK).apply(timeline)
    note = write_edl(dip, tmp_path / "dip.edl")
    events = [line.split() for line in (tmp_path / "dip.edl").read_text().splitlines() if line[:3].isdigit()]
    assert ["D", "012"] in [event[3:5] for event in events]
    assert note is not None and "dip" in note.lower()
