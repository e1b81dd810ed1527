from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vedit_gui.timeline import (
    FrameRange,
    format_rate,
    frame_to_timecode,
    parse_rate,
    rescale,
    seconds_to_frame,
    timecode_to_frame,
)

NTSC = Fraction(30000, 1001)
NTSC60 = Fraction(60000, 1001)


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("30000/1001", NTSC),
        ("29.97", NTSC),
        (29.97002997002997, NTSC),
        ("23.976", Fraction(24000, 1001)),
        ("25", Fraction(25)),
        (24, Fraction(24)),
        ("59.94", NTSC60),
    ],
    ids=lambda v: str(v),
)
def test_parse_rate_is_exact(text, rate):
    assert parse_rate(text) == rate


def test_parse_rate_rejects_nonsense():
    for bad in ("0", "-25", "nan", "inf"):
        with pytest.raises(ValueError):
            parse_rate(bad)


def test_format_rate_round_trips():
    assert format_rate(NTSC) == "30000/1001"
    assert format_rate(Fraction(25)) == "25"
    assert parse_rate(format_rate(NTSC)) == NTSC


def test_frame_range_vocabulary():
    r = FrameRange(10, 5)
    assert (r.end_exclusive, r.end_inclusive) == (15, 14)
    assert r.contains(10) and r.contains(14) and not r.contains(15)
    assert r.intersection(FrameRange(12, 10)) == FrameRange(12, 3)
    assert r.intersection(FrameRange(15, 3)) is None
    assert list(FrameRange(3, 2)) == [3, 4]
    with pytest.raises(ValueError):
        FrameRange(0, -1)
    with pytest.raises(TypeError):
        FrameRange(0.5, 1)  # type: ignore[arg-type]


def test_seconds_to_frame_tolerates_container_float_noise():
    assert seconds_to_frame(Fraction(1001, 30000) * 100, NTSC) == 100
    assert seconds_to_frame(100 * 1001 / 30000 - 1e-9, NTSC) == 100
    assert seconds_to_frame(Fraction(1, 2) / 25, 25) == 0


def test_rescale():
    assert rescale(250, Fraction(25), Fraction(50)) == 500
    assert rescale(300, NTSC, NTSC) == 300


@pytest.mark.parametrize(
    ("frame", "rate", "timecode"),
    [
        (0, Fraction(25), "00:00:00:00"),
        (90_000, Fraction(25), "01:00:00:00"),
        (1799, NTSC, "00:00:59;29"),
        (1800, NTSC, "00:01:00;02"),  # ;00 and ;01 are dropped at the minute
        (17982, NTSC, "00:10:00;00"),  # ...but not at each tenth minute
        (107892, NTSC, "01:00:00;00"),  # an hour of drop-frame is 107892 frames
        (3600, NTSC60, "00:01:00;04"),
        (86400, Fraction(24000, 1001), "01:00:00:00"),  # 23.976 has no drop-frame
    ],
    ids=lambda v: str(v),
)
def test_timecode_table(frame, rate, timecode):
    assert frame_to_timecode(frame, rate) == timecode
    assert timecode_to_frame(timecode, rate) == frame


@given(st.integers(min_value=0, max_value=10 * 3600 * 60), st.sampled_from([NTSC, NTSC60, Fraction(25), Fraction(24000, 1001)]))
def test_timecode_round_trips(frame, rate):
    assert timecode_to_frame(frame_to_timecode(frame, rate), rate) == frame


def test_drop_frame_timecodes_are_contiguous():
    seen = [frame_to_timecode(f, NTSC) for f in range(1795, 1805)]
    assert "00:01:00;00" not in seen and "00:01:00;01" not in seen
    assert seen[4:6] == ["00:00:59;29", "00:01:00;02"]


def test_bad_timecodes():
    for bad in ("nope", "00:00:60:00", "00:00:00:30", "00:01:00;00"):
        with pytest.raises(ValueError):
            timecode_to_frame(bad, NTSC)
    with pytest.raises(ValueError):
        timecode_to_frame("00:00:01;00", Fraction(25))


@pytest.mark.parametrize("rate", [Fraction(1, 2), Fraction(1, 600), Fraction(2, 3)], ids=str)
def test_timecode_below_a_frame_a_second_counts_one_frame_a_second(rate):
    # A slideshow or time-lapse: timecode cannot count fewer than one frame a second.
    assert frame_to_timecode(0, rate) == "00:00:00:00"
    assert frame_to_timecode(61, rate) == "00:01:01:00"
    assert timecode_to_frame("00:01:01:00", rate) == 61
