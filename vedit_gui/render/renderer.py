"""Render a timeline to a file: picture and sound, with progress and cancel.

The picture is produced by :class:`~.conform.TimelineVideo` on a worker thread feeding a
bounded queue, so decoding overlaps encoding; the sound is mixed on the encoding thread and
written just ahead of the picture so the muxer interleaves them. The file is written to a
hidden temporary file in the output folder and renamed over ``out_path`` only when complete:
a failed or cancelled render leaves nothing behind and never touches an existing file. With a
loudness target, an audio-only pass measures the mix first (:mod:`.loudness_target`), before
any file is made, and the render mixes at the gain that meets the target.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import queue
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import av
import numpy as np

from ..media import MediaError, probe
from ..media.damage import DamageLog
from ..media.file_replace import move_into_place, name_start
from ..media.fingerprint import is_footage
from ..media.loudness import RATE, LoudnessMeter
from ..media.probe import cut_short_note
from ..timeline import Clip, FrameRange, Timeline, TrackKind
from .audio_mix import AudioMix, MixExcerpt, frame_to_sample
from .conform import TimelineVideo
from .encoder import MediaWriter
from .errors import RenderCancelled, RenderError
from .loudness_target import LoudnessReport, LoudnessTarget, loudness_target, plan_gain
from .presets import DEFAULT_PRESET, Preset, get_preset, output_extension, picture_size_problem

Progress = Callable[[float], None]

_QUEUE_FRAMES = 8
"""Decoded frames the worker may run ahead of the encoder (bounded: 1080p frames are 3 MB)."""

_CONTAINERS = {".mp4": "mp4", ".m4v": "mp4", ".m4a": "mp4", ".mov": "mov", ".mkv": "matroska"}
"""Containers chosen by the output's extension (a name with none gets the preset's)."""

_AUDIO_BLOCK_SECONDS = 0.5
_PROGRESS_STEPS = 200
_MEASURE_SHARE = 0.1
"""The part of a render's progress a loudness target's measuring takes (sound only: see
:data:`_MEASURE_SHARE_SOUND`): it mixes the sound alone, which costs little beside the picture."""
_MEASURE_SHARE_SOUND = 0.4


class Sound(Protocol):
    """The mix a render writes: an :class:`AudioMix`, an excerpt of one, a metered one."""

    length: int

    def read(self, start: int, count: int) -> np.ndarray: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class RenderResult:
    """The file written, and, for a render to a loudness target, what the loudness pass
    measured and the render metered. ``warnings``: what the editor is told of the sources as
    the render read them, each naming the file and where (sound or picture damaged there,
    concealed as players do: :mod:`vedit_gui.media.damage`); empty when there was nothing."""

    path: Path
    loudness: LoudnessReport | None = None
    warnings: tuple[str, ...] = ()


def render_timeline(
    timeline: Timeline,
    out_path: str | Path,
    *,
    preset: str | Preset = DEFAULT_PRESET,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    frames: FrameRange | None = None,
    max_height: int | None = None,
    loudness: str | LoudnessTarget | None = None,
) -> Path:
    """Render ``timeline`` to ``out_path`` and return it.

    ``progress`` gets the fraction done (0..1, ending at exactly 1.0) from the calling
    thread; setting ``cancel`` stops the render with :class:`RenderCancelled`. ``frames``
    renders only those timeline frames (the editor's in to out), each exactly as the whole
    render would show and sound it; the file starts at the first of them. ``max_height``
    scales the picture down to at most that many lines, keeping its shape (a review copy).
    ``loudness``: a target (``LOUDNESS_TARGETS`` or its key) the sound is brought to; None
    or "as-mixed" leaves it as mixed. :func:`render_with_report` also says what it measured.
    """
    return render_with_report(timeline, out_path, preset=preset, progress=progress, cancel=cancel,
                              frames=frames, max_height=max_height, loudness=loudness).path


def render_with_report(
    timeline: Timeline,
    out_path: str | Path,
    *,
    preset: str | Preset = DEFAULT_PRESET,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    frames: FrameRange | None = None,
    max_height: int | None = None,
    loudness: str | LoudnessTarget | None = None,
) -> RenderResult:
    """:func:`render_timeline`, returning the file and, with a loudness target, the loudness
    measured before and metered in the render, and what the render met in its sources (damage
    it concealed), for the editor to be told."""
    chosen = get_preset(preset)
    target = loudness_target(loudness)
    out = Path(out_path)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise RenderError(f"the folder {folder} does not exist")
    if out.is_dir():
        raise RenderError(f"{out} is a folder, not a file name")
    if out.suffix and out.suffix.lower() not in _CONTAINERS:
        # Never MP4 data in a file whose name says otherwise: players trust the extension.
        raise RenderError(
            f"{out.name}: vedit writes {', '.join(sorted(_CONTAINERS))} files, not {out.suffix}"
        )
    if timeline.duration <= 0:
        raise RenderError("the timeline is empty: there is nothing to render")
    refuse_replacing_a_source(timeline, out)
    frames = FrameRange(0, timeline.duration) if frames is None else frames
    if frames.duration <= 0 or frames.start < 0 or frames.end_exclusive > timeline.duration:
        raise RenderError(
            f"frames {frames.start}-{frames.end_inclusive} are not all in the timeline (0-{timeline.duration - 1})"
        )
    picture = has_picture(timeline)
    if not picture and not _holds_clips(timeline, TrackKind.AUDIO):
        raise RenderError("the timeline holds no clips: there is nothing to render")
    damage = DamageLog()  # what the render's readers meet in its sources, concealed
    try:
        # A timeline of sound only (a podcast, a music edit) renders a file of sound only.
        video = TimelineVideo(timeline, max_height=max_height, shown=frames, damage=damage) if picture else None
    except MediaError as exc:
        raise RenderError(f"cannot render: {exc}") from exc
    # Before any file is made: an encoder that cannot open for the picture's size says only
    # "Invalid argument".
    problem = picture_size_problem(chosen, video.size) if video is not None else None
    if problem is not None:
        video.close()
        raise RenderError(f"cannot render: {problem}")
    # Over a symlink to an export, the export it names is replaced, as a project save does.
    real_out = Path(os.path.realpath(out))
    tmp: Path | None = None
    try:
        plan = None
        if target is not None:
            share = _MEASURE_SHARE if video is not None else _MEASURE_SHARE_SOUND
            plan = _plan_loudness(timeline, frames, target, target.true_peak_db - chosen.peak_headroom_db,
                                  _part(progress, 0.0, share), cancel)
            progress = _part(progress, share, 1.0)
        tmp = temp_beside(real_out, out.suffix or chosen.extension)  # after the measure: a cancel there writes nothing
        report = _render(timeline, frames, video, tmp, chosen, progress, cancel, plan, damage)
        move_into_place(tmp, real_out)
        if progress is not None:
            progress(1.0)
    except BaseException as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, RenderError):
            raise
        if isinstance(exc, MediaError):
            raise RenderError(f"cannot render: {exc}") from exc
        if isinstance(exc, OSError) and exc.errno is not None:
            raise write_error(exc, real_out.parent) from exc
        if isinstance(exc, av.error.FFmpegError):
            raise RenderError(f"encoding failed: {exc}") from exc
        raise
    finally:
        if video is not None:
            video.close()
    return RenderResult(out, report, tuple(damage.notes()))


def _part(progress: Progress | None, low: float, high: float) -> Progress | None:
    """``progress`` for one stage of a render: its 0..1 as ``low``..``high`` of the whole."""
    if progress is None:
        return None
    return lambda fraction: progress(low + (high - low) * fraction)


def _open_mix(
    timeline: Timeline, frames: FrameRange, sample_rate: int, channels: int, *,
    gain_db: float = 0.0, ceiling_db: float | None = 0.0, true_peak: bool = False, damage: DamageLog | None = None,
) -> AudioMix | MixExcerpt:
    """The sound a render of ``frames`` writes (an excerpt where they are not the whole)."""
    mix = AudioMix(timeline, sample_rate, channels, gain_db=gain_db, ceiling_db=ceiling_db, true_peak=true_peak,
                   damage=damage)
    return mix if frames.duration == timeline.duration else MixExcerpt(mix, frames)


def _plan_loudness(
    timeline: Timeline, frames: FrameRange, target: LoudnessTarget, ceiling_db: float,
    progress: Progress | None, cancel: threading.Event | None,
) -> LoudnessReport:
    """The gain that brings the sound of ``frames`` to ``target`` with true peaks held under
    ``ceiling_db`` (an audio-only pass)."""
    if not timeline.tracks_of(TrackKind.AUDIO):
        return LoudnessReport(target, None, float("-inf"), 0.0, None, None, ceiling_db=ceiling_db)

    def open_mix(gain_db: float, limited: bool) -> AudioMix | MixExcerpt:
        # Limited as the render limits; else the sum as it is, past full scale too.
        return _open_mix(timeline, frames, RATE, 2, gain_db=gain_db, ceiling_db=ceiling_db if limited else None,
                         true_peak=True)

    return plan_gain(target, open_mix, progress, cancel, ceiling_db=ceiling_db)


class _Metered:
    """A mix whose every block read is also pushed into a loudness meter (what a render
    writes, read once front to back)."""

    def __init__(self, mix: Sound, meter: LoudnessMeter) -> None:
        self._mix, self.meter = mix, meter
        self.length = mix.length

    def read(self, start: int, count: int) -> np.ndarray:
        block = self._mix.read(start, count)
        self.meter.push(block)
        return block

    def close(self) -> None:
        self._mix.close()


def has_picture(timeline: Timeline) -> bool:
    """Whether any video track holds a clip (else a render writes sound only)."""
    return _holds_clips(timeline, TrackKind.VIDEO)


def _holds_clips(timeline: Timeline, kind: TrackKind) -> bool:
    return any(isinstance(item, Clip) for track in timeline.tracks_of(kind) for item in track.items)


def cut_short_sources(timeline: Timeline) -> list[str]:
    """What to tell the editor before rendering ``timeline`` about its sources that are cut short
    (a copy or recording interrupted): the render shows what they hold, and nothing after where
    they end, so the editor should know, and may have a whole copy elsewhere."""
    notes = []
    for media in timeline.media():
        try:
            note = cut_short_note(probe(media.path))
        except MediaError:
            continue  # a file that cannot be read at all: the render says so itself
        if note is not None:
            notes.append(note)
    return notes


def refuse_replacing_a_source(timeline: Timeline, out: Path) -> None:
    """Raise :class:`RenderError` when ``out`` is footage the edit uses: the finished file
    would be renamed over it, and the source is never to be lost (an export named as the
    camera file, or over an earlier export brought back in as footage)."""
    if is_footage(timeline, out):
        raise RenderError(f"{out.name} is footage this edit uses: writing there would replace it. "
                          "Choose another file name")


def temp_beside(out: Path, suffix: str) -> Path:
    """A new hidden file beside the output (same file system, so the final rename is atomic);
    created with the user's usual permissions, as the finished file should have. What a
    render of the same name left when its process died (a crash, a power cut) goes first."""
    folder = out.parent
    _remove_left_over(folder, name_start(out.stem), suffix)
    for _ in range(100):
        path = folder / f".{name_start(out.stem)}.{secrets.token_hex(4)}.partial{suffix}"
        try:
            with open(path, "xb"):
                return path
        except FileExistsError:
            continue
        except OSError as exc:
            raise write_error(exc, folder) from exc
    raise RenderError(f"cannot create a temporary file in {folder}")


LEFT_OVER_S = 15 * 60
"""A render's hidden file not written to for this long is a dead render's: a live one writes
every frame (a 4K export's partial file was left for good beside the deliverable)."""


def _remove_left_over(folder: Path, stem: str, suffix: str) -> None:
    now = time.time()
    with contextlib.suppress(OSError):
        for old in folder.glob(f".{glob.escape(stem)}.*.partial{glob.escape(suffix)}"):
            with contextlib.suppress(OSError):
                if now - old.stat().st_mtime > LEFT_OVER_S:
                    old.unlink()


_EDQUOT = getattr(errno, "EDQUOT", errno.ENOSPC)  # not on Windows
_WRITE_ERRNOS = frozenset({errno.ENOSPC, _EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS, errno.EFBIG, errno.EIO})
"""Errors of the folder written to, not of the preset or the media."""


def write_error(exc: OSError, folder: Path) -> RenderError:
    """What a failed write into ``folder`` tells the editor (a full disk, no permission),
    naming the folder and never the hidden temporary file."""
    if exc.errno in (errno.ENOSPC, _EDQUOT):
        return RenderError(f"not enough space in {folder}")
    if exc.errno == errno.EROFS:
        return RenderError(f"cannot write to {folder} (the disk is read-only)")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return RenderError(f"cannot write to {folder} (permission denied)")
    if exc.errno == errno.EFBIG:
        return RenderError(f"the file is too large for the disk of {folder} (FAT32 holds at most 4 GB a file)")
    return RenderError(f"writing the render to {folder} failed: {exc.strerror or exc}")


def _render(
    timeline: Timeline,
    frames: FrameRange,
    video: TimelineVideo | None,
    path: Path,
    preset: Preset,
    progress: Progress | None,
    cancel: threading.Event | None,
    plan: LoudnessReport | None = None,
    damage: DamageLog | None = None,
) -> LoudnessReport | None:
    """Write the file; with a loudness ``plan``, mix at its gain under its ceiling and return
    it with what was written metered. Damaged sound the mix meets goes to ``damage``."""
    mix: Sound | None = None
    meter: LoudnessMeter | None = None
    if timeline.tracks_of(TrackKind.AUDIO):
        if plan is None or plan.measured_lufs is None:
            mix = _open_mix(timeline, frames, preset.sample_rate, preset.channels, damage=damage)
        else:
            mix = _open_mix(timeline, frames, preset.sample_rate, preset.channels, gain_db=plan.gain_db,
                            ceiling_db=plan.ceiling, true_peak=True, damage=damage)
            if preset.sample_rate == RATE:  # the meter's filters are BS.1770's at 48 kHz
                meter = LoudnessMeter(true_peak=True)
                mix = _Metered(mix, meter)
    try:
        _encode(timeline, frames, video, mix, path, preset, progress, cancel)
    finally:
        if mix is not None:
            mix.close()
    if plan is None or meter is None:
        return plan
    return replace(plan, final_lufs=meter.loudness(), final_peak_db=meter.true_peak_db())


def _encode(
    timeline: Timeline,
    frames: FrameRange,
    video: TimelineVideo | None,
    mix: Sound | None,
    path: Path,
    preset: Preset,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> None:
    container = _CONTAINERS.get(path.suffix.lower(), preset.container_format)
    try:
        writer = MediaWriter(
            path, preset, size=video.size if video is not None else None, rate=timeline.rate,
            audio=mix is not None, container_format=container,
            colorspace=video.colorspace if video is not None else None,
        )
    except OSError as exc:
        if exc.errno not in _WRITE_ERRNOS:
            raise RenderError(f"the {preset.name} preset cannot write a {path.suffix or container} file: "
                              f"{exc.strerror or exc}") from exc
        raise write_error(exc, path.parent if str(path.parent) else Path(".")) from exc
    except (av.error.FFmpegError, ValueError) as exc:
        own = output_extension(preset, picture=video is not None)
        if path.suffix and path.suffix.lower() != own:
            # Said as what to do (ProRes into .mp4: "use .mov"), not FFmpeg's "'mp4' format does
            # not support 'prores_ks' codec".
            raise RenderError(
                f"the {preset.name} preset cannot write a {path.suffix} file: name it {own}"
            ) from exc
        raise RenderError(
            f"the {preset.name} preset cannot write a {path.suffix or container} file: {exc}"
        ) from exc
    total, first = frames.duration, frames.start
    first_sample = frame_to_sample(first, timeline.rate, preset.sample_rate)
    audio_block = max(1, round(preset.sample_rate * _AUDIO_BLOCK_SECONDS))
    reported = -1
    try:
        if video is None:
            assert mix is not None  # render_timeline refuses a timeline with neither
            _encode_sound(writer, mix, audio_block, progress, cancel)
            writer.close()
            return
        # Closed here, not when garbage collected: the worker must stop before the readers close.
        with contextlib.closing(_decoded_ahead(video, frames, preset.pix_fmt, cancel)) as pictures:
            for frame, picture in pictures:
                done = frame - first + 1  # frames of the file written, this one included
                if mix is not None:
                    needed = frame_to_sample(frame + 1, timeline.rate, preset.sample_rate) - first_sample
                    _write_audio_until(writer, mix, needed, audio_block)
                writer.write_video(picture, done - 1)
                step = done * _PROGRESS_STEPS // total
                if progress is not None and step != reported and done < total:
                    reported = step
                    progress(done / total)
        if mix is not None:
            _write_audio_until(writer, mix, mix.length, audio_block)
        writer.close()
    except BaseException:
        writer.abort()
        raise


def _encode_sound(
    writer: MediaWriter,
    mix: Sound,
    block: int,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> None:
    """A file of sound only: the mix a block at a time, with progress and cancel."""
    while writer.samples_written < mix.length:
        if cancel is not None and cancel.is_set():
            raise RenderCancelled("the render was cancelled")
        _write_audio_until(writer, mix, min(mix.length, writer.samples_written + block), block)
        if progress is not None and writer.samples_written < mix.length:
            progress(writer.samples_written / mix.length)


def _write_audio_until(writer: MediaWriter, mix: Sound, needed: int, block: int) -> None:
    """Mix and write sound up to output sample ``needed``, a block at a time."""
    while writer.samples_written < needed:
        start = writer.samples_written
        count = min(max(block, needed - start), mix.length - start)
        if count <= 0:
            return
        writer.write_audio(mix.read(start, count))


_DONE = object()


def _decoded_ahead(
    video: TimelineVideo, span: FrameRange, pix_fmt: str, cancel: threading.Event | None
) -> Iterator[tuple[int, av.VideoFrame]]:
    """``video.av_frames()`` of the timeline frames ``span``, produced on a worker thread
    (converted to the encoder's ``pix_fmt`` there where that is quick); errors re-raise here;
    stopping early (cancel, an encoder error) stops the worker and never hangs."""
    frames: queue.Queue = queue.Queue(maxsize=_QUEUE_FRAMES)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in video.av_frames(span.start, span.end_exclusive, pix_fmt=pix_fmt):
                while not stop.is_set():
                    try:
                        frames.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            frames.put(_DONE)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            frames.put(exc)

    worker = threading.Thread(target=produce, name="render-decode", daemon=True)
    worker.start()
    try:
        while True:
            if cancel is not None and cancel.is_set():
                raise RenderCancelled("the render was cancelled")
            try:
                item = frames.get(timeout=0.1)
            except queue.Empty:
                continue
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        # Drain so a worker blocked on a full queue sees the stop and exits.
        while worker.is_alive():
            with contextlib.suppress(queue.Empty):
                frames.get(timeout=0.05)
        worker.join()
