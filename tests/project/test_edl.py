"""EDLs of timelines at rates SMPTE timecode cannot count: written at a timecode rate,
exactly where it is a whole multiple, else with every cut point within half a frame."""

from __future__ import annotations

from fractions import Fraction

import opentimelineio as otio
import pytest

from vedit_gui.project import ProjectError, open_any, write_edl
from vedit_gui.project.edl import edl_rate
from vedit_gui.timeline import (
    AddTransition,
    History,
    MediaReference,
    SetTrackEnabled,
    Split,
    timeline_from_media,
)


def test_the_edl_rate_is_the_timeline_rate_or_a_timecode_rate():
    ntsc = Fraction(30000, 1001)
    assert edl_rate(ntsc) == (ntsc, True) and edl_rate(Fraction(25)) == (Fraction(25), True)
    assert edl_rate(Fraction(10)) == (Fraction(30), True)  # screen capture: 3 timecode frames each
    assert edl_rate(Fraction(12)) == (Fraction(24), True)
    assert edl_rate(Fraction(15000, 1001)) == (ntsc, True)
    assert edl_rate(Fraction(1506, 125)) == (Fraction(24), False)  # a 12.048 fps AVI
    assert edl_rate(Fraction(2987, 100)) == (Fraction(30), False)  # a phone's variable rate
    assert edl_rate(Fraction(120)) == (Fraction(60), False)


def cut_up(rate: Fraction, frames: int, splits: tuple[int, ...], dissolve_at: int | None = None):
    """One source at ``rate``, split at ``splits`` (timeline frames), maybe one dissolve."""
    history = History(timeline_from_media(MediaReference("/footage/capture.avi", rate, frames)))
    for at in splits:
        history.apply(Split(at))
    if dissolve_at is not None:
        history.apply(AddTransition(dissolve_at, 8))
    return history.timeline


def read_back(path, rate: Fraction) -> list[tuple[int, int, int]]:
    """(record in, record out, source in) of each event, in frames of ``rate``."""
    edl = otio.adapters.read_from_file(str(path), "cmx_3600", rate=float(rate))
    events = []
    for clip in edl.video_tracks()[0].find_clips():
        record = clip.range_in_parent()
        events.append((
            round(record.start_time.rescaled_to(float(rate)).value),
            round(record.end_time_exclusive().rescaled_to(float(rate)).value),
            round(clip.source_range.start_time.rescaled_to(float(rate)).value),
        ))
    return events


def test_a_10_fps_capture_is_written_exactly_at_30(tmp_path):
    timeline = cut_up(Fraction(10), 300, (91, 200))
    path = tmp_path / "capture.edl"
    note = write_edl(timeline, path)
    assert note is not None and "10 fps" in note and "30 fps" in note and "each frame is 3" in note
    assert read_back(path, Fraction(30)) == [(0, 273, 0), (273, 600, 273), (600, 900, 600)]


def test_a_12_048_fps_cut_scene_keeps_every_cut_within_half_a_frame(tmp_path):
    rate = Fraction(1506, 125)
    splits = (37, 101, 150, 151, 233)
    timeline = cut_up(rate, 300, splits, dissolve_at=101)
    path = tmp_path / "cutscene.edl"
    note = write_edl(timeline, path)
    assert note is not None and "24 fps" in note and "rounded" in note
    # The dissolve (8 frames centred on 101) is 16 timecode frames; in an EDL the incoming
    # event starts where it starts, at 97.
    assert " D 016 " in path.read_text()
    events = read_back(path, Fraction(24))
    bounds = (0, 37, 97, 150, 151, 233, 300)
    clips = [e for e in events if e[1] > e[0]]
    assert [c[0] for c in clips[1:]] == [c[1] for c in clips[:-1]]  # end to end, no gaps
    for (start, end, source), first, last in zip(clips, bounds[:-1], bounds[1:], strict=True):
        assert abs(Fraction(start, 24) - first / rate) <= Fraction(1, 48)
        assert abs(Fraction(end, 24) - last / rate) <= Fraction(1, 48)
        assert source == start  # uncut source: source time is record time


def test_an_event_shorter_than_a_timecode_frame_is_a_clear_error(tmp_path):
    timeline = cut_up(Fraction(120), 240, (101, 102))
    with pytest.raises(ProjectError, match="shorter than one frame of 60 fps timecode"):
        write_edl(timeline, tmp_path / "fast.edl")
    assert not (tmp_path / "fast.edl").exists()
    assert write_edl(cut_up(Fraction(120), 240, (100,)), tmp_path / "fast.edl") is not None


