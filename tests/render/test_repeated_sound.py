"""Footage used twice plays its sound twice: a shot pasted again, or the same file on two tracks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from mediagen import make_video
from render_helpers import NTSC, decoded_audio

from vedit_gui.media import media_reference, probe
from vedit_gui.render import render_timeline
from vedit_gui.timeline import InsertMedia, timeline_from_media

SR = 48000


def test_a_source_played_twice_is_heard_twice(tmp_path: Path):
    clip = make_video(tmp_path / "tone.mp4", 60, width=64, height=48, rate=NTSC)
    media = media_reference(probe(clip.path))
    twice = InsertMedia((media,), 60).apply(timeline_from_media(media))  # the same two seconds again
    sound, _ = decoded_audio(render_timeline(twice, tmp_path / "twice.mp4"))
    second = 2 * SR * 1001 // 1000  # 60 frames at 29.97
    first_rms = np.sqrt(np.mean(sound[:, SR // 2 : SR] ** 2))
    again_rms = np.sqrt(np.mean(sound[:, second + SR // 2 : second + SR] ** 2))
    assert first_rms > 0.1 and abs(20 * np.log10(again_rms / first_rms)) < 0.5  # once read silence
