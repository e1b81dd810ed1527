"""A ProRes master carries its sound as 24-bit PCM, as editing masters do: detail under
16-bit resolution (a fade's tail, room tone far down) survives into the next edit."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
from surround_media import RATE, decoded_pcm, sine, write_sound

from vedit_gui.media import media_reference, probe
from vedit_gui.render import render_timeline
from vedit_gui.timeline import timeline_from_media


def test_prores_writes_24_bit_pcm_that_keeps_what_16_bits_would_lose(tmp_path: Path):
    # A tone at -100 dBFS: 0.3 of a 16-bit step, 77 steps of 24 bits; written as 32-bit float.
    quiet = sine(1000, 1.0, 10 ** (-100 / 20))
    source = write_sound(tmp_path / "quiet.wav", np.stack([quiet, quiet]), "stereo", codec="pcm_f32le")
    out = render_timeline(timeline_from_media(media_reference(probe(source))), tmp_path / "master.mov",
                          preset="prores")
    with av.open(str(out)) as container:
        assert container.streams.audio[0].codec_context.name == "pcm_s24le"
        assert container.streams.audio[0].sample_rate == RATE
    written = decoded_pcm(out)[:, RATE // 10 : -RATE // 10]
    expected = np.rint(np.stack([quiet, quiet]) * 2**23)[:, RATE // 10 : -RATE // 10] / 2**23
    assert np.abs(written - expected).max() <= 1 / 2**23  # the tone to within a 24-bit step
    assert np.abs(written).max() > 60 / 2**23  # 16 bits would have written silence