def test_opening_an_edl_says_why_it_cannot(tmp_path):
    path = tmp_path / "capture.edl"
    write_edl(cut_up(Fraction(25), 50, (20,)), path)
    with pytest.raises(ProjectError, match="writes EDLs but does not open them"):
        open_any(path)


def test_a_hidden_picture_track_is_listed_and_the_note_says_so(tmp_path):
    timeline = cut_up(Fraction(25), 100, (40,))
    hidden = SetTrackEnabled((timeline.tracks[0].id,), False).apply(timeline)
    path = tmp_path / "hidden.edl"
    note = write_edl(hidden, path)
    assert note is not None and "hidden" in note
    assert read_back(path, Fraction(25)) == read_back_of(timeline, tmp_path / "shown.edl")
    assert write_edl(timeline, tmp_path / "again.edl") is None


def read_back_of(timeline, path) -> list[tuple[int, int, int]]:
    write_edl(timeline, path)
    return read_back(path, timeline.rate)


def test_reels_are_one_word_of_eight_and_one_per_file(tmp_path):
    from vedit_gui.project.edl import reel_names
    from vedit_gui.timeline import InsertMedia

    names = reel_names(["/a/Interview take 1.mp4", "/a/Interview take 2.mp4", "/b/Interview take 1.mp4",
                        "/c/été.mov", "/c/Interview take 1.mp4"])
    assert names == {"/a/Interview take 1.mp4": "INTERVIE", "/a/Interview take 2.mp4": "INTERV_2",
                     "/b/Interview take 1.mp4": "INTERV_3", "/c/été.mov": "ETE", "/c/Interview take 1.mp4": "INTERV_4"}
    # Two sources with spaces in their names: another tool's reader takes the EDL, each event its own reel.
    first = MediaReference("/footage/Interview take 1.mp4", Fraction(25), 50)
    second = MediaReference("/footage/Interview take 2.mp4", Fraction(25), 50)
    timeline = InsertMedia((second,), 50).apply(timeline_from_media(first))
    path = tmp_path / "takes.edl"
    write_edl(timeline, path)
    edl = otio.adapters.read_from_file(str(path), "cmx_3600", rate=25.0)  # once: "incorrect number of fields"
    reels = [clip.metadata["cmx_3600"]["reel"] for clip in edl.video_tracks()[0].find_clips()]
    assert reels == ["INTERVIE", "INTERV_2"]
    assert "Interview take 2.mp4" in path.read_text()  # the full name, in the clip-name comment


def channels_of(path) -> list[str]:
    return [line.split()[2] for line in path.read_text().splitlines() if line[:3].isdigit()]


def laid_out(track) -> list[tuple[int, int, int]]:
    """(record in, record out, source in) of each clip of a vedit track, as :func:`read_back`."""
    return [(rng.start, rng.end_exclusive, item.source_range.start) for _, item, rng in track.ranges()
            if hasattr(item, "media")]


def read_back_sound(path, rate: Fraction) -> dict[str, list[tuple[int, int, int]]]:
    """:func:`read_back` of each sound track OpenTimelineIO's reader finds, by its name (A1, A2)."""
    edl = otio.adapters.read_from_file(str(path), "cmx_3600", rate=float(rate))
    found = {}
    for track in edl.audio_tracks():
        found[track.name] = [
            (round(c.range_in_parent().start_time.value), round(c.range_in_parent().end_time_exclusive().value),
             round(c.source_range.start_time.value)) for c in track.find_clips()]
    return found


def test_picture_with_its_own_sound_in_line_is_listed_as_both(tmp_path):
    timeline = cut_up(Fraction(25), 100, (40,), dissolve_at=40)
    path = tmp_path / "both.edl"
    assert write_edl(timeline, path) is None
    assert channels_of(path) == ["B", "B", "B"]  # a conform brings the sound (it was V: picture only)
    edl = otio.adapters.read_from_file(str(path), "cmx_3600", rate=25.0)
    assert [track.kind for track in edl.tracks] == ["Video", "Audio"]


