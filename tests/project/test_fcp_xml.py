"""Final Cut Pro 7 XML for Premiere Pro: what each element says, read three ways: as XML
(the elements Premiere's importer reads), back through OpenTimelineIO's FCP XML adapter
(an independent reader of the format), and against the files themselves (the frame at a
clip's in point, the file's own timecode, its picture size and sound channels)."""

from __future__ import annotations

import os
import tempfile
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import opentimelineio as otio
import pytest
from hypothesis import given, settings
from mediagen import make_audio_only, make_video, read_index
from project_strategies import timelines_with_dissolves

from vedit_gui.media import FrameReader, media_reference, probe
from vedit_gui.project import ProjectError, read_otio, write_fcp_xml
from vedit_gui.project.fcp_layout import TICKS_PER_SECOND, xml_rate, xml_timebase
from vedit_gui.project.fcp_xml import path_url
from vedit_gui.timeline import (
    DIP_TO_WHITE,
    AddMarker,
    AddSuggestions,
    AddTransition,
    Clip,
    FrameRange,
    History,
    InsertMedia,
    Marker,
    MediaReference,
    OverlayMedia,
    ResizeTransition,
    SetClipFades,
    SetClipGain,
    SetTrackEnabled,
    SetTransitionKind,
    Split,
    Suggestion,
    SuggestionStatus,
    Timeline,
    Track,
    TrackKind,
    Transition,
    timeline_from_media,
)
from vedit_gui.timeline.suggestion import CUT, GRADE, REMOVE_PAUSE, TITLE

NTSC = Fraction(30000, 1001)


# --- reading what was written ----------------------------------------------------------------


def parsed(path: Path) -> ET.Element:
    text = path.read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE xmeml>\n')
    root = ET.fromstring(text)
    assert root.tag == "xmeml" and root.get("version") == "4"
    return root


def sequence(root: ET.Element) -> ET.Element:
    (found,) = root.findall("sequence")
    return found


def tracks(root: ET.Element, kind: str) -> list[ET.Element]:
    return sequence(root).findall(f"media/{kind}/track")


def number(element: ET.Element, path: str) -> int:
    return int(element.findtext(path))


def timing(item: ET.Element) -> tuple[int, int, int, int]:
    """(start, end, in, out) of a clip item."""
    return tuple(number(item, tag) for tag in ("start", "end", "in", "out"))


def rate_of(element: ET.Element) -> tuple[int, bool]:
    return number(element, "rate/timebase"), element.findtext("rate/ntsc") == "TRUE"


def files(root: ET.Element) -> dict[str, ET.Element]:
    """Each file described in full, by id; every reference by id comes after its description."""
    described: dict[str, ET.Element] = {}
    for element in root.iter("file"):
        if element.find("pathurl") is not None:
            assert element.get("id") not in described
            described[element.get("id")] = element
        else:
            assert element.get("id") in described and len(element) == 0
    return described


def file_path(element: ET.Element) -> str:
    url = urllib.parse.urlparse(element.findtext("pathurl"))
    assert (url.scheme, url.netloc) == ("file", "localhost")
    return urllib.parse.unquote(url.path)


def adapter_read(path: Path) -> otio.schema.Timeline:
    return otio.adapters.read_from_file(str(path), "fcp_xml")


def placed(track: otio.schema.Track, rate: float) -> list[tuple[int, int, int]]:
    """(record in, record out, source in counted from the file's own timecode) of each clip."""
    events = []
    for clip in track.find_clips():
        record = clip.range_in_parent()
        start = clip.source_range.start_time - clip.media_reference.available_range.start_time
        events.append((round(record.start_time.rescaled_to(rate).value),
                       round(record.end_time_exclusive().rescaled_to(rate).value),
                       round(start.rescaled_to(rate).value)))
    return events


def laid_out(timeline: Timeline, kind: TrackKind) -> list[list[tuple[str, FrameRange, int]]]:
    """(path, source range, position) of each clip of each track of ``kind``."""
    return [[(item.media.path, item.source_range, rng.start) for _, item, rng in track.ranges() if isinstance(item, Clip)]
            for track in timeline.tracks_of(kind)]


# --- rates ----------------------------------------------------------------------------------


def test_xml_names_whole_rates_and_their_ntsc_versions_and_recounts_the_rest():
    assert xml_timebase(Fraction(24000, 1001)) == (24, True)
    assert xml_timebase(NTSC) == (30, True) and xml_timebase(Fraction(60000, 1001)) == (60, True)
    assert xml_timebase(Fraction(25)) == (25, False) and xml_timebase(Fraction(10)) == (10, False)
    assert xml_timebase(Fraction(2987, 100)) is None
    assert xml_rate(Fraction(10)) == (Fraction(10), True)  # a screen capture: counted as it is
    assert xml_rate(Fraction(25, 2)) == (Fraction(25), True)  # every frame is two
    assert xml_rate(Fraction(2987, 100)) == (Fraction(30), False)  # a phone's variable rate
    assert xml_rate(Fraction(1506, 125)) == (Fraction(24), False)  # a 12.048 fps AVI


