"""The pictures of playback: a worker decodes the timeline at viewer size into a small
bounded queue the GUI thread drains on its tick.

Forward at up to 2× the worker walks :meth:`TimelineVideo.frames` sequentially from the
playhead (each source decoded once, no seeking). Backwards and at 4×/8× there is no
sequence to follow, so it decodes the frame the clock wants now (``frame_at``), as fast as
it can, and the viewer shows whichever arrives. Either way a frame the clock has passed is
dropped, and a worker that falls far behind jumps to the clock instead of catching up.
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from ..media import MediaError, probe
from ..render import TimelineVideo, even_size
from ..timeline import Clip, Gap, Timeline, TrackKind
from .latest_job_worker import LatestJobWorker

QUEUE_FRAMES = 6
"""Decoded frames the worker may hold ahead of the screen (bounded memory, fast restarts)."""

MAX_WIDTH = 960
"""Playback decodes at most this wide: the viewer is smaller than the footage."""

SEQUENTIAL_MAX_SPEED = 2.0


class Picture(Protocol):
    def frame_at(self, frame: int) -> np.ndarray: ...

    def frames(self, start: int = 0, stop: int | None = None): ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class VideoJob:
    """Pictures of ``timeline`` for run ``run``: from ``start`` at ``speed``, or the one
    frame ``start`` when ``speed`` is 0 (a still, after a seek or step)."""

    run: int
    timeline: Timeline
    start: int
    speed: float


@dataclass(frozen=True)
class DecodedFrame:
    run: int
    frame: int
    picture: np.ndarray


@dataclass(frozen=True)
class DecodeFailed:
    run: int
    frame: int
    message: str


def preview_size(full: tuple[int, int], max_width: int = MAX_WIDTH) -> tuple[int, int] | None:
    """The decode size for a picture of ``full`` size (None: full size is small enough)."""
    width, height = full
    if width <= max_width:
        return None
    return even_size(max_width, round(height * max_width / width))


def without_offline(timeline: Timeline) -> Timeline:
    """``timeline`` with the picture clips of sources that cannot be read now (moved, deleted,
    on a drive not mounted) lifted out, leaving black gaps. The editor was told when the
    edit opened (Relink Missing Media); the rest of the edit plays and scrubs meanwhile, where
    one missing file used to leave every frame undecodable. Renders refuse instead."""
    offline = {media.path for media in timeline.media() if media.has_video and not _readable(media.path)}
    if not offline:
        return timeline

    def gone(item: object) -> bool:
        return isinstance(item, Clip) and item.media.path in offline

    tracks = tuple(
        replace(track, items=tuple(Gap(item.duration) if gone(item) else item for item in track.items),
                transitions=tuple(t for t in track.transitions
                                  if not any(gone(item) and item.id == t.clip_id for item in track.items)))
        if track.kind is TrackKind.VIDEO else track
        for track in timeline.tracks
    )  # gaps of their length, so every frame stays where it was (a dissolve from a gap does nothing)
    return replace(timeline, tracks=tracks)


def _readable(path: str) -> bool:
    try:
        probe(path)
    except MediaError:
        return False
    return True


def open_preview(timeline: Timeline, max_width: int = MAX_WIDTH) -> TimelineVideo:
    """The timeline's picture at viewer size (full size when that is already small), leaving
    out accepted grades and effects that cannot be used (:func:`.preview_grade.preview_note`
    says which) and sources that cannot be read (:func:`without_offline`)."""
    timeline = without_offline(timeline)
    video = TimelineVideo(timeline, leave_out_unusable=True)
    size = preview_size(video.size, max_width)
    if size is None:
        return video
    video.close()
    return TimelineVideo(timeline, size, leave_out_unusable=True)


class VideoPump(LatestJobWorker[VideoJob]):
    """The decoding worker: one thread, one picture source per timeline, latest job wins.

    ``clock_frame`` is read from the worker: the frame the GUI thread's clock last reached.
    """

    def __init__(
        self,
        clock_frame: Callable[[], int],
        open_source: Callable[[Timeline], Picture] = open_preview,
        queue_frames: int = QUEUE_FRAMES,
    ) -> None:
        self.out: queue.Queue[DecodedFrame | DecodeFailed] = queue.Queue(maxsize=queue_frames)
        self._clock_frame = clock_frame
        self._open_source = open_source
        self._source: tuple[Timeline, Picture] | None = None
        super().__init__("vedit-playback-video")

    def start(self, job: VideoJob) -> None:
        self._post(job)

    def _work(self, job: VideoJob) -> None:
        self._serve(job)

    def _finish(self) -> None:
        if self._source is not None:
            self._source[1].close()
            self._source = None

    def _serve(self, job: VideoJob) -> None:
        # Pictures of an older run are useless; making room now lets this run start at once.
        while True:
            try:
                self.out.get_nowait()
            except queue.Empty:
                break
        frame = job.start
        try:
            source = self._source_for(job.timeline)
            if job.speed == 0:
                self._put(job, DecodedFrame(job.run, frame, source.frame_at(frame)))
            elif 0 < job.speed <= SEQUENTIAL_MAX_SPEED:
                self._sequential(job, source)
            else:
                self._sampled(job, source)
        except Exception as error:  # noqa: BLE001 - a frame that fails to decode is reported, never fatal
            self._put(job, DecodeFailed(job.run, frame, str(error) or type(error).__name__))

    def _sequential(self, job: VideoJob, source: Picture) -> None:
        # Half a second behind the clock is past saving: jump to the clock instead.
        behind_limit = max(8, round(float(job.timeline.rate) * job.speed / 2))
        start = job.start
        while start < job.timeline.duration and not self.changed(job):
            frames = source.frames(start)
            restart = None
            try:
                for frame, picture in frames:
                    if self.changed(job):
                        return
                    now = self._clock_frame()
                    if frame < now - behind_limit:
                        restart = now + round(job.speed * 4)
                        break
                    if frame < now:
                        continue  # late: the clock has moved on, showing it would lag
                    if not self._put(job, DecodedFrame(job.run, frame, picture)):
                        return
            finally:
                close = getattr(frames, "close", None)
                if close is not None:
                    close()
            if restart is None:
                return
            start = restart

    def _sampled(self, job: VideoJob, source: Picture) -> None:
        last = None
        duration = job.timeline.duration
        while not self.changed(job):
            target = max(0, min(self._clock_frame(), duration - 1))
            if target == last:
                with self._lock:
                    self._lock.wait_for(lambda: self._job is not job, timeout=0.005)
                continue
            if not self._put(job, DecodedFrame(job.run, target, source.frame_at(target))):
                return
            last = target

    def _put(self, job: VideoJob, item: DecodedFrame | DecodeFailed) -> bool:
        """Queue ``item``, waiting for room; False when the job was replaced meanwhile."""
        while not self.changed(job):
            try:
                self.out.put(item, timeout=0.02)
                return True
            except queue.Full:
                continue
        return False

    def _source_for(self, timeline: Timeline) -> Picture:
        if self._source is None or self._source[0] is not timeline:
            if self._source is not None:
                self._source[1].close()
                self._source = None
            self._source = (timeline, self._open_source(timeline))
        return self._source[1]
