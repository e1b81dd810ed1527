"""The editing commands on the Edit menu and their keys: cut, copy and paste, split, delete,
lift, trims to the playhead, slips, link and unlink, fades, loudness, transitions at a cut,
markers, and going from edit
to edit (rolls, trims and moves by mouse are the timeline view's drags). Each acts on the
selection or the playhead and applies one edit through the session, or says in the status
bar why it did nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QMenu

from ..app.jobs import Job
from ..app.loudness_match import (
    MAX_GAIN_DB,
    PEAK_CEILING_DB,
    TARGET_LUFS,
    TARGETS,
    ClipLevel,
    MixLevel,
    measure_clips,
    measure_mix,
    played_together,
)
from ..project.start_timecode import timeline_timecode
from ..timeline import (
    AddMarker,
    AddTransition,
    Clip,
    ClipboardClips,
    FrameRange,
    Gap,
    Insert,
    Lift,
    Marker,
    MoveToTrack,
    RemoveEmptyTracks,
    RemoveMarker,
    RemoveTransition,
    RippleDelete,
    SetClipFades,
    SetClipGains,
    SetLinks,
    SetTrackEnabled,
    Slip,
    Split,
    Timeline,
    Track,
    TrackKind,
    TrimIn,
    TrimOut,
    transition_name,
)
from ..timeline.edits import Edit, clips_meeting, first_tracks
from ..timeline.time import Rate

if TYPE_CHECKING:
    from .main_window import MainWindow


class TimelineCommands(QObject):
    """The Edit menu's editing half, attached to ``window``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.view = window.timeline_view
        self.clipboard: ClipboardClips | None = None
        self._said = ""  # the last thing these commands put in the status bar

    def _say(self, message: str, milliseconds: int) -> None:
        self._said = message
        self.window.statusBar().showMessage(message, milliseconds)

    def _apply(self, edit: Edit) -> bool:
        """Apply ``edit`` through the session (which says why when it is refused). Once it
        applies, a note of ours still standing ("Select a clip to delete…") comes down: it
        no longer holds, and read over the edit it said the edit had not happened."""
        if not self.session.apply(edit):
            return False
        bar = self.window.statusBar()
        if self._said and bar.currentMessage() == self._said:
            bar.clearMessage()
        return True

    def add_actions(self, edit_menu: QMenu) -> None:
        w = self.window
        w._action(edit_menu, "Select Clip at Playhead", self.select_at_playhead, "D")
        w._action(edit_menu, "Select &All Clips", self.select_all, QKeySequence.StandardKey.SelectAll)
        w._action(edit_menu, "Select Nothing", self.select_nothing, "Ctrl+Shift+A")
        edit_menu.addSeparator()
        w._action(edit_menu, "Cu&t", self.cut_selection, QKeySequence.StandardKey.Cut)
        w._action(edit_menu, "&Copy", self.copy_selection, QKeySequence.StandardKey.Copy)
        w._action(edit_menu, "&Paste at Playhead (Insert)", self.paste_at_playhead, QKeySequence.StandardKey.Paste)
        edit_menu.addSeparator()
        split = w._action(edit_menu, "&Split at Playhead", self.split_at_playhead, "S")
        split.setShortcuts([QKeySequence("S"), QKeySequence("Ctrl+B")])
        delete = w._action(edit_menu, "Ripple &Delete", self.ripple_delete_selection, QKeySequence.StandardKey.Delete)
        delete.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence("Backspace")])
        w._action(edit_menu, "Slip Selected Clip a Frame Earlier", lambda: self.slip_selection(-1), ",")
        w._action(edit_menu, "Slip Selected Clip a Frame Later", lambda: self.slip_selection(1), ".")
        w._action(edit_menu, "Ripple Trim Start to Playhead", lambda: self.trim_to_playhead(head=True), "Q")
        w._action(edit_menu, "Ripple Trim End to Playhead", lambda: self.trim_to_playhead(head=False), "W")
        lift = w._action(edit_menu, "&Lift (Leave a Gap)", self.lift_selection, "Shift+Delete")
        w._action(edit_menu, "Move Clips Up a Track", lambda: self.move_selection_to_track(up=True), "Alt+Up")
        w._action(edit_menu, "Move Clips Down a Track", lambda: self.move_selection_to_track(up=False), "Alt+Down")
        lift.setShortcuts([QKeySequence("Shift+Delete"), QKeySequence("Shift+Backspace")])
        w._action(edit_menu, "Add Dissolve at Nearest Cut", self.add_transition_near_playhead, "Ctrl+T")
        w._action(edit_menu, "Add Sound Crossfade at Nearest Cut", lambda: self.add_transition_near_playhead(TrackKind.AUDIO), "Ctrl+Shift+T")
        w._action(edit_menu, "Remove Transition at Playhead", self.remove_transition_at_playhead)
        w._action(edit_menu, "Unlink Picture and Sound", lambda: self.link_selection(False), "Ctrl+Shift+L")
        w._action(edit_menu, "Link Picture and Sound", lambda: self.link_selection(True), "Ctrl+L")
        w._action(edit_menu, "Fade In from Black", lambda: self.fade_selection(head=True))
        w._action(edit_menu, "Fade Out to Black", lambda: self.fade_selection(head=False))
        for place, target in TARGETS.items():
            w._action(edit_menu, f"Match Loudness for {place} ({target:g} LUFS)",
                      lambda target=target: self.match_loudness(target))
        w._action(edit_menu, "Mute or Unmute the Selection's Sound Tracks",
                  lambda: self.switch_selection_tracks(TrackKind.AUDIO), "Ctrl+Shift+M")
        w._action(edit_menu, "Hide or Show the Selection's Picture Tracks",
                  lambda: self.switch_selection_tracks(TrackKind.VIDEO), "Ctrl+Shift+H")
        w._action(edit_menu, "Rename the Selection's Track…", self.rename_selection_track, "F2")
        w._action(edit_menu, "Delete Empty Tracks", lambda: self._apply(RemoveEmptyTracks()))
        edit_menu.addSeparator()
        w._action(edit_menu, "Add Marker", self.add_marker_at_playhead, "M")
        w._action(edit_menu, "Remove Marker at Playhead", self.remove_marker_at_playhead, "Alt+M")

    # --- edits at the playhead or on the selection ---------------------------------------------

    def select_at_playhead(self) -> None:
        """Select the clip seen at the playhead (the top picture not hidden; over black, the
        sound heard there) with what is linked to it, as a click on it would: the keyboard's
        way to pick what Delete, F2, the fades and the inspector act on."""
        timeline = self.session.timeline
        hit = _clip_at(timeline, self.window.playhead)
        if hit is None:
            self._say("No clip at the playhead to select.", 4000)
            return
        self.view.set_selection([item.id for _, _, item in timeline.linked_items(hit[1].id)])

    def select_all(self) -> None:
        """Ctrl+A: every clip of the edit (to move, lift or fade at once), as in other editors.
        A focused list or text box selects its own contents instead."""
        focused = QApplication.focusWidget()
        if isinstance(focused, (QAbstractItemView, QLineEdit)):
            focused.selectAll()
            return
        clips = [clip.id for track in self.session.timeline.tracks for clip in track.clips()]
        self.view.set_selection(clips)
        self._say(f"Selected all {len(clips)} clip{'s' if len(clips) != 1 else ''} (Ctrl+Shift+A: none).", 4000)

    def split_at_playhead(self) -> None:
        frame = self.window.playhead
        if self._apply(Split(frame)):
            self._say(f"Split at {timeline_timecode(self.session.timeline, frame)}.", 4000)

    def add_transition_near_playhead(self, kind: TrackKind = TrackKind.VIDEO) -> None:
        """A one-second dissolve on the picture cut nearest the playhead (as other editors'
        default transition), or a crossfade on the sound cut nearest it, shortened to the
        handles the clips have."""
        timeline = self.session.timeline
        cuts = {cut for track in timeline.tracks_of(kind) for cut in track.cut_frames()
                if clips_meeting(track, cut) is not None}
        if not cuts:
            what = "a dissolve on" if kind is TrackKind.VIDEO else "a crossfade on in the sound"
            self._say(f"No cut between two clips to put {what}: split one first (S).", 4000)
            return
        cut = min(cuts, key=lambda c: (abs(c - self.window.playhead), c))
        # As in other editors, the default transition replaces one already there: say so.
        there = [w for track in timeline.tracks_of(kind) for w in track.transition_windows() if w.cut == cut]
        if not self._apply(AddTransition(cut, max(2, round(timeline.rate)), kind)):
            return
        # Replaced only where the new one went: a track with no handles keeps its own.
        now = self.session.timeline
        gone = [w for w in there if now.transition_window(w.transition.id) is None]
        if gone:
            old = gone[0]
            self._say(f"Replaced the {old.range.duration}-frame {transition_name(kind, old.transition.kind).lower()} "
                      f"on that cut with the default one (Ctrl+Z brings it back).", 6000)
            return
        made = next((w for track in now.tracks_of(kind) for w in track.transition_windows() if w.cut == cut), None)
        if made is not None:  # said: the keys act at a cut that may be off screen, or not under the playhead
            self._say(f"Added a {made.range.duration}-frame {transition_name(kind, made.transition.kind).lower()} "
                      f"at {timeline_timecode(now, cut)}.", 4000)

    def remove_transition_at_playhead(self) -> None:
        """Take off the transition playing at the playhead (the top-most picture one, else
        a sound crossfade), leaving a cut."""
        timeline = self.session.timeline
        tracks = _top_first(timeline)
        windows = [w for track in tracks for w in track.transition_windows() if w.range.contains(self.window.playhead)]
        if not windows:
            self._say("No transition at the playhead.", 4000)
            return
        self._apply(RemoveTransition(windows[0].transition.id))

    def slip_selection(self, frames: int) -> None:
        """, / .: the selected clip shows its source a frame earlier / later, in place."""
        selected = [i for i in self.view.selected_ids() if self.session.timeline.find_item(i)]
        if not selected:
            self._say("Select a clip to slip (click it in the timeline).", 3000)
            return
        if self._apply(Slip(selected[0], frames)):
            self.window.fetcher.request(self.window.playhead)

    def trim_to_playhead(self, *, head: bool) -> None:
        """Q / W: the clip under the playhead (the top picture, else sound) loses its frames
        before / from the playhead, and the rest of the edit closes up (a ripple trim)."""
        frame = self.window.playhead
        hit = _clip_at(self.session.timeline, frame)
        if hit is None:
            self._say("No clip under the playhead to trim.", 3000)
            return
        _, clip, placed = hit
        before = self.session.timeline
        rate = before.rate
        if head:
            if frame > placed.start and self._apply(TrimIn(clip.id, frame - placed.start)):
                self.window.seek(placed.start)  # the playhead stays on the picture it was on
                self._say(f"Trimmed {_seconds(frame - placed.start, rate)} off the start of {clip.title}; "
                          f"the edit closed up{_laid_over_cut(before, self.session.timeline, clip)}.", 6000)
        elif frame > placed.start:
            if self._apply(TrimOut(clip.id, frame - placed.end_exclusive)):
                self._say(f"Trimmed {_seconds(placed.end_exclusive - frame, rate)} off the end of {clip.title}; "
                          f"the edit closed up{_laid_over_cut(before, self.session.timeline, clip)}.", 6000)
        else:
            self._say("The playhead is on the clip's first frame: nothing would be left.", 3000)

    def link_selection(self, linked: bool) -> None:
        """Unlink the selected clips from their picture or sound (to trim or roll one alone:
        a J or L cut), or link a selected picture and sound that cover the same frames."""
        selected = self.view.selected_ids()
        if not selected:
            self._say("Select the clips to link or unlink (Ctrl+click adds one).", 4000)
            return
        if not self._apply(SetLinks(tuple(selected), linked)):
            return  # the session says why
        self._say("Linked: picture and sound move and trim together again." if linked else
                  "Unlinked: picture and sound trim, roll and move apart (Ctrl+drag a sound cut for a J or L cut).", 6000)

    def fade_selection(self, *, head: bool) -> None:
        """A one-second fade (shortened to the clip) at the head or tail of the selected clips
        and their sound; the inspector's Fades set any length."""
        selected = self.view.selected_ids()
        if not selected:
            self._say("Select a clip to fade (click it in the timeline).", 4000)
            return
        second = max(1, round(self.session.timeline.rate))
        self._apply(SetClipFades(tuple(selected), second if head else None, None if head else second))

    def match_loudness(self, target: float = TARGET_LUFS) -> Job | None:
        """Measure the selected sound clips in the background, then set each one's level so
        they all play at ``target`` LUFS (one undo step)."""
        timeline = self.session.timeline
        found = [timeline.find_item(item_id) for item_id in self.view.selected_ids()]
        clips = [f[2] for f in found if f is not None and isinstance(f[2], Clip)
                 and timeline.tracks[f[0]].kind is TrackKind.AUDIO]
        if not clips:
            self._say("Select clips with sound to match their loudness (a click selects a shot's sound too).", 5000)
            return None
        rate = timeline.rate
        job = self.window.jobs.start(
            f"Measuring the loudness of {len(clips)} clip{'s' if len(clips) != 1 else ''}", "loudness",
            lambda progress, cancel: measure_clips(clips, rate, progress, cancel),
        )
        job.finished.connect(lambda levels: self._set_levels(levels, target))
        job.failed.connect(lambda message: self._say(f"Match Loudness stopped: {message}", 8000))
        return job

    def _set_levels(self, levels: list[ClipLevel], target: float) -> None:
        timeline = self.session.timeline
        measured = [level for level in levels if level.loudness is not None and timeline.find_item(level.clip_id)]
        silent = sum(level.loudness is None for level in levels)
        gains = tuple((level.clip_id, level.gain_to(target)) for level in measured)
        if not gains:
            self._say("Match Loudness changed nothing: the clips are silent.", 6000)
            return
        if not self._apply(SetClipGains(gains, "Match Loudness")):
            return  # the session says why (their levels are those already)
        values = sorted(gain for _, gain in gains)
        spread = f"{values[0]:+.1f} dB" if values[0] == values[-1] else f"{values[0]:+.1f} to {values[-1]:+.1f} dB"
        held = [level for level in measured if level.held(target)]
        notes = [_held_note(held, target, timeline)] if held else []
        notes += [f"{silent} silent, left as {'it was' if silent == 1 else 'they were'}"] if silent else []
        timeline = self.session.timeline
        ids = [clip_id for clip_id, _ in gains]
        together = played_together(timeline, ids)
        matched = (f"Matched {len(gains)} clip{'s' if len(gains) != 1 else ''} to {target:g} LUFS"
                   f"{' each on its own' if together else ''} (levels {spread})"
                   + "".join(f"; {note}" for note in notes))
        if not together:
            self._say(matched + ".", 10000)
            return
        # Matched one by one, clips heard at once sum louder: measure the mix the export will make.
        seconds = sum(r.duration for r in together) / timeline.rate
        overlap = f"{len(together)} place{'s' if len(together) != 1 else ''}, {float(seconds):.1f} s"
        louder = f"where they play at once on different tracks ({overlap}) the mix is louder than {target:g} LUFS"
        self._say(f"{matched}; {louder}: measuring the mix…", 20000)
        job = self.window.jobs.start(
            "Measuring the mix after Match Loudness", "loudness",
            lambda progress, cancel: measure_mix(timeline, ids, progress, cancel))
        def say_mix(level) -> None:
            if self.session.timeline is not timeline:  # undone or edited since: it measured another mix
                self._say(f"{matched}; the mix was measured for an edit since changed.", 8000)
                return
            self._say(matched + _mix_text(level, target, overlap) + ".", 15000)

        job.finished.connect(say_mix)
        job.failed.connect(lambda message: self._say(f"{matched}; {louder} (measuring it stopped: {message}).", 10000))

    def select_nothing(self) -> None:
        """Ctrl+Shift+A: no clip selected and no suggestion under review. The inspector and
        the compare strip empty too: a suggestion reviewed from the lane or the list selects
        no clip, so clearing the selection alone would leave them showing it."""
        self.view.set_selection([])
        if self.window.inspector.suggestion_id is not None:
            self.window.inspector.show_nothing()
        self.window._show_compare(None)

    def switch_selection_tracks(self, kind: TrackKind) -> None:
        """Mute the sound tracks (or hide the picture tracks) the selected clips are on; when
        all of them are off already, switch them back on (as the header buttons do). One kind
        at a time: a click selects a shot's picture and sound together."""
        timeline = self.session.timeline
        found = [timeline.find_item(item_id) for item_id in self.view.selected_ids()]
        indices = sorted({f[0] for f in found if f is not None and timeline.tracks[f[0]].kind is kind})
        tracks = [timeline.tracks[i] for i in indices]
        if not tracks:
            what = "sound" if kind is TrackKind.AUDIO else "picture"
            self._say(f"Select a clip on the {what} track to switch (or click the track's header button).", 4000)
            return
        on = any(track.enabled for track in tracks)
        self._apply(SetTrackEnabled(tuple(track.id for track in tracks), not on))

    def rename_selection_track(self) -> None:
        """Name the track of the (first) selected clip, typed over its header."""
        timeline = self.session.timeline
        found = next((f for f in map(timeline.find_item, self.view.selected_ids()) if f is not None), None)
        if found is None:
            self._say("Select a clip on the track to rename (or double-click the track's name).", 4000)
            return
        self.view.rename_track(timeline.tracks[found[0]].id)

    def lift_selection(self) -> None:
        selected = self.view.selected_ids()
        if not selected:
            self._say("Select a clip to lift (click it in the timeline).", 4000)
            return
        _, removed = _removed(self.session.timeline, selected)
        if self._apply(Lift(tuple(selected))):
            self.view.set_selection([])
            self._say(f"Lifted {removed}, leaving a gap (Delete with the playhead in it closes it).", 5000)

    def move_selection_to_track(self, *, up: bool) -> None:
        """Alt+Up / Alt+Down. Picture goes up (V1 → V2, a cutaway over the edit) and its sound
        the mirrored way (A1 → A2), so the two stay side by side; sound alone moves as it
        looks on screen (A2 → A1 is up). Either covers what it lands on."""
        timeline = self.session.timeline
        selected = [found for found in map(timeline.find_item, self.view.selected_ids()) if found is not None]
        if not selected:
            self._say("Select a clip to move to another track (click it in the timeline).", 4000)
            return
        sound_only = all(timeline.tracks[track].kind is TrackKind.AUDIO for track, _, _ in selected)
        step = 1 if up != sound_only else -1
        self._apply(MoveToTrack(tuple(item.id for _, _, item in selected), steps=step))

    def copy_selection(self) -> bool:
        """Keep the selected clips (a click selects a shot's picture and sound) to paste."""
        copied = ClipboardClips.of(self.session.timeline, self.view.selected_ids())
        if not copied.placements:
            self._say("Select clips to copy (click one in the timeline, or D for the one at the playhead).", 4000)
            return False
        self.clipboard = copied
        count = len(copied.placements)
        self._say(f"Copied {count} clip{'s' if count != 1 else ''}: Ctrl+V inserts {'them' if count != 1 else 'it'} "
                  "at the playhead.", 4000)
        return True

    def cut_selection(self) -> None:
        """Copy the selected clips, then ripple-delete them (one undo step for the delete)."""
        if not self.copy_selection():
            return
        timeline = self.session.timeline
        selected = self.view.selected_ids()
        count, removed = _removed(timeline, selected)
        if self._apply(RippleDelete(tuple(selected))):
            self.view.set_selection([])
            self._say(f"Cut {removed}: Ctrl+V inserts {'them' if count != 1 else 'it'} at the playhead.", 5000)

    def paste_at_playhead(self) -> None:
        """Insert the copied clips at the playhead on the tracks they came from; everything
        after moves along, and the paste is selected. On the edit's last frame (End) the paste
        goes after it: the playhead cannot pass the last frame, and splitting one frame off
        the end is never what was meant."""
        if self.clipboard is None:
            self._say("Nothing to paste: copy clips first (Ctrl+C).", 4000)
            return
        duration = self.session.timeline.duration
        frame = duration if self.window.playhead >= duration - 1 else self.window.playhead
        placements = self.clipboard.fresh()
        if self._apply(Insert(placements, frame)):
            self.view.set_selection([clip.id for _, clip in placements])

    def ripple_delete_selection(self) -> None:
        selected = self.view.selected_ids()
        if not selected:
            if not self._close_gap_at_playhead():
                self._say("Select a clip to delete (click it in the timeline), or put the playhead in a gap.", 4000)
            return
        timeline = self.session.timeline
        marker = timeline.marker(selected[0])
        if marker is not None:
            if self._apply(RemoveMarker(marker.id)):
                self.view.set_selection([])
                named = f" {marker.name}" if marker.name else ""
                self._say(f"Removed marker{named} at {timeline_timecode(timeline, marker.frame)}.", 4000)
            return
        dissolve = timeline.transition_window(selected[0])
        if dissolve is not None:
            # A selected dissolve's box: Delete takes the dissolve off, leaving the cut.
            track, placed = dissolve
            if self._apply(RemoveTransition(placed.transition.id)):
                self.view.set_selection([])
                name = transition_name(timeline.tracks[track].kind, placed.transition.kind).lower()
                self._say(f"Removed the {name}, leaving a cut.", 4000)
            return
        count, removed = _removed(timeline, selected)
        if self._apply(RippleDelete(tuple(selected))):
            self.view.set_selection([])
            closed = timeline.duration - self.session.timeline.duration
            if f"({_seconds(closed, timeline.rate)})" not in removed:  # a J or L cut's overhang stays
                removed = f"{count} clip{'s' if count != 1 else ''}; the edit is {_seconds(closed, timeline.rate)} shorter"
            self._say(f"Ripple-deleted {removed}.", 4000)

    def _close_gap_at_playhead(self) -> bool:
        """Delete with nothing selected and the playhead in a gap of the edit's own picture or
        sound (a lift, a clip moved up): the gap closes as a ripple delete of it, everything
        after moving up, as in other editors."""
        timeline, playhead = self.session.timeline, self.window.playhead
        for index in sorted(first_tracks(timeline)):  # the edit's own: a laid-over track's gaps place its footage
            track = timeline.tracks[index]
            gap = next((item for _, item, placed in track.ranges()
                        if isinstance(item, Gap) and placed.contains(playhead)), None)
            if gap is None:
                continue
            if self._apply(RippleDelete((gap.id,))):
                self._say(f"Closed the gap of {gap.duration} frame{'s' if gap.duration != 1 else ''} "
                          f"on {timeline.track_label(index)}.", 5000)
            return True
        return False

    def _edit_points(self) -> list[int]:
        """Where Up / Down stop: the start, every cut on every track, each track's end."""
        timeline = self.session.timeline
        last = timeline.duration - 1
        points = {0, last}
        for track in timeline.tracks:
            points.update(track.cut_frames())
            points.add(min(track.duration, last))
        return sorted(p for p in points if p >= 0)

    def _marker_frames(self) -> list[int]:
        return sorted({marker.frame for marker in self.session.timeline.markers})

    def _go_to(self, direction: int, frames: list[int]) -> None:
        ahead = [f for f in frames if (f - self.window.playhead) * direction > 0]
        if ahead:
            self.window.seek(ahead[0] if direction > 0 else ahead[-1])

    def add_marker_at_playhead(self) -> None:
        timeline = self.session.timeline
        if timeline.duration == 0:
            return
        if any(marker.frame == self.window.playhead for marker in timeline.markers):
            self._say("There is a marker here already.", 3000)
            return
        self._apply(AddMarker(Marker(self.window.playhead, f"Marker {len(timeline.markers) + 1}")))

    def remove_marker_at_playhead(self) -> None:
        here = [marker for marker in self.session.timeline.markers if marker.frame == self.window.playhead]
        if not here:
            self._say("No marker at the playhead (Shift+Up / Shift+Down go to one).", 3000)
            return
        self._apply(RemoveMarker(here[0].id))

    # --- going from edit to edit -------------------------------------------------------------

    def go_to_edit(self, direction: int) -> None:
        """Up / Down: the previous / next edit point (a cut on any track, a track's end)."""
        self._go_to(direction, self._edit_points())

    def go_to_marker(self, direction: int) -> None:
        self._go_to(direction, self._marker_frames())


