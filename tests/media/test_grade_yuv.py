"""The render's 4:2:0 grade agrees with ``apply_grade`` on the same picture in R'G'B'."""

from __future__ import annotations

import numpy as np
import pytest

from vedit_gui.media.grade import Grade, GradeError, apply_grade
from vedit_gui.media.grade_yuv import CHROMA_BIN, apply_grade_yuv420, grade_tables
from vedit_gui.media.ycbcr import BT601, BT709, VideoMatrix

GRADES = (
    Grade(exposure=0.3, temperature=0.4, tint=-0.1, contrast=1.15, saturation=1.2),
    Grade(exposure=-0.7, temperature=-0.8, saturation=0.6, gamma=1.3, black=0.04),
    Grade(temperature=1.5, tint=0.5, saturation=0.0),
)


def picture(height: int = 96, width: int = 128) -> np.ndarray:
    """Smooth colour ramps with a few hard edges and saturated patches, in R'G'B'."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    rgb = np.dstack([x * 255 / width, y * 255 / height, 255 - (x + y) * 255 / (width + height)])
    rgb[::16, :] = 255 - rgb[::16, :]  # one-pixel lines: edges inside 2×2 blocks
    rgb[8:24, 8:40] = (230, 20, 30)
    rgb[40:60, 70:110] = (20, 40, 220)
    return rgb.clip(0, 255).astype(np.uint8)


def to_planes(rgb: np.ndarray, matrix: VideoMatrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ycbcr = rgb.astype(np.float64) @ matrix.to_ycbcr().T + [16, 128, 128]
    h, w = rgb.shape[:2]
    chroma = ycbcr[..., 1:].reshape(h // 2, 2, w // 2, 2, 2).mean(axis=(1, 3))
    as_u8 = lambda a: np.clip(np.rint(a), 0, 255).astype(np.uint8)  # noqa: E731
    return as_u8(ycbcr[..., 0]), as_u8(chroma[..., 0]), as_u8(chroma[..., 1])


def to_rgb(planes: tuple[np.ndarray, ...], matrix: VideoMatrix) -> np.ndarray:
    """What a decoder shows: chroma repeated over its 2×2 block, the matrix, 8 bits."""
    y, cb, cr = (p.astype(np.float64) for p in planes)
    h, w = y.shape
    up = lambda c: np.repeat(np.repeat(c[: h // 2, : w // 2], 2, 0), 2, 1)  # noqa: E731
    ycbcr = np.dstack([y[:h, :w] - 16, up(cb) - 128, up(cr) - 128])
    return np.clip(np.rint(ycbcr @ matrix.to_rgb().T), 0, 255).astype(np.uint8)


def graded_planes(planes, grade: Grade, matrix: VideoMatrix, size: tuple[int, int]):
    out = tuple(np.zeros_like(p) for p in planes)
    apply_grade_yuv420(planes, out, size, grade, matrix)
    return out


@pytest.mark.parametrize("matrix", [BT601, BT709], ids=lambda m: m.name)
@pytest.mark.parametrize("grade", GRADES, ids=["warm-bright", "cool-dark", "grey"])
def test_matches_grading_the_decoded_picture_in_rgb(matrix, grade):
    planes = to_planes(picture(), matrix)
    decoded = to_rgb(planes, matrix)
    ours = to_rgb(graded_planes(planes, grade, matrix, (128, 96)), matrix).astype(int)
    # The reference goes back to 4:2:0 as well: chroma detail inside a block is not kept.
    reference = to_rgb(to_planes(apply_grade(decoded, grade), matrix), matrix).astype(int)
    error = np.abs(ours - reference)
    assert error.mean() < 1.2, error.mean()
    assert np.percentile(error, 99) <= 4
    # ...and far from the picture left ungraded.
    assert np.abs(ours - decoded).mean() > 8 * error.mean()


def test_each_matrix_reads_its_own_frames():
    """Grading BT.709 planes as if they were BT.601 is visibly wrong: the matrix matters."""
    grade = GRADES[0]
    planes = to_planes(picture(), BT709)
    expected = apply_grade(to_rgb(planes, BT709), grade).astype(int)
    right = to_rgb(graded_planes(planes, grade, BT709, (128, 96)), BT709)
    wrong = to_rgb(graded_planes(planes, grade, BT601, (128, 96)), BT709)
    assert np.abs(wrong - expected).mean() > 2 * np.abs(right - expected).mean() + 1


def test_padded_rows_grade_like_tight_ones_and_padding_is_left_alone():
    planes = to_planes(picture(), BT601)
    tight = graded_planes(planes, GRADES[1], BT601, (128, 96))
    padded = tuple(np.pad(p, ((0, 0), (0, 32)), constant_values=7) for p in planes)
    out = graded_planes(padded, GRADES[1], BT601, (128, 96))
    for got, want in zip(out, tight, strict=True):
        assert np.array_equal(got[:, : want.shape[1]], want)
        assert not got[:, want.shape[1] :].any()


def test_identity_grade_keeps_the_picture():
    planes = to_planes(picture(), BT709)
    out = graded_planes(planes, Grade.identity(), BT709, (128, 96))
    for got, want in zip(out, planes, strict=True):
        assert np.abs(got.astype(int) - want).max() <= 2
        assert np.abs(got.astype(int) - want).mean() < 0.6


def test_tables_are_made_by_apply_grade():
    """A grey's graded Y' is the Y' of ``apply_grade`` on that grey, to the level."""
    grade = GRADES[0]
    luma, _ = grade_tables(grade, BT601)
    pair = int(CHROMA_BIN[128]) << 7 | int(CHROMA_BIN[128])
    for level in (16, 60, 126, 200, 235):
        grey = np.full((1, 1, 3), round((level - 16) * 255 / 219), np.uint8)
        graded = apply_grade(grey, grade).astype(np.float64)[0, 0]
        expected = 16 + graded @ BT601.to_ycbcr()[0]
        assert abs(int(luma[(pair << 8) + level]) - expected) <= 1.0


