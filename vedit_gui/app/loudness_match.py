"""Match Loudness: the selected sound clips brought to one loudness, as editors level a cut
before the mix (Premiere's "Match Loudness", Resolve's normalisation), measured off the GUI
thread.

Each clip's recording is measured over the frames it plays (ITU-R BS.1770 integrated
loudness, :mod:`vedit_gui.media.loudness`), and its level set to what brings it to the target.
The gain is held where the clip's loudest sample would pass −1 dBFS, and at the +12 dB a
clip's level goes to; a silent clip keeps its level.

Each clip is matched on its own, so selected clips that play at the same time on different
tracks (dialogue over B-roll sound) sum louder than the target. Where they do, the edit's mix
is measured after the match (:func:`measure_mix`, as the export mixes it) and the editor told
what it reads, rather than the target alone.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..media import AudioReader
from ..media.loudness import RATE, LoudnessMeter
from ..render.audio_mix import AudioMix, frame_to_sample
from ..timeline import MAX_GAIN_DB, MUTE_DB, Clip, FrameRange, Rate, Timeline, TrackKind

# Where a programme is going, and the loudness it is delivered at there: speech-led
# programmes online (YouTube, podcasts, streaming platforms' -14 to -16), and broadcast under
# EBU R128. The first is Match Loudness's default.
TARGETS = {"Online": -16.0, "Broadcast": -23.0}
TARGET_LUFS = TARGETS["Online"]
PEAK_CEILING_DB = -1.0
_PIECE = 60 * RATE  # samples read at a time


class LoudnessCancelled(Exception):
    """The job's cancel event was set."""


@dataclass(frozen=True)
class ClipLevel:
    """What a clip's recording measures over the frames it plays."""

    clip_id: str
    loudness: float | None  # LUFS; None: silent
    peak_db: float

    def gain_to(self, target: float = TARGET_LUFS) -> float | None:
        """The clip level (dB) that brings it to ``target``, held under the peak ceiling and
        the largest level; None for a silent clip."""
        if self.loudness is None:
            return None
        gain = min(target - self.loudness, PEAK_CEILING_DB - self.peak_db, MAX_GAIN_DB)
        return round(max(gain, MUTE_DB + 1.0), 1)

    def held(self, target: float = TARGET_LUFS) -> bool:
        """Whether the peak ceiling or the largest level keeps the clip under ``target``."""
        gain = self.gain_to(target)
        return gain is not None and self.loudness is not None and gain < target - self.loudness - 0.05


def measure_clips(
    clips: Sequence[Clip], rate: Rate, progress: Callable[[float], None], cancel: threading.Event
) -> list[ClipLevel]:
    """Each clip's loudness and peak over the source samples it plays (at the edit's rate).
    One reader per file: the clips of a long take split many times share its probe."""
    levels = []
    readers: dict[str, AudioReader] = {}
    with contextlib.ExitStack() as open_readers:
        for n, clip in enumerate(clips):
            reader = readers.get(clip.media.path)
            if reader is None:
                reader = readers[clip.media.path] = open_readers.enter_context(AudioReader(clip.media.path, RATE, 2))
            start = frame_to_sample(clip.source_range.start, rate, RATE)
            end = frame_to_sample(clip.source_range.end_exclusive, rate, RATE)
            meter = LoudnessMeter()
            for at in range(start, end, _PIECE):
                if cancel.is_set():
                    raise LoudnessCancelled()
                meter.push(reader.read(at, min(_PIECE, end - at)))
                progress((n + (at + _PIECE - start) / max(1, end - start)) / len(clips))
            levels.append(ClipLevel(clip.id, meter.loudness(), meter.peak_db()))
    return levels


def _merged(ranges: list[FrameRange]) -> list[FrameRange]:
    """``ranges`` joined where they overlap or meet, in order."""
    merged: list[FrameRange] = []
    for rng in sorted(ranges, key=lambda r: r.start):
        if merged and rng.start <= merged[-1].end_exclusive:
            last = merged[-1]
            merged[-1] = FrameRange(last.start, max(last.end_exclusive, rng.end_exclusive) - last.start)
        else:
            merged.append(rng)
    return merged


def _played(timeline: Timeline, clip_ids: Sequence[str]) -> dict[int, list[FrameRange]]:
    """Where the clips ``clip_ids`` play, per sound track that is heard."""
    wanted = set(clip_ids)
    played: dict[int, list[FrameRange]] = {}
    for index, track in enumerate(timeline.tracks):
        if track.kind is TrackKind.AUDIO and track.enabled:
            for _, item, rng in track.ranges():
                if item.id in wanted and rng.duration:
                    played.setdefault(index, []).append(rng)
    return played


def played_together(timeline: Timeline, clip_ids: Sequence[str]) -> list[FrameRange]:
    """The edit's frames where two or more of the clips ``clip_ids`` play at once (on
    different sound tracks that are heard), in order: where matching each on its own leaves
    the mix louder than the target."""
    # A sweep over each track's runs: where two or more are open at once. Ends sort first.
    edges = sorted((frame, step) for ranges in _played(timeline, clip_ids).values() for rng in _merged(ranges)
                   for frame, step in ((rng.start, 1), (rng.end_exclusive, -1)))
    together, open_runs, since = [], 0, 0
    for frame, step in edges:
        if open_runs >= 2 and frame > since:
            together.append(FrameRange(since, frame - since))
        open_runs += step
        since = frame
    return _merged(together)


@dataclass(frozen=True)
class MixLevel:
    """What the edit's mix measures (LUFS; None: silent) over the frames the matched clips
    play, and over the frames where two or more of them play at once."""

    loudness: float | None
    together: float | None


def measure_mix(
    timeline: Timeline, clip_ids: Sequence[str], progress: Callable[[float], None], cancel: threading.Event
) -> MixLevel:
    """The integrated loudness of ``timeline``'s mix (every sound track heard, at the clips'
    levels, as the export mixes it) over where the clips ``clip_ids`` play, and over where
    they play together (:func:`played_together`): one read of the mix feeds both."""
    span = _merged([rng for ranges in _played(timeline, clip_ids).values() for rng in ranges])
    together = [(frame_to_sample(r.start, timeline.rate, RATE), frame_to_sample(r.end_exclusive, timeline.rate, RATE))
                for r in played_together(timeline, clip_ids)]
    total = sum(r.duration for r in span) or 1
    done = 0
    over_all, over_together = LoudnessMeter(), LoudnessMeter()
    with AudioMix(timeline, RATE, 2) as mix:
        for rng in span:
            start = frame_to_sample(rng.start, timeline.rate, RATE)
            end = frame_to_sample(rng.end_exclusive, timeline.rate, RATE)
            for at in range(start, end, _PIECE):
                if cancel.is_set():
                    raise LoudnessCancelled()
                count = min(_PIECE, end - at)
                samples = mix.read(at, count)
                over_all.push(samples)
                for a, b in together:
                    lo, hi = max(a, at), min(b, at + count)
                    if lo < hi:
                        over_together.push(samples[:, lo - at : hi - at])
                progress(min(1.0, (done + (at + count - start) * rng.duration / max(1, end - start)) / total))
            done += rng.duration
    return MixLevel(over_all.loudness(), over_together.loudness())


__all__ = [
    "PEAK_CEILING_DB", "TARGETS", "TARGET_LUFS", "ClipLevel", "LoudnessCancelled", "MixLevel", "measure_clips",
    "measure_mix", "played_together",
]
