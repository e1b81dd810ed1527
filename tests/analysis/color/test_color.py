"""Colour analysis: classical estimate, the model's API and weights, shot match, augmentation."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from skimage import data as skimage_data
from skimage.color import deltaE_ciede2000, rgb2lab

from vedit_gui.analysis import ModelLoadError
from vedit_gui.analysis.color import ColorError
from vedit_gui.analysis.color.classical import classical_estimate, gray_world, small_frame
from vedit_gui.analysis.color.inputs import classical_tensor
from vedit_gui.analysis.color.match import match_grade
from vedit_gui.analysis.color.model import (
    MODEL_NAME,
    ColorNet,
    combine,
    default_weights,
    grade_tensor,
    load_checkpoint,
    load_model,
    numpy_arrays,
    save_model,
    srgb_to_lab,
)
from vedit_gui.analysis.color.suggest import calibrated_threshold, propose_grade, suggest_grade
from vedit_gui.analysis.color.train.degrade import random_degrading_grade, random_mosaic, rotate_hue
from vedit_gui.analysis.operating_point import calibrated_confidence
from vedit_gui.media.grade import Grade, apply_grade, grade_float


def scene(seed: int = 0, size: int = 96) -> np.ndarray:
    """A neutral test scene: smooth colour fields whose average is grey, plus grey patches."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size] / size
    image = np.zeros((size, size, 3))
    for c in range(3):
        phase, freq = rng.uniform(0, 6.28), rng.uniform(2, 6)
        image[..., c] = 0.45 + 0.3 * np.sin(freq * (x + y * (c + 1) / 3) + phase)
    image[size // 4 : size // 2, size // 4 : size // 2] = 0.5
    return np.round(np.clip(image, 0, 1) * 255).astype(np.uint8)


def test_classical_estimate_undoes_a_colour_cast():
    original = scene()
    cast = apply_grade(original, Grade(temperature=0.8, tint=-0.3))
    est, base = classical_estimate([cast]), classical_estimate([original])
    # The estimate follows the cast: it moves by minus the cast from the scene's own.
    assert est.temperature - base.temperature == pytest.approx(-0.8, abs=0.15)
    assert est.tint - base.tint == pytest.approx(0.3, abs=0.15)
    # Gray-world sees through the cast: both versions balance to nearly the same picture.
    balanced = np.abs(gray_world(cast).astype(int) - gray_world(original)).mean()
    assert balanced < np.abs(cast.astype(int) - original).mean() / 3


def test_torch_estimate_matches_the_classical_one():
    shot = [apply_grade(scene(s), Grade(exposure=-0.6, temperature=0.5, tint=-0.2)) for s in (7, 8)]
    est = classical_estimate(shot)
    pixels = torch.from_numpy(np.stack([small_frame(f) for f in shot]).reshape(1, -1, 3) / 255.0)
    ours = classical_tensor(pixels)[0].tolist()
    assert ours == pytest.approx([est.exposure, est.temperature, est.tint], abs=1e-4)


def test_bad_frames_are_a_color_error():
    with pytest.raises(ColorError, match="uint8"):
        classical_estimate([np.zeros((8, 8, 3), np.float32)])
    with pytest.raises(ColorError, match="at least one frame"):
        suggest_grade([])


def test_torch_grade_matches_the_grade_function():
    image = scene(1, 32)
    grade = Grade(exposure=0.4, temperature=-0.5, tint=0.2, contrast=1.2, saturation=0.8, gamma=1.1)
    params = torch.tensor([[0.4, -0.5, 0.2, 1.2, 0.8, 1.1]])
    tensor = torch.from_numpy(image.transpose(2, 0, 1)[None] / 255.0).float()
    ours = grade_tensor(tensor, params)[0].numpy().transpose(1, 2, 0)
    assert np.abs(ours - grade_float(image / 255.0, grade)).max() < 1e-4


def de2000(a: np.ndarray, b: np.ndarray) -> float:
    return float(deltaE_ciede2000(rgb2lab(a), rgb2lab(b)).mean())


def test_torch_lab_matches_scikit_image():
    image = scene(4, 24)
    ours = srgb_to_lab(torch.from_numpy(image.transpose(2, 0, 1)[None] / 255.0))[0]
    assert np.abs(ours.numpy().transpose(1, 2, 0) - rgb2lab(image)).max() < 0.05


def test_gate_zero_means_no_change():
    params = combine(torch.tensor([[1.0, 0.5, 0.2]]), torch.ones(1, 6), torch.zeros(1, 3))
    assert params.tolist() == [[0.0, 0.0, 0.0, 1.0, 1.0, 1.0]]


def test_each_gate_scales_its_own_part_of_the_grade():
    # White balance kept, exposure left alone, tone kept: a dark shot may be meant dark.
    params = combine(torch.tensor([[1.0, 0.5, 0.2]]), torch.zeros(1, 6) + 0.1, torch.tensor([[1.0, 0.0, 1.0]]))
    exposure, temperature, tint, contrast, saturation, gamma = params[0].tolist()
    assert exposure == 0.0
    assert temperature == pytest.approx(0.6) and tint == pytest.approx(0.3)
    assert contrast == saturation == gamma == pytest.approx(np.exp(0.1))


@pytest.fixture()
def untrained_weights(tmp_path):
    torch.manual_seed(0)
    path = tmp_path / "color.pt"
    save_model(ColorNet().eval(), path, {"test": True})
    return path


def test_one_grade_per_shot_with_confidence_and_safe_fallback(untrained_weights):
    shot = [apply_grade(scene(s), Grade(exposure=-0.7, temperature=0.6)) for s in range(12)]
    grade, confidence = suggest_grade(shot, weights=untrained_weights, min_confidence=0.0)
    assert 0.0 <= confidence <= 1.0
    assert grade.temperature < 0 and grade.exposure > 0  # at least the classical estimate
    unsure, _ = suggest_grade(shot, weights=untrained_weights, min_confidence=1.01)
    assert unsure.is_identity


def test_the_editor_gets_the_models_grade_with_its_threshold_at_half(untrained_weights):
    shot = [apply_grade(scene(s), Grade(exposure=-0.7, temperature=0.6)) for s in range(12)]
    grade, raw = suggest_grade(shot, weights=untrained_weights, min_confidence=0.0)
    proposed, confidence = propose_grade(shot, weights=untrained_weights)
    assert proposed == grade  # shown whatever the confidence, never swapped for "no change"
    assert (confidence >= 0.5) == (raw >= calibrated_threshold(untrained_weights))


def test_recalibrating_saved_weights_keeps_them_and_sets_a_threshold_within_the_limit(untrained_weights):
    from vedit_gui.analysis.color.train.__main__ import (
        CALIBRATION_GRADES,
        MAX_WORSE_SHARE,
        recalibrate,
    )
    from vedit_gui.analysis.color.train.__main__ import calibrate as calibrate_model

    before = numpy_arrays(load_model(untrained_weights))
    pictures = [scene(s, size=32) for s in range(3)]
    meta = recalibrate(untrained_weights, pictures)
    model, saved = load_checkpoint(untrained_weights)
    assert saved == meta and meta["test"] is True and meta["calibration_grades"] == CALIBRATION_GRADES
    assert all(np.array_equal(before[k], v) for k, v in numpy_arrays(model).items())
    assert 0.0 <= meta["min_confidence"] <= 1.0 and meta["calibration"]["worse"] <= MAX_WORSE_SHARE
    assert calibrated_threshold(untrained_weights) == pytest.approx(meta["min_confidence"])
    # The same pictures and seed give the same threshold: calibration is reproducible.
    assert calibrate_model(model, pictures, 5 + 2)[0] == meta["min_confidence"]


def test_confidences_share_one_scale_with_the_operating_point_at_half():
    p = np.linspace(0.0, 1.0, 101)
    for op in (0.3, 0.9):
        c = calibrated_confidence(p, op)
        assert c[0] == 0.0 and c[-1] == 1.0 and np.all(np.diff(c) > 0)
        assert calibrated_confidence(op, op) == pytest.approx(0.5)
    assert np.all(calibrated_confidence(p[:-1], 1.0) < 0.5)  # a model never sure
    assert np.all(calibrated_confidence(p, 0.0) >= 0.5)  # a model always sure


def test_shipped_weights_load_with_a_calibrated_threshold():
    assert default_weights().parent.name == "models" and default_weights().name == MODEL_NAME
    model, meta = load_checkpoint()
    assert isinstance(model, ColorNet) and meta["images"] > 100
    assert 0.0 < calibrated_threshold() < 1.0


def test_shipped_weights_correct_a_cast_and_leave_neutral_photographs():
    # Photographs that ship with scikit-image (held out from training); the synthetic
    # scene above is too unlike a photograph for the model to trust itself on it.
    astronaut, coffee = skimage_data.astronaut()[::2, ::2], skimage_data.coffee()[::2, ::2]
    casts = ((astronaut, Grade(temperature=1.0, tint=-0.3)), (coffee, Grade(exposure=-0.8, temperature=0.7, tint=0.2)))
    for photo, cast in casts:
        bad = apply_grade(photo, cast)
        grade, confidence = suggest_grade([bad], min_confidence=0.0)  # the model's own grade
        assert de2000(apply_grade(bad, grade), photo) < 0.8 * de2000(bad, photo)
        # At the calibrated threshold the suggestion is that grade or, below it, no change.
        shown, _ = suggest_grade([bad])
        assert shown == (grade if confidence >= calibrated_threshold() else Grade.identity())
    for photo in (astronaut, coffee):
        neutral, _ = suggest_grade([photo])
        assert de2000(apply_grade(photo, neutral), photo) < 1.0


def test_damaged_or_missing_weights_are_model_load_errors(tmp_path):
    with pytest.raises(ModelLoadError, match="not found"):
        load_model(tmp_path / "missing.pt")
    junk = tmp_path / "junk.pt"
    junk.write_bytes(b"not a model")
    with pytest.raises(ModelLoadError):
        load_model(junk)


def test_match_grade_brings_a_shot_to_the_reference():
    reference = [scene(5), scene(6)]
    shot = [apply_grade(f, Grade(exposure=0.6, temperature=-0.5, saturation=0.8)) for f in reference]
    grade = match_grade(shot, reference)
    before = np.mean([np.abs(s.astype(int) - r).mean() for s, r in zip(shot, reference, strict=True)])
    after = np.mean(
        [np.abs(apply_grade(s, grade).astype(int) - r).mean() for s, r in zip(shot, reference, strict=True)]
    )
    assert after < before / 3
    assert grade.temperature > 0.2 and grade.exposure < -0.2


def test_a_mosaic_is_made_of_the_pictures_side_by_side():
    """Flat grey pictures (greys survive the views' hue rotation): a mosaic holds two to four
    blocks, each one picture's grey, both layouts are drawn, and a seed draws one mosaic."""
    pictures = [np.full((50, 70, 3), 20 + 40 * i, np.uint8) for i in range(6)]
    blocks = set()
    for seed in range(40):
        mosaic = random_mosaic(pictures, np.random.default_rng(seed), 64)
        assert mosaic.shape == (64, 64, 3)
        greys = {tuple(p) for p in mosaic.reshape(-1, 3)}
        assert greys <= {(v, v, v) for v in range(20, 240, 40)}
        blocks.add(len(greys))
        assert np.array_equal(mosaic, random_mosaic(pictures, np.random.default_rng(seed), 64))
    assert 2 in blocks and blocks & {3, 4} and blocks <= {1, 2, 3, 4}  # halves and quarters


def test_hue_rotation_keeps_greys_grey_and_degrading_grades_are_valid():
    image = scene(2)
    rotated = rotate_hue(image, 120.0)
    grey = rotated[40, 40].astype(int)
    assert np.ptp(grey) <= 2
    assert not np.array_equal(rotated, image)
    rng = np.random.default_rng(0)
    grades = [random_degrading_grade(rng, identity_share=0.5) for _ in range(50)]
    assert any(g.is_identity for g in grades) and any(not g.is_identity for g in grades)
