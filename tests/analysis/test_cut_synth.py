"""The cut model's synthetic footage: the labels say where the transitions are and what they
are, and a labelled hard cut really is where the picture changes."""

from __future__ import annotations

import numpy as np

from vedit_gui.analysis.cut_weights import KINDS
from vedit_gui.analysis.train.synth import SyntheticFootage


def test_sequences_label_each_transition_once_with_its_kind(stills):
    gen = SyntheticFootage(stills, seed=11)
    for _ in range(6):
        s = gen.sequence(100)
        assert s.frames.shape == (100, 27, 48, 3) and s.frames.dtype == np.uint8
        centres = np.nonzero(s.event >= 1.0)[0]
        # Every centre lies inside a labelled extent of a known kind.
        assert all(s.extent[c] == 1.0 and 0 <= s.kind[c] < len(KINDS) for c in centres)
        assert np.all((s.kind >= 0) == (s.extent == 1.0))


def test_a_labelled_hard_cut_is_where_the_picture_changes(stills):
    gen = SyntheticFootage(stills, seed=7)
    cut = KINDS.index("cut")
    at_cuts, elsewhere = [], []
    for _ in range(12):
        s = gen.sequence(100)
        frames = s.frames.astype(np.float32)
        steps = np.abs(np.diff(frames, axis=0)).mean(axis=(1, 2, 3))  # steps[k-1]: k-1 → k
        centres = {int(c) for c in np.nonzero(s.event >= 1.0)[0] if c >= 1 and s.kind[c] == cut}
        for k in range(1, len(frames)):
            if k in centres and s.extent[k - 1] == 0.0:
                at_cuts.append(steps[k - 1])
            elif s.extent[k] == 0.0 and s.extent[k - 1] == 0.0:
                elsewhere.append(steps[k - 1])
    assert len(at_cuts) >= 5
    # A cut is a bigger jump than nearly every step inside a shot (hard negatives included).
    assert np.median(at_cuts) > np.percentile(elsewhere, 90)


def test_a_shot_renders_the_same_frames_in_any_order(stills):
    # Sequences render only the frames they keep, out of order (a dissolve reads the incoming
    # shot's first frames before the shot's own), and edit what they get: no frame may depend
    # on which frames were asked for before it.
    for seed in range(8):
        forwards, shuffled = (SyntheticFootage(stills, seed=seed)._shot(40) for _ in range(2))
        frames = []
        for i in range(40):
            frame = forwards.frame(i)
            frames.append(frame.copy())
            frame[:] = 0.0
        for i in np.random.default_rng(seed).permutation(40):
            assert np.array_equal(shuffled.frame(int(i)), frames[i])
