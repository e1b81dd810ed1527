"""Playback: transport, pictures that match the playhead, the audio clock, and clean shutdown.

Sources come from ``mediagen``: every frame carries its index, so a picture shown during
playback says which frame it is. The offscreen platform has no audio output, so the audio
clock is driven by ``FakeSink``, a stand-in for ``QAudioSink`` that pulls from the feed in
real time through a buffer of fixed latency.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest
from mediagen import index_frame, make_audio_only, make_video, read_index
from PySide6.QtCore import QIODevice, QObject, QTimer
from PySide6.QtMultimedia import QMediaDevices

from vedit_gui.app.playback import PAUSED, PENDING_FRAMES, PLAYING, PlaybackController
from vedit_gui.app.playback_audio import (
    AudioFeed,
    AudioJob,
    AudioPump,
    PcmBuffer,
    PcmFormat,
    shuttle_block,
)
from vedit_gui.app.playback_clock import (
    AudioClock,
    MonotonicClock,
    played_frames,
    shuttle_backward,
    shuttle_forward,
)
from vedit_gui.app.playback_video import QUEUE_FRAMES, preview_size
from vedit_gui.app.removal_preview import RemovalPreview
from vedit_gui.media import media_reference, probe
from vedit_gui.render import AudioMix, frame_to_sample
from vedit_gui.timeline import Clip, FrameRange, TrackKind, TrimIn, timeline_from_media
from vedit_gui.timeline.edits import remove_source_ranges

FRAMES = 90  # three seconds at 29.97


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return make_video(tmp_path_factory.mktemp("playback") / "count.mp4", FRAMES)


@pytest.fixture(scope="module")
def timeline(source):
    return timeline_from_media(media_reference(probe(source.path)))


class FakeSink(QObject):
    """A ``QAudioSink`` stand-in: plays in real time, keeping ``latency`` frames buffered;
    ``stalled`` freezes playback (a device that stops consuming)."""

    def __init__(self, fmt: PcmFormat, latency: int = 4800) -> None:
        super().__init__()
        self.format = fmt
        self.latency = latency
        self.stalled = False
        self.received = bytearray()
        self.starts = 0
        self._device: QIODevice | None = None
        self._played = 0.0
        self._last = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._pull)

    def start(self, device: QIODevice) -> None:
        self.starts += 1
        self._device = device
        self.received = bytearray()
        self._played = 0.0
        self._last = time.perf_counter()
        self._pull()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._device = None

    def error(self):
        from PySide6.QtMultimedia import QtAudio

        return QtAudio.Error.NoError

    def _pull(self) -> None:
        now = time.perf_counter()
        if not self.stalled:
            self._played = min(self._played + (now - self._last) * self.format.sample_rate,
                               len(self.received) / self.format.bytes_per_frame)
        self._last = now
        if self._device is None:
            return
        bpf = self.format.bytes_per_frame
        want = (int(self._played) + self.latency) * bpf - len(self.received)
        if want > 0:
            self.received += self._device.read(want)

    def processedUSecs(self) -> int:  # noqa: N802 - Qt's name
        return len(self.received) // self.format.bytes_per_frame * 1_000_000 // self.format.sample_rate

    def bufferSize(self) -> int:  # noqa: N802 - Qt's name
        return self.latency * self.format.bytes_per_frame

    def bytesFree(self) -> int:  # noqa: N802 - Qt's name
        queued = len(self.received) - int(self._played) * self.format.bytes_per_frame
        return self.bufferSize() - queued


def no_output(fmt: PcmFormat):
    return None


class Recorder:
    """Everything the controller said, with when."""

    def __init__(self, controller: PlaybackController) -> None:
        self.controller = controller
        self.positions: list[tuple[float, int]] = []
        self.pictures: list[tuple[int, int, int]] = []  # frame, index drawn in it, playhead then
        self.states: list[str] = []
        self.speeds: list[float] = []
        self.statuses: list[str] = []
        controller.position_changed.connect(
            lambda frame: self.positions.append((time.perf_counter(), frame))
        )
        controller.frame_ready.connect(
            lambda frame, picture: self.pictures.append(
                (frame, read_index(picture), controller.position)
            )
        )
        controller.state_changed.connect(self.states.append)
        controller.speed_changed.connect(self.speeds.append)
        controller.status_changed.connect(self.statuses.append)

    def rate_between(self, t0: float, t1: float) -> float:
        """Frames per second the playhead moved between two times."""
        inside = [(t, f) for t, f in self.positions if t0 <= t <= t1]
        (ta, fa), (tb, fb) = inside[0], inside[-1]
        return (fb - fa) / (tb - ta)


def make_controller(qtbot, timeline, **kwargs) -> tuple[PlaybackController, Recorder]:
    kwargs.setdefault("audio_output", no_output)
    controller = PlaybackController(**kwargs)
    recorder = Recorder(controller)
    controller.set_timeline(timeline)
    qtbot.waitUntil(lambda: controller.shown_frame == 0, timeout=5000)
    return controller, recorder


@pytest.fixture
def player(qtbot, timeline):
    controller, recorder = make_controller(qtbot, timeline)
    yield controller, recorder
    controller.close()


def test_play_moves_at_real_time_and_every_picture_is_its_frame(qtbot, player, timeline):
    controller, rec = player
    controller.play()
    assert controller.state == PLAYING and controller.clock_kind == "monotonic"
    assert "without sound" in controller.status or "no sound" in controller.status  # and says why
    qtbot.wait(1500)
    assert controller.playing
    fps = rec.rate_between(0, time.perf_counter())
    assert fps == pytest.approx(float(timeline.rate), rel=0.12)
    shown = rec.pictures[1:]
    assert len(shown) > 20
    assert all(frame == index for frame, index, _ in shown)
    near = [abs(frame - playhead) <= 1 for frame, _, playhead in shown]
    assert sum(near) >= 0.9 * len(near)


def test_play_runs_to_the_end_and_stops_on_the_last_frame(qtbot, player, timeline):
    controller, rec = player
    last = timeline.duration - 1
    controller.seek(last - 12)
    controller.play()
    qtbot.waitUntil(lambda: controller.state == PAUSED, timeout=5000)
    assert controller.position == last
    qtbot.waitUntil(lambda: controller.shown_frame == last, timeout=5000)
    assert rec.pictures[-1][:2] == (last, last)
    assert rec.states == [PLAYING, PAUSED]


def test_play_at_the_end_plays_from_the_start_and_l_stays_stopped(qtbot, player, timeline):
    controller, rec = player
    controller.seek(timeline.duration - 1)
    controller.shuttle_forward()  # L shuttles on from where it is: nothing is left
    assert controller.state == PAUSED
    assert controller.position == timeline.duration - 1
    assert "end" in controller.status
    qtbot.wait(100)
    assert rec.states == []
    controller.play()  # Space: the cut again, from the start, as other editors do
    assert controller.state != PAUSED and controller.position < 5
    controller.pause()


def test_l_doubles_the_speed_and_two_x_moves_twice_as_fast(qtbot, player, timeline):
    controller, rec = player
    controller.shuttle_forward()
    controller.shuttle_forward()
    assert controller.speed == 2
    started = time.perf_counter()
    qtbot.wait(700)
    fps = rec.rate_between(started, time.perf_counter())
    assert fps == pytest.approx(2 * float(timeline.rate), rel=0.15)
    assert all(frame == index for frame, index, _ in rec.pictures)
    controller.shuttle_forward()
    controller.shuttle_forward()
    controller.shuttle_forward()
    assert rec.speeds == [1.0, 2.0, 4.0, 8.0]
    assert controller.speed == 8


def test_j_plays_backwards_and_k_stops(qtbot, player, timeline):
    controller, rec = player
    controller.seek(70)
    qtbot.waitUntil(lambda: controller.shown_frame == 70, timeout=5000)
    controller.shuttle_backward()
    assert controller.speed == -1
    qtbot.wait(700)
    assert controller.playing and controller.position < 60
    played = [frame for _, frame in rec.positions if frame <= 70]
    assert played == sorted(played, reverse=True)
    backwards = [p for p in rec.pictures if p[0] < 70]
    assert backwards and all(frame == index for frame, index, _ in backwards)
    controller.stop()
    assert controller.state == PAUSED and controller.speed == 0
    stopped_at = controller.position
    qtbot.wait(200)
    assert controller.position == stopped_at
    qtbot.waitUntil(lambda: controller.shown_frame == stopped_at, timeout=5000)


def test_j_runs_back_to_the_start_and_stops(qtbot, player):
    controller, _ = player
    controller.seek(10)
    controller.shuttle_backward()
    controller.shuttle_backward()
    qtbot.waitUntil(lambda: controller.state == PAUSED, timeout=5000)
    assert controller.position == 0


def test_in_to_out_playback_stops_on_the_out_point(qtbot, player):
    controller, rec = player
    controller.seek(20)
    controller.set_in()
    controller.set_out(32)
    assert (controller.in_point, controller.out_point) == (20, 32)
    controller.seek(50)
    controller.play_in_to_out()
    qtbot.waitUntil(lambda: controller.state == PAUSED, timeout=5000)
    assert controller.position == 32
    played = [frame for _, frame in rec.positions if _ >= rec.positions[-1][0] - 1]
    assert min(played) >= 20
    qtbot.waitUntil(lambda: controller.shown_frame == 32, timeout=5000)


def test_step_shows_each_frame_exactly(qtbot, player):
    controller, rec = player
    controller.step(5)
    qtbot.waitUntil(lambda: controller.shown_frame == 5, timeout=5000)
    controller.step(-2)
    qtbot.waitUntil(lambda: controller.shown_frame == 3, timeout=5000)
    assert controller.position == 3
    assert [(f, i) for f, i, _ in rec.pictures[-2:]] == [(5, 5), (3, 3)]
    controller.step(-10)
    assert controller.position == 0


def test_stills_can_be_left_to_another_viewer_source(qtbot, timeline):
    controller = PlaybackController(audio_output=no_output, show_stills=False)
    rec = Recorder(controller)
    try:
        controller.set_timeline(timeline)
        controller.seek(40)
        controller.step(1)
        qtbot.wait(200)
        assert controller.position == 41 and rec.pictures == []
        controller.play()
        qtbot.waitUntil(lambda: len(rec.pictures) > 3, timeout=5000)
        controller.pause()
        assert all(frame == index for frame, index, _ in rec.pictures)
    finally:
        controller.close()


def test_an_edit_while_playing_restarts_from_the_playhead(qtbot, player, timeline):
    controller, rec = player
    controller.play()
    qtbot.wait(300)
    video_clip = next(timeline.tracks_of(TrackKind.VIDEO)[0].clips())
    edited = TrimIn(video_clip.id, 30).apply(timeline)
    at_edit = controller.position
    controller.set_timeline(edited)
    assert controller.playing
    changed = len(rec.pictures)
    qtbot.wait(500)
    after = rec.pictures[changed:]
    assert after, "no pictures after the edit"
    assert all(index == frame + 30 for frame, index, _ in after)
    assert after[0][0] >= at_edit - 1


class PaintedFrames:
    """A picture source that draws index frames, taking ``seconds`` per frame to "decode"."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def frame_at(self, frame: int) -> np.ndarray:
        time.sleep(self.seconds)
        return index_frame(frame, 64, 48)

    def frames(self, start: int = 0, stop: int | None = None):
        for frame in range(start, FRAMES if stop is None else stop):
            yield frame, self.frame_at(frame)

    def close(self) -> None:
        pass


