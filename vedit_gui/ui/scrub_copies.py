"""View ▸ Make Scrub Copies: a background job that makes a small all-keyframe copy of each
source in the edit (:mod:`vedit_gui.media.proxy`), so dragging the playhead shows the exact
frame under the hand instead of the nearest quick one. On request: a copy costs disk space
(about a megabyte a second) and a decode of the whole source."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from ..app.jobs import Job
from ..media.errors import MediaError
from ..media.proxy import delete_proxies, made_proxies, make_proxy

if TYPE_CHECKING:
    from .main_window import MainWindow

TITLE = "Making scrub copies"


class ScrubCopies(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.view_menu.addSeparator()
        self.action = window._action(window.view_menu, "Make Scrub Copies of the Footage", self.make)
        self.action.setToolTip("Small copies in which every frame decodes alone, so a drag of the playhead "
                               "shows every frame (kept in vedit's cache; the footage is untouched)")
        self.delete_action = window._action(window.view_menu, "Delete All Scrub Copies…", self.ask_to_delete)

    def make(self) -> Job | None:
        grids = {m.path: m.rate for m in self.window.session.timeline.media() if m.has_video}
        sources = list(grids)
        status = self.window.statusBar()
        if not sources:
            status.showMessage("Nothing to make scrub copies of: the edit has no picture.", 5000)
            return None
        for job in list(self.window.jobs.jobs):
            if job.title.startswith(TITLE):
                job.cancel()

        def work(progress, cancel) -> tuple[int, list[str]]:
            """Each source in turn; one that cannot be read (offline, damaged) is named, and
            the others still get their copies."""
            made, failed = 0, []
            for n, path in enumerate(sources):
                try:
                    make_proxy(path, lambda f, n=n: progress((n + f) / len(sources)), cancel, grids[path])
                    made += 1
                except MediaError as exc:
                    failed.append(f"{Path(path).name} ({exc})")
            return made, failed

        job = self.window.jobs.start(f"{TITLE} of {', '.join(Path(p).name for p in sources)}", "proxy", work)
        job.finished.connect(lambda result: self._on_made(*result))
        job.failed.connect(lambda message: status.showMessage(
            f"Scrub copies stopped: {message} (the footage is untouched)", 8000))
        return job

    def ask_to_delete(self) -> QMessageBox | None:
        """Offer to empty the scrub-copy cache, saying how many and how large (window-modal,
        not blocking)."""
        copies = made_proxies()
        if not copies:
            self.window.statusBar().showMessage("There are no scrub copies to delete.", 5000)
            return None
        size = sum(p.stat().st_size for p in copies if p.exists()) / 1e6
        box = QMessageBox(QMessageBox.Icon.Question, "Delete scrub copies",
                          f"Delete {len(copies)} scrub cop{'ies' if len(copies) != 1 else 'y'} ({size:.0f} MB) from "
                          "vedit's cache?\n\nThe footage is untouched; a drag shows nearby frames again until copies "
                          "are made again.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self.window)
        box.setObjectName("deleteScrubCopiesBox")
        box.finished.connect(lambda result: self._delete() if result == QMessageBox.StandardButton.Yes else None)
        box.open()
        return box

    def _delete(self) -> None:
        for job in list(self.window.jobs.jobs):  # a copy being made would come back
            if job.title.startswith(TITLE):
                job.cancel()
        freed = delete_proxies() / 1e6
        self.window.refresh_viewer_source()
        self.window.statusBar().showMessage(f"Deleted the scrub copies ({freed:.0f} MB freed).", 6000)

    def _on_made(self, count: int, failed: list[str]) -> None:
        self.window.refresh_viewer_source()
        note = f" No copy of {'; '.join(failed)}." if failed else ""
        self.window.statusBar().showMessage(
            f"Scrub copies ready for {count} file{'s' if count != 1 else ''}: dragging the playhead now shows "
            f"every frame (smaller until you let go).{note}", 10000)


__all__ = ["ScrubCopies"]