def _removed(timeline: Timeline, item_ids: list[str]) -> tuple[int, str]:
    """How many clips, and "1 clip (2.5 s)", "3 clips (12 frames)": what a delete or lift of
    ``item_ids`` takes.
    A shot's picture and its linked sound are one clip, as a click selects them together;
    the length is each such clip's longest part, added up."""
    lengths: dict[str, int] = {}
    for item_id in item_ids:
        for _, _, item in timeline.linked_items(item_id):
            if isinstance(item, Clip):
                key = item.link or item.id
                lengths[key] = max(lengths.get(key, 0), item.duration)
    count, frames = len(lengths), sum(lengths.values())
    return count, f"{count} clip{'s' if count != 1 else ''} ({_seconds(frames, timeline.rate)})"


def _held_note(held: list[ClipLevel], target: float, timeline: Timeline) -> str:
    """Which clips could not reach ``target``, where they end up and what held them: an
    editor matching speakers needs to know which one is still quiet, and by how much."""
    def said(level: ClipLevel) -> str:
        gain = level.gain_to(target) or 0.0
        found = timeline.find_item(level.clip_id)
        name = found[2].title if found is not None and isinstance(found[2], Clip) else "a clip"
        why = "+12 dB is the most" if gain >= MAX_GAIN_DB - 0.05 else f"its loudest sample at {PEAK_CEILING_DB:g} dBFS"
        return f"{name} at {(level.loudness or 0.0) + gain:.1f} LUFS ({why})"

    listed = ", ".join(said(level) for level in held[:3])
    more = f" and {len(held) - 3} more" if len(held) > 3 else ""
    return f"{len(held)} held lower: {listed}{more}"


