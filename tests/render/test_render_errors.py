"""Renders that stop: cancel, bad input, a full disk, damaged media. Nothing is left behind."""

from __future__ import annotations

import errno
import os
import threading
from dataclasses import replace
from pathlib import Path

import av
import pytest
from badmedia import make_corpus
from render_helpers import NTSC, decoded_frames

from vedit_gui.media import MediaError, media_reference, probe
from vedit_gui.render import RenderCancelled, RenderError, has_picture, render_timeline
from vedit_gui.render.encoder import MediaWriter
from vedit_gui.timeline import (
    Clip,
    FrameRange,
    Gap,
    Timeline,
    Track,
    TrackKind,
    timeline_from_media,
)

CORPUS_NAMES = [
    "zero_bytes", "text_named_mp4", "truncated_mid_gop", "truncated_mp4_index", "audio_only",
    "no_audio", "one_pixel", "odd_1281x721", "rotated_90", "uhd_3840x2160",
]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _decode_workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "render-decode"]


def test_cancel_leaves_no_file_and_keeps_the_old_one(timeline: Timeline, tmp_path: Path):
    out = tmp_path / "out.mp4"
    out.write_bytes(b"the previous render")
    cancel = threading.Event()

    def on_progress(fraction: float) -> None:
        if fraction > 0.2:
            cancel.set()

    with pytest.raises(RenderCancelled):
        render_timeline(timeline, out, progress=on_progress, cancel=cancel)
    assert out.read_bytes() == b"the previous render"
    assert _leftovers(tmp_path) == []
    assert _decode_workers() == []


def test_cancel_before_the_start_writes_nothing(timeline: Timeline, tmp_path: Path):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(RenderCancelled):
        render_timeline(timeline, tmp_path / "never.mp4", cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_is_reported_plainly(timeline: Timeline, tmp_path: Path, monkeypatch):
    def full(self, frame, index):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(MediaWriter, "write_video", full)
    out = tmp_path / "out.mp4"
    out.write_bytes(b"keep me")
    with pytest.raises(RenderError, match=f"not enough space in {tmp_path}"):
        render_timeline(timeline, out)
    assert out.read_bytes() == b"keep me"
    assert _leftovers(tmp_path) == []
    assert _decode_workers() == []


def test_a_missing_source_is_a_render_error(source, tmp_path: Path):
    gone = replace(source, path=str(tmp_path / "gone.mp4"))
    timeline = Timeline(NTSC, (Track(TrackKind.VIDEO, (Clip(gone, FrameRange(0, 10)),)),))
    with pytest.raises(RenderError, match="gone.mp4"):
        render_timeline(timeline, tmp_path / "out.mp4")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda source: Timeline(NTSC), "empty"),
        # Sound alone renders a file of sound (test_render_output); gaps alone are nothing.
        (lambda source: Timeline(NTSC, (Track(TrackKind.VIDEO, (Gap(10),)), Track(TrackKind.AUDIO, (Gap(10),)))), "no clips"),
    ],
    ids=["empty", "gaps-only"],
)
def test_timelines_with_nothing_to_render_are_refused(source, tmp_path: Path, build, message):
    with pytest.raises(RenderError, match=message):
        render_timeline(build(source), tmp_path / "out.mp4")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_a_render_error(timeline: Timeline, tmp_path: Path):
    with pytest.raises(RenderError, match="does not exist"):
        render_timeline(timeline, tmp_path / "nowhere" / "out.mp4")


