"""The timeline's picture, frame by frame: one walk shared by the preview and the render.

:func:`video_segments` cuts the video tracks into stretches where one clip (or nothing) is
on top; :class:`TimelineVideo` turns those into frames at the output size. The top video
track (the last one in ``timeline.tracks``, as in OpenTimelineIO) that has a clip at a frame
wins; gaps are black; a source whose display size differs from the output is scaled to fit
and letter- or pillarboxed. Per-frame processing is a list of pure ``frame -> frame``
functions applied after fitting. Accepted ``grade`` suggestions (:mod:`.grade`) grade each
source frame before fitting, with the same :func:`~vedit_gui.media.grade.apply_grade` the
preview uses, so the viewer and the export match; accepted ``effect:stabilize`` suggestions
(:mod:`.effects`) move it first, with :func:`~vedit_gui.media.stabilize.stabilize`.

A dissolve (``Track.transition_windows()``) on the track that is on top mixes its two clips'
handles: each side is graded and fitted, then blended in RGB with the incoming picture's
weight rising linearly across the window (:func:`dissolve_weight`), then processed once.
When both sides are one file, the incoming side reads through a second decoder, so a
sequential walk decodes each side's run once; where they show the very same source frame
(one file split where it dissolves) the mix is that frame, and it is rendered as the frame.
A dip (``DIP_TO_BLACK``, ``DIP_TO_WHITE``) takes the outgoing side into its colour up to the
cut and the incoming side out of it after (:func:`transition_picture`, the one place either
kind is mixed); the sound under it crossfades as under a dissolve. A clip's fade in or out
(``Clip.fades``) is a dip to black with no picture on its far side, where no transition plays.

When a frame needs nothing done to it (coded size equals the output, square pixels, no
rotation, no processing) :meth:`TimelineVideo.av_frames` hands the decoded
``av.VideoFrame`` straight on, so the encoder's swscale does the only pixel conversion. When
its grade and its stabilization are all it needs, the render moves and grades it without
leaving 4:2:0 (:func:`.yuv420.stabilized_yuv420`: the same warp on each plane;
:mod:`vedit_gui.media.grade_yuv`: tables made by the same ``apply_grade``), a quarter to a
third of the cost of doing it in R'G'B'.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from ..media import FrameReader, MediaError, MediaInfo, VideoInfo, probe
from ..media.damage import KNOWN, PICTURE, DamageLog
from ..media.proxy import find_proxy, made_proxies
from ..media.ycbcr import BT601, UNSPECIFIED_SPACE, VideoMatrix, untagged_writing
from ..timeline import (
    DIP_TO_BLACK,
    DIP_TO_WHITE,
    DISSOLVE,
    Clip,
    FrameRange,
    Timeline,
    TrackKind,
    TransitionWindow,
    seconds_to_frame,
)
from ..timeline.picture_source import picture_source
from ..timeline.time import Rate
from .effects import SourceEffects
from .errors import RenderError
from .grade import SourceGrades, apply_grade
from .open_files import OpenFiles
from .yuv420 import fast_rgb, graded_yuv420, stabilized_yuv420, titled_yuv420, yuv420_frame

FrameOp = Callable[[np.ndarray], np.ndarray]
"""A per-frame process: takes and returns an H×W×3 uint8 RGB frame of the output size."""

Size = tuple[int, int]


@dataclass(frozen=True)
class VideoSegment:
    """Timeline frames ``range`` show ``clip`` from ``offset`` frames into it (None: black).

    In a dissolve, ``clip`` is the outgoing side (its offset runs past its out point after
    the cut) and ``incoming`` the other, ``incoming_offset`` frames into it (negative before
    the cut); ``window`` is the whole dissolve's range, which sets the mix weights.
    """

    range: FrameRange
    clip: Clip | None
    offset: int = 0
    incoming: Clip | None = None
    incoming_offset: int = 0
    window: FrameRange | None = None
    kind: str = DISSOLVE  # the transition's (a dip passes through a colour at ``cut``)
    cut: int = 0

    @property
    def outgoing_side(self) -> VideoSegment:
        """The outgoing picture alone, as a plain segment."""
        return VideoSegment(self.range, self.clip, self.offset)

    @property
    def incoming_side(self) -> VideoSegment:
        """The incoming picture alone, as a plain segment (its offsets may be negative)."""
        return VideoSegment(self.range, self.incoming, self.incoming_offset)


def dissolve_weight(window: FrameRange, frame: int) -> Fraction:
    """The incoming picture's share at timeline ``frame`` of a dissolve over ``window``:
    rising linearly, never all one side inside the window."""
    return Fraction(frame - window.start + 1, window.duration + 1)


# The colour each dip passes through.
DIP_LEVELS = {DIP_TO_BLACK: 0, DIP_TO_WHITE: 255}


def transition_picture(
    kind: str, window: FrameRange, cut: int, frame: int, outgoing: np.ndarray, incoming: np.ndarray
) -> np.ndarray:
    """The picture at timeline ``frame`` of a transition over ``window`` whose clips meet at
    ``cut``: a dissolve mixes the two sides; a dip takes the outgoing side into its colour up
    to the cut and the incoming one out of it after, each linearly, never all colour or all
    picture inside the window. A kind this vedit does not know plays as a dissolve."""
    level = DIP_LEVELS.get(kind)
    if level is None:
        return mix_pictures(outgoing, incoming, dissolve_weight(window, frame))
    colour = np.full_like(outgoing, level)
    if frame < cut:
        return mix_pictures(outgoing, colour, Fraction(frame - window.start + 1, cut - window.start + 1))
    return mix_pictures(incoming, colour, Fraction(window.end_exclusive - frame, window.end_exclusive - cut + 1))


def mix_pictures(outgoing: np.ndarray, incoming: np.ndarray, weight: Fraction) -> np.ndarray:
    """``outgoing`` and ``incoming`` blended, ``weight`` being the incoming share (rounded to
    the nearest level, so two equal pictures mix to themselves)."""
    w = float(weight)
    return cv2.addWeighted(outgoing, 1.0 - w, incoming, w, 0.0)


def video_segments(timeline: Timeline) -> list[VideoSegment]:
    """The picture's stretches, front to back, covering ``[0, timeline.duration)``.

    The top track with a clip at a frame shows it, and its dissolves with it; a dissolve on
    a lower track is hidden where an upper clip covers it, as its clips are. A hidden track
    (``Track.enabled`` off) shows nothing.
    """
    tracks = timeline.playing_tracks_of(TrackKind.VIDEO)
    windows = {track.id: track.transition_windows() for track in tracks}
    bounds = {0, timeline.duration}
    # A transition at a clip's head or tail takes the place of its fade there.
    crossed = {(w.incoming.id, "in") for ws in windows.values() for w in ws} | {
        (w.outgoing.id, "out") for ws in windows.values() for w in ws}
    for track in tracks:
        for _, item, rng in track.ranges():
            bounds.update((rng.start, rng.end_exclusive))
            if isinstance(item, Clip):
                fade_in, fade_out = _fades(item, crossed)
                bounds.update((rng.start + fade_in, rng.end_exclusive - fade_out))
        for window in windows[track.id]:
            bounds.update((window.range.start, window.range.end_exclusive))
    edges = sorted(b for b in bounds if 0 <= b <= timeline.duration)
    segments: list[VideoSegment] = []
    for start, end in zip(edges, edges[1:], strict=False):
        rng = FrameRange.from_bounds(start, end)
        segment = VideoSegment(rng, None)
        for track in reversed(tracks):
            found = track.item_at(start)
            if found is not None and isinstance(found[1], Clip):
                dissolve = _window_at(windows[track.id], start)
                if dissolve is not None:
                    segment = _dissolve_segment(dissolve, rng)
                else:
                    segment = (_fade_segment(found[1], found[2], rng, _fades(found[1], crossed))
                               or VideoSegment(rng, found[1], start - found[2].start))
                break
        if segments and _continues(segments[-1], segment):
            last = segments[-1]
            segment = replace(last, range=FrameRange.from_bounds(last.range.start, end))
            segments[-1] = segment
        else:
            segments.append(segment)
    return segments


def _window_at(windows: list[TransitionWindow], frame: int) -> TransitionWindow | None:
    for window in windows:
        if window.range.contains(frame):
            return window
    return None


def _dissolve_segment(window: TransitionWindow, rng: FrameRange) -> VideoSegment:
    outgoing_start = window.cut - window.outgoing.duration
    return VideoSegment(
        rng,
        window.outgoing,
        rng.start - outgoing_start,
        window.incoming,
        rng.start - window.cut,
        window.range,
        window.transition.kind,
        window.cut,
    )


def _fades(clip: Clip, crossed: set[tuple[str, str]]) -> tuple[int, int]:
    """``clip``'s fades that play: none at an end where a transition plays."""
    fade_in, fade_out = clip.fades
    return (0 if (clip.id, "in") in crossed else fade_in), (0 if (clip.id, "out") in crossed else fade_out)