def test_a_j_cut_lists_the_sound_as_events_of_its_own(tmp_path):
    """A sound cut rolled apart from the picture's (a J cut) once made every event picture
    only (V): the list had no sound at all, and a conform was silent."""
    from vedit_gui.timeline import Roll, SetLinks

    timeline = cut_up(Fraction(25), 100, (40,))
    sound_first = timeline.tracks[1].items[0]
    rolled = Roll(sound_first.id, -5).apply(SetLinks((sound_first.id,), False).apply(timeline))
    assert laid_out(rolled.tracks[1]) == [(0, 35, 0), (35, 100, 35)]  # the sound cut 5 frames early
    path = tmp_path / "j.edl"
    assert write_edl(rolled, path) is None  # nothing left out
    assert channels_of(path) == ["V", "A", "A", "V"]  # in record order: the sound cut comes first
    numbers = [line[:3] for line in path.read_text().splitlines() if line[:3].isdigit()]
    assert numbers == ["001", "002", "003", "004"]
    assert read_back(path, Fraction(25)) == laid_out(rolled.tracks[0])
    assert read_back_sound(path, Fraction(25)) == {"A1": laid_out(rolled.tracks[1])}


def test_picture_without_sound_keeps_the_others_sound(tmp_path):
    """One silent B-roll clip once took every other clip's sound out of the list."""
    from vedit_gui.timeline import InsertMedia

    talk = MediaReference("/footage/dlg1.mp4", Fraction(25), 200)
    silent = MediaReference("/footage/noaudio.mp4", Fraction(25), 125, has_audio=False)
    timeline = InsertMedia((silent,), 200).apply(timeline_from_media(talk))
    path = tmp_path / "mix.edl"
    write_edl(timeline, path)
    events = [line.split() for line in path.read_text().splitlines() if line[:3].isdigit()]
    assert [(e[1], e[2]) for e in events] == [("DLG1", "B"), ("NOAUDIO", "V")]
    assert read_back_sound(path, Fraction(25)) == {"A1": [(0, 200, 0)]}


def test_music_on_a_second_sound_track_and_its_crossfade_are_listed(tmp_path):
    from vedit_gui.timeline import OverlayMedia, TrackKind, TrimIn

    timeline = cut_up(Fraction(25), 100, (40,))
    music = MediaReference("/footage/music.wav", Fraction(25), 500, has_video=False)
    laid = OverlayMedia((music,), 0).apply(timeline)
    music_track = next(i for i, t in enumerate(laid.tracks) if t.kind is TrackKind.AUDIO and t.clips()
                       and next(iter(t.clips())).media.path == music.path)
    path = tmp_path / "music.edl"
    write_edl(laid, path)
    assert channels_of(path) == ["B", "A2", "B"]
    back = read_back_sound(path, Fraction(25))
    assert back["A2"] == laid_out(laid.tracks[music_track]) == [(0, 500, 0)]
    # Two halves of the music crossfaded (Ctrl+Shift+T): a dissolve of the sound, on A2.
    history = History(laid)
    history.apply(Split(300))  # blades every track at 300
    music_clips = list(history.timeline.tracks[music_track].clips())
    history.apply(TrimIn(music_clips[1].id, 20))  # a handle for the crossfade
    history.apply(AddTransition(300, 10, TrackKind.AUDIO))
    crossfaded = history.timeline
    assert crossfaded.tracks[music_track].transition_windows()
    path = tmp_path / "crossfade.edl"
    write_edl(crossfaded, path)
    dissolves = [line.split() for line in path.read_text().splitlines() if line[:3].isdigit() and " D " in line]
    assert [(d[2], d[4]) for d in dissolves] == [("A2", "010")]
    edl = otio.adapters.read_from_file(str(path), "cmx_3600", rate=25.0)
    a2 = next(t for t in edl.audio_tracks() if t.name == "A2")
    assert [c.out_offset.value for c in a2 if isinstance(c, otio.schema.Transition)] == [10]


def test_the_same_sound_on_both_sound_tracks_is_one_aa_event(tmp_path):
    from dataclasses import replace

    timeline = cut_up(Fraction(25), 100, ())
    sound = timeline.tracks[1]
    second = replace(sound, id="a2", items=tuple(replace(c, id=f"{c.id}-2", link=None) for c in sound.items))
    both = replace(timeline, tracks=(*timeline.tracks, second))
    path = tmp_path / "aa.edl"
    write_edl(both, path)
    assert channels_of(path) == ["AA/V"]
    assert set(read_back_sound(path, Fraction(25))) == {"A1", "A2"}


