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


def test_one_file_on_two_tracks_at_once_reads_each_track_straight_through():
    """An interview's sound on A1 and a later stretch of it under B-roll on A2 shared one
    reader, which was sought back and forth on every block (fourth code review)."""
    from vedit_gui.render import AudioMix
    from vedit_gui.timeline import Clip, FrameRange, MediaReference, Timeline, Track, TrackKind

    class Recording:
        """A source that records where each read starts."""

        def __init__(self) -> None:
            self.starts: list[int] = []

        def read(self, start: int, count: int) -> np.ndarray:
            self.starts.append(start)
            return np.full((2, count), 0.1, np.float32)

    media = MediaReference("/media/interview.wav", NTSC, 3000, has_video=False)
    tracks = (Track(TrackKind.AUDIO, (Clip(media, FrameRange(0, 300)),), "A1"),
              Track(TrackKind.AUDIO, (Clip(media, FrameRange(1500, 300)),), "A2"))
    opened: list[Recording] = []

    def open_source(_path: str) -> Recording:
        opened.append(Recording())
        return opened[-1]

    with AudioMix(Timeline(NTSC, tracks), SR, 2, open_source=open_source) as mix:
        for start in range(0, mix.length, SR // 2):
            mix.read(start, min(SR // 2, mix.length - start))
    assert len(opened) == 2
    for reader in opened:  # each reads on from where it stopped: no seek back
        assert reader.starts == sorted(reader.starts) and len(reader.starts) > 10
