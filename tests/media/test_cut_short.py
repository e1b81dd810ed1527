"""Files cut off part-way (an interrupted copy or recording): the probe counts the frames that
are there, ends the picture cleanly, and says the file is cut short; every counted frame reads
back as itself."""

from __future__ import annotations

from pathlib import Path

import av
import pytest
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


def faststart(path: Path) -> Path:
    """``path`` remuxed with its index first, as cameras and web exports write MP4: a cut copy
    keeps the index of every frame, though the last ones are gone."""
    out = path.with_name(f"faststart-{path.name}")
    with av.open(str(path)) as src, av.open(str(out), "w", options={"movflags": "+faststart"}) as dst:
        streams = {s.index: dst.add_stream_from_template(s) for s in src.streams}
        for packet in src.demux():
            if packet.dts is not None:
                packet.stream = streams[packet.stream.index]
                dst.mux(packet)
    return out


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
