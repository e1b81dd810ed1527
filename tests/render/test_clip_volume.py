"""A clip's volume in the mix: its samples scaled, muted at the floor, and a change of level
between a split's halves eased over ~5 ms instead of a dip or a click."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from mediagen import make_video
from render_helpers import NTSC, decoded_audio

from vedit_gui.media import media_reference, probe
from vedit_gui.render import AudioMix, frame_to_sample, render_timeline
from vedit_gui.render.audio_mix import FADE_SECONDS
from vedit_gui.timeline import (
    MUTE_DB,
    MediaReference,
    SetClipGain,
    Split,
    TrackKind,
    timeline_from_media,
)

SR = 48000
LEVEL = 0.5
SOURCE = MediaReference("/media/a.wav", NTSC, 300, has_video=False)


class Level:
    """A fake source: ``LEVEL`` on both channels."""

    def read(self, start: int, count: int) -> np.ndarray:
        return np.full((2, count), LEVEL, np.float32)


def mixed(timeline) -> np.ndarray:
    with AudioMix(timeline, SR, 2, open_source=lambda _path: Level()) as mix:
        return mix.read(0, mix.length)[0]


def sound_ids(timeline) -> list[str]:
    return [clip.id for clip in timeline.tracks_of(TrackKind.AUDIO)[0].clips()]


def test_a_clip_plays_at_its_level_and_mutes_at_the_floor():
    timeline = timeline_from_media(SOURCE)
    middle = slice(SR, 2 * SR)
    assert np.allclose(mixed(timeline)[middle], LEVEL)
    quieter = SetClipGain(tuple(sound_ids(timeline)), -6.0).apply(timeline)
    assert np.allclose(mixed(quieter)[middle], LEVEL * 10 ** (-6 / 20), atol=1e-6)
    muted = SetClipGain(tuple(sound_ids(timeline)), MUTE_DB).apply(timeline)
    assert not mixed(muted).any()


def test_a_level_change_at_a_split_eases_across_without_a_dip():
    timeline = Split(150).apply(timeline_from_media(SOURCE))
    second = sound_ids(timeline)[1]
    timeline = SetClipGain((second,), -12.0).apply(timeline)
    out = mixed(timeline)
    at = frame_to_sample(150, NTSC, SR)
    ramp = round(FADE_SECONDS * SR)
    low = LEVEL * 10 ** (-12 / 20)
    assert np.allclose(out[at - 100 : at], LEVEL) and np.allclose(out[at + ramp : at + ramp + 100], low, atol=1e-6)
    across = out[at - 1 : at + ramp + 1]
    assert np.all(np.diff(across) <= 1e-7) and across.min() >= low - 1e-6  # falls steadily, never below


def test_the_render_carries_the_volume(tmp_path: Path):
    clip = make_video(tmp_path / "tone.mp4", 60, width=64, height=48, rate=NTSC)
    timeline = timeline_from_media(media_reference(probe(clip.path)))
    full, _ = decoded_audio(render_timeline(timeline, tmp_path / "full.mp4"))
    timeline = SetClipGain(tuple(sound_ids(timeline)), -6.0).apply(timeline)
    quiet, _ = decoded_audio(render_timeline(timeline, tmp_path / "quiet.mp4"))
    middle = slice(SR // 2, SR)  # away from the ends' ramps and the encoder's priming
    ratio = np.sqrt(np.mean(quiet[:, middle] ** 2) / np.mean(full[:, middle] ** 2))
    assert abs(20 * np.log10(ratio) + 6.0) < 0.1
