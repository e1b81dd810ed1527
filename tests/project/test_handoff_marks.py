"""What a cut handed off to another editor marks: an EDL's locators and an XML's clip markers
are the project's own markers and the suggestions still needing a hand there (pending at or
above the review threshold and not already in the cut; accepted looks only vedit draws), never
rejected or unsure ones. An editor pass found 21 locators on a 30 s edit, one per suggestion."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from fractions import Fraction

import opentimelineio as otio

from vedit_gui.project import write_edl, write_fcp_xml
from vedit_gui.project.handoff_marks import marked_suggestions
from vedit_gui.project.start_timecode import with_start_timecode
from vedit_gui.timeline import (
    AddMarker,
    AddSuggestions,
    DecideSuggestions,
    FrameRange,
    History,
    InsertMedia,
    Marker,
    MediaReference,
    Split,
    Suggestion,
    SuggestionStatus,
    Timeline,
    timeline_from_media,
)
from vedit_gui.timeline.suggestion import GRADE, PUNCH_IN, REMOVE_PAUSE, STABILIZE, TITLE

PAL = Fraction(25)
A = MediaReference("/footage/a.mp4", PAL, 500)
B = MediaReference("/footage/b.mp4", PAL, 250, metadata={"timecode": "10:00:00:00"})
PENDING, ACCEPTED, REJECTED = SuggestionStatus.PENDING, SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED
TITLE_PARAMS = {"text": "Ada Lovelace", "second": "Engineer", "start": 300, "frames": 50,
                "place": "lower-third", "size": 0.08, "fade": 6}


def cut_at(frame: int, confidence: float, status: SuggestionStatus = PENDING, source: MediaReference = A,
           id: str | None = None) -> Suggestion:
    """A hard cut whose next shot starts at source ``frame``."""
    return Suggestion("cut", source.path, FrameRange(frame - 1, 2), confidence, "cutnet", {"transition": "cut"},
                      status, id or f"cut-{frame}-{status.value}")


def look(kind: str, start: int, frames: int, confidence: float, status: SuggestionStatus, id: str,
         params: dict | None = None, source: MediaReference = A) -> Suggestion:
    return Suggestion(kind, source.path, FrameRange(start, frames), confidence, "model", params or {}, status, id)


def reviewed_edit() -> Timeline:
    """A (500 frames) then B (250 frames, its camera at 10:00:00:00); the editor split A by hand
    at 200, accepted a cut at 100 and a title, left the rest of the models' suggestions to review."""
    history = History(timeline_from_media(A))
    history.apply(InsertMedia((B,), 500))
    history.apply(Split(200))
    history.apply(AddSuggestions((
        cut_at(100, 0.97, id="accepted cut"),
        cut_at(200, 0.9, id="cut where the editor cut"),
        cut_at(320, 0.8, id="cut to review"),
        cut_at(400, 0.3, id="unsure cut"),
        cut_at(450, 0.99, REJECTED, id="rejected cut"),
        cut_at(100, 0.85, source=B, id="cut to review in b"),
        look(GRADE, 0, 100, 0.7, PENDING, "grade to review"),
        look(GRADE, 100, 100, 0.4, PENDING, "unsure grade"),
        look(GRADE, 200, 100, 0.9, ACCEPTED, "accepted grade"),
        look(TITLE, 300, 50, 1.0, ACCEPTED, "title", TITLE_PARAMS),
        look(TITLE, 350, 50, 1.0, REJECTED, "removed title", TITLE_PARAMS),
        look(PUNCH_IN, 50, 40, 0.6, ACCEPTED, "punch-in", {"zoom": 1.15, "x": 0.5, "y": 0.4, "start": 50, "frames": 40}),
        look(STABILIZE, 0, 200, 0.45, PENDING, "unsure steadying"),
        look(REMOVE_PAUSE, 150, 20, 0.95, ACCEPTED, "accepted pause"),
    )))
    history.apply(DecideSuggestions(("accepted cut", "accepted pause"), ACCEPTED))
    history.apply(AddMarker(Marker(30, "Music in", "red", "swell here")))
    return history.timeline


def test_the_cut_hands_off_what_still_needs_a_hand_there():
    timeline = reviewed_edit()
    assert [s.id for s in marked_suggestions(timeline)] == [
        "cut to review", "cut to review in b", "grade to review", "title", "punch-in"]
    # The threshold is the editor's: lowered, the unsure ones are to review too.
    assert {s.id for s in marked_suggestions(timeline, 0.25)} - {s.id for s in marked_suggestions(timeline)} == {
        "unsure cut", "unsure grade", "unsure steadying"}


def locator_lines(text: str) -> list[tuple[str, str, str]]:
    """(timecode, colour, words) of each ``* LOC`` line, in the order written."""
    found = []
    for line in text.splitlines():
        if line.startswith("* LOC: "):
            timecode, colour, *words = line[len("* LOC: "):].split()
            found.append((timecode, colour, " ".join(words)))
    return found