def test_an_export_over_footage_the_edit_uses_is_refused_and_the_footage_kept(tmp_path: Path):
    import hashlib
    import os

    from mediagen import make_video

    from vedit_gui.render import render_still

    clip = make_video(tmp_path / "camera.mp4", 12, width=64, height=48)
    timeline = timeline_from_media(media_reference(probe(clip.path)))
    before = hashlib.sha256(clip.path.read_bytes()).hexdigest()
    linked = tmp_path / "same.mp4"
    os.link(clip.path, linked)  # the same file by another name
    for out in (clip.path, tmp_path / "." / "camera.mp4", linked):
        with pytest.raises(RenderError, match="is footage this edit uses: writing there would replace it"):
            render_timeline(timeline, out)
    picture = tmp_path / "still.png"
    picture.write_bytes(b"x")
    render_still(timeline, 3, picture)  # another file of the same kind is simply replaced
    assert hashlib.sha256(clip.path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["camera.mp4", "same.mp4", "still.png"]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_corpus(tmp_path_factory.mktemp("render-badmedia"))


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_awkward_media_renders_or_fails_plainly(corpus: dict[str, Path], name: str, tmp_path: Path):
    try:
        timeline = timeline_from_media(media_reference(probe(corpus[name])))
    except MediaError:
        return  # unreadable files are refused at the door, which the media tests cover
    out = tmp_path / "out.mp4"
    try:
        render_timeline(timeline, out)
    except RenderError as exc:
        assert str(exc)
        assert list(tmp_path.iterdir()) == []
        return
    if has_picture(timeline):
        assert len(decoded_frames(out)) == timeline.duration
    else:  # sound only: a file of sound only
        with av.open(str(out)) as container:
            assert not container.streams.video and container.streams.audio


def test_a_codec_the_container_cannot_hold_is_a_render_error(timeline: Timeline, tmp_path: Path):
    # Said as what to do, not as FFmpeg's "'mp4' format does not support 'prores_ks' codec".
    with pytest.raises(RenderError) as caught:
        render_timeline(timeline, tmp_path / "out.mp4", preset="prores")
    assert str(caught.value) == "the prores preset cannot write a .mp4 file: name it .mov"
    assert list(tmp_path.iterdir()) == []


def test_the_extension_picks_the_container(timeline: Timeline, tmp_path: Path):
    out = render_timeline(timeline, tmp_path / "out.mkv", preset="h264")
    assert probe(out).format_name.startswith("matroska")
    assert len(decoded_frames(out)) == timeline.duration


def test_the_output_gets_the_usual_file_permissions(timeline: Timeline, tmp_path: Path):
    usual = tmp_path / "usual"
    usual.write_bytes(b"")
    out = render_timeline(timeline, tmp_path / "out.mp4")
    assert out.stat().st_mode == usual.stat().st_mode


def test_an_extension_we_do_not_write_is_refused(tmp_path):
    from vedit_gui.render import RenderError, render_timeline
    from vedit_gui.timeline import MediaReference, timeline_from_media

    timeline = timeline_from_media(MediaReference(str(tmp_path / "any.mp4"), 25, 10))
    with pytest.raises(RenderError, match=r"not \.avi"):
        render_timeline(timeline, tmp_path / "out.avi")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("code", "message"),
    [(errno.ENOSPC, "not enough space in {folder}$"), (errno.EROFS, r"cannot write to {folder} \(the disk is read-only\)"),
     (errno.EACCES, r"cannot write to {folder} \(permission denied\)"), (errno.EFBIG, "too large for the disk of {folder}")],
    ids=["full", "read-only", "permission", "too-large"],
)
def test_a_disk_that_refuses_the_file_at_the_start_is_named_not_the_preset(
    timeline: Timeline, tmp_path: Path, monkeypatch, code, message
):
    # What FFmpeg says when the output cannot be opened: its OSError names the hidden temp file.
    def refuse(path, *args, **kwargs):
        raise av.error.OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr("vedit_gui.render.renderer.MediaWriter", refuse)
    out = tmp_path / "export.mp4"
    with pytest.raises(RenderError, match=message.format(folder=tmp_path)) as caught:
        render_timeline(timeline, out)
    assert "preset" not in str(caught.value) and ".partial" not in str(caught.value)
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(("width", "height"), [(2, 2), (1, 1000), (14, 64)], ids=["2x2", "1x1000", "14x64"])
def test_a_picture_too_small_for_h265_names_the_size_limit(tmp_path: Path, width: int, height: int):
    from mediagen import make_video

    clip = make_video(tmp_path / "tiny.mp4", 6, width=width, height=height, pix_fmt="yuv444p", audio=False)
    timeline = timeline_from_media(media_reference(probe(clip.path)))
    out = tmp_path / "out" / "tiny.mp4"
    out.parent.mkdir()
    with pytest.raises(RenderError, match="H.265 needs at least 16 on each side") as caught:
        render_timeline(timeline, out, preset="h265")
    assert "Invalid argument" not in str(caught.value) and "h264" in str(caught.value)
    assert list(out.parent.iterdir()) == []
    # The presets whose encoders take any even size render it.
    assert len(decoded_frames(render_timeline(timeline, out, preset="h264"))) == 6


def test_h265_renders_the_smallest_picture_it_takes(tmp_path: Path):
    from mediagen import make_video

    clip = make_video(tmp_path / "small.mp4", 4, width=16, height=16, audio=False)
    timeline = timeline_from_media(media_reference(probe(clip.path)))
    assert len(decoded_frames(render_timeline(timeline, tmp_path / "out.mp4", preset="h265"))) == 4


def test_the_sources_cut_short_are_named_before_a_render(corpus: dict[str, Path], source):
    from vedit_gui.render import cut_short_sources
    from vedit_gui.timeline import InsertMedia

    short = media_reference(probe(corpus["truncated_mid_gop"]))
    timeline = InsertMedia((short,), 0).apply(timeline_from_media(source))
    notes = cut_short_sources(timeline)
    assert len(notes) == 1 and notes[0].startswith("truncated_mid_gop.mkv is cut short: its picture ends at frame ")
    assert cut_short_sources(timeline_from_media(source)) == []
