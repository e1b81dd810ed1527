"""Surround sources in a stereo mix: folded down as ITU-R BS.775 / Dolby Lo/Ro (centre and
surrounds at −3 dB, LFE left out), dialogue kept at its loudness, and full scale in every
channel rendered without clipping."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from surround_media import RATE, decoded_pcm, distortion_db, sine, tone_level, write_sound

from vedit_gui.media import media_reference, probe
from vedit_gui.media.loudness import integrated_loudness
from vedit_gui.render import AudioMix, render_timeline
from vedit_gui.timeline import timeline_from_media

C = 10 ** (-3 / 20)  # −3 dB (0.708; BS.775's 0.7071)
# Where each channel of a source goes in the stereo mix (left, right), as BS.775 and Dolby's
# Lo/Ro fold it down: written out here, apart from the code's own table.
EXPECTED = {
    "FL": (1, 0), "FR": (0, 1), "FC": (0.7071, 0.7071), "LFE": (0, 0),
    "BL": (0.7071, 0), "BR": (0, 0.7071), "SL": (0.7071, 0), "SR": (0, 0.7071), "BC": (0.5, 0.5),
}


def _timeline(path: Path):
    return timeline_from_media(media_reference(probe(path)))


def _mixed(path: Path, seconds: float = 1.0) -> np.ndarray:
    """A second of the timeline's mix from 0.5 s on (past the fade in), as preview and render
    both hear it."""
    with AudioMix(_timeline(path)) as mix:
        return mix.read(RATE // 2, round(seconds * RATE))


@pytest.mark.parametrize("layout", ["2.1", "3.0", "4.0", "quad", "5.0", "5.1", "5.1(side)", "6.1", "7.1"])
def test_each_channel_of_a_surround_source_folds_down_as_bs775(tmp_path: Path, layout: str):
    """Each channel a tone of its own frequency (0.1, no overs): the stereo mix holds each
    at its fold-down coefficient on each side."""
    names = [channel.name for channel in av.AudioLayout(layout).channels]
    freqs = [300 + 200 * i for i in range(len(names))]
    source = write_sound(tmp_path / "surround.wav", np.stack([sine(f, 2.0, 0.1) for f in freqs]), layout)
    mixed = _mixed(source)
    assert mixed.shape == (2, RATE)
    for name, freq in zip(names, freqs, strict=True):
        left, right = tone_level(mixed, freq) / 0.1
        assert (left, right) == pytest.approx(EXPECTED[name], abs=0.01), name


def test_channels_without_names_are_taken_as_ffmpeg_takes_them(tmp_path: Path):
    """PCM in Matroska carries no layout: six channels are 5.1 (FL FR FC LFE BL BR)."""
    freqs = [300, 500, 700, 900, 1100, 1300]
    source = write_sound(tmp_path / "six.mkv", np.stack([sine(f, 2.0, 0.1) for f in freqs]), "5.1")
    with av.open(str(source)) as container:
        assert container.streams.audio[0].codec_context.layout.name == "6 channels"
    mixed = _mixed(source)
    for name, freq in zip(["FL", "FR", "FC", "LFE", "BL", "BR"], freqs, strict=True):
        assert tuple(tone_level(mixed, freq) / 0.1) == pytest.approx(EXPECTED[name], abs=0.01), name


def test_a_full_scale_5_1_source_renders_without_clipping(tmp_path: Path):
    """1 kHz at full scale in all six channels, in phase: each side sums to 2.41 (L + 0.71 C +
    0.71 Ls). The render holds it just under full scale as a clean sine; clipped, the tops
    would be cut off flat (distortion about −12 dB)."""
    source = write_sound(tmp_path / "full.wav", np.stack([sine(1000, 2.0, 1.0)] * 6), "5.1")
    out = render_timeline(_timeline(source), tmp_path / "full.mov", preset="prores")  # PCM: as mixed
    written = decoded_pcm(out)
    steady = written[:, RATE // 2 : 3 * RATE // 2]
    assert written.max() <= (2**23 - 1) / 2**23 and written.min() >= -1.0  # full scale of 24-bit PCM
    assert np.abs(steady).max() > 0.99  # turned down just enough, not normalised away
    for channel in steady:
        assert distortion_db(channel, 1000) < -50
    # And through AAC (the default preset): still a sine, no flat tops. (AAC rebuilds a tone at
    # full scale up to 0.3 dB over it, 1.03 in a float decode: as any encoder given a mix that
    # peaks at full scale; a loudness target leaves headroom for it.)
    aac = decoded_pcm(render_timeline(_timeline(source), tmp_path / "full.m4a"))
    assert np.abs(aac).max() < 1.04
    assert max(distortion_db(channel, 1000) for channel in aac[:, RATE // 2 : 3 * RATE // 2]) < -30


def test_full_scale_7_1_quad_and_2_1_sources_stay_clean(tmp_path: Path):
    """7.1 sums to 3.12 a side, quad and 4.0 to 1.71 and 2.21, 2.1 drops its LFE: all clean sines
    at or under full scale in the mix."""
    for layout in ("7.1", "quad", "4.0", "2.1"):
        channels = av.AudioLayout(layout).nb_channels
        source = write_sound(tmp_path / f"{layout}.wav", np.stack([sine(1000, 2.0, 1.0)] * channels), layout)
        mixed = _mixed(source)
        assert np.abs(mixed).max() <= 1.0, layout
        assert np.abs(mixed).max() > 0.99, layout
        assert max(distortion_db(channel, 1000) for channel in mixed) < -50, layout


def test_dialogue_in_a_5_1_centre_keeps_its_loudness_beside_a_stereo_source(tmp_path: Path):
    """A line in the centre channel plays at −3 dB each side (the centre speaker's power from
    two), so the folded-down stereo measures as loud as the centre did; the same line recorded
    in stereo at the same level is 3 dB higher each side."""
    line = sine(1000, 2.0, 0.25)
    silent = np.zeros_like(line)
    five_one = write_sound(tmp_path / "centre.wav", np.stack([silent, silent, line, silent, silent, silent]), "5.1")
    stereo = write_sound(tmp_path / "stereo.wav", np.stack([line, line]), "stereo")
    from_centre = decoded_pcm(render_timeline(_timeline(five_one), tmp_path / "centre.mov", preset="prores"))
    from_stereo = decoded_pcm(render_timeline(_timeline(stereo), tmp_path / "stereo.mov", preset="prores"))
    middle = slice(RATE // 2, 3 * RATE // 2)
    centre_db = 20 * np.log10(tone_level(from_centre[:, middle], 1000))
    stereo_db = 20 * np.log10(tone_level(from_stereo[:, middle], 1000))
    assert stereo_db == pytest.approx([20 * np.log10(0.25)] * 2, abs=0.02)
    assert centre_db - stereo_db == pytest.approx([-3.01, -3.01], abs=0.02)
    # BS.1770 weighs a 5.1 programme's centre as a front channel: the line alone in it measures
    # as the line in one channel; the fold-down measures the same.
    assert integrated_loudness(from_centre[:, middle]) == pytest.approx(integrated_loudness(line[None, RATE // 2 : 3 * RATE // 2]), abs=0.05)


def test_a_7_1_source_reads_in_any_channel_count(tmp_path: Path):
    """PyAV 18 miscounts the planes of planar 8-channel sound (and crashed reading 7.1):
    the reader takes its sound interleaved."""
    from vedit_gui.media import AudioReader

    source = write_sound(tmp_path / "seven.wav", np.stack([sine(300 + 100 * i, 0.5, 0.1) for i in range(8)]), "7.1")
    for channels in (1, 2, 6, 8):
        with AudioReader(source, channels=channels) as reader:
            block = reader.read(4800, 9600)
        assert block.shape == (channels, 9600)
        assert np.abs(block).max() > 0.05
    with AudioReader(source, channels=8) as reader:
        assert tone_level(reader.read(0, RATE // 2), 1000)[7] == pytest.approx(0.1, abs=0.005)  # SR kept apart