def test_a_fast_decoder_stays_a_few_frames_ahead(qtbot, timeline):
    controller, _ = make_controller(qtbot, timeline, open_video=lambda t: PaintedFrames(0))
    try:
        controller.play()
        ahead = []
        for _ in range(20):
            qtbot.wait(20)
            ahead.append(controller.frames_ahead)
        assert max(ahead) <= PENDING_FRAMES + QUEUE_FRAMES
        assert max(ahead) >= 2
    finally:
        controller.close()


def test_a_slow_decoder_drops_late_frames_and_keeps_time(qtbot, timeline):
    # 50 ms a picture is 20 fps against a 30 fps clock: the picture cannot keep up.
    controller, rec = make_controller(qtbot, timeline, open_video=lambda t: PaintedFrames(0.05))
    try:
        started = time.perf_counter()
        controller.play()
        qtbot.wait(1500)
        fps = rec.rate_between(started, time.perf_counter())
        assert fps == pytest.approx(float(timeline.rate), rel=0.12)
        shown = rec.pictures[1:]
        assert 5 < len(shown) < controller.position - 5
        assert all(frame == index and abs(frame - playhead) <= 1 for frame, index, playhead in shown)
    finally:
        controller.close()


def test_a_sound_only_timeline_plays_on_the_clock(qtbot, tmp_path):
    path = make_audio_only(tmp_path / "tone.m4a", 0.5)
    sound = timeline_from_media(media_reference(probe(path)))
    controller = PlaybackController(audio_output=no_output)
    failures: list[str] = []
    controller.failed.connect(failures.append)
    try:
        controller.set_timeline(sound)
        controller.play()
        qtbot.waitUntil(lambda: controller.state == PAUSED, timeout=5000)
        assert controller.position == sound.duration - 1
        assert controller.shown_frame is None and not failures
    finally:
        controller.close()


