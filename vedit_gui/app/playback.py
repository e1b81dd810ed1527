"""Playback for the editor: transport (Space, J/K/L, steps, in/out), pictures and sound in
sync, and signals the viewer and the timeline follow.

One run plays the timeline from a frame at a speed. Starting a run starts two workers: the
picture worker (:mod:`.playback_video`) decodes at viewer size into a bounded queue, and,
when sound plays, the mixing worker (:mod:`.playback_audio`) fills the buffer a
``QAudioSink`` pulls from. A GUI-thread timer reads the clock, moves the playhead and shows
the picture due. The sound is the master clock; without sound a monotonic clock stands in
(``clock_kind`` says which). Any change (seek, speed, an edit) ends the run and starts a
new one from the playhead, so there is one code path for all of them.

Play Around (Shift+K) plays two seconds either side of a frame and comes back to it. It, and
Play Tightened, may play another version of the edit (:class:`.removal_preview.RemovalPreview`:
pauses as if taken out) while the playhead follows on the edit as it is; anything else the
editor does ends it.
"""

from __future__ import annotations

import math
import queue
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtMultimedia import QtAudio

from ..render import frame_to_sample
from ..timeline import FrameRange, Timeline, TrackKind
from .playback_audio import (
    AudioFeed,
    AudioJob,
    AudioPump,
    PcmBuffer,
    PcmFormat,
    ahead_frames,
    open_default_output,
)
from .playback_clock import (
    MAX_SOUND_SPEED,
    AudioClock,
    MonotonicClock,
    PlaybackClock,
    plays_sound,
    shuttle_backward,
    shuttle_forward,
)
from .playback_video import (
    MAX_WIDTH,
    SEQUENTIAL_MAX_SPEED,
    DecodedFrame,
    DecodeFailed,
    Picture,
    VideoJob,
    VideoPump,
    open_preview,
)
from .removal_preview import RemovalPreview

PLAYING = "playing"
PAUSED = "paused"

TICK_MS = 5
"""How often the GUI thread reads the clock (well under a frame at 60 fps)."""

PRIME_SECONDS = 0.5
"""A run waits this long at most for its first picture and sound before the clock starts."""

PRIME_SOUND_SECONDS = 0.1
PRIME_FRAMES = 3
PENDING_FRAMES = 4
END_STALL_SECONDS = 0.15
LEVEL_EVERY_S = 0.03
"""How often the level meter hears of the sound (about a display frame)."""
SILENT_DB = -120.0

AudioOutputFactory = Callable[[PcmFormat], "tuple[Any, PcmFormat] | None"]
"""Opens an audio output (a ``QAudioSink`` or alike) for a format; None: no output device."""


def has_picture(timeline: Timeline) -> bool:
    """Whether any video track holds a clip (a sound-only timeline plays on the clock alone)."""
    return any(True for track in timeline.tracks_of(TrackKind.VIDEO) for _ in track.clips())