def test_a_path_is_a_file_url_with_spaces_and_accents_encoded():
    assert path_url("/Footage/Été 2024/take #2.mov") == "file://localhost/Footage/%C3%89t%C3%A9%202024/take%20%232.mov"
    assert path_url("C:\\Footage\\a b.mov") == "file://localhost/C%3A/Footage/a%20b.mov"
    assert path_url(os.fsdecode(b"/Footage/caf\xe9.mov")) == "file://localhost/Footage/caf%E9.mov"  # Latin-1 on disk


def test_characters_xml_cannot_hold_are_left_out_of_names(tmp_path):
    history = History(timeline_from_media(fake()))
    history.apply(AddMarker(Marker(10, "bell\x07 rings\ud800", note="tab\tkept")))
    root, _ = write(history.timeline, tmp_path)
    (marker,) = sequence(root).findall("marker")
    assert (marker.findtext("name"), marker.findtext("comment")) == ("bell rings", "tab\tkept")


# --- a cut from real files ------------------------------------------------------------------


@pytest.fixture(scope="module")
def footage(tmp_path_factory):
    """A 29.97 camera file with drop-frame timecode and stereo sound, in a folder whose name
    needs encoding; a 25 fps interview; a sound recorder's mono file; a phone's portrait
    video without sound; music."""
    folder = tmp_path_factory.mktemp("fcp") / "Tournage été #1"
    folder.mkdir()
    camera = make_video(folder / "A001 take 1.mp4", 120, timecode="01:00:00;00")
    interview = make_video(folder / "interview.mp4", 75, rate=25)
    recorder = make_audio_only(folder / "recorder.wav", 1.0, channels=1, codec="pcm_s16le")
    phone = make_video(folder / "phone.mp4", 30, width=160, height=96, rotation=90, audio=False)
    music = make_audio_only(folder / "music.m4a", 2.0, channels=2)
    return {"camera": camera.path, "interview": interview.path, "recorder": recorder, "phone": phone.path,
            "music": music}


def source(path: Path) -> MediaReference:
    return media_reference(probe(path))


@pytest.fixture(scope="module")
def cut(footage) -> Timeline:
    """The camera file cut at 40 with a 10-frame dissolve there, faded in, its sound at -6 dB
    after the cut; then the 25 fps interview (another rate) and the recorder's mono sound."""
    history = History(timeline_from_media(source(footage["camera"])))
    history.apply(Split(40))
    history.apply(Split(100))
    history.apply(AddTransition(40, 10))
    first, second = (item.id for item in history.timeline.tracks[0].items[:2])
    history.apply(SetClipFades((first,), 15, None))
    sound = history.timeline.tracks[1].items[1].id
    history.apply(SetClipGain((sound,), -6.0))
    history.apply(InsertMedia((source(footage["interview"]), source(footage["recorder"])), history.timeline.duration))
    return history.timeline


@pytest.fixture(scope="module")
def written(cut, tmp_path_factory):
    path = tmp_path_factory.mktemp("xml") / "cut.xml"
    note = write_fcp_xml(cut, path)
    return path, note


def test_the_sequence_says_its_rate_size_length_and_timecode(cut, written):
    path, note = written
    root = parsed(path)
    seq = sequence(root)
    assert seq.findtext("name") == cut.name
    assert rate_of(seq) == (30, True) and number(seq, "duration") == cut.duration
    characteristics = seq.find("media/video/format/samplecharacteristics")
    assert (number(characteristics, "width"), number(characteristics, "height")) == (160, 96)
    assert characteristics.findtext("pixelaspectratio") == "square"
    # The camera counts drop-frame, so the sequence does too, from zero.
    assert (seq.findtext("timecode/string"), seq.findtext("timecode/displayformat")) == ("00:00:00;00", "DF")
    assert note is None  # everything in this cut is carried


