"""The sound under a dissolve: linked audio clips crossfade with constant power over the
dissolve's frames, from the clips' handles; where nothing changes, nothing does."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from mediagen import make_video, tone
from render_helpers import NTSC, decoded_audio

from vedit_gui.media import media_reference, probe
from vedit_gui.render import AudioMix, frame_to_sample, plan_audio, render_timeline
from vedit_gui.render.audio_mix import FADE_SECONDS, dissolve_crossfades
from vedit_gui.timeline import (
    AddTransition,
    Clip,
    DecideSuggestions,
    FrameRange,
    Gap,
    MediaReference,
    Suggestion,
    SuggestionStatus,
    Timeline,
    Track,
    TrackKind,
    Transition,
    timeline_from_media,
)

SR = 48000
LEVEL = 0.5
A = MediaReference("/media/a.wav", NTSC, 300)
B = MediaReference("/media/b.wav", NTSC, 300)
MIDDLE = FrameRange(100, 30)  # 30 frames with handles either side


class Tagged:
    """A fake source: a constant ``LEVEL`` on channel ``channel`` only, so each side of a
    crossfade shows up on its own channel."""

    def __init__(self, channel: int) -> None:
        self.channel = channel

    def read(self, start: int, count: int) -> np.ndarray:
        out = np.zeros((2, count), np.float32)
        out[self.channel] = LEVEL
        return out


class Ramp:
    """A fake source whose sample n is n / 1e7, on both channels (positions are visible)."""

    def read(self, start: int, count: int) -> np.ndarray:
        assert start >= 0, "read before the source's first sample"
        values = np.arange(start, start + count, dtype=np.float64) / 1e7
        return np.repeat(values[None, :].astype(np.float32), 2, axis=0)


def a_into_b(
    out_range: FrameRange = MIDDLE,
    in_range: FrameRange = MIDDLE,
    offsets: tuple[int, int] = (6, 6),
    *,
    incoming: MediaReference = B,
    audio_links: tuple[str | None, str | None] = ("a", "b"),
) -> Timeline:
    """A's picture and sound, then B's, with a dissolve into B at frame 30."""
    out_clip = Clip(A, out_range, link="a")
    in_clip = Clip(incoming, in_range, link="b")
    video = Track(
        TrackKind.VIDEO, (out_clip, in_clip), "V1", transitions=(Transition(in_clip.id, *offsets),)
    )
    audio = Track(
        TrackKind.AUDIO,
        (Clip(A, out_range, link=audio_links[0]), Clip(incoming, in_range, link=audio_links[1])),
        "A1",
    )
    return Timeline(NTSC, (video, audio))


def without_transitions(timeline: Timeline) -> Timeline:
    return replace(timeline, tracks=tuple(replace(t, transitions=()) for t in timeline.tracks))


def tagged_mix(timeline: Timeline) -> np.ndarray:
    sources = {A.path: Tagged(0), B.path: Tagged(1)}
    with AudioMix(timeline, SR, 2, open_source=lambda path: sources[path]) as mix:
        return mix.read(0, mix.length)


def sample(frame: int) -> int:
    return frame_to_sample(frame, NTSC, SR)


def gains(window: FrameRange, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The constant-power (outgoing, incoming) gains at output samples ``at``."""
    start, end = sample(window.start), sample(window.end_exclusive)
    angle = (at - start + 0.5) / (end - start) * np.pi / 2
    return np.cos(angle), np.sin(angle)


def test_both_sides_sound_in_the_window_with_constant_power():
    out = tagged_mix(a_into_b())
    window = FrameRange(24, 12)
    start, end = sample(24), sample(36)
    # Outside the window only one side plays, at full level.
    assert np.all(out[0, 1000:start] == LEVEL) and not out[1, :start].any()
    assert not out[0, end:].any() and np.all(out[1, end : out.shape[1] - 1000] == LEVEL)
    # Inside, both, with cos / sin weights across the window: the power stays put.
    at = np.arange(start, end)
    fall, rise = gains(window, at)
    np.testing.assert_allclose(out[0, start:end], LEVEL * fall, atol=1e-6)
    np.testing.assert_allclose(out[1, start:end], LEVEL * rise, atol=1e-6)
    np.testing.assert_allclose(out[0, start:end] ** 2 + out[1, start:end] ** 2, LEVEL**2, rtol=1e-5)
    middle = (start + end) // 2
    assert out[0, middle] == pytest.approx(LEVEL * np.sqrt(0.5), abs=1e-3)
    assert out[1, middle] == pytest.approx(LEVEL * np.sqrt(0.5), abs=1e-3)


