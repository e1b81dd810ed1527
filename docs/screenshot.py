"""Makes docs/screenshot.png, the README's picture: the bundled sample with its cuts accepted
(dissolves kept), a pending cut under review, B-roll laid over the edit on a track named for it, its sound muted,
and stabilization suggested for the shots whose hand-held wobble is strongest.

Run from the repository root: ``.venv/bin/python docs/screenshot.py docs/screenshot.png``
(offscreen, dark theme, about 15 seconds: the sample is analysed first).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync  # noqa: E402 - after the platform is chosen
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from vedit_gui.app.session import Session  # noqa: E402
from vedit_gui.timeline import (  # noqa: E402
    OverlayMedia,
    RenameTrack,
    SetClipFades,
    SetTrackEnabled,
    SuggestionStatus,
    TrimOut,
)
from vedit_gui.ui.main_window import MainWindow  # noqa: E402
from vedit_gui.ui.theme import apply_dark_theme  # noqa: E402

REVIEWED_FRAME = 405  # the pending cut the picture shows under review (13;15)
BROLL_AT, BROLL_FRAMES = 600, 110


def stage(window: MainWindow) -> None:
    """The edit the picture shows, made through the session as the editor's commands make it."""
    session = window.session
    cuts = [s for s in session.timeline.suggestions if s.kind == "cut"]
    reviewed = min(cuts, key=lambda s: abs(s.cut_frame - REVIEWED_FRAME))
    session.decide([s.id for s in cuts if s is not reviewed and s.confidence >= 0.5], SuggestionStatus.ACCEPTED)
    session.apply(OverlayMedia((session.timeline.tracks[0].items[0].media,), BROLL_AT))
    broll = session.timeline.tracks[1].items[1]
    session.apply(TrimOut(broll.id, BROLL_FRAMES - broll.duration))
    session.apply(SetTrackEnabled((session.timeline.tracks[-1].id,), False))
    session.apply(RenameTrack(session.timeline.tracks[1].id, "B-roll"))
    session.apply(SetClipFades((session.timeline.tracks[0].items[0].id,), 30, None))
    window.stabilizing.suggest_action.trigger()
    window.timeline_view.suggestion_clicked.emit(reviewed.id)


def main(out: str) -> None:
    app = QApplication(sys.argv)
    apply_dark_theme(app)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    window = MainWindow(Session(autosave=False))
    window.resize(1280, 800)
    window.show()
    window.open_path("resources/sample.mp4")

    def grab() -> None:
        if window.jobs.jobs:  # the stabilization job is still measuring
            QTimer.singleShot(500, grab)
            return
        QTimer.singleShot(1500, lambda: (window.grab().save(out), app.quit()))
        window._ready_to_close = True

    QTimer.singleShot(6000, lambda: (stage(window), QTimer.singleShot(2500, grab)))
    # app.quit() stops the loop before the sleep ends, once the picture is saved.
    with loop, contextlib.suppress(RuntimeError):
        loop.run_until_complete(asyncio.sleep(60))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png")