def test_each_file_is_described_once_with_its_url_timecode_size_and_channels(footage, written):
    path, _ = written
    described = files(parsed(path))
    by_path = {file_path(element): element for element in described.values()}
    assert set(by_path) == {str(footage[name]) for name in ("camera", "interview", "recorder")}
    for name, element in by_path.items():
        assert Path(name).is_file() and element.findtext("name") == Path(name).name
        assert " " not in element.findtext("pathurl") and element.findtext("pathurl").isascii()
        info = probe(name)
        assert number(element, "media/audio/channelcount") == info.audio.channels
        if info.video is None:  # sound only: its length on vedit's 25 fps grid
            assert element.find("media/video") is None and rate_of(element) == (25, False)
            continue
        assert number(element, "duration") == info.video.frame_count
        assert number(element, "media/video/samplecharacteristics/width") == info.video.display_width
    camera = by_path[str(footage["camera"])]
    assert rate_of(camera) == (30, True)
    # The camera's own timecode, so a relink or conform finds the right frames.
    assert camera.findtext("timecode/string") == "01:00:00;00"
    assert (number(camera, "timecode/frame"), camera.findtext("timecode/displayformat")) == (107892, "DF")
    assert rate_of(by_path[str(footage["interview"])]) == (25, False)
    assert number(by_path[str(footage["recorder"])], "media/audio/channelcount") == 1


def test_clip_items_hold_the_cut_with_the_dissolve_and_the_fade(cut, written):
    path, _ = written
    (video,) = tracks(parsed(path), "video")
    kinds = [element.tag for element in video if element.tag in ("clipitem", "transitionitem")]
    assert kinds == ["transitionitem", "clipitem", "transitionitem", "clipitem", "clipitem", "clipitem"]
    fade, first, dissolve, second, third, interview = (e for e in video if e.tag in ("clipitem", "transitionitem"))
    assert (number(fade, "start"), number(fade, "end"), fade.findtext("alignment")) == (0, 15, "start-black")
    assert fade.findtext("effect/name") == "Cross Dissolve"
    # Inside a transition an edge is -1 and the source runs on under it (five frames a side).
    assert timing(first) == (-1, -1, 0, 45)
    assert (number(dissolve, "start"), number(dissolve, "end"), dissolve.findtext("alignment")) == (35, 45, "center")
    assert dissolve.findtext("effect/effectid") == "Cross Dissolve"
    assert dissolve.findtext("effect/effectcategory") == "Dissolve"
    assert number(dissolve, "cutPointTicks") == 5 * TICKS_PER_SECOND * 1001 // 30000
    assert timing(second) == (-1, 100, 35, 100)
    assert timing(third) == (100, 120, 100, 120)
    # The 25 fps interview on a 29.97 sequence: counted in the sequence's frames (3 s: 90).
    assert timing(interview) == (120, 210, 0, 90)
    for item in (first, second, third, interview):
        assert rate_of(item) == (30, True) and item.findtext("enabled") == "TRUE"
    assert number(first, "duration") == 120  # the file's length, as Premiere writes it


def test_the_frame_at_each_clip_items_in_point_is_the_one_vedit_shows(cut, written):
    """Decoded truth: the file each clip item names, read where its clip starts (its ``in``,
    plus the frames a transition over its head runs before the cut, in the sequence's rate),
    shows the source frame vedit shows at the clip's first frame."""
    path, _ = written
    root = parsed(path)
    (video,) = tracks(root, "video")
    described = files(root)
    elements = [e for e in video if e.tag in ("clipitem", "transitionitem")]
    items = [(i, e) for i, e in enumerate(elements) if e.tag == "clipitem"]
    for (index, item), clip in zip(items, cut.tracks[0].clips(), strict=True):
        first = number(item, "in")
        if number(item, "start") == -1:  # the cut is cutPointTicks into the transition before it
            first += round(Fraction(number(elements[index - 1], "cutPointTicks")) * NTSC / TICKS_PER_SECOND)
        media = clip.media
        assert file_path(described[item.find("file").get("id")]) == media.path
        with FrameReader(media.path) as reader:
            shown = read_index(reader.read(round(Fraction(first) / NTSC * media.rate)))
        assert shown == round(Fraction(clip.source_range.start) / NTSC * media.rate)


def test_sound_is_a_stereo_pair_or_a_mono_track_with_its_levels_and_links(written):
    path, _ = written
    root = parsed(path)
    left, right = tracks(root, "audio")
    assert [t.findtext("outputchannelindex") for t in (left, right)] == ["1", "2"]
    assert left.get("totalExplodedTrackCount") == "2" and right.get("currentExplodedTrackIndex") == "1"
    for side, track in ((1, left), (2, right)):
        items = track.findall("clipitem")
        # Stereo files' two channels on their own tracks; the recorder's one channel on both.
        assert [number(item, "sourcetrack/trackindex") for item in items] == [side, side, side, side, 1]
        levels = [item.findtext("filter/effect/parameter/value") for item in items]
        assert levels == [None, "0.50119", None, None, None]  # -6 dB on the second clip only
        assert items[1].findtext("filter/effect/effectid") == "audiolevels"
    # Each picture clip item links its sound's two sides, one group: a stereo pair.
    picture = tracks(root, "video")[0].findall("clipitem")[1]
    links = [(link.findtext("mediatype"), link.findtext("trackindex"), link.findtext("groupindex"))
             for link in picture.findall("link")]
    assert links == [("video", "1", None), ("audio", "1", "1"), ("audio", "2", "1")]
    ids = {item.get("id") for item in root.iter("clipitem")}
    assert all(link.findtext("linkclipref") in ids for link in root.iter("link"))


