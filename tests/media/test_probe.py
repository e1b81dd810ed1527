from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
from mediagen import make_audio_only, make_vfr_video, make_video

from vedit_gui.media import AUDIO_ONLY_RATE, MediaError, media_reference, probe
from vedit_gui.media.probe import edit_rate, variable_rate_note

NTSC = Fraction(30000, 1001)


@pytest.mark.parametrize(
    ("filename", "rate", "frames"),
    [
        ("ntsc.mp4", NTSC, 45),
        ("film.mp4", Fraction(24000, 1001), 30),
        ("pal.mkv", Fraction(25), 31),
        ("sixty.mov", Fraction(60), 20),
    ],
    ids=["29.97-mp4", "23.976-mp4", "25-mkv", "60-mov"],
)
def test_rate_is_exact_and_frame_count_counts_every_frame(tmp_path, filename, rate, frames):
    make_video(tmp_path / filename, frames, rate=rate)
    info = probe(tmp_path / filename)
    assert info.video is not None
    assert info.video.rate == rate
    assert isinstance(info.video.rate, Fraction)
    assert info.video.frame_count == frames
    assert info.duration == Fraction(frames) / rate
    assert info.start_time == 0
    assert not info.video.variable_frame_rate


def test_describes_picture_and_sound(tmp_path):
    make_video(tmp_path / "clip.mp4", 10, width=160, height=96, audio_rate=44100)
    info = probe(tmp_path / "clip.mp4")
    assert info.format_name.startswith("mov")
    video, audio = info.video, info.audio
    assert (video.codec, video.width, video.height, video.pix_fmt, video.bit_depth) == (
        "h264",
        160,
        96,
        "yuv420p",
        8,
    )
    assert (audio.codec, audio.sample_rate, audio.channels, audio.layout) == (
        "aac",
        44100,
        2,
        "stereo",
    )
    assert abs(audio.duration - Fraction(10) / NTSC) < Fraction(1, 20)


def test_mono_audio_layout(tmp_path):
    info = probe(make_audio_only(tmp_path / "mono.m4a", 0.5, channels=1))
    assert (info.audio.channels, info.audio.layout) == (1, "mono")


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_rotation_is_clockwise_and_swaps_display_size(tmp_path, rotation):
    make_video(tmp_path / "phone.mp4", 3, width=160, height=96, rotation=rotation)
    video = probe(tmp_path / "phone.mp4").video
    assert video.rotation == rotation
    expected = (96, 160) if rotation in (90, 270) else (160, 96)
    assert (video.display_width, video.display_height) == expected
    assert (video.width, video.height) == (160, 96)


def test_sample_aspect_ratio_widens_the_display(tmp_path):
    make_video(tmp_path / "anamorphic.mp4", 3, width=160, height=96, sample_aspect=Fraction(4, 3))
    video = probe(tmp_path / "anamorphic.mp4").video
    assert video.sample_aspect == Fraction(4, 3)
    assert (video.display_width, video.display_height) == (213, 96)


def test_variable_frame_rate_is_detected_and_gridded(vfr_clip):
    video = probe(vfr_clip).video
    assert video.variable_frame_rate
    # 47 intervals over 1.776 s (12 cycles of 20+40+33+60 ms, less the last 60): 26.46 fps.
    assert video.rate == Fraction(2646, 100)
    assert video.frame_count == 48


def test_media_reference_for_video(tmp_path):
    make_video(tmp_path / "clip.mp4", 12)
    ref = media_reference(probe(tmp_path / "clip.mp4"))
    assert (ref.rate, ref.duration, ref.has_video, ref.has_audio) == (NTSC, 12, True, True)
    assert ref.path == str(tmp_path / "clip.mp4")


def test_a_source_opened_by_a_relative_path_is_named_by_its_absolute_one(tmp_path, monkeypatch):
    """Suggestions and saved projects name sources by path: one relative to wherever vedit
    was started would not be found from the project's folder."""
    make_video(tmp_path / "clip.mp4", 3, audio=False)
    monkeypatch.chdir(tmp_path)
    assert media_reference(probe("clip.mp4")).path == str(tmp_path / "clip.mp4")


