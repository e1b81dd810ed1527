"""A mono clip plays on both sides at full level (dual mono, 0 dB), as Premiere and Resolve
place one by default: a mono voice-over matches a stereo recording of the same voice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from surround_media import RATE, decoded_pcm, sine, tone_level, write_sound

from vedit_gui.media import media_reference, probe
from vedit_gui.media.loudness import integrated_loudness
from vedit_gui.render import AudioMix, render_timeline
from vedit_gui.timeline import timeline_from_media

MIDDLE = slice(RATE // 2, 3 * RATE // 2)


def _timeline(path: Path):
    return timeline_from_media(media_reference(probe(path)))


@pytest.mark.parametrize("name", ["mono.wav", "mono.mov"])  # a WAV's one channel has no name; a MOV's is "mono"
def test_a_mono_source_renders_at_its_own_level_on_both_sides(tmp_path: Path, name: str):
    voice = sine(1000, 2.0, 0.25)
    mono = write_sound(tmp_path / name, voice[None], "mono")
    stereo = write_sound(tmp_path / "stereo.wav", np.stack([voice, voice]), "stereo")
    from_mono = decoded_pcm(render_timeline(_timeline(mono), tmp_path / "mono-out.mov", preset="prores"))[:, MIDDLE]
    from_stereo = decoded_pcm(render_timeline(_timeline(stereo), tmp_path / "stereo-out.mov", preset="prores"))[:, MIDDLE]
    mono_db = 20 * np.log10(tone_level(from_mono, 1000))
    assert mono_db == pytest.approx([20 * np.log10(0.25)] * 2, abs=0.02)  # −12.04 dBFS each side, not −15.05
    assert mono_db == pytest.approx(20 * np.log10(tone_level(from_stereo, 1000)), abs=0.01)
    assert integrated_loudness(from_mono) == pytest.approx(integrated_loudness(from_stereo), abs=0.01)
    # Sample for sample the same as the stereo recording (16-bit both ways).
    assert np.abs(from_mono - from_stereo).max() <= 1 / 32768


def test_the_preview_hears_a_mono_source_as_the_render_writes_it(tmp_path: Path):
    """Playback mixes with the same AudioMix: dual mono there too."""
    mono = write_sound(tmp_path / "mono.wav", sine(440, 2.0, 0.5)[None], "mono")
    with AudioMix(_timeline(mono)) as mix:
        heard = mix.read(MIDDLE.start, RATE)
    assert np.array_equal(heard[0], heard[1])
    assert tone_level(heard, 440) == pytest.approx([0.5, 0.5], abs=0.002)
