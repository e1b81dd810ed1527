"""The grade function, and accepted grade suggestions in the preview and the render."""

from __future__ import annotations

from dataclasses import replace

import av
import cv2
import numpy as np
import pytest
from mediagen import make_video
from render_helpers import decoded_frames

from vedit_gui.media import FrameReader, media_reference, probe
from vedit_gui.media.grade import (
    PARAMS,
    Grade,
    GradeError,
    apply_grade,
    grade_float,
    neutral_balance,
)
from vedit_gui.render import RenderError, TimelineVideo, conform, render_still, render_timeline
from vedit_gui.render.grade import SourceGrades
from vedit_gui.timeline import (
    FrameRange,
    Suggestion,
    SuggestionStatus,
    Timeline,
    timeline_from_media,
)


def ramp_frame() -> np.ndarray:
    rng = np.random.default_rng(3)
    return rng.integers(0, 256, (48, 64, 3), dtype=np.uint8)


def test_identity_leaves_frames_alone():
    frame = ramp_frame()
    out = apply_grade(frame, Grade.identity())
    assert np.array_equal(out, frame) and out is not frame


def test_exposure_doubles_linear_light():
    grey = np.full((2, 2, 3), 100, np.uint8)  # sRGB 100 is about 12.7% linear
    out = apply_grade(grey, Grade(exposure=1.0))
    assert out[0, 0, 0] == round(255 * grade_float(np.array([100 / 255] * 3), Grade(exposure=1))[0])
    assert 134 <= out[0, 0, 0] <= 138  # 25.4% linear encodes to about 136


def test_temperature_warms_and_tint_greens_without_changing_exposure():
    grey = np.full((1, 1, 3), 118, np.uint8)
    warm = apply_grade(grey, Grade(temperature=1.0))[0, 0].astype(int)
    assert warm[0] > 118 > warm[2] and abs(warm[1] - 118) <= 1
    green = apply_grade(grey, Grade(tint=1.0))[0, 0].astype(int)
    assert green[1] > 118 and green[0] < 118 and green[2] < 118


def test_saturation_zero_is_bt709_grey_and_contrast_keeps_pivot():
    frame = ramp_frame()
    grey = apply_grade(frame, Grade(saturation=0.0)).astype(int)
    assert np.abs(grey[..., 0] - grey[..., 1]).max() <= 1
    pivot = np.full((1, 1, 3), round(0.46 * 255), np.uint8)
    assert abs(int(apply_grade(pivot, Grade(contrast=2.0))[0, 0, 0]) - pivot[0, 0, 0]) <= 1


def test_highlights_pushed_past_white_keep_their_detail_through_a_softer_contrast():
    # +1.5 EV then contrast 0.85: clipped before the contrast, everything from 60 % up came
    # out at one grey 92 %; kept until the end, the ramp climbs to white and clips there.
    ramp = np.repeat(np.linspace(0, 1, 101)[:, None], 3, axis=1)
    out = grade_float(ramp, Grade(exposure=1.5, contrast=0.85))[:, 0]
    assert out[-1] == 1.0 and np.all(np.diff(out[out < 1.0]) > 0)
    assert (out >= 0.9).sum() < 40  # no plateau below white (it held 41 ramp steps at 0.92)
    # With contrast 1 nothing changes: the light clips at white, as it did first.
    from vedit_gui.media.grade import linear_to_srgb, srgb_to_linear

    clipped_first = linear_to_srgb(srgb_to_linear(ramp) * 2 ** 1.5)
    assert np.allclose(grade_float(ramp, Grade(exposure=1.5)), clipped_first)


def test_apply_grade_matches_the_unrounded_maths():
    frame = ramp_frame()
    grade = Grade(exposure=0.4, temperature=-0.3, contrast=1.2, saturation=1.3, gamma=1.1)
    exact = grade_float(frame / 255.0, grade) * 255
    assert np.abs(apply_grade(frame, grade) - exact).max() <= 1.5


def test_grade_round_trips_and_rejects_bad_values():
    grade = Grade(exposure=0.5, saturation=1.2)
    assert Grade.from_dict(grade.to_dict()) == grade
    assert Grade.from_dict({"exposure": 0.5, "saturation": 1.2}) == grade
    with pytest.raises(GradeError, match="exposure"):
        Grade(exposure=9.0)
    with pytest.raises(GradeError, match="unknown grade parameter"):
        Grade.from_dict({"hue": 1.0})
    with pytest.raises(GradeError, match="finite"):
        Grade(gamma=float("nan"))
    with pytest.raises(GradeError, match="H×W×3 uint8"):
        apply_grade(np.zeros((4, 4), np.uint8), grade)
    assert all(spec.low <= spec.neutral <= spec.high for spec in PARAMS)


