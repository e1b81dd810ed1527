from __future__ import annotations

import pytest
from conftest import CODEC_CASES
from mediagen import make_audio_only, make_vfr_video, make_video, read_index

from vedit_gui.media import FrameReader, MediaError, thumbnails


def test_thumbnails_are_keyframes_spread_over_the_clip(codec_clips):
    strip = list(thumbnails(codec_clips["vp9-webm"], count=5, height=48))
    # 60 frames with a keyframe every 24: the points 6, 18, 30, 42, 54 fall on keyframes 0, 24, 48.
    assert [index for index, _ in strip] == [0, 24, 48]
    for index, picture in strip:
        assert picture.shape == (48, 80, 3)
        assert read_index(picture) == index


@pytest.mark.parametrize("case", CODEC_CASES, ids=[case.id for case in CODEC_CASES])
def test_each_thumbnail_reports_the_frame_it_shows(codec_clips, case):
    # MPEG program streams land a GOP late after a seek; the label must still be right.
    strip = list(thumbnails(codec_clips[case.id], count=4, height=96))
    assert len(strip) >= 2
    for index, picture in strip:
        assert read_index(picture) == index


def test_keyframes_the_decoder_does_not_flag_still_make_thumbnails(tmp_path):
    # Microsoft Video 1 (old game cut-scenes): the packets say which are keyframes (here every
    # second one), the pictures never do.
    clip = make_video(
        tmp_path / "cutscene.avi", 24, codec="msvideo1", bframes=0, audio=False,
        pix_fmt="rgb555le", options={"keyint_min": "1", "g": "1"},
    )
    strip = list(thumbnails(clip.path, count=3, height=48))
    assert [index for index, _ in strip] == [4, 12, 20]
    assert [read_index(picture) for _, picture in strip] == [4, 12, 20]


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


def test_variable_rate_thumbnails_are_labelled_where_the_grid_shows_them(tmp_path):
    # Dropped frames (a 30 fps phone clip slowing to 15) can take a keyframe off the constant
    # grid: its label is the first grid frame at or after it, not the evenly spaced point.
    clip = make_vfr_video(tmp_path / "drops.mp4", 60, durations_ms=(10, 10, 10, 70), gop=5)
    strip = list(thumbnails(clip.path, count=8, height=48))
    with FrameReader(clip.path) as reader:
        for index, picture in strip:
            shown = read_index(picture)
            assert read_index(reader.read(index)) >= shown
            assert index == 0 or read_index(reader.read(index - 1)) < shown
