"""Files cut off part-way (an interrupted copy or recording): the probe counts the frames that
are there, ends the picture cleanly, and says the file is cut short; every counted frame reads
back as itself."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from badmedia import faststart
from mediagen import make_video, read_index

from vedit_gui.media import FrameReader, probe
from vedit_gui.media.probe import cut_short_note

FRAMES = 90


def cut(path: Path, fraction: float) -> Path:
    """A copy of ``path`` holding its first ``fraction`` of bytes."""
    data = path.read_bytes()
    short = path.with_name(f"cut-{path.name}")
    short.write_bytes(data[: int(len(data) * fraction)])
    return short


@pytest.fixture(scope="module")
def whole(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cut-short")
    return {
        # B-frames over long GOPs: the cut loses frames sent ahead of ones shown before them.
        "mkv": make_video(folder / "camera.mkv", FRAMES, gop=60).path,
        "mp4": faststart(make_video(folder / "camera.mp4", FRAMES, gop=12).path),
    }


def read_back(path: Path) -> list[int]:
    with FrameReader(path) as reader:
        return [read_index(frame) for _, frame in reader.frames()]


@pytest.mark.parametrize(("kind", "fraction"), [("mkv", 0.75), ("mkv", 0.95), ("mp4", 0.85), ("mp4", 0.6)])
def test_a_file_cut_short_counts_only_frames_that_read_back_as_themselves(whole, kind, fraction):
    short = cut(whole[kind], fraction)
    info = probe(short)
    assert info.video is not None
    # Not read as variable-rate with a frame repeated where the cut lost one.
    assert not info.video.variable_frame_rate
    count = info.video.frame_count
    assert FRAMES // 2 < count < FRAMES
    assert read_back(short) == list(range(count))


@pytest.mark.parametrize("kind", ["mkv", "mp4"])
def test_a_file_cut_short_is_named_with_where_its_picture_ends(whole, kind):
    short = cut(whole[kind], 0.75)
    info = probe(short)
    assert info.promised_duration is not None and info.promised_duration > info.duration
    last = info.video.frame_count - 1
    note = cut_short_note(info)
    assert note is not None and note.startswith(f"{short.name} is cut short")
    assert f"its picture ends at frame {last} (" in note and f"{float(info.promised_duration):.2f} s" in note


@pytest.mark.parametrize("kind", ["mkv", "mp4"])
def test_a_whole_file_is_not_cut_short(whole, kind):
    info = probe(whole[kind])
    assert info.promised_duration is None and cut_short_note(info) is None
    assert info.video.frame_count == FRAMES


def _box(data: bytes, path: list[str], start: int = 0, end: int | None = None) -> int:
    """Where the box at ``path`` (e.g. moov/trak/edts/elst) starts in an MP4's bytes."""
    end = len(data) if end is None else end
    while start < end:
        size, kind = struct.unpack(">I4s", data[start:start + 8])
        if kind.decode() == path[0]:
            return start if len(path) == 1 else _box(data, path[1:], start + 8, start + size)
        start += size
    raise KeyError(path)


def test_a_whole_file_trimmed_by_its_edit_list_is_not_cut_short(tmp_path):
    """QuickTime Player and Photos trim without re-encoding: an edit list plays the first half
    and the rest of the frames stay in the file, never shown. The file is whole."""
    source = make_video(tmp_path / "whole.mp4", 100, rate=25, bframes=0, audio=False).path
    data = bytearray(source.read_bytes())
    movie, track, edits = (_box(data, p) for p in (["moov", "mvhd"], ["moov", "trak", "tkhd"],
                                                   ["moov", "trak", "edts", "elst"]))
    assert data[movie + 8] == data[track + 8] == data[edits + 8] == 0  # version 0 boxes
    duration = struct.unpack(">I", data[movie + 24:movie + 28])[0]
    segment = struct.unpack(">I", data[edits + 16:edits + 20])[0]
    struct.pack_into(">I", data, edits + 16, segment // 2)
    struct.pack_into(">I", data, movie + 24, duration // 2)
    struct.pack_into(">I", data, track + 28, duration // 2)
    trimmed = tmp_path / "trimmed.mp4"
    trimmed.write_bytes(data)
    info = probe(trimmed)
    assert info.video is not None and info.video.frame_count == 50
    assert info.promised_duration is None and cut_short_note(info) is None


@pytest.mark.parametrize(("kind", "fraction"), [("mkv", 0.75), ("mp4", 0.6)])
def test_cut_analysis_of_a_file_cut_short_is_whole_to_where_it_ends(whole, kind, fraction, tmp_path, monkeypatch):
    """The editor is told the file is cut short when it opens; finding cuts then reads every
    frame it holds, which is all of the source the edit has: no "stopped early" failure, the
    grades follow, and the result is kept like any other."""
    from vedit_gui.analysis import results_cache
    from vedit_gui.analysis.analyze import analyze_cuts

    monkeypatch.setattr(results_cache, "cache_dir", lambda: tmp_path / "cache")
    short = cut(whole[kind], fraction)
    held = probe(short).video.frame_count
    result = analyze_cuts(short)
    assert (result.complete, result.error) == (True, None)
    assert result.frames == len(result.scores) == held
    assert all(t.end < result.frames for t in result.transitions)
    assert analyze_cuts(short).cached
