from __future__ import annotations

import json
from dataclasses import replace
from fractions import Fraction

import opentimelineio as otio
import pytest
from hypothesis import given, settings
from project_strategies import SOURCE, edited_timeline, timelines

from vedit_gui.project import (
    CorruptProjectError,
    ProjectError,
    read_otio,
    timeline_from_otio,
    timeline_to_otio,
    write_edl,
    write_otio,
)
from vedit_gui.timeline import (
    FrameRange,
    Gap,
    MediaReference,
    MoveToTrack,
    SetTrackEnabled,
    Split,
    Suggestion,
    SuggestionStatus,
    TrackKind,
    timeline_from_media,
)

NTSC = 30000 / 1001  # what OTIO files hold: a float


def rt(value: float, rate: float = NTSC) -> otio.opentime.RationalTime:
    return otio.opentime.RationalTime(value, rate)


def tr(start: float, duration: float, rate: float = NTSC) -> otio.opentime.TimeRange:
    return otio.opentime.TimeRange(rt(start, rate), rt(duration, rate))


def foreign_clip(url: str, start: int, duration: int, *, available=(0, 600), rate: float = NTSC):
    """A clip as another editor writes it: no vedit metadata."""
    reference = otio.schema.ExternalReference(
        target_url=url, available_range=tr(*available, rate) if available else None
    )
    return otio.schema.Clip(
        name=f"shot {start}", media_reference=reference, source_range=tr(start, duration, rate)
    )


def foreign_timeline(*tracks: tuple[str, list]) -> otio.schema.Timeline:
    timeline = otio.schema.Timeline(name="from another editor")
    for kind, children in tracks:
        track = otio.schema.Track(name=kind[0] + "1", kind=kind)
        for child in children:
            track.append(child)
        timeline.tracks.append(track)
    return timeline


@settings(max_examples=60, deadline=None)
@given(timelines)
def test_vedit_timelines_come_back_from_otio_exactly(timeline):
    text = otio.adapters.write_to_string(timeline_to_otio(timeline), "otio_json")
    assert timeline_from_otio(otio.adapters.read_from_string(text, "otio_json"), "/") == timeline


def test_otio_files_round_trip_exactly(tmp_path):
    timeline = edited_timeline(
        [
            ("split", 0.3),
            ("insert", 1, 0.5, 12),
            ("marker", 0.6, "look here"),
            ("suggest", "cut", 50, 0.75, {"transition": "cut"}, SuggestionStatus.ACCEPTED),
            ("suggest", "grade", 250, 0.5, {"lift": [0.1, 0.0, -0.1]}, SuggestionStatus.PENDING),
        ]
    )
    path = tmp_path / "edit.otio"
    write_otio(timeline, path)
    assert read_otio(path) == timeline


def test_unnamed_tracks_are_named_for_other_editors_and_stay_numbered_in_vedit():
    """Another application showed the music track as '' (seventh editor pass)."""
    from vedit_gui.timeline import Clip, Track

    edit = timeline_from_media(SOURCE)
    music = Track(TrackKind.AUDIO, (Clip(SOURCE, FrameRange(0, 30)),))  # one vedit numbers (A2)
    timeline = replace(edit, tracks=(*edit.tracks, music))
    assert music.name == "" and timeline.track_label(2) == "A2"
    exported = timeline_to_otio(timeline)
    assert [t.name for t in exported.tracks] == [timeline.track_label(i) for i in range(len(timeline.tracks))]
    text = otio.adapters.write_to_string(exported, "otio_json")
    assert timeline_from_otio(otio.adapters.read_from_string(text, "otio_json"), "/") == timeline


