"""The status bar's job display: what runs, how far along, and a button to cancel it.

It shows the newest job that is running, not one waiting its turn behind it on the same
worker (the grades and the stabilization queue behind the cut detection; a second source's
cuts behind the first's): its bar moves, and Cancel stops what moves."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from ..app.jobs import Job, JobManager


class JobsWidget(QWidget):
    def __init__(self, jobs: JobManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._current: Job | None = None
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setFixedWidth(180)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelJob")
        self.cancel_button.setToolTip("Cancel this job (Ctrl+.: every background job; an export after asking)")
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        jobs.job_started.connect(self._on_job_started)
        jobs.job_ended.connect(self._on_jobs_changed)
        self.hide()

    @property
    def current(self) -> Job | None:
        return self._current

    def _on_job_started(self, job: Job) -> None:
        job.began.connect(lambda: self._on_jobs_changed(job))
        self._on_jobs_changed(job)

    def _on_jobs_changed(self, _job: Job) -> None:
        if self._current is not None:
            self._current.progressed.disconnect(self._on_job_progressed)
        jobs = self._jobs.jobs
        self._current = next((job for job in reversed(jobs) if job.begun), jobs[-1] if jobs else None)
        if self._current is None:
            self.hide()
            return
        self._current.progressed.connect(self._on_job_progressed)
        more = f" (+{len(self._jobs.jobs) - 1} more)" if len(self._jobs.jobs) > 1 else ""
        self.label.setText(self._current.title + more)
        self._on_job_progressed(self._current.progress)
        self.show()

    def _on_job_progressed(self, fraction: float) -> None:
        self.bar.setValue(int(fraction * 1000))

    def _on_cancel_clicked(self) -> None:
        if self._current is not None:
            self._current.cancel()
