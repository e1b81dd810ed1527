"""Random key presses from the editor's own shortcuts, with random selections: whatever an
editor mashes (half the seeds with B-roll laid over the edit, a third reviewing pauses), every slot finishes (pytest-qt fails the test on an exception in one) and the
edit stays one that undoes to the start. Without b1e5a60's fix (found by driving the editor
under Xvfb) one of the seeds fails with that crash."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample.mp4"

# CI runs four seeds; VEDIT_MONKEY_SEEDS="1 2 … 40" runs more by hand.
SEEDS = [int(seed) for seed in os.environ.get("VEDIT_MONKEY_SEEDS", "1 2 3 4").split()]
K, M = Qt.Key, Qt.KeyboardModifier
CTRL, SHIFT = M.ControlModifier, M.ShiftModifier
KEYS = [
    (K.Key_N, M.NoModifier), (K.Key_P, M.NoModifier), (K.Key_A, M.NoModifier), (K.Key_R, M.NoModifier),
    (K.Key_S, M.NoModifier), (K.Key_Delete, M.NoModifier), (K.Key_Delete, SHIFT), (K.Key_Q, M.NoModifier),
    (K.Key_W, M.NoModifier), (K.Key_Comma, M.NoModifier), (K.Key_Period, M.NoModifier), (K.Key_Up, M.NoModifier),
    (K.Key_Down, M.NoModifier), (K.Key_Up, SHIFT), (K.Key_Down, SHIFT), (K.Key_M, M.NoModifier),
    (K.Key_M, M.AltModifier), (K.Key_Left, M.NoModifier), (K.Key_Right, SHIFT), (K.Key_Home, M.NoModifier),
    (K.Key_End, M.NoModifier), (K.Key_Z, CTRL), (K.Key_Z, CTRL | SHIFT), (K.Key_T, CTRL), (K.Key_T, CTRL | SHIFT),
    (K.Key_L, CTRL), (K.Key_L, CTRL | SHIFT), (K.Key_I, M.NoModifier), (K.Key_O, M.NoModifier),
    (K.Key_X, M.AltModifier), (K.Key_Backslash, M.NoModifier), (K.Key_D, M.NoModifier), (K.Key_A, CTRL | SHIFT),
    (K.Key_M, CTRL | SHIFT), (K.Key_H, CTRL | SHIFT), (K.Key_F2, M.NoModifier),
    (K.Key_C, CTRL), (K.Key_X, CTRL), (K.Key_V, CTRL), (K.Key_K, SHIFT),
    (K.Key_Up, M.AltModifier), (K.Key_Down, M.AltModifier),
]


@pytest.mark.parametrize("seed", SEEDS)
def test_random_keys_never_break_a_slot_and_undo_all_gets_back(qtbot, window, seed):
    window.open_path(SAMPLE)  # the bundled sample: cuts, a dissolve, a fade, grades to review
    qtbot.waitUntil(lambda: window.session.timeline.duration == 900 and window.viewer.frame is not None, timeout=15_000)
    qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=120_000)
    first = window.session.timeline
    if seed % 2 == 0:  # B-roll laid over the edit: the keys meet a second picture and sound track
        from vedit_gui.timeline import OverlayMedia

        window.session.apply(OverlayMedia((first.tracks[0].items[0].media,), 300))
    if seed % 3 == 0:  # the sample's two quiet stretches suggested as pauses, the keys on them
        window.pauses.suggest_action.trigger()
        qtbot.waitUntil(lambda: not window.jobs.jobs, timeout=60_000)
        window.suggestions.kind_box.setCurrentText("pause")
        assert window.suggestions.row_count() == 2
    rng = random.Random(seed)
    for _ in range(150):
        if rng.random() < 0.3:
            items = [item for track in window.session.timeline.tracks for item in track.items]
            if items:
                window.timeline_view.set_selection([rng.choice(items).id])
        if rng.random() < 0.05:
            window.editing.fade_selection(head=rng.random() < 0.5)
        key, modifier = rng.choice(KEYS)
        qtbot.keyClick(window, key, modifier)
    while window.session.history.can_undo:
        window.session.undo()
    assert window.session.timeline.tracks == first.tracks and window.session.timeline.markers == first.markers