def test_an_xml_reader_finds_the_same_cut(cut, written):
    """OpenTimelineIO's FCP XML adapter, read back: the same clips at the same places, from
    the same files and frames; through vedit's own OTIO reader, the same timeline."""
    path, _ = written
    read = adapter_read(path)
    (video,) = read.video_tracks()
    assert placed(video, float(NTSC)) == [(0, 40, 0), (40, 100, 40), (100, 120, 100), (120, 210, 0)]
    (transition,) = [item for item in video if isinstance(item, otio.schema.Transition) and item.in_offset.value]
    assert (transition.in_offset.value, transition.out_offset.value) == (5, 5)
    back = read_otio(path)
    assert back.rate == NTSC
    assert laid_out(back, TrackKind.VIDEO) == laid_out(cut, TrackKind.VIDEO)
    # The adapter keeps a stereo pair one track: vedit's one sound track.
    assert laid_out(back, TrackKind.AUDIO) == laid_out(cut, TrackKind.AUDIO)
    assert back.media()[0].metadata["timecode"] == "01:00:00;00"
    (dissolve,) = back.tracks[0].transitions
    assert (dissolve.in_offset, dissolve.out_offset) == (5, 5)


def test_vedit_opens_an_xml_as_an_edit_of_the_same_cut(cut, written, tmp_path):
    """Premiere Pro's and Resolve's hand-off opens as a new edit (File ▸ Open, vedit render)."""
    from vedit_gui.project import open_any

    path, _ = written
    loaded = open_any(path)
    assert loaded.missing_media == [] and loaded.timeline.rate == NTSC
    for kind in (TrackKind.VIDEO, TrackKind.AUDIO):
        assert laid_out(loaded.timeline, kind) == laid_out(cut, kind)
    other = tmp_path / "settings.xml"
    other.write_text("<settings><theme>dark</theme></settings>", encoding="utf-8")
    with pytest.raises(ProjectError, match="settings.xml.*not a Final Cut Pro XML edit"):
        open_any(other)


# --- sources of every kind ------------------------------------------------------------------


def test_a_phone_video_is_described_upright_and_a_sound_file_as_sound(footage, tmp_path):
    history = History(timeline_from_media(source(footage["phone"])))
    history.apply(InsertMedia((source(footage["music"]),), history.timeline.duration))
    path = tmp_path / "phone.xml"
    assert write_fcp_xml(history.timeline, path) is None
    root = parsed(path)
    characteristics = sequence(root).find("media/video/format/samplecharacteristics")
    assert (number(characteristics, "width"), number(characteristics, "height")) == (96, 160)
    by_path = {file_path(element): element for element in files(root).values()}
    phone, music = by_path[str(footage["phone"])], by_path[str(footage["music"])]
    assert number(phone, "media/video/samplecharacteristics/width") == 96
    assert phone.find("media/audio") is None  # picture only: no sound described, none laid
    assert music.find("media/video") is None and number(music, "media/audio/channelcount") == 2
    (video,) = tracks(root, "video")
    assert [file_path(files(root)[i.find("file").get("id")]) for i in video.findall("clipitem")] == [str(footage["phone"])]
    for track in tracks(root, "audio"):
        assert [i.find("file").get("id") for i in track.findall("clipitem")] == [music.get("id")]


def test_a_track_of_mono_sources_is_one_mono_track(footage, tmp_path):
    timeline = timeline_from_media(source(footage["recorder"]))
    path = tmp_path / "mono.xml"
    write_fcp_xml(timeline, path)
    (track,) = tracks(parsed(path), "audio")
    assert track.get("premiereTrackType") == "Mono" and track.find("outputchannelindex") is None
    (item,) = track.findall("clipitem")
    assert item.get("premiereChannelType") == "mono" and number(item, "sourcetrack/trackindex") == 1
    assert rate_of(sequence(parsed(path))) == (25, False)  # vedit's grid for sound alone


# --- what the format carries differently, and what the editor is told ----------------------


def fake(rate: Fraction = NTSC, frames: int = 300, **fields) -> MediaReference:
    """A source that is not on disk: the export describes it as far as the project knows it."""
    return MediaReference(f"/footage/{fields.pop('name', 'a.mp4')}", rate, frames, **fields)


def write(timeline: Timeline, tmp_path: Path, name: str = "edit.xml") -> tuple[ET.Element, str | None]:
    path = tmp_path / name
    note = write_fcp_xml(timeline, path)
    return parsed(path), note


