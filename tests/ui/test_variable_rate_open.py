"""A phone clip whose frame rate varies opens as an edit at a rate editors work at, and the
editor is told so (it used to open as a 26.46 fps edit without a word)."""

from __future__ import annotations

from fractions import Fraction

from mediagen import make_vfr_video


def test_a_variable_rate_clip_opens_at_25_fps_and_the_status_bar_says_why(qtbot, window, tmp_path):
    phone = make_vfr_video(tmp_path / "phone.mp4", 48).path
    window.open_path(phone)
    qtbot.waitUntil(lambda: window.session.source_path == phone, timeout=10_000)
    assert window.session.timeline.rate == Fraction(25)
    assert window.session.timeline.duration == 45  # 1.8 s
    assert window.statusBar().currentMessage() == (
        "phone.mp4 has a variable frame rate (26.46 fps on average): the edit runs at 25 fps, "
        "each frame showing the picture on screen at its time")
