"""The render writes one Y'CbCr matrix and says which: what a player decodes is the preview.

Solid, saturated colours make the matrix visible: read with the wrong one, a red or a blue
is off by ten levels and more.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import av
import numpy as np
import pytest
from mediagen import make_video
from render_helpers import NTSC, make_solid

from vedit_gui.media import media_reference, probe
from vedit_gui.media.grade import Grade
from vedit_gui.media.ycbcr import to_rgb24
from vedit_gui.render import TimelineVideo, render_timeline
from vedit_gui.timeline import (
    Clip,
    FrameRange,
    MediaReference,
    Suggestion,
    SuggestionStatus,
    Timeline,
    Track,
    TrackKind,
    Transition,
    timeline_from_media,
)

RED, BLUE = (220, 40, 30), (30, 60, 220)
HD = (1280, 720)
GRADE = Grade(exposure=0.4, temperature=0.5, saturation=1.2)


def edit(first: MediaReference, second: MediaReference) -> Timeline:
    """16 frames of ``first`` (the first 8 graded), dissolving over frames 12..19 into 16 of
    ``second``."""
    incoming = Clip(second, FrameRange(4, 16))
    track = Track(TrackKind.VIDEO, (Clip(first, FrameRange(0, 16)), incoming), "V1",
                  transitions=(Transition(incoming.id, 4, 4),))
    grade = Suggestion("grade", first.path, FrameRange(0, 8), 1.0, "test", GRADE.to_dict(),
                       SuggestionStatus.ACCEPTED)
    return replace(Timeline(NTSC, (track,)), suggestions=(grade,))


def rendered(timeline: Timeline, out: Path) -> tuple[int, list[np.ndarray]]:
    """(the file's colour tag, its pictures as a player decodes them: by that tag, with exact
    arithmetic, as mpv's shaders do; swscale's fast tables are off by up to 3 levels in
    saturated colours)."""
    render_timeline(timeline, out)
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        tag = int(stream.codec_context.colorspace)
        pictures = [to_rgb24(frame) for frame in container.decode(stream)]
    return tag, pictures


def assert_matches_preview(timeline: Timeline, pictures: list[np.ndarray], levels: float = 2.5) -> None:
    with TimelineVideo(timeline) as video:
        for frame in (2, 10, 14, 17, 25):  # graded, plain, dissolve (two), the second clip
            preview = video.frame_at(frame).reshape(-1, 3).mean(axis=0)
            output = pictures[frame].reshape(-1, 3).mean(axis=0)
            assert np.abs(output - preview).max() < levels, (frame, output, preview)


@pytest.fixture(scope="module")
def sources(media_dir: Path) -> dict[str, MediaReference]:
    return {
        "red709": make_solid(media_dir / "red709.mp4", RED, bt709=True),
        "blue709": make_solid(media_dir / "blue709.mp4", BLUE, bt709=True),
        "blue": make_solid(media_dir / "blue.mp4", BLUE, bt709=False),
    }


def test_probe_reads_the_matrix_tag(sources):
    assert probe(sources["red709"].path).video.colorspace == 1
    assert probe(sources["blue"].path).video.colorspace == 2  # untagged


def test_bt709_sources_render_as_tagged_bt709_in_every_kind_of_frame(sources, tmp_path):
    """Passed through, graded in 4:2:0, and mixed in R'G'B' (the dissolve): all BT.709."""
    timeline = edit(sources["red709"], sources["blue709"])
    tag, pictures = rendered(timeline, tmp_path / "out.mp4")
    assert tag == 1
    assert_matches_preview(timeline, pictures)


def test_a_source_in_another_matrix_is_converted_to_the_files(sources, tmp_path):
    timeline = edit(sources["red709"], sources["blue"])  # the first clip's matrix wins
    tag, pictures = rendered(timeline, tmp_path / "out.mp4")
    assert tag == 1
    assert_matches_preview(timeline, pictures)