def cut_in_two(rate: Fraction = NTSC, frames: int = 300, at: int = 100, **fields) -> History:
    history = History(timeline_from_media(fake(rate, frames, **fields)))
    history.apply(Split(at))
    return history


def test_a_missing_file_is_written_as_the_project_knows_it_and_named(tmp_path):
    root, note = write(cut_in_two().timeline, tmp_path)
    (element,) = files(root).values()
    assert number(element, "duration") == 300 and number(element, "media/audio/channelcount") == 2
    assert element.find("media/video/samplecharacteristics/width") is None
    assert note.startswith("vedit could not read a.mp4 (missing or moved)")


def two_shots() -> History:
    """Frames 50-149 of one file, then of another, each shot's picture and sound linked."""
    clips = []
    for name in ("a.mp4", "b.mp4"):
        media = fake(name=name)
        clips.append((Clip(media, FrameRange(50, 100), name, name), Clip(media, FrameRange(50, 100), name, name)))
    picture = Track(TrackKind.VIDEO, tuple(pair[0] for pair in clips))
    sound = Track(TrackKind.AUDIO, tuple(pair[1] for pair in clips))
    return History(Timeline(NTSC, (picture, sound)))


def test_dips_are_dip_to_color_in_their_colour_and_the_note_says_so(tmp_path):
    history = two_shots()
    history.apply(AddTransition(100, 12))
    transition = history.timeline.tracks[0].transitions[0]
    history.apply(SetTransitionKind(transition.id, DIP_TO_WHITE))
    root, note = write(history.timeline, tmp_path)
    (dip,) = tracks(root, "video")[0].findall("transitionitem")
    assert dip.findtext("effect/effectid") == "Dip to Color Dissolve"
    assert [dip.findtext(f"effect/parameter/value/{c}") for c in ("red", "green", "blue")] == ["255"] * 3
    assert "1 dip to black or white is written as Final Cut Pro's Dip to Color Dissolve" in note
    # Its sound crossfades under it, as vedit mixes it.
    for track in tracks(root, "audio"):
        (fade,) = track.findall("transitionitem")
        assert fade.findtext("effect/effectid") == "KGAudioTransCrossFade3dB"
        assert (number(fade, "start"), number(fade, "end")) == (94, 106)


def test_a_dissolve_off_its_cut_gives_premiere_the_cut_and_says_where_others_differ(tmp_path):
    history = cut_in_two()
    history.apply(AddTransition(100, 10))
    transition = history.timeline.tracks[0].transitions[0]
    history.apply(ResizeTransition(transition.id, 2, 8))
    root, note = write(history.timeline, tmp_path)
    (dissolve,) = tracks(root, "video")[0].findall("transitionitem")
    assert (number(dissolve, "start"), number(dissolve, "end")) == (98, 108)
    assert number(dissolve, "cutPointTicks") == 2 * TICKS_PER_SECOND * 1001 // 30000
    first, second = tracks(root, "video")[0].findall("clipitem")
    assert timing(first) == (0, -1, 0, 108) and timing(second) == (-1, 300, 98, 300)
    assert "1 transition is not centred on the cut" in note and "up to 3 frames" in note
    # Starting at the cut, a reader that knows only Final Cut Pro 7's fields has it right.
    history.apply(ResizeTransition(transition.id, 0, 8))
    root, note = write(history.timeline, tmp_path, "start.xml")
    (dissolve,) = tracks(root, "video")[0].findall("transitionitem")
    assert dissolve.findtext("alignment") == "start" and "centred" not in (note or "")
    assert placed(adapter_read(tmp_path / "start.xml").video_tracks()[0], float(NTSC))[1][:2] == (100, 300)


def test_a_transition_beyond_its_clips_footage_is_shortened_and_the_note_says_where(tmp_path):
    history = cut_in_two()
    timeline = history.timeline
    incoming = timeline.tracks[0].items[1]
    # A dissolve reaching 20 frames past the outgoing clip's end, where its file (cut shorter) ends at 105.
    short = replace(incoming.media, duration=300)
    outgoing = replace(timeline.tracks[0].items[0], media=replace(short, duration=105))
    track = replace(timeline.tracks[0], items=(outgoing, incoming), transitions=(Transition(incoming.id, 10, 20),))
    root, note = write(timeline.with_track(0, track), tmp_path)
    (dissolve,) = tracks(root, "video")[0].findall("transitionitem")
    assert (number(dissolve, "start"), number(dissolve, "end")) == (90, 105)
    first, _ = tracks(root, "video")[0].findall("clipitem")
    assert timing(first)[3] == 105  # never past the file's last frame
    assert "1 transition is shorter in the XML than in vedit: V1 at 00:00:03;10 (30 frames, 15 in the XML)" in note
    # Named where the editor sees it: from the edit's start timecode.
    from vedit_gui.project.start_timecode import with_start_timecode

    _, note = write(with_start_timecode(timeline.with_track(0, track), "10:00:00:00"), tmp_path, "ten.xml")
    assert "V1 at 10:00:03;10 (30 frames, 15 in the XML)" in note


