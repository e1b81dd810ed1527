"""The bundled sample footage matches its truth file, and the generator makes the same
structure at any size."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from vedit_gui.samples.plan import DEFAULT_SHOTS, DEFAULT_TRANSITIONS, build_plan
from vedit_gui.samples.sample_footage import SampleError, make_sample, render_frames

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
RATE = Fraction(30000, 1001)
# Mean absolute difference (0..255) between consecutive frames, at 64×36.
CUT_MIN_DIFF = 25.0
STEADY_MAX_DIFF = 10.0
# A 5 s sample runs the same camera moves six times faster per frame.
TINY_STEADY_MAX_DIFF = 15.0


def decode_small(path: Path, size: tuple[int, int] = (64, 36)) -> np.ndarray:
    """Every video frame, shrunk, as float32 (N, H, W, 3)."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        frames = [f.reformat(width=size[0], height=size[1], format="rgb24", interpolation="AREA").to_ndarray()
                  for f in container.decode(stream)]
    return np.stack(frames).astype(np.float32)


def decode_audio(path: Path) -> tuple[np.ndarray, int]:
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        chunks = [f.to_ndarray() for f in container.decode(stream)]
        rate = stream.rate
    return np.concatenate(chunks, axis=1), rate


def frame_diffs(frames: np.ndarray) -> np.ndarray:
    """diffs[k] compares frame k with frame k+1."""
    return np.abs(np.diff(frames, axis=0)).mean(axis=(1, 2, 3))


def check_structure(truth: dict, frames: np.ndarray, steady_max: float = STEADY_MAX_DIFF) -> None:
    """Hard cuts jump, the flash jumps, and everything else moves smoothly."""
    diffs = frame_diffs(frames)
    assert len(frames) == truth["frames"]
    gradual = [(a, b) for (a, b), kind in zip(truth["transitions"], truth["kinds"], strict=True) if kind != "cut"]
    cuts = [a for (a, b), kind in zip(truth["transitions"], truth["kinds"], strict=True) if kind == "cut"]
    (flash_a, flash_b), = truth["flashes"]
    for k in cuts:
        assert diffs[k] > CUT_MIN_DIFF, f"cut after frame {k} changes the picture by only {diffs[k]:.1f}"
    assert diffs[flash_a - 1] > CUT_MIN_DIFF, "the flash does not stand out"
    for k, value in enumerate(diffs):
        if k in cuts or flash_a - 1 <= k <= flash_b or any(a - 1 <= k <= b for a, b in gradual):
            continue
        assert value < steady_max, f"frames {k}->{k + 1} jump by {value:.1f} inside a shot"
    # The fade goes through black.
    for (a, b), kind in zip(truth["transitions"], truth["kinds"], strict=True):
        if kind == "fade":
            assert frames[a:b + 1].mean(axis=(1, 2, 3)).min() < 2.0


def check_audio(truth: dict, samples: np.ndarray, rate: int) -> None:
    start, end = truth["silence"]
    assert end - start >= 0.25
    quiet = samples[:, int((start + 0.05) * rate):int((end - 0.05) * rate)]
    assert np.sqrt(np.mean(quiet**2)) < 1e-3
    window = rate // 4
    seconds = truth["frames"] / RATE
    for first in range(int(0.1 * rate), int((float(seconds) - 0.35) * rate), window):
        t0, t1 = first / rate, (first + window) / rate
        if t1 > start - 0.1 and t0 < end + 0.1:
            continue
        rms = float(np.sqrt(np.mean(samples[:, first:first + window] ** 2)))
        assert rms > 3e-3, f"audio is silent at {t0:.2f} s"


def check_truth_format(truth: dict) -> None:
    assert truth["fps"] == "30000/1001"
    assert truth["video"] == "sample.mp4"
    transitions = truth["transitions"]
    assert len(transitions) == len(truth["kinds"]) == len(DEFAULT_TRANSITIONS)
    assert truth["kinds"].count("cut") >= 3 and "dissolve" in truth["kinds"] and "fade" in truth["kinds"]
    assert [len(DEFAULT_SHOTS)] == [len(truth["shots"])]
    for (a, b), kind in zip(transitions, truth["kinds"], strict=True):
        assert (b - a == 1) == (kind == "cut")
    # Shots and the frames of gradual transitions tile the whole sample.
    covered = sorted([tuple(s["frames"]) for s in truth["shots"]]
                     + [tuple(t) for t, kind in zip(transitions, truth["kinds"], strict=True) if kind != "cut"])
    assert covered[0][0] == 0 and covered[-1][1] == truth["frames"] - 1
    for (_, prev_end), (start, _) in zip(covered, covered[1:], strict=False):
        assert start == prev_end + 1
    casts = {s["cast"] for s in truth["shots"]}
    assert len(casts) >= 5
    (flash_a, flash_b), = truth["flashes"]
    assert 2 <= flash_b - flash_a + 1 <= 3
    assert any(s["frames"][0] < flash_a and flash_b < s["frames"][1] for s in truth["shots"])


