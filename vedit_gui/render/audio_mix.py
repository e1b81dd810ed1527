"""The timeline's sound as output samples: audio follows the picture sample-accurately.

Timeline frame ``t`` covers output samples ``[round(t*sr/rate), round((t+1)*sr/rate))``.
Each audio track is planned into :class:`AudioSpan` runs (one per stretch of contiguous
source), each read from its source with ``media.AudioReader``. Where the sound jumps (a cut
to other material, a gap, the ends) the span fades in or out over ~5 ms so splices do not
click. Sound follows a dissolve in the picture: the audio clips linked to a dissolve's
incoming clip crossfade (constant power) with the clip before them over the dissolve's frames,
from the clips' handles, unless the two continue one source (a split), which plays as one span.
A crossfade on a sound track itself (a transition there) does the same over its own frames.
Each clip's level (``Clip.gain_db``) scales its samples; where a split's halves differ, the
level moves from one to the other over the same ~5 ms, or across the crossfade put on the
split (a crossfade of one recording with itself is a level ramp: the editor's way to duck
music under a voice). A clip's fade in or out
(``Clip.fades``) rises from or falls to silence (raised cosine) over its frames, unless a
crossfade plays at that end. Tracks are summed (gaps are silence), and the sum goes through a
look-ahead peak limiter (:mod:`.peak_limit`) instead of being clipped: sound under full scale
passes untouched, sound past it is turned down smoothly. A loudness-normalised export mixes
with a gain before the limiter and a true-peak ceiling (:mod:`.loudness_target`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Protocol

import numpy as np

from ..media import AudioReader
from ..media.damage import DamageLog
from ..timeline import Clip, FrameRange, Timeline, TrackKind, gain_factor
from ..timeline.time import Rate
from .open_files import OpenFiles
from .peak_limit import PeakLimiter

FADE_SECONDS = Fraction(5, 1000)


class AudioSource(Protocol):
    def read(self, start_sample: int, count: int) -> np.ndarray: ...


def frame_to_sample(frame: int, rate: Rate, sample_rate: int) -> int:
    """The first output sample of timeline frame ``frame``."""
    return round(Fraction(frame) * sample_rate / rate)


@dataclass(frozen=True)
class Crossfade:
    """Output samples ``[start, end)`` where one span fades out as the next fades in."""

    start: int
    end: int


@dataclass(frozen=True)
class AudioSpan:
    """Output samples ``[start, end)`` play ``path`` from source sample ``source_start``.

    ``fade_in`` / ``fade_out`` are the anti-click ramps' lengths at the ends; a span on either
    side of a crossfade rises (``cross_in``) or falls (``cross_out``) across it with constant
    power. ``lane`` picks the reader: two per track (the second for the incoming side when both
    sides read one file), so a file heard on two tracks at once is not sought back and forth.
    """

    start: int
    end: int
    path: str
    source_start: int
    fade_in: int
    fade_out: int
    cross_in: Crossfade | None = None
    cross_out: Crossfade | None = None
    lane: int = 0
    # (first output sample, factor, samples to reach it) of each level along the span, the
    # first reached at once; empty: as recorded.
    gains: tuple[tuple[int, float, int], ...] = ()
    # The clips' fades: (first output sample, length, rising: from silence, else to it).
    fades: tuple[tuple[int, int, bool], ...] = ()

    @property
    def length(self) -> int:
        return self.end - self.start


def _continues(previous: Clip, clip: Clip) -> bool:
    """Whether ``clip`` picks up its source exactly where ``previous`` left off (a split)."""
    return (
        previous.media.path == clip.media.path
        and previous.source_range.end_exclusive == clip.source_range.start
    )


def plan_track(
    items_with_ranges: list[tuple[Clip, int, int]],
    rate: Rate,
    sample_rate: int,
    crossfades: Mapping[str, FrameRange] | None = None,
) -> list[AudioSpan]:
    """Spans for one track from its clips as (clip, timeline start, timeline end).

    Contiguous clips of one source merge into a single span, so a split plays unchanged.
    ``crossfades`` maps a clip's id to the timeline frames over which it crossfades with the
    clip just before it (see :func:`dissolve_crossfades`); it does so only where that clip
    ends where it starts and the two do not continue one source.
    """
    runs: list[list[tuple[Clip, int, int]]] = []
    for entry in items_with_ranges:
        clip, start, _ = entry
        if runs:
            prev_clip, _, prev_end = runs[-1][-1]
            if prev_end == start and _continues(prev_clip, clip):
                runs[-1].append(entry)
                continue
        runs.append([entry])
    windows = _run_crossfades(runs, crossfades or {})
    fade = round(FADE_SECONDS * sample_rate)
    spans: list[AudioSpan] = []
    for index, run in enumerate(runs):
        first_clip, t_start, _ = run[0]
        last_clip, _, t_end = run[-1]
        start = frame_to_sample(t_start, rate, sample_rate)
        end = frame_to_sample(t_end, rate, sample_rate)
        if end <= start:
            continue
        source_start = frame_to_sample(first_clip.source_range.start, rate, sample_rate)
        cross_in = _samples(windows.get(index), rate, sample_rate)
        cross_out = _samples(windows.get(index + 1), rate, sample_rate)
        if cross_in is not None:
            # The incoming side plays its source before its in point, from sample 0 at most.
            early = min(start - cross_in.start, source_start)
            start, source_start = start - early, source_start - early
        if cross_out is not None:
            # The outgoing side plays past its out point, up to its source's end.
            source_end = frame_to_sample(last_clip.media.duration, last_clip.media.rate, sample_rate)
            end = max(end, min(cross_out.end, start + source_end - source_start))
        ramp = min(fade, (end - start) // 2)
        # A crossfade starts or ends its side at silence; a handle clamped short needs a ramp.
        fade_in = 0 if cross_in is not None and start == cross_in.start else ramp
        fade_out = 0 if cross_out is not None and end == cross_out.end else ramp
        lane = 0
        if cross_in is not None and spans and spans[-1].path == first_clip.media.path:
            lane = 1 - spans[-1].lane
        levels = _run_levels(run, rate, sample_rate, crossfades or {}, fade)
        levels[0] = (start, levels[0][1], 0)
        gains = () if all(factor == 1.0 for _, factor, _ in levels) else tuple(levels)
        fades = _clip_fades(run, rate, sample_rate, cross_in is not None, cross_out is not None)
        spans.append(
            AudioSpan(start, end, first_clip.media.path, source_start, fade_in, fade_out,
                      cross_in, cross_out, lane, gains, fades)
        )
    return spans


def _clip_fades(
    run: list[tuple[Clip, int, int]], rate: Rate, sample_rate: int, crossed_in: bool, crossed_out: bool
) -> tuple[tuple[int, int, bool], ...]:
    """The fades of a run's clips in output samples; where the run crossfades at an end, the
    crossfade takes the place of a fade there (as a dissolve does in the picture)."""
    fades = []
    for index, (clip, t_start, t_end) in enumerate(run):
        fade_in, fade_out = clip.fades
        if fade_in and not (index == 0 and crossed_in):
            a = frame_to_sample(t_start, rate, sample_rate)
            fades.append((a, frame_to_sample(t_start + fade_in, rate, sample_rate) - a, True))
        if fade_out and not (index == len(run) - 1 and crossed_out):
            a = frame_to_sample(t_end - fade_out, rate, sample_rate)
            fades.append((a, frame_to_sample(t_end, rate, sample_rate) - a, False))
    return tuple(f for f in fades if f[1] > 0)


def _run_levels(
    run: list[tuple[Clip, int, int]], rate: Rate, sample_rate: int, crossfades: Mapping[str, FrameRange], fade: int
) -> list[tuple[int, float, int]]:
    """Each clip's level along a run of one recording, as (first sample of the move to it,
    factor, samples the move takes): the anti-click ``fade`` at a plain split, the whole of a
    crossfade put on the split (kept inside both halves, as a dissolve is)."""
    levels = []
    for index, (clip, t_start, t_end) in enumerate(run):
        at, ramp = frame_to_sample(t_start, rate, sample_rate), max(1, fade)
        window = crossfades.get(clip.id)
        if index and window is not None:
            first = max(window.start, run[index - 1][1])
            last = min(window.end_exclusive, t_end)
            if last > first:
                at = frame_to_sample(first, rate, sample_rate)
                ramp = frame_to_sample(last, rate, sample_rate) - at
        levels.append((at, gain_factor(clip.gain_db), ramp))
    return levels


def _levels(gains: tuple[tuple[int, float, int], ...], start: int, count: int) -> np.ndarray | float:
    """The level of output samples ``[start, start + count)``: each of ``gains`` from its
    sample on, reached from the one before linearly over its own ramp."""
    if len(gains) == 1:
        return gains[0][1]
    t = np.arange(start, start + count, dtype=np.float64)
    level = np.full(count, gains[0][1])
    for (_, before, _), (at, after, ramp) in zip(gains, gains[1:], strict=False):
        moved = before + (after - before) * np.clip((t - at + 1) / max(1, ramp), 0.0, 1.0)
        level = np.where(t >= at, moved, level)
    return level.astype(np.float32)


def _run_crossfades(
    runs: list[list[tuple[Clip, int, int]]], crossfades: Mapping[str, FrameRange]
) -> dict[int, FrameRange]:
    """The timeline frames where run ``i`` crossfades with run ``i - 1``, by ``i``: each
    window shortened to fit inside both clips and after the previous window, as dissolves are."""
    windows: dict[int, FrameRange] = {}
    free_from = 0
    for index in range(1, len(runs)):
        clip, cut, clip_end = runs[index][0]
        _, prev_start, prev_end = runs[index - 1][-1]
        window = crossfades.get(clip.id)
        if window is None or prev_end != cut:
            continue
        start = max(window.start, prev_start, free_from)
        end = min(window.end_exclusive, clip_end)
        if end > start:
            windows[index] = FrameRange.from_bounds(start, end)
            free_from = end
    return windows


def _samples(window: FrameRange | None, rate: Rate, sample_rate: int) -> Crossfade | None:
    if window is None:
        return None
    return Crossfade(
        frame_to_sample(window.start, rate, sample_rate),
        frame_to_sample(window.end_exclusive, rate, sample_rate),
    )


def dissolve_crossfades(timeline: Timeline) -> dict[str, FrameRange]:
    """The timeline frames each audio clip crossfades over with the clip before it: its own
    crossfade on its sound track, else, where it starts at a dissolve's cut and is linked to
    its incoming picture, the dissolve's frames (sound follows picture)."""
    audio = timeline.tracks_of(TrackKind.AUDIO)
    crossfades = {window.incoming.id: window.range for track in audio for window in track.transition_windows()}
    for track in timeline.tracks_of(TrackKind.VIDEO):
        for window in track.transition_windows():
            link = window.incoming.link
            if link is None:
                continue
            for audio_track in audio:
                for _, item, rng in audio_track.ranges():
                    if isinstance(item, Clip) and item.link == link and rng.start == window.cut:
                        crossfades.setdefault(item.id, window.range)
    return crossfades