def test_suggestions_travel_as_markers_with_their_fields():
    timeline = timeline_from_media(SOURCE)
    shown = Suggestion("cut", SOURCE.path, FrameRange(120, 1), 0.8, "shots v2", {"t": "cut"})
    hidden = Suggestion("effect:blur", "/footage/unused.mp4", FrameRange(0, 5), 0.4, "fx v1")
    timeline = replace(timeline, suggestions=(shown, hidden))
    exported = timeline_to_otio(timeline)
    picture = exported.tracks[0][0]
    (marker,) = picture.markers
    assert marker.marked_range == tr(120, 1)
    assert marker.color == otio.schema.MarkerColor.YELLOW
    fields = marker.metadata["vedit"]["suggestion"]
    assert (fields["kind"], fields["source"], fields["start"], fields["confidence"]) == (
        "cut",
        SOURCE.path,
        120,
        "0.8",
    )
    assert json.loads(fields["params"]) == {"t": "cut"}
    assert len(exported.tracks[1][0].markers) == 0  # once, on the picture
    assert exported.metadata["vedit"]["suggestions"][0]["id"] == hidden.id
    assert timeline_from_otio(exported, "/").suggestions == (shown, hidden)


def test_titles_and_punch_ins_are_named_for_other_editors_and_read_back_the_same(tmp_path):
    from vedit_gui.media.punch_in import PunchIn
    from vedit_gui.media.title import Title

    title = Title("Ada Lovelace", 20, 75, "Engineer")
    closer = PunchIn(100, 50, 1.15, 0.5, 0.4)
    accepted = SuggestionStatus.ACCEPTED
    looks = (Suggestion("effect:title", SOURCE.path, FrameRange(20, 75), 1.0, "editor", title.to_params(), accepted),
             Suggestion("effect:punch-in", SOURCE.path, FrameRange(100, 50), 0.8, "p", closer.to_params(), accepted),
             Suggestion("effect:punch-in", SOURCE.path, FrameRange(160, 5), 0.8, "p", {"zoom": 9}, accepted))
    timeline = replace(timeline_from_media(SOURCE), suggestions=looks)
    markers = timeline_to_otio(timeline).tracks[0][0].markers
    assert [(m.name, m.comment) for m in markers] == [
        ("Title: Ada Lovelace / Engineer", "vedit title, lower-third: Ada Lovelace / Engineer"),
        ("Punch-in 115% (80%)", "vedit punch-in: 115% closer, centred 50% across and 40% down"),
        ("punch-in (80%)", ""),  # damaged settings: named by kind
    ]
    assert timeline_from_otio(timeline_to_otio(timeline), "/").suggestions == looks
    write_edl(timeline, tmp_path / "talk.edl")
    assert "GREEN   TITLE: ADA LOVELACE / ENGINEER" in (tmp_path / "talk.edl").read_text()


def test_a_foreign_ntsc_timeline_loads_with_exact_frames_and_links(tmp_path):
    """What `vedit render edit.otio` reads: picture and sound cut from one 29.97 file."""
    media = "footage/a.mp4"
    exported = foreign_timeline(
        (
            otio.schema.TrackKind.Video,
            [
                foreign_clip(media, 0, 90),
                foreign_clip(media, 300, 45),
                foreign_clip(media, 100, 30),
            ],
        ),
        (
            otio.schema.TrackKind.Audio,
            # The third sound clip is a different range: it must not be linked.
            [
                foreign_clip(media, 0, 90),
                foreign_clip(media, 300, 45),
                foreign_clip(media, 101, 30),
            ],
        ),
    )
    path = tmp_path / "edit.otio"
    otio.adapters.write_to_file(exported, str(path))

    timeline = read_otio(path)

    assert timeline.rate == Fraction(30000, 1001)
    absolute = str(tmp_path / "footage" / "a.mp4")
    for track in timeline.tracks:
        assert [(c.media.path, c.source_range) for c in track.clips()][:2] == [
            (absolute, FrameRange(0, 90)),
            (absolute, FrameRange(300, 45)),
        ]
    video, audio = (list(t.clips()) for t in timeline.tracks)
    assert timeline.tracks[0].kind is TrackKind.VIDEO and timeline.tracks[1].kind is TrackKind.AUDIO
    assert video[0].link is not None and video[0].link == audio[0].link
    assert video[1].link == audio[1].link and video[1].link != video[0].link
    assert video[2].link is None and audio[2].link is None
    media_ref = video[0].media
    assert (media_ref.rate, media_ref.duration) == (Fraction(30000, 1001), 600)
    assert media_ref.has_video and media_ref.has_audio
    assert video[0].media is audio[2].media  # one reference per file


