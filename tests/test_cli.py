"""The ``vedit`` command end to end, in subprocesses as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import av
import opentimelineio as otio
import pytest
from badmedia import faststart
from mediagen import make_video, read_index

RATE = Fraction(30000, 1001)


def vedit(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vedit_gui", *args], capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return make_video(tmp_path_factory.mktemp("cli") / "source.mp4", 150, width=192, height=108).path


def test_probe_prints_exact_rate_and_frames(source):
    result = vedit("probe", str(source), "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["video"]["rate"] == "30000/1001"
    assert info["video"]["frame_count"] == 150
    assert info["audio"]["sample_rate"] == 48000
    human = vedit("probe", str(source))
    assert "30000/1001" in human.stdout and "150 frames" in human.stdout


def test_probe_names_a_layout_only_where_the_file_has_one(source, tmp_path):
    assert "2 ch (stereo)" in vedit("probe", str(source)).stdout
    # PCM in AVI carries no channel mask: FFmpeg calls its layout "2 channels".
    clip = make_video(tmp_path / "old.avi", 10, codec="mpeg4", audio_codec="pcm_u8")
    assert vedit("probe", str(clip.path)).stdout.rstrip().endswith("2 ch")


@pytest.mark.parametrize(
    "args",
    [
        ("probe", "missing.mp4"),
        ("probe", "{text}"),
        ("render", "{text}", "-o", "{out}"),
        ("render", "{source}", "-o", "{out}", "--preset", "vp8"),
        ("export", "{source}", "-o", "{tmp}/edit.aaf"),
    ],
    ids=["missing-file", "text-file", "render-text-file", "unknown-preset", "unknown-export-format"],
)
def test_bad_input_gives_one_clear_line(args, source, tmp_path):
    text = tmp_path / "notes.mp4"
    text.write_text("hello")
    filled = [a.format(text=text, out=tmp_path / "out.mp4", source=source, tmp=tmp_path) for a in args]
    result = vedit(*filled)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vedit: error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.mp4").exists()


def _otio_edit(source: Path, ranges: list[tuple[int, int]]) -> otio.schema.Timeline:
    """A video track and an audio track of clips taking source ranges of one file."""
    timeline = otio.schema.Timeline(name="edit")
    for kind in (otio.schema.TrackKind.Video, otio.schema.TrackKind.Audio):
        track = otio.schema.Track(kind=kind)
        for start, duration in ranges:
            track.append(
                otio.schema.Clip(
                    name=f"{start}",
                    media_reference=otio.schema.ExternalReference(target_url=str(source)),
                    source_range=otio.opentime.TimeRange(
                        otio.opentime.RationalTime(start, float(RATE)),
                        otio.opentime.RationalTime(duration, float(RATE)),
                    ),
                )
            )
        timeline.tracks.append(track)
    return timeline


def test_render_conforms_an_otio_edit_frame_exactly(source, tmp_path):
    ranges = [(100, 20), (10, 15), (60, 1), (0, 24)]
    edit = tmp_path / "edit.otio"
    otio.adapters.write_to_file(_otio_edit(source, ranges), str(edit))
    out = tmp_path / "out.mp4"
    result = vedit("render", str(edit), "-o", str(out), timeout=300)
    assert result.returncode == 0, result.stderr
    expected = [f for start, duration in ranges for f in range(start, start + duration)]
    with av.open(str(out)) as container:
        video = container.streams.video[0]
        assert video.average_rate == RATE
        shown = [read_index(frame.to_ndarray(format="rgb24")) for frame in container.decode(video=0)]
    assert shown == expected
    with av.open(str(out)) as container:
        audio = container.streams.audio[0]
        samples = sum(frame.samples for frame in container.decode(audio=0))
    video_seconds = len(expected) / RATE
    assert abs(samples / audio.sample_rate - float(video_seconds)) <= 2 / float(RATE)


def test_export_edl_of_a_capture_at_10_fps_says_its_timecode_rate(tmp_path):
    capture = make_video(tmp_path / "capture.mp4", 20, rate=Fraction(10), audio=False).path
    result = vedit("export", str(capture), "-o", str(tmp_path / "capture.edl"))
    assert result.returncode == 0, result.stderr
    assert "counts at 30 fps" in result.stderr
    assert "00:00:02:00" in (tmp_path / "capture.edl").read_text()


def test_export_otio_and_edl_from_a_source(source, tmp_path):
    for name in ("cut.otio", "cut.edl"):
        out = tmp_path / name
        result = vedit("export", str(source), "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 0
    back = otio.adapters.read_from_file(str(tmp_path / "cut.otio"))
    assert len(back.video_tracks()[0]) == 1
    assert "source" in (tmp_path / "cut.edl").read_text()


def test_export_final_cut_pro_xml_says_what_it_could_not_carry(tmp_path):
    capture = make_video(tmp_path / "capture.mp4", 25, rate=Fraction(25, 2), audio=False).path
    result = vedit("export", str(capture), "-o", str(tmp_path / "capture.xml"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "capture.xml")
    assert result.stderr.startswith("vedit: The timeline runs at 12.5 fps") and "counts at 25 fps" in result.stderr
    sequence = otio.adapters.read_from_file(str(tmp_path / "capture.xml"), "fcp_xml")
    assert len(list(sequence.find_clips())) == 1


def test_export_marks_the_suggestions_to_review_above_min_confidence(source, tmp_path):
    from vedit_gui.media import media_reference, probe
    from vedit_gui.project import save_project
    from vedit_gui.timeline import FrameRange, Suggestion, timeline_from_media

    cuts = (Suggestion("cut", str(source), FrameRange(59, 2), 0.8, "m", {"transition": "cut"}),
            Suggestion("cut", str(source), FrameRange(99, 2), 0.35, "m", {"transition": "cut"}))
    timeline = timeline_from_media(media_reference(probe(source)))
    save_project(replace(timeline, suggestions=cuts), tmp_path / "edit.vedit")

    def locators(*options: str) -> list[str]:
        result = vedit("export", str(tmp_path / "edit.vedit"), "-o", str(tmp_path / "edit.edl"), *options)
        assert result.returncode == 0, result.stderr
        return [line.split()[2] for line in (tmp_path / "edit.edl").read_text().splitlines() if line.startswith("* LOC:")]

    assert locators() == ["00:00:02;00"]  # the default threshold, 0.5: the unsure cut is left out
    assert locators("--min-confidence", "0.3") == ["00:00:02;00", "00:00:03;10"]
    result = vedit("export", str(tmp_path / "edit.vedit"), "-o", str(tmp_path / "edit.xml"), "--min-confidence", "0.3")
    assert result.returncode == 0, result.stderr
    xml = otio.adapters.read_from_file(str(tmp_path / "edit.xml"), "fcp_xml")
    assert sorted(m.name for clip in xml.find_clips() for m in clip.markers) == ["cut (35%)", "cut (80%)"]


def test_an_edl_and_an_xml_of_a_project_are_titled_with_its_name(source, tmp_path):
    """Once the first clip's file name ("source.mp4"): the other application's bin said
    nothing of which edit it was."""
    from vedit_gui.media import media_reference, probe
    from vedit_gui.project import save_project
    from vedit_gui.timeline import timeline_from_media

    save_project(timeline_from_media(media_reference(probe(source))), tmp_path / "cut1.vedit")
    for name in ("cut1.edl", "cut1.xml"):
        result = vedit("export", str(tmp_path / "cut1.vedit"), "-o", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "cut1.edl").read_text().splitlines()[0] == "TITLE: cut1"
    assert otio.adapters.read_from_file(str(tmp_path / "cut1.xml"), "fcp_xml").name == "cut1"


def test_render_in_to_out_takes_frame_numbers_or_timecode(source, tmp_path):
    out = tmp_path / "part.mp4"
    result = vedit("render", str(source), "-o", str(out), "--in", "00:00:01;00", "--out", "44")
    assert result.returncode == 0, result.stderr
    with av.open(str(out)) as container:
        shown = [read_index(frame.to_ndarray(format="rgb24")) for frame in container.decode(video=0)]
    assert shown == list(range(30, 45))  # one second in, to frame 44 included
    for args, message in (
        (("--in", "200"), "outside the timeline (frames 0 to 149, 00:00:00;00 to 00:00:04;29)"),
        (("--in", "50", "--out", "40"), "comes before --in"),
        (("--out", "1:2"), "--out: not a timecode"),
    ):
        result = vedit("render", str(source), "-o", str(tmp_path / "bad.mp4"), *args)
        assert result.returncode == 1 and message in result.stderr, result.stderr
        assert not (tmp_path / "bad.mp4").exists()


def test_render_in_to_out_timecodes_count_from_the_edits_start_timecode(source, tmp_path):
    """With the edit starting at 01:00:00:00, its frames read 01:00:… in the editor and the
    EDL: --in and --out take the timecodes the editor sees."""
    from vedit_gui.media import media_reference, probe
    from vedit_gui.project import save_project
    from vedit_gui.project.start_timecode import with_start_timecode
    from vedit_gui.timeline import timeline_from_media

    project = tmp_path / "edit.vedit"
    save_project(with_start_timecode(timeline_from_media(media_reference(probe(source))), "01:00:00:00"), project)
    out = tmp_path / "part.mp4"
    result = vedit("render", str(project), "-o", str(out), "--in", "01:00:01;00", "--out", "44")
    assert result.returncode == 0, result.stderr
    with av.open(str(out)) as container:
        shown = [read_index(frame.to_ndarray(format="rgb24")) for frame in container.decode(video=0)]
    assert shown == list(range(30, 45))
    result = vedit("render", str(project), "-o", str(tmp_path / "bad.mp4"), "--in", "00:00:01;00")
    assert result.returncode == 1 and "outside the timeline (frames 0 to 149, 01:00:00;00 to 01:00:04;29)" in result.stderr
    # Typed with colons, as editors often do, it is still the editor's (drop-frame) timecode:
    # not 108 frames on (an hour counted non-drop), which would be outside this edit.
    from argparse import Namespace

    from vedit_gui.cli import _in_to_out
    from vedit_gui.project import open_any

    edit = open_any(project).timeline
    assert _in_to_out(Namespace(in_point="01:00:00:00", out_point="01:00:01:00"), edit).start == 0
    assert _in_to_out(Namespace(in_point="01:00:01:00", out_point=None), edit).start == 30


def test_render_refuses_an_edit_whose_file_no_longer_holds_its_frames(tmp_path):
    from vedit_gui.media import media_reference, probe
    from vedit_gui.project import save_project
    from vedit_gui.timeline import timeline_from_media

    shot = make_video(tmp_path / "shot.mp4", 90, width=64, height=48).path
    project = tmp_path / "edit.vedit"
    save_project(timeline_from_media(media_reference(probe(shot))), project)
    saved = project.read_bytes()
    make_video(shot, 60, width=64, height=48)  # replaced by a shorter file
    result = vedit("render", str(project), "-o", str(tmp_path / "out.mp4"))
    # Not 30 copies of the last frame over silence: a clear refusal, nothing written.
    assert result.returncode == 1
    line = result.stderr.strip().splitlines()[-1]
    assert "shot.mp4 holds frames 0–59, but the edit uses frames 0–89 of it" in line
    assert "Relink" in line and "the project is left as it is" in line
    assert not (tmp_path / "out.mp4").exists() and project.read_bytes() == saved


@pytest.mark.parametrize(("sig", "code", "said"), [("SIGTERM", 143, "terminated"), ("SIGINT", 130, "cancelled")])
def test_a_render_stopped_by_a_signal_leaves_no_partial_file_and_keeps_the_old_one(tmp_path, sig, code, said):
    import signal
    import time

    long_source = make_video(tmp_path / "long.mp4", 900, width=640, height=360, audio=True).path
    out = tmp_path / "out" / "e.mp4"
    out.parent.mkdir()
    out.write_bytes(b"the previous export")
    process = subprocess.Popen([sys.executable, "-m", "vedit_gui", "render", str(long_source), "-o", str(out)],
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr.readline().startswith("render e.mp4")  # the render has begun
        time.sleep(0.3)
        assert any(p.name.endswith(".partial.mp4") for p in out.parent.iterdir())
        process.send_signal(getattr(signal, sig))
        rest = process.communicate(timeout=60)[1]
    finally:
        process.kill()
    assert process.returncode == code and rest.strip().splitlines()[-1] == f"vedit: {said}"
    assert sorted(p.name for p in out.parent.iterdir()) == ["e.mp4"]
    assert out.read_bytes() == b"the previous export"


def test_render_of_a_file_cut_short_says_so_and_renders_the_frames_it_holds(tmp_path):
    whole = make_video(tmp_path / "camera.mkv", 90, width=64, height=48, gop=60).path
    data = whole.read_bytes()
    short = tmp_path / "copied.mkv"
    short.write_bytes(data[: len(data) * 3 // 4])  # the copy was interrupted
    out = tmp_path / "out.mp4"
    result = vedit("render", str(short), "-o", str(out))
    assert result.returncode == 0, result.stderr
    warning = next(line for line in result.stderr.splitlines() if line.startswith("vedit: warning:"))
    assert "copied.mkv is cut short: its picture ends at frame " in warning
    last = int(warning.split("ends at frame ")[1].split()[0])
    assert "header gives" in vedit("probe", str(short)).stdout
    with av.open(str(out)) as container:
        shown = [read_index(frame.to_ndarray(format="rgb24")) for frame in container.decode(video=0)]
    assert shown == list(range(last + 1))


def test_a_variable_rate_phone_clip_renders_at_a_common_rate_and_says_so(tmp_path):
    from mediagen import make_vfr_video

    # Frames held 20/40/33/60 ms: 26.46 fps on average, near no rate an editor works at.
    phone = make_vfr_video(tmp_path / "phone.mp4", 48).path
    assert "variable frame rate (a new edit runs at 25 fps)" in vedit("probe", str(phone)).stdout
    out = tmp_path / "out.mp4"
    result = vedit("render", str(phone), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert ("vedit: note: phone.mp4 has a variable frame rate (26.46 fps on average): the edit runs at 25 fps, "
            "each frame showing the picture on screen at its time") in result.stderr.splitlines()
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert stream.average_rate == 25
        shown = [read_index(frame.to_ndarray(format="rgb24")) for frame in container.decode(video=0)]
    starts = [sum((20, 40, 33, 60)[i % 4] for i in range(k)) for k in range(48)]  # each frame's time, ms
    def on_screen(ms: float) -> int:
        return max((k for k, start in enumerate(starts) if start <= ms), default=0)

    assert len(shown) == 45  # 1.8 s, as the phone recorded it
    # Sampled once, at the edit's rate: exactly what was on screen at each frame's time (through
    # the source's 26.46 fps grid it was up to 88 ms late, and some pictures never showed).
    assert shown == [on_screen(40 * i) for i in range(len(shown))]


def test_auto_on_a_file_cut_short_warns_as_render_does_and_edits_the_frames_it_holds(tmp_path):
    from vedit_gui.media import probe
    from vedit_gui.media.probe import cut_short_note

    whole = make_video(tmp_path / "camera.mkv", 90, width=64, height=48, gop=60).path
    data = whole.read_bytes()
    short = tmp_path / "copied.mkv"
    short.write_bytes(data[: len(data) * 3 // 4])  # the recording was interrupted
    out = tmp_path / "out.mp4"
    result = vedit("auto", str(short), "-o", str(out), "--accept", "cuts", "--no-cache")
    # It used to stop at the analysis: "the file breaks off after 68 of 90 frames; nothing was rendered".
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("vedit: warning:")]
    assert warnings == [f"vedit: warning: {cut_short_note(probe(short))}"]  # render's words, once
    last = int(warnings[0].split("ends at frame ")[1].split()[0])
    with av.open(str(out)) as container:
        shown = [read_index(frame.to_ndarray(format="rgb24")) for frame in container.decode(video=0)]
    assert shown == list(range(last + 1))


def test_auto_on_a_faststart_mp4_cut_short_renders_the_frames_it_holds(tmp_path):
    # Index first (as web exports and many cameras write MP4), then cut: the index names every
    # frame, the file holds 60 % of them. It used to end "breaks off after 33 of 60 frames
    # (truncated?); nothing was rendered".
    from vedit_gui.media import probe

    whole = make_video(tmp_path / "camera.mp4", 60, width=320, height=180, gop=30, bframes=3).path
    fast = faststart(whole, tmp_path / "web.mp4")
    data = fast.read_bytes()
    short = tmp_path / "copied.mp4"
    short.write_bytes(data[: len(data) * 6 // 10])
    out = tmp_path / "out.mp4"
    result = vedit("auto", str(short), "-o", str(out), "--accept", "cuts,grades", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert "is cut short" in result.stderr and "breaks off" not in result.stderr
    with av.open(str(out)) as container:
        shown = [read_index(frame.to_ndarray(format="rgb24")) for frame in container.decode(video=0)]
    assert shown == list(range(probe(short).video.frame_count))


def test_render_of_a_file_whose_sound_is_damaged_mid_way_goes_on_and_says_where(tmp_path):
    # It used to fail: "the sound is damaged and cannot be decoded ([Errno 1094995529] Invalid
    # data found when processing input: 'avcodec_send_packet()')", with no place given.
    from badmedia import damage_packets

    whole = make_video(tmp_path / "talk.mp4", 90, width=64, height=48, rate=30).path
    damaged = damage_packets(whole, tmp_path / "damaged.mp4", "audio", 1.0, 2.0)
    out = tmp_path / "out.mp4"
    result = vedit("render", str(damaged), "-o", str(out))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("vedit: warning:")]
    assert warnings == ["vedit: warning: damaged.mp4: the sound is damaged from 00:00:01:00 to 00:00:02:00 "
                        "(1.00 s to 2.01 s); it plays as silence there"]
    assert "Errno" not in result.stderr and "avcodec" not in result.stderr
    assert out.is_file()


def test_auto_on_a_file_whose_picture_is_damaged_mid_way_edits_all_of_it_and_says_where(tmp_path):
    # It used to say "the file breaks off after 81 of 90 frames (truncated?); nothing was
    # rendered": the file is whole, damaged in the middle.
    from badmedia import damage_packets

    whole = make_video(tmp_path / "shot.mp4", 90, width=160, height=96, rate=30, gop=30, audio=False).path
    damaged = damage_packets(whole, tmp_path / "damaged.mp4", "video", 1.2, 1.5)
    out = tmp_path / "out.mp4"
    result = vedit("auto", str(damaged), "-o", str(out), "--accept", "cuts,grades", "--no-cache")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("vedit: warning:")]
    assert warnings == ["vedit: warning: damaged.mp4: the picture is damaged from 00:00:01:06 to 00:00:01:29 "
                        "(1.20 s to 2.00 s); pictures that cannot be decoded show the last good one, and others "
                        "there may show blocks"]  # analysis and render found the same: said once
    assert "breaks off" not in result.stderr
    with av.open(str(out)) as container:
        assert sum(1 for _ in container.decode(video=0)) == 90
    analysed = vedit("analyze", str(damaged), "--no-grades", "--no-cache")
    assert analysed.returncode == 0 and json.loads(analysed.stdout)["frames"] == 90
    assert "the picture is damaged from 00:00:01:06" in analysed.stderr
