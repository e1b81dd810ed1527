"""The undo history: one user action, one undo step.

Edits inside ``with history.transaction("Accept Cut"):`` become a single step; an exception
inside the block rolls the timeline back to where the block began and re-raises. Edits given
the same ``merge`` key one after another join one step, as typing does in a text field: a
slider stepped key by key (arrows, PageUp / PageDown, a held key) is one gesture, until the
editor pauses (more than :data:`MERGE_PAUSE_S` between two of them), as text editors group
typing. The history reads the time from its ``clock`` (``time.monotonic``; tests give it
their own), nothing else.
Listeners are plain callables ``(old, new)``; the Qt session in ``app/`` forwards them as
signals, so this module stays free of Qt.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from .edits import Edit
from .model import Timeline

Listener = Callable[[Timeline, Timeline], None]

MERGE_PAUSE_S = 1.5
"""A run of edits with one merge key ends where more than this passes between two of them:
presses minutes apart on one slider are separate steps (a held key repeats every ~30 ms,
deliberate presses come a few tenths of a second apart)."""


@dataclass(frozen=True)
class Step:
    description: str
    before: Timeline
    after: Timeline
    merge: Hashable | None = None
    at: float = 0.0  # the clock's reading at its latest edit (a merged run's last)


# How many amend_all results mark_saved can follow (one per batch of analysis results).
_AMEND_MEMORY = 256
# How many save snapshots (end_run) amend_all follows: saves in flight at once.
_SNAPSHOT_MEMORY = 4


class History:
    def __init__(self, timeline: Timeline, limit: int = 1000, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock  # seconds, for when a run of merged edits ends; tests may swap it
        self._current = timeline
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._limit = limit
        self._listeners: list[Listener] = []
        self._open: list[tuple[str, Timeline]] = []  # open transactions, outermost first
        self._saved: Timeline | None = timeline
        # What amend_all turned each recent current timeline into (old kept alive so its id
        # stays unique): a save's snapshot amended while it was written is still what it wrote.
        self._amended: dict[int, tuple[Timeline, Timeline]] = {}
        # The timelines end_run saw, as amend_all has made them since: a save's snapshot is
        # one, and the user may edit while it is written, so it need not be current.
        self._snapshots: list[Timeline] = []
        self._revision = 0

    @property
    def timeline(self) -> Timeline:
        return self._current

    @property
    def revision(self) -> int:
        """A count that moves with every change of the editor's (an edit, an undo, a redo, a
        project opened), never with :meth:`amend_all`: a job that began at one revision
        finds it unchanged when the editor did nothing meanwhile, whatever Redo holds or
        analysis results arrived."""
        return self._revision

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def _set(self, timeline: Timeline, *, amending: bool = False) -> None:
        if not amending:
            self._revision += 1
        old, self._current = self._current, timeline
        if old is not timeline:
            for listener in list(self._listeners):
                listener(old, timeline)

    def apply(self, edit: Edit, merge: Hashable | None = None) -> Timeline:
        """Apply an edit as its own undo step (or as part of the open transaction). With a
        ``merge`` key, it joins the last step when that step has the same key, is what is
        shown, was not saved (undo must still reach what is on disk), nothing waits to be
        redone and its latest edit was at most :data:`MERGE_PAUSE_S` ago."""
        before = self._current
        after = edit.apply(before).without_idle_transitions()
        self._set(after)
        if self._open:
            return after
        now = self.clock()
        last = self._undo[-1] if self._undo else None
        if (merge is not None and last is not None and last.merge == merge and last.after is before
                and before is not self._saved and not self._redo and now - last.at <= MERGE_PAUSE_S):
            self._undo[-1] = replace(last, after=after, at=now)
        else:
            self._push(Step(edit.description, before, after, merge, now))
        return after

    def apply_if_changed(self, edit: Edit, description: str) -> bool:
        """Apply an edit as one step named ``description``, unless the result equals what is
        shown: then no step and nothing unsaved (a cut accepted again). The edit runs once;
        on 1,500 cuts running it to compare and again to apply doubled Accept All's wait."""
        before = self._current
        after = edit.apply(before).without_idle_transitions()
        if after == before:
            return False
        self._set(after)
        if not self._open:
            self._push(Step(description, before, after, None, self.clock()))
        return True

    @contextmanager
    def transaction(self, description: str) -> Iterator[None]:
        self._open.append((description, self._current))
        try:
            yield
        except BaseException:
            _, before = self._open.pop()
            self._set(before)
            raise
        _, before = self._open.pop()
        if not self._open and self._current is not before:
            self._push(Step(description, before, self._current))

    def _push(self, step: Step) -> None:
        self._undo.append(step)
        del self._undo[: -self._limit]
        self._redo.clear()

    def amend_all(self, edit: Edit) -> None:
        """Apply an edit that is not the user's (analysis results arriving) to the current
        timeline and to every state the history holds, so no undo or redo takes it away.
        It does not make the document unsaved: nothing of the user's would be lost, and the
        results come back (from the analysis cache) when the file is opened again."""
        done: dict[int, Timeline] = {}

        def amended(timeline: Timeline) -> Timeline:
            if id(timeline) not in done:
                done[id(timeline)] = edit.apply(timeline)
            return done[id(timeline)]

        self._undo = [replace(s, before=amended(s.before), after=amended(s.after)) for s in self._undo]
        self._redo = [replace(s, before=amended(s.before), after=amended(s.after)) for s in self._redo]
        self._open = [(description, amended(start)) for description, start in self._open]
        if self._saved is not None:
            self._saved = amended(self._saved)
        for index, snapshot in enumerate(self._snapshots):
            self._snapshots[index] = amended(snapshot)
            self._amended[id(snapshot)] = (snapshot, self._snapshots[index])
        before = self._current
        self._set(amended(before), amending=True)
        self._amended[id(before)] = (before, self._current)
        while len(self._amended) > _AMEND_MEMORY:
            del self._amended[next(iter(self._amended))]

    def reset(self, timeline: Timeline) -> None:
        """Start over with a timeline and no history (a newly opened project). Transitions that
        cannot play go, as after an edit: a file from an older version may keep them."""
        timeline = timeline.without_idle_transitions()
        self._undo.clear()
        self._redo.clear()
        self._amended.clear()
        self._snapshots.clear()
        self._saved = timeline
        self._set(timeline)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo) and not self._open

    @property
    def can_redo(self) -> bool:
        return bool(self._redo) and not self._open

    @property
    def undo_description(self) -> str | None:
        return self._undo[-1].description if self._undo else None

    @property
    def redo_description(self) -> str | None:
        return self._redo[-1].description if self._redo else None

    def undo(self) -> bool:
        if not self.can_undo:
            return False
        step = self._undo.pop()
        self._redo.append(step)
        self._set(step.before)
        return True

    def redo(self) -> bool:
        """Redo the last undone step; the next edit starts a step of its own, as after an
        undo text editors start a new group of typing."""
        if not self.can_redo:
            return False
        step = self._redo.pop()
        self._undo.append(replace(step, merge=None))
        self._set(step.after)
        return True

    def end_run(self) -> None:
        """Close the latest step to merging: the next edit is a step of its own. A save calls
        it when it takes its snapshot, so a key press made while the file is written cannot
        join the step that reaches what is on disk. The timeline it sees is followed through
        :meth:`amend_all`, for :meth:`mark_saved`: analysis results that arrive while the
        snapshot is written, after more edits, still leave it what is on disk."""
        if self._undo:
            self._undo[-1] = replace(self._undo[-1], merge=None)
        self._snapshots = [*self._snapshots[-(_SNAPSHOT_MEMORY - 1):], self._current]

    def mark_saved(self, timeline: Timeline | None = None) -> None:
        """Remember what is on disk: the current timeline, or the snapshot a save wrote
        (edits made while a background save ran then still count as unsaved)."""
        if timeline is not None:
            # Analysis results that arrived while the snapshot was being written do not make
            # the document unsaved (see amend_all): follow the snapshot to what it became.
            while id(timeline) in self._amended and self._amended[id(timeline)][0] is timeline:
                timeline = self._amended[id(timeline)][1]
            self._snapshots = [snapshot for snapshot in self._snapshots if snapshot is not timeline]
        self._saved = self._current if timeline is None else timeline

    @property
    def saved(self) -> Timeline | None:
        """What is on disk, as :meth:`mark_saved` last recorded it: for a caller that counts
        some changes as nothing to save (an untitled edit's in and out marks)."""
        return self._saved

    @property
    def is_dirty(self) -> bool:
        return self._current is not self._saved