def plan_audio(timeline: Timeline, sample_rate: int) -> list[list[AudioSpan]]:
    """The spans of every audio track that is not muted, in track order."""
    crossfades = dissolve_crossfades(timeline)
    plans = []
    for number, track in enumerate(timeline.playing_tracks_of(TrackKind.AUDIO)):
        clips = [
            (item, rng.start, rng.end_exclusive)
            for _, item, rng in track.ranges()
            if isinstance(item, Clip) and item.media.has_audio and rng.duration > 0
        ]
        # Each track reads through its own readers: one file on two tracks (an interview's
        # sound under its own B-roll) sought back and forth on every block, 60x as many seeks.
        spans = plan_track(clips, timeline.rate, sample_rate, crossfades)
        plans.append([replace(span, lane=2 * number + span.lane) for span in spans])
    return plans


def _ramp(length: int) -> np.ndarray:
    """A raised-cosine rise from 0 towards 1 over ``length`` samples."""
    phase = (np.arange(length, dtype=np.float32) + 0.5) / length
    return (0.5 - 0.5 * np.cos(np.pi * phase)).astype(np.float32)


def _apply_ramp(block: np.ndarray, block_start: int, ramp_start: int, length: int, *, rising: bool) -> None:
    """Scale ``block`` (output samples from ``block_start``) by the anti-click ramp of
    ``length`` samples from ``ramp_start``, rising or falling, where the two overlap."""
    ramp = _ramp(length)
    if not rising:
        ramp = ramp[::-1]
    lo = max(block_start, ramp_start)
    hi = min(block_start + block.shape[1], ramp_start + length)
    if lo >= hi:
        return
    block[:, lo - block_start : hi - block_start] *= ramp[lo - ramp_start : hi - ramp_start]