def test_the_sides_play_their_handles():
    timeline = a_into_b(MIDDLE, FrameRange(200, 30))
    with AudioMix(timeline, SR, 2, open_source=lambda path: Ramp()) as mix:
        out = mix.read(0, mix.length)[0].astype(np.float64)
    window = FrameRange(24, 12)
    at = np.array([sample(24) + 10, sample(28), sample(30), sample(30) + 1, sample(35)])
    fall, rise = gains(window, at)
    # A runs on past its out point (130) and B starts before its in point (200).
    a_source = sample(100) + at
    b_source = sample(200) + at - sample(30)
    np.testing.assert_allclose(out[at], (fall * a_source + rise * b_source) / 1e7, rtol=1e-4)


def test_one_file_into_itself_reads_through_two_readers():
    timeline = a_into_b(MIDDLE, FrameRange(10, 30), incoming=A)
    opened: list[str] = []

    def open_source(path: str) -> Ramp:
        opened.append(path)
        return Ramp()

    with AudioMix(timeline, SR, 2, open_source=open_source) as mix:
        out = mix.read(0, mix.length)[0].astype(np.float64)
    assert opened == [A.path, A.path]
    at = np.array([sample(26), sample(33)])
    fall, rise = gains(FrameRange(24, 12), at)
    expected = (fall * (sample(100) + at) + rise * (sample(10) + at - sample(30))) / 1e7
    np.testing.assert_allclose(out[at], expected, rtol=1e-4)


def test_handles_stop_at_the_source_ends():
    # A's clip runs to its source's end and B's starts 3 frames in: the window wants 6 each.
    out = tagged_mix(a_into_b(FrameRange(270, 30), FrameRange(3, 30)))
    cut, fade = sample(30), round(FADE_SECONDS * SR)
    fall, rise = gains(FrameRange(24, 12), np.arange(sample(24), sample(36)))
    assert not out[0, cut:].any()  # nothing of A past its end
    np.testing.assert_allclose(out[0, sample(24) : cut - fade], LEVEL * fall[: cut - fade - sample(24)], atol=1e-6)
    b_from = sample(27)  # B's sample 0
    assert not out[1, :b_from].any()
    assert 0 < out[1, b_from] < 0.01 * LEVEL  # a ramp, not a click, where B's sound begins
    after_ramp = slice(b_from + fade, sample(36))
    np.testing.assert_allclose(out[1, after_ramp], LEVEL * rise[b_from + fade - sample(24) :], atol=1e-6)


@pytest.mark.parametrize(
    "timeline",
    [
        pytest.param(a_into_b(audio_links=(None, None)), id="audio-not-linked"),
        pytest.param(a_into_b(audio_links=("a", "c")), id="audio-linked-elsewhere"),
    ],
)
def test_a_dissolve_without_linked_sound_leaves_the_sound_cut(timeline: Timeline):
    np.testing.assert_array_equal(tagged_mix(timeline), tagged_mix(without_transitions(timeline)))


def test_a_dissolve_after_a_gap_does_nothing():
    timeline = a_into_b()
    video, audio = timeline.tracks
    gapped = replace(
        timeline,
        tracks=(
            replace(video, items=(video.items[0], Gap(5), video.items[1])),
            replace(audio, items=(audio.items[0], Gap(5), audio.items[1])),
        ),
    )
    assert not gapped.tracks[0].transition_windows()
    np.testing.assert_array_equal(tagged_mix(gapped), tagged_mix(without_transitions(gapped)))


def test_sound_after_a_gap_under_a_dissolve_is_not_crossfaded():
    # The picture dissolves, but on the audio track B's sound follows a gap: no crossfade.
    timeline = a_into_b()
    video, audio = timeline.tracks
    gapped = replace(timeline, tracks=(video, replace(audio, items=(Gap(30), audio.items[1]))))
    assert gapped.tracks[0].transition_windows()
    np.testing.assert_array_equal(tagged_mix(gapped), tagged_mix(without_transitions(gapped)))


def test_a_split_kept_as_a_dissolve_plays_exactly_as_before(source: MediaReference):
    whole = timeline_from_media(source)
    gradual = Suggestion(
        "cut", source.path, FrameRange(40, 10), 0.9, "test", {"transition": "dissolve"}
    )
    kept = DecideSuggestions((gradual.id,), SuggestionStatus.ACCEPTED, dissolves=True).apply(
        replace(whole, suggestions=(gradual,))
    )
    assert kept.tracks_of(TrackKind.VIDEO)[0].transition_windows()
    assert len(kept.tracks_of(TrackKind.AUDIO)[0].items) == 2
    (spans,) = plan_audio(kept, SR)
    assert len(spans) == 1 and spans[0].cross_in is None and spans[0].cross_out is None
    with AudioMix(whole) as before, AudioMix(kept) as after:
        np.testing.assert_array_equal(after.read(0, after.length), before.read(0, before.length))