def _fade_segment(clip: Clip, placed: FrameRange, rng: FrameRange, fades: tuple[int, int]) -> VideoSegment | None:
    """``rng`` of ``clip`` (placed at ``placed``) as a fade from black at its head or to black
    at its tail: a dip to black with no picture on the far side; None outside its fades."""
    fade_in, fade_out = fades
    offset = rng.start - placed.start
    if offset < fade_in:
        window = FrameRange(placed.start, fade_in)
        return VideoSegment(rng, None, 0, clip, offset, window, DIP_TO_BLACK, window.start)
    if rng.start >= placed.end_exclusive - fade_out:
        window = FrameRange.from_bounds(placed.end_exclusive - fade_out, placed.end_exclusive)
        return VideoSegment(rng, clip, offset, None, 0, window, DIP_TO_BLACK, window.end_exclusive)
    return None


def _continues(previous: VideoSegment, segment: VideoSegment) -> bool:
    if previous.window != segment.window:
        return False
    return _side_continues(previous.outgoing_side, segment.outgoing_side) and _side_continues(
        previous.incoming_side, segment.incoming_side
    )


def _side_continues(previous: VideoSegment, segment: VideoSegment) -> bool:
    if previous.clip is None or segment.clip is None:
        return previous.clip is None and segment.clip is None
    return (
        previous.clip.id == segment.clip.id
        and previous.offset + previous.range.duration == segment.offset
    )