def test_close_while_playing_leaves_no_threads(qtbot, timeline):
    controller, _ = make_controller(qtbot, timeline)
    controller.play()
    qtbot.wait(200)
    controller.close()
    assert not [t.name for t in threading.enumerate() if t.name.startswith("vedit-playback")]


# --- sound ------------------------------------------------------------------------------


def test_the_audio_feed_serves_the_timeline_mix_sample_for_sample(timeline):
    fmt = PcmFormat()
    errors: list[str] = []
    pump = AudioPump(fmt, errors.append)
    try:
        buffer = PcmBuffer(fmt, 12000)
        start = frame_to_sample(15, timeline.rate, fmt.sample_rate)
        pump.play(AudioJob(timeline, start, 1.0, buffer))
        deadline = time.perf_counter() + 5
        while buffer.buffered_frames < 9600 and time.perf_counter() < deadline:
            time.sleep(0.01)
        feed = AudioFeed(buffer)
        assert feed.isReadable() and feed.isSequential()
        heard = fmt.decode(bytes(feed.read(9600 * fmt.bytes_per_frame)))
        expected = AudioMix(timeline, fmt.sample_rate, fmt.channels).read(start, 9600)
        np.testing.assert_allclose(heard, expected, atol=1e-6)
        assert np.abs(heard).max() > 0.1
        assert buffer.real_frames(9600) == 9600
    finally:
        pump.close()
    assert not errors and not pump.alive