@pytest.mark.parametrize("filename, timecode", [("cam.mov", "14:23:10;05"), ("cam.mkv", "10:00:00:00")])
def test_the_cameras_timecode_is_kept_with_the_source(tmp_path, filename, timecode):
    make_video(tmp_path / filename, 5, timecode=timecode, audio=False)
    info = probe(tmp_path / filename)
    assert info.timecode == timecode
    assert media_reference(info).metadata == {"timecode": timecode}


def test_a_file_without_timecode_counts_from_zero(tmp_path):
    make_video(tmp_path / "plain.mp4", 5, audio=False)
    info = probe(tmp_path / "plain.mp4")
    assert info.timecode is None and media_reference(info).metadata == {}


def test_audio_only_gets_a_25fps_grid_covering_the_sound(tmp_path):
    info = probe(make_audio_only(tmp_path / "voice.m4a", 1.01))
    assert info.video is None
    ref = media_reference(info)
    assert AUDIO_ONLY_RATE == 25
    assert (ref.rate, ref.has_video, ref.has_audio) == (Fraction(25), False, True)
    assert Fraction(ref.duration) / 25 >= info.duration > Fraction(ref.duration - 1) / 25


def test_to_dict_is_json_ready(tmp_path):
    make_video(tmp_path / "clip.mp4", 5)
    data = json.loads(json.dumps(probe(tmp_path / "clip.mp4").to_dict()))
    assert data["video"]["rate"] == "30000/1001"
    assert data["video"]["frame_count"] == 5
    assert data["audio"]["layout"] == "stereo"
    assert data["path"].endswith("clip.mp4")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.mp4", "not found"),
        (lambda d: _write(d / "empty.mp4", b""), "empty"),
        (lambda d: _write(d / "notes.mp4", b"just some text\n" * 20), "not a readable media file"),
        (lambda d: d, "not a file"),
    ],
    ids=["missing", "zero-bytes", "text-named-mp4", "directory"],
)
def test_unusable_files_raise_media_error_naming_the_file(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(MediaError, match=message) as caught:
        probe(path)
    assert path.name in str(caught.value)


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("durations_ms, grid, edit", [
    ((20, 40, 33, 60), Fraction(1307, 50), Fraction(25)),  # 26.14 on average: edited at 25
    ((50, 70, 40, 90), Fraction(1600, 100), Fraction(24)),  # a dim room: 16 fps on average
])
def test_a_variable_rate_source_is_edited_at_a_common_rate(tmp_path, durations_ms, grid, edit):
    info = probe(make_vfr_video(tmp_path / "phone.mp4", 25, durations_ms=durations_ms).path)
    assert (info.video.rate, edit_rate(info)) == (grid, edit)
    assert (variable_rate_note(info) or "").startswith("phone.mp4 has a variable frame rate")


def test_a_constant_rate_source_is_edited_at_its_own_rate(tmp_path):
    info = probe(make_video(tmp_path / "clip.mp4", 5, audio=False).path)
    assert edit_rate(info) == info.video.rate and variable_rate_note(info) is None


def test_tags_that_are_not_utf8_do_not_stop_a_file_opening(tmp_path):
    """Old cameras and Windows tools write Latin-1 tags, and a damaged byte does the same: the
    footage is fine, and ffprobe reads it. It used to escape as an internal error."""
    import av

    from vedit_gui.media import FrameReader

    made = tmp_path / "made.mkv"
    with av.open(str(made), "w") as container:
        container.metadata["title"] = "CafXY été"
        stream = container.add_stream("mpeg4", rate=25)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for _ in range(5):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), 90, np.uint8), format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    latin1 = tmp_path / "latin1.mkv"
    data = made.read_bytes()
    assert data.count(b"CafXY") == 1
    latin1.write_bytes(data.replace(b"CafXY", b"Caf\xe9Y"))  # "Café" in Latin-1, then a stray byte
    info = probe(latin1)
    assert info.video is not None and info.video.frame_count == 5
    with FrameReader(latin1) as reader:
        assert reader.read(4).shape == (48, 64, 3)