def test_other_rates_and_offsets_are_mapped_onto_the_timeline_grid(tmp_path):
    rate = 24000 / 1001
    hour = 86400  # 01:00:00:00 at 24 fps: a camera's start timecode
    picture = foreign_clip("file:///footage/b.mov", hour + 10, 48, available=(hour, 200), rate=rate)
    picture.markers.append(
        otio.schema.Marker(name="note", marked_range=tr(hour + 20, 0, rate), color="RED")
    )
    # Sound counted in samples at 48 kHz: 48 frames at 24000/1001 fps are 96096 samples.
    sound = foreign_clip("/footage/b.mov", 480480, 96096, available=(0, 1_000_000), rate=48000)
    gap = otio.schema.Gap(source_range=tr(0, 24, rate))
    exported = foreign_timeline(
        (otio.schema.TrackKind.Video, [gap, picture]),
        (otio.schema.TrackKind.Audio, [gap.clone(), sound]),
    )

    timeline = timeline_from_otio(exported, tmp_path)

    assert timeline.rate == Fraction(24000, 1001)
    assert (
        isinstance(timeline.tracks[0].items[0], Gap) and timeline.tracks[0].items[0].duration == 24
    )
    clip = timeline.tracks[0].items[1]
    assert clip.media.path == "/footage/b.mov"
    assert clip.source_range == FrameRange(10, 48)
    # 480480 samples are 10.01 s, which is frame 240 at 24000/1001.
    assert timeline.tracks[1].items[1].source_range == FrameRange(240, 48)
    (marker,) = timeline.markers
    assert (marker.frame, marker.name, marker.color) == (24 + 10, "note", "red")


def test_transitions_become_cuts_and_offline_clips_become_gaps():
    offline = otio.schema.Clip(name="lost", source_range=tr(0, 20))
    transition = otio.schema.Transition(in_offset=rt(5), out_offset=rt(5))
    exported = foreign_timeline(
        (
            otio.schema.TrackKind.Video,
            [foreign_clip("/a.mp4", 0, 30), transition, offline, foreign_clip("/a.mp4", 50, 10)],
        )
    )
    items = timeline_from_otio(exported, "/").tracks[0].items
    assert [type(i).__name__ for i in items] == ["Clip", "Gap", "Clip"]
    assert [i.duration for i in items] == [30, 20, 10]


def test_media_without_a_range_is_probed(tmp_path):
    from mediagen import make_video

    made = make_video(tmp_path / "probe_me.mp4", frames=45)
    exported = foreign_timeline(
        (otio.schema.TrackKind.Video, [foreign_clip(str(made.path), 5, 20, available=None)])
    )
    clip = timeline_from_otio(exported, tmp_path).tracks[0].items[0]
    assert clip.media.rate == Fraction(30000, 1001)
    assert clip.media.duration == 45
    assert clip.source_range == FrameRange(5, 20)


def test_unreadable_media_without_a_range_is_a_clear_error(tmp_path):
    exported = foreign_timeline(
        (otio.schema.TrackKind.Video, [foreign_clip("nowhere.mp4", 0, 20, available=None)])
    )
    with pytest.raises(ProjectError, match="gives no rate or length"):
        timeline_from_otio(exported, tmp_path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("this is not json", "not a timeline OpenTimelineIO can read"),
        ('{"OTIO_SCHEMA": "Timeline.1", "tracks": ', "not a timeline OpenTimelineIO can read"),
        (
            '{"OTIO_SCHEMA": "Track.1", "name": "x", "children": [], "kind": "Video"}',
            "expected an OTIO timeline",
        ),
    ],
    ids=["garbled", "truncated", "not-a-timeline"],
)
def test_bad_otio_files_raise_project_errors(tmp_path, content, message):
    path = tmp_path / "bad.otio"
    path.write_text(content)
    with pytest.raises(ProjectError, match=message) as raised:
        read_otio(path)
    assert "bad.otio" in str(raised.value)
    assert path.read_text() == content