def test_untagged_sources_render_untagged(sources, tmp_path):
    timeline = edit(sources["blue"], sources["red709"])
    tag, pictures = rendered(timeline, tmp_path / "out.mp4")
    assert tag == 2  # as the source was: a player guesses for both alike
    assert_matches_preview(timeline, pictures)


def test_prores_tags_and_converts_too(sources, tmp_path):
    timeline = edit(sources["red709"], sources["blue"])
    render_timeline(timeline, tmp_path / "out.mov", preset="prores")
    with av.open(str(tmp_path / "out.mov")) as container:
        stream = container.streams.video[0]
        assert int(stream.codec_context.colorspace) == 1
        pictures = [to_rgb24(frame) for frame in container.decode(stream)]
    assert_matches_preview(timeline, pictures)


def test_untagged_hd_is_read_as_bt709_and_its_render_says_so(tmp_path):
    """Players read an untagged HD picture as BT.709: so do the viewer and the render, and the
    file is tagged, so every player shows what the viewer showed."""
    red = make_solid(tmp_path / "red.mp4", RED, size=HD, bt709=True, tag=False)
    blue = make_solid(tmp_path / "blue.mp4", BLUE, size=HD, bt709=True, tag=False)
    assert probe(red.path).video.colorspace == 2  # untagged
    timeline = edit(red, blue)
    with TimelineVideo(timeline) as video:
        assert np.abs(video.frame_at(10).reshape(-1, 3).mean(axis=0) - RED).max() < 2.5
    tag, pictures = rendered(timeline, tmp_path / "out.mp4")
    assert tag == 1
    assert_matches_preview(timeline, pictures)


def test_a_full_range_source_is_written_at_limited_range_like_its_preview(sources, tmp_path):
    """Phones often write full-range pictures. Passed through untouched, their levels went
    into the limited-range file unchanged, and players stretched them: 13 levels off."""
    red = make_solid(tmp_path / "red-full.mp4", RED, pix_fmt="yuvj420p")
    assert probe(red.path).video.pix_fmt == "yuvj420p"
    timeline = edit(red, sources["blue"])
    _, pictures = rendered(timeline, tmp_path / "out.mp4")
    assert_matches_preview(timeline, pictures)


def test_a_15_bit_rgb_source_keeps_its_whites(tmp_path):
    """Microsoft Video 1 (old game cut-scenes) decodes to 5-bit R'G'B'. Handed to the encoder
    as decoded, swscale shifted it into Y'CbCr, and white came out 248 where the viewer showed
    255 (and every colour darker by a few levels)."""
    colours = [(255, 255, 255), (200, 60, 30), (40, 140, 220)]
    pictures = [np.full((48, 64, 3), colour, np.uint8) for colour in colours]
    make_video(tmp_path / "cutscene.avi", 3, width=64, height=48, codec="msvideo1", bframes=0,
               audio=False, pix_fmt="rgb555le", picture=lambda i: pictures[i])
    timeline = timeline_from_media(media_reference(probe(tmp_path / "cutscene.avi")))
    _, output = rendered(timeline, tmp_path / "out.mp4")
    with TimelineVideo(timeline) as video:
        assert video.frame_at(0).min() == 255
        for frame in range(3):
            preview = video.frame_at(frame).reshape(-1, 3).mean(axis=0)
            assert np.abs(preview - colours[frame]).max() < 8  # 5 bits a channel
            assert np.abs(output[frame].reshape(-1, 3).mean(axis=0) - preview).max() < 2.5


def test_a_render_says_which_primaries_and_transfer_its_colours_are(sources, tmp_path):
    """vedit's pictures are BT.709 colours (SD: SMPTE 170M); a player not told guesses a
    gamma of its own (QuickTime), so a file that names its matrix says so beside it. One left
    untagged, as its source was, stays untagged throughout."""
    for first, second, expected in (("red709", "blue709", (1, 1)), ("blue", "red709", (2, 2))):
        out = tmp_path / f"{first}.mp4"
        render_timeline(edit(sources[first], sources[second]), out)
        with av.open(str(out)) as container:
            context = container.streams.video[0].codec_context
            assert (int(context.color_primaries), int(context.color_trc)) == expected


