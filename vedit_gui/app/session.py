"""The open document: its timeline history, where it lives on disk, and signals for views.

Views never reach into the engine to change it: they call the session, which applies edits
through the undo history and re-emits every change as a Qt signal (napari's model/view
split: the model is plain Python, the Qt side listens). File work runs in the ``io``
worker thread; the GUI thread only awaits it.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Hashable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from ..analysis.score_curve import curve_from_suggestions
from ..media import media_reference, probe
from ..media.file_replace import file_version
from ..project import (
    PROJECT_SUFFIX,
    Autosaver,
    LoadedProject,
    ProjectError,
    Recovery,
    is_project,
    open_any,
    save_project,
)
from ..project.autosave import project_recoveries, untitled_recoveries
from ..project.file_names import with_extension
from ..project.in_use import Claim, other_holder
from ..project.marks import (
    MARKS,
    Marks,
    SetMarks,
    marks_description,
    marks_from,
    shown_marks,
    stored_marks,
    with_marks,
    without_marks,
)
from ..project.media_check import changed_media
from ..project.opening import EDIT_SUFFIXES
from ..render import cut_short_sources, picture_size
from ..timeline import (
    CUT,
    AddSuggestions,
    DecideSuggestions,
    Edit,
    EditError,
    History,
    InsertMedia,
    MediaReference,
    OverlayMedia,
    RelinkMedia,
    RippleDelete,
    Split,
    SuggestionStatus,
    Timeline,
    suggestion_title,
)
from .runtime import settle_heap, worker

EMPTY = Timeline(rate=Fraction(30000, 1001), name="Untitled")
AUTOSAVE_INTERVAL_MS = 2000
LONG_EDIT = 5000  # suggestions and track items: past this, opening settles the heap (settle_heap)


class Session(QObject):
    timeline_changed = Signal(object, object)  # old Timeline, new Timeline
    opened = Signal(str)  # path opened
    open_failed = Signal(str, str)  # path, message for the user
    saved = Signal(str)  # project path written
    save_failed = Signal(str, str)  # path, message
    edit_refused = Signal(str)  # why an edit could not apply (status bar)
    dirty_changed = Signal(bool)
    recovery_found = Signal(object)  # project.Recovery the user may restore
    score_curve_changed = Signal(str)  # source path whose cut-score curve arrived or grew
    media_added = Signal(list, list, int)  # paths put on the timeline, those new to it, the frame they start at
    relinked = Signal(list)  # the new paths of sources found again
    add_failed = Signal(str, str)  # path, message
    save_conflict = Signal(str)  # project path changed on disk since this window read or wrote it: not saved
    autosave_problem = Signal(str)  # why crash-recovery copies cannot be written; "" once they can again
    in_use_found = Signal(str, str)  # project path, who else has it open: not opened (open_path(anyway=True))

    def __init__(self, parent: QObject | None = None, *, autosave: bool = True) -> None:
        super().__init__(parent)
        self.history = History(EMPTY)
        self.history.subscribe(self._on_history_changed)
        self.project_path: Path | None = None
        self.source_path: Path | None = None
        self.ui_state: dict[str, Any] = {}
        self.open_note = ""  # what to tell the editor of the document just opened (a source's rate conformed, a sequence chosen)
        # Which document is open: work begun for one (a save, a probe, an analysis) that ends
        # after another has opened must not land on it.
        self.document = 0
        self._autosave_error = ""
        self._on_disk: tuple[int, int, int] | None = None  # the project file as this window last read or wrote it
        # Sources the open document's clips use that were not found when it opened, or whose
        # file no longer holds the frames the clips use: File ▸ Relink Missing Media offers them.
        self.missing_media: list[str] = []
        # Per source: the cut model's per-frame scores. Not part of the project file: the
        # analysis re-derives them from its cache when the document opens.
        self._score_curves: dict[str, np.ndarray] = {}
        self._pieced_curves: dict[str, tuple[tuple, np.ndarray | None]] = {}
        self._carried: tuple[tuple, dict[str, tuple]] = ((), {})
        self._io = worker("io")
        # Whether the files still hold what the edit uses: each is scanned whole, so on a
        # thread of its own, after the edit has opened (saves and opens do not wait for it).
        self._checks = worker("media-check")
        # The export dialog's look at the sources: its own thread, so a save never waits behind
        # it (each source not probed lately is scanned whole), nor it behind the open's check.
        self._export_checks = worker("export-check")
        self._check_cancel = threading.Event()
        self._checking: asyncio.Task[None] | None = None
        self._opening: asyncio.Task[None] | None = None
        self._was_dirty = False
        # Accepting a gradual transition keeps it as a dissolve on the timeline (the editor's
        # choice in the suggestions panel); off, it becomes a plain cut at its middle.
        self.keep_dissolves = True
        self._autosaver: Autosaver | None = None
        # Crashed sessions' recoveries of the open document still to offer, newest first (two
        # windows on one project that both crashed leave two), and those restored into this
        # one: theirs to remove once this session has saved or closed.
        self._recoveries: list[Recovery] = []
        self.recovery_place = (0, 0)  # the offered recovery's place among those found: (1, 2) the first of two
        self._restored: list[Recovery] = []
        self._claim = Claim()  # on the project open here, for another vedit to see (moved on the io thread)
        self._autosave_timer: QTimer | None = None
        if autosave:
            self._autosave_timer = QTimer(self)
            self._autosave_timer.setInterval(AUTOSAVE_INTERVAL_MS)
            self._autosave_timer.timeout.connect(self._on_autosave_timer)
            self._autosave_timer.start()

    # --- state ---------------------------------------------------------------------------

    @property
    def timeline(self) -> Timeline:
        return self.history.timeline

    @property
    def is_dirty(self) -> bool:
        """Unsaved: the edit, with its in and out marks where it is a project (kept in its
        file, so moving them is a change a quit asks about, as in other editors); an untitled
        edit whose marks alone moved has nothing to ask about."""
        if not self.history.is_dirty:
            return False
        saved = self.history.saved
        return self.project_path is not None or saved is None or without_marks(self.timeline) != without_marks(saved)

    @property
    def marks(self) -> Marks:
        """The in and out marks as the editor sees them (see :func:`.marks.shown_marks`)."""
        return shown_marks(self.timeline)

    def set_marks(self, in_point: int | None, out_point: int | None) -> bool:
        """Set the in and out marks as one undo step (as in Premiere and Resolve), kept in the
        timeline so undo, redo, saving and recovery follow them. Marks the timeline already
        shows (the window catching up after an undo, or after an edit shortened the timeline
        past one) make no step."""
        shown = self.marks
        wanted = shown_marks(with_marks(self.timeline, (in_point, out_point)))  # none off the timeline (an empty window's)
        if wanted == shown:
            return False
        return self.apply(SetMarks(*wanted, marks_description(shown, wanted)))

    @property
    def title(self) -> str:
        path = self.project_path or self.source_path
        return path.name if path else "Untitled"

    def _on_history_changed(self, old: Timeline, new: Timeline) -> None:
        self.timeline_changed.emit(old, new)
        self._emit_dirty()

    def _emit_dirty(self) -> None:
        if self.is_dirty != self._was_dirty:
            self._was_dirty = self.is_dirty
            self.dirty_changed.emit(self.is_dirty)

    # --- editing -------------------------------------------------------------------------

    def apply(self, edit: Edit, merge: Hashable | None = None) -> bool:
        """Apply one edit as one undo step (joining the last with the same ``merge`` key: see
        :class:`History`); a refused edit is reported, never raised."""
        try:
            self.history.apply(edit, merge)
        except EditError as error:
            self.edit_refused.emit(str(error))
            return False
        return True

    def split_at(self, frame: int) -> bool:
        return self.apply(Split(frame))

    def ripple_delete(self, item_ids: list[str]) -> bool:
        return self.apply(RippleDelete(tuple(item_ids)))

    def add_suggestions(self, suggestions: tuple, document: int | None = None) -> None:
        """Analysis results join the document (and every undo state): not an undo step.
        ``document``: the one the analysis ran for (:attr:`document` when it started)."""
        if suggestions:
            self.amend_all(AddSuggestions(tuple(suggestions)), document)

    def amend_all(self, edit: Edit, document: int | None) -> bool:
        """``edit`` made in every undo state (analysis results joining), unless another
        document has opened since ``document`` (the one the work was for) did."""
        if document is not None and document != self.document:
            return False
        self.history.amend_all(edit)
        return True

    def set_score_curve(self, source: str, scores: np.ndarray) -> None:
        """The analysis' score curve for ``source`` so far (it grows while analysis runs)."""
        self._score_curves[source] = scores
        self.score_curve_changed.emit(source)

    def score_curve(self, source: str) -> np.ndarray | None:
        """The cut model's per-frame score over ``source`` (float32, 0..1): the analysed curve,
        or, where the analysis kept none (an old cache entry), the stretches the suggestions
        carry with NaN between them; None when neither is known."""
        scores = self._score_curves.get(source)
        if scores is not None:
            return scores
        # Pieced again only when the stretches its cut suggestions carry change (not when one
        # is decided: a film's 1,500 cuts accepted would piece every source's curve again).
        carried = self._carried_curves().get(source, ())
        cached = self._pieced_curves.get(source)
        if cached is not None and cached[0] == carried:
            return cached[1]
        frames = next((m.duration for m in self.timeline.media() if m.path == source), 0)
        pieced = curve_from_suggestions(self.timeline.suggestions, source, frames)
        self._pieced_curves[source] = (carried, pieced)
        return pieced

    def _carried_curves(self) -> dict[str, tuple]:
        """By source, what of its cut suggestions pieces its curve (each one's start and its
        ``params``, which deciding it keeps): worked out once per set of suggestions."""
        suggestions = self.timeline.suggestions
        if self._carried[0] is not suggestions:
            carried: dict[str, list] = {}
            for s in suggestions:
                if s.kind == CUT and "curve" in s.params:
                    carried.setdefault(s.source, []).append((s.source_range.start, s.params))
            self._carried = (suggestions, {source: tuple(found) for source, found in carried.items()})
        return self._carried[1]

    def decide(self, suggestion_ids: list[str], status: SuggestionStatus) -> bool:
        """Accept or reject suggestions as one undo step. An accepted cut splits the timeline
        wherever its source frame appears (a gradual transition at its middle, kept as a
        dissolve while :attr:`keep_dissolves` is on)."""
        suggestions = [s for s in map(self.timeline.suggestion, suggestion_ids) if s is not None]
        if not suggestions:
            return False
        edit = DecideSuggestions(tuple(s.id for s in suggestions), status, dissolves=self.keep_dissolves)
        verb = "Accept" if status is SuggestionStatus.ACCEPTED else "Reject"
        noun = suggestion_title(suggestions[0]) if len(suggestions) == 1 else f"{len(suggestions)} Suggestions"
        # Decided so already, and applied wherever their source plays: nothing to do, so no
        # undo step and nothing unsaved. (An accepted cut accepted again still splits a copy
        # of its source added since.)
        return self.history.apply_if_changed(edit, f"{verb} {noun}")

    def undo(self) -> bool:
        return self.history.undo()

    def redo(self) -> bool:
        return self.history.redo()

    async def export_checks(self, timeline: Timeline) -> tuple[tuple[int, int] | None, list[str]]:
        """(the picture size a render of ``timeline`` writes, what to say about sources cut
        short), for the export dialog, off the GUI thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._export_checks,
                                          lambda: (picture_size(timeline), cut_short_sources(timeline)))

    # --- opening -------------------------------------------------------------------------

    def open_path(self, path: str | Path, *, anyway: bool = False) -> asyncio.Task[None]:
        """Open a source or project in the background; a newer request cancels an older one.
        A project another vedit has open is not opened (``in_use_found`` says who), unless
        ``anyway``: the editor was asked."""
        if self._opening is not None and not self._opening.done():
            self._opening.cancel()
        # Absolute: the default export and project names sit beside it, wherever vedit runs.
        self._opening = asyncio.ensure_future(self._open(Path(os.path.abspath(path)), anyway))
        return self._opening

    async def _open(self, path: Path, anyway: bool = False) -> None:
        loop = asyncio.get_running_loop()
        if is_project(path) and not anyway:
            holder = await loop.run_in_executor(self._io, other_holder, path)
            if holder is not None:
                self.in_use_found.emit(str(path), holder.describe())
                return
        try:
            # The file's version before it is read: one saved meanwhile reads as changed (safe).
            on_disk, loaded = await loop.run_in_executor(self._io, lambda: (file_version(path), open_any(path, check_media=False)))
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - every failure to open is reported, none is fatal
            self.open_failed.emit(str(path), str(error) or type(error).__name__)
            return
        self._set_document(
            _with_file_marks(loaded.timeline, loaded.extra),
            project_path=path if is_project(path) else None,
            source_path=None if is_project(path) else path,
        )
        # Opened anyway: the other vedit keeps its claim (ours would be removed as we close,
        # leaving it unguarded); a Save As to a new name claims that.
        self._io.submit(self._claim.move_to, None if anyway else self.project_path)
        self.ui_state = {key: value for key, value in loaded.extra.items() if key != "marks"}  # the timeline holds them
        self._on_disk = on_disk if is_project(path) else None
        # A file now shorter than the edit uses is relinked as a missing one is (Relink checks
        # the new file's length).
        self.missing_media = [*loaded.missing_media, *(c.path for c in loaded.changed_media)]
        self.open_note = loaded.note or ""
        self.opened.emit(str(path))
        problems = loaded.media_problems()
        if problems:
            self.open_failed.emit(str(path), problems)
        if path.suffix.lower() in (PROJECT_SUFFIX, *EDIT_SUFFIXES):  # a plain source was just scanned whole
            self._checking = asyncio.ensure_future(self._check_media(path, self.timeline, loaded.missing_media))
        document, own = self.document, self._autosaver.session if self._autosaver is not None else ""
        found = await loop.run_in_executor(self._io, self._recoveries_for, self.project_path, self.source_path, own)
        if document == self.document and found:
            self._recoveries = found
            self.recovery_place = (0, len(found))
            self._offer_recovery()

    def _offer_recovery(self) -> None:
        """Offer the next crashed session's recovery, once the one before is restored or
        discarded: the newest first, then each older one, so none is lost to another."""
        if self._recoveries:
            self.recovery_place = (self.recovery_place[0] + 1, self.recovery_place[1])
            self.recovery_found.emit(self._recoveries.pop(0))

    def add_media(self, paths: list[str | Path], frame: int | None = None, *, above: bool = False) -> asyncio.Task[None]:
        """Put whole sources on the timeline at ``frame`` (default: the end) as one undo step,
        probed off the GUI thread: inserted (later material moves right), or, ``above``, laid
        over the edit on new tracks (nothing moves). A file that cannot be read is reported and
        the others go in; into an empty window the first one opens as a new edit."""
        return asyncio.ensure_future(self._add_media([Path(p) for p in paths], frame, above))

    async def _add_media(self, paths: list[Path], frame: int | None, above: bool) -> None:
        while paths and not self.timeline.tracks:  # an empty window: the first that opens is the edit
            await self._open(paths.pop(0))
            frame = None
        loop = asyncio.get_running_loop()
        found: list[MediaReference] = []
        document = self.document
        for path in paths:
            try:
                media = await loop.run_in_executor(self._io, _footage, path, self.timeline.media(), self.timeline.rate)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - each unreadable file is reported, the rest go in
                self.add_failed.emit(str(path), str(error) or type(error).__name__)
                continue
            found.append(media)
        if not found or document != self.document:  # another edit opened meanwhile: not for it
            return
        before = {m.path for m in self.timeline.media()}
        at = self.timeline.duration if frame is None else min(frame, self.timeline.duration)
        edit = OverlayMedia(tuple(found), at) if above else InsertMedia(tuple(found), at)
        if self.apply(edit):
            paths_added = [media.path for media in found]
            self.media_added.emit(paths_added, [p for p in dict.fromkeys(paths_added) if p not in before], at)

    def relink(self, old_path: str, new_path: str | Path) -> asyncio.Task[None]:
        """Point ``old_path``'s clips at ``new_path`` (probed off the GUI thread), and any
        other missing source found under its own name in the same folder: one undo step."""
        return asyncio.ensure_future(self._relink(old_path, Path(new_path)))

    async def _relink(self, old_path: str, new_path: Path) -> None:
        loop = asyncio.get_running_loop()
        document = self.document
        try:
            grid = self.timeline.source_rate(old_path)  # a variable-rate file's frames stay where they were
            found = [(old_path, await loop.run_in_executor(self._io, _footage, new_path, (), grid))]
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - reported, the edit stays as it was
            self.add_failed.emit(str(new_path), str(error) or type(error).__name__)
            return
        for other in self.missing_media:
            beside = new_path.parent / Path(other).name
            # A changed source is still at its own path: that file is the one that no longer fits.
            if other == old_path or beside == Path(other) or not await loop.run_in_executor(self._io, beside.is_file):
                continue
            try:
                media = await loop.run_in_executor(self._io, _footage, beside, (), self.timeline.source_rate(other))
                RelinkMedia(((other, media),)).apply(self.timeline)  # one that does not fit stays missing
            except Exception:  # noqa: BLE001 - a file of that name that is not it: left missing
                continue
            found.append((other, media))
        if document == self.document and self.apply(RelinkMedia(tuple(found))):
            self.missing_media = [m for m in self.missing_media if m not in dict(found)]
            self.relinked.emit([media.path for _, media in found])

    async def _check_media(self, path: Path, timeline: Timeline, missing: list[str]) -> None:
        """Report the sources whose file no longer holds the frames the edit uses, as opening
        reports missing ones, and offer them to Relink; given up when another document opens."""
        cancel = self._check_cancel
        loop = asyncio.get_running_loop()
        try:
            found = await loop.run_in_executor(self._checks, changed_media, timeline, missing, cancel)
        except RuntimeError:  # the session closed under it
            return
        if cancel.is_set() or not found:
            return
        self.missing_media += [c.path for c in found if c.path not in self.missing_media]
        self.open_failed.emit(str(path), LoadedProject(timeline, {}, path, changed_media=found).media_problems())

    def _set_document(self, timeline: Timeline, *, project_path: Path | None, source_path: Path | None) -> None:
        self.document += 1
        self._check_cancel.set()  # a check of the document before is of no use now
        self._check_cancel = threading.Event()
        if self._autosaver is not None:
            self._autosaver.discard()
            self._autosaver.close()
        self._recoveries = []
        self._drop_restored()
        self.project_path = project_path
        self.source_path = source_path
        self._score_curves.clear()
        self._pieced_curves.clear()
        self.history.reset(timeline)  # the window's views are built on it meanwhile
        settle_heap(len(timeline.suggestions) + sum(len(track.items) for track in timeline.tracks) >= LONG_EDIT)
        self._autosaver = Autosaver(
            self.history,
            project_path,
            min_interval_s=AUTOSAVE_INTERVAL_MS / 1000,
            extra=lambda: dict(self.ui_state),
            write_on_change=False,
        )
        self._emit_dirty()

    @staticmethod
    def _recoveries_for(project_path: Path | None, source_path: Path | None, own: str) -> list[Recovery]:
        """The crashed sessions' recoveries of this project, newest first (never this
        session's, ``own``); for an untitled edit, the newest made from this source (an unsaved
        edit of another file is not offered over this one, and waits for it)."""
        if project_path is not None:
            return project_recoveries(project_path, exclude_session=own)
        if source_path is None:
            return []
        for recovery in untitled_recoveries():
            try:
                media = {Path(m.path).resolve() for m in recovery.load().timeline.media()}
            except Exception:  # noqa: BLE001 - an unreadable recovery is simply not offered
                continue
            if source_path.resolve() in media:
                return [recovery]
        return []

    async def restore(self, recovery: Recovery) -> bool:
        """Put a recovered timeline in place as one undoable step (the saved file stays as it was),
        with its in and out marks and the UI state it was kept with."""
        loop = asyncio.get_running_loop()
        document = self.document
        try:
            loaded = await loop.run_in_executor(self._io, recovery.load)
        except Exception as error:  # noqa: BLE001 - a bad recovery file is reported, not fatal
            self.open_failed.emit(str(recovery.path), str(error))
            self._offer_recovery()
            return False
        if document != self.document:  # another edit opened meanwhile: the recovery was not of it
            return False
        with self.history.transaction("Restore Recovered Edits"):
            self.history.apply(_Replace(_with_file_marks(loaded.timeline, loaded.extra)))
        self.ui_state.update((key, value) for key, value in loaded.extra.items() if key != "marks")
        # Its file stays until this session covers it (a save, or its own recovery on close).
        self._restored.append(recovery)
        loop.call_soon(self._offer_recovery)  # after the window has taken this one's marks
        return True

    def discard_recovery(self, recovery: Recovery) -> None:
        """The editor declined ``recovery``: its file goes, and the next one is offered."""
        recovery.discard()
        self._offer_recovery()

    def _drop_restored(self) -> None:
        """Remove the recovery files restored into this session: what they held is now saved,
        covered by this session's own recovery, or given up by the editor."""
        for recovery in self._restored:
            recovery.discard()
        self._restored = []

    # --- saving --------------------------------------------------------------------------

    def save(self, path: str | Path | None = None, *, replace_changed: bool = False) -> asyncio.Task[bool]:
        """Save to ``path`` (Save As) or to the current project path; runs in the io thread.
        A project file changed on disk since this window read or wrote it (another vedit saved
        it) is not written over unless ``replace_changed``: ``save_conflict`` says so."""
        target = Path(path) if path is not None else self.project_path
        if target is None:
            raise ValueError("an untitled project needs a path (Save As)")
        target = with_extension(target, PROJECT_SUFFIX)
        return asyncio.ensure_future(self._save(target, replace_changed))

    async def _save(self, target: Path, replace_changed: bool = False) -> bool:
        loop = asyncio.get_running_loop()
        document = self.document
        snapshot = self.history.timeline
        self.history.end_run()  # a key press while it is written must not merge past it
        extra = {**self.ui_state, "marks": list(stored_marks(snapshot))}  # where the file keeps them
        ours = self._on_disk if target == self.project_path else None

        def write() -> tuple[int, int, int] | None:
            if ours is not None and not replace_changed and file_version(target) not in (ours, None):
                raise _ChangedOnDisk
            if target != self.project_path and (holder := other_holder(target)) is not None:
                raise ProjectError(f"{target.name} is open in another vedit ({holder.describe()}): saving over "
                                   "it would replace the edit open there. Choose another name.")
            save_project(without_marks(snapshot), target, extra=extra)
            return file_version(target)

        try:
            written = await loop.run_in_executor(self._io, write)
        except _ChangedOnDisk:
            self.save_conflict.emit(str(target))
            return False
        except Exception as error:  # noqa: BLE001 - a failed save is reported; the old file is intact
            self.save_failed.emit(str(target), str(error) or type(error).__name__)
            return False
        if document != self.document:
            # Another file opened while this was written (they share the io thread): the edit
            # before is saved, and nothing of it (its path, its saved state) is this one's.
            return True
        old_project = self.project_path
        self.project_path = target
        self._on_disk = written
        if old_project != target:
            self._io.submit(self._claim.move_to, target)
        self.history.mark_saved(snapshot)
        if self._autosaver is not None:
            if old_project != target:
                self._autosaver.set_project_path(target)
            self._autosaver.saved(self.is_dirty)  # edits made while it was written stay covered
        self._drop_restored()  # older than the project now: never offered again
        self._emit_dirty()
        self.saved.emit(str(target))
        return True

    # --- autosave ------------------------------------------------------------------------

    def _on_autosave_timer(self) -> None:
        if self._autosaver is not None and self.is_dirty:
            self._io.submit(self._autosave, self._autosaver)

    def _autosave(self, saver: Autosaver) -> None:
        """(On the io thread.) Write the recovery copy; say when writing it starts or stops
        failing: an editor who cannot be covered after a crash must know to save."""
        saver.poll()
        error = str(saver.last_error) if saver.last_error is not None else ""
        if error != self._autosave_error:
            self._autosave_error = error
            self.autosave_problem.emit(error)  # queued to the GUI thread

    def flush_autosave(self) -> None:
        if self._autosaver is not None:
            self._autosaver.flush()

    def close(self, *, keep_recovery: bool = False) -> None:
        """End the session: a clean close removes the recovery file, a crash never gets here."""
        if self._opening is not None:
            self._opening.cancel()
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        if self._autosaver is not None:
            if not keep_recovery:
                self._autosaver.discard()
                self._drop_restored()
            self._autosaver.close()
            self._autosaver = None
        self._check_cancel.set()
        self._claim.release(final=True)
        self._checks.shutdown(wait=False, cancel_futures=True)
        self._export_checks.shutdown(wait=False, cancel_futures=True)
        self._io.shutdown(wait=False, cancel_futures=True)


