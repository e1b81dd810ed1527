"""One message for a run of analysis: "Analysis finished: found 6 possible cuts, 7 grades and
1 shaky shot to steady; no pauses; below the threshold, 3 more possible cuts."

Opening a video starts cut detection, whose end starts the grades and the stabilization, each
saying what it found; sources added together queue their own. Each said it over the one
before, so the editor was left with the last job's news ("Suggested stabilization: no shot
shakes enough"), and the cuts and grades found went unsaid. Each job still says its news as
it comes; when a run of more than one analysis job ends (nothing left on the analysis worker
once the last one's followers have had their chance to start), the status bar sums it up,
with what was cancelled or stopped.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer

from ..app.jobs import Job, JobManager

ANALYSIS = "analysis"
SUMMARY_MS = 12000
# How each kind of finding is counted: one, many, none. In this order in the summary.
NOUNS = {
    "cut": ("possible cut", "possible cuts", "no cuts"),
    "grade": ("grade", "grades", "no grades"),
    "stabilize": ("shaky shot to steady", "shaky shots to steady", "no shaky shots"),
    "pause": ("pause", "pauses", "no pauses"),
    "punch-in": ("punch-in", "punch-ins", "no punch-ins"),
}


@dataclass(frozen=True)
class Finding:
    """What one analysis job found: ``count`` of ``kind`` (a key of NOUNS), ``below`` of them
    under the Suggestions panel's threshold when it finished (greyed there, skipped by N / P)."""

    kind: str
    count: int
    below: int = 0

    @staticmethod
    def of(kind: str, confidences: list[float], threshold: float) -> Finding:
        return Finding(kind, len(confidences), sum(c < threshold for c in confidences))


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _lower(title: str) -> str:
    return title[:1].lower() + title[1:]


def _counted(kind: str, n: int, *, more: bool = False) -> str:
    """"7 grades", or "1 more possible cut" beside those counted already."""
    one, many, _none = NOUNS.get(kind, (kind, kind + "s", "no " + kind + "s"))
    return f"{n} {'more ' if more else ''}{one if n == 1 else many}"


def summary(findings: list[Finding], cancelled: list[str], stopped: list[tuple[str, str]]) -> str:
    """The run summed up: counts by kind at or above the threshold (several sources' cuts
    together), then those below it, what found nothing, the jobs cancelled (their titles) and
    those stopped by an error (title, reason)."""
    above: dict[str, int] = {}
    below: dict[str, int] = {}
    for finding in findings:
        above[finding.kind] = above.get(finding.kind, 0) + finding.count - finding.below
        below[finding.kind] = below.get(finding.kind, 0) + finding.below
    kinds = sorted(above, key=lambda kind: list(NOUNS).index(kind) if kind in NOUNS else len(NOUNS))
    found = [_counted(k, above[k]) for k in kinds if above[k]]
    unsure = [_counted(k, below[k], more=bool(above[k])) for k in kinds if below[k]]
    none = [NOUNS.get(k, ("", "", f"no {k}s"))[2] for k in kinds if not above[k] and not below[k]]  # nothing at all
    said = ["found " + _listed(found)] if found else []
    said += [", ".join(none)] if none else []
    said += ["below the threshold, " + _listed(unsure)] if unsure else []
    if cancelled:
        said.append("cancelled " + _listed([_lower(t) for t in cancelled]))
    said += [f"{_lower(title)} stopped: {reason}" for title, reason in stopped]
    ended = "ended" if cancelled or stopped else "finished"
    return f"Analysis {ended}: " + "; ".join(said) + "."


class AnalysisNews(QObject):
    """Collects what a run of analysis jobs found and sums it up in the status bar at its end."""

    def __init__(self, window, jobs: JobManager) -> None:
        super().__init__(window)
        self.window = window  # says it with say_in_background
        self.jobs = jobs
        self._started = 0  # analysis jobs in this run
        self._findings: list[Finding] = []
        # Each title's last job in the run and how it ended: a job cancelled because the same
        # work was started again (Find Cuts Again, another pause length) is no news.
        self._ends: dict[str, str] = {}
        self._stopped: list[tuple[str, str]] = []
        self._settling = False
        self.last_summary: str | None = None
        jobs.job_started.connect(self._on_started)
        jobs.job_ended.connect(self._on_ended)

    def found(self, finding: Finding) -> None:
        """An analysis job's finding (called from its finished handler)."""
        self._findings.append(finding)
        self._settle_soon()

    def _running(self) -> bool:
        return any(job.kind == ANALYSIS and not job.done for job in self.jobs.jobs)

    def _on_started(self, job: Job) -> None:
        if job.kind != ANALYSIS:
            return
        self._started += 1
        self._ends.pop(job.title, None)
        self._ends[job.title] = "running"
        job.failed.connect(lambda reason, title=job.title: self._stopped.append((title, reason)))

    def _on_ended(self, job: Job) -> None:
        if job.kind != ANALYSIS:
            return
        self._ends[job.title] = job.state
        self._settle_soon()

    def _settle_soon(self) -> None:
        """After the ended job's own handlers, which may start the next job of the run (the
        grades after the cuts): only then is it known whether the run is over."""
        if not self._settling:
            self._settling = True
            QTimer.singleShot(0, self._settle)

    def _settle(self) -> None:
        self._settling = False
        if self._running():
            return
        cancelled = [title for title, end in self._ends.items() if end == "cancelled"]
        if self._started > 1 and (self._findings or cancelled or self._stopped):
            self.last_summary = summary(self._findings, cancelled, self._stopped)
            self.window.say_in_background(self.last_summary, SUMMARY_MS)
        self._started = 0
        self._findings, self._ends, self._stopped = [], {}, []
