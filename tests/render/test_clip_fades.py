"""A clip's fade in from black and out to black, in the picture and the sound: the same walk
for the preview and the render, and a transition takes its place where one plays."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from mediagen import make_video
from render_helpers import decoded_audio, decoded_frames, make_solid

from vedit_gui.media import media_reference, probe
from vedit_gui.render import AudioMix, TimelineVideo, frame_to_sample, render_timeline
from vedit_gui.timeline import AddTransition, SetClipFades, Split, TrackKind, timeline_from_media

GREY = (200, 200, 200)


def faded(tmp_path: Path, frames: int = 30, fade_in: int = 5, fade_out: int = 8):
    solid = make_solid(tmp_path / "grey.mp4", GREY, frames)
    timeline = timeline_from_media(solid)
    return SetClipFades((timeline.tracks[0].items[0].id,), fade_in, fade_out).apply(timeline)


def levels(pictures) -> list[float]:
    return [float(p.mean()) for p in pictures]


def test_the_picture_rises_from_black_and_falls_to_it(tmp_path):
    timeline = faded(tmp_path)
    with TimelineVideo(timeline) as video:
        walked = levels(picture for _, picture in video.frames())
        random = levels(video.frame_at(f) for f in range(30))
    # Linear, never all black or all picture inside a fade: 5 frames in, 8 out.
    expected = [200 * (k + 1) / 6 for k in range(5)] + [200] * 17 + [200 * (8 - k) / 9 for k in range(8)]
    np.testing.assert_allclose(walked, expected, atol=1.0)
    np.testing.assert_allclose(random, walked, atol=0.01)  # the viewer's random access agrees
    rendered = levels(decoded_frames(render_timeline(timeline, tmp_path / "out.mp4")))
    np.testing.assert_allclose(rendered, expected, atol=2.0)


def test_splitting_keeps_the_head_fade_on_the_left_and_the_tail_on_the_right(tmp_path):
    timeline = Split(15).apply(faded(tmp_path))
    left, right = timeline.tracks[0].items
    assert (left.fade_in, left.fade_out, right.fade_in, right.fade_out) == (5, 0, 0, 8)
    with TimelineVideo(timeline) as video:
        assert levels(picture for _, picture in video.frames(12, 18)) == [200.0] * 6  # no dip at the split


def test_a_dissolve_takes_the_place_of_a_fade_where_it_plays(tmp_path):
    timeline = Split(15).apply(timeline_from_media(make_solid(tmp_path / "grey.mp4", GREY, 30)))
    left, right = timeline.tracks[0].items
    timeline = SetClipFades((left.id,), None, 6).apply(timeline)
    with_dissolve = AddTransition(15, 4).apply(timeline)
    with TimelineVideo(with_dissolve) as video:
        # Both sides are the same grey: with the dissolve at the faded end, no frame dims.
        assert levels(picture for _, picture in video.frames(5, 20)) == [200.0] * 15
    with TimelineVideo(timeline) as video:  # without it, the fade plays
        np.testing.assert_allclose(levels(video.frame_at(f) for f in (9, 14)), [200 * 6 / 7, 200 / 7], atol=0.5)


def test_the_sound_fades_with_its_picture_and_not_under_a_crossfade(tmp_path):
    clip = make_video(tmp_path / "tone.mp4", 60, width=64, height=48)
    timeline = timeline_from_media(media_reference(probe(clip.path)))
    timeline = SetClipFades((timeline.tracks[0].items[0].id,), 15, 15).apply(timeline)
    sound = timeline.tracks_of(TrackKind.AUDIO)[0].items[0]
    assert (sound.fade_in, sound.fade_out) == (15, 15)  # linked: picture and sound fade together
    with AudioMix(timeline, 48000, 2) as mix:
        out = np.abs(mix.read(0, mix.length)[0])
    rate = timeline.rate
    quarter = frame_to_sample(15, rate, 48000) // 4
    first, middle, last = out[:quarter].max(), out[frame_to_sample(30, rate, 48000):][:4000].max(), out[-quarter:].max()
    assert first < 0.2 * middle and last < 0.2 * middle
    full, _ = decoded_audio(render_timeline(timeline, tmp_path / "faded.mp4"))
    assert np.abs(full[0, :quarter]).max() < 0.25 * np.abs(full[0]).max()
