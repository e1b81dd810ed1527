"""Filmstrip pictures for the timeline, made in the background for what is on screen.

The timeline view asks for the (source, frame) pictures its visible clips need; the store
answers from a byte-bounded LRU cache at once and queues the rest for one worker thread.
Requests are *latest wins*: a new request replaces the queue, so scrolling or zooming
never builds a backlog of pictures nobody will see. Pictures are small (``height`` pixels
tall), so a two-hour 1080p source costs only the thumbnails on screen plus the cache.

A picture may show a keyframe up to ``tolerance`` frames after the one asked for: at a
coarse zoom a thumbnail stands for many frames, and a keyframe decodes without decoding
the frames before it.

Frames are counted on the grid the edit counts the source on (:meth:`ThumbnailStore.use_grid`:
a variable-rate file's media reference's rate); pictures made on another grid are dropped,
never shown for frames of this one.
"""

from __future__ import annotations

import asyncio
import bisect
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from ..media import FrameReader, MediaError
from ..media.index import VideoIndex
from ..media.probe import probe_with_index
from ..render.open_files import OpenFiles
from .runtime import worker

ThumbnailKey = tuple[str, int]
"""(source path, frame on the source's own grid)."""

# Readers kept open in the worker: the sources the timeline shows at once, usually one or two.
_OPEN_READERS = 3
_MAX_STAND_INS = 100_000


