"""Pause-removal suggestions for the open edit: the background work that measures each
source's sound (:mod:`vedit_gui.analysis.pauses`) and hands suggestions back.

Every source of the edit with sound is measured whole, as cut detection reads a source whole:
a suggestion lives on the source, so it still stands when a trim later brings its frames into
the edit. Results join the document on the GUI thread through
:meth:`.session.Session.add_suggestions`, whose merge never duplicates a pause nor overrides a
decision.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..analysis.pauses import PauseScan, scan_source
from ..timeline import MediaReference, Suggestion, Timeline

Deliver = Callable[[tuple[Suggestion, ...]], None]


@dataclass(frozen=True)
class SourcePauses:
    """What one source's sound measured, and the suggestions made of it."""

    source: MediaReference
    scan: PauseScan | None  # None: the source has no sound
    suggestions: tuple[Suggestion, ...]


def sources_with_sound(timeline: Timeline, sources: Sequence[str] | None = None) -> list[MediaReference]:
    """The edit's sources that have sound (of ``sources`` only, where given)."""
    return [m for m in timeline.media() if m.has_audio and (sources is None or m.path in sources)]


def suggest_pause_removal(
    sources: Sequence[MediaReference],
    deliver: Deliver,
    progress: Callable[[float], None],
    cancel: threading.Event,
) -> list[SourcePauses]:
    """Pause suggestions for each source, delivered source by source (a file that fails part
    way keeps what earlier sources gave); returns what each source measured."""
    results = []
    for n, media in enumerate(sources):
        scan = scan_source(media.path, lambda f, n=n: progress((n + f) / len(sources)), cancel)
        found = scan.suggestions(media.path, media.rate, media.duration) if scan.levels_measured else ()
        if found:
            deliver(found)
        results.append(SourcePauses(media, scan if scan.levels_measured else None, found))
    progress(1.0)
    return results


__all__ = ["SourcePauses", "sources_with_sound", "suggest_pause_removal"]
