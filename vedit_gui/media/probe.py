"""What a media file holds: streams, exact rate, exact frame count, orientation, audio layout.

The frame count comes from a packet scan (demuxing only, no decoding), because container
metadata lies. Media time 0 is the presentation time of the first video frame (the first
audio sample when there is no video); audio is read on that same clock, so a file whose
audio starts late stays in sync. Variable-frame-rate video maps onto a constant grid (see
:mod:`.index`), by default at its average rate; asked for another ``rate`` (the edit's, which
its media reference carries), onto a grid at that rate. The grid is what every layer above
counts in.
"""

from __future__ import annotations

import functools
import math
import os
from dataclasses import asdict, dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

from ..timeline import MediaReference, format_rate, frame_to_timecode, readable_rate
from ..timeline.timecode import counts_drop_frame
from .errors import MediaError
from .index import COMMON_RATES, VideoIndex, build_index, on_grid
from .mp4_index import lacks_index
from .ycbcr import UNSPECIFIED_SPACE, VideoMatrix, matrix_for

AUDIO_ONLY_RATE = Fraction(25)
INCOMPLETE_RECORDING = (
    "the recording is incomplete: the file holds pictures and sound but not the index that says "
    "where they are (was the recording interrupted, or the copy stopped early?). If the "
    "camera's card still has the file, copy it again; otherwise a repair tool that rebuilds an "
    "MP4's index from a good file of the same camera can recover it"
)
"""The frame grid given to audio-only files (PAL's 25 fps: whole frames, exact milliseconds)."""


@dataclass(frozen=True)
class VideoInfo:
    codec: str
    width: int
    height: int
    rate: Fraction
    frame_count: int
    rotation: int
    """Degrees (0/90/180/270) a player turns the coded picture clockwise to display it."""
    sample_aspect: Fraction
    display_width: int
    display_height: int
    """Picture size on screen, after the sample aspect ratio and the rotation."""
    variable_frame_rate: bool
    pix_fmt: str
    bit_depth: int
    colorspace: int = 2
    """The first picture's ``AVColorSpace`` tag (its Y'CbCr matrix; 2: untagged, read by the
    picture's size, see :mod:`.ycbcr`)."""
    scan: str = "progressive"
    """"progressive", or "interlaced, top field first" / "… bottom field first", as the first
    picture says: a 1080i camera's fields, which vedit deinterlaces (:mod:`.deinterlace`)."""

    @property
    def matrix(self) -> VideoMatrix | None:
        """The Y'CbCr matrix vedit reads the pictures in (None: one swscale reads)."""
        return matrix_for(self.colorspace, (self.width, self.height))


@dataclass(frozen=True)
class AudioInfo:
    codec: str
    sample_rate: int
    channels: int
    layout: str
    duration: Fraction


