"""Playback's sound worker closes every AudioMix it is done with, on its own thread.

An AudioMix is in a reference cycle (its limiter reads the mix), so one that is merely
dropped keeps its readers' files open until a full cyclic GC pass: one more set for every
edit made while playing."""

from __future__ import annotations

import gc
import os
import threading
import time
from fractions import Fraction

import numpy as np
import pytest
from mediagen import make_video

from vedit_gui.app.playback_audio import AudioJob, AudioPump, PcmBuffer, PcmFormat
from vedit_gui.media import media_reference, probe
from vedit_gui.timeline import Split, Timeline, timeline_from_media

WORKER = "vedit-playback-audio"


class RecordedMix:
    """A silent stand-in for AudioMix that writes its opening and closing (and the thread
    that closed it) into ``events``."""

    def __init__(self, name: str, fmt: PcmFormat, events: list[tuple[str, str, str]]) -> None:
        self.name = name
        self.channels = fmt.channels
        self.length = fmt.sample_rate // 10
        self.events = events
        events.append(("open", name, threading.current_thread().name))

    def read(self, start: int, count: int) -> np.ndarray:
        return np.zeros((self.channels, count), np.float32)

    def close(self) -> None:
        self.events.append(("close", self.name, threading.current_thread().name))


def play_to_the_end(pump: AudioPump, timeline: Timeline, fmt: PcmFormat) -> None:
    buffer = PcmBuffer(fmt, 4 * fmt.sample_rate)  # room for all of it: nothing plays it out
    pump.play(AudioJob(timeline, 0, 1.0, buffer))
    deadline = time.monotonic() + 5
    while not buffer.finished and time.monotonic() < deadline:
        time.sleep(0.005)
    assert buffer.finished


def test_a_new_timeline_closes_the_mix_it_replaces_and_close_closes_the_last():
    fmt = PcmFormat()
    events: list[tuple[str, str, str]] = []
    first, second = Timeline(Fraction(25), name="first"), Timeline(Fraction(25), name="second")
    errors: list[str] = []
    pump = AudioPump(fmt, errors.append, open_mix=lambda t, f: RecordedMix(t.name, f, events))
    try:
        play_to_the_end(pump, first, fmt)
        play_to_the_end(pump, first, fmt)  # the same timeline again (a seek): the same mix
        assert events == [("open", "first", WORKER)]
        play_to_the_end(pump, second, fmt)  # an edit while playing
        # The old mix's readers go before the new one opens its own.
        assert events == [("open", "first", WORKER), ("close", "first", WORKER), ("open", "second", WORKER)]
    finally:
        pump.close()
    assert not pump.alive and not errors
    assert events[-1] == ("close", "second", WORKER)
    assert len(events) == 4


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts /proc/self/fd")
def test_edits_while_playing_leave_no_files_open_for_the_gc(tmp_path):
    """Twenty edits while playing real media, with the cyclic GC held off (as it is in a big
    heap, where full passes are rare): only the current mix's files stay open."""
    clip = make_video(tmp_path / "sound.mp4", 60, width=64, height=48)
    timeline = timeline_from_media(media_reference(probe(clip.path)))
    fmt = PcmFormat()
    errors: list[str] = []
    pump = AudioPump(fmt, errors.append)  # real AudioMixes, reading the file
    gc.collect()
    gc.disable()
    try:
        before = open_descriptors()
        play_to_the_end(pump, timeline, fmt)
        one_mix = open_descriptors() - before
        assert one_mix > 0  # the mix holds its source open while playing
        for frame in range(10, 30):
            timeline = Split(frame).apply(timeline)
            play_to_the_end(pump, timeline, fmt)
        assert open_descriptors() - before <= one_mix
        pump.close()
        assert open_descriptors() <= before
    finally:
        gc.enable()
        pump.close()
    assert not errors
