"""Shake measurement: the camera path a shot's pictures give, how much of it is shake, and
which shots get a stabilisation suggestion."""

from __future__ import annotations

import threading
from fractions import Fraction

import cv2
import numpy as np
import pytest
from badmedia import make_corpus
from mediagen import make_video

from vedit_gui.analysis.shake import (
    SHAKE_THRESHOLD,
    ShakeAnalysisCancelled,
    analyze_shake,
    camera_path,
    frame_move,
    measure_size,
    shake_of,
    stabilize_suggestions,
)
from vedit_gui.media import MediaError
from vedit_gui.media.stabilize import CameraPath, Stabilization, stabilize
from vedit_gui.samples.handheld import HandheldShot, textured_world
from vedit_gui.timeline import STABILIZE, FrameRange

WIDTH, HEIGHT, RATE = 320, 180, 30.0
ASPECT = HEIGHT / WIDTH


@pytest.fixture(scope="module")
def world() -> np.ndarray:
    return textured_world(700, 420, seed=1)


def greys(pictures: list[np.ndarray]) -> list[np.ndarray]:
    size = measure_size(pictures[0].shape[1], pictures[0].shape[0])
    return [cv2.cvtColor(cv2.resize(p, size, interpolation=cv2.INTER_AREA), cv2.COLOR_RGB2GRAY) for p in pictures]


def test_a_known_shift_is_measured_to_a_tenth_of_a_pixel(world):
    still = world[:180, :320]
    shifted = cv2.warpAffine(still, np.float32([[1, 0, 3.5], [0, 1, -2.0]]), (320, 180), borderMode=cv2.BORDER_REFLECT)
    dx, dy, da = frame_move(*greys([still, shifted]))
    assert (dx, dy) == (pytest.approx(3.5, abs=0.1), pytest.approx(-2.0, abs=0.1))
    assert abs(da) < 1e-3


def test_a_caption_moving_on_a_still_picture_is_no_camera_move(world):
    # Flat grey with a line of text that shifts (a counter re-centred as its digits change):
    # its points agree on the move, but they sit in one strip of the picture.
    def captioned(text: str, x: int) -> np.ndarray:
        picture = np.full((180, 320), 90, np.uint8)
        cv2.putText(picture, text, (x, 150), cv2.FONT_HERSHEY_SIMPLEX, 0.5, 255, 1, cv2.LINE_AA)
        return picture

    assert frame_move(captioned("Frame = 10  PTS = 0.9s", 80), captioned("Frame = 10  PTS = 0.9s", 76)) is None
    # The same pair with the world behind it is measured: the move is the world's.
    behind = cv2.cvtColor(world[:180, :320], cv2.COLOR_RGB2GRAY)
    moved = cv2.warpAffine(behind, np.float32([[1, 0, 2], [0, 1, 0]]), (320, 180), borderMode=cv2.BORDER_REFLECT)
    dx, _dy, _da = frame_move(np.maximum(behind, captioned("Frame = 9", 120)), np.maximum(moved, captioned("Frame = 10", 116)))
    assert dx == pytest.approx(2.0, abs=0.2)


def test_a_flat_picture_has_no_measurable_move():
    flat = np.full((180, 320), 90, np.uint8)
    assert frame_move(flat, flat) is None


@pytest.mark.parametrize("shake", [0.0, 0.5, 1.0])
def test_the_measured_path_follows_the_camera(world, shake):
    shot = HandheldShot(world, (WIDTH, HEIGHT), 60, pan=0.15, shake=shake, seed=2)
    path = camera_path(greys(shot.pictures()))
    truth = shot.content_path()
    assert np.abs(path.xya[:, :2] - truth[:, :2]).max() < 0.004  # 0.4 % of the width
    assert np.abs(path.xya[:, 2] - truth[:, 2]).max() < 0.002