class _ChangedOnDisk(Exception):
    """The project file is not the one this window last read or wrote."""


def _with_file_marks(timeline: Timeline, extra: dict[str, Any]) -> Timeline:
    """A timeline read from a file with the marks its editor state keeps (a project's; an old
    recovery's) put in it; one that holds its own (a recovery's, vedit's OpenTimelineIO) keeps them."""
    if "marks" not in extra or MARKS in timeline.metadata:
        return timeline
    return with_marks(timeline, marks_from(extra["marks"]))


def _footage(path: Path, known: Sequence[MediaReference] = (), rate: Fraction | None = None) -> MediaReference:
    """``path`` read as a source to add, or an error that says why not (an edit opens
    instead). A file already on the timeline, however its path was written, is that source
    again (not probed twice): its suggestions and decisions apply to both uses. A new
    variable-rate file is counted on a grid at ``rate`` (the edit's), so its frames are the
    edit's, sampled once. On the I/O thread: resolving paths touches the file system."""
    if is_project(path) or path.suffix.lower() in (*EDIT_SUFFIXES, ".edl"):
        raise ProjectError(f"{path.name} is an edit, not footage: File ▸ Open opens it")
    target = path.resolve()
    same = next((m for m in known if Path(m.path).resolve() == target), None)
    return same or media_reference(probe(path, rate))


class _Replace:
    """An edit that swaps in a whole timeline (restoring recovered work)."""

    description = "Restore Recovered Edits"

    def __init__(self, timeline: Timeline) -> None:
        self._timeline = timeline

    def apply(self, timeline: Timeline) -> Timeline:
        return self._timeline
