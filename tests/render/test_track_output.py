"""A hidden picture track and a muted sound track in the render: left out, the file keeps its
streams (black picture, silence), and the clips themselves are untouched."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from mediagen import make_video, read_index
from render_helpers import NTSC, decoded_audio, decoded_frames

from vedit_gui.media import media_reference, probe
from vedit_gui.render import render_timeline
from vedit_gui.timeline import SetTrackEnabled, timeline_from_media


def test_the_render_leaves_out_a_hidden_picture_and_a_muted_sound(tmp_path: Path):
    clip = make_video(tmp_path / "tone.mp4", 30, width=64, height=48, rate=NTSC)
    timeline = timeline_from_media(media_reference(probe(clip.path)))
    picture, sound = timeline.tracks
    full = render_timeline(timeline, tmp_path / "full.mp4")
    heard, _ = decoded_audio(full)
    assert np.abs(heard).max() > 0.1 and decoded_frames(full)[10].mean() > 40

    muted = render_timeline(SetTrackEnabled((sound.id,), False).apply(timeline), tmp_path / "muted.mp4")
    silence, _ = decoded_audio(muted)
    assert silence.shape[1] > 0 and np.abs(silence).max() < 1e-3
    assert [read_index(f) for f in decoded_frames(muted)] == list(range(30))  # the picture as it was

    hidden = render_timeline(SetTrackEnabled((picture.id,), False).apply(timeline), tmp_path / "hidden.mp4")
    frames = decoded_frames(hidden)
    assert len(frames) == len(decoded_frames(full)) and max(f.max() for f in frames) <= 20  # black
    assert np.abs(decoded_audio(hidden)[0]).max() > 0.1