def _levels(block: np.ndarray, freqs: tuple[float, ...]) -> list[float]:
    """The amplitude of each pure tone ``freqs`` in ``block`` (least squares on sin and cos)."""
    t = np.arange(block.shape[0]) / SR
    basis = np.column_stack([f(2 * np.pi * freq * t) for freq in freqs for f in (np.sin, np.cos)])
    coef, *_ = np.linalg.lstsq(basis, block.astype(np.float64), rcond=None)
    return [float(np.hypot(coef[2 * i], coef[2 * i + 1])) for i in range(len(freqs))]


def test_the_render_crossfades_the_sound(media_dir: Path, tmp_path: Path):
    frames = 60
    seconds = frames / float(NTSC)
    low = make_video(media_dir / "low.mp4", frames, audio_samples=tone(seconds, SR, 440.0))
    high = make_video(media_dir / "high.mp4", frames, audio_samples=tone(seconds, SR, 1000.0))
    a, b = (media_reference(probe(clip.path)) for clip in (low, high))
    links = ("a", "b")
    clips = [(Clip(a, FrameRange(10, 30), link=links[0]), Clip(b, FrameRange(10, 30), link=links[1]))
             for _ in range(2)]
    video = Track(TrackKind.VIDEO, clips[0], transitions=(Transition(clips[0][1].id, 8, 8),))
    timeline = Timeline(NTSC, (video, Track(TrackKind.AUDIO, clips[1])))
    samples, rate = decoded_audio(render_timeline(timeline, tmp_path / "crossfade.mp4"))
    assert rate == SR

    def levels_at(frame: int) -> list[float]:
        at = frame_to_sample(frame, NTSC, SR)
        return _levels(samples[0, at - 400 : at + 400], (440.0, 1000.0))

    # tone() is 0.3; mid-dissolve each side is at cos(π/4) = 0.71 of it.
    assert levels_at(10) == pytest.approx([0.3, 0.0], abs=0.03)
    assert levels_at(30) == pytest.approx([0.3 * np.sqrt(0.5)] * 2, abs=0.03)
    assert levels_at(50) == pytest.approx([0.0, 0.3], abs=0.03)


def test_a_crossfade_on_the_sound_track_alone_mixes_the_sound_and_not_the_picture():
    # A J/L-style edit: the pictures cut at frame 30; the sound crossfades there on its own.
    timeline = AddTransition(30, 12, TrackKind.AUDIO).apply(without_transitions(a_into_b()))
    assert not timeline.tracks[0].transition_windows()  # the picture still cuts
    out = tagged_mix(timeline)
    start, end = sample(24), sample(36)
    fall, rise = gains(FrameRange(24, 12), np.arange(start, end))
    np.testing.assert_allclose(out[0, start:end], LEVEL * fall, atol=1e-6)
    np.testing.assert_allclose(out[1, start:end], LEVEL * rise, atol=1e-6)
    # Its own crossfade wins over the one its picture's dissolve would give.
    both = AddTransition(30, 4, TrackKind.AUDIO).apply(a_into_b())
    assert dissolve_crossfades(both) == {both.tracks[1].items[1].id: FrameRange(28, 4)}


def test_a_crossfade_on_a_split_between_two_levels_ramps_across_it():
    """Ducking music under a voice: split it, turn one half down, put a crossfade on the split.
    The level moved in 5 ms and the crossfade drawn (and handed to Premiere as 1 s) did
    nothing (seventh editor pass)."""
    first, second = Clip(A, FrameRange(0, 60)), replace(Clip(A, FrameRange(60, 60)), gain_db=-12.0)
    split = Timeline(NTSC, (Track(TrackKind.AUDIO, (first, second), "A1"),))
    ducked = AddTransition(60, 24, TrackKind.AUDIO).apply(split)
    assert dissolve_crossfades(ducked) == {second.id: FrameRange(48, 24)}
    (spans,) = plan_audio(ducked, SR)
    assert len(spans) == 1  # still one read of one recording: no comb, no +3 dB bump
    with AudioMix(ducked, SR, 2, open_source=lambda _path: Tagged(0)) as mix:
        out = mix.read(0, mix.length)[0] / LEVEL
    low = 10 ** (-12 / 20)
    start, end = sample(48), sample(72)
    assert out[start - 1] == pytest.approx(1.0) and out[end] == pytest.approx(low, abs=1e-6)
    middle = (start + end) // 2
    assert out[middle] == pytest.approx((1 + low) / 2, abs=0.01)  # linear in gain, across all 24 frames
    assert np.all(np.diff(out[start:end]) <= 1e-7)
    # Without the crossfade the level still moves in ~5 ms, at the split.
    with AudioMix(split, SR, 2, open_source=lambda _path: Tagged(0)) as mix:
        cut = mix.read(0, mix.length)[0] / LEVEL
    at = sample(60)
    assert cut[at - 1] == pytest.approx(1.0) and cut[at + round(FADE_SECONDS * SR)] == pytest.approx(low, abs=1e-6)
