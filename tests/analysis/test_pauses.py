"""Finding pauses in speech: where they are, that what a suggestion takes out is quiet, and
that sound with no speech in it (a tone, noise, silence) or no sound at all suggests nothing."""

from __future__ import annotations

import threading
from fractions import Fraction

import numpy as np
import pytest
from badmedia import make_corpus
from mediagen import make_video

from vedit_gui.analysis import AnalysisError
from vedit_gui.analysis.pauses import (
    MIN_PAUSE_S,
    RATE,
    PausesCancelled,
    band_levels,
    find_pauses,
    scan_source,
)
from vedit_gui.samples.talk import synthetic_talk
from vedit_gui.timeline import REMOVE_PAUSE, FrameRange, SuggestionStatus

FPS = 25


def _never(_fraction: float) -> None:
    pass


def _talk_file(path, talk) -> str:
    make_video(path, int(talk.seconds * FPS), width=64, height=36, rate=Fraction(FPS),
               audio_samples=np.stack([talk.samples, talk.samples]))
    return str(path)


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    talk = synthetic_talk(seed=7, seconds=20.0, snr_db=35.0)
    return talk, _talk_file(tmp_path_factory.mktemp("pauses") / "talk.mp4", talk)


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def test_every_long_pause_is_found_and_nothing_taken_out_is_speech(talk):
    truth, path = talk
    scan = scan_source(path, _never, threading.Event())
    assert scan.has_speech
    suggestions = scan.suggestions(path, Fraction(FPS), int(truth.seconds * FPS))
    assert suggestions and all(s.kind == REMOVE_PAUSE and s.status is SuggestionStatus.PENDING for s in suggestions)
    spans = [(s.source_range.start / FPS, s.source_range.end_exclusive / FPS) for s in suggestions]
    for pause in truth.pauses:
        if pause[1] - pause[0] >= 1.0:
            best = max(spans, key=lambda s: _overlap(s, pause))
            assert abs(best[0] - pause[0]) < 0.25 and abs(best[1] - pause[1]) < 0.1, (pause, best)
    for s in suggestions:
        removed = (s.removed_range.start / FPS, s.removed_range.end_exclusive / FPS)
        speech = (removed[1] - removed[0]) - sum(_overlap(removed, p) for p in truth.pauses)
        assert speech < 0.04, (s, speech)
        assert 0.5 <= s.confidence <= 1.0
        assert s.source_range.duration >= MIN_PAUSE_S * FPS - 1


def test_a_pause_with_a_sound_in_it_is_less_sure_than_a_silent_one():
    levels = np.full(500, -30.0)  # speech...
    levels[::7] = -12.0
    levels[100:200] = -70.0  # a silent pause
    levels[300:400] = -70.0  # a pause with a breath in it
    levels[340:350] = -60.0
    scan = find_pauses(np.concatenate([levels, np.full(60, -70.0)]))
    first, second = scan.pauses[:2]
    assert (first.start_s, first.end_s) == pytest.approx((2.0, 4.0))
    assert scan.confidence(first) > scan.confidence(second) >= 0.5


def test_a_pause_that_starts_or_ends_the_sound_runs_to_that_edge_of_the_file():
    """Room tone from the first frame, or to the end of the sound (here 8 frames short of the
    picture's end), is a pause to that edge: the breath is kept next to the speech only."""
    levels = np.full(500, -30.0)  # 10 s of speech...
    levels[::7] = -12.0
    levels[:60] = -70.0  # ...after 1.2 s of room tone
    levels[420:] = -70.0  # ...and before 1.6 s of it, to the end of the sound
    scan = find_pauses(levels)
    head, tail = scan.suggestions("talk.mp4", Fraction(FPS), 258)
    assert head.source_range == FrameRange(0, 30) and head.params["from_start"] is True
    assert "to_end" not in head.params
    assert tail.source_range == FrameRange(210, 48) and tail.params["to_end"] is True
    assert "from_start" not in tail.params
    keep = tail.kept_frames
    assert keep > 0
    assert head.removed_range == FrameRange(0, 30 - keep)
    assert tail.removed_range == FrameRange(210 + keep, 48 - keep)
    assert tail.removed_range.end_exclusive == 258


def test_levels_read_the_speech_band_only():
    t = np.arange(RATE) / RATE
    in_band = band_levels(0.5 * np.sin(2 * np.pi * 1000 * t))
    hum = band_levels(0.5 * np.sin(2 * np.pi * 60 * t))
    assert np.median(in_band) == pytest.approx(20 * np.log10(0.5) - 3.0, abs=1.0)
    assert np.median(hum) < np.median(in_band) - 30


@pytest.mark.parametrize("sound", ["tone", "noise", "silence"])
def test_sound_with_no_speech_in_it_suggests_nothing(tmp_path, sound):
    n = 48000 * 6
    samples = {"tone": 0.3 * np.sin(2 * np.pi * 440 * np.arange(n) / 48000),
               "noise": np.random.default_rng(0).normal(0, 0.1, n),
               "silence": np.zeros(n)}[sound].astype(np.float32)
    path = str(tmp_path / f"{sound}.mp4")
    make_video(path, 6 * FPS, width=64, height=36, rate=Fraction(FPS), audio_samples=np.stack([samples, samples]))
    scan = scan_source(path, _never, threading.Event())
    assert scan.levels_measured and not scan.has_speech
    assert scan.suggestions(path, Fraction(FPS), 6 * FPS) == ()


def test_a_file_without_sound_measures_nothing(tmp_path):
    path = str(tmp_path / "silent.mp4")
    make_video(path, 30, width=64, height=36, rate=Fraction(FPS), audio=False)
    scan = scan_source(path, _never, threading.Event())
    assert not scan.levels_measured and scan.pauses == ()


def test_cancelling_stops_the_measuring(talk):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(PausesCancelled):
        scan_source(talk[1], _never, cancel)


def test_awkward_and_broken_files_are_measured_or_refused_clearly(tmp_path):
    """Every file of the bad-media corpus (truncated, garbage, audio only, ...): a scan, or an
    AnalysisError that says why; never a crash."""
    for name, path in make_corpus(tmp_path).items():
        try:
            scan = scan_source(path, _never, threading.Event())
        except AnalysisError as exc:
            assert str(exc), name
        else:
            assert all(p.end_s <= scan.seconds + 1e-6 for p in scan.pauses), name


def test_a_recording_with_no_picture_is_tightened_too(tmp_path):
    """A podcast or voice-over (sound only): its pauses are found on the frames the timeline
    gives it, and accepting them shortens its track by what they take out."""
    from mediagen import make_audio_only

    from vedit_gui.media import media_reference, probe
    from vedit_gui.timeline import AddSuggestions, DecideSuggestions, timeline_from_media

    talk = synthetic_talk(seed=9, seconds=10.0, snr_db=35.0)
    path = make_audio_only(tmp_path / "voice.m4a", samples=np.stack([talk.samples, talk.samples]))
    media = media_reference(probe(path))
    assert not media.has_video
    scan = scan_source(path, _never, threading.Event())
    found = scan.suggestions(media.path, media.rate, media.duration)
    assert found
    timeline = AddSuggestions(found).apply(timeline_from_media(media))
    decided = DecideSuggestions(tuple(s.id for s in found), SuggestionStatus.ACCEPTED).apply(timeline)
    assert decided.duration == timeline.duration - sum(s.removed_range.duration for s in found)