def _mixes_one_frame(segment: VideoSegment) -> bool:
    """Whether both sides of a dissolve show the same source frame throughout (one file
    split where the dissolve is, kept contiguous): the mix is then that frame."""
    out, inc = segment.clip, segment.incoming
    if out is None or inc is None:
        return False
    return (
        (out.media.path, out.media.rate, out.media.duration)
        == (inc.media.path, inc.media.rate, inc.media.duration)
        and out.source_frame(segment.offset) == inc.source_frame(segment.incoming_offset)
    )


def source_frame(clip: Clip, offset: int, timeline_rate: Rate) -> int:
    """The source frame (on the source's own grid) shown ``offset`` frames into ``clip``.

    ``source_range`` counts timeline frames; a source at another rate is mapped through
    seconds, so a 25 fps source on a 30000/1001 timeline plays at its own speed.
    """
    frame = clip.source_frame(offset)
    rate = clip.media.rate
    if rate != timeline_rate:
        frame = seconds_to_frame(Fraction(frame) / timeline_rate, rate)
    return max(0, min(frame, clip.media.duration - 1))


def even_size(width: int, height: int) -> Size:
    """The nearest size at or below ``width``×``height`` that 4:2:0 video can hold."""
    return max(2, width - width % 2), max(2, height - height % 2)


def scaled_to_height(size: Size, max_height: int) -> Size:
    """``size`` scaled down to at most ``max_height`` lines, keeping its shape (never up)."""
    width, height = size
    if height <= max_height:
        return size
    lines = max(2, max_height - max_height % 2)
    # Up to even: a width rounded down would leave the fitted picture a line short of filling it.
    return max(2, 2 * math.ceil(width * lines / height / 2)), lines


def fit_rect(source: Size, output: Size) -> tuple[int, int, int, int]:
    """(x, y, width, height) of ``source`` scaled to fit inside ``output``, centred."""
    sw, sh = source
    ow, oh = output
    scale = min(Fraction(ow, sw), Fraction(oh, sh))
    width, height = round(sw * scale), round(sh * scale)
    # A one-pixel bar from rounding reads as a glitch; stretch that pixel instead.
    if abs(width - ow) <= 1:
        width = ow
    if abs(height - oh) <= 1:
        height = oh
    width, height = max(1, min(width, ow)), max(1, min(height, oh))
    return (ow - width) // 2, (oh - height) // 2, width, height


def first_picture(
    timeline: Timeline, info: Callable[[str], MediaInfo], segments: list[VideoSegment] | None = None
) -> VideoInfo | None:
    """The picture that sets a render's size and matrix: the edit's picture source's
    (:mod:`~vedit_gui.timeline.picture_source`), else the first clip's (``info`` probes a path;
    ``segments``: the timeline's, if made already). Hidden tracks count: hiding one changes
    what is seen, not the file's format."""
    chosen = picture_source(timeline)
    if chosen is not None:
        return info(chosen).video
    if segments is None or not all(track.enabled for track in timeline.tracks):
        every = tuple(replace(track, enabled=True) for track in timeline.tracks)
        segments = video_segments(replace(timeline, tracks=every))
    for segment in segments:
        if segment.clip is not None:
            return info(segment.clip.media.path).video
    return None


def picture_size(timeline: Timeline, max_height: int | None = None) -> Size | None:
    """The picture size a render of ``timeline`` (at most ``max_height`` lines) writes, known
    before anything is decoded, so an export dialog can check a preset against it; None when
    it has no picture or its first source cannot be read (the render will say why)."""
    try:
        video = first_picture(timeline, probe)
    except MediaError:
        return None
    if video is None:
        return None
    size = even_size(video.display_width, video.display_height)
    return size if max_height is None else scaled_to_height(size, max_height)


@dataclass(frozen=True)
class _SourceLook:
    """How one source becomes an output frame."""

    rect: tuple[int, int, int, int]
    # The size the reader decodes pictures to: the rect's, or the display size where an odd
    # display size loses its last column or row to the output's even one.
    read_size: Size
    needs_canvas: bool
    # The decoded picture is the output picture (its size, square pixels, unturned, no
    # processing): the render hands it on as it is, or graded in 4:2:0.
    as_decoded: bool


