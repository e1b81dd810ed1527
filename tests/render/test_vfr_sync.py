"""A variable-frame-rate source (a phone in low light) renders with its picture in sync with
its sound: a flash and the beep recorded with it land within half a frame of each other
(golden check on the decoded render)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from mediagen import _write_audio, index_frame

from vedit_gui.media import media_reference, probe
from vedit_gui.render import render_timeline
from vedit_gui.timeline import timeline_from_media

DURATIONS_MS = (33, 34, 33, 50, 17)  # each cycle starts a little after a 29.97 grid frame
FLASH_EVERY = 15
RATE = 48000


def make_phone_clip(path: Path, frames: int = 90) -> Path:
    """Index frames held for irregular times, every ``FLASH_EVERY``-th white, with a beep in
    the sound at the moment each white frame starts."""
    starts = [0]
    for i in range(frames - 1):
        starts.append(starts[-1] + DURATIONS_MS[i % len(DURATIONS_MS)])
    sound = np.zeros((2, (starts[-1] + 100) * RATE // 1000), np.float32)
    beep = 0.8 * np.sin(2 * np.pi * 1000 * np.arange(480) / RATE).astype(np.float32)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 96, 64, "yuv420p"
        stream.time_base = stream.codec_context.time_base = Fraction(1, 1000)
        stream.codec_context.options = {"preset": "ultrafast", "bf": "0"}
        audio = container.add_stream("aac", rate=RATE)
        audio.layout = "stereo"
        for i, start in enumerate(starts):
            picture = index_frame(i, 96, 64)
            if i % FLASH_EVERY == 0:
                picture[:] = 255
                at = start * RATE // 1000
                sound[:, at : at + beep.size] = beep
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            frame.pts, frame.time_base = start, Fraction(1, 1000)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
        _write_audio(container, audio, sound, RATE)
    return path


def _starts(times: list[Fraction], gap: Fraction) -> list[Fraction]:
    """The first of each run of times closer than ``gap`` to the one before."""
    return [t for k, t in enumerate(times) if k == 0 or t - times[k - 1] > gap]


def test_a_variable_rate_source_keeps_its_picture_within_half_a_frame_of_its_sound(tmp_path):
    source = media_reference(probe(make_phone_clip(tmp_path / "phone.mkv")))
    out = render_timeline(timeline_from_media(source), tmp_path / "out.mp4")
    with av.open(str(out)) as container:
        rate = Fraction(container.streams.video[0].average_rate)
        white = [Fraction(i) / rate for i, frame in enumerate(container.decode(video=0))
                 if frame.to_ndarray(format="gray").mean() > 200]
    with av.open(str(out)) as container:
        sound = np.concatenate([frame.to_ndarray()[0] for frame in container.decode(audio=0)])
    loud = np.abs(sound) > 0.3
    onsets = [Fraction(int(i), RATE) for i in np.flatnonzero(loud[1:] & ~loud[:-1]) + 1]
    flashes, beeps = _starts(white, 2 / rate), _starts(onsets, Fraction(1, 20))
    assert len(flashes) == len(beeps) == 6
    # Shown from the frame on screen at each grid frame's start, the picture came up to a
    # whole frame late (32 ms here).
    assert max(abs(flash - beep) for flash, beep in zip(flashes, beeps, strict=True)) <= 1 / (2 * rate) + Fraction(1, 1000)
