"""Where a file's picture or sound is damaged, as decoding finds it.

A file damaged in the middle (a bad sector, a flipped block in a copy) still plays: players
conceal what cannot be decoded, and so does vedit. A picture that cannot be decoded shows the
last good one before it; sound that cannot be decoded is silence. That is said, though, with
the file and the place: each reader records the stretches it met in a :class:`DamageLog`
(a render's own, and always :data:`KNOWN`, the process's).
A picture stretch runs from the first picture lost to the next keyframe after the last one:
the pictures between were decoded from a damaged one and may show blocks.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from ..timeline import frame_to_timecode
from .errors import MediaError
from .index import VideoIndex
from .probe import AUDIO_ONLY_RATE, probe

PICTURE = "picture"
SOUND = "sound"
MERGE_GAP = Fraction(1)
"""Stretches less than this apart are said as one (a second: damage comes in bursts)."""


@dataclass(frozen=True)
class DamagedStretch:
    """Media seconds ``start`` to ``end`` (exclusive) of ``path``'s picture or sound."""

    path: Path
    kind: str
    start: Fraction
    end: Fraction


def _key(path: str | Path) -> tuple[str, int | None, int | None]:
    """A file version: a file replaced by a whole copy is not the damaged one."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        return (str(path), None, None)
    return (str(path), stat.st_size, stat.st_mtime_ns)


class DamageLog:
    """Damaged stretches met while decoding, per file and kind; safe to share between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._found: dict[tuple[tuple[str, int | None, int | None], str], list[tuple[Fraction, Fraction]]] = {}

    def add(self, path: str | Path, kind: str, start: Fraction, end: Fraction) -> None:
        """Record seconds ``start`` to ``end`` of ``path``'s ``kind`` as damaged (here and in
        :data:`KNOWN`)."""
        start, end = Fraction(start), max(Fraction(end), Fraction(start))
        key = (_key(path), kind)
        with self._lock:
            self._found.setdefault(key, []).append((start, end))
        if self is not KNOWN:
            KNOWN.add(path, kind, start, end)

    def stretches(self, path: str | Path | None = None) -> list[DamagedStretch]:
        """The damage found (of ``path`` only, where given), stretches near each other as one,
        by file, kind and time."""
        wanted = None if path is None else _key(path)
        with self._lock:
            found = {key: list(spans) for key, spans in self._found.items()}
        out: list[DamagedStretch] = []
        for (file_key, kind), spans in sorted(found.items()):
            if wanted is not None and file_key != wanted:
                continue
            merged: list[list[Fraction]] = []
            for start, end in sorted(spans):
                if merged and start <= merged[-1][1] + MERGE_GAP:
                    merged[-1][1] = max(merged[-1][1], end)
                else:
                    merged.append([start, end])
            out += [DamagedStretch(Path(file_key[0]), kind, start, end) for start, end in merged]
        return out

    def notes(self, paths: list[str] | None = None, kind: str | None = None) -> list[str]:
        """What the editor is told: one line per file and kind, naming the file and where
        (of ``paths`` only, and of ``kind`` only, where given)."""
        by_file: dict[tuple[Path, str], list[DamagedStretch]] = {}
        stretches = self.stretches() if paths is None else [s for p in dict.fromkeys(paths) for s in self.stretches(p)]
        for stretch in stretches:
            if kind is not None and stretch.kind != kind:
                continue
            by_file.setdefault((stretch.path, stretch.kind), []).append(stretch)
        return [damage_note(stretches) for stretches in by_file.values()]

    def note_at(self, path: str | Path, seconds: Fraction, kind: str = PICTURE) -> str | None:
        """The note for ``path``'s ``kind`` when media time ``seconds`` lies in a damaged
        stretch found so far, else None."""
        for stretch in self.stretches(path):
            if stretch.kind == kind and stretch.start <= seconds < stretch.end:
                return damage_note([stretch])
        return None


KNOWN = DamageLog()
"""All damage any reader of this process has met."""


def picture_lost(log: DamageLog, path: str | Path, index: VideoIndex, position: int) -> None:
    """Record that the picture at display position ``position`` of ``index`` could not be
    decoded: damaged from it to the next keyframe (those between were decoded from it)."""
    pts = index.pts
    at = int(pts[position])
    later = index.keyframe_pts[index.keyframe_pts > at]
    if later.size:
        end = int(later[0])
    else:
        end = int(pts[-1]) + (int(pts[-1] - pts[-2]) if pts.size > 1 else round(1 / (index.rate * index.time_base)))
    first = index.first_pts
    log.add(path, PICTURE, (at - first) * index.time_base, (end - first) * index.time_base)


def damage_note(stretches: list[DamagedStretch]) -> str:
    """One file's damaged picture or sound, in words: where (timecode, seconds, frames) and
    what the editor sees or hears there."""
    first = stretches[0]
    rate = _rate(first.path)
    places = []
    for stretch in stretches:
        first_frame = math.floor(stretch.start * rate)
        last_frame = max(first_frame, math.ceil(stretch.end * rate) - 1)
        places.append(f"from {frame_to_timecode(first_frame, rate)} to {frame_to_timecode(last_frame, rate)} "
                      f"({float(stretch.start):.2f} s to {float(stretch.end):.2f} s)")
    where = ", ".join(places[:-1]) + (" and " if len(places) > 1 else "") + places[-1]
    if first.kind == SOUND:
        what = "it plays as silence there"
    else:
        what = "pictures that cannot be decoded show the last good one, and others there may show blocks"
    return f"{first.path.name}: the {first.kind} is damaged {where}; {what}"


def _rate(path: Path) -> Fraction:
    try:
        info = probe(path)
    except MediaError:
        return AUDIO_ONLY_RATE
    return info.video.rate if info.video is not None else AUDIO_ONLY_RATE
