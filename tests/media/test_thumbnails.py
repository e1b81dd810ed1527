from __future__ import annotations

import pytest
from mediagen import make_audio_only, make_video, read_index

from vedit_gui.media import MediaError, thumbnails


def test_thumbnails_are_keyframes_spread_over_the_clip(codec_clips):
    strip = list(thumbnails(codec_clips["vp9-webm"], count=5, height=48))
    # 60 frames with a keyframe every 24: the points 6, 18, 30, 42, 54 fall on keyframes 0, 24, 48.
    assert [index for index, _ in strip] == [0, 24, 48]
    for index, picture in strip:
        assert picture.shape == (48, 80, 3)
        assert read_index(picture) == index


def test_each_thumbnail_reports_the_frame_it_shows(codec_clips):
    for index, picture in thumbnails(codec_clips["h264-gop60-bframes-mp4"], count=3, height=96):
        assert read_index(picture) == index


def test_rotated_thumbnails_are_upright(tmp_path):
    make_video(tmp_path / "phone.mp4", 4, width=160, height=96, rotation=90)
    ((_, picture),) = thumbnails(tmp_path / "phone.mp4", 2, 80)
    assert picture.shape == (80, 48, 3)


@pytest.mark.parametrize(
    ("count", "height"), [(0, 48), (3, 0)], ids=["no-thumbnails", "zero-height"]
)
def test_bad_requests_are_refused(codec_clips, count, height):
    with pytest.raises(MediaError):
        list(thumbnails(codec_clips["vp9-webm"], count, height))


def test_sound_has_no_thumbnails(tmp_path):
    with pytest.raises(MediaError, match="no video"):
        list(thumbnails(make_audio_only(tmp_path / "voice.m4a", 0.3), 3, 48))