def crossfade_gains(cross: Crossfade, start: int, count: int, *, rising: bool) -> np.ndarray:
    """Constant-power gains for output samples ``[start, start + count)`` inside ``cross``:
    sin (rising) or cos (falling) of t·π/2, t running across the crossfade."""
    t = (np.arange(start, start + count, dtype=np.float64) - cross.start + 0.5) / (cross.end - cross.start)
    angle = t * (np.pi / 2)
    return (np.sin(angle) if rising else np.cos(angle)).astype(np.float32)


class AudioMix:
    """The mixed sound of a timeline; ``read`` any range of output samples.

    Readers are opened on first use and kept, so reading forward in blocks decodes each
    source once. Use one mix per thread.
    """

    def __init__(
        self,
        timeline: Timeline,
        sample_rate: int = 48000,
        channels: int = 2,
        *,
        open_source: Callable[[str], AudioSource] | None = None,
        gain_db: float = 0.0,
        ceiling_db: float | None = 0.0,
        true_peak: bool = False,
        damage: DamageLog | None = None,
    ) -> None:
        """``damage`` collects where a source's sound could not be decoded (silence there).
        ``gain_db`` scales the summed tracks before the limiter (a loudness target's gain);
        ``ceiling_db`` is the limiter's ceiling (dBFS; dBTP with ``true_peak``), None for no
        limiter at all (the sum as it is, past full scale too: what a loudness measure reads)."""
        self.sample_rate = sample_rate
        self.channels = channels
        self.rate = timeline.rate
        self.length = frame_to_sample(timeline.duration, timeline.rate, sample_rate)
        self.has_audio_tracks = bool(timeline.tracks_of(TrackKind.AUDIO))
        self._plans = plan_audio(timeline, sample_rate)
        self._damage = damage
        self._open_source = open_source or self._open_reader
        # Sounds playing at once (every sound track at one frame) fit in the limit; a source
        # passed by is closed when another is opened past it, and reopened if it comes back.
        self._sources: OpenFiles[tuple[str, int], AudioSource] = OpenFiles(16, _close_source)
        self._gain = float(10 ** (gain_db / 20)) if gain_db else 1.0
        self._limiter = (None if ceiling_db is None
                         else PeakLimiter(self._summed, sample_rate, float(10 ** (ceiling_db / 20)), true_peak=true_peak))

    def __enter__(self) -> AudioMix:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._sources.close_all()

    def _open_reader(self, path: str) -> AudioSource:
        return AudioReader(path, sample_rate=self.sample_rate, channels=self.channels, damage=self._damage)

    def _source(self, path: str, lane: int = 0) -> AudioSource:
        return self._sources.get((path, lane), lambda: self._open_source(path))

    def read(self, start: int, count: int) -> np.ndarray:
        """Output samples ``[start, start + count)`` as float32 (channels, count)."""
        if self._limiter is None:
            return self._summed(start, count)
        return self._limiter.read(start, count)

    def _summed(self, start: int, count: int) -> np.ndarray:
        """The tracks' sum over output samples ``[start, start + count)``, times the gain."""
        out = np.zeros((self.channels, count), np.float32)
        stop = start + count
        for spans in self._plans:
            for span in spans:
                a, b = max(start, span.start), min(stop, span.end)
                if a >= b:
                    continue
                block = self._read_span(span, a, b)
                out[:, a - start : b - start] += block
        if self._gain != 1.0:
            out *= np.float32(self._gain)
        return out

    def blocks(self, block: int) -> Iterator[np.ndarray]:
        """The whole mix, front to back, in blocks of ``block`` samples (the last shorter)."""
        for start in range(0, self.length, block):
            yield self.read(start, min(block, self.length - start))

    def _read_span(self, span: AudioSpan, a: int, b: int) -> np.ndarray:
        count = b - a
        raw = self._source(span.path, span.lane).read(span.source_start + (a - span.start), count)
        block = np.zeros((self.channels, count), np.float32)
        # A source shorter than its clip (or with fewer channels) leaves the rest silent.
        n = min(count, raw.shape[1]) if raw.ndim == 2 else 0
        ch = min(self.channels, raw.shape[0]) if raw.ndim == 2 else 0
        block[:ch, :n] = raw[:ch, :n]
        if span.gains:
            block *= _levels(span.gains, a, count)
        for start, length, rising in span.fades:
            _apply_ramp(block, a, start, length, rising=rising)
        if span.fade_in:
            _apply_ramp(block, a, span.start, span.fade_in, rising=True)
        if span.fade_out:
            _apply_ramp(block, a, span.end - span.fade_out, span.fade_out, rising=False)
        for cross, rising in ((span.cross_in, True), (span.cross_out, False)):
            if cross is None:
                continue
            lo, hi = max(a, cross.start), min(b, cross.end)
            if lo < hi:
                block[:, lo - a : hi - a] *= crossfade_gains(cross, lo, hi - lo, rising=rising)
        return block