class TimelineVideo:
    """Frames of a timeline at ``size`` (default: the first clip's display size, made even,
    and scaled down to at most ``max_height`` lines where given: a smaller export).

    ``frame_at`` reads any frame; ``frames`` and ``av_frames`` walk a range front to back,
    decoding each source run once. Readers are opened on first use: use one instance per
    thread, and ``close`` it (or use it as a context manager) when done.

    An accepted grade or effect whose settings cannot be used raises :class:`RenderError`
    where ``shown`` (the timeline frames a render will ask for; default: all of them) show
    it, unless ``leave_out_unusable`` (the preview): then the picture goes on without it.
    """

    def __init__(
        self,
        timeline: Timeline,
        size: Size | None = None,
        *,
        processors: Sequence[FrameOp] = (),
        threads: int = 0,
        max_height: int | None = None,
        leave_out_unusable: bool = False,
        shown: FrameRange | None = None,
        damage: DamageLog | None = None,
    ) -> None:
        self.timeline = timeline
        self._damage = damage  # where sources' pictures could not be decoded (a render's log)
        self.rate = timeline.rate
        self.duration = timeline.duration
        self.segments = video_segments(timeline)
        self.processors = tuple(processors)
        self.grades = SourceGrades.from_timeline(timeline, leave_out_unusable=True)
        self.effects = SourceEffects.from_timeline(timeline, leave_out_unusable=True)
        if not leave_out_unusable:
            self._refuse_unusable(shown if shown is not None else FrameRange(0, self.duration))
        self._threads = threads
        # The grid each source's frames count on (a variable-rate file's: its reference's rate).
        self._grids: dict[str, Rate] = {media.path: media.rate for media in timeline.media()}
        self._infos: dict[str, MediaInfo] = {}
        for segment in self.segments:
            for clip in (segment.clip, segment.incoming):
                if clip is not None:
                    self._info(clip.media.path)
        self.size = even_size(*size) if size is not None else self._default_size()
        if max_height is not None:
            self.size = scaled_to_height(self.size, max_height)
        self.matrix, self.colorspace = self._output_colour()
        self._looks: dict[str, _SourceLook] = {}
        # (path, size, slot): see _incoming_slot.
        # A dissolve reads two sources and a punch-in or the before picture a slot more: eight
        # open readers serve any frame; an edit's others are opened again when it comes back.
        self._readers: OpenFiles[tuple[str, Size | None, int], FrameReader] = OpenFiles(8, FrameReader.close)
        self._scrub_copies: dict[str, FrameReader | None] = {}
        self._black = np.zeros((self.size[1], self.size[0], 3), np.uint8)

    def _refuse_unusable(self, shown: FrameRange) -> None:
        """Raise :class:`RenderError` for the first look that cannot be used whose source frames
        ``shown`` show (a dissolve's both sides included): a range away from it renders."""
        unusable = self.grades.left_out + self.effects.left_out
        if not unusable:
            return
        for segment in self.segments:
            part = segment.range.intersection(shown)
            if part is None:
                continue
            sides = (segment.outgoing_side, segment.incoming_side) if segment.incoming else (segment,)
            for side in sides:
                if side.clip is None:
                    continue
                # Source frames rise with the offset: the part shows the span between its ends.
                base = side.offset - segment.range.start
                first = source_frame(side.clip, base + part.start, self.rate)
                last = source_frame(side.clip, base + part.end_inclusive, self.rate)
                span = FrameRange.from_bounds(first, last + 1)
                for look in unusable:
                    # A look on no frames (a damaged range), or covered there by a later grade,
                    # is never applied, so never in the way.
                    if look.source == side.clip.media.path and look.shown_frames(span):
                        raise RenderError(look.refusal)

    def __enter__(self) -> TimelineVideo:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._readers.close_all()
        for copy in self._scrub_copies.values():
            if copy is not None:
                copy.close()
        self._scrub_copies.clear()

    def set_grades(self, grades: SourceGrades) -> None:
        """Grade with ``grades`` from the next frame on instead of the timeline's accepted
        ones (the preview's before/after and a grade being edited); readers stay open."""
        self.grades = grades

    def set_effects(self, effects: SourceEffects) -> None:
        """Apply ``effects`` from the next frame on instead of the timeline's accepted ones
        (a stabilisation previewed before it is accepted)."""
        self.effects = effects

    def _has_look(self, path: str) -> bool:
        """Whether frames of ``path`` are changed before fitting (an effect or a grade)."""
        return self.effects.has(path) or self.grades.has(path)

    def _info(self, path: str) -> MediaInfo:
        info = self._infos.get(path)
        if info is None:
            info = self._infos[path] = probe(path, self._grids.get(path))
            if info.video is None:
                raise RenderError(f"{Path(path).name} is on a video track but has no picture")
        return info

    def _first_video(self) -> VideoInfo | None:
        return first_picture(self.timeline, self._info, self.segments)

    def _default_size(self) -> Size:
        video = self._first_video()
        if video is None:
            raise RenderError("the timeline has no video clip to take the picture size from")
        return even_size(video.display_width, video.display_height)

    def _output_colour(self) -> tuple[VideoMatrix, int | None]:
        """The Y'CbCr matrix the render writes and the ``AVColorSpace`` tag it gives the file
        (None: untagged): the first clip's, as the output size is, as vedit reads it. An
        untagged HD source was read as BT.709, so its render says BT.709 and every player
        shows what the viewer showed; an untagged SD source stays untagged (read as BT.601
        everywhere). Sources in another matrix are converted to it. One vedit does not convert
        itself (BT.2020, as phones tag HDR and some SDR video) is shown as swscale reads it, so
        it is written as an untagged source of the output's size would be: HD in BT.709, tagged.
        (It made untagged BT.601 numbers, which every reader takes for BT.709 at HD: colours
        moved by up to 26 levels from what the viewer showed.)"""
        video = self._first_video()
        if video is None:
            return BT601, None
        if video.matrix is None:
            return untagged_writing(self.size)
        if video.colorspace == UNSPECIFIED_SPACE:
            return untagged_writing((video.width, video.height))
        return video.matrix, video.colorspace

    def _look(self, path: str) -> _SourceLook:
        look = self._looks.get(path)
        if look is None:
            video = self._info(path).video
            assert video is not None
            display = (video.display_width, video.display_height)
            width, height = self.size
            if even_size(*display) == self.size and display[0] >= width and display[1] >= height:
                # An odd width or height loses its last column or row: scaling the picture by
                # a pixel would soften every line of it (screen recordings' text) and, with
                # rounding, leave one-pixel bars.
                rect, read_size = (0, 0, *self.size), display
            else:
                rect = fit_rect(display, self.size)
                read_size = rect[2], rect[3]
            needs_canvas = rect[2:] != self.size
            as_decoded = (
                not needs_canvas
                and not self.processors
                and video.matrix is self.matrix
                and video.rotation == 0
                and video.sample_aspect == 1
                and (video.width, video.height) == self.size
            )
            look = self._looks[path] = _SourceLook(rect, read_size, needs_canvas, as_decoded)
        return look

    def _reader(self, path: str, size: Size | None, slot: int = 0) -> FrameReader:
        key = (path, size, slot)
        return self._readers.get(key, lambda: FrameReader(
            path, size=size, threads=self._threads, damage=self._damage, rate=self._grids.get(path)))

    def _rgb_reader(self, path: str, slot: int = 0) -> FrameReader:
        look = self._look(path)
        video = self._info(path).video
        assert video is not None
        native = (video.display_width, video.display_height)
        return self._reader(path, None if look.read_size == native else look.read_size, slot)

    def _graded(self, path: str, index: int, picture: np.ndarray, *, in_place: bool = False) -> np.ndarray:
        """Source frame ``index`` of ``path`` with its accepted effect, grade and titles, if any
        (the grade written over ``picture`` when ``in_place``): the move first, then the grade,
        in the order the 4:2:0 path applies them, then the titles (never graded)."""
        moved = self.effects.apply(path, index, picture)
        in_place = in_place or moved is not picture
        picture = moved
        grade = self.grades.grade_at(path, index)
        if grade is not None:
            picture = apply_grade(picture, grade, out=picture if in_place else None)
        return self.effects.titled(path, index, picture)

    def _fit(self, path: str, picture: np.ndarray) -> np.ndarray:
        """A decoded RGB picture of ``path`` placed in the output frame."""
        look = self._look(path)
        if look.needs_canvas:
            x, y, w, h = look.rect
            canvas = self._black.copy()
            canvas[y : y + h, x : x + w] = picture[:h, :w]
            picture = canvas
        elif look.read_size != self.size:
            width, height = self.size
            picture = np.ascontiguousarray(picture[:height, :width])
        return picture

    def _process(self, picture: np.ndarray) -> np.ndarray:
        for process in self.processors:
            picture = process(picture)
        return picture

    def _finish(self, path: str, picture: np.ndarray) -> np.ndarray:
        """Fit a decoded RGB picture into the output frame and run the processors."""
        return self._process(self._fit(path, picture))

    def _finish_mix(
        self, segment: VideoSegment, frame: int, outgoing: np.ndarray, incoming: np.ndarray
    ) -> np.ndarray:
        """A transition's graded sides, fitted, mixed as its kind mixes them at ``frame`` and
        processed. A fade has one side: the other is black."""
        assert segment.window is not None
        out = self._black if segment.clip is None else self._fit(segment.clip.media.path, outgoing)
        into = self._black if segment.incoming is None else self._fit(segment.incoming.media.path, incoming)
        return self._process(transition_picture(segment.kind, segment.window, segment.cut, frame, out, into))

    def _source_index(self, segment: VideoSegment, frame: int) -> int:
        assert segment.clip is not None
        return source_frame(segment.clip, segment.offset + frame - segment.range.start, self.rate)

    def _read_graded(self, segment: VideoSegment, frame: int, slot: int = 0) -> np.ndarray:
        """One side's graded source picture at timeline ``frame`` (random access)."""
        assert segment.clip is not None
        path = segment.clip.media.path
        index = self._source_index(segment, frame)
        return self._graded(path, index, self._rgb_reader(path, slot).read(index))

    def _black_frame(self) -> np.ndarray:
        return self._process(self._black.copy())

    def segment_at(self, frame: int) -> VideoSegment:
        if not 0 <= frame < self.duration:
            raise RenderError(f"frame {frame} is outside the timeline (0..{self.duration - 1})")
        for segment in self.segments:
            if segment.range.contains(frame):
                return segment
        raise AssertionError("segments cover the timeline")

    def _shown_at(self, frame: int) -> VideoSegment:
        return _planned(self.segment_at(frame))

    def frame_at(self, frame: int) -> np.ndarray:
        """The output picture at timeline frame ``frame`` (random access)."""
        segment = self._shown_at(frame)
        if segment.window is not None:
            outgoing = self._read_graded(segment.outgoing_side, frame) if segment.clip is not None else self._black
            incoming = (self._read_graded(segment.incoming_side, frame, _incoming_slot(segment))
                        if segment.incoming is not None else self._black)
            return self._finish_mix(segment, frame, outgoing, incoming)
        if segment.clip is None:
            return self._black_frame()
        return self._finish(segment.clip.media.path, self._read_graded(segment, frame))

    def damage_at(self, frame: int) -> str | None:
        """What to say of the damaged footage the picture at ``frame`` comes from (either side
        of a dissolve), as any reader of this process has found it; None where none is known.
        The viewer says it on such a still, so a frame that looks wrong there (the last good
        picture repeated, or blocks) is not taken for a fault of the edit or the grade."""
        segment = self.segment_at(frame)
        for side in (segment.outgoing_side, segment.incoming_side) if segment.window is not None else (segment,):
            if side.clip is None:
                continue
            index = source_frame(side.clip, side.offset - side.range.start + frame, self.rate)
            note = KNOWN.note_at(side.clip.media.path, Fraction(index) / side.clip.media.rate, PICTURE)
            if note is not None:
                return note
        return None

    def scrub_frame_at(self, frame: int) -> tuple[int, np.ndarray]:
        """A picture near ``frame`` that is quick to get while the playhead is dragged:
        (timeline frame shown, picture). From the source's scrub copy where one is made
        (:mod:`vedit_gui.media.proxy`): the exact frame, smaller. Else see
        :meth:`FrameReader.scrub_read`. Inside a dissolve it is the exact frame."""
        shown, picture, _ = self._scrub(frame, before=False)
        return shown, picture

    def scrub_before_after(self, frame: int) -> tuple[int, np.ndarray, np.ndarray]:
        """As :meth:`scrub_frame_at`: (timeline frame shown, the picture without grades and
        effects, the picture), both from one decoded frame (the split wipe while scrubbing)."""
        shown, after, before = self._scrub(frame, before=True)
        assert before is not None
        return shown, before, after

    def _scrub(self, frame: int, *, before: bool) -> tuple[int, np.ndarray, np.ndarray | None]:
        segment = self._shown_at(frame)
        if segment.window is not None:
            return frame, self.frame_at(frame), self.frame_without_looks(frame) if before else None
        if segment.clip is None:
            black = self._black_frame()
            return frame, black, black if before else None
        path = segment.clip.media.path
        index = self._source_index(segment, frame)
        copy = self._scrub_copy(path)
        shown = frame
        if copy is not None:
            picture = copy.read(index)
        else:
            quick, picture = self._rgb_reader(path).scrub_read(index)
            rate = segment.clip.media.rate
            back = index - quick if rate == self.rate else round(Fraction(index - quick) * self.rate / rate)
            if frame - back >= segment.range.start:
                shown, index = frame - back, quick
            else:
                # The quick frame lies before the clip's first (it starts mid-GOP): not in the edit.
                picture = self._rgb_reader(path).read(index)
        after = self._finish(path, self._graded(path, index, picture))  # ``picture`` is left as decoded
        return shown, after, self._finish(path, picture) if before else None

    def frame_without_looks(self, frame: int) -> np.ndarray:
        """``frame_at`` without grades and effects (the "before" picture), readers kept."""
        grades, effects = self.grades, self.effects
        self.grades, self.effects = SourceGrades.none(), SourceEffects.none()
        try:
            return self.frame_at(frame)
        finally:
            self.grades, self.effects = grades, effects

    def _scrub_copy(self, path: str) -> FrameReader | None:
        """A reader of ``path``'s scrub copy at the size its pictures are read at, if one is made
        (looked for once per source: a copy made later comes with a new ``TimelineVideo``)."""
        if path not in self._scrub_copies:
            source = self._rgb_reader(path)
            found = find_proxy(path, source.frame_count, source.rate) if made_proxies() else None
            self._scrub_copies[path] = None if found is None else FrameReader(found, size=source.size)
        return self._scrub_copies[path]

    def frames(self, start: int = 0, stop: int | None = None) -> Iterator[tuple[int, np.ndarray]]:
        """(timeline frame, RGB picture) for ``[start, stop)``, decoded sequentially."""
        for segment, first, last in self._spans(start, stop):
            if segment.window is not None:
                yield from self._mix_walk(segment, first, last)
                continue
            if segment.clip is None:
                black = self._black_frame()
                for frame in range(first, last):
                    yield frame, black.copy()
                continue
            path = segment.clip.media.path
            reader = self._rgb_reader(path)
            for frame, picture in self._rgb_walk(segment, first, last, reader):
                yield frame, self._finish(path, picture)

    def av_frames(
        self, start: int = 0, stop: int | None = None, *, pix_fmt: str | None = None
    ) -> Iterator[tuple[int, av.VideoFrame]]:
        """(timeline frame, frame for the encoder) for ``[start, stop)``; pts are not set.

        Sources that need no processing pass their decoded frames through untouched (never a
        dissolve's mixed frames). When the encoder takes ``pix_fmt`` "yuv420p", a source whose
        only processing is its grade is graded in 4:2:0 (:func:`.yuv420.graded_yuv420`), and
        other processed pictures are converted here, on the caller's thread, with
        :mod:`.yuv420`; the encoder thread converts nothing.
        """
        yuv = pix_fmt == "yuv420p"
        black: av.VideoFrame | None = None
        for segment, first, last in self._spans(start, stop):
            if segment.window is not None:
                for frame, finished in self._mix_walk(segment, first, last, fast=yuv):
                    yield frame, self._encoder_frame(finished, yuv)
                continue
            if segment.clip is None:
                if black is None:
                    black = av.VideoFrame.from_ndarray(self._black_frame(), format="rgb24")
                for frame in range(first, last):
                    yield frame, black
                continue
            path = segment.clip.media.path
            changed = self._has_look(path)
            if self._look(path).as_decoded and (yuv or not changed):
                walk = self._walk(segment, first, last, self._reader(path, None))
                yield from (self._yuv_graded_walk(segment, walk) if changed else walk)
                continue
            reader = self._rgb_reader(path)
            for frame, picture in self._rgb_walk(segment, first, last, reader, fast=yuv):
                yield frame, self._encoder_frame(self._finish(path, picture), yuv)

    def _encoder_frame(self, picture: np.ndarray, yuv: bool) -> av.VideoFrame:
        if yuv:
            return yuv420_frame(picture, self.matrix)
        return av.VideoFrame.from_ndarray(picture, format="rgb24")

    def _mix_walk(
        self, segment: VideoSegment, first: int, last: int, *, fast: bool = False
    ) -> Iterator[tuple[int, np.ndarray]]:
        """A dissolve's finished pictures for ``[first, last)``: each side decoded once, by
        its own reader (see :func:`_incoming_slot`); a fade's missing side is black."""
        outgoing, incoming = segment.outgoing_side, segment.incoming_side
        out_walk = self._side_walk(outgoing, first, last, 0, fast)
        in_walk = self._side_walk(incoming, first, last, _incoming_slot(segment), fast)
        try:
            for (frame, out_picture), (_, in_picture) in zip(out_walk, in_walk, strict=True):
                yield frame, self._finish_mix(segment, frame, out_picture, in_picture)
        finally:
            out_walk.close()
            in_walk.close()

    def _side_walk(
        self, side: VideoSegment, first: int, last: int, slot: int, fast: bool
    ) -> Iterator[tuple[int, np.ndarray]]:
        if side.clip is None:
            return ((frame, self._black) for frame in range(first, last))
        return self._rgb_walk(side, first, last, self._rgb_reader(side.clip.media.path, slot), fast=fast)

    def _rgb_walk(
        self, segment: VideoSegment, first: int, last: int, reader: FrameReader, *, fast: bool = False
    ) -> Iterator[tuple[int, np.ndarray]]:
        """:meth:`_walk` as RGB: only shown frames are converted, a repeated one once.
        ``fast``: convert with :func:`.yuv420.fast_rgb` where it applies (the render's path)."""
        # The quick conversion neither scales nor turns: only for pictures used as decoded.
        video = self._info(segment.clip.media.path).video if segment.clip is not None else None
        fast = fast and video is not None and video.rotation == 0 and reader.size == (video.width, video.height)
        clip = segment.clip
        assert clip is not None
        path, base = clip.media.path, segment.offset - segment.range.start
        graded = self._has_look(path)
        shown: av.VideoFrame | None = None
        picture = self._black
        for frame, decoded in self._walk(segment, first, last, reader):
            if decoded is not shown:
                quick = fast and (decoded.width, decoded.height) == reader.size
                shown, picture = decoded, _decoded_rgb(reader, decoded, quick)
                if graded:
                    index = source_frame(clip, base + frame, self.rate)
                    # The render's picture is its own fresh array: grade it in place.
                    picture = self._graded(path, index, picture, in_place=fast)
            yield frame, picture

    def _yuv_graded_walk(
        self, segment: VideoSegment, walk: Iterator[tuple[int, av.VideoFrame]]
    ) -> Iterator[tuple[int, av.VideoFrame]]:
        """``walk`` (a :meth:`_walk` of a source shown as decoded) with each frame's effect
        and grade applied in 4:2:0 (:func:`.yuv420.stabilized_yuv420`,
        :func:`.yuv420.graded_yuv420`; a frame in another pixel format or matrix goes through
        R'G'B'), and frames with neither handed on untouched."""
        clip = segment.clip
        assert clip is not None
        path, base = clip.media.path, segment.offset - segment.range.start
        shown: av.VideoFrame | None = None
        out: av.VideoFrame | None = None
        for frame, decoded in walk:
            if decoded is not shown:
                shown, index = decoded, source_frame(clip, base + frame, self.rate)
                move = self.effects.move_at(path, index)
                moved = decoded if move is None else stabilized_yuv420(decoded, move, index)
                grade = self.grades.grade_at(path, index)
                out = moved if grade is None or moved is None else graded_yuv420(moved, grade, self.matrix)
                titles = self.effects.titles_at(path, index)
                if titles and out is not None:
                    out = titled_yuv420(out, titles, index, self.matrix)
                if out is None:
                    picture = _decoded_rgb(self._reader(path, None), decoded, quick=True)
                    out = yuv420_frame(self._graded(path, index, picture, in_place=True), self.matrix)
            assert out is not None
            yield frame, out

    def _spans(self, start: int, stop: int | None) -> Iterator[tuple[VideoSegment, int, int]]:
        stop = self.duration if stop is None else min(stop, self.duration)
        for segment in self.segments:
            first = max(start, segment.range.start)
            last = min(stop, segment.range.end_exclusive)
            if first < last:
                yield _planned(segment), first, last

    def _walk(
        self, segment: VideoSegment, first: int, last: int, reader: FrameReader
    ) -> Iterator[tuple[int, av.VideoFrame]]:
        """Decoded source frames for timeline frames ``[first, last)`` of a clip segment,
        decoding the source run once; a slower source repeats frames, a faster one skips."""
        clip = segment.clip
        assert clip is not None
        base = segment.offset - segment.range.start
        wanted = [source_frame(clip, base + frame, self.rate) for frame in range(first, last)]
        decoded = reader.av_frames(wanted[0], wanted[-1] + 1)
        have, picture = -1, None
        try:
            for frame, index in zip(range(first, last), wanted, strict=True):
                while have < index:
                    step = next(decoded, None)
                    if step is None:
                        break  # the source ran short of its probed length: hold the last picture
                    have, picture = step
                if picture is None:
                    raise RenderError(
                        f"{Path(clip.media.path).name}: no picture at source frame {index}"
                    )
                yield frame, picture
        finally:
            decoded.close()


def _decoded_rgb(reader: FrameReader, decoded: av.VideoFrame, quick: bool) -> np.ndarray:
    """A decoded frame as R'G'B': with :func:`.yuv420.fast_rgb` where ``quick`` (the picture is
    used at its decoded size) and it applies, else the reader's conversion."""
    picture = fast_rgb(decoded) if quick else None
    return reader.to_rgb(decoded) if picture is None else picture


def _planned(segment: VideoSegment) -> VideoSegment:
    """``segment`` as it is rendered: a dissolve between two equal pictures is the outgoing
    side alone (exact, and it may pass through untouched); a dip never is."""
    if segment.window is not None and segment.kind not in DIP_LEVELS and _mixes_one_frame(segment):
        return segment.outgoing_side
    return segment


def _incoming_slot(segment: VideoSegment) -> int:
    """The reader slot of a dissolve's incoming side: 1 (a second decoder) when both sides
    are one file, so each side walks its own run once; else 0, the reader that plays the
    incoming clip on after the dissolve, which then continues without a seek."""
    if segment.clip is None or segment.incoming is None:
        return 0  # a fade: one side to read
    return 1 if segment.clip.media.path == segment.incoming.media.path else 0
