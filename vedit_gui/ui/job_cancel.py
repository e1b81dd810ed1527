"""Edit ▸ Cancel Running Jobs (Ctrl+., as Cmd+. on a Mac): the keyboard's way to the status
bar's Cancel.

What it cancels: every background job that can be run again (finding cuts, suggesting
grades or stabilization, pauses, punch-ins, measuring loudness, making scrub copies). They
queue behind each other on one worker, so stopping only the newest would leave the one whose
progress moves running; an editor asking for it wants the machine quiet, and the Suggestions
menu runs any of them again. An export is precious (minutes of rendering, a file the editor
asked for): it is never stopped along with them. When only an export runs, the command asks
first, with Keep Exporting the default (and Escape's answer), so a slip costs nothing. Quick writes (a
project, an EDL, a LUT) and the pick of a neutral colour finish by themselves and are left
alone.

Not Escape: editors press it out of habit, often twice (a menu closed with it leaves the menu
bar holding the keys), and a stray one would throw away minutes of a long film's analysis.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

from ..app.jobs import Job, JobManager

CANCEL_KEYS = (QKeySequence("Ctrl+."),)
EXPORT_KINDS = frozenset({"render"})  # the export (and a still): asked about, never cancelled in passing
LEFT_ALONE_KINDS = frozenset({"io", "pick"})  # a write or a pick: done in a moment, nothing to stop
IDLE_TEXT = "Cancel Running Jobs"


def _named(jobs: list[Job]) -> str:
    """"finding cuts in a.mp4", "finding cuts in a.mp4 and suggesting grades", "… and 2 more"."""
    titles = [job.title[:1].lower() + job.title[1:] for job in jobs]
    if len(titles) <= 2:
        return " and ".join(titles)
    return f"{titles[0]}, {titles[1]} and {len(titles) - 2} more"


def what_stopping_leaves(export: Job, *, stopped: bool = False) -> str:
    """What stopping ``export`` leaves on disk (``stopped``: left), as a clause: an older file of
    its name stays as it was (the render writes beside it and replaces it only once finished),
    else no file is written. It once said "the file is not written" while an earlier export of
    that name was kept."""
    path = export.output
    if path is not None and path.is_file():
        return f"the {path.name} already in {path.parent} stays as it was"
    return "no file was written" if stopped else "no file is written"


class JobCancelling(QObject):
    """The command, its menu item (enabled only while there is something to cancel, and
    named after it), and what the status bar says."""

    def __init__(self, window: QMainWindow, jobs: JobManager) -> None:
        super().__init__(window)
        self.window = window
        self.jobs = jobs
        self.action = QAction(IDLE_TEXT, window)
        self.action.setObjectName("cancelJobsAction")
        self.action.setShortcuts(list(CANCEL_KEYS))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setToolTip("Stop the analysis and other background work; an export only after asking")
        self.action.triggered.connect(lambda _checked=False: self.cancel_running())
        self.confirm: QMessageBox | None = None  # the question about an export, while it is asked
        jobs.job_started.connect(self._update)
        jobs.job_ended.connect(self._update)
        self._update()

    def background(self) -> list[Job]:
        """What the command cancels at once, oldest first."""
        return [job for job in self.jobs.jobs if not job.done and job.kind not in EXPORT_KINDS | LEFT_ALONE_KINDS]

    def exports(self) -> list[Job]:
        return [job for job in self.jobs.jobs if not job.done and job.kind in EXPORT_KINDS]

    def _update(self, _job: Job | None = None) -> None:
        background, exports = self.background(), self.exports()
        if background:
            text = f"Cancel {_named(background)}" if len(background) == 1 else f"Cancel {len(background)} Background Jobs"
        elif exports:
            text = f"Cancel {_named(exports[-1:])}…"  # it asks first
        else:
            text = IDLE_TEXT
        self.action.setText(text)
        self.action.setEnabled(bool(background or exports))
        if self.confirm is not None and not exports:
            self.confirm.done(QMessageBox.StandardButton.Cancel)  # the export ended while being asked about

    def cancel_running(self) -> list[Job]:
        """Cancel the background jobs (or ask about the export, when it is all that runs), and
        say in the status bar what was cancelled. Returns the jobs asked to stop."""
        background, exports = self.background(), self.exports()
        bar = self.window.statusBar()
        if background:
            for job in background:
                job.cancel()
            again = " The Suggestions menu runs the analysis again." if any(j.kind == "analysis" for j in background) else ""
            going = f" {_named(exports)[:1].upper() + _named(exports)[1:]} goes on." if exports else ""
            bar.showMessage(f"Cancelled {_named(background)}.{again}{going}", 8000)
            return background
        if exports:
            self._ask_about(exports[-1])
        else:
            bar.showMessage("Nothing is running to cancel.", 3000)
        return []

    def _ask_about(self, export: Job) -> None:
        """Stopping an export loses the rendering done so far: asked, Keep Exporting the default."""
        if self.confirm is not None:
            return
        left = what_stopping_leaves(export)
        box = QMessageBox(QMessageBox.Icon.Question, "Cancel the export?",
                          f"Stop {_named([export])}? {left[:1].upper() + left[1:]}, and the rendering done so far "
                          "is lost.", QMessageBox.StandardButton.NoButton, self.window)
        box.setObjectName("cancelExportBox")
        stop = box.addButton("&Stop Export", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep Exporting", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        self.confirm = box

        def answered(_result: int) -> None:
            self.confirm = None
            if box.clickedButton() is stop and not export.done:
                export.cancel()  # the export's own message follows: "Export cancelled; no file was written."

        box.finished.connect(answered)
        box.open()