def test_shapes_the_model_cannot_hold_are_refused():
    nested = foreign_timeline((otio.schema.TrackKind.Video, [otio.schema.Stack(name="compound")]))
    with pytest.raises(CorruptProjectError, match="nested sequence"):
        timeline_from_otio(nested, "/")
    odd = foreign_timeline(("Subtitles", [foreign_clip("/a.mp4", 0, 5)]))
    with pytest.raises(CorruptProjectError, match="unknown kind 'Subtitles'"):
        timeline_from_otio(odd, "/")
    with pytest.raises(CorruptProjectError, match="expected an OTIO timeline"):
        timeline_from_otio(otio.schema.Track(), "/")


def test_edl_lists_the_picture_events(tmp_path):
    timeline = edited_timeline([("split", 0.3)])
    path = tmp_path / "edit.edl"
    write_edl(timeline, path)
    events = [line.split() for line in path.read_text().splitlines() if line[:3].isdigit()]
    assert [e[0] for e in events] == ["001", "002"]
    # Record in and out of the second event: frame 90 of 29.97 drop-frame is 00:00:03;00.
    assert events[1][-2:] == ["00:00:03;00", "00:00:10;00"]
    assert "FROM CLIP: /footage/a.mp4" in path.read_text()


def test_edl_refuses_a_timeline_without_picture(tmp_path):
    timeline = timeline_from_media(SOURCE)
    sound_only = replace(timeline, tracks=timeline.tracks[1:])
    with pytest.raises(ProjectError, match="has 0"):
        write_edl(sound_only, tmp_path / "x.edl")
    assert not (tmp_path / "x.edl").exists()


def test_an_edl_leaves_out_a_picture_track_a_clip_was_moved_off(tmp_path):
    timeline = timeline_from_media(SOURCE)
    clip = timeline.tracks[0].items[0]
    back_down = MoveToTrack((clip.id,), steps=-1).apply(MoveToTrack((clip.id,)).apply(timeline))
    assert [len(t.items) for t in back_down.tracks] == [1, 0, 1]  # V1, an empty V2, A1
    write_edl(back_down, tmp_path / "a.edl")
    up = MoveToTrack((clip.id,)).apply(timeline)  # V1 empty, the clip on V2
    write_edl(up, tmp_path / "b.edl")
    assert (tmp_path / "a.edl").read_text() == (tmp_path / "b.edl").read_text()


def test_ids_duplicated_by_another_editor_are_made_unique():
    original = timeline_from_media(SOURCE)
    cut = Suggestion("cut", SOURCE.path, FrameRange(50, 1), 0.5, "m")
    exported = timeline_to_otio(replace(original, suggestions=(cut,)))
    picture = exported.tracks[0]
    picture.append(picture[0].clone())  # copy and paste keeps the vedit metadata and markers
    timeline = timeline_from_otio(exported, "/")
    first, pasted = timeline.tracks[0].items
    assert first.id != pasted.id
    assert first.id == original.tracks[0].items[0].id
    assert timeline.suggestions == (cut,)


def test_a_switched_off_track_is_disabled_in_otio():
    timeline = timeline_from_media(SOURCE)
    off = SetTrackEnabled((timeline.tracks[0].id,), False).apply(timeline)
    exported = timeline_to_otio(off)
    assert [track.enabled for track in exported.tracks] == [False, True]
    assert timeline_from_otio(exported, "/") == off


def test_a_markers_colour_reaches_other_tools():
    from vedit_gui.timeline import Marker

    timeline = replace(timeline_from_media(SOURCE), markers=(Marker(10, "Pickup", "red"), Marker(20, "Music", "blue")))
    colours = [m.color for m in timeline_to_otio(timeline).tracks.markers]
    assert colours == [otio.schema.MarkerColor.RED, otio.schema.MarkerColor.BLUE]  # once all YELLOW