def test_a_grade_without_one_part_leaves_that_part_as_shot():
    grade = Grade(exposure=0.7, temperature=-0.4, tint=0.2, contrast=1.3, pivot=0.3, gamma=0.8)
    assert grade.without("exposure") == replace(grade, exposure=0.0)
    assert grade.without("white balance") == replace(grade, temperature=0.0, tint=0.0)
    assert grade.without("tone") == Grade(exposure=0.7, temperature=-0.4, tint=0.2)  # pivot too
    assert grade.without("tone").without("white balance").without("exposure").is_identity
    with pytest.raises(GradeError, match="unknown grade part"):
        grade.without("hue")


GRADE = Grade(exposure=-0.5, temperature=0.6, contrast=1.2, saturation=0.7)


def graded_timeline(timeline: Timeline, status: SuggestionStatus) -> Timeline:
    source = timeline.media()[0].path
    suggestion = Suggestion(
        "grade", source, FrameRange(30, 30), 0.9, "test", GRADE.to_dict(), status
    )
    return replace(timeline, suggestions=(suggestion,))


def test_preview_applies_accepted_grade_to_its_range_only(timeline):
    graded = graded_timeline(timeline, SuggestionStatus.ACCEPTED)
    path = timeline.media()[0].path
    with TimelineVideo(graded) as video, FrameReader(path) as reader:
        for frame in (10, 30, 59, 60):
            source = reader.read(frame)
            expected = apply_grade(source, GRADE) if 30 <= frame < 60 else source
            assert np.array_equal(video.frame_at(frame), expected)
        walked = dict(video.frames(28, 32))
        assert np.array_equal(walked[31], apply_grade(reader.read(31), GRADE))
        assert np.array_equal(walked[29], reader.read(29))


def test_pending_or_rejected_grades_do_nothing(timeline):
    for status in (SuggestionStatus.PENDING, SuggestionStatus.REJECTED):
        assert not SourceGrades.from_timeline(graded_timeline(timeline, status)).by_source


def test_a_later_neutral_grade_leaves_its_frames_as_shot_over_an_older_grade(timeline):
    warm = graded_timeline(timeline, SuggestionStatus.ACCEPTED)  # GRADE on source frames 30-59
    older = warm.suggestions[0]
    neutral = Suggestion(older.kind, older.source, FrameRange(40, 10), 1.0, "editor", Grade().to_dict(),
                         SuggestionStatus.ACCEPTED)
    grades = SourceGrades.from_timeline(replace(warm, suggestions=(older, neutral)))
    assert grades.grade_at(older.source, 35) == GRADE and grades.has(older.source)
    assert grades.grade_at(older.source, 45) is None and grades.deciding_grade(older.source, 45) == Grade()
    assert grades.deciding_grade(older.source, 10) is None
    only_neutral = SourceGrades.from_timeline(replace(warm, suggestions=(neutral,)))
    assert not only_neutral.has(older.source)  # its frames go through as decoded
    with FrameReader(timeline.tracks[0].items[0].media.path) as reader, \
            TimelineVideo(replace(warm, suggestions=(older, neutral))) as video:
        assert np.array_equal(video.frame_at(45), reader.read(45))
        assert np.array_equal(video.frame_at(35), apply_grade(reader.read(35), GRADE))


def test_bad_grade_params_are_a_render_error(timeline):
    bad = graded_timeline(timeline, SuggestionStatus.ACCEPTED)
    bad = replace(bad, suggestions=(replace(bad.suggestions[0], params={"exposure": "x"}),))
    with pytest.raises(RenderError, match="grade"):
        TimelineVideo(bad)


def test_render_matches_grade_of_decoded_source(timeline, tmp_path):
    graded = graded_timeline(timeline, SuggestionStatus.ACCEPTED)
    out = render_timeline(graded, tmp_path / "graded.mp4")
    rendered = decoded_frames(out)
    with FrameReader(timeline.media()[0].path) as reader:
        for frame in (5, 35, 50, 70):
            source = reader.read(frame)
            expected = apply_grade(source, GRADE) if 30 <= frame < 60 else source
            error = np.abs(rendered[frame].astype(int) - expected).mean()
            # Within codec tolerance of the grade, and far from the other look.
            other = apply_grade(source, GRADE) if expected is source else source
            assert error < 2.5, (frame, error)
            assert np.abs(rendered[frame].astype(int) - other).mean() > 2 * error + 4


def _count_yuv420_grades(monkeypatch) -> list[bool]:
    """Record each call of the render's 4:2:0 grade (True where it took the frame)."""
    calls: list[bool] = []
    real = conform.graded_yuv420

    def counted(frame, grade, matrix):
        graded = real(frame, grade, matrix)
        calls.append(graded is not None)
        return graded

    monkeypatch.setattr(conform, "graded_yuv420", counted)
    return calls


def test_render_grades_4_2_0_sources_without_leaving_4_2_0(timeline, tmp_path, monkeypatch):
    calls = _count_yuv420_grades(monkeypatch)
    render_timeline(graded_timeline(timeline, SuggestionStatus.ACCEPTED), tmp_path / "graded.mp4")
    assert calls == [True] * 30  # the graded range only; the rest passes through