def test_fades_are_one_sided_transitions_on_picture_and_sound(tmp_path):
    history = History(timeline_from_media(fake()))
    clip = history.timeline.tracks[0].items[0]
    history.apply(SetClipFades((clip.id,), 20, 30))
    root, _ = write(history.timeline, tmp_path)
    for track in tracks(root, "video") + tracks(root, "audio"):
        head, item, tail = (e for e in track if e.tag in ("clipitem", "transitionitem"))
        assert (number(head, "start"), number(head, "end"), head.findtext("alignment")) == (0, 20, "start-black")
        assert (number(tail, "start"), number(tail, "end"), tail.findtext("alignment")) == (270, 300, "end-black")
        assert number(tail, "cutPointTicks") == 30 * TICKS_PER_SECOND * 1001 // 30000
        assert timing(item) == (-1, -1, 0, 300)
    (video,) = adapter_read(tmp_path / "edit.xml").video_tracks()
    assert placed(video, float(NTSC)) == [(0, 300, 0)]


def test_a_fade_out_before_a_cut_leaves_the_next_clip_as_it_is(tmp_path):
    history = two_shots()
    history.apply(SetClipFades((history.timeline.tracks[0].items[0].id,), None, 12))
    root, _ = write(history.timeline, tmp_path)
    first, fade, second = (e for e in tracks(root, "video")[0] if e.tag in ("clipitem", "transitionitem"))
    assert (number(fade, "start"), number(fade, "end"), fade.findtext("alignment")) == (88, 100, "end-black")
    assert timing(first) == (0, -1, 50, 150) and timing(second) == (100, 200, 50, 150)
    (video,) = adapter_read(tmp_path / "edit.xml").video_tracks()
    assert placed(video, float(NTSC)) == [(0, 100, 50), (100, 200, 50)]


def test_a_fade_over_other_picture_is_named(tmp_path):
    history = History(timeline_from_media(fake()))
    history.apply(OverlayMedia((fake(frames=60, name="broll.mp4", has_audio=False),), 50))
    overlay = history.timeline.tracks_of(TrackKind.VIDEO)[1].items[-1]
    history.apply(SetClipFades((overlay.id,), 10, None))
    _, note = write(history.timeline, tmp_path)
    assert "1 fade on clips laid over other picture is written as a dissolve from or to nothing" in note


def test_levels_run_from_muted_to_plus_12_db(tmp_path):
    history = cut_in_two()
    sound = history.timeline.tracks[1].items
    history.apply(SetClipGain((sound[0].id,), -60.0))
    history.apply(SetClipGain((sound[1].id,), 12.0))
    root, _ = write(history.timeline, tmp_path)
    for track in tracks(root, "audio"):
        levels = [float(item.findtext("filter/effect/parameter/value")) for item in track.findall("clipitem")]
        assert levels == [0.0, pytest.approx(3.98107, abs=1e-5)]


def test_a_hidden_track_is_written_switched_off(tmp_path):
    history = cut_in_two()
    history.apply(SetTrackEnabled((history.timeline.tracks[0].id,), False))
    root, _ = write(history.timeline, tmp_path)
    assert tracks(root, "video")[0].findtext("enabled") == "FALSE"
    assert all(track.findtext("enabled") == "TRUE" for track in tracks(root, "audio"))


def test_markers_carry_the_editors_and_vedits_render_only_effects(tmp_path):
    history = cut_in_two()
    history.apply(AddMarker(Marker(150, "Music in", note="swell")))
    title = Suggestion(TITLE, "/footage/a.mp4", FrameRange(120, 60), 1.0, "editor",
                       {"text": "Ada Lovelace", "second": "Engineer", "start": 120, "frames": 60,
                        "place": "lower-third", "size": 0.08, "fade": 6}, SuggestionStatus.ACCEPTED)
    grade = Suggestion(GRADE, "/footage/a.mp4", FrameRange(0, 100), 0.9, "colour", {}, SuggestionStatus.ACCEPTED)
    rejected = replace(title, id="other", status=SuggestionStatus.REJECTED)
    history.apply(AddSuggestions((title, grade, rejected)))
    root, note = write(history.timeline, tmp_path)
    (marker,) = sequence(root).findall("marker")
    assert (marker.findtext("name"), marker.findtext("comment"), number(marker, "in"), number(marker, "out")) == \
        ("Music in", "swell", 150, -1)
    markers = [m for item in tracks(root, "video")[0].findall("clipitem") for m in item.findall("marker")]
    assert [(m.findtext("name"), number(m, "in"), number(m, "out")) for m in markers] == \
        [("Title: Ada Lovelace / Engineer", 120, 180)]
    assert "vedit's render draws 1 grade and 1 title; an XML carries the cut, not these." in note
    assert "File ▸ Export Grade as LUT" in note