def test_a_steady_pan_is_not_shake_and_a_hand_held_shot_is(world):
    steady = HandheldShot(world, (WIDTH, HEIGHT), 60, pan=0.3, shake=0.0, seed=4)
    shaky = HandheldShot(world, (WIDTH, HEIGHT), 60, pan=0.3, shake=0.5, seed=4)
    assert shake_of(camera_path(greys(steady.pictures())), RATE, ASPECT) < SHAKE_THRESHOLD / 10
    assert shake_of(camera_path(greys(shaky.pictures())), RATE, ASPECT) > SHAKE_THRESHOLD * 2


def test_stabilizing_takes_most_of_the_shake_away(world):
    shot = HandheldShot(world, (WIDTH, HEIGHT), 60, pan=0.1, shake=1.0, seed=5)
    pictures = shot.pictures()
    path = camera_path(greys(pictures))
    steadied = Stabilization(path, 0.5, RATE, ASPECT)
    after = [stabilize(p, steadied.matrix(i, WIDTH, HEIGHT)) for i, p in enumerate(pictures)]
    before_shake = shake_of(path, RATE, ASPECT)
    after_shake = shake_of(camera_path(greys(after)), RATE, ASPECT)
    assert after_shake < 0.35 * before_shake


@pytest.fixture(scope="module")
def steady_then_shaky(tmp_path_factory, world):
    """A 2-second steady pan, then a 2-second hand-held shot, 320×180 H.264 at 30 fps."""
    steady = HandheldShot(world, (WIDTH, HEIGHT), 60, pan=0.2, shake=0.0, seed=6).pictures()
    shaky = HandheldShot(world[::-1].copy(), (WIDTH, HEIGHT), 60, pan=0.1, shake=0.8, seed=7).pictures()
    pictures = steady + shaky
    path = tmp_path_factory.mktemp("shake") / "steady_then_shaky.mp4"
    make_video(path, len(pictures), width=WIDTH, height=HEIGHT, rate=Fraction(30), audio=False,
               picture=lambda i: pictures[i], options={"crf": "16"})
    return str(path)


SHOTS = [FrameRange(0, 60), FrameRange(60, 60)]


def test_only_the_shaky_shot_is_suggested_and_its_suggestion_carries_its_path(steady_then_shaky):
    found = list(analyze_shake(steady_then_shaky, SHOTS))
    assert [s.range for s in found] == SHOTS
    steady, shaky = found
    assert steady.shake < SHAKE_THRESHOLD / 2 < SHAKE_THRESHOLD < shaky.shake
    suggestions = stabilize_suggestions(steady_then_shaky, found)
    assert len(suggestions) == 1
    s = suggestions[0]
    assert s.kind == STABILIZE and s.source_range == FrameRange(60, 60) and s.confidence > 0.5
    assert Stabilization.from_params(s.params).path.frames == 60
    assert s.params["shake"] == pytest.approx(shaky.shake, abs=1e-3)


def test_a_shot_too_short_to_smooth_is_skipped(steady_then_shaky):
    assert list(analyze_shake(steady_then_shaky, [FrameRange(0, 10), FrameRange(60, 60)]))[0].range.start == 60


def test_analysis_stops_when_cancelled(steady_then_shaky):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ShakeAnalysisCancelled):
        list(analyze_shake(steady_then_shaky, SHOTS, cancel=cancel))


def test_a_broken_file_gives_a_clear_error_and_keeps_the_shots_before_the_damage(tmp_path):
    corpus = make_corpus(tmp_path)
    for name in ("zero_bytes", "text_named_mp4", "audio_only"):
        with pytest.raises(MediaError):
            list(analyze_shake(str(corpus[name]), [FrameRange(0, 60)]))
    # The tail of the file is cut away: the first shot is measured, the second ends early
    # or fails with a readable error, never anything else.
    kept: list = []
    try:
        for shot in analyze_shake(str(corpus["truncated_mid_gop"]), [FrameRange(0, 40), FrameRange(40, 50)]):
            kept.append(shot)
    except MediaError as exc:
        assert str(exc)
    assert kept and kept[0].range == FrameRange(0, 40)


