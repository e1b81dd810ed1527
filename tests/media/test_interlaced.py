"""Interlaced footage (1080i camcorders, AVCHD, broadcast captures) comes out of a reader
progressive, so the preview and the render show no comb on moving edges."""

from __future__ import annotations

import av
import numpy as np
import pytest
from mediagen import make_video

from vedit_gui.media import FrameReader
from vedit_gui.media.deinterlace import progressive

WIDTH, HEIGHT = 128, 96


def two_fields(i: int) -> np.ndarray:
    """A bright bar that moves between the fields: the top field (even lines) sees it at one
    place, the bottom field a field later, 16 pixels on, as a camera records motion."""
    picture = np.full((HEIGHT, WIDTH, 3), 40, np.uint8)
    picture[0::2, 10 + 4 * i: 30 + 4 * i] = 220
    picture[1::2, 26 + 4 * i: 46 + 4 * i] = 220
    return picture


def comb(picture: np.ndarray) -> float:
    """How much neighbouring lines differ more than lines two apart: the fields' teeth."""
    luma = picture.astype(np.float64).mean(axis=2)
    return float(np.abs(np.diff(luma, axis=0)).mean() - np.abs(luma[2:] - luma[:-2]).mean() / 2)


@pytest.fixture(scope="module")
def interlaced(tmp_path_factory):
    folder = tmp_path_factory.mktemp("interlaced")
    return make_video(folder / "camcorder.mp4", 12, width=WIDTH, height=HEIGHT, picture=two_fields, audio=False,
                      options={"x264-params": "interlaced=1:tff=1"}).path


def test_interlaced_frames_are_read_without_the_fields_comb(interlaced):
    with av.open(str(interlaced)) as container:
        raw = [f for f in container.decode(video=0)]
    assert all(f.interlaced_frame for f in raw)
    assert comb(raw[5].to_ndarray(format="rgb24")) > 20  # as decoded: teeth on the bar's edges
    with FrameReader(interlaced) as reader:
        jumped = reader.read(5)
        walked = dict(reader.frames(0, 12))
    assert comb(jumped) < 3 and comb(walked[5]) < 3
    assert np.array_equal(jumped, walked[5])  # one picture however it is reached
    # The picture keeps its place and brightness: one field's bar, not a smear of two.
    row = jumped[HEIGHT // 2].astype(int).mean(axis=1)
    assert row[:5].max() < 70 and row.max() > 180


def test_progressive_frames_pass_unchanged(tmp_path):
    clip = make_video(tmp_path / "progressive.mp4", 3, width=WIDTH, height=HEIGHT, audio=False)
    with av.open(str(clip.path)) as container:
        frame = next(container.decode(video=0))
    assert not frame.interlaced_frame and progressive(frame) is frame


def test_a_render_of_interlaced_footage_is_progressive_without_comb(interlaced, tmp_path):
    from vedit_gui.media import media_reference, probe
    from vedit_gui.render import render_timeline
    from vedit_gui.timeline import timeline_from_media

    out = render_timeline(timeline_from_media(media_reference(probe(interlaced))), tmp_path / "out.mp4")
    with av.open(str(out)) as container:
        frames = [f for f in container.decode(video=0)]
    assert len(frames) == 12 and not any(f.interlaced_frame for f in frames)
    assert max(comb(f.to_ndarray(format="rgb24")) for f in frames) < 3


def test_the_probe_says_a_file_is_interlaced_and_its_field_order(interlaced, tmp_path, capsys):
    from vedit_gui.cli import main
    from vedit_gui.media import probe

    assert probe(interlaced).video.scan == "interlaced, top field first"
    bff = make_video(tmp_path / "bff.mp4", 4, width=WIDTH, height=HEIGHT, picture=two_fields, audio=False,
                     options={"x264-params": "interlaced=1:bff=1"}).path
    assert probe(bff).video.scan == "interlaced, bottom field first"  # DV and most SD captures
    assert probe(make_video(tmp_path / "p.mp4", 2, audio=False).path).video.scan == "progressive"
    assert main(["probe", str(interlaced)]) == 0
    assert "interlaced, top field first (deinterlaced)" in capsys.readouterr().out