def test_vedits_own_xml_opens_with_the_suggestions_it_marked_and_other_markers_as_markers(tmp_path):
    """Pending suggestions exported as markers came back as plain markers ("cut (80%)"): the
    cut to review was lost as a suggestion, and a marker's comment was dropped on the way."""
    history = cut_in_two()
    history.apply(AddMarker(Marker(150, "Music in", note="swell")))
    cut = Suggestion(CUT, "/footage/a.mp4", FrameRange(199, 2), 0.8, "cutnet v3", {"curve": "0.1 0.9", "note": "tab\tand \x01"})
    pause = Suggestion(REMOVE_PAUSE, "/footage/a.mp4", FrameRange(40, 30), 0.7, "pauses v1",
                       {"keep": 6, "loud_db": -20.5, "threshold_db": -45.0})
    title = Suggestion(TITLE, "/footage/a.mp4", FrameRange(120, 60), 1.0, "editor",
                       {"text": "Ada Lovelace", "second": "Engineer", "start": 120, "frames": 60,
                        "place": "lower-third", "size": 0.08, "fade": 6}, SuggestionStatus.ACCEPTED)
    unsure = Suggestion(CUT, "/footage/a.mp4", FrameRange(249, 2), 0.2, "cutnet v3")  # below the threshold: not marked
    history.apply(AddSuggestions((cut, pause, title, unsure)))
    timeline = history.timeline
    root, _ = write(timeline, tmp_path)
    markers = [m for item in tracks(root, "video")[0].findall("clipitem") for m in item.findall("marker")]
    assert sorted(m.findtext("name") for m in markers) == ["Title: Ada Lovelace / Engineer", "cut (80%)", "pause (70%)"]
    back = read_otio(tmp_path / "edit.xml")
    marked = [s for s in timeline.suggestions if s.id != unsure.id]
    assert back.suggestions == tuple(marked)  # kind, place, confidence, producer, params, status, id
    assert [(m.frame, m.name, m.note) for m in back.markers] == [(150, "Music in", "swell")]


def test_a_marker_another_editor_wrote_or_damaged_stays_a_marker(tmp_path):
    history = cut_in_two()
    history.apply(AddSuggestions((Suggestion(CUT, "/footage/a.mp4", FrameRange(199, 2), 0.8, "cutnet v3"),)))
    write(history.timeline, tmp_path)
    path = tmp_path / "edit.xml"
    text = path.read_text(encoding="utf-8")
    damaged = text.replace('"confidence":"0.8"', '"confidence":"sure"')
    assert damaged != text
    path.write_text(damaged.replace("</marker>", "</marker><marker><comment>from Premiere</comment>"
                                    "<name>Check sync</name><in>20</in><out>-1</out></marker>", 1), encoding="utf-8")
    back = read_otio(path)
    assert back.suggestions == ()
    assert sorted((m.frame, m.name, m.note) for m in back.markers) == [(20, "Check sync", "from Premiere"),
                                                                      (200, "cut (80%)", "")]


# --- rates XML cannot count ------------------------------------------------------------------


def test_a_phones_variable_rate_is_recounted_at_30_with_clips_end_to_end(tmp_path):
    rate = Fraction(2987, 100)
    history = cut_in_two(rate, 299, 101, metadata={"timecode": "00:00:10;00"})
    history.apply(Split(201))
    root, note = write(history.timeline, tmp_path)
    assert rate_of(sequence(root)) == (30, False)
    items = tracks(root, "video")[0].findall("clipitem")
    bounds = [timing(item) for item in items]
    assert [b[:2] for b in bounds] == [(0, 101), (101, 202), (202, 300)]  # each cut within half a frame
    assert all(b[2] == b[0] for b in bounds)  # one file cut in three: in points follow
    assert number(sequence(root), "duration") == 300
    # The phone's own drop-frame clock describes its file: its first frame, 10 s in, is 300;
    # its 10.01 s hold part of a 301st frame.
    (phone,) = files(root).values()
    assert rate_of(phone) == (30, True) and phone.findtext("timecode/string") == "00:00:10;00"
    assert (number(phone, "timecode/frame"), number(phone, "duration")) == (300, 301)
    assert "runs at 29.87 fps, which Final Cut Pro XML cannot count" in note
    assert "counts at 30 fps (cut points rounded to its nearest frame)" in note