def test_an_underrun_pads_silence_that_the_clock_does_not_count():
    fmt = PcmFormat(float_samples=False)
    buffer = PcmBuffer(fmt, 4800)
    tone = np.full((2, 100), 0.5, np.float32)
    assert buffer.write(fmt.encode(tone))
    data = buffer.take(300 * fmt.bytes_per_frame)
    assert len(data) == 300 * fmt.bytes_per_frame
    samples = fmt.decode(data)
    np.testing.assert_allclose(samples[:, :100], 0.5, atol=1e-4)
    assert not samples[:, 100:].any()
    assert buffer.write(fmt.encode(tone))
    buffer.take(100 * fmt.bytes_per_frame)
    assert buffer.real_frames(50) == 50
    assert buffer.real_frames(300) == 100
    assert buffer.real_frames(400) == 200
    buffer.finish()
    assert buffer.take(64) == b""


def test_the_audio_clock_is_the_master(qtbot, timeline):
    sinks: list[FakeSink] = []

    def fake_output(fmt: PcmFormat):
        sinks.append(FakeSink(fmt))
        return sinks[-1], fmt

    controller, rec = make_controller(qtbot, timeline, audio_output=fake_output)
    try:
        controller.play()
        qtbot.waitUntil(lambda: controller.clock_kind == "audio", timeout=3000)
        assert "audio clock" in controller.status
        started = time.perf_counter()
        qtbot.wait(800)
        fps = rec.rate_between(started, time.perf_counter())
        assert fps == pytest.approx(float(timeline.rate), rel=0.12)
        # The sound that went out is the timeline's mix from the playhead the run began at.
        sink = sinks[0]
        heard = sink.format.decode(bytes(sink.received))[:, :4800]
        expected = AudioMix(timeline).read(0, 4800)
        np.testing.assert_allclose(heard, expected, atol=1e-6)
        # The picture follows the sound: when the device stops playing, the picture holds.
        sink.stalled = True
        qtbot.wait(100)
        held = controller.position
        qtbot.wait(400)
        assert controller.position - held <= 2
        sink.stalled = False
        qtbot.waitUntil(lambda: controller.position > held + 4, timeout=3000)
        assert all(frame == index for frame, index, _ in rec.pictures)
    finally:
        controller.close()


