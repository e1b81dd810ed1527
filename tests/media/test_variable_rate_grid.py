"""A variable-rate file counted on the grid of the edit it is in: each grid frame is the
source frame on screen at its time, sampled once (not the average-rate grid's frame under
it, a second sampling that showed pictures up to 88 ms late and never showed some)."""

from __future__ import annotations

from fractions import Fraction
from itertools import accumulate

import numpy as np
from mediagen import make_video, read_index

from vedit_gui.media import FrameReader, probe
from vedit_gui.media.lowres import iter_decoded_frames
from vedit_gui.media.probe import probe_with_index

DURATIONS_MS = (20, 40, 33, 60)  # as tests/media/conftest.py's vfr_clip holds its frames
STARTS_MS = [0, *accumulate(DURATIONS_MS[i % 4] for i in range(47))]


def on_screen(ms: Fraction) -> int:
    """The source frame on screen at ``ms``: the last whose time is not after it."""
    return max(k for k, start in enumerate(STARTS_MS) if start <= ms)


def test_a_reader_on_the_edits_grid_shows_the_frame_on_screen_at_each_frames_time(vfr_clip):
    with FrameReader(vfr_clip, rate=Fraction(25)) as reader:
        assert (reader.rate, reader.frame_count) == (25, 45)
        shown = [read_index(reader.read(i)) for i in range(reader.frame_count)]
        walked = [read_index(picture) for _, picture in reader.frames()]
    assert shown == walked == [on_screen(Fraction(40 * i)) for i in range(45)]
    # No source frame that is on screen at an edit frame's time is left out.
    assert {on_screen(Fraction(40 * i)) for i in range(45)} <= set(shown)


def test_the_probe_counts_the_grid_it_is_asked_for_and_keeps_the_average_one(vfr_clip):
    average, grid = probe(vfr_clip), probe(vfr_clip, Fraction(25))
    assert average.video.rate == Fraction(1323, 50) and average.video.frame_count == 48
    assert (grid.video.rate, grid.video.frame_count, grid.duration) == (25, 45, Fraction(45, 25))
    assert grid.video.variable_frame_rate
    # The default, and the average rate asked by name, are the one scan's own grid.
    assert probe_with_index(vfr_clip, average.video.rate) is probe_with_index(vfr_clip)


def test_analysis_decode_counts_the_same_grid_frames_as_the_reader(vfr_clip):
    with FrameReader(vfr_clip, rate=Fraction(25)) as reader:
        expected = [read_index(reader.read(i)) for i in range(reader.frame_count)]
    decoded = [read_index(f.to_ndarray(format="rgb24")) for f in iter_decoded_frames(vfr_clip, rate=Fraction(25))]
    assert decoded == expected
    # Without a grid it still gives each picture of the file once (what evaluation counts).
    assert [read_index(f.to_ndarray(format="rgb24")) for f in iter_decoded_frames(vfr_clip)] == list(range(48))


def test_a_constant_rate_file_ignores_the_grid_asked_for(tmp_path):
    path = make_video(tmp_path / "cfr.mp4", 12, audio=False, rate=Fraction(30)).path
    assert probe_with_index(path, Fraction(25)) is probe_with_index(path)
    with FrameReader(path) as plain, FrameReader(path, rate=Fraction(25)) as asked:
        assert asked.rate == plain.rate == 30 and asked.frame_count == plain.frame_count == 12
        for i in (0, 5, 11):
            assert np.array_equal(asked.read(i), plain.read(i))
    assert len(list(iter_decoded_frames(path, rate=Fraction(25)))) == 12