def test_the_edl_locates_them_at_record_timecode_under_their_events(tmp_path):
    timeline = with_start_timecode(reviewed_edit(), "01:00:00:00")
    write_edl(timeline, tmp_path / "edit.edl")
    text = (tmp_path / "edit.edl").read_text()
    # Record timecode, counted from the start; the accepted pause took 20 frames out at 150, so
    # what follows comes 20 sooner; B's cut is at its record time, not at its camera's 10:00:04:00.
    assert locator_lines(text) == [
        ("01:00:00:00", "YELLOW", "GRADE (70%)"),
        ("01:00:01:05", "RED", "MUSIC IN - SWELL HERE"),
        ("01:00:02:00", "GREEN", "PUNCH-IN 115% (60%)"),
        ("01:00:11:05", "GREEN", "TITLE: ADA LOVELACE / ENGINEER"),
        ("01:00:12:00", "YELLOW", "CUT (80%)"),
        ("01:00:23:05", "YELLOW", "CUT (85%)"),
    ]
    # Each under the event it falls in, as another editor reads them back.
    edl = otio.adapters.read_from_file(str(tmp_path / "edit.edl"), "cmx_3600", rate=25)
    per_event = [[m.name for m in clip.markers] for clip in edl.video_tracks()[0].find_clips()]
    assert per_event == [["GRADE (70%)", "MUSIC IN - SWELL HERE", "PUNCH-IN 115% (60%)"], [],
                         [], ["TITLE: ADA LOVELACE / ENGINEER", "CUT (80%)"], ["CUT (85%)"]]


def test_an_edl_of_unsure_and_rejected_suggestions_has_no_locators(tmp_path):
    """The editor pass's 30 s edit: a locator for every suggestion below the threshold, gone."""
    sample = MediaReference("/footage/sample.mp4", Fraction(30000, 1001), 900)
    history = History(timeline_from_media(sample))
    unsure = [cut_at(frame, 0.1 + frame / 10_000, source=sample, id=f"c{frame}") for frame in range(40, 880, 60)]
    grades = [look(GRADE, start, 120, 0.26 + start / 10_000, PENDING, f"g{start}", source=sample)
              for start in range(0, 900, 150)]
    history.apply(AddSuggestions((*unsure, *grades, cut_at(449, 0.97, REJECTED, source=sample))))
    assert len(history.timeline.suggestions) == 21
    write_edl(history.timeline, tmp_path / "sample.edl")
    assert locator_lines((tmp_path / "sample.edl").read_text()) == []
    write_edl(history.timeline, tmp_path / "all.edl", review_threshold=0.0)  # the editor's threshold at 0
    assert len(locator_lines((tmp_path / "all.edl").read_text())) == 20  # never the rejected one


def test_a_locator_is_one_line_of_plain_capitals(tmp_path):
    history = History(timeline_from_media(A))
    history.apply(AddMarker(Marker(50, "Zoë's line\nagain", "purple")))
    history.apply(AddMarker(Marker(60)))
    write_edl(history.timeline, tmp_path / "edit.edl")
    assert locator_lines((tmp_path / "edit.edl").read_text()) == [
        ("00:00:02:00", "MAGENTA", "ZOE'S LINE AGAIN"), ("00:00:02:10", "YELLOW", "MARKER")]


def test_the_xml_marks_the_same_suggestions(tmp_path):
    write_fcp_xml(reviewed_edit(), tmp_path / "edit.xml")  # files not found: as the project knows them
    video = ET.parse(tmp_path / "edit.xml").getroot().find("sequence/media/video/track")
    markers = sorted((item.findtext("name"), m.findtext("name"), m.findtext("in"), m.findtext("out"))
                     for item in video.findall("clipitem") for m in item.findall("marker"))
    # Clip markers count the file's frames; a cut to review is a point, where its next shot starts.
    assert markers == [
        ("a.mp4", "Punch-in 115% (60%)", "50", "90"),
        ("a.mp4", "Title: Ada Lovelace / Engineer", "300", "350"),
        ("a.mp4", "cut (80%)", "320", "-1"),
        ("a.mp4", "grade (70%)", "0", "100"),
        ("b.mp4", "cut (85%)", "100", "-1"),
    ]
    write_fcp_xml(reviewed_edit(), tmp_path / "unsure.xml", review_threshold=0.25)
    names = {m.findtext("name") for m in ET.parse(tmp_path / "unsure.xml").getroot().iter("marker")}
    assert {"cut (30%)", "grade (40%)", "stabilize (45%)"} <= names and "cut (99%)" not in names  # rejected


def test_a_marker_names_the_transition_the_model_saw():
    """A dissolve or fade to review is called one on the other editor's marker, as the list
    calls it; not "cut", the kind every transition suggestion has."""
    from vedit_gui.project.otio_io import marker_words

    dissolve = Suggestion("cut", A.path, FrameRange(100, 18), 0.74, "cutnet", {"transition": "dissolve"}, PENDING, "d")
    fade = Suggestion("cut", A.path, FrameRange(200, 12), 0.6, "cutnet", {"transition": "fade"}, PENDING, "f")
    assert [marker_words(s)[0] for s in (dissolve, fade)] == ["dissolve (74%)", "fade (60%)"]
    pause = look("effect:remove-pause", 10, 20, 0.9, PENDING, "p")
    assert marker_words(pause)[0] == "pause (90%)"


def test_a_cut_made_by_hand_on_a_source_at_another_rate_is_not_handed_off():
    """A 25 fps source on a 29.97 edit shows one frame in five twice: the editor's blade where
    the next shot starts showing is the cut, not a locator to act on."""
    from vedit_gui.timeline.mapping import SourceMap

    history = History(timeline_from_media(A, rate=Fraction(30000, 1001)))
    doubled = next(f for f in range(101, 140) if len(SourceMap(history.timeline).frames_for(A.path, f)) == 2)
    first = SourceMap(history.timeline).frames_for(A.path, doubled)[0]
    history.apply(Split(first))
    history.apply(AddSuggestions((cut_at(doubled, 0.9, id="cut the editor made"),)))
    assert "cut the editor made" not in {s.id for s in marked_suggestions(history.timeline)}