def test_sound_is_muted_backwards_and_above_two_x(qtbot, timeline):
    def fake_output(fmt: PcmFormat):
        return FakeSink(fmt), fmt

    controller, _ = make_controller(qtbot, timeline, audio_output=fake_output)
    try:
        controller.shuttle_forward()
        controller.shuttle_forward()
        qtbot.waitUntil(lambda: controller.clock_kind == "audio", timeout=3000)
        controller.shuttle_forward()
        assert controller.speed == 4
        qtbot.waitUntil(lambda: controller.clock_kind == "monotonic", timeout=3000)
        assert controller.status == "Playing at 4×: no sound faster than 2×."
        controller.seek(60)
        controller.shuttle_backward()
        assert controller.speed == -1 and controller.status == "Playing at -1×: no sound backwards."
    finally:
        controller.close()


@pytest.mark.skipif(
    not QMediaDevices.defaultAudioOutput().isNull(), reason="this machine has an audio output"
)
def test_without_an_output_device_the_clock_is_monotonic(qtbot, timeline):
    controller, _ = make_controller(qtbot, timeline, audio_output=None)
    try:
        controller.play()
        assert controller.clock_kind == "monotonic"
        assert "No audio output device" in controller.status
    finally:
        controller.close()


# --- the pure parts -----------------------------------------------------------------------


def test_shuttle_speeds():
    assert shuttle_forward(0) == 1 and shuttle_forward(1) == 2 and shuttle_forward(8) == 8
    assert shuttle_forward(-4) == 1
    assert shuttle_backward(0) == -1 and shuttle_backward(-2) == -4 and shuttle_backward(-8) == -8
    assert shuttle_backward(2) == -1


def test_played_frames_subtracts_what_the_output_still_holds():
    assert played_frames(1_000_000, 0, 8, 48000) == 48000
    assert played_frames(1_000_000, 4800 * 8, 8, 48000) == 43200
    assert played_frames(10_000, 48000 * 8, 8, 48000) == 0


def test_clocks_count_timeline_frames():
    now = [100.0]
    clock = MonotonicClock(10, -2.0, Fraction(30), now=lambda: now[0])
    now[0] += 0.5
    assert clock.position() == pytest.approx(10 - 2 * 0.5 * 30)

    class Output:
        processed = 0

        def processedUSecs(self):  # noqa: N802
            return self.processed

        def bufferSize(self):  # noqa: N802
            return 0

        def bytesFree(self):  # noqa: N802
            return 0

    output = Output()
    audio = AudioClock(output, start=5, speed=1, rate=Fraction(30), sample_rate=48000, bytes_per_frame=8,
                       real_frames=lambda n: n, now=lambda: now[0])
    output.processed = 1_000_000
    assert audio.position() == pytest.approx(35)
    now[0] += 1.0  # no progress from the output: glide a little, never a second
    assert audio.position() == pytest.approx(35 + 0.04 * 30)