def test_a_rate_with_a_whole_multiple_is_recounted_exactly(tmp_path):
    root, note = write(cut_in_two(Fraction(25, 2), 100, 40).timeline, tmp_path)
    assert rate_of(sequence(root)) == (25, False)
    assert [timing(item) for item in tracks(root, "video")[0].findall("clipitem")] == [(0, 80, 0, 80), (80, 200, 80, 200)]
    assert "each frame is 2 of its frames" in note


def test_a_10_fps_capture_is_counted_as_it_is(tmp_path):
    root, note = write(cut_in_two(Fraction(10), 100, 40).timeline, tmp_path)
    assert rate_of(sequence(root)) == (10, False) and "cannot count" not in note


def test_a_clip_shorter_than_an_xml_frame_is_refused_and_nothing_is_written(tmp_path):
    history = cut_in_two(Fraction(240), 100, 1)  # 240 fps counts at 60: a frame of it is a quarter
    with pytest.raises(ProjectError, match="shorter than one frame"):
        write_fcp_xml(history.timeline, tmp_path / "never.xml")
    assert list(tmp_path.iterdir()) == []


# --- any edit -------------------------------------------------------------------------------


def resolved(track: ET.Element, described: dict[str, ET.Element]) -> list[tuple[str, int, int, int]]:
    """(file, source frame at the clip's first frame, sequence start, end) of each clip item,
    an edge inside a transition found from the transition's cut (cutPointTicks); checks that
    each item's in and out lie within its file and span its frames and the transitions'."""
    elements = [e for e in track if e.tag in ("clipitem", "transitionitem")]
    clips = []
    for index, item in enumerate(elements):
        if item.tag != "clipitem":
            continue
        start, end, first, last = timing(item)
        before = after = 0
        if start == -1:
            head = elements[index - 1]
            before = round(Fraction(number(head, "cutPointTicks")) * NTSC / TICKS_PER_SECOND)
            start = number(head, "start") + before
        if end == -1:
            tail = elements[index + 1]
            cut = number(tail, "start") + round(Fraction(number(tail, "cutPointTicks")) * NTSC / TICKS_PER_SECOND)
            end, after = cut, number(tail, "end") - cut
        assert first >= 0 and last <= number(item, "duration")
        assert last - first == end - start + before + after
        clips.append((file_path(described[item.find("file").get("id")]), first + before, start, end))
    return clips


@settings(max_examples=60, deadline=None)
@given(timelines_with_dissolves)
def test_any_edit_is_laid_out_clip_for_clip_within_its_files(timeline):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "edit.xml"
        write_fcp_xml(timeline, path)
        root = parsed(path)
        read = adapter_read(path)
    described = files(root)

    def vedit(kind: TrackKind) -> list[list[tuple[str, int, int, int]]]:
        return [[(item.media.path, item.source_range.start, rng.start, rng.end_exclusive)
                 for _, item, rng in track.ranges() if isinstance(item, Clip) and item.media.has_audio | (kind is TrackKind.VIDEO)]
                for track in timeline.tracks_of(kind)]

    assert [resolved(track, described) for track in tracks(root, "video")] == vedit(TrackKind.VIDEO)
    # One XML track per sound track, or two (left, right) holding the same clips.
    sound = [resolved(track, described) for track in tracks(root, "audio") if track.get("currentExplodedTrackIndex") != "1"]
    assert sound == vedit(TrackKind.AUDIO)
    assert number(sequence(root), "duration") == timeline.duration
    # Where every transition is centred on its cut, a reader of Final Cut Pro 7's fields alone agrees.
    centred = all(not (t.cut - t.range.start != t.range.duration // 2 and 0 < t.cut - t.range.start < t.range.duration)
                  for track in timeline.tracks for t in track.transition_windows())
    if centred:
        for track, clips in zip(read.video_tracks(), vedit(TrackKind.VIDEO), strict=True):
            assert [(start, end) for start, end, _ in placed(track, float(NTSC))] == [c[2:] for c in clips]


def test_an_xml_of_several_sequences_opens_the_first_and_says_so(cut, written, tmp_path):
    """Sixth editor pass: an XML exported from a bin of two sequences was refused with
    "expected an OTIO timeline, found SerializableCollection"."""
    import copy

    from vedit_gui.project import open_any

    path, _ = written
    tree = ET.parse(path)
    root = tree.getroot()
    second = copy.deepcopy(root.find("sequence"))
    second.find("name").text = "Alternate cut"
    second.set("id", "sequence-2")
    root.append(second)
    both = tmp_path / "bin.xml"
    tree.write(both, encoding="UTF-8", xml_declaration=True)
    loaded = open_any(both)
    assert laid_out(loaded.timeline, TrackKind.VIDEO) == laid_out(cut, TrackKind.VIDEO)
    assert loaded.note == f"bin.xml holds 2 sequences: opened the first, {cut.name} (not Alternate cut)"