class MixExcerpt:
    """The sound of timeline frames ``frames`` only (an export of the editor's in to out),
    output samples counted from the excerpt's first frame, with the anti-click ramp wherever
    the excerpt cuts into the sound."""

    def __init__(self, mix: AudioMix, frames: FrameRange) -> None:
        self._mix = mix
        self.sample_rate, self.channels = mix.sample_rate, mix.channels
        self._start = frame_to_sample(frames.start, mix.rate, mix.sample_rate)
        self.length = frame_to_sample(frames.end_exclusive, mix.rate, mix.sample_rate) - self._start
        fade = min(round(FADE_SECONDS * mix.sample_rate), self.length // 2)
        self._fade_in = fade if self._start > 0 else 0
        self._fade_out = fade if self._start + self.length < mix.length else 0

    def read(self, start: int, count: int) -> np.ndarray:
        """Excerpt samples ``[start, start + count)`` as float32 (channels, count)."""
        block = self._mix.read(self._start + start, count)
        if self._fade_in:
            _apply_ramp(block, start, 0, self._fade_in, rising=True)
        if self._fade_out:
            _apply_ramp(block, start, self.length - self._fade_out, self._fade_out, rising=False)
        return block

    def close(self) -> None:
        self._mix.close()


def _close_source(source: AudioSource) -> None:
    close = getattr(source, "close", None)  # a test's stand-in may have nothing to close
    if close is not None:
        close()