def test_sound_the_list_cannot_carry_is_said(tmp_path):
    from dataclasses import replace

    from vedit_gui.timeline import SetTrackEnabled

    timeline = cut_up(Fraction(25), 100, ())
    sound = timeline.tracks[1]
    more = tuple(replace(sound, id=f"a{n}", name=f"A{n}",
                         items=tuple(replace(c, id=f"{c.id}-{n}", link=None) for c in sound.items))
                 for n in (2, 3))
    three = replace(timeline, tracks=(*timeline.tracks, *more))
    note = write_edl(three, tmp_path / "three.edl")
    assert note is not None and "The 1 sound clip on A3 is not in it: an EDL carries two sound tracks" in note
    muted = SetTrackEnabled((sound.id,), False).apply(three)
    note = write_edl(muted, tmp_path / "muted.edl")
    assert "Muted A1 is not listed." in note and "A is A2 and A2 is A3" in note
    assert channels_of(tmp_path / "muted.edl") == ["AA/V"]  # picture, and its sound on both listed tracks


def test_the_title_is_the_projects_name_when_given(tmp_path):
    timeline = cut_up(Fraction(25), 100, ())
    write_edl(timeline, tmp_path / "a.edl", title="cut1")
    assert (tmp_path / "a.edl").read_text().splitlines()[0] == "TITLE: cut1"
    write_edl(timeline, tmp_path / "b.edl")
    assert (tmp_path / "b.edl").read_text().splitlines()[0] == "TITLE: capture.avi"


def test_source_timecode_counts_from_the_cameras_own(tmp_path):
    """A conform finds a camera file's frames by its timecode: an EDL that counted from zero
    would point a file starting at 14:23:10;05 at frames it does not hold."""
    rate = Fraction(30000, 1001)
    camera = MediaReference("/footage/A001.mov", rate, 300, metadata={"timecode": "14:23:10;05"})
    timeline = Split(100).apply(timeline_from_media(camera))
    path = tmp_path / "camera.edl"
    write_edl(timeline, path)
    assert path.read_text().splitlines()[1] == "FCM: DROP FRAME"  # as the camera counts
    events = [line.split() for line in path.read_text().splitlines() if line[:3].isdigit()]
    assert [event[4:8] for event in events] == [
        ["14:23:10;05", "14:23:13;15", "00:00:00;00", "00:00:03;10"],
        ["14:23:13;15", "14:23:20;05", "00:00:03;10", "00:00:10;00"],
    ]
    # A tag that is not timecode counts from zero, as before.
    odd = MediaReference("/footage/B001.mov", rate, 300, metadata={"timecode": "sunrise"})
    write_edl(timeline_from_media(odd), tmp_path / "odd.edl")
    assert "00:00:00;00 00:00:10;00 00:00:00;00 00:00:10;00" in (tmp_path / "odd.edl").read_text()


def test_a_camera_counting_non_drop_at_29_97_gets_a_non_drop_edl(tmp_path):
    """Many cameras count 29.97 non-drop: the EDL counts so too (FCM: NON-DROP FRAME), so the
    first frame reads as the camera's own 14:23:10:05, not as the same frame in drop-frame."""
    rate = Fraction(30000, 1001)
    camera = MediaReference("/footage/A001.mov", rate, 300, metadata={"timecode": "14:23:10:05"})
    path = tmp_path / "ndf.edl"
    write_edl(Split(100).apply(timeline_from_media(camera)), path)
    text = path.read_text()
    assert text.splitlines()[1] == "FCM: NON-DROP FRAME" and ";" not in text
    events = [line.split() for line in text.splitlines() if line[:3].isdigit()]
    assert [event[4:8] for event in events] == [
        ["14:23:10:05", "14:23:13:15", "00:00:00:00", "00:00:03:10"],
        ["14:23:13:15", "14:23:20:05", "00:00:03:10", "00:00:10:00"],
    ]


def test_fades_and_levels_an_edl_cannot_hold_are_said_not_dropped_unsaid(tmp_path):
    from vedit_gui.timeline import SetClipFades, SetClipGain

    timeline = cut_up(Fraction(25), 100, (40,))
    first, second = timeline.tracks[0].clips()
    faded = SetClipFades((first.id,), fade_in=10).apply(timeline)
    note = write_edl(faded, tmp_path / "fade.edl")
    # The fade takes the linked sound with it: the list carries neither.
    assert note == ("Not in the EDL: 1 clip fade to or from black and 1 sound clip fading in or out "
                    "(CMX3600 has no field for them). File ▸ Export Final Cut Pro XML carries both.")
    both = SetClipGain((second.id,), -3.0).apply(faded)
    note = write_edl(both, tmp_path / "both.edl")
    assert ("1 clip fade to or from black, 1 sound clip fading in or out and 1 clip volume change "
            "(CMX3600 has no field for them). File ▸ Export Final Cut Pro XML carries them.") in note
    assert write_edl(timeline, tmp_path / "plain.edl") is None