@dataclass(frozen=True)
class MediaInfo:
    path: Path
    format_name: str
    duration: Fraction
    """Seconds on the media clock: the video grid's length, or the audio's when there is no video."""
    video: VideoInfo | None
    audio: AudioInfo | None
    start_time: Fraction
    """Seconds in the file's own timestamps at which media time 0 lies."""
    timecode: str | None = None
    """The timecode of its first frame as the camera wrote it (e.g. ``"14:23:10;05"``, drop
    frame with ``;``), or None: an EDL names source frames by it, so a conform finds them."""
    promised_duration: Fraction | None = None
    """The length in seconds the file's header gives where the file holds less of it: a copy or
    recording cut off, whose picture and sound end at ``duration``. None for a whole file."""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (rates as "30000/1001", durations as float seconds too)."""
        return _jsonable(asdict(self))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, Fraction):
        return format_rate(value) if value.denominator != 1 else int(value)
    if isinstance(value, Path):
        return str(value)
    return value


def open_container(path: str | Path) -> av.container.InputContainer:
    """Open ``path`` for reading, or say in plain words why it cannot be."""
    path = Path(path)
    if not path.exists():
        raise MediaError(path, "file not found")
    if not path.is_file():
        raise MediaError(path, "not a file")
    if path.stat().st_size == 0:
        raise MediaError(path, "the file is empty (0 bytes)")
    try:
        # Tags in Latin-1 or Shift-JIS (old cameras, Windows tools, AVI INFO) or with a damaged
        # byte are common, and the footage is fine: read them loosely rather than refuse the file.
        return av.open(str(path), "r", metadata_errors="replace")
    except UnicodeDecodeError as exc:
        raise MediaError(path, "its tags cannot be read as text") from exc
    except av.error.FFmpegError as exc:
        if lacks_index(path):
            raise MediaError(path, INCOMPLETE_RECORDING) from exc
        raise MediaError(path, f"not a readable media file ({exc.strerror or exc})") from exc


def video_stream(container: av.container.InputContainer) -> av.video.stream.VideoStream | None:
    """The main picture stream (cover art attached as a still picture does not count)."""
    for stream in container.streams.video:
        if not (stream.disposition & av.stream.Disposition.attached_pic):
            return stream
    return None


def audio_stream(container: av.container.InputContainer) -> av.audio.stream.AudioStream | None:
    return container.streams.audio[0] if container.streams.audio else None


def probe(path: str | Path, rate: Fraction | None = None) -> MediaInfo:
    """Describe the file at ``path``; raises :class:`MediaError` for anything unusable.

    ``rate``: the grid a variable-rate picture is counted on (a media reference's rate);
    None, or a constant-rate file, gives the file's own."""
    return probe_with_index(path, rate)[0]


def probe_with_index(path: str | Path, rate: Fraction | None = None) -> tuple[MediaInfo, VideoIndex | None]:
    """:func:`probe` plus the video frame index the same packet scan yields (for decoding).

    Results are remembered per file version (path, size, modification time), so opening a
    reader per thread on a two-hour file scans its packets once; each grid a variable-rate
    file is asked on is made from that one scan, and remembered apart.
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        stat = None
    if stat is None or not path.is_file():
        return _on_grid(*_probe_uncached(path), rate)
    found = _probe_cached(path, stat.st_size, stat.st_mtime_ns)
    if rate is None or found[1] is None or not found[1].variable_frame_rate or rate == found[1].rate:
        return found
    return _regridded(path, stat.st_size, stat.st_mtime_ns, rate)


@functools.lru_cache(maxsize=32)
def _probe_cached(path: Path, size: int, mtime_ns: int) -> tuple[MediaInfo, VideoIndex | None]:
    return _probe_uncached(path)


@functools.lru_cache(maxsize=16)
def _regridded(path: Path, size: int, mtime_ns: int, rate: Fraction) -> tuple[MediaInfo, VideoIndex | None]:
    return _on_grid(*_probe_cached(path, size, mtime_ns), rate)


def _on_grid(info: MediaInfo, index: VideoIndex | None, rate: Fraction | None) -> tuple[MediaInfo, VideoIndex | None]:
    """``info`` and ``index`` counted on a grid at ``rate`` (see :func:`.index.on_grid`)."""
    if rate is None or index is None or info.video is None:
        return info, index
    grid = on_grid(index, rate)
    if grid is index:
        return info, index
    video = replace(info.video, rate=grid.rate, frame_count=grid.frame_count)
    return replace(info, video=video, duration=Fraction(grid.frame_count) / grid.rate), grid


def _probe_uncached(path: Path) -> tuple[MediaInfo, VideoIndex | None]:
    with open_container(path) as container:
        vstream = video_stream(container)
        astream = audio_stream(container)
        if vstream is None and astream is None:
            raise MediaError(path, "the file has no video or audio streams")
        try:
            scan = _scan_packets(container, vstream, astream)
        except av.error.FFmpegError as exc:
            raise MediaError(path, f"the file is damaged and cannot be read ({exc})") from exc
        index = None
        video = None
        if vstream is not None and not scan.video_pts:
            if astream is None or not scan.audio_pts:
                raise MediaError(path, "the video stream holds no frames")
            vstream = None
        promised = _promised_duration(container, vstream, astream, scan)
        if vstream is not None:
            index = build_index(
                scan.video_pts, scan.keyframe_pts, vstream.time_base, _nominal_rate(vstream),
                cut_short=promised is not None or scan.cut_off,
            )
            video = _video_info(path, vstream, index)
        audio = _audio_info(astream, scan) if astream is not None and scan.audio_pts else None
        if video is None and audio is None:
            raise MediaError(path, "the file holds no decodable frames or sound")
        if video is not None and index is not None:
            start = index.first_pts * index.time_base
            duration = Fraction(video.frame_count) / video.rate
        else:
            assert audio is not None and astream is not None
            start = _sound_start(astream, min(scan.audio_pts))
            duration = audio.duration
        info = MediaInfo(path, container.format.name, duration, video, audio, start,
                         timecode=_start_timecode(container), promised_duration=promised)
    return info, index


@dataclass
class _Scan:
    video_pts: list[int]
    keyframe_pts: list[int]
    audio_pts: list[int]
    audio_end: int
    video_end: int = 0
    cut_off: bool = False
    """The last video packets were cut off part-way (left out of ``video_pts``)."""


def _scan_packets(container, vstream, astream) -> _Scan:
    """One demux pass: every video packet's time and keyframe flag, and the audio's extent."""
    scan = _Scan([], [], [], 0)
    streams = [s for s in (vstream, astream) if s is not None]
    corrupt_run = 0  # video packets at the end so far that are flagged damaged
    for packet in container.demux(streams):
        if packet.size == 0 or packet.is_discard:
            continue
        pts = packet.pts if packet.pts is not None else packet.dts
        if packet.stream is vstream:
            if pts is None:
                # Raw streams without timestamps: frames follow each other one tick apart.
                pts = scan.video_pts[-1] + 1 if scan.video_pts else 0
            scan.video_pts.append(pts)
            scan.video_end = max(scan.video_end, pts + (packet.duration or 0))
            if packet.is_keyframe:
                scan.keyframe_pts.append(pts)
            corrupt_run = corrupt_run + 1 if packet.is_corrupt else 0
        elif pts is not None:
            if not scan.audio_pts:
                scan.audio_pts.append(pts)
            scan.audio_end = max(scan.audio_end, pts + (packet.duration or 0))
    if corrupt_run:
        # A file cut off mid-packet: the demuxer hands over what is left of the last packets,
        # flagged damaged. They decode to nothing (and can cost the frames before them).
        dropped = set(scan.video_pts[-corrupt_run:])
        del scan.video_pts[-corrupt_run:]
        scan.keyframe_pts = [pts for pts in scan.keyframe_pts if pts not in dropped]
        scan.cut_off = True
    return scan


def _start_timecode(container: av.container.InputContainer) -> str | None:
    """The first frame's timecode: a QuickTime/MP4 timecode track, the picture stream's tag
    or the file's (Matroska, MXF), where it reads as one."""
    tagged = [stream.metadata for stream in container.streams] + [container.metadata]
    for tags in tagged:
        for key, value in tags.items():
            if key.lower() == "timecode" and counts_drop_frame(value) is not None:
                return value.strip()
    return None


_HEADER_LENGTH_FORMATS = ("matroska", "mov", "avi")
"""Containers whose header, written when the file is finished, says how long it is (others'
lengths are estimates)."""


def _promised_duration(container, vstream, astream, scan: _Scan) -> Fraction | None:
    """The length the header gives where the file holds less (see ``MediaInfo``), else None."""
    if not container.duration or not container.format.name.startswith(_HEADER_LENGTH_FORMATS):
        return None
    promised = Fraction(container.duration, av.time_base)
    # Not the header's frame count (MP4, MOV, AVI): an edit list that plays part of the file
    # (a QuickTime trim passed through) leaves frames counted that are never shown.
    ends = []
    if vstream is not None and scan.video_pts:
        ends.append(scan.video_end * vstream.time_base)
    if astream is not None and scan.audio_pts:
        ends.append(scan.audio_end * astream.time_base)
    if not ends:
        return None
    found = max(ends) - Fraction(container.start_time or 0, av.time_base)
    rate = (_nominal_rate(vstream) if vstream is not None else None) or AUDIO_ONLY_RATE
    # Packets without durations end a frame early; a header length may round up.
    return promised if promised - found > max(Fraction(1, 20), 2 / rate) else None


def cut_short_note(info: MediaInfo) -> str | None:
    """What the editor is told about a file cut short: which file, where its picture (or sound)
    ends, and how long it should be; None for a whole file."""
    if info.promised_duration is None:
        return None
    if info.video is not None:
        last = info.video.frame_count - 1
        end = f"its picture ends at frame {last} ({frame_to_timecode(last, info.video.rate)})"
    else:
        end = f"its sound ends at {float(info.duration):.2f} s"
    return (f"{info.path.name} is cut short: {end}, {float(info.duration):.2f} s into the "
            f"{float(info.promised_duration):.2f} s its header gives (a copy or recording that "
            "was interrupted?)")


_EDIT_RATES = tuple(Fraction(r) for r in (24, 25, 30, 50, 60))
"""The rates a new edit of a variable-rate source may run at: the ones phones and cameras
record at nominally."""


def edit_rate(info: MediaInfo) -> Fraction:
    """The rate a new edit made of ``info`` runs at: the source's own; for variable-rate
    video, its grid rate when that is a common one, else the editing rate nearest its average
    (a phone clip averaging 26.5 fps edits at 25, as editors conform it). Its timecode and
    its export then count whole frames a second; the source is counted on a grid at that
    rate (``probe(path, rate)``), so each frame is the picture on screen at its time."""
    if info.video is None:
        return AUDIO_ONLY_RATE
    rate = info.video.rate
    if not info.video.variable_frame_rate or rate in COMMON_RATES or rate > 62:
        return rate
    return min(_EDIT_RATES, key=lambda candidate: abs(math.log(rate / candidate)))


def variable_rate_note(info: MediaInfo) -> str | None:
    """What the editor is told on opening a variable-rate source as a new edit; None else."""
    if info.video is None or not info.video.variable_frame_rate:
        return None
    rate = edit_rate(info)
    if rate == info.video.rate:
        return f"{info.path.name} has a variable frame rate: the edit runs at {readable_rate(rate)} fps"
    return (f"{info.path.name} has a variable frame rate ({readable_rate(info.video.rate)} fps on average): "
            f"the edit runs at {readable_rate(rate)} fps, each frame showing the picture on screen at its time")




def _nominal_rate(stream) -> Fraction | None:
    for rate in (stream.base_rate, stream.average_rate, stream.guessed_rate):
        if rate and rate > 0 and rate < 1000:
            return Fraction(rate)
    return None


def _first_picture(path: Path, stream_index: int) -> av.VideoFrame:
    """Decode the first picture: proves the stream decodes, and tells what a stream's header
    may not (PyAV gives the display matrix and the colour tags on frames)."""
    with open_container(path) as container:
        stream = container.streams[stream_index]
        stream.thread_type = "AUTO"
        try:
            for packet in container.demux(stream):
                for frame in packet.decode():
                    return frame
        except av.error.FFmpegError as exc:
            raise MediaError(path, f"the video cannot be decoded ({exc})") from exc
    raise MediaError(path, "the video stream holds no decodable picture")


def _video_info(path: Path, stream, index: VideoIndex) -> VideoInfo:
    ctx = stream.codec_context
    width, height = ctx.width, ctx.height
    if not width or not height:
        raise MediaError(path, "the video stream has no picture size")
    sar = stream.sample_aspect_ratio or ctx.sample_aspect_ratio
    sample_aspect = Fraction(sar) if sar and sar > 0 else Fraction(1)
    first = _first_picture(path, stream.index)
    # The display matrix turns counter-clockwise, in [-180, 180]; players say clockwise.
    rotation = (-int(first.rotation)) % 360
    display_w, display_h = max(1, round(width * sample_aspect)), height
    if rotation in (90, 270):
        display_w, display_h = display_h, display_w
    pix_fmt = ctx.pix_fmt or ""
    return VideoInfo(
        codec=ctx.name,
        width=width,
        height=height,
        rate=index.rate,
        frame_count=index.frame_count,
        rotation=rotation,
        sample_aspect=sample_aspect,
        display_width=display_w,
        display_height=display_h,
        variable_frame_rate=index.variable_frame_rate,
        pix_fmt=pix_fmt,
        bit_depth=_bit_depth(pix_fmt),
        colorspace=int(first.colorspace or UNSPECIFIED_SPACE),
        scan=_scan(first, int(ctx.field_order or 0)),
    )


# FFmpeg's AVFieldOrder, by the field shown first: TT and BT (bottom coded first) show the
# top field first; BB and TB the bottom one.
_BOTTOM_SHOWN_FIRST = frozenset({3, 4})


def _scan(frame: av.VideoFrame, field_order: int) -> str:
    if not frame.interlaced_frame:
        return "progressive"
    return f"interlaced, {'bottom' if field_order in _BOTTOM_SHOWN_FIRST else 'top'} field first"


def _bit_depth(pix_fmt: str) -> int:
    try:
        return max(c.bits for c in av.VideoFormat(pix_fmt).components)
    except (ValueError, TypeError):
        return 8


def _sound_start(stream, first_packet: int) -> Fraction:
    """Media time zero of a sound-only file: where its first decoded sample plays. That is the
    stream's start time where the demuxer sets one: after an MP3's encoder delay (LAME's
    1105 samples, which the decoder drops), and at 0 for Opus, whose first packets carry
    the pre-skip before it. The first packet's time put all the sound 23-25 ms (MP3) or
    6.5 ms (Opus) late; FFmpeg and other editors put it where vedit does now."""
    start = stream.start_time
    if start is not None and first_packet <= start <= first_packet + 1 / stream.time_base:
        return Fraction(start) * stream.time_base
    return Fraction(first_packet) * stream.time_base


def _audio_info(stream, scan: _Scan) -> AudioInfo:
    ctx = stream.codec_context
    end = scan.audio_end
    duration = Fraction(max(0, end - scan.audio_pts[0])) * stream.time_base
    layout = ctx.layout.name if ctx.layout is not None else ""
    channels = ctx.layout.nb_channels if ctx.layout is not None else 0
    return AudioInfo(ctx.name, ctx.sample_rate, channels, layout, duration)


def media_reference(info: MediaInfo) -> MediaReference:
    """The timeline's view of a probed file. Audio-only files get a 25 fps grid
    (:data:`AUDIO_ONLY_RATE`) and as many frames as it takes to cover the sound."""
    if info.video is not None:
        rate, frames = info.video.rate, info.video.frame_count
    else:
        rate = AUDIO_ONLY_RATE
        frames = max(1, math.ceil(info.duration * rate))
    return MediaReference(
        # Absolute: suggestions name their source by this path, and a project saved from an
        # edit opened as "clips/a.mp4" must still find it from the project's own folder.
        path=os.path.abspath(info.path),
        rate=rate,
        duration=frames,
        has_video=info.video is not None,
        has_audio=info.audio is not None,
        metadata={"timecode": info.timecode} if info.timecode else {},
    )