def test_render_grades_other_pixel_formats_through_rgb(tmp_path, monkeypatch):
    clip = make_video(tmp_path / "444.mp4", 40, pix_fmt="yuv444p")
    timeline = timeline_from_media(media_reference(probe(clip.path)))
    calls = _count_yuv420_grades(monkeypatch)
    out = render_timeline(graded_timeline(timeline, SuggestionStatus.ACCEPTED), tmp_path / "out.mp4")
    assert calls == [False] * 10
    rendered = decoded_frames(out)[35].astype(int)
    with FrameReader(clip.path) as reader:
        source = reader.read(35)
    # 4:4:4 index frames lose a little more to the 4:2:0 output than 4:2:0 ones.
    error = np.abs(rendered - apply_grade(source, GRADE)).mean()
    assert error < 4 and np.abs(rendered - source).mean() > 2 * error + 4


@pytest.mark.parametrize(("codec", "suffix"), [("cinepak", ".avi"), ("qtrle", ".mov")])
def test_inter_coded_rgb_sources_render_graded_as_the_preview_shows(tmp_path, codec, suffix):
    """Cinepak and QuickTime Animation decode R'G'B' into the buffer they predict the next
    frame from: grading that picture in place graded every later frame again (a cut-scene
    drifted 16 levels blue in ten frames)."""
    path = tmp_path / f"cutscene{suffix}"
    rng = np.random.default_rng(3)
    # 8×8 blocks of colour: H.264's 4:2:0 output keeps them (per-pixel noise it would not).
    scene = np.kron(rng.integers(40, 200, (6, 8, 3)), np.ones((8, 8, 1))).astype(np.uint8)
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=12)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "rgb24"
        for i in range(24):
            picture = scene.copy()
            picture[10:20, 2 * i : 2 * i + 6] = 250  # a small moving part: the rest is predicted
            container.mux(stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")))
        container.mux(stream.encode(None))
    timeline = timeline_from_media(media_reference(probe(path)))
    grade = Grade(temperature=-0.6, saturation=0.8)
    accepted = Suggestion("grade", timeline.media()[0].path, FrameRange(0, 24), 0.9, "test", grade.to_dict(),
                          SuggestionStatus.ACCEPTED)
    timeline = replace(timeline, suggestions=(accepted,))
    out = render_timeline(timeline, tmp_path / "graded.mp4")
    rendered = decoded_frames(out)
    with TimelineVideo(timeline) as preview:
        errors = [np.abs(rendered[k].astype(int) - preview.frame_at(k)).mean() for k in (1, 12, 23)]
    assert max(errors) < 3, errors  # the H.264 4:2:0 output's own loss


@pytest.mark.parametrize("cast", [(200, 180, 150), (90, 110, 140), (120, 140, 118), (60, 60, 60)])
def test_a_picked_grey_comes_out_grey_whatever_else_the_grade_does(cast):
    temperature, tint = neutral_balance(np.array(cast))
    patch = np.full((4, 4, 3), cast, np.uint8)
    for tone in (Grade(), Grade(exposure=0.7, contrast=1.3, saturation=1.6, gamma=0.8)):
        out = apply_grade(patch, replace(tone, temperature=temperature, tint=tint))[0, 0].astype(int)
        assert out.max() - out.min() <= 1, (tone, out)
    assert neutral_balance(np.array((128, 128, 128))) == (0.0, 0.0)


@pytest.mark.parametrize(("colour", "message"), [
    ((255, 250, 240), "blown out"), ((3, 2, 4), "too dark"), ((220, 40, 30), "too strongly coloured"),
])
def test_a_pick_that_cannot_be_a_grey_says_why(colour, message):
    with pytest.raises(GradeError, match=message):
        neutral_balance(np.array(colour))


def test_a_still_is_the_exports_picture_of_that_frame(tmp_path):
    clip = make_video(tmp_path / "a.mp4", 20, width=64, height=48, audio=False)
    timeline = timeline_from_media(media_reference(probe(clip.path)))
    graded = Suggestion("grade", str(clip.path), FrameRange(0, 20), 0.9, "m", Grade(temperature=1.0).to_dict(),
                        SuggestionStatus.ACCEPTED)
    timeline = Timeline(timeline.rate, timeline.tracks, suggestions=(graded,))
    out = render_still(timeline, 7, tmp_path / "still.png")
    with TimelineVideo(timeline) as video:
        expected = video.frame_at(7)
    assert np.array_equal(cv2.cvtColor(cv2.imread(str(out)), cv2.COLOR_BGR2RGB), expected)  # lossless
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
    with pytest.raises(RenderError, match="a frame is written as"):
        render_still(timeline, 7, tmp_path / "still.gif")
