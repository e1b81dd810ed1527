"""Scrub copies: a small copy of a source in which every frame is a keyframe, so any frame
decodes alone and the playhead can be dragged frame-exact (what editors call proxies or
optimised media).

A long-GOP camera file decodes a random frame only from the keyframe before it: 50–100 ms at
1080p here, so a drag shows nearby keyframes instead of the frames under the hand. The copy is
made once, in the background: the source's own frame grid (a variable-frame-rate source's
too), turned upright, at most 960 pixels wide, H.264 with every frame intra-coded. It lives in
vedit's cache under the source's fingerprint, so renaming or moving the source keeps it and
editing the source makes a new one. The render never uses it; only a drag does, and the exact
frame is read from the source when the drag ends.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av

from .decode import FrameReader
from .errors import MediaError
from .fingerprint import cache_root, content_hash
from .probe import probe
from .ycbcr import BT709, untagged_writing

MAX_WIDTH = 960
# Quality of the copy: a drag's picture, not a render's (about 1 MB a second at 960×540).
_CRF = "26"
# In the file name: copies made by an earlier way of making them are not found, and are remade
# (3: interlaced footage is made progressive, so a drag shows what a paused frame shows).
_VERSION = 3


class ProxyCancelled(Exception):
    """Making the scrub copy was cancelled (nothing is left behind)."""


def proxy_dir() -> Path:
    return cache_root() / "scrub"


def proxy_path(source: str | Path, rate: Fraction | None = None) -> Path:
    """Where the scrub copy of ``source`` on its grid at ``rate`` is (or would be): a
    variable-rate file has one per grid it is edited on, named by it (see ``FrameReader``)."""
    video = probe(source, rate).video
    grid = f"-grid{video.rate.numerator}_{video.rate.denominator}" if video and video.variable_frame_rate else ""
    return proxy_dir() / f"{content_hash(Path(source))}{grid}-v{_VERSION}.mp4"


def proxy_size(width: int, height: int) -> tuple[int, int]:
    """The copy's picture size: the source's, at most ``MAX_WIDTH`` wide, even."""
    if width > MAX_WIDTH:
        width, height = MAX_WIDTH, round(height * MAX_WIDTH / width)
    return max(2, width - width % 2), max(2, height - height % 2)


def made_proxies() -> list[Path]:
    """Every scrub copy in the cache (of any footage)."""
    folder = proxy_dir()
    return sorted(p for p in folder.glob("*.mp4") if not p.name.startswith(".")) if folder.is_dir() else []


def delete_proxies() -> int:
    """Delete every scrub copy in the cache, and what a crash left half-made; returns how many
    bytes that freed."""
    freed = 0
    folder = proxy_dir()
    for path in (sorted(folder.glob("*.mp4")) if folder.is_dir() else []):
        try:
            size = path.stat().st_size
            path.unlink()
            freed += size
        except OSError:
            continue  # gone already, or not ours to delete: the rest still go
    return freed


def find_proxy(source: str | Path, frame_count: int, rate: Fraction | None = None) -> Path | None:
    """The scrub copy of ``source`` (on its grid at ``rate``) if one is made and holds
    ``frame_count`` frames."""
    try:
        path = proxy_path(source, rate)
    except (OSError, MediaError):
        return None
    if not path.is_file():
        return None
    try:
        with FrameReader(path) as reader:
            return path if reader.frame_count == frame_count else None
    except MediaError:
        return None


def make_proxy(
    source: str | Path, progress: Callable[[float], None], cancel: threading.Event, rate: Fraction | None = None
) -> Path:
    """Make the scrub copy of ``source`` on its grid at ``rate`` (or find it made) and return
    its path. Written to a temporary file and renamed, so a cancel or a full disk leaves
    nothing half-made."""
    with FrameReader(source, rate=rate) as probe_reader:
        count = probe_reader.frame_count
        display = probe_reader.size
    made = find_proxy(source, count, rate)
    if made is not None:
        progress(1.0)
        return made
    out = proxy_path(source, rate)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.{os.getpid()}.{secrets.token_hex(4)}.partial.mp4")
    width, height = proxy_size(*display)
    # Written in the matrix a reader takes for an untagged picture of this size, and tagged
    # so where that is BT.709: read back, the copy has the footage's colours.
    matrix, tag = untagged_writing((width, height))
    colorspace = "itu709" if matrix is BT709 else "itu601"
    try:
        with FrameReader(source, size=(width, height), rate=rate) as reader, av.open(str(tmp), "w") as container:
            copy_rate = Fraction(reader.rate)  # the grid's: one copy frame per grid frame
            stream = container.add_stream("libx264", rate=copy_rate)
            stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
            stream.time_base = 1 / copy_rate
            stream.options = {"preset": "ultrafast", "crf": _CRF, "g": "1", "keyint": "1", "bframes": "0"}
            if tag is not None:
                stream.codec_context.colorspace = tag
                stream.codec_context.color_range = 1  # AVColorRange MPEG (limited)
            for n, (_, picture) in enumerate(reader.frames()):
                if cancel.is_set():
                    raise ProxyCancelled
                frame = av.VideoFrame.from_ndarray(picture, format="rgb24").reformat(
                    format="yuv420p", dst_colorspace=colorspace)
                frame.pts = n
                container.mux(stream.encode(frame))
                if n % 30 == 0:
                    progress(n / count)
            container.mux(stream.encode(None))
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    progress(1.0)
    return out


__all__ = ["MAX_WIDTH", "ProxyCancelled", "delete_proxies", "find_proxy", "made_proxies", "make_proxy", "proxy_path",
           "proxy_size"]