@pytest.mark.parametrize("size", [(127, 96), (128, 95)])
def test_odd_sizes_and_short_planes_are_refused(size):
    planes = to_planes(picture(), BT601)
    out = tuple(np.zeros_like(p) for p in planes)
    with pytest.raises(GradeError, match="4:2:0"):
        apply_grade_yuv420(planes, out, size, GRADES[0], BT601)
    with pytest.raises(GradeError, match="4:2:0"):
        apply_grade_yuv420(planes, (out[0][:50], out[1], out[2]), (128, 96), GRADES[0], BT601)


@pytest.mark.parametrize("grade", [Grade(gamma=1.85), Grade(exposure=1.2), Grade(black=-0.05),
                                   Grade(exposure=0.86, temperature=0.14, tint=0.04, contrast=0.83, gamma=1.85)],
                         ids=["gamma", "exposure", "black-lift", "lifted-with-a-cast"])
@pytest.mark.parametrize("matrix", [BT601, BT709], ids=["601", "709"])
def test_dark_greys_lifted_by_a_grade_stay_what_the_viewer_shows(grade, matrix):
    """Fifth editor pass: a black frame under a shadow-lifting grade read (18, 18, 18) in the
    viewer and (23, 17, 26) in the H.264 render: neutral chroma was sampled half a step off,
    and the steep curve near black made that several levels of magenta."""
    levels = np.repeat(np.arange(16, 64, 2, dtype=np.uint8), 2)[None, :].repeat(2, axis=0)  # 2×48 ramp of greys
    neutral = np.full((1, levels.shape[1] // 2), 128, np.uint8)
    out = tuple(np.empty_like(p) for p in (levels, neutral, neutral))
    apply_grade_yuv420((levels, neutral, neutral.copy()), out, (levels.shape[1], 2), grade, matrix)
    rendered = to_rgb(out, matrix).astype(int)
    grey = to_rgb((levels, neutral, neutral), matrix)
    viewed = apply_grade(grey, grade).astype(int)
    off = rendered - viewed
    assert np.abs(off.mean(axis=(0, 1))).max() <= 0.5  # no tint over the whole ramp
    if grade.temperature == grade.tint == 0:
        assert np.abs(off).max() <= 1
        assert (rendered.max(axis=-1) - rendered.min(axis=-1)).max() <= 1  # grey stays grey
    else:
        assert np.abs(off).max() <= 2  # the chroma table's Y' steps (see grade_yuv)