class PlaybackController(QObject):
    position_changed = Signal(int)  # the frame the viewer should show now
    state_changed = Signal(str)  # "playing" or "paused"
    speed_changed = Signal(float)  # 0 when paused; ±1, 2, 4, 8 while playing
    frame_ready = Signal(int, object)  # timeline frame, H×W×3 uint8 RGB at viewer size
    marks_changed = Signal(object, object)  # in point, out point (int or None)
    status_changed = Signal(str)  # a line for the status bar (clock, muted sound, errors)
    failed = Signal(str)  # a picture or the sound could not be decoded
    # The sound heard now: peak dBFS per channel, at most every LEVEL_EVERY_S; () when none plays.
    levels_changed = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        audio_output: AudioOutputFactory | None = None,
        sound_format: PcmFormat | None = None,
        open_video: Callable[[Timeline], Picture] | None = None,
        max_width: int = MAX_WIDTH,
        tick_ms: int = TICK_MS,
        show_stills: bool = True,
    ) -> None:
        """``show_stills=False`` leaves the paused picture (after a seek, a step, a pause, an
        edit) to someone else, e.g. a full-size ``FrameFetcher``; playback still shows its own."""
        super().__init__(parent)
        self._show_stills = show_stills
        self._audio_output_factory = audio_output or open_default_output
        self._sound_format = sound_format or PcmFormat()
        self._open_video = open_video or (lambda timeline: open_preview(timeline, max_width))
        self._timeline = Timeline(rate=Fraction(30000, 1001), name="")
        self._position = 0
        self._state = PAUSED
        self._speed = 0.0
        self._in: int | None = None
        self._out: int | None = None
        self._status = ""
        self._clock_kind = MonotonicClock.kind

        self._run = 0
        self._bounds = (0, 0)
        self._clock: PlaybackClock | None = None
        self._clock_frame = 0  # read by the picture worker: where the clock is
        self._run_started = 0.0
        self._run_prime = 0  # pictures a run waits for before its clock starts
        self._pending: deque[DecodedFrame] = deque()
        self._shown: int | None = None
        self._still_run: int | None = None
        self._end_watch: tuple[float, float] | None = None
        self._around: _Around | None = None
        self._levels_at = 0.0  # when levels were last sent; 0: none shown

        self._video: VideoPump | None = None
        self._audio: AudioPump | None = None
        self._output: tuple[Any, PcmFormat] | None = None
        self._output_opened = False
        self._pcm: PcmBuffer | None = None
        self._feed: AudioFeed | None = None
        self._sink_running = False
        self._closed = False

        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._on_timer_timeout)

    # --- state ---------------------------------------------------------------------------

    @property
    def timeline(self) -> Timeline:
        """The edit (during Play Around of a preview too: not the version playing)."""
        return self._around.edit if self._around is not None else self._timeline

    @property
    def position(self) -> int:
        """The playhead, in the edit's frames."""
        around = self._around
        if around is None:
            return self._position
        return min(around.preview.edit_frame(self._position), max(0, around.edit.duration - 1))

    @property
    def playing_around(self) -> bool:
        """Whether a run of another version of the edit (Play Around, Play Tightened) is playing."""
        return self._around is not None

    @property
    def state(self) -> str:
        return self._state

    @property
    def playing(self) -> bool:
        return self._state == PLAYING

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def in_point(self) -> int | None:
        return self._in

    @property
    def out_point(self) -> int | None:
        return self._out

    @property
    def clock_kind(self) -> str:
        """"audio" while sound drives the picture, else "monotonic" (perf_counter)."""
        return self._clock_kind

    @property
    def status(self) -> str:
        return self._status

    @property
    def frames_ahead(self) -> int:
        """Decoded pictures waiting to be shown (bounded: the worker never runs far ahead)."""
        queued = self._video.out.qsize() if self._video is not None else 0
        return len(self._pending) + queued

    @property
    def shown_frame(self) -> int | None:
        """The frame whose picture was emitted last."""
        return self._shown

    # --- the document ----------------------------------------------------------------------

    def set_timeline(self, timeline: Timeline) -> None:
        """Play ``timeline`` from now on; a run in progress restarts from the playhead (Play
        Around stops: what it previewed may have changed)."""
        self._leave_around()
        if timeline is self._timeline:
            return
        self._timeline = timeline
        last = timeline.duration - 1
        if self._in is not None and self._in > last or self._out is not None and self._out > last:
            self._in = None if self._in is None or self._in > last else self._in
            self._out = None if self._out is None or self._out > last else self._out
            self.marks_changed.emit(self._in, self._out)
        if timeline.duration == 0:
            self._halt()
            self._move_to(0)
            return
        frame = max(0, min(self._position, last))
        self._shown = None  # the picture may have changed even where the playhead has not
        if self.playing:
            lo, hi = self._bounds
            self._start(self._speed, (min(lo, last), min(hi, timeline.duration)), frame)
        else:
            self._move_to(frame)
            self._request_still()

    # --- transport ---------------------------------------------------------------------

    def play(self) -> None:
        """Play forward at 1× from the playhead (to the end of the timeline); at the last
        frame, from the start, as other editors do: watching the cut again is one key."""
        self._leave_around()
        if self.playing and self._speed == 1:
            return
        duration = self._timeline.duration
        self._start(1.0, (0, duration), 0 if self._position >= duration - 1 else self._position)

    def pause(self) -> None:
        self._leave_around()
        if not self.playing:
            return
        self._halt()
        self._request_still()

    def toggle(self) -> None:
        """Space: pause when playing, else play."""
        if self.playing:
            self.pause()
        else:
            self.play()

    def shuttle_forward(self) -> None:
        """L: play forward; pressed again, 2×, 4×, 8×."""
        self._leave_around()
        speed = shuttle_forward(self._speed if self.playing else 0.0)
        self._start(speed, self._run_bounds(), self._position)

    def shuttle_backward(self) -> None:
        """J: play backwards; pressed again, 2×, 4×, 8×."""
        self._leave_around()
        speed = shuttle_backward(self._speed if self.playing else 0.0)
        self._start(speed, self._run_bounds(), self._position)

    def stop(self) -> None:
        """K: pause (the playhead stays where it is)."""
        self.pause()

    def seek(self, frame: int) -> None:
        """Move the playhead; a run in progress continues from there."""
        self._leave_around()
        if self._timeline.duration == 0:
            return
        frame = max(0, min(frame, self._timeline.duration - 1))
        if self.playing:
            lo, hi = self._bounds
            self._start(self._speed, (min(lo, frame), max(hi, frame + 1)), frame)
            return
        self._move_to(frame)
        self._request_still()

    def step(self, frames: int) -> None:
        """Pause and move ``frames`` frames (negative: back)."""
        self._leave_around()
        self._halt()
        self.seek(self._position + frames)

    def set_in(self, frame: int | None = None) -> None:
        """Mark the in point at ``frame`` (default: the playhead)."""
        self._leave_around()
        frame = self._position if frame is None else frame
        self._in = max(0, min(frame, max(self._timeline.duration - 1, 0)))
        if self._out is not None and self._out < self._in:
            self._out = None
        self.marks_changed.emit(self._in, self._out)

    def set_out(self, frame: int | None = None) -> None:
        """Mark the out point (the last frame to play) at ``frame`` (default: the playhead)."""
        self._leave_around()
        frame = self._position if frame is None else frame
        self._out = max(0, min(frame, max(self._timeline.duration - 1, 0)))
        if self._in is not None and self._in > self._out:
            self._in = None
        self.marks_changed.emit(self._in, self._out)

    def clear_in_out(self) -> None:
        self._in = self._out = None
        self.marks_changed.emit(None, None)

    def show_marks(self, in_point: int | None, out_point: int | None) -> None:
        """Take the document's marks as they are (after an undo, a redo or an open), without
        stopping what plays: set by the editor, they are already in order and on the timeline."""
        if (in_point, out_point) != (self._in, self._out):
            self._in, self._out = in_point, out_point
            self.marks_changed.emit(in_point, out_point)

    def marked_frames(self) -> FrameRange | None:
        """The frames from the in point (or the start) to the out point (or the end), the out
        frame included: what Play In to Out plays and Export offers. None with neither set."""
        if self._in is None and self._out is None:
            return None
        end = self._out + 1 if self._out is not None else self.timeline.duration
        return FrameRange.from_bounds(self._in or 0, end)

    def play_in_to_out(self) -> None:
        """Play from the in point (or the start) and stop on the out point (or the end)."""
        self._leave_around()
        if self._timeline.duration == 0:
            return
        marked = self.marked_frames() or FrameRange(0, self._timeline.duration)
        self._start(1.0, (marked.start, marked.end_exclusive), marked.start)

    def play_around(self, frame: int, preview: RemovalPreview | None = None, label: str = "") -> None:
        """Shift+K: play from two seconds before the edit's ``frame`` to two after, then come
        back to ``frame``, as editors' Play Around does. With ``preview``, that version of the
        edit plays (a suggestion as if accepted) while the playhead follows on this one;
        ``label`` says so in the status line while it plays."""
        self._leave_around()
        edit = self._timeline
        if edit.duration == 0:
            return
        preview = preview or RemovalPreview(edit)
        span = preview.span_around(max(0, min(frame, edit.duration - 1)))
        if span.duration == 0:
            return
        self._play_version(preview, span, frame, label)

    def play_preview(self, preview: RemovalPreview, label: str = "") -> None:
        """Play ``preview`` (the edit with suggestions as if accepted) from the playhead to its
        end, the playhead following on this edit and stopping where it got to."""
        self._leave_around()
        frame = self._position
        if self._timeline.duration == 0 or preview.timeline.duration == 0:
            return
        start = min(preview.preview_frame(frame), preview.timeline.duration - 1)
        self._play_version(preview, FrameRange.from_bounds(start, preview.timeline.duration), None, label)

    def _play_version(self, preview: RemovalPreview, span: FrameRange, resume: int | None, label: str) -> None:
        self._halt()
        self._around = _Around(self._timeline, preview, resume, label)
        self._timeline = preview.timeline
        self._shown = None
        self._start(1.0, (span.start, span.end_exclusive), span.start)
        if not self.playing:  # nothing to play after all
            self._leave_around()

    def close(self) -> None:
        """Stop playing and end the worker threads (waits for them, briefly)."""
        if self._closed:
            return
        self._closed = True
        self._halt()
        self._timer.stop()
        if self._video is not None:
            self._video.close()
        if self._audio is not None:
            self._audio.close()
        if self._output is not None:
            self._output[0].stop()

    # --- runs ------------------------------------------------------------------------------

    def _run_bounds(self) -> tuple[int, int]:
        return self._bounds if self.playing else (0, self._timeline.duration)

    def _start(self, speed: float, bounds: tuple[int, int], frame: int) -> None:
        timeline = self._timeline
        if self._closed or timeline.duration == 0 or speed == 0:
            return
        lo, hi = bounds
        frame = max(lo, min(frame, hi - 1))
        if (speed > 0 and frame >= hi - 1) or (speed < 0 and frame <= lo):
            self._halt()
            self._move_to(frame)
            self._request_still()
            self._set_status("At the end of the timeline." if speed > 0 else "At the start.")
            return
        self._end_run()
        self._run += 1
        self._bounds = (lo, hi)
        self._clock_frame = frame
        self._run_started = time.perf_counter()
        picture = has_picture(timeline)
        # A few pictures in hand absorb decode jitter; sound only, there are none to wait for.
        sequential = 0 < speed <= SEQUENTIAL_MAX_SPEED
        self._run_prime = min(PRIME_FRAMES if sequential else 1, hi - frame) if picture else 0
        self._end_watch = None
        self._move_to(frame)
        if picture:
            self._workers().start(VideoJob(self._run, timeline, frame, speed))
        if self._sound_wanted(speed):
            self._start_sound(timeline, frame, speed)
        if self._state != PLAYING:
            self._state = PLAYING
            self.state_changed.emit(PLAYING)
        if self._speed != speed:
            self._speed = speed
            self.speed_changed.emit(speed)
        self._timer.start()

    def _sound_wanted(self, speed: float) -> bool:
        if not self._timeline.tracks_of(TrackKind.AUDIO):
            self._clock_kind = MonotonicClock.kind
            self._set_status("Playing: the timeline has no sound.")
            return False
        if not plays_sound(speed):
            self._clock_kind = MonotonicClock.kind
            how = "backwards" if speed < 0 else f"faster than {MAX_SOUND_SPEED:g}×"
            self._set_status(f"Playing at {speed:g}×: no sound {how}.")
            return False
        if self._audio_output() is None:
            self._clock_kind = MonotonicClock.kind
            self._set_status("No audio output device: playing without sound.")
            return False
        return True

    def _audio_output(self) -> tuple[Any, PcmFormat] | None:
        if not self._output_opened:
            self._output_opened = True
            self._output = self._audio_output_factory(self._sound_format)
            if self._output is not None:
                self._audio = AudioPump(self._output[1], self._on_worker_error)
        return self._output

    def _start_sound(self, timeline: Timeline, frame: int, speed: float) -> None:
        assert self._output is not None and self._audio is not None
        fmt = self._output[1]
        self._pcm = PcmBuffer(fmt, ahead_frames(fmt))
        self._feed = AudioFeed(self._pcm, self)
        start = frame_to_sample(frame, timeline.rate, fmt.sample_rate)
        self._audio.play(AudioJob(timeline, start, speed, self._pcm))

    def _workers(self) -> VideoPump:
        if self._video is None:
            self._video = VideoPump(lambda: self._clock_frame, self._open_video)
        return self._video

    def _end_run(self) -> None:
        """Stop the workers and the output; pictures of the old run are ignored from now."""
        self._run += 1
        self._still_run = None
        self._clock = None
        self._pending.clear()
        if self._video is not None:
            self._video.stop()
        if self._audio is not None:
            self._audio.stop()
        if self._sink_running and self._output is not None:
            self._output[0].stop()
        self._sink_running = False
        if self._feed is not None:
            self._feed.close()
            self._feed.deleteLater()
        self._feed = None
        self._pcm = None
        if self._levels_at:
            self._levels_at = 0.0
            self.levels_changed.emit(())

    def _halt(self) -> None:
        """End the run, if any, and say so."""
        was_playing = self.playing
        self._end_run()
        if was_playing:
            self._state = PAUSED
            self.state_changed.emit(PAUSED)
        if self._speed != 0:
            self._speed = 0.0
            self.speed_changed.emit(0.0)

    def _move_to(self, frame: int) -> None:
        self._clock_frame = frame
        if frame != self._position:
            self._position = frame
            self.position_changed.emit(self.position)

    def _leave_around(self, at: int | None = None) -> None:
        """End a Play Around run, pausing on the edit at ``at`` (default: where it had got to)."""
        around = self._around
        if around is None:
            return
        self._end_run()
        self._around = None
        self._position = min(around.preview.edit_frame(self._position), max(0, around.edit.duration - 1))
        self._timeline = around.edit
        self._shown = None
        self._move_to(self._position if at is None else at)  # while playing: the playhead follows
        self._halt()
        self._request_still()

    def _request_still(self) -> None:
        """Show the playhead's picture while paused (unless it is already on screen)."""
        if self._closed or self._timeline.duration == 0 or self._shown == self._position:
            return
        if not self._show_stills or not has_picture(self._timeline):
            return  # someone else shows stills, or sound only: no picture to decode
        self._run += 1
        self._still_run = self._run
        self._workers().start(VideoJob(self._run, self._timeline, self._position, 0.0))
        self._timer.start()

    def _set_status(self, text: str) -> None:
        if self._around is not None and self._around.label:
            text = f"{self._around.label} · {text}"
        if text != self._status:
            self._status = text
            self.status_changed.emit(text)

    def _on_worker_error(self, message: str) -> None:
        """From the mixing thread: a queued signal carries it to the GUI thread."""
        self.failed.emit(message)

    # --- the tick ------------------------------------------------------------------------

    def _on_timer_timeout(self) -> None:
        self._take_pictures()
        if not self.playing:
            if self._still_run is None:
                self._timer.stop()
            return
        if self._clock is None:
            if not self._primed():
                return
            self._start_clock()
        assert self._clock is not None
        position = self._clock.position()
        lo, hi = self._bounds
        if self._speed > 0 and (position >= hi or self._sound_ended(position, hi)):
            self._finish(hi - 1)
            return
        if self._speed < 0 and position < lo:
            self._finish(lo)
            return
        frame = max(lo, min(math.floor(position), hi - 1))
        self._move_to(frame)
        self._show_due(frame)
        self._send_levels()

    def _send_levels(self) -> None:
        """The peak of the sound being heard, for the level meter (from the blocks the mixing
        worker wrote, at the audio clock's count of real sound played)."""
        clock, pcm, now = self._clock, self._pcm, time.perf_counter()
        if not isinstance(clock, AudioClock) or pcm is None or now - self._levels_at < LEVEL_EVERY_S:
            return
        peaks = pcm.peak_at(clock.heard())
        if peaks is None:
            return
        self._levels_at = now
        self.levels_changed.emit(tuple(max(SILENT_DB, 20.0 * math.log10(max(float(p), 1e-9))) for p in peaks))

    def _take_pictures(self) -> None:
        """Move decoded pictures to the run's pending list, leaving the rest in the worker's
        queue once a few are pending: the worker blocks on the full queue, bounding memory."""
        video = self._video
        if video is None:
            return
        while len(self._pending) < PENDING_FRAMES:
            try:
                item = video.out.get_nowait()
            except queue.Empty:
                return
            if item.run != self._run:
                continue
            if isinstance(item, DecodeFailed):
                self._still_run = None
                self._run_prime = 0
                self._set_status(f"Frame {item.frame} could not be decoded: {item.message}")
                self.failed.emit(item.message)
                continue
            if item.run == self._still_run:
                self._still_run = None
                self._show(item)
                continue
            self._pending.append(item)

    def _primed(self) -> bool:
        """Whether the run may start its clock: first picture and some sound are ready."""
        if time.perf_counter() - self._run_started > PRIME_SECONDS:
            return True
        sound_ready = (
            self._pcm is None
            or self._pcm.finished
            or self._pcm.buffered_frames >= PRIME_SOUND_SECONDS * self._pcm.format.sample_rate
        )
        return sound_ready and len(self._pending) >= self._run_prime

    def _start_clock(self) -> None:
        start = float(self._position)
        if self._speed < 0:
            start += 1 - 1e-6  # backwards, frame n is on screen from n+1 down to n
        rate = self._timeline.rate
        if self._pcm is not None and self._feed is not None and self._output is not None:
            sink, fmt = self._output
            sink.start(self._feed)
            error = sink.error() if hasattr(sink, "error") else QtAudio.Error.NoError
            if error == QtAudio.Error.NoError:
                self._sink_running = True
                self._clock = AudioClock(
                    sink,
                    start=start,
                    speed=self._speed,
                    rate=rate,
                    sample_rate=fmt.sample_rate,
                    bytes_per_frame=fmt.bytes_per_frame,
                    real_frames=self._pcm.real_frames,
                )
                self._clock_kind = AudioClock.kind
                self._set_status(f"Playing with sound at {self._speed:g}× (audio clock).")
                return
            sink.stop()
            self._audio_stop_after_failure(error)
        self._clock = MonotonicClock(start, self._speed, rate)
        self._clock_kind = MonotonicClock.kind

    def _audio_stop_after_failure(self, error: object) -> None:
        if self._audio is not None:
            self._audio.stop()
        self._pcm = None
        self._set_status(f"The audio output failed ({error}): playing without sound.")

    def _sound_ended(self, position: float, hi: int) -> bool:
        """All the sound has played but the clock stops a hair short of the end (rounding):
        within the last frame, with the sound drained and the clock still, it is the end."""
        pcm = self._pcm
        if pcm is None or self._clock_kind != AudioClock.kind or position < hi - 1:
            return False
        if not pcm.finished or pcm.buffered_frames:
            return False
        now = time.perf_counter()
        if self._end_watch is None or self._end_watch[0] != position:
            self._end_watch = (position, now)
            return False
        return now - self._end_watch[1] > END_STALL_SECONDS

    def _show_due(self, frame: int) -> None:
        """Show the newest picture the clock has reached; drop those it has passed."""
        due: DecodedFrame | None = None
        if 0 < self._speed <= SEQUENTIAL_MAX_SPEED:
            while self._pending and self._pending[0].frame <= frame:
                due = self._pending.popleft()
        elif self._pending:
            due = self._pending.pop()
            self._pending.clear()
        if due is not None:
            self._show(due)

    def _show(self, item: DecodedFrame) -> None:
        if item.frame != self._shown:
            self._shown = item.frame
            self.frame_ready.emit(item.frame, item.picture)

    def _finish(self, frame: int) -> None:
        """The run reached its end: pause there with that frame on screen (Play Around: back
        where it began)."""
        if self._around is not None:
            self._leave_around(at=self._around.resume)  # None: where it got to
            return
        self._halt()
        self._move_to(frame)
        self._request_still()


@dataclass(frozen=True)
class _Around:
    """A run of another version of the edit: the edit, the version playing, and where to come
    back to at its end (None: stay where it got to)."""

    edit: Timeline
    preview: RemovalPreview
    resume: int | None
    label: str
