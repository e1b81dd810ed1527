"""``vedit analyze`` grades and ``vedit auto``: one grade per shot, accepted kinds, the render."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import av
import cv2
import numpy as np
import pytest

from vedit_gui.analysis.grades import shot_ranges
from vedit_gui.analysis.transitions import Transition
from vedit_gui.cli import main
from vedit_gui.media.grade import Grade, apply_grade
from vedit_gui.timeline import FrameRange

SIZE = (160, 96)
SHOT = 45
# A green cast on two colourful scenes.
CAST = Grade(tint=0.8)


def _scene(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    blobs = cv2.resize(rng.integers(30, 225, (6, 10, 3)).astype(np.uint8), SIZE, interpolation=cv2.INTER_CUBIC)
    shade = np.linspace(0.6, 1.1, SIZE[1])[:, None, None]
    return np.clip(blobs * shade, 0, 255).astype(np.uint8)


def _write(path: Path, pictures: list[np.ndarray]) -> Path:
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=Fraction(25))
        stream.width, stream.height = SIZE
        stream.pix_fmt = "yuv420p"
        stream.codec_context.options = {"preset": "ultrafast", "crf": "12"}
        for i, picture in enumerate(pictures):
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            frame.pts = i
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def _mean_frames(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        return np.stack([f.to_ndarray(format="rgb24") for f in container.decode(video=0)])


def _cast_strength(pictures: np.ndarray) -> float:
    """Chroma (a*, b* distance from grey) of the mean colour: 0 for a neutral picture."""
    mean = pictures.reshape(-1, 3).mean(axis=0).astype(np.uint8).reshape(1, 1, 3)
    lab = cv2.cvtColor(mean, cv2.COLOR_RGB2LAB).astype(float)[0, 0]
    return float(np.hypot(lab[1] - 128, lab[2] - 128))


@pytest.fixture(scope="module")
def cast_source(tmp_path_factory) -> Path:
    """Two shots (a hard cut at frame 45), both with the same colour cast."""
    shots = [apply_grade(_scene(seed), CAST) for seed in (1, 2)]
    pictures = [shots[i // SHOT] for i in range(2 * SHOT)]
    return _write(tmp_path_factory.mktemp("auto") / "cast.mp4", pictures)


def test_shots_lie_between_transitions():
    cut, dissolve = Transition(9, 10, "cut", 0.9), Transition(20, 24, "dissolve", 0.8)
    assert shot_ranges([dissolve, cut], 30) == [
        FrameRange(0, 10), FrameRange(10, 10), FrameRange(25, 5)]
    assert shot_ranges([], 30) == [FrameRange(0, 30)]
    # A transition running to the end leaves no shot after it.
    assert shot_ranges([Transition(25, 29, "fade", 0.8)], 30) == [FrameRange(0, 25)]


def test_analyze_reports_one_grade_per_shot(cast_source, tmp_path):
    out = tmp_path / "analysis.json"
    assert main(["analyze", str(cast_source), "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert [(t["start"], t["end"]) for t in data["transitions"]] == [(44, 45)]
    assert [(g["start"], g["end"]) for g in data["grades"]] == [(0, 44), (45, 89)]
    for shot in data["grades"]:
        assert 0.0 <= shot["confidence"] <= 1.0
        Grade.from_dict(shot["params"])
    # A second run comes from the caches and says the same.
    assert main(["analyze", str(cast_source), "--json", str(tmp_path / "again.json")]) == 0
    assert json.loads((tmp_path / "again.json").read_text()) == data
    assert main(["analyze", str(cast_source), "--json", str(out), "--no-grades"]) == 0
    assert "grades" not in json.loads(out.read_text())


@pytest.fixture()
def correcting_model(monkeypatch):
    """The colour model replaced by one that knows the cast (the model's own quality is
    bench/color.py's and bench/auto_grade.py's business; this tests the pipeline)."""
    from vedit_gui.analysis.color import suggest

    model = SimpleNamespace(shots=[], confidence=0.9)  # a test may make it unsure

    def propose_grade(frames, **_):
        model.shots.append(len(frames))
        return Grade(tint=-CAST.tint), model.confidence

    monkeypatch.setattr(suggest, "propose_grade", propose_grade)
    return model


def test_auto_grades_move_the_cast_toward_neutral(cast_source, tmp_path, capfd, correcting_model):
    out = tmp_path / "auto.mp4"
    argv = ["auto", str(cast_source), "-o", str(out), "--accept", "cuts,grades", "--no-cache"]
    assert main(argv) == 0
    # One grade per shot, from frames spread across each.
    assert len(correcting_model.shots) == 2 and all(n > 1 for n in correcting_model.shots)
    err = capfd.readouterr().err
    assert "analyze cast.mp4" in err and "render auto.mp4" in err
    before, after = _mean_frames(cast_source), _mean_frames(out)
    assert after.shape == before.shape
    assert _cast_strength(after) < 0.5 * _cast_strength(before)
    assert not list(tmp_path.glob(".*partial*"))


def test_auto_leaves_a_grade_below_the_threshold_unless_asked(cast_source, tmp_path, capfd, correcting_model):
    correcting_model.confidence = 0.3  # the model's grade, but below its calibrated threshold (0.5)
    safe, more_cuts, asked = tmp_path / "safe.mp4", tmp_path / "more_cuts.mp4", tmp_path / "asked.mp4"
    base = ["auto", str(cast_source), "--accept", "cuts,grades", "--no-cache"]
    assert main([*base, "-o", str(safe)]) == 0
    assert "0 of 2 grades (2 below 0.50, left out)" in capfd.readouterr().err  # said, not silent
    # A lower bar for cuts is not one for grades: the colour model's confidence is its own.
    assert main([*base, "-o", str(more_cuts), "--min-confidence", "0.2"]) == 0
    assert main([*base, "-o", str(asked), "--min-grade-confidence", "0.2"]) == 0
    err = capfd.readouterr().err
    assert "accepted 1 of 1 cut, 0 of 2 grades (2 below 0.50, left out)" in err
    assert "accepted 1 of 1 cut, 2 of 2 grades" in err
    cast = _cast_strength(_mean_frames(cast_source))
    assert _cast_strength(_mean_frames(safe)) == pytest.approx(cast, rel=0.1)  # no change
    assert _cast_strength(_mean_frames(more_cuts)) == pytest.approx(cast, rel=0.1)
    assert _cast_strength(_mean_frames(asked)) < 0.5 * cast


def test_auto_refuses_to_write_over_its_source_before_analysing(cast_source, capfd, correcting_model):
    before = cast_source.read_bytes()
    assert main(["auto", str(cast_source), "-o", str(cast_source), "--accept", "cuts,grades", "--no-cache"]) == 1
    err = capfd.readouterr().err
    assert "is footage this edit uses" in err and "analyze" not in err  # refused before the analysis
    assert correcting_model.shots == [] and cast_source.read_bytes() == before


def test_auto_accepting_cuts_only_leaves_the_colour(cast_source, tmp_path, correcting_model):
    out = tmp_path / "cuts.mp4"
    assert main(["auto", str(cast_source), "-o", str(out), "--accept", "cuts", "--no-cache"]) == 0
    assert correcting_model.shots == []  # no grading asked for, none done
    before, after = _mean_frames(cast_source), _mean_frames(out)
    assert np.abs(after.astype(float).mean(axis=(0, 1, 2)) - before.astype(float).mean(axis=(0, 1, 2))).max() < 1.5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--accept", "cuts,colour"], "--accept takes"),
        (["--accept", "grades", "--min-confidence", "1.5"], "between 0 and 1"),
        (["--accept", "grades", "-o", "/no/such/folder/out.mp4"], "does not exist"),
    ],
    ids=["unknown-kind", "bad-threshold", "missing-folder"],
)
def test_auto_bad_input_is_one_clear_line(cast_source, tmp_path, capfd, args, message):
    argv = ["auto", str(cast_source), "-o", str(tmp_path / "out.mp4"), *args]
    assert main(argv) == 1
    err = capfd.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]
    assert not (tmp_path / "out.mp4").exists()


def test_auto_missing_source_is_one_clear_line(tmp_path, capfd):
    assert main(["auto", str(tmp_path / "nope.mp4"), "-o", str(tmp_path / "out.mp4")]) == 1
    assert "not found" in capfd.readouterr().err


def test_auto_accepts_stabilization_and_renders_the_shot_steadied(tmp_path):
    from mediagen import make_video

    from vedit_gui.analysis.shake import camera_path, measure_size, shake_of
    from vedit_gui.samples.handheld import HandheldShot, textured_world

    width, height = 320, 180
    pictures = HandheldShot(textured_world(700, 420, seed=31), (width, height), 60, pan=0.1, shake=1.0, seed=32).pictures()
    source = make_video(tmp_path / "handheld.mp4", 60, width=width, height=height, rate=Fraction(30), audio=False,
                        picture=lambda i: pictures[i], options={"crf": "14"}).path
    out = tmp_path / "steady.mp4"
    assert main(["auto", str(source), "-o", str(out), "--accept", "stabilize", "--no-cache"]) == 0

    def shake(path: Path) -> float:
        with av.open(str(path)) as container:
            frames = [f.to_ndarray(format="gray") for f in container.decode(video=0)]
        small = [cv2.resize(f, measure_size(width, height), interpolation=cv2.INTER_AREA) for f in frames]
        return shake_of(camera_path(small), 30.0, height / width)

    assert shake(out) < 0.35 * shake(source)


def test_auto_accepts_pauses_and_renders_the_talk_tightened(tmp_path):
    """``--accept pauses``: every pause of a second or more comes out of the render, picture and
    sound together; the speech is all still there."""
    from mediagen import make_video

    from vedit_gui.media import AudioReader
    from vedit_gui.samples.talk import synthetic_talk

    talk = synthetic_talk(seed=5, seconds=12.0, snr_db=35.0)
    frames = int(talk.seconds * 25)
    source = make_video(tmp_path / "talk.mp4", frames, width=64, height=36, rate=Fraction(25),
                        audio_samples=np.stack([talk.samples, talk.samples])).path
    out = tmp_path / "tight.mp4"
    assert main(["auto", str(source), "-o", str(out), "--accept", "pauses", "--no-cache"]) == 0
    long_pauses = sum(b - a for a, b in talk.pauses if b - a >= 1.0)
    with av.open(str(out)) as container:
        pictures = sum(1 for _ in container.decode(video=0))
    # At most the pauses less the breath kept in each came out, and at least most of the long ones.
    assert frames - pictures <= sum(b - a for a, b in talk.pauses) * 25
    assert frames - pictures >= 0.6 * long_pauses * 25
    # The speech is all there: the tightened sound holds the talk's energy (what came out was
    # room tone), in less time.
    def energy(path: Path, seconds: float) -> float:
        with AudioReader(path, 48000, 1) as reader:
            return float(np.sum(reader.read(0, round(seconds * 48000))[0].astype(float) ** 2))

    assert energy(out, pictures / 25) == pytest.approx(energy(source, frames / 25), rel=0.05)


def test_auto_punches_in_on_every_other_piece_the_pauses_leave(tmp_path):
    """``--accept pauses,punch-ins``: the tightened talk alternates as shot and closer, the
    closer pieces framed on the speaker."""
    from mediagen import make_video

    from vedit_gui.samples.talk import synthetic_talk
    from vedit_gui.samples.talking_head import TalkingHead

    talk = synthetic_talk(seed=6, seconds=12.0, pause_range=(0.9, 2.0))
    head = TalkingHead(talk, 128, 72, Fraction(25), seed=6)
    source = make_video(tmp_path / "piece.mp4", head.frames, width=128, height=72, rate=Fraction(25),
                        audio_samples=np.stack([talk.samples, talk.samples]), picture=head).path
    tight, closer = tmp_path / "tight.mp4", tmp_path / "closer.mp4"
    assert main(["auto", str(source), "-o", str(tight), "--accept", "pauses", "--no-cache"]) == 0
    assert main(["auto", str(source), "-o", str(closer), "--accept", "pauses,punch-ins", "--no-cache"]) == 0
    with av.open(str(tight)) as a, av.open(str(closer)) as b:
        plain = [f.to_ndarray(format="rgb24").astype(int) for f in a.decode(video=0)]
        punched = [f.to_ndarray(format="rgb24").astype(int) for f in b.decode(video=0)]
    assert len(plain) == len(punched)
    changed = [np.abs(p - q).mean() > 4 for p, q in zip(plain, punched, strict=True)]
    # Some pieces closer, the first as shot; each run of closer frames is a whole piece.
    assert not changed[0] and 0.15 < sum(changed) / len(changed) < 0.85


def test_auto_punch_ins_alone_say_where_jump_cuts_come_from(tmp_path, capsys):
    from mediagen import make_video

    source = make_video(tmp_path / "clip.mp4", 30, width=64, height=36).path
    assert main(["auto", str(source), "-o", str(tmp_path / "out.mp4"), "--accept", "punch-ins", "--no-cache"]) == 0
    assert "no jump cuts to punch in on (they come from --accept pauses)" in capsys.readouterr().err


def test_auto_says_when_a_kind_it_was_asked_for_found_nothing(tmp_path, capsys):
    """``--accept cuts,stabilize`` on a steady shot: the summary names stabilization too, so the
    editor can tell "nothing shook" from "the shake was never measured"."""
    from mediagen import make_video

    source = make_video(tmp_path / "steady.mp4", 30, width=64, height=36, audio=False).path
    assert main(["auto", str(source), "-o", str(tmp_path / "out.mp4"), "--accept", "cuts,stabilize", "--no-cache"]) == 0
    summary = [line for line in capsys.readouterr().err.splitlines() if line.startswith("accepted")]
    assert summary == ["accepted nothing: no cuts or stabilizations found"]
    # Beside a kind that found some, the one that found none is named after it.
    from vedit_gui.cli import accepted_summary

    cuts = [SimpleNamespace(kind="cut", id="a"), SimpleNamespace(kind="cut", id="b")]
    assert (accepted_summary(cuts, {"a", "b"}, 0.5, {}, ("cut", "effect:stabilize"))
            == "accepted 2 of 2 cuts, no stabilizations found")
