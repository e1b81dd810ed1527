"""Project files damaged, hand-edited or merged in ways JSON allows: each either opens as the
edit it holds or is refused with a sentence that names the file and the place."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from vedit_gui.project import load_project, save_project
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