def test_an_otio_moved_with_its_footage_finds_it_and_a_missing_file_is_called_missing(tmp_path):
    import shutil

    from mediagen import make_video

    from vedit_gui.media import media_reference, probe
    from vedit_gui.project import open_any

    folder = tmp_path / "Projet été"
    (folder / "média").mkdir(parents=True)
    clip = make_video(folder / "média" / "take 1.mp4", 30, width=64, height=48)
    write_otio(timeline_from_media(media_reference(probe(clip.path))), folder / "edit.otio")
    moved = tmp_path / "moved"
    shutil.move(str(folder), str(moved))
    opened = open_any(moved / "edit.otio")
    assert [m.path for m in opened.timeline.media()] == [str(moved / "média" / "take 1.mp4")]
    assert opened.missing_media == [] and opened.changed_media == []
    (moved / "média" / "take 1.mp4").unlink()
    gone = open_any(moved / "edit.otio")
    assert gone.missing_media == [str(tmp_path / "Projet été" / "média" / "take 1.mp4")] and gone.changed_media == []
    assert gone.media_problems().startswith("Media not found: ")


def test_an_edl_of_an_edit_with_footage_laid_over_lists_v1_and_says_what_is_left_out(tmp_path):
    timeline = timeline_from_media(SOURCE)
    picture = timeline.tracks[0]
    over = replace(picture, id="v2", name="", items=(Gap(10), replace(picture.items[0], id="broll")))
    two_pictures = replace(timeline, tracks=(picture, over, *timeline.tracks[1:]))
    path = tmp_path / "x.edl"
    note = write_edl(two_pictures, path)  # once refused: no EDL at all
    assert "The 1 clip laid over the edit on V2 is not in it" in note and "Export OpenTimelineIO" in note
    events = [line.split() for line in path.read_text().splitlines() if line[:3].isdigit()]
    assert [e[0] for e in events] == ["001"]  # V1's one event


def test_a_cameras_timecode_is_where_its_media_starts_in_otio_and_comes_back(tmp_path):
    rate = Fraction(25)
    camera = MediaReference("/footage/A001.mxf", rate, 500, metadata={"timecode": "10:00:00:00"})
    timeline = Split(40).apply(timeline_from_media(camera))
    exported = timeline_to_otio(timeline)
    clip = exported.video_tracks()[0].find_clips()[1]
    assert clip.media_reference.available_range.start_time.value == 900000  # 10 h at 25 fps
    assert clip.source_range.start_time.value == 900000 + 40
    assert timeline_from_otio(exported, tmp_path) == timeline
    # Another editor's reference that starts at the camera's timecode: exports write it back.
    foreign = foreign_timeline((otio.schema.TrackKind.Video, [
        foreign_clip("/footage/A001.mxf", 900040, 10, available=(900000, 500), rate=25)]))
    read = timeline_from_otio(foreign, tmp_path)
    assert read.tracks[0].items[0].media.metadata == {"timecode": "10:00:00:00"}
    assert read.tracks[0].items[0].source_range == FrameRange(40, 10)


@pytest.mark.parametrize("timecode", ["10:00:00:01", "10:00:00:02", "10:00:00:03"])
def test_a_timecode_between_timeline_frames_comes_back_on_the_same_source_frames(tmp_path, timecode):
    """A 50p camera file on a 25p edit, its timecode on an odd frame: half a timeline frame."""
    from vedit_gui.timeline import Clip, Timeline, Track

    camera = MediaReference("/footage/b.mov", Fraction(50), 1000, has_audio=False, metadata={"timecode": timecode})
    clips = (Clip(camera, FrameRange(10, 50)), Clip(camera, FrameRange(11, 50)))
    timeline = Timeline(rate=Fraction(25), tracks=(Track(TrackKind.VIDEO, clips),))
    back = timeline_from_otio(timeline_to_otio(timeline), tmp_path)
    assert [c.source_range for c in back.tracks[0].items] == [c.source_range for c in clips]
