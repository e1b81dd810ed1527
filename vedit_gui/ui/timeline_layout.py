"""Where the timeline view's bands sit: the ruler, the suggestion lane, the score curve under
it and one row per track.

Video tracks stack upward from the middle (the top track, last in ``timeline.tracks``, is
drawn highest, as in every editor) and audio tracks downward under them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..timeline import Timeline, TrackKind
from .timeline_theme import TimelineMetrics


@dataclass(frozen=True)
class TrackRow:
    track_index: int
    kind: TrackKind
    name: str
    top: int
    height: int
    enabled: bool = True

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def contains_y(self, y: float) -> bool:
        return self.top <= y < self.bottom


def rows_area_top(metrics: TimelineMetrics) -> int:
    """Where the band the track rows show in begins: under the ruler, the suggestion lane and
    the score curve, which never scroll (a scrolled row is hidden above it)."""
    return metrics.ruler_height + metrics.lane_height + metrics.curve_height


def tracks_top(metrics: TimelineMetrics) -> int:
    """Where the first track row starts when the rows are not scrolled."""
    return rows_area_top(metrics) + metrics.track_spacing


def track_rows(timeline: Timeline, metrics: TimelineMetrics, scroll: int = 0) -> list[TrackRow]:
    """One row per track, top to bottom, under the ruler and the suggestion lane, the rows
    moved up by ``scroll`` pixels (rows then above :func:`tracks_top` are hidden)."""
    ordered = [
        (index, track)
        for index, track in reversed(list(enumerate(timeline.tracks)))
        if track.kind is TrackKind.VIDEO
    ] + [(index, track) for index, track in enumerate(timeline.tracks) if track.kind is TrackKind.AUDIO]
    rows: list[TrackRow] = []
    top = tracks_top(metrics) - scroll
    for index, track in ordered:
        height = metrics.video_height if track.kind is TrackKind.VIDEO else metrics.audio_height
        name = timeline.track_label(index)
        rows.append(TrackRow(index, track.kind, name, top, height, track.enabled))
        top += height + metrics.track_spacing
    return rows


def output_button(row: TrackRow, metrics: TimelineMetrics) -> tuple[float, float, float, float]:
    """(x, y, width, height) of the row's header button that hides or mutes its track: at
    the bottom right, beside the state word, leaving the name the header's width."""
    return (metrics.header_width - 26.0, row.bottom - 20.0, 20.0, 16.0)


def name_rect(row: TrackRow, metrics: TimelineMetrics) -> tuple[float, float, float, float]:
    """(x, y, width, height) of the track's name in its header: along its top."""
    return (8.0, row.top + 2.0, metrics.header_width - 12.0, 20.0)


def rows_height(rows: list[TrackRow], metrics: TimelineMetrics) -> int:
    """The height the bands and rows need, unscrolled (the ruler and lane alone when there are
    no tracks)."""
    if not rows:
        return tracks_top(metrics)
    return rows[-1].bottom - rows[0].top + tracks_top(metrics) + metrics.track_spacing