def test_a_path_measured_at_one_size_is_the_same_at_another(world):
    shot = HandheldShot(world, (640, 360), 30, pan=0.1, shake=0.5, seed=8)
    pictures = shot.pictures()
    full = camera_path(greys(pictures))
    half = camera_path(greys([cv2.resize(p, (320, 180), interpolation=cv2.INTER_AREA) for p in pictures]))
    assert isinstance(full, CameraPath)
    assert np.abs(full.xya - half.xya).max() < 0.003


def test_a_phone_video_is_measured_upright(tmp_path, world):
    # Coded 320×180 and turned a quarter by its metadata: shown 180×320. The path is measured
    # on the upright picture, so its aspect and units are the shown picture's.
    pictures = HandheldShot(world, (WIDTH, HEIGHT), 60, pan=0.1, shake=0.8, seed=9).pictures()
    for name, rotation in (("flat", 0), ("phone", 90)):
        make_video(tmp_path / f"{name}.mp4", 60, width=WIDTH, height=HEIGHT, rate=Fraction(30), audio=False,
                   rotation=rotation, picture=lambda i: pictures[i], options={"crf": "16"})
    (flat,) = analyze_shake(str(tmp_path / "flat.mp4"), [FrameRange(0, 60)])
    (phone,) = analyze_shake(str(tmp_path / "phone.mp4"), [FrameRange(0, 60)])
    assert phone.aspect == pytest.approx(WIDTH / HEIGHT) and flat.aspect == pytest.approx(HEIGHT / WIDTH)
    # Turned clockwise, the flat picture's x is the phone picture's y: in widths of a picture
    # 180/320 as wide, it measures 320/180 times as far.
    # (Within two pixels: the paths add up each frame's small error, in their own ways.)
    np.testing.assert_allclose(phone.path.xya[:, 1] * HEIGHT, flat.path.xya[:, 0] * WIDTH, atol=2.0)


def test_a_clip_chosen_by_hand_is_measured_whole_unless_too_short(steady_then_shaky):
    from vedit_gui.app.stabilize_suggest import measure_clip

    never = threading.Event()
    whole = measure_clip(steady_then_shaky, FrameRange(30, 60), lambda _f: None, never)
    assert whole is not None and whole.range == FrameRange(30, 60) and whole.followed
    assert measure_clip(steady_then_shaky, FrameRange(0, 20), lambda _f: None, never) is None


def test_a_long_shot_that_shakes_for_a_moment_shakes():
    # Ten steady seconds with two seconds of shake in the middle: judged by its shakiest
    # stretch, not diluted by the rest.
    rng = np.random.default_rng(12)
    xya = np.zeros((300, 3))
    xya[120:180, :2] = rng.normal(0.0, 0.003, (60, 2))
    shaky_moment = shake_of(CameraPath(0, xya), RATE, ASPECT)
    assert shaky_moment > SHAKE_THRESHOLD
    assert shake_of(CameraPath(0, xya[120:180]), RATE, ASPECT) == pytest.approx(shaky_moment, rel=0.35)


def test_shots_measured_before_come_from_the_cache(steady_then_shaky, monkeypatch):
    import vedit_gui.analysis.shake as shake_module

    first = list(analyze_shake(steady_then_shaky, SHOTS))
    decoded: list[int] = []
    real = shake_module._lumas
    monkeypatch.setattr(shake_module, "_lumas", lambda reader, start, *rest: decoded.append(start) or real(reader, start, *rest))
    again = list(analyze_shake(steady_then_shaky, SHOTS))
    assert decoded == [] and [(s.range, s.shake, s.path) for s in again] == [(s.range, s.shake, s.path) for s in first]
    # A shot not measured yet is; the others still come from the cache.
    list(analyze_shake(steady_then_shaky, [FrameRange(0, 60), FrameRange(60, 45)]))
    assert decoded == [60]
    list(analyze_shake(steady_then_shaky, SHOTS, use_cache=False))
    assert decoded == [60, 0, 60]
