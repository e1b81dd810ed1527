"""Streams whose first packet changes how the rest decodes: random access must still give the
pictures of a decode from the start.

FFmpeg's H.264 decoder reads x264's version from an SEI in the first packet and, for builds
before 151, predicts lossless 4:4:4 pictures as those builds did. The files here are made
with today's x264 and say they come from build 150, so a decoder that skipped the first
packet (as a plain seek does) shows other pixels from the second GOP on.
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from vedit_gui.media import FrameReader
from vedit_gui.media.thumbnails import thumbnails

FRAMES, GOP = 30, 10
X264_SEI_UUID = bytes.fromhex("dc45e9bde6d948b7962cd820d923eeef")


def _lossless_444(path: Path) -> None:
    """Vertical stripes with a few noisy rows: x264 codes them with 8×8 vertical prediction,
    where the old builds' prediction differs."""
    rng = np.random.default_rng(1)
    height, width = 48, 64
    base = np.repeat(rng.integers(0, 255, (1, 2 * width, 3), dtype=np.uint8), 2 * height, axis=0)
    base[::7] = rng.integers(0, 255, base[::7].shape, dtype=np.uint8)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv444p"
        stream.codec_context.profile = "High 4:4:4 Predictive"
        stream.codec_context.options = {
            "qp": "0", "g": str(GOP), "keyint_min": str(GOP), "sc_threshold": "0",
            "bframes": "0", "x264-params": "8x8dct=1:partitions=all",
        }
        for i in range(FRAMES):
            picture = np.ascontiguousarray(base[i % height : i % height + height, i : i + width])
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24").reformat(format="yuv444p")
            frame.pts = i
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


def _x264_version_sei(build: int) -> bytes:
    payload = X264_SEI_UUID + f"x264 - core {build} - H.264/MPEG-4 AVC codec".encode() + b"\0"
    nal = bytes([6, 5, len(payload)]) + payload + b"\x80"  # SEI: user data unregistered
    return len(nal).to_bytes(4, "big") + nal


def _with_version(source: Path, path: Path, build: int) -> None:
    """``source`` remuxed with its first packet's SEI replaced by one naming x264 ``build``."""
    with av.open(str(source)) as src, av.open(str(path), "w") as dst:
        src_stream = src.streams.video[0]
        dst_stream = dst.add_stream_from_template(src_stream)
        first = True
        for packet in src.demux(src_stream):
            if not packet.size:
                continue
            data = bytes(packet)
            if first:
                nals, at = [], 0
                while at < len(data):
                    size = int.from_bytes(data[at : at + 4], "big")
                    if data[at + 4] & 0x1F != 6:
                        nals.append(data[at : at + 4 + size])
                    at += 4 + size
                data, first = _x264_version_sei(build) + b"".join(nals), False
            out = av.Packet(data)
            out.pts, out.dts, out.is_keyframe = packet.pts, packet.dts, packet.is_keyframe
            out.time_base, out.stream = packet.time_base, dst_stream
            dst.mux(out)


def _sequential(path: Path, size: tuple[int, int] | None = None) -> list[np.ndarray]:
    with FrameReader(path, size=size) as reader:
        return [frame for _, frame in reader.frames()]


@pytest.fixture(scope="module")
def old_x264_clip(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("old-x264")
    _lossless_444(folder / "today.mp4")
    _with_version(folder / "today.mp4", folder / "old.mp4", build=150)
    # The premise: the version note changes the pictures of a decode from the start.
    today, old = _sequential(folder / "today.mp4"), _sequential(folder / "old.mp4")
    assert any(not np.array_equal(a, b) for a, b in zip(today[GOP:], old[GOP:], strict=True))
    return folder / "old.mp4"


@pytest.mark.parametrize("threads", [0, 1, 2])
def test_a_jump_decodes_as_a_decode_from_the_start(old_x264_clip, threads):
    expected = _sequential(old_x264_clip)
    for frame_no in (GOP + 3, 2 * GOP + 5, GOP):
        with FrameReader(old_x264_clip, threads=threads) as reader:
            np.testing.assert_array_equal(reader.read(frame_no), expected[frame_no])
    with FrameReader(old_x264_clip, threads=threads) as reader:
        for frame_no in (2 * GOP + 2, GOP + 4, 3):
            np.testing.assert_array_equal(reader.read(frame_no), expected[frame_no])


def test_thumbnails_show_the_pictures_of_a_decode_from_the_start(old_x264_clip):
    (frame_no, picture), = thumbnails(old_x264_clip, 1, 48)
    assert frame_no == GOP
    np.testing.assert_array_equal(picture, _sequential(old_x264_clip, size=(64, 48))[frame_no])