def _laid_over_cut(before: Timeline, after: Timeline, trimmed: Clip) -> str:
    """"; music.wav on A2 lost 3.0 s with it (sync-locked)": what a ripple took from tracks
    other than the trimmed clip's own and its sound's, which the editor did not touch (the
    seventh editor pass found a music bed cut silently); empty where it took nothing."""
    own = {index for index, track in enumerate(before.tracks)
           for item in track.items if isinstance(item, Clip)
           and (item.id == trimmed.id or (trimmed.link is not None and item.link == trimmed.link))}
    lost = []
    for index, (old, new) in enumerate(zip(before.tracks, after.tracks, strict=False)):
        if index in own:
            continue
        frames = (sum(i.duration for i in old.items if isinstance(i, Clip))
                  - sum(i.duration for i in new.items if isinstance(i, Clip)))
        if frames > 0:
            titles = sorted({i.title for i in old.items if isinstance(i, Clip)})
            name = titles[0] if len(titles) == 1 else "the footage"
            lost.append(f"{name} on {before.track_label(index)} lost {_seconds(frames, before.rate)}")
    return f"; {', '.join(lost)} with it (sync-locked)" if lost else ""


def _seconds(frames: int, rate: Rate) -> str:
    """A length as an editor says it: "12 frames" under a second, else "2.5 s"."""
    seconds = frames / rate if rate else 0
    return f"{frames} frame{'s' if frames != 1 else ''}" if seconds < 1 else f"{float(seconds):.1f} s"


