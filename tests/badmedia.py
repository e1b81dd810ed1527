"""A corpus of awkward and broken media files, generated on demand.

Every layer that opens user files (probe, decode, render) runs over this corpus: each file
must either work or fail with a readable ``MediaError`` — never crash, never hang.
"""

from __future__ import annotations

import random
from pathlib import Path

import av
from mediagen import make_audio_only, make_video


def make_corpus(folder: Path | str) -> dict[str, Path]:
    """Write the corpus into ``folder`` (created if needed); returns name -> path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    corpus: dict[str, Path] = {}

    zero = folder / "zero_bytes.mp4"
    zero.write_bytes(b"")
    corpus["zero_bytes"] = zero

    text = folder / "text_named.mp4"
    text.write_text("This is a shopping list, not a video.\nmilk\neggs\n")
    corpus["text_named_mp4"] = text

    # Matroska keeps its frames readable when the tail is cut; the cut lands mid-GOP.
    whole = make_video(folder / "whole.mkv", 90, gop=60).path
    data = whole.read_bytes()
    truncated = folder / "truncated_mid_gop.mkv"
    truncated.write_bytes(data[: len(data) * 3 // 4])
    whole.unlink()
    corpus["truncated_mid_gop"] = truncated

    # Bytes overwritten with noise over the last third: the demuxer meets garbage mid-stream.
    whole = make_video(folder / "whole.mkv", 90, gop=30).path
    data = bytearray(whole.read_bytes())
    start = len(data) * 2 // 3
    data[start:] = random.Random(90).randbytes(len(data) - start)
    garbage = folder / "garbage_tail.mkv"
    garbage.write_bytes(bytes(data))
    whole.unlink()
    corpus["garbage_tail"] = garbage

    # MP4 writes its index last: cutting the tail loses it, and with it the whole file.
    whole_mp4 = make_video(folder / "whole.mp4", 30).path
    data = whole_mp4.read_bytes()
    truncated_mp4 = folder / "truncated_index.mp4"
    truncated_mp4.write_bytes(data[: len(data) // 2])
    whole_mp4.unlink()
    corpus["truncated_mp4_index"] = truncated_mp4

    corpus["audio_only"] = make_audio_only(folder / "audio_only.m4a", seconds=1.0)
    corpus["no_audio"] = make_video(folder / "no_audio.mp4", 20, audio=False).path
    # 4:2:0 needs even sizes in x264; 4:4:4 takes any size down to one pixel.
    corpus["one_pixel"] = make_video(
        folder / "one_pixel.mp4", 3, width=1, height=1, pix_fmt="yuv444p"
    ).path
    corpus["odd_1281x721"] = make_video(
        folder / "odd_1281x721.mp4", 3, width=1281, height=721, codec="mpeg4"
    ).path
    corpus["rotated_90"] = make_video(folder / "rotated_90.mp4", 10, rotation=90).path
    corpus["uhd_3840x2160"] = make_video(
        folder / "uhd_3840x2160.mp4", 2, width=3840, height=2160, audio=False
    ).path
    return corpus


def damage_packets(source: Path | str, out: Path | str, kind: str, start: float, end: float, seed: int = 7) -> Path:
    """A copy of ``source`` with the bytes of its ``kind`` ("video" or "audio") packets whose
    time lies in seconds [start, end) replaced by noise: a file damaged in the middle (a bad
    sector, a bad copy), whose container still says where every packet is."""
    source, out = Path(source), Path(out)
    spans = []
    with av.open(str(source)) as container:
        stream = getattr(container.streams, kind)[0]
        for packet in container.demux(stream):
            timed = packet.pts is not None and packet.pos is not None and packet.size
            if timed and start <= float(packet.pts * stream.time_base) < end:
                spans.append((packet.pos, packet.size))
    assert spans, f"no {kind} packets between {start} and {end} s"
    data = bytearray(source.read_bytes())
    noise = random.Random(seed)
    for pos, size in spans:
        data[pos : pos + size] = noise.randbytes(size)
    out.write_bytes(bytes(data))
    return out


def faststart(path: Path | str, out: Path | str | None = None) -> Path:
    """``path`` remuxed with its index first (``-movflags +faststart``), as cameras and web
    exports write MP4: a cut copy keeps the index of every frame, though the last ones are gone."""
    path = Path(path)
    out = Path(out) if out is not None else path.with_name(f"faststart-{path.name}")
    with av.open(str(path)) as src, av.open(str(out), "w", options={"movflags": "+faststart"}) as dst:
        streams = {s.index: dst.add_stream_from_template(s) for s in src.streams}
        for packet in src.demux():
            if packet.dts is not None:
                packet.stream = streams[packet.stream.index]
                dst.mux(packet)
    return out