def test_a_pal_tagged_file_keeps_pal_primaries(tmp_path):
    from fractions import Fraction

    from vedit_gui.render.encoder import MediaWriter
    from vedit_gui.render.presets import DEFAULT_PRESET, PRESETS

    out = tmp_path / "pal.mp4"
    writer = MediaWriter(out, PRESETS[DEFAULT_PRESET], size=(720, 576), rate=Fraction(25), audio=False, colorspace=5)
    frame = av.VideoFrame.from_ndarray(np.full((576, 720, 3), 120, np.uint8), format="rgb24")
    writer.write_video(frame, 0)
    writer.close()
    with av.open(str(out)) as container:
        context = container.streams.video[0].codec_context
        assert (int(context.colorspace), int(context.color_primaries), int(context.color_trc)) == (5, 5, 6)


@pytest.mark.parametrize("preset", ["prores", "h265"])
def test_every_preset_names_its_primaries_and_transfer(preset, tmp_path):
    """Fifth editor pass: a ProRes render said BT.709 for its matrix but "unknown" for its
    primaries and transfer (the encoder writes them from each frame, not the stream)."""
    from fractions import Fraction

    from vedit_gui.render.encoder import MediaWriter
    from vedit_gui.render.presets import PRESETS

    out = tmp_path / f"graded.{PRESETS[preset].extension.lstrip('.')}"
    writer = MediaWriter(out, PRESETS[preset], size=(256, 144), rate=Fraction(25), audio=False, colorspace=1)
    for index in range(2):
        writer.write_video(av.VideoFrame.from_ndarray(np.full((144, 256, 3), 120, np.uint8), format="rgb24"), index)
    writer.close()
    with av.open(str(out)) as container:
        frame = next(container.decode(video=0))
        context = container.streams.video[0].codec_context
        assert (int(context.colorspace), int(context.color_primaries), int(context.color_trc)) == (1, 1, 1)
        assert (int(frame.colorspace), int(frame.color_primaries), int(frame.color_trc)) == (1, 1, 1)


def _bt2020_solid(path: Path, colour: tuple[int, int, int]) -> MediaReference:
    """An HD file of one colour tagged BT.2020 (as phones tag HDR, and some SDR, video): a
    matrix vedit leaves to swscale."""
    width, height = HD
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=NTSC)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.codec_context.colorspace, stream.codec_context.color_range = 9, 1
        stream.codec_context.color_primaries, stream.codec_context.color_trc = 9, 1
        stream.codec_context.options = {"preset": "ultrafast", "qp": "0", "bf": "0"}
        picture = np.empty((height, width, 3), np.uint8)
        picture[:] = colour
        for index in range(24):
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24").reformat(
                format="yuv420p", dst_colorspace=av.video.reformatter.Colorspace.ITU709)
            frame.colorspace, frame.color_range, frame.pts = 9, 1, index
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return media_reference(probe(path))


@pytest.mark.parametrize(("preset", "name"), [("h264", "out.mp4"), ("prores", "out.mov")])
def test_an_hd_source_in_a_matrix_vedit_leaves_to_swscale_renders_as_previewed(tmp_path, preset, name):
    """BT.2020 HD was written as untagged BT.601 numbers, which players (and vedit) read as
    BT.709 at HD: colours moved by up to 26 levels (fourth code review)."""
    red, blue = _bt2020_solid(tmp_path / "red.mp4", RED), _bt2020_solid(tmp_path / "blue.mp4", BLUE)
    assert probe(red.path).video.colorspace == 9 and probe(red.path).video.matrix is None
    timeline = edit(red, blue)
    render_timeline(timeline, tmp_path / name, preset=preset)
    with av.open(str(tmp_path / name)) as container:
        stream = container.streams.video[0]
        assert int(stream.codec_context.colorspace) == 1  # BT.709, and said
        pictures = [to_rgb24(frame) for frame in container.decode(stream)]
    assert_matches_preview(timeline, pictures)
