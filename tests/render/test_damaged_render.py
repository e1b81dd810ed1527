"""Sources damaged in the middle render with the damage concealed, as players conceal it, and
the render's report says which file and where, for the editor to be told."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from badmedia import damage_packets
from mediagen import make_video
from render_helpers import decoded_audio

from vedit_gui.media import media_reference, probe
from vedit_gui.render import render_with_report
from vedit_gui.timeline import timeline_from_media


@pytest.fixture(scope="module")
def sound_damaged(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("damaged-render")
    whole = make_video(folder / "talk.mp4", 90, width=64, height=48, rate=30).path
    return damage_packets(whole, folder / "damaged.mp4", "audio", 1.0, 2.0)


def test_sound_damaged_mid_file_renders_with_silence_there_and_a_warning_that_says_where(sound_damaged, tmp_path):
    # It used to stop every export: "the sound is damaged and cannot be decoded ([Errno
    # 1094995529] … 'avcodec_send_packet()')", with no place to cut around.
    timeline = timeline_from_media(media_reference(probe(sound_damaged)))
    result = render_with_report(timeline, tmp_path / "out.mp4")
    assert result.warnings == (
        "damaged.mp4: the sound is damaged from 00:00:01:00 to 00:00:02:00 (1.00 s to 2.01 s); "
        "it plays as silence there",
    )
    sound, rate = decoded_audio(result.path)
    level = np.sqrt((sound[0][: 3 * rate].reshape(-1, rate // 100) ** 2).mean(axis=1))
    assert (level[5:95] > 0.05).all() and (level[205:290] > 0.05).all()
    assert (level[105:198] < 0.01).all()


def test_a_whole_source_renders_without_warnings(tmp_path):
    clip = make_video(tmp_path / "whole.mp4", 30, width=64, height=48).path
    result = render_with_report(timeline_from_media(media_reference(probe(clip))), tmp_path / "out.mp4")
    assert result.warnings == ()


def test_a_picture_damaged_mid_file_renders_every_frame_and_the_report_says_where(tmp_path):
    # It rendered the damage silently (exit 0, no word); now the report names it.
    from render_helpers import decoded_indices

    whole = make_video(tmp_path / "shot.mp4", 90, width=160, height=96, rate=30, gop=30, audio=False).path
    damaged = damage_packets(whole, tmp_path / "damaged.mp4", "video", 1.2, 1.5)
    result = render_with_report(timeline_from_media(media_reference(probe(damaged))), tmp_path / "out.mp4")
    assert result.warnings == (
        "damaged.mp4: the picture is damaged from 00:00:01:06 to 00:00:01:29 (1.20 s to 2.00 s); "
        "pictures that cannot be decoded show the last good one, and others there may show blocks",
    )
    shown = decoded_indices(result.path)
    assert len(shown) == 90 and shown[:34] == list(range(34)) and shown[60:] == list(range(60, 90))
    assert shown[36:45] == [35] * 9
