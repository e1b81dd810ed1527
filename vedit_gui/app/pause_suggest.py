"""Pause-removal suggestions for the open edit: the background work that measures each
source's sound (:mod:`vedit_gui.analysis.pauses`) and hands suggestions back.

Every source of the edit with sound is measured whole, as cut detection reads a source whole:
a suggestion lives on the source, so it still stands when a trim later brings its frames into
the edit. Results join the document on the GUI thread, source by source, through
:class:`JoinPauses` (applied to every undo state: suggesting is no undo step).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..analysis.pauses import MIN_PAUSE_S, PauseScan, scan_source
from ..timeline import REMOVE_PAUSE, MediaReference, Suggestion, Timeline
from ..timeline.edits import SuggestionIndex


@dataclass(frozen=True)
class SourcePauses:
    """What one source's sound measured, and the suggestions made of it."""

    source: MediaReference
    scan: PauseScan | None  # None: the source has no sound
    suggestions: tuple[Suggestion, ...]


@dataclass(frozen=True)
class JoinPauses:
    """One run's pauses of one source joining a timeline: the run's set of pauses, keeping
    what the editor already has for each. A pause decided, or pending from before (with the
    breath the editor may have set), stays as it is; a pending one the run no longer finds
    (asked again for longer pauses only) goes; a pause new to the run joins."""

    source: str
    suggestions: tuple[Suggestion, ...]

    @property
    def description(self) -> str:
        return "Suggest Pause Removal"

    def apply(self, timeline: Timeline) -> Timeline:
        # Indexed look-ups: it runs on every undo state, and an hour's talk has a thousand pauses.
        new = list(self.suggestions)
        new_index = SuggestionIndex(new)

        def found_again(old: Suggestion) -> bool:
            return any(old.same_proposal(new[i]) for i in new_index.candidates(old))

        kept = tuple(s for s in timeline.suggestions
                     if s.kind != REMOVE_PAUSE or s.source != self.source or s.is_decided or found_again(s))
        ours = [s for s in kept if s.kind == REMOVE_PAUSE and s.source == self.source]
        ours_index = SuggestionIndex(ours)
        joining = tuple(s for s in new if not any(ours[i].same_proposal(s) for i in ours_index.candidates(s)))
        return replace(timeline, suggestions=kept + joining)


def sources_with_sound(timeline: Timeline, sources: Sequence[str] | None = None) -> list[MediaReference]:
    """The edit's sources that have sound (of ``sources`` only, where given)."""
    return [m for m in timeline.media() if m.has_audio and (sources is None or m.path in sources)]


def suggest_pause_removal(
    sources: Sequence[MediaReference],
    deliver: Callable[[JoinPauses], None],
    progress: Callable[[float], None],
    cancel: threading.Event,
    min_pause_s: float = MIN_PAUSE_S,
) -> list[SourcePauses]:
    """The pauses of at least ``min_pause_s`` in each source, delivered source by source as a
    :class:`JoinPauses` (a file that fails part way keeps what earlier sources gave); returns
    what each source measured."""
    results = []
    for n, media in enumerate(sources):
        scan = scan_source(media.path, lambda f, n=n: progress((n + f) / len(sources)), cancel, min_pause_s)
        found = scan.suggestions(media.path, media.rate, media.duration)  # none without sound
        deliver(JoinPauses(media.path, found))
        results.append(SourcePauses(media, scan if scan.levels_measured else None, found))
    progress(1.0)
    return results


__all__ = ["JoinPauses", "SourcePauses", "sources_with_sound", "suggest_pause_removal"]
