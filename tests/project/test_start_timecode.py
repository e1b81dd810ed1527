"""A programme's start timecode (01:00:00:00 for finishing and Resolve): kept with the
project, 00:00:00:00 where a project never said, and written as each export counts time."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from fractions import Fraction

import opentimelineio as otio
import pytest

from vedit_gui.project import (
    load_project,
    read_otio,
    save_project,
    write_edl,
    write_fcp_xml,
    write_otio,
)
from vedit_gui.project.start_timecode import (
    START_TIMECODE,
    ZERO,
    SetStartTimecode,
    start_frame,
    start_timecode,
    timeline_timecode,
    with_start_timecode,
)
from vedit_gui.timeline import (
    EditError,
    History,
    MediaReference,
    Split,
    Timeline,
    timeline_from_media,
)

NTSC = Fraction(30000, 1001)


def cut(rate: Fraction = NTSC, frames: int = 300, **fields) -> Timeline:
    history = History(timeline_from_media(MediaReference("/footage/a.mp4", rate, frames, **fields)))
    history.apply(Split(100))
    return history.timeline


def record(path) -> list[tuple[str, str, str, str]]:
    """(source in, source out, record in, record out) of each event line of an EDL."""
    events = []
    for line in path.read_text().splitlines():
        fields = line.split()
        if fields[:1] and fields[0].isdigit():
            events.append(tuple(fields[-4:]))
    return events


def test_a_project_that_never_said_starts_at_zero_and_exports_as_before(tmp_path):
    timeline = cut()
    assert start_timecode(timeline) == ZERO and start_frame(timeline, NTSC, True) == 0
    write_edl(timeline, tmp_path / "edit.edl")
    assert record(tmp_path / "edit.edl")[0][2:] == ("00:00:00;00", "00:00:03;10")


def test_a_start_is_a_timecode_at_the_timelines_rate():
    timeline = cut(Fraction(25))
    assert start_timecode(with_start_timecode(timeline, "01:00:00;00")) == "01:00:00:00"
    for wrong in ("1:00:00:00", "01:00:00:25", "01:60:00:00", "an hour"):
        with pytest.raises(ValueError):
            with_start_timecode(timeline, wrong)
    started = with_start_timecode(timeline, "10:00:00:00")
    assert START_TIMECODE not in with_start_timecode(started, ZERO).metadata  # back to as it was


def test_timecode_starts_again_at_midnight(tmp_path):
    """Hours run 00 to 23: a start of 24 h or more is refused, and an edit running past
    midnight reads, and records in an EDL (drop-frame and not), from 00:00:00:00 again."""
    for wrong in ("24:00:00:00", "99:59:59:00"):
        with pytest.raises(ValueError, match="Hours run from 00 to 23"):
            with_start_timecode(cut(), wrong)
    late = with_start_timecode(cut(), "23:59:55:00")  # 29.97, 300 frames in two clips
    assert timeline_timecode(late, 0) == "23:59:55;00" and timeline_timecode(late, 299) == "00:00:04;29"
    write_edl(late, tmp_path / "df.edl")
    assert [e[2:] for e in record(tmp_path / "df.edl")] == [("23:59:55;00", "23:59:58;10"), ("23:59:58;10", "00:00:05;00")]
    ndf = with_start_timecode(cut(metadata={"timecode": "00:00:00:00"}), "23:59:55:00")
    write_edl(ndf, tmp_path / "ndf.edl")
    assert [e[2:] for e in record(tmp_path / "ndf.edl")] == [("23:59:55:00", "23:59:58:10"), ("23:59:58:10", "00:00:05:00")]


def test_the_project_file_keeps_it(tmp_path):
    timeline = with_start_timecode(cut(), "01:00:00:00")
    save_project(timeline, tmp_path / "edit.vedit")
    assert json.loads((tmp_path / "edit.vedit").read_text())["timeline"]["metadata"][START_TIMECODE] == "01:00:00:00"
    assert start_timecode(load_project(tmp_path / "edit.vedit").timeline) == "01:00:00:00"


def test_an_edl_counts_record_timecode_from_it_as_it_counts_its_own(tmp_path):
    # 29.97 counts drop-frame: the hour is 107,892 frames, and reads 01:00:00;00.
    write_edl(with_start_timecode(cut(), "01:00:00:00"), tmp_path / "df.edl")
    events = record(tmp_path / "df.edl")
    assert [e[2:] for e in events] == [("01:00:00;00", "01:00:03;10"), ("01:00:03;10", "01:00:10;00")]
    assert events[0][:2] == ("00:00:00;00", "00:00:03;10")  # source timecode is the file's own
    # A camera counting non-drop: the EDL does too, and its hour is 108,000 frames.
    ndf = with_start_timecode(cut(metadata={"timecode": "00:00:00:00"}), "01:00:00:00")
    write_edl(ndf, tmp_path / "ndf.edl")
    assert "FCM: NON-DROP FRAME" in (tmp_path / "ndf.edl").read_text()
    assert [e[2] for e in record(tmp_path / "ndf.edl")] == ["01:00:00:00", "01:00:03:10"]
    # A 10 fps capture, written at 30 fps timecode: the hour is still the hour.
    write_edl(with_start_timecode(cut(Fraction(10), 150), "01:00:00:00"), tmp_path / "ten.edl")
    assert [e[2:] for e in record(tmp_path / "ten.edl")] == [("01:00:00:00", "01:00:10:00"), ("01:00:10:00", "01:00:15:00")]


def test_opentimelineio_starts_there_and_comes_back(tmp_path):
    timeline = with_start_timecode(cut(), "01:00:00:00")
    written = tmp_path / "edit.otio"
    write_otio(timeline, written)
    loaded = otio.adapters.read_from_file(str(written))
    assert (loaded.global_start_time.value, loaded.global_start_time.rate) == (107892, pytest.approx(float(NTSC)))
    assert otio.opentime.to_timecode(loaded.global_start_time, float(NTSC), True) == "01:00:00;00"
    assert read_otio(written) == timeline


def test_another_editors_start_is_kept(tmp_path):
    """Resolve's timelines start at 01:00:00:00: read in, vedit's exports start there too."""
    timeline = cut(Fraction(24), 300)
    foreign = otio.adapters.read_from_file(str(_written(timeline, tmp_path)))
    del foreign.metadata["vedit"]
    foreign.global_start_time = otio.opentime.RationalTime(86400, 24)
    otio.adapters.write_to_file(foreign, str(tmp_path / "resolve.otio"))
    read = read_otio(tmp_path / "resolve.otio")
    assert start_timecode(read) == "01:00:00:00" and read.tracks == timeline.tracks


@pytest.mark.parametrize(("frames", "label"), [(108000, "01:00:00:00"), (107892, "01:00:00:00")])
def test_another_editors_hour_at_2997_is_the_hour_however_it_counted(tmp_path, frames, label):
    """OTIO gives the start as a frame count: 108000 is 01:00:00:00 non-drop (Resolve's usual
    counting), 107892 is 01:00:00;00 drop-frame. Both are the programme's hour, not 3 s 18 f
    late or 3 s 12 f early."""
    foreign = otio.adapters.read_from_file(str(_written(cut(NTSC, 300), tmp_path)))
    del foreign.metadata["vedit"]
    foreign.global_start_time = otio.opentime.RationalTime(frames, float(NTSC))
    otio.adapters.write_to_file(foreign, str(tmp_path / "resolve.otio"))
    assert start_timecode(read_otio(tmp_path / "resolve.otio")) == label


def _written(timeline: Timeline, tmp_path):
    path = tmp_path / "vedit.otio"
    write_otio(timeline, path)
    return path


def test_a_final_cut_pro_xml_sequence_starts_there(tmp_path):
    write_fcp_xml(with_start_timecode(cut(), "01:00:00:00"), tmp_path / "edit.xml")
    sequence = ET.parse(tmp_path / "edit.xml").getroot().find("sequence")
    timecode = sequence.find("timecode")
    assert (timecode.findtext("string"), timecode.findtext("frame"), timecode.findtext("displayformat")) == \
        ("01:00:00;00", "107892", "DF")
    # Clip items count from the sequence's first frame, whatever its timecode.
    assert [item.findtext("start") for item in sequence.iter("clipitem")][:2] == ["0", "100"]


def test_the_editor_sets_it_in_one_step_and_reads_frames_as_the_edl_records_them(tmp_path):
    history = History(cut())
    history.apply(SetStartTimecode("01:00:00:00"))
    assert history.undo_description == "Set Start Timecode to 01:00:00:00"
    with pytest.raises(EditError, match="out of range"):
        history.apply(SetStartTimecode("01:00:00:30"))
    timeline = history.timeline
    write_edl(timeline, tmp_path / "df.edl")
    assert [timeline_timecode(timeline, frame) for frame in (0, 100)] == [e[2] for e in record(tmp_path / "df.edl")]
    # Sources counting non-drop: the editor reads non-drop, as the EDL records.
    ndf = with_start_timecode(cut(metadata={"timecode": "00:00:00:00"}), "01:00:00:00")
    write_edl(ndf, tmp_path / "ndf.edl")
    assert [timeline_timecode(ndf, frame) for frame in (0, 100)] == [e[2] for e in record(tmp_path / "ndf.edl")]
    history.undo()
    assert timeline_timecode(history.timeline, 100) == "00:00:03;10"
