"""Export to a loudness target: the mix measured first (audio only, with progress and cancel),
then rendered at the gain that meets the target, true peaks under the spec's ceiling; the
file decoded and measured again here. "As mixed" writes what it always wrote."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from surround_media import RATE, decoded_pcm, write_sound

from vedit_gui.media import media_reference, probe
from vedit_gui.media.loudness import integrated_loudness, true_peak
from vedit_gui.render import (
    LOUDNESS_TARGETS,
    RenderCancelled,
    RenderError,
    render_timeline,
    render_with_report,
)
from vedit_gui.render.renderer import _MEASURE_SHARE_SOUND
from vedit_gui.timeline import FrameRange, MediaReference, timeline_from_media


def _db(linear: float) -> float:
    return float(20 * np.log10(linear))


def programme(seconds: float, lufs: float | None, *, seed: int = 7, clicks: float = 0.0) -> np.ndarray:
    """Stereo pink noise under 8 kHz (speech and music carry little above it, and AAC keeps it
    whole), with a half-millisecond click of peak ``clicks`` every second (a consonant, a
    knock: peaks a raised level takes past the ceiling). The noise is set so the whole measures
    ``lufs``; None: the noise at −50 LUFS."""
    rng = np.random.default_rng(seed)
    n = round(seconds * RATE)
    spectrum = np.fft.rfft(rng.standard_normal((2, n)), axis=1)
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    spectrum /= np.sqrt(np.maximum(freqs, 20.0))
    spectrum[:, freqs > 8000] = 0
    noise = np.fft.irfft(spectrum, n, axis=1)
    bursts = np.zeros_like(noise)
    burst = RATE // 2000
    for at in range(RATE // 4, n - burst, RATE):
        bursts[:, at : at + burst] = clicks * np.sin(np.linspace(0, 2 * np.pi, burst))
    level = 10 ** ((-50 - integrated_loudness(noise)) / 20)
    for _ in range(6 if lufs is not None else 0):  # noise and clicks together measure `lufs`
        level *= 10 ** ((lufs - integrated_loudness(level * noise + bursts)) / 20)
    return np.where(bursts != 0, bursts, level * noise).astype(np.float32)


@pytest.fixture(scope="module")
def noise(tmp_path_factory) -> MediaReference:
    """Six seconds at −24 LUFS, with clicks to −6 dBFS (16-bit PCM)."""
    path = write_sound(tmp_path_factory.mktemp("loudness") / "noise.wav", programme(6.0, -24.0, clicks=0.5), "stereo")
    return media_reference(probe(path))


@pytest.mark.parametrize("preset", ["h264", "prores"])  # AAC in .m4a; PCM in .mov
@pytest.mark.parametrize("key", ["ebu-r128", "web", "atsc-a85"])
def test_a_render_meets_the_target_under_its_true_peak_ceiling(noise, tmp_path: Path, key: str, preset: str):
    target = LOUDNESS_TARGETS[key]
    result = render_with_report(timeline_from_media(noise), tmp_path / f"{key}.{'mov' if preset == 'prores' else 'm4a'}",
                                preset=preset, loudness=key)
    written = decoded_pcm(result.path)
    assert integrated_loudness(written) == pytest.approx(target.lufs, abs=0.5 if preset == "h264" else 0.1)
    assert _db(np.abs(written).max()) < target.true_peak_db
    assert _db(true_peak(written)) < target.true_peak_db
    report = result.loudness
    assert report is not None and report.target is target
    assert report.measured_lufs == pytest.approx(-24.0, abs=0.1)
    assert report.final_lufs == pytest.approx(target.lufs, abs=0.1)
    assert report.final_peak_db is not None and report.final_peak_db <= report.ceiling
    assert report.limited == (key == "web")  # +10 dB took the clicks past the ceiling: limited
    assert f"{report.measured_lufs:.1f} LUFS" in report.summary() and f"{report.final_lufs:.1f} LUFS" in report.summary()


def test_a_render_with_picture_is_brought_to_the_target_too(source: MediaReference, tmp_path: Path):
    """The session's clip: index frames with a 440 Hz tone; its picture is untouched."""
    result = render_with_report(timeline_from_media(source), tmp_path / "tone.mp4", loudness="ebu-r128")
    written = decoded_pcm(result.path)
    assert integrated_loudness(written[:, RATE // 4 : -RATE // 4]) == pytest.approx(-23.0, abs=0.2)
    assert result.loudness is not None and result.loudness.passes == 1  # a tone far under its ceiling: no limiting
    assert not result.loudness.limited


def test_as_mixed_writes_the_mix_sample_for_sample(noise: MediaReference, tmp_path: Path):
    """No target: the PCM written is the source's own samples (16-bit in, 24-bit out: each
    the same value), with or without "as-mixed" said, as before there were targets."""
    timeline = timeline_from_media(noise)
    plain = render_timeline(timeline, tmp_path / "plain.mov", preset="prores")
    said = render_with_report(timeline, tmp_path / "said.mov", preset="prores", loudness="as-mixed")
    assert said.loudness is None
    written, again = decoded_pcm(plain), decoded_pcm(said.path)
    assert np.array_equal(written, again)
    # The source's 16-bit samples exactly (ProRes carries 24-bit PCM, and the writer scales by
    # 2^23), past the 5 ms the mix eases in and out over at the clip's ends.
    original = decoded_pcm(Path(noise.path))
    inside = slice(round(0.005 * RATE), written.shape[1] - round(0.005 * RATE))
    assert np.array_equal(written[:, inside], original[:, inside])


def test_cancelling_while_the_mix_is_measured_writes_nothing(noise: MediaReference, tmp_path: Path):
    out = tmp_path / "cancelled.m4a"
    out.write_bytes(b"an older export")
    cancel = threading.Event()
    seen: list[float] = []

    def progress(fraction: float) -> None:
        seen.append(fraction)
        if fraction > 0.05:
            cancel.set()

    with pytest.raises(RenderCancelled):
        render_timeline(timeline_from_media(noise), out, loudness="web", progress=progress, cancel=cancel)
    assert max(seen) < _MEASURE_SHARE_SOUND  # stopped inside the measuring
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cancelled.m4a"]  # no partial file
    assert out.read_bytes() == b"an older export"


def test_progress_runs_through_the_measure_and_the_render_once(noise: MediaReference, tmp_path: Path):
    seen: list[float] = []
    render_timeline(timeline_from_media(noise), tmp_path / "p.m4a", loudness="web", progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0
    assert any(0 < f < _MEASURE_SHARE_SOUND for f in seen) and any(_MEASURE_SHARE_SOUND < f < 1 for f in seen)


def test_an_in_to_out_export_is_brought_to_the_target_over_its_own_frames(tmp_path: Path):
    """Quiet then loud: exporting the loud half measures the loud half only."""
    sound = np.concatenate([programme(3.0, -40.0, seed=1), programme(3.0, -20.0, seed=2)], axis=1)
    media = media_reference(probe(write_sound(tmp_path / "halves.wav", sound, "stereo")))
    timeline = timeline_from_media(media)
    half = FrameRange(timeline.duration // 2 + 2, timeline.duration - timeline.duration // 2 - 2)
    result = render_with_report(timeline, tmp_path / "loud.mov", preset="prores", frames=half, loudness="ebu-r128")
    assert result.loudness is not None and result.loudness.measured_lufs == pytest.approx(-20.0, abs=0.2)
    assert integrated_loudness(decoded_pcm(result.path)) == pytest.approx(-23.0, abs=0.1)


def test_silence_is_left_as_mixed_and_said_so(tmp_path: Path):
    media = media_reference(probe(write_sound(tmp_path / "silent.wav", np.zeros((2, 2 * RATE), np.float32), "stereo")))
    result = render_with_report(timeline_from_media(media), tmp_path / "silent.mov", preset="prores", loudness="web")
    assert result.loudness is not None and result.loudness.measured_lufs is None
    assert "silent" in result.loudness.summary()
    assert not decoded_pcm(result.path).any()


def test_an_unknown_target_is_refused_before_anything_is_written(noise: MediaReference, tmp_path: Path):
    with pytest.raises(RenderError, match="as-mixed, web, ebu-r128, atsc-a85"):
        render_timeline(timeline_from_media(noise), tmp_path / "x.m4a", loudness="-16")
    assert not list(tmp_path.iterdir())


def test_peaks_too_far_above_the_loudness_are_not_squashed_to_meet_it(tmp_path: Path):
    """Clicks near full scale over noise at −50 LUFS: meeting −14 would take the clicks down
    some 20 dB. The limiter stops at 12 dB, and the editor is told the file falls short."""
    media = media_reference(probe(write_sound(tmp_path / "sparse.wav", programme(4.0, None, clicks=0.9), "stereo")))
    result = render_with_report(timeline_from_media(media), tmp_path / "sparse.mov", preset="prores", loudness="web")
    report = result.loudness
    assert report is not None and report.final_lufs is not None
    assert report.final_lufs < -14.5 and not report.on_target
    assert report.measured_peak_db + report.gain_db - report.ceiling == pytest.approx(12.0, abs=0.05)
    assert "12 dB" in report.summary()
    assert _db(true_peak(decoded_pcm(result.path))) < -1.0


def test_the_command_line_renders_to_a_target_and_says_what_it_measured(noise: MediaReference, tmp_path: Path):
    out = tmp_path / "cli.m4a"
    done = subprocess.run([sys.executable, "-m", "vedit_gui", "render", noise.path, "-o", str(out),
                           "--loudness", "ebu-r128"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "the mix measured -24.0 LUFS" in done.stderr and "makes it -23.0 LUFS" in done.stderr
    assert integrated_loudness(decoded_pcm(out)) == pytest.approx(-23.0, abs=0.5)
    refused = subprocess.run([sys.executable, "-m", "vedit_gui", "render", noise.path, "-o", str(tmp_path / "no.m4a"),
                              "--loudness", "loud"], capture_output=True, text=True, timeout=300)
    assert refused.returncode != 0 and "unknown loudness target 'loud'" in refused.stderr
    assert not (tmp_path / "no.m4a").exists()