def test_two_x_sound_and_preview_size():
    block = np.arange(8, dtype=np.float32).reshape(2, 4)
    np.testing.assert_allclose(shuttle_block(block, 2.0), [[0.5, 2.5], [4.5, 6.5]])
    assert preview_size((640, 360)) is None
    assert preview_size((3840, 2160)) == (960, 540)


def test_the_timeline_under_test_has_picture_and_sound(timeline):
    # The sound tests above mean nothing unless there is sound to hear.
    assert timeline.tracks_of(TrackKind.AUDIO)
    clip = next(timeline.tracks_of(TrackKind.AUDIO)[0].clips())
    assert isinstance(clip, Clip) and clip.media.has_audio


def test_a_removal_preview_maps_frames_both_ways(timeline):
    preview = RemovalPreview(timeline, (FrameRange(10, 5), FrameRange(30, 10)))
    kept = [f for f in range(60) if not (10 <= f < 15 or 30 <= f < 40)]
    assert [preview.edit_frame(p) for p in range(len(kept))] == kept
    assert [preview.preview_frame(f) for f in kept] == list(range(len(kept)))
    assert (preview.preview_frame(12), preview.preview_frame(35)) == (10, 25)  # taken out: at the join
    assert (preview.nearest_join(3), preview.nearest_join(28)) == (10, 30)
    assert RemovalPreview(timeline).nearest_join(7) == 7


def test_play_around_plays_two_seconds_either_side_and_comes_back(qtbot, player, timeline):
    controller, rec = player
    controller.seek(80)
    controller.play_around(80)
    assert controller.playing_around
    qtbot.waitUntil(lambda: controller.state == PAUSED, timeout=8000)
    played = [frame for _, frame in rec.positions]
    two_seconds = round(2 * timeline.rate)
    assert min(played) == 80 - two_seconds and max(played) == timeline.duration - 1
    assert controller.position == played[-1] == 80 and not controller.playing_around
    assert rec.states == [PLAYING, PAUSED]
    assert all(frame == index for frame, index, _ in rec.pictures)
    qtbot.waitUntil(lambda: controller.shown_frame == 80, timeout=5000)


def removal(source, timeline) -> RemovalPreview:
    """The test edit with frames 40-69 taken out (its source frames are its frames)."""
    removed = FrameRange(40, 30)
    return RemovalPreview(remove_source_ranges(timeline, [(str(source.path), removed)]), (removed,))


def test_play_around_a_removal_plays_the_jump_while_the_playhead_skips_it(qtbot, player, source, timeline):
    controller, rec = player
    preview = removal(source, timeline)
    assert preview.timeline.duration == timeline.duration - 30
    controller.seek(40)
    before = len(rec.positions)
    controller.play_around(40, preview, "As if taken out")
    assert controller.timeline is timeline  # the edit, not the version playing
    qtbot.waitUntil(lambda: controller.state == PAUSED, timeout=8000)
    assert "As if taken out" in "".join(rec.statuses)
    played = [frame for _, frame in rec.positions[before:]]
    assert played[-1] == controller.position == 40  # back where it began
    assert not any(40 <= frame < 70 for frame in played[:-1]) and max(played) == timeline.duration - 1
    # Each picture is the preview's frame: after the join, the source 30 frames on.
    assert rec.pictures and all(index == preview.edit_frame(frame) for frame, index, _ in rec.pictures[:-1])
    assert any(index >= 70 for _, index, _ in rec.pictures)
    assert controller.timeline is timeline and not controller.playing_around


