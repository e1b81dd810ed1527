"""When a run of analysis ends, the status bar sums up what all of it found, not only what
the last job found."""

from __future__ import annotations

import threading

from vedit_gui.timeline import CUT, GRADE, STABILIZE
from vedit_gui.ui.analysis_news import Finding, summary


def test_the_summary_counts_by_kind_and_says_what_found_none():
    found = [Finding("cut", 4), Finding("grade", 5), Finding("cut", 8), Finding("pause", 0), Finding("stabilize", 1)]
    assert summary(found, [], []) == (
        "Analysis finished: found 12 possible cuts, 5 grades and 1 shaky shot to steady; no pauses.")
    # Below the threshold (greyed in the list, skipped by N / P): counted apart.
    found = [Finding("cut", 5, 1), Finding("grade", 7, 3), Finding("stabilize", 2, 2)]
    assert summary(found, [], []) == ("Analysis finished: found 4 possible cuts and 4 grades; below the threshold, "
                                      "1 more possible cut, 3 more grades and 2 shaky shots to steady.")
    assert summary([Finding("grade", 7, 7), Finding("pause", 0)], [], []) == (
        "Analysis finished: no pauses; below the threshold, 7 grades.")
    assert Finding.of("grade", [0.2, 0.5, 0.9], 0.5) == Finding("grade", 3, 1)
    assert summary([Finding("cut", 1), Finding("grade", 0), Finding("stabilize", 0)], [], []) == (
        "Analysis finished: found 1 possible cut; no grades, no shaky shots.")
    assert summary([Finding("pause", 0)], ["Suggesting punch-ins at 3 jump cuts"], [("Suggesting grades", "disk full")]) == (
        "Analysis ended: no pauses; cancelled suggesting punch-ins at 3 jump cuts; suggesting grades stopped: disk full.")


def _run(window, title: str, then=None, finding: Finding | None = None, fail: bool = False):
    """A job on the analysis worker that waits to be let go (or cancelled), reports its finding
    and starts its followers, as the cut detection starts the grades."""
    go = threading.Event()

    def work(_progress, cancel: threading.Event) -> int:
        while not go.wait(0.01):
            if cancel.is_set():
                raise RuntimeError("cancelled")
        if fail:
            raise RuntimeError("the disk is full")
        return 0

    job = window.jobs.start(title, "analysis", work)
    if finding is not None:
        job.finished.connect(lambda _result: window.news.found(finding))
    if then is not None:
        job.finished.connect(lambda _result: then())
    return job, go


def test_a_run_of_jobs_is_summed_up_once_when_its_last_job_ends(qtbot, window):
    said: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: text and said.append(text))
    followers = []

    def start_followers() -> None:  # as the grades and stabilization follow the cuts
        followers.append(_run(window, "Suggesting grades", finding=Finding("grade", 7)))
        followers.append(_run(window, "Suggesting stabilization in a.mp4", finding=Finding("stabilize", 0)))

    cuts, go = _run(window, "Finding cuts in a.mp4", then=start_followers, finding=Finding("cut", 6))
    go.set()
    qtbot.waitUntil(lambda: len(followers) == 2, timeout=5000)
    for _job, release in followers:
        release.set()
    qtbot.waitUntil(lambda: not window.jobs.jobs and window.news.last_summary is not None, timeout=5000)
    expected = "Analysis finished: found 6 possible cuts and 7 grades; no shaky shots."
    assert window.news.last_summary == expected and window.statusBar().currentMessage() == expected
    assert said.count(expected) == 1


def test_a_job_the_editor_cancelled_is_named_one_replaced_by_its_rerun_is_not(qtbot, window):
    first, _ = _run(window, "Finding cuts in a.mp4")
    first.cancel()  # Find Cuts Again: the same work started again
    again, go_again = _run(window, "Finding cuts in a.mp4", finding=Finding("cut", 3))
    grades, _ = _run(window, "Suggesting grades", finding=Finding("grade", 2))
    go_again.set()
    qtbot.waitUntil(lambda: again.done, timeout=5000)
    window.cancelling.cancel_running()  # the editor stops the grades
    qtbot.waitUntil(lambda: not window.jobs.jobs and window.news.last_summary is not None, timeout=5000)
    assert window.news.last_summary == "Analysis ended: found 3 possible cuts; cancelled suggesting grades."
    # The editor's own "Cancelled …" is read first; then the summary.
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == window.news.last_summary, timeout=5000)


def test_a_single_job_keeps_its_own_news(qtbot, window):
    job, go = _run(window, "Suggesting pause removal in a.mp4", finding=Finding("pause", 4))
    go.set()
    qtbot.waitUntil(lambda: job.done, timeout=5000)
    qtbot.wait(50)
    assert window.news.last_summary is None


def test_opening_a_clip_sums_up_the_cuts_grades_and_stabilization_found(qtbot, window, tmp_path, monkeypatch):
    from mediagen import make_video

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    clip = make_video(tmp_path / "clip.mp4", 90, width=192, height=108, audio=False)
    window.open_path(clip.path)
    qtbot.waitUntil(lambda: window.session.timeline.duration == 90, timeout=15_000)
    qtbot.waitUntil(lambda: not window.jobs.jobs and window.news.last_summary is not None, timeout=90_000)
    threshold = window.suggestions.threshold_value
    made = {kind: [s.confidence for s in window.session.timeline.suggestions if s.kind == kind]
            for kind in (CUT, GRADE, STABILIZE)}
    assert window.news.last_summary == summary(
        [Finding.of("cut", made[CUT], threshold), Finding.of("grade", made[GRADE], threshold),
         Finding.of("stabilize", made[STABILIZE], threshold)], [], [])
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == window.news.last_summary, timeout=5000)
