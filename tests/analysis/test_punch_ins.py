"""Punch-in suggestions: which pieces between jump cuts go closer, where the window is put
(on a synthetic piece to camera whose head is known), and how sure each one is."""

from __future__ import annotations

import threading
from fractions import Fraction

import numpy as np
import pytest
from mediagen import make_video

from vedit_gui.analysis.punch_ins import (
    FramingCancelled,
    jump_change,
    jump_cut_pieces,
    punch_in_suggestions,
    subject_centre,
)
from vedit_gui.media import media_reference, probe
from vedit_gui.media.punch_in import DEFAULT_ZOOM, PunchIn
from vedit_gui.samples.talk import synthetic_talk
from vedit_gui.samples.talking_head import TalkingHead
from vedit_gui.timeline import PUNCH_IN, AddTransition, FrameRange, TrackKind, timeline_from_media
from vedit_gui.timeline.edits import remove_source_ranges

FPS = 25
WIDTH, HEIGHT = 192, 108


@pytest.fixture(scope="module")
def piece_to_camera(tmp_path_factory) -> tuple[str, TalkingHead]:
    talk = synthetic_talk(seed=4, seconds=12.0)
    head = TalkingHead(talk, WIDTH, HEIGHT, Fraction(FPS), seed=4)
    path = tmp_path_factory.mktemp("punch-in") / "piece.mp4"
    make_video(path, head.frames, width=WIDTH, height=HEIGHT, rate=Fraction(FPS),
               audio_samples=np.stack([talk.samples, talk.samples]), picture=head, options={"crf": "16"})
    return str(path), head


def with_pauses_out(path: str, head: TalkingHead, count: int = 4):
    """The piece with ``count`` of its pauses taken out (as accepting them would)."""
    timeline = timeline_from_media(media_reference(probe(path)))
    gone = [FrameRange.from_bounds(round(a * FPS) + 3, round(b * FPS) - 3)
            for a, b in head.talk.pauses[1 : count + 1] if (b - a) * FPS > 8]
    return remove_source_ranges(timeline, [(path, r) for r in gone]), gone


def test_every_other_piece_between_jump_cuts_goes_closer(piece_to_camera):
    path, head = piece_to_camera
    timeline, gone = with_pauses_out(path, head)
    pieces = jump_cut_pieces(timeline)
    starts = [r.end_exclusive for r in gone]  # each piece starts where a pause was taken out
    assert [p.frames.start for p in pieces] == starts[0::2]
    assert all(p.before == r.start - 1 for p, r in zip(pieces, gone[0::2], strict=True))
    assert all(p.source == path for p in pieces)
    # A dissolve over a join is no jump cut: the run starts again after it.
    video = timeline.tracks_of(TrackKind.VIDEO)[0]
    second_join = [rng.start for _, _, rng in video.ranges()][2]
    blended = AddTransition(second_join, 6).apply(timeline)
    assert [p.frames.start for p in jump_cut_pieces(blended)] == [starts[0], starts[2]]


def test_no_jump_cuts_no_pieces(piece_to_camera):
    path, _ = piece_to_camera
    timeline = timeline_from_media(media_reference(probe(path)))
    assert jump_cut_pieces(timeline) == []
    # Two clips of a source in order, nothing skipped (a plain split), is no jump cut either.
    from vedit_gui.timeline import Split
    assert jump_cut_pieces(Split(40).apply(timeline)) == []


def test_the_window_is_put_on_the_speakers_head(piece_to_camera):
    path, head = piece_to_camera
    timeline, _ = with_pauses_out(path, head)
    found = punch_in_suggestions(jump_cut_pieces(timeline), lambda f: None, threading.Event())
    assert found and all(s.kind == PUNCH_IN for s in found)
    for s in found:
        move = PunchIn.from_params(s.params)
        assert move.zoom == DEFAULT_ZOOM and (move.start, move.frames) == (s.source_range.start, s.source_range.duration)
        cx, cy = move.centre
        half_w, half_h = 0.5 / move.zoom, 0.5 / move.zoom
        for frame in (s.source_range.start, s.source_range.end_inclusive):
            x, y, r = head.head_at(frame)
            # The whole head stays inside the window kept.
            assert abs(x / WIDTH - cx) + r / WIDTH < half_w
            assert abs(y / HEIGHT - cy) + r / HEIGHT < half_h
        # The same framing either side of the jump: a jump a punch-in should hide.
        assert s.confidence > 0.8 and s.params["moving"] is True


def test_a_still_picture_is_framed_about_its_centre_and_a_change_of_picture_is_unsure():
    rng = np.random.default_rng(1)
    ramp = np.linspace(30, 220, 96)[None, :, None]
    still = np.repeat(np.repeat(ramp, 54, axis=0), 3, axis=2).astype(np.uint8)
    still[30:45, 10:30] = (200, 40, 40)
    noisy = [np.clip(still + rng.normal(0, 2, still.shape), 0, 255).astype(np.uint8) for _ in range(6)]
    assert subject_centre(noisy) == (0.5, 0.5, False)
    moving = [still.copy() for _ in range(6)]
    for i, picture in enumerate(moving):  # something moves in the top right
        picture[8:20, 70 + i : 80 + i] = 255
    x, y, is_moving = subject_centre(moving)
    assert is_moving and x > 0.7 and y < 0.4
    other = still[:, ::-1].copy()  # another picture: light from the other side
    assert jump_change(still, noisy[0]) < 0.02 < 0.2 < jump_change(still, other)


def test_a_cancelled_framing_stops(piece_to_camera):
    path, head = piece_to_camera
    timeline, _ = with_pauses_out(path, head)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(FramingCancelled):
        punch_in_suggestions(jump_cut_pieces(timeline), lambda f: None, cancel)