def _top_first(timeline: Timeline) -> list[Track]:
    """The tracks in the order the playhead's commands look at them: the picture on top
    first, then the sound; hidden and muted tracks left out (the commands act on what
    plays at the playhead)."""
    return [*reversed(timeline.playing_tracks_of(TrackKind.VIDEO)), *timeline.playing_tracks_of(TrackKind.AUDIO)]


def _clip_at(timeline: Timeline, frame: int) -> tuple[int, Clip, FrameRange] | None:
    """(index, clip, range) of the clip at ``frame`` that the playhead's commands act on: the
    top picture that plays there, else the sound."""
    return next((found for track in _top_first(timeline) if (found := track.item_at(frame)) is not None
                 and isinstance(found[1], Clip)), None)


def _mix_text(level: MixLevel, target: float, overlap: str) -> str:
    """"; the mix over them measures -14.6 LUFS, -13.0 LUFS where they play at once (1 place,
    3.0 s: 3.0 dB over the target)": what the edit's mix reads after a match."""
    def lufs(value: float | None) -> str:
        return "silence" if value is None else f"{value:.1f} LUFS"

    over = "" if level.together is None else f": {level.together - target:+.1f} dB against the target"
    return (f"; the mix over them measures {lufs(level.loudness)}, {lufs(level.together)} where they play at "
            f"once on different tracks ({overlap}{over})")
