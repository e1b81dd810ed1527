"""The preview's grade path (override, before, wipe) and how grade suggestions join an edit."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from mediagen import make_video, read_index

from vedit_gui.app.grade_suggest import (
    MATCH_PRODUCER,
    JoinGrades,
    grade_strength,
    shot_transitions,
    timeline_shots,
)
from vedit_gui.app.preview_grade import (
    GradeOverride,
    PreviewLook,
    PreviewLookState,
    open_graded_preview,
    same_picture,
    wipe_frames,
)
from vedit_gui.media import FrameReader, probe
from vedit_gui.media.grade import Grade, apply_grade
from vedit_gui.media.probe import media_reference
from vedit_gui.render import TimelineVideo
from vedit_gui.timeline import (
    CUT,
    GRADE,
    FrameRange,
    Suggestion,
    SuggestionStatus,
    Timeline,
    timeline_from_media,
)

GRADE_A = Grade(exposure=0.8, temperature=0.5)
GRADE_B = Grade(saturation=0.2, contrast=1.5)


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return make_video(tmp_path_factory.mktemp("preview") / "clip.mp4", 24, audio=False)


@pytest.fixture
def timeline(clip):
    accepted = Suggestion(GRADE, str(clip.path), FrameRange(0, 12), 0.9, "m", GRADE_A.to_dict(), SuggestionStatus.ACCEPTED)
    return replace(timeline_from_media(media_reference(probe(clip.path))), suggestions=(accepted,))


def test_override_before_and_wipe_grade_with_apply_grade(clip, timeline):
    state = PreviewLookState()
    preview = open_graded_preview(timeline, state)
    with FrameReader(clip.path) as reader:
        source = reader.read(5)
    try:
        assert np.array_equal(preview.frame_at(5), apply_grade(source, GRADE_A))  # the accepted grade
        state.set(PreviewLook(override=GradeOverride(str(clip.path), FrameRange(0, 12), GRADE_B)))
        assert np.array_equal(preview.frame_at(5), apply_grade(source, GRADE_B))  # being edited wins
        state.set(PreviewLook(before=True))
        assert np.array_equal(preview.frame_at(5), source)
        state.set(PreviewLook(wipe=0.25))
        assert np.array_equal(preview.frame_at(5), wipe_frames(source, apply_grade(source, GRADE_A), 0.25))
    finally:
        preview.close()


def test_a_change_of_look_takes_effect_mid_walk(clip, timeline):
    state = PreviewLookState()
    preview = open_graded_preview(timeline, state)
    seen = []
    try:
        for frame, picture in preview.frames(0, 8):
            seen.append((frame, picture))
            if frame == 3:
                state.set(PreviewLook(before=True))
        with FrameReader(clip.path) as reader:
            assert [f for f, _ in seen] == list(range(8))
            assert np.array_equal(seen[2][1], apply_grade(reader.read(2), GRADE_A))
            assert np.array_equal(seen[6][1], reader.read(6))
            assert [read_index(p) for _, p in seen[4:]] == [4, 5, 6, 7]
    finally:
        preview.close()


def wipe_scrubbed(tmp_path, monkeypatch, *, scrub_copy: bool):
    """(frame shown, picture, the timeline ungraded) of a split wipe scrubbed to frame 100 of
    a long-GOP clip graded warm, with or without its scrub copy made."""
    import threading

    from vedit_gui.media.proxy import make_proxy

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    long_gop = make_video(tmp_path / "long_gop.mp4", 120, width=320, height=180, gop=60, bframes=0)
    if scrub_copy:
        make_proxy(long_gop.path, lambda f: None, threading.Event())
    warm = Suggestion(GRADE, str(long_gop.path), FrameRange(0, 120), 0.9, "m", GRADE_A.to_dict(), SuggestionStatus.ACCEPTED)
    state = PreviewLookState()
    state.set(PreviewLook(wipe=0.5))
    plain = timeline_from_media(media_reference(probe(long_gop.path)))
    preview = open_graded_preview(replace(plain, suggestions=(warm,)), state)
    try:
        if scrub_copy:
            monkeypatch.setattr(preview.video, "frame_at", lambda frame: pytest.fail("decoded the footage while scrubbing"))
        shown, picture = preview.scrub_frame_at(100)
    finally:
        preview.close()
    return shown, picture, plain


def assert_halves(picture: np.ndarray, ungraded: np.ndarray) -> None:
    half = picture.shape[1] // 2
    assert np.array_equal(picture[:, :half], ungraded[:, :half])  # before: the frame as decoded
    assert np.array_equal(picture[:, half:], apply_grade(ungraded, GRADE_A)[:, half:])  # after: graded


def test_a_wipe_dragged_over_reads_both_halves_from_the_scrub_copy(tmp_path, monkeypatch):
    shown, picture, plain = wipe_scrubbed(tmp_path, monkeypatch, scrub_copy=True)
    with TimelineVideo(plain) as ungraded:
        _, copy = ungraded.scrub_frame_at(100)
    assert shown == 100 and read_index(copy) == 100
    assert_halves(picture, copy)


def test_without_a_scrub_copy_both_wipe_halves_are_the_quick_frame_shown(tmp_path, monkeypatch):
    shown, picture, plain = wipe_scrubbed(tmp_path, monkeypatch, scrub_copy=False)
    with TimelineVideo(plain) as ungraded:
        exact = ungraded.frame_at(shown)
    assert shown < 100  # the quick frame before it
    assert_halves(picture, exact)


def test_wipe_position_is_checked():
    with pytest.raises(ValueError, match="wipe position"):
        PreviewLook(wipe=1.5)
    assert PreviewLookState().set(PreviewLook()) is False  # no change, no new version


def grade(start, end, producer="vedit-color", status=SuggestionStatus.PENDING, params=None):
    return Suggestion(GRADE, "a.mp4", FrameRange.from_bounds(start, end), 0.5, producer, params or {}, status)


def test_grades_join_without_touching_decisions_or_edits(timeline):
    old = (
        grade(0, 10),  # the shots before a cut was accepted: stale
        grade(10, 40),
        grade(40, 60, status=SuggestionStatus.ACCEPTED),  # decided: kept
        grade(60, 80, producer="vedit-color (edited)"),  # edited: kept
    )
    incoming = (grade(0, 20), grade(20, 40), grade(40, 60), grade(60, 80))
    joined = JoinGrades(incoming).apply(replace(timeline, suggestions=old))
    ranges = sorted((s.source_range.start, s.source_range.end_exclusive, s.producer, s.status.value) for s in joined.suggestions)
    assert ranges == [
        (0, 20, "vedit-color", "pending"),
        (20, 40, "vedit-color", "pending"),
        (40, 60, "vedit-color", "accepted"),
        (60, 80, "vedit-color (edited)", "pending"),
    ]
    assert joined.suggestion(old[2].id) == old[2]
    again = JoinGrades(incoming).apply(joined)
    assert len(again.suggestions) == 4  # a re-run never duplicates
    matched = JoinGrades((grade(60, 80, producer=MATCH_PRODUCER),)).apply(joined)
    assert [s.producer for s in matched.suggestions if s.source_range.start == 60] == [MATCH_PRODUCER]


def test_shots_come_from_accepted_and_pending_cuts_never_rejected_ones(clip, timeline):
    path = str(clip.path)

    def cut(frame, status=SuggestionStatus.PENDING, confidence=0.9):
        return Suggestion(CUT, path, FrameRange(frame - 1, 2), confidence, "c", {"transition": "cut"}, status)

    with_cuts = lambda *cuts: replace(timeline, suggestions=cuts)  # noqa: E731
    shots = lambda tl: [(s.range.start, s.range.end_exclusive) for s in timeline_shots(tl, 0.5)]  # noqa: E731
    assert shots(with_cuts()) == [(0, 24)]
    assert shots(with_cuts(cut(8), cut(16), cut(20, confidence=0.2))) == [(0, 8), (8, 16), (16, 24)]
    # Half-way through the review the scenes still end where the pending cuts are.
    assert shots(with_cuts(cut(8), cut(16, SuggestionStatus.ACCEPTED))) == [(0, 8), (8, 16), (16, 24)]
    assert shots(with_cuts(cut(8, SuggestionStatus.REJECTED), cut(16, SuggestionStatus.ACCEPTED))) == [(0, 16), (16, 24)]
    # A pending suggestion over an accepted cut's frames does not make a second boundary.
    assert shots(with_cuts(cut(16), cut(17, SuggestionStatus.ACCEPTED))) == [(0, 17), (17, 24)]
    assert [t.end for t in shot_transitions(with_cuts(cut(8, SuggestionStatus.REJECTED)), path)] == []


def test_grade_strength_is_how_far_from_no_change():
    assert grade_strength(Grade.identity()) == 0.0
    assert grade_strength(Grade(exposure=1.0)) == 0.5
    assert grade_strength(Grade(exposure=-4.0)) == 1.0


def test_a_shot_match_is_trusted_less_the_further_it_pushes_and_not_at_a_sliders_end():
    from vedit_gui.app.grade_suggest import match_confidence

    assert match_confidence(Grade.identity()) == 1.0
    assert match_confidence(Grade(temperature=0.3)) > match_confidence(Grade(exposure=1.0)) == 0.5
    assert match_confidence(Grade(exposure=4.0, temperature=0.2)) == 0.0  # the starfield's +4 EV
    assert match_confidence(Grade(pivot=0.05, contrast=1.1)) == match_confidence(Grade(contrast=1.1)) > 0.8  # a pivot is no push


def _edit(*suggestions: Suggestion, length: int = 100) -> Timeline:
    from fractions import Fraction

    from vedit_gui.timeline import Clip, MediaReference, Track, TrackKind

    media = MediaReference("/media/a.mp4", Fraction(25), 100, has_audio=False)
    track = Track(TrackKind.VIDEO, (Clip(media, FrameRange(0, length), id="c"),), id="v")
    return Timeline(Fraction(25), (track,), suggestions=suggestions)


def test_pending_suggestions_leave_the_picture_alone():
    cut = Suggestion(CUT, "/media/a.mp4", FrameRange(40, 2), 0.9, "test")
    grade = Suggestion(GRADE, "/media/a.mp4", FrameRange(0, 100), 0.9, "test", GRADE_A.to_dict())
    assert same_picture(_edit(), _edit(cut, grade))
    assert same_picture(_edit(), _edit(grade.with_status(SuggestionStatus.REJECTED)))


def test_clips_and_accepted_grades_change_the_picture():
    grade = Suggestion(GRADE, "/media/a.mp4", FrameRange(0, 100), 0.9, "test", GRADE_A.to_dict())
    accepted = grade.with_status(SuggestionStatus.ACCEPTED)
    assert not same_picture(_edit(), _edit(length=50))
    assert not same_picture(_edit(), _edit(accepted))
    edited = replace(accepted, params=GRADE_B.to_dict())
    assert not same_picture(_edit(accepted), _edit(edited))