def test_anything_else_ends_play_around_where_it_had_got_to(qtbot, player, source, timeline):
    controller, rec = player
    preview = removal(source, timeline)
    controller.play_around(40, preview)
    qtbot.waitUntil(lambda: controller.position >= 72, timeout=5000)
    controller.pause()
    stopped = controller.position
    assert stopped >= 72 and not controller.playing_around and controller.timeline is timeline
    qtbot.waitUntil(lambda: controller.shown_frame == stopped, timeout=5000)
    assert rec.pictures[-1][:2] == (stopped, stopped)
    controller.play_around(40, preview)
    edited = TrimIn(timeline.tracks[0].items[0].id, 5).apply(timeline)
    controller.set_timeline(edited)  # an edit: what was previewed may have changed
    assert controller.state == PAUSED and not controller.playing_around and controller.timeline is edited


def test_play_preview_plays_a_version_to_its_end_and_stops_where_it_got_to(qtbot, player, source, timeline):
    controller, rec = player
    gone = (FrameRange(20, 15), FrameRange(50, 25))
    preview = RemovalPreview(remove_source_ranges(timeline, [(str(source.path), r) for r in gone]), gone)
    controller.seek(5)
    before = len(rec.positions)
    controller.play_preview(preview, "Tightened")
    qtbot.waitUntil(lambda: controller.state == PAUSED, timeout=8000)
    played = [frame for _, frame in rec.positions[before:]]
    assert played and not any(r.contains(frame) for r in gone for frame in played)
    assert played[-1] == controller.position == timeline.duration - 1  # the end, not back at 5
    assert controller.timeline is timeline and not controller.playing_around


def test_the_level_meter_hears_the_sound_being_played_and_rests_when_it_stops(qtbot, timeline):
    def fake_output(fmt: PcmFormat):
        return FakeSink(fmt), fmt

    controller, _ = make_controller(qtbot, timeline, audio_output=fake_output)
    levels: list[tuple[float, ...]] = []
    controller.levels_changed.connect(levels.append)
    try:
        controller.play()
        qtbot.waitUntil(lambda: len(levels) > 10, timeout=5000)
        tone_db = 20 * np.log10(0.3)  # mediagen's tone: a sine of peak 0.3 in both channels
        heard = [lv for lv in levels if lv]
        assert all(len(lv) == 2 for lv in heard)
        assert np.median([lv[0] for lv in heard]) == pytest.approx(tone_db, abs=1.0)
        controller.pause()
        assert levels[-1] == ()
    finally:
        controller.close()


def test_a_buffer_remembers_each_blocks_peak_by_the_sound_frames_it_holds():
    fmt = PcmFormat()
    pcm = PcmBuffer(fmt, 48000)
    quiet, loud = np.full((2, 960), 0.1, np.float32), np.full((2, 960), 0.8, np.float32)
    loud[1] = -0.5
    pcm.write(fmt.encode(quiet))
    pcm.write(fmt.encode(loud))
    assert pcm.peak_at(0) == pytest.approx([0.1, 0.1])
    assert pcm.peak_at(959) == pytest.approx([0.1, 0.1])
    assert pcm.peak_at(960) == pytest.approx([0.8, 0.5])
    assert pcm.peak_at(1920) is None and pcm.peak_at(-1) is None


def test_a_pause_in_footage_laid_over_the_edit_moves_none_of_its_frames(tmp_path, source, timeline):
    from vedit_gui.app.removal_preview import preview_accepting
    from vedit_gui.timeline import REMOVE_PAUSE, OverlayMedia, Suggestion

    broll = media_reference(probe(make_video(tmp_path / "broll.mp4", 60, width=160, height=96).path))
    edit = OverlayMedia((broll,), 10).apply(timeline)
    over = Suggestion(REMOVE_PAUSE, broll.path, FrameRange(20, 20), 0.9, "test", {"keep": 0})
    own = Suggestion(REMOVE_PAUSE, str(source.path), FrameRange(50, 10), 0.9, "test", {"keep": 0})
    edit = replace(edit, suggestions=(over, own))
    assert preview_accepting(edit, [over]).removed == ()  # B-roll closes up alone
    both = preview_accepting(edit, [over, own])
    assert both.removed == (FrameRange(50, 10),)
    assert both.timeline.duration == edit.duration - 10
    assert both.edit_frame(both.timeline.duration - 1) == edit.duration - 1