@pytest.fixture(scope="module")
def shipped() -> tuple[dict, Path]:
    truth_path = RESOURCES / "sample.json"
    return json.loads(truth_path.read_text()), RESOURCES / "sample.mp4"


def test_shipped_sample_is_small_h264_aac_at_ntsc_rate(shipped: tuple[dict, Path]) -> None:
    truth, video = shipped
    assert video.stat().st_size < 8 * 1024 * 1024
    with av.open(str(video)) as container:
        v = container.streams.video[0]
        a = container.streams.audio[0]
        assert (v.codec_context.name, v.codec_context.pix_fmt) == ("h264", "yuv420p")
        assert (v.width, v.height) == (1280, 720) == (truth["width"], truth["height"])
        assert v.average_rate == RATE
        assert (a.codec_context.name, a.rate, a.channels) == ("aac", 48000, 2)
        duration = float(container.duration / av.time_base)
    assert 20 <= truth["frames"] / RATE <= 40
    assert abs(duration - float(truth["frames"] / RATE)) < 0.1
    check_truth_format(truth)


def test_shipped_sample_pictures_match_truth(shipped: tuple[dict, Path]) -> None:
    truth, video = shipped
    check_structure(truth, decode_small(video))


def test_shipped_sample_sound_matches_truth(shipped: tuple[dict, Path]) -> None:
    truth, video = shipped
    samples, rate = decode_audio(video)
    assert rate == 48000 and samples.shape[0] == 2
    start, end = truth["silence"]
    assert 1.3 <= end - start <= 1.7
    assert abs(samples.shape[1] / rate - float(truth["frames"] / RATE)) < 0.1
    check_audio(truth, samples, rate)


def test_tiny_sample_has_the_same_structure(tmp_path: Path) -> None:
    files = make_sample(tmp_path, width=160, height=90, seconds=5, preset="ultrafast")
    truth = json.loads(files.truth.read_text())
    assert truth["frames"] == round(5 * RATE) and (truth["width"], truth["height"]) == (160, 90)
    check_truth_format(truth)
    check_structure(truth, decode_small(files.video), TINY_STEADY_MAX_DIFF)
    samples, rate = decode_audio(files.video)
    check_audio(truth, samples, rate)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sample.json", "sample.mp4"]


def test_same_seed_same_pictures() -> None:
    plan = build_plan(150)
    first = [f.copy() for _, f in zip(range(3), render_frames(plan, 64, 36, seed=7), strict=False)]
    again = [f.copy() for _, f in zip(range(3), render_frames(plan, 64, 36, seed=7), strict=False)]
    other = [f.copy() for _, f in zip(range(3), render_frames(plan, 64, 36, seed=8), strict=False)]
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not all(np.array_equal(a, b) for a, b in zip(first, other, strict=True))


@pytest.mark.parametrize("frames", [150, 400, 900, 2000])
def test_plan_gives_every_frame_a_picture(frames: int) -> None:
    plan = build_plan(frames)
    assert plan.frames == frames
    for k in range(frames):
        layers = plan.layers(k)
        assert sum(w for _, w in layers) <= 1.0 + 1e-9
    fade = next(t for t in plan.transitions if t.kind == "fade")
    black = fade.parts[1]
    assert black[1] - black[0] + 1 < 12  # the scorer would call 12 black frames a shot
    assert plan.layers(black[0]) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"width": 161, "height": 90}, "even"),
        ({"width": 16, "height": 16}, "outside"),
        ({"seconds": 1.0}, "outside"),
        ({"seconds": 1000.0}, "outside"),
    ],
    ids=["odd-width", "too-small", "too-short", "too-long"],
)
def test_bad_requests_are_refused_clearly(tmp_path: Path, kwargs: dict, message: str) -> None:
    with pytest.raises(SampleError, match=message):
        make_sample(tmp_path, **kwargs)
    assert list(tmp_path.iterdir()) == []