def image_from_rgb(frame: np.ndarray) -> QImage:
    """An RGB array as a QImage that owns its pixels (safe to keep after the array goes)."""
    frame = np.ascontiguousarray(frame)
    height, width = frame.shape[:2]
    return QImage(frame.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def rgb_from_image(image: QImage) -> np.ndarray:
    """A QImage's pixels as an H×W×3 uint8 RGB array of its own (the inverse of
    :func:`image_from_rgb`)."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : 3 * image.width()].reshape(image.height(), image.width(), 3).copy()


@dataclass
class _Source:
    """A source as the worker thread holds it: its reader and its keyframes' grid frames."""

    reader: FrameReader
    keyframes: list[int]


class ThumbnailStore(QObject):
    """Thumbnails by (path, source frame); ``updated`` says new ones are in the cache."""

    updated = Signal(str)  # path whose pictures arrived
    failed = Signal(str, str)  # path, message: the source cannot give thumbnails

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        height: int = 48,
        max_bytes: int = 24 * 1024 * 1024,
        decode_threads: int = 2,
    ) -> None:
        super().__init__(parent)
        # Few decoder threads: thumbnails are background work and must not take every core
        # the viewer decodes on, and each thread holds its own 1080p frame buffers.
        self.decode_threads = decode_threads
        if height < 8:
            raise ValueError(f"thumbnails must be at least 8 pixels tall, got {height}")
        self.height = height
        self.max_bytes = max_bytes
        self._images: OrderedDict[ThumbnailKey, QImage] = OrderedDict()  # by the frame decoded
        self._stand_ins: dict[ThumbnailKey, int] = {}  # frame asked for -> the frame decoded for it
        self._frames: dict[str, list[int]] = {}  # sorted cached frames per path, for fallbacks
        self._nbytes = 0
        self._aspect: dict[str, float] = {}
        self._broken: set[str] = set()
        self._wanted: list[tuple[ThumbnailKey, int]] = []
        self._task: asyncio.Task[None] | None = None
        self._executor = worker("thumbnails")
        self._sources: OpenFiles[tuple[str, Fraction | None], _Source] = OpenFiles(
            _OPEN_READERS, lambda s: s.reader.close())  # the worker's only
        self._grids: dict[str, Fraction | None] = {}  # the grid each path's frames count on
        self._closed = False

    # -- the GUI side ------------------------------------------------------------------------

    @property
    def nbytes(self) -> int:
        return self._nbytes

    def __len__(self) -> int:
        return len(self._images)

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    def use_grid(self, path: str, rate: Fraction | None) -> bool:
        """Count ``path``'s frames on its grid at ``rate`` (its media reference's) from now on:
        pictures made on another grid (an edit of the file on the average rate's, opened
        before) are dropped, as their frame numbers name other pictures. True if they were."""
        if self._grids.setdefault(path, rate) == rate:
            return False
        self._grids[path] = rate
        for key in [key for key in self._images if key[0] == path]:
            self._nbytes -= self._images.pop(key).sizeInBytes()
        self._frames.pop(path, None)
        self._stand_ins = {key: shown for key, shown in self._stand_ins.items() if key[0] != path}
        return True

    def aspect(self, path: str) -> float | None:
        """Width over height of the source's pictures, once one has been made."""
        return self._aspect.get(path)

    def thumbnail(self, path: str, frame: int, slack: int = 0) -> QImage | None:
        """The cached picture for this frame, or the keyframe at most ``slack`` frames after it
        that was made for it (or the file's last, for a frame past what decodes); None when
        there is none (nothing is started)."""
        shown = self._stand_ins.get((path, frame), frame)
        key = (path, shown if shown <= frame + slack else frame)
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def nearest(self, path: str, frame: int) -> QImage | None:
        """The cached picture of ``path`` closest to ``frame``: a stand-in while the exact one is made."""
        frames = self._frames.get(path)
        if not frames:
            return None
        i = bisect.bisect_left(frames, frame)
        candidates = frames[max(0, i - 1) : i + 1]
        best = min(candidates, key=lambda f: abs(f - frame))
        return self._images.get((path, best))

    def request(self, wanted: Iterable[ThumbnailKey], tolerance: int | Mapping[ThumbnailKey, int] = 0) -> None:
        """Make these pictures, in this order, replacing whatever was still queued. Each may
        show a keyframe up to ``tolerance`` frames after its own (one for all, or by picture)
        instead: it decodes on its own, and a filmstrip picture stands for the frames after it."""
        if self._closed:
            return
        wanted = list(wanted)
        slack = tolerance if isinstance(tolerance, Mapping) else dict.fromkeys(wanted, tolerance)
        asked = {key: max(0, int(slack.get(key, 0))) for key in wanted}  # in order, once each
        self._wanted = [(key, most) for key, most in asked.items()
                        if key[0] not in self._broken and self.thumbnail(*key, most) is None]
        if self._wanted and not self.busy:
            self._task = asyncio.ensure_future(self._serve())

    def clear(self) -> None:
        self._images.clear()
        self._frames.clear()
        self._nbytes = 0

    def close(self) -> None:
        """Stop: drop the queue, cancel the job and release the readers in the worker."""
        self._closed = True
        self._wanted = []
        if self._task is not None:
            self._task.cancel()
        # No cancel_futures: the readers' release must still run after the picture in hand.
        self._executor.submit(self._close_sources)
        self._executor.shutdown(wait=False)

    async def _serve(self) -> None:
        loop = asyncio.get_running_loop()
        while self._wanted:
            (path, frame), tolerance = self._wanted.pop(0)
            if path in self._broken or self.thumbnail(path, frame, tolerance) is not None:
                continue
            grid = self._grids.get(path)
            try:
                shown, picture = await loop.run_in_executor(
                    self._executor, self._make, path, grid, frame, tolerance
                )
            except asyncio.CancelledError:
                raise
            except (MediaError, OSError) as error:
                # One bad source must not stop the others: remember it and tell the view once.
                self._broken.add(path)
                self._wanted = [entry for entry in self._wanted if entry[0][0] != path]
                self.failed.emit(path, str(error))
                continue
            if self._grids.get(path) != grid:
                continue  # made on the grid the source was counted on before: not this one's
            if len(self._stand_ins) > _MAX_STAND_INS:
                self._stand_ins.clear()  # only spares a decode: a missing one is made again
            self._stand_ins[(path, frame)] = shown
            self._put((path, shown), image_from_rgb(picture))
            self.updated.emit(path)

    def _put(self, key: ThumbnailKey, image: QImage) -> None:
        path, frame = key
        if key in self._images:  # counted once, listed once
            self._nbytes -= self._images.pop(key).sizeInBytes()
            frames = self._frames[path]
            del frames[bisect.bisect_left(frames, frame)]
        self._images[key] = image
        self._nbytes += image.sizeInBytes()
        self._aspect.setdefault(path, image.width() / image.height())
        bisect.insort(self._frames.setdefault(path, []), frame)
        while self._nbytes > self.max_bytes and len(self._images) > 1:
            (old_path, old_frame), old = self._images.popitem(last=False)
            self._nbytes -= old.sizeInBytes()
            frames = self._frames[old_path]
            del frames[bisect.bisect_left(frames, old_frame)]

    # -- the worker side ---------------------------------------------------------------------

    def _make(self, path: str, grid: Fraction | None, frame: int, tolerance: int) -> tuple[int, np.ndarray]:
        """(the frame decoded, its picture) on the grid at ``grid``. Runs in the worker thread,
        which alone touches the readers."""
        source = self._source(path, grid)
        frame = max(0, min(frame, source.reader.frame_count - 1))
        # A keyframe inside the span this picture stands for decodes on its own: use it.
        i = bisect.bisect_left(source.keyframes, frame)
        if tolerance and i < len(source.keyframes) and source.keyframes[i] <= frame + tolerance:
            frame = source.keyframes[i]
        return frame, source.reader.read(frame)

    def _source(self, path: str, grid: Fraction | None) -> _Source:
        return self._sources.get((path, grid), lambda: self._open(path, grid))

    def _open(self, path: str, grid: Fraction | None) -> _Source:
        info, index = probe_with_index(Path(path), grid)
        if info.video is None or index is None:
            raise MediaError(Path(path), "the file has no video to make thumbnails of")
        width = max(1, round(self.height * info.video.display_width / info.video.display_height))
        reader = FrameReader(path, size=(width, self.height), threads=self.decode_threads, rate=grid)
        return _Source(reader, _keyframe_grid_frames(index))

    def _close_sources(self) -> None:
        self._sources.close_all()


def _keyframe_grid_frames(index: VideoIndex) -> list[int]:
    """The first grid frame showing each keyframe, sorted."""
    positions = np.searchsorted(index.pts, index.keyframe_pts)
    # grid maps grid frame -> position; the first grid frame at or after each keyframe position.
    frames = np.searchsorted(index.grid, positions)
    return sorted({int(f) for f in frames if f < index.frame_count})
