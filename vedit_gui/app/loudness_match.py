"""Match Loudness: the selected sound clips brought to one loudness, as editors level a cut
before the mix (Premiere's "Match Loudness", Resolve's normalisation), measured off the GUI
thread.

Each clip's recording is measured over the frames it plays (ITU-R BS.1770 integrated
loudness, :mod:`vedit_gui.media.loudness`), and its level set to what brings it to the target.
The gain is held where the clip's loudest sample would pass −1 dBFS, and at the +12 dB a
clip's level goes to; a silent clip keeps its level.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..media import AudioReader
from ..media.loudness import RATE, LoudnessMeter
from ..render.audio_mix import frame_to_sample
from ..timeline import MAX_GAIN_DB, MUTE_DB, Clip, Rate

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


__all__ = ["PEAK_CEILING_DB", "TARGETS", "TARGET_LUFS", "ClipLevel", "LoudnessCancelled", "measure_clips"]
