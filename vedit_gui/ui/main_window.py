"""The editor window: viewer and transport, inspector, timeline, status bar with jobs.

Widgets here only show the session and forward what the user does to it; every change to
the edit goes through the session's undo history. Nothing here waits on decoding, saving
or rendering: those run as jobs and report back through signals.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QScreen,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..app.frame_fetcher import FrameFetcher
from ..app.jobs import Job, JobManager
from ..app.playback import PlaybackController
from ..app.playback_video import MAX_WIDTH as PLAYBACK_MAX_WIDTH
from ..app.preview_grade import PreviewLookState, open_graded_preview, preview_note, same_picture
from ..app.scope_reader import ScopeReader
from ..app.session import Session
from ..app.thumbnail_store import ThumbnailStore
from ..app.waveform_store import WaveformStore
from ..media.scopes import ScopeKind
from ..project import PROJECT_SUFFIX, write_edl, write_fcp_xml, write_otio
from ..project.file_names import with_extension
from ..project.project_file import CUT_SHORT
from ..project.start_timecode import (
    SetStartTimecode,
    start_timecode,
    timeline_clock,
    timeline_timecode,
)
from ..render import (
    DEFAULT_PRESET,
    LoudnessReport,
    get_preset,
    has_picture,
    is_footage,
    output_extension,
    render_still,
    render_with_report,
)
from ..render.errors import as_sentence
from ..timeline import (
    CUT,
    Clip,
    FrameRange,
    MediaReference,
    Suggestion,
    SuggestionStatus,
    Timeline,
    TrackKind,
    nominal_fps,
    timeline_from_media,
)
from ..timeline.picture_source import SetPictureSource
from ..timeline.placement import SuggestionPlaces, suggestion_places
from ..timeline.suggestion import confidence_label
from .about_dialog import AboutDialog
from .analysis_news import AnalysisNews, Finding
from .compare_strip import CompareStrip
from .decisions import decided_text, refused_text, unchanged_text
from .export_dialog import ExportChoices, ExportDialog, may_replace
from .file_drops import local_files
from .focus_keys import NavigationKeysStay
from .grade_review import GradeReview
from .inspector import InspectorPanel
from .inspector_section import WheelScrollsPage
from .job_cancel import IDLE_TEXT, JobCancelling, what_stopping_leaves
from .jobs_widget import JobsWidget
from .level_meter import LevelMeter
from .pause_review import PauseReview
from .punch_in_review import PunchInReview
from .scopes_panel import ScopesPanel
from .scrub_copies import ScrubCopies
from .shortcuts_dialog import COMMAND_NAME, ShortcutsDialog
from .stabilize_review import StabilizeReview
from .start_timecode_dialog import StartTimecodeDialog
from .suggestion_rows import shown_kind
from .suggestions_panel import ALL_KINDS, SuggestionsPanel
from .timeline_commands import TimelineCommands
from .timeline_view import TimelineView
from .titles import TitleEditor
from .unusable_look_review import UnusableLookReview
from .viewer import EMPTY_VIEWER_MESSAGE, ViewerWidget

LAST_EXPORT = "export_path"  # ui_state: the file the edit was last exported to
OPENING_SIZE = QSize(1280, 800)
TITLE_BAR_ROOM = QSize(16, 48)  # a window manager's frame and title bar, outside resize()'s size


def opening_size(screen: QScreen | None) -> QSize:
    """1280×800, or less where the screen has less room: on a 1366×768 laptop the timeline's
    lower tracks and the status bar (every decision's word, an export's progress and Cancel)
    would open below the screen's edge. The offscreen platform's pretend 800×600 screen is
    nobody's: there (tests, headless runs) the window keeps the size it is designed at."""
    if screen is None or QGuiApplication.platformName() == "offscreen":
        return OPENING_SIZE
    return OPENING_SIZE.boundedTo(screen.availableGeometry().size() - TITLE_BAR_ROOM)


_FOOTAGE = "*.mp4 *.mov *.mkv *.webm *.avi *.mpg *.mts *.m4v *.wav *.mp3 *.m4a *.aac *.flac *.ogg *.opus"
# Interchange for other editors, by suffix: the save dialog's file type and the writer.
INTERCHANGE = {".otio": ("OpenTimelineIO (*.otio)", write_otio), ".edl": ("CMX3600 EDL (*.edl)", write_edl),
               ".xml": ("Final Cut Pro XML for Premiere Pro (*.xml)", write_fcp_xml)}
_DAMAGE_ADVICE = ("\n\nvedit edits and exports what can be decoded, as players show and play it: the rest of "
                  "the file is analysed, and the export says this again. Cut round the damaged stretch, or use a "
                  "good copy of the file.")
MEDIA_FILTER = f"Footage and projects ({_FOOTAGE} *.vedit *.otio *.xml);;All files (*)"
FOOTAGE_FILTER = f"Video and sound ({_FOOTAGE});;All files (*)"
PROJECT_FILTER = "vedit project (*.vedit)"
RECENT_LIMIT = 10
STILL_MAX_WIDTH = 1280
"""A paused viewer shows exact frames decoded at most this wide (playback uses less)."""


KEEP_DISSOLVES_KEY = "review/keep_dissolves"
MESSAGE_READ_S = 2.5  # how long the editor's own message stays before background news replaces it


def settings() -> QSettings:
    return QSettings("vedit", "vedit")


class MainWindow(QMainWindow):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.jobs = JobManager(self)
        self.fetcher = FrameFetcher(self)
        # The grade being edited, before/after and the wipe: read by both picture workers.
        self.preview_look = PreviewLookState()
        self.playback = PlaybackController(
            self,
            show_stills=False,
            open_video=lambda timeline: open_graded_preview(timeline, self.preview_look, PLAYBACK_MAX_WIDTH),
        )
        self.thumbnails = ThumbnailStore(self)
        # The three-frame compare decodes in a store of its own: the filmstrip's requests
        # (latest wins) would otherwise push its pictures out of the queue.
        self.compare_pictures = ThumbnailStore(self, height=90, max_bytes=4 * 1024 * 1024, decode_threads=1)
        self._compared: str | None = None  # the suggestion in the compare strip
        self._trimming: str | None = None  # the source the viewer shows while an edge is dragged
        self._trim_frames = 0  # its length, in the edit's frames
        self.waveforms = WaveformStore(self)
        self.waveforms.damaged.connect(lambda _path, notes: self._say_damage(notes))
        self.playhead = 0
        self._scrubbing = False
        QApplication.instance().installEventFilter(NavigationKeysStay(self))  # gone with the window
        # News from background jobs waits for what the editor just did to be read (see say_in_background).
        self._message_since = 0.0
        self._background_text = ""
        self._background_waiting: tuple[str, int] | None = None
        self._background_timer = QTimer(self)
        self._background_timer.setSingleShot(True)
        self._background_timer.timeout.connect(self._say_waiting_news)
        self.statusBar().messageChanged.connect(self._on_message_changed)
        self._after_save: Callable[[], None] | None = None  # what Save in an unsaved-changes box goes on to
        self._ready_to_close = False
        self._damage_said: set[str] = set()  # what the editor has been told of damaged footage
        self._shut_down = False
        self.setWindowTitle("vedit")
        self.setAcceptDrops(True)
        self.setObjectName("mainWindow")

        self.viewer = ViewerWidget()
        self.timecode = QLabel("--:--:--;--")
        self.timecode.setObjectName("timecode")
        self.timecode.setStyleSheet("font-family: monospace; font-size: 15px; padding: 0 8px;")
        self.speed_label = QLabel("")
        self.marks_label = QLabel("")
        self.timeline_view = TimelineView(thumbnails=self.thumbnails, waveforms=self.waveforms)
        self.inspector = InspectorPanel()
        self.suggestions = SuggestionsPanel()
        self.compare = CompareStrip(self.compare_pictures)
        self.scope_reader = ScopeReader(self)
        self.scopes = ScopesPanel(self.scope_reader)
        self.scopes.hide()  # View ▸ Scopes
        self.jobs_widget = JobsWidget(self.jobs)
        self.cancelling = JobCancelling(self, self.jobs)  # Edit ▸ Cancel Running Jobs, Ctrl+.
        self.news = AnalysisNews(self, self.jobs)  # a run of analysis summed up when it ends
        self._build_layout()
        self.editing = TimelineCommands(self)
        self._build_actions()
        self._connect()
        self.grading = GradeReview(self)
        self.stabilizing = StabilizeReview(self)
        self.pauses = PauseReview(self)
        self.punch_ins = PunchInReview(self)
        self.titles = TitleEditor(self)
        self.unusable_looks = UnusableLookReview(self)
        self.scrub_copies = ScrubCopies(self)
        wheel_rule = WheelScrollsPage(self.inspector_page)  # every section is in now
        self.inspector.shown.connect(lambda *_: wheel_rule.cover())  # and each selection's fields
        self._restore_layout()
        self._update_title()

    # --- building ----------------------------------------------------------------------------

    def _build_layout(self) -> None:
        transport = QHBoxLayout()
        transport.setContentsMargins(0, 0, 0, 0)
        self.play_button = QToolButton()
        # As wide as its wider face, so the timecode beside it does not jump as play turns to pause.
        widths = []
        for face in ("❚❚", "▶"):
            self.play_button.setText(face)
            widths.append(self.play_button.sizeHint().width())
        self.play_button.setFixedWidth(max(widths))
        self.play_button.setToolTip("Play / Pause (Space)")
        self.play_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.play_button.clicked.connect(self.playback.toggle)
        transport.addWidget(self.play_button)
        transport.addWidget(self.timecode)
        transport.addWidget(self.speed_label)
        transport.addStretch(1)
        transport.addWidget(self.marks_label)
        self.level_meter = LevelMeter()
        transport.addWidget(self.level_meter)

        viewer_panel = QWidget()
        viewer_layout = QVBoxLayout(viewer_panel)
        viewer_layout.setContentsMargins(0, 0, 0, 0)
        viewer_layout.addWidget(self.viewer, 1)
        viewer_layout.addLayout(transport)

        # The inspector scrolls: a clip with a grade, a stabilization and a title stacks more
        # sections than a laptop screen is tall, and must not make the window taller.
        self.inspector_page = QScrollArea()
        self.inspector_page.setObjectName("inspectorPage")
        self.inspector_page.setWidget(self.inspector)
        self.inspector_page.setWidgetResizable(True)
        self.inspector_page.setFrameShape(QScrollArea.Shape.NoFrame)
        self.inspector_page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.inspector_page, "Inspector")
        self.side_tabs.addTab(self.suggestions, "Suggestions")

        # View ▸ Scopes Beside Viewer moves the scopes here, right of the viewer and its
        # transport, so the side column keeps its height for the inspector's sliders.
        self.viewer_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.viewer_splitter.setObjectName("viewerSplitter")
        self.viewer_splitter.addWidget(viewer_panel)
        self.viewer_splitter.setCollapsible(0, False)
        self.viewer_splitter.setStretchFactor(0, 1)

        self.top_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.top_splitter.setObjectName("topSplitter")
        self.top_splitter.addWidget(self.viewer_splitter)
        # The side column splits too: the scopes grow at the inspector's expense, or back.
        self.side_splitter = side = QSplitter(Qt.Orientation.Vertical)
        side.setObjectName("sideSplitter")
        for widget in (self.compare, self.scopes, self.side_tabs):
            side.addWidget(widget)
        self._fit_side_splitter()
        self._side_sizes: list[int] | None = None  # the side column's, while the scopes are beside
        self._scopes_width: int | None = None  # theirs beside the viewer, once set
        self.top_splitter.addWidget(side)
        self.top_splitter.setStretchFactor(0, 3)
        self.top_splitter.setStretchFactor(1, 1)

        self.main_splitter = QSplitter(Qt.Orientation.Vertical)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.top_splitter)
        self.main_splitter.addWidget(self.timeline_view)
        self.main_splitter.setStretchFactor(0, 3)
        self.main_splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.main_splitter)
        # Shown while crash-recovery copies cannot be written (a full disk, a read-only home).
        self.recovery_warning = QLabel()
        self.recovery_warning.setObjectName("recoveryWarning")
        self.recovery_warning.setStyleSheet("color: #e0a030;")
        self.recovery_warning.hide()
        self.statusBar().addPermanentWidget(self.recovery_warning)
        self.statusBar().addPermanentWidget(self.jobs_widget)
        self.resize(opening_size(self.screen()))

    def _fit_side_splitter(self) -> None:
        """Stretch and collapsing for what the side column holds now (the scopes, or not)."""
        side = self.side_splitter
        # The compare strip may be dragged shut, to give the sliders and scopes its room
        # while grading on a small screen; the scopes (a View menu switch) and the tabs may not.
        for index in range(side.count()):
            side.setStretchFactor(index, 1 if side.widget(index) is self.side_tabs else 0)
            side.setCollapsible(index, side.widget(index) is self.compare)

    def _action(self, menu, name: str, slot, shortcut: str | QKeySequence | None = None, *, object_name: str | None = None) -> QAction:
        action = QAction(name, self)
        if shortcut is not None:
            keys = QKeySequence(shortcut)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        if object_name:
            action.setObjectName(object_name)
        menu.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "&Open…", self._on_open_triggered, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self._rebuild_recent_menu()
        self._action(file_menu, "&Add Footage…", self._on_add_footage_triggered, QKeySequence("Ctrl+I"))
        self._action(file_menu, "Add Footage &Above at Playhead…", lambda: self._on_add_footage_triggered(above=True),
                     QKeySequence("Ctrl+Shift+I"))
        self.relink_action = self._action(file_menu, "Re&link Missing Media…", self._on_relink_triggered)
        self.relink_action.setEnabled(False)
        file_menu.addSeparator()
        self.save_action = self._action(file_menu, "&Save", self.save, QKeySequence.StandardKey.Save)
        self._action(file_menu, "Save &As…", self.save_as, QKeySequence("Ctrl+Shift+S"))
        file_menu.addSeparator()
        self.export_action = self._action(file_menu, "&Export…", self.export, QKeySequence("Ctrl+E"))
        self._action(file_menu, "Export Frame…", self._on_export_frame_triggered, QKeySequence("Ctrl+Shift+E"))
        self.file_menu = file_menu  # the grading adds Export Grade as LUT here
        self.export_otio_action = self._action(file_menu, "Export OpenTimelineIO…", lambda: self._export_interchange(".otio"))
        self._action(file_menu, "Export EDL…", lambda: self._export_interchange(".edl"))
        self.export_xml_action = self._action(file_menu, "Export Final Cut Pro XML…", lambda: self._export_interchange(".xml"))
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, "&Quit", self.close, QKeySequence("Ctrl+Q"))

        self.edit_menu = edit_menu = bar.addMenu("&Edit")
        # Always enabled (a change inside a transaction would leave them stale); the menu
        # names what will be undone when it opens, and an empty history says so.
        edit_menu.aboutToShow.connect(self._on_edit_menu_about_to_show)
        edit_menu.aboutToHide.connect(lambda: [a.setEnabled(True) for a in (self.undo_action, self.redo_action)])
        self.undo_action = self._action(edit_menu, "&Undo", self.undo, QKeySequence("Ctrl+Z"))
        self.redo_action = self._action(edit_menu, "&Redo", self.redo, QKeySequence("Ctrl+Shift+Z"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action, name in ((self.undo_action, "Undo"), (self.redo_action, "Redo"), (self.cancelling.action, IDLE_TEXT)):
            action.setProperty(COMMAND_NAME, name)
        edit_menu.addSeparator()
        edit_menu.addAction(self.cancelling.action)
        edit_menu.addSeparator()
        self.editing.add_actions(edit_menu)
        edit_menu.addSeparator()
        self._action(edit_menu, "Start &Timecode…", self.show_start_timecode, object_name="startTimecodeAction")
        self._action(edit_menu, "Picture &Format From Selected Clip", self.take_picture_format,
                     object_name="pictureFormatAction")

        self.review_menu = review = bar.addMenu("&Suggestions")
        self._action(review, "Next Suggestion", lambda: self.jump_to_suggestion(1), "N")
        self._action(review, "Previous Suggestion", lambda: self.jump_to_suggestion(-1), "P")
        self._action(review, "Accept Suggestion at Playhead", lambda: self.decide_at_playhead(SuggestionStatus.ACCEPTED), "A")
        self._action(review, "Reject Suggestion at Playhead", lambda: self.decide_at_playhead(SuggestionStatus.REJECTED), "R")
        review.addSeparator()
        self._action(review, "Find Cuts Again", self.start_analysis)

        self.view_menu = view_menu = bar.addMenu("&View")
        zoom_in = self._action(view_menu, "Zoom &In", self.timeline_view.zoom_in, QKeySequence("+"))
        zoom_in.setShortcuts([QKeySequence("+"), QKeySequence("=")])  # "=": + without Shift on US keyboards
        self._action(view_menu, "Zoom &Out", self.timeline_view.zoom_out, QKeySequence("-"))
        self._action(view_menu, "Zoom to &Fit", self.timeline_view.zoom_to_fit, QKeySequence("Shift+Z"))
        view_menu.addSeparator()
        self._action(view_menu, "I&nspector", lambda: self._show_side_tab(self.inspector_page), "Ctrl+1")
        self._action(view_menu, "Suggestions &List", lambda: self._show_side_tab(self.suggestions), "Ctrl+2")
        # Back to the keys that move the playhead, from a slider or list that kept the arrows.
        self._action(view_menu, "&Timeline", lambda: self.timeline_view.setFocus(Qt.FocusReason.ShortcutFocusReason),
                     "Ctrl+3")
        self.scopes_action = self._action(view_menu, "&Scopes", lambda: None, QKeySequence("Ctrl+Shift+W"))
        self.scopes_action.setCheckable(True)
        self.scopes_action.toggled.connect(self._show_scopes)
        self.scopes_beside_action = self._action(view_menu, "Scopes &Beside Viewer", lambda: None)
        self.scopes_beside_action.setCheckable(True)
        self.scopes_beside_action.setToolTip("The scopes right of the viewer, not above the inspector: "
                                             "the grade's sliders keep the side column's height")
        self.scopes_beside_action.toggled.connect(self._place_scopes)
        # Asked for from the menu, they are shown too (a restored setting only places them).
        self.scopes_beside_action.triggered.connect(lambda on: on and self.scopes_action.setChecked(True))
        self._action(view_menu, "Reset Layout", self._reset_layout)

        play_menu = bar.addMenu("&Playback")
        self._action(play_menu, "Play / Pause", self.playback.toggle, "Space")
        self._action(play_menu, "Play Backward (J)", self.playback.shuttle_backward, "J")
        self._action(play_menu, "Pause (K)", self.playback.stop, "K")
        self._action(play_menu, "Play Forward (L)", self.playback.shuttle_forward, "L")
        play_menu.addSeparator()
        self._action(play_menu, "Previous Frame", lambda: self._step(-1), "Left")
        self._action(play_menu, "Next Frame", lambda: self._step(1), "Right")
        self._action(play_menu, "Back One Second", lambda: self._step_seconds(-1), "Shift+Left")
        self._action(play_menu, "Forward One Second", lambda: self._step_seconds(1), "Shift+Right")
        self._action(play_menu, "Go to Start", lambda: self.seek(0), "Home")
        self._action(play_menu, "Go to End", lambda: self.seek(self.session.timeline.duration - 1), "End")
        self._action(play_menu, "Previous Edit", lambda: self.editing.go_to_edit(-1), "Up")
        self._action(play_menu, "Next Edit", lambda: self.editing.go_to_edit(1), "Down")
        self._action(play_menu, "Previous Marker", lambda: self.editing.go_to_marker(-1), "Shift+Up")
        self._action(play_menu, "Next Marker", lambda: self.editing.go_to_marker(1), "Shift+Down")
        play_menu.addSeparator()
        self._action(play_menu, "Mark In", lambda: self._mark("in"), "I")
        self._action(play_menu, "Mark Out", lambda: self._mark("out"), "O")
        self._action(play_menu, "Clear In and Out", self.playback.clear_in_out, "Alt+X")
        self._action(play_menu, "Play In to Out", self.playback.play_in_to_out, "Shift+Space")
        self._action(play_menu, "Play Around", self.play_around, "Shift+K")

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Keyboard Shortcuts", self.show_shortcuts, QKeySequence("Ctrl+/"))
        help_menu.addSeparator()
        about = self._action(help_menu, "&About vedit", self.show_about, object_name="aboutAction")
        about.setMenuRole(QAction.MenuRole.AboutRole)  # macOS puts it in the application menu

    def show_start_timecode(self) -> StartTimecodeDialog:
        """Edit ▸ Start Timecode…: the first frame's timecode, applied as one undoable edit."""
        dialog = StartTimecodeDialog(self.session.timeline, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self._set_start_timecode)
        dialog.open()
        return dialog

    def _set_start_timecode(self, label: str) -> None:
        if label != start_timecode(self.session.timeline) and self.session.apply(SetStartTimecode(label)):
            self.statusBar().showMessage(f"The timeline starts at {timeline_timecode(self.session.timeline, 0)}.", 4000)

    def _mark(self, side: str) -> None:
        """I / O at the playhead, said in the status bar; a mark on the wrong side of the new
        one is cleared, as editors expect, and said so (it went without a word)."""
        other = self.playback.out_point if side == "in" else self.playback.in_point
        (self.playback.set_in if side == "in" else self.playback.set_out)(self.playhead)
        kept = self.playback.out_point if side == "in" else self.playback.in_point
        said = f"{side.capitalize()} at {timeline_timecode(self.session.timeline, self.playhead)}."
        if other is not None and kept is None:
            gone = "out" if side == "in" else "in"
            said += f" The {gone} mark ({timeline_timecode(self.session.timeline, other)}) was on the wrong side of it: cleared."
        self.statusBar().showMessage(said, 5000)

    def take_picture_format(self) -> bool:
        """Edit ▸ Picture Format From Selected Clip: the export's (and viewer's) size and colour
        from that clip's footage, one undo step; the edit keeps it however the cut is reordered."""
        timeline = self.session.timeline
        for item_id in self.timeline_view.selected_ids():
            found = timeline.find_item(item_id)
            if found is None or not isinstance(found[2], Clip):
                continue
            clip = found[2]
            picture = next((other for track, _, other in timeline.linked_items(clip.id)
                            if timeline.tracks[track].kind is TrackKind.VIDEO and isinstance(other, Clip)), None)
            if picture is None:
                continue
            if self.session.apply(SetPictureSource(picture.media.path, picture.media.file_name)):
                self.statusBar().showMessage(
                    f"The edit's picture now takes its size and colour from {picture.media.file_name}.", 6000)
                return True
            return False
        self.statusBar().showMessage("Select a clip with a picture first: its footage sets the edit's size.", 5000)
        return False

    def show_shortcuts(self) -> ShortcutsDialog:
        """Every key, from the menus as they are now (the grade review adds its own)."""
        dialog = ShortcutsDialog(self.menuBar(), self)
        dialog.setObjectName("shortcutsDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_about(self) -> AboutDialog:
        """The version, the models and what to know of them, licences, where things are kept."""
        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _connect(self) -> None:
        s = self.session
        s.opened.connect(self._on_session_opened)
        self.viewer.picture_changed.connect(lambda picture: self.scopes.set_picture(picture, self._scope_note()))
        s.open_failed.connect(self._on_session_open_failed)
        s.timeline_changed.connect(self._on_session_timeline_changed)
        s.saved.connect(self._on_session_saved)
        s.save_failed.connect(self._on_session_save_failed)
        s.save_conflict.connect(self._on_session_save_conflict)
        s.edit_refused.connect(lambda message: self.statusBar().showMessage(refused_text(message), 5000))
        s.dirty_changed.connect(lambda _dirty: self._update_title())
        s.recovery_found.connect(self._on_session_recovery_found)
        s.in_use_found.connect(self._on_session_in_use_found)
        s.autosave_problem.connect(self._on_autosave_problem)
        s.media_added.connect(self._on_session_media_added)
        s.relinked.connect(self._on_session_relinked)
        s.add_failed.connect(self._on_session_add_failed)

        self.fetcher.frame_ready.connect(self._on_fetcher_frame_ready)
        self.fetcher.damage_shown.connect(self._on_fetcher_damage_shown)
        self.fetcher.failed.connect(self._on_fetcher_failed)

        p = self.playback
        p.position_changed.connect(self._on_playback_position_changed)
        p.frame_ready.connect(self._on_playback_frame_ready)
        p.state_changed.connect(self._on_playback_state_changed)
        p.speed_changed.connect(self._on_playback_speed_changed)
        p.marks_changed.connect(self._on_playback_marks_changed)
        p.levels_changed.connect(self.level_meter.set_levels)
        p.status_changed.connect(lambda text: self.statusBar().showMessage(text, 4000) if text else None)
        p.failed.connect(lambda text: self.statusBar().showMessage(text, 6000))

        t = self.timeline_view
        t.playhead_moved.connect(self._on_timeline_playhead_moved)
        t.scrub_started.connect(self._on_timeline_scrub_started)
        t.scrub_finished.connect(self._on_timeline_scrub_finished)
        t.trim_frame.connect(self._on_trim_frame)
        t.trim_finished.connect(self._on_trim_finished)
        t.selection_changed.connect(self._on_timeline_selection_changed)
        t.edit_requested.connect(self.session.apply)
        self.inspector.edit_requested.connect(self.session.apply)
        t.suggestion_clicked.connect(self._on_timeline_suggestion_clicked)
        t.files_dropped.connect(self.add_footage)

        self.suggestions.decide_requested.connect(self.decide)
        self.inspector.decide_requested.connect(self.decide)
        # "Keep dissolves" is the editor's standing preference: remembered across sessions.
        self.suggestions.keep_dissolves.setChecked(bool(settings().value(KEEP_DISSOLVES_KEY, True, bool)))
        self.suggestions.keep_dissolves.toggled.connect(self._on_keep_dissolves_toggled)
        # Rejected suggestions come back in the lane too, where they can be clicked and accepted.
        self.suggestions.show_rejected.toggled.connect(self.timeline_view.set_show_rejected_suggestions)
        self.session.keep_dissolves = self.suggestions.keep_dissolves.isChecked()
        self.suggestions.suggestion_activated.connect(self._on_timeline_suggestion_clicked)
        self.suggestions.current_changed.connect(self._on_list_current_changed)
        self.suggestions.picked_none.connect(self._on_list_picked_none)
        self.suggestions.threshold.valueChanged.connect(lambda value: self.timeline_view.set_review_threshold(value / 100))
        self.timeline_view.set_review_threshold(self.suggestions.threshold_value)
        s.score_curve_changed.connect(lambda _path: self._refresh_score_curves())

    # --- layout memory ---------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        store = settings()
        geometry = store.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        # The scopes first, where they were: the saved sizes then win over their opening size.
        self.scopes_beside_action.setChecked(store.value("window/scopesBeside") in (True, "true"))
        self.scopes_action.setChecked(store.value("window/scopes") in (True, "true"))
        for splitter in self._splitters():
            state = store.value(self._state_key(splitter))
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        kind = store.value("window/scopeKind")
        if kind in {k.name for k in ScopeKind}:
            self.scopes.set_kind(ScopeKind[kind])

    def _save_layout(self) -> None:
        store = settings()
        store.setValue("window/geometry", self.saveGeometry())
        for splitter in self._splitters():
            store.setValue(self._state_key(splitter), splitter.saveState())
        store.setValue("window/scopes", self.scopes_action.isChecked())
        store.setValue("window/scopesBeside", self.scopes_beside_action.isChecked())
        store.setValue("window/scopeKind", self.scopes.kind.name)

    def _splitters(self) -> tuple[QSplitter, ...]:
        """Those whose sizes are kept between sessions."""
        return self.top_splitter, self.main_splitter, self.side_splitter, self.viewer_splitter

    def _state_key(self, splitter: QSplitter) -> str:
        """Where a splitter's sizes are kept: the side column's and the viewer's apart for
        each place of the scopes, as they hold other panels in each."""
        placed = self._scopes_beside() and splitter in (self.side_splitter, self.viewer_splitter)
        return f"window/{splitter.objectName()}{'ScopesBeside' if placed else ''}"

    def _reset_layout(self) -> None:
        self.top_splitter.setSizes([3 * self.width() // 4, self.width() // 4])
        self.main_splitter.setSizes([3 * self.height() // 5, 2 * self.height() // 5])
        self._set_default_side_sizes()
        # Sizes kept for the other placement of the scopes go too: the reset is for both.
        self._side_sizes = self._scopes_width = None
        if self._scopes_beside():
            self._size_scopes_beside()

    def _set_default_side_sizes(self) -> None:
        """The side column's panels at their natural heights, the tabs taking the rest."""
        side = self.side_splitter
        side.setSizes([side.widget(i).sizeHint().height() for i in range(side.count() - 1)] + [self.height()])

    # --- files -------------------------------------------------------------------------------------

    def open_path(self, path: str | Path) -> None:
        """Open a video or project in place of the edit, asking first about unsaved changes
        (opening discards the undo history and the crash-recovery copy with the edit)."""
        if self.session.is_dirty:
            self._ask_to_save_then(f"opening {Path(path).name}", lambda: self._open_now(path))
            return
        self._open_now(path)

    def _open_now(self, path: str | Path, *, anyway: bool = False) -> None:
        self.viewer.show_message(f"Opening {Path(path).name}…")
        self.statusBar().showMessage(f"Opening {path}…")
        self.playback.pause()
        self.session.open_path(path, anyway=anyway)

    def _on_open_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open video or project", "", MEDIA_FILTER)
        if path:
            self.open_path(path)

    def _on_add_footage_triggered(self, above: bool = False) -> None:
        title = "Lay footage over the edit at the playhead" if above else "Add footage to the timeline"
        paths, _ = QFileDialog.getOpenFileNames(self, title, "", FOOTAGE_FILTER)
        if paths:
            self.add_footage(paths, self.playhead if above else None, above=above)

    def add_footage(self, paths: list[str], frame: int | None = None, above: bool = False) -> None:
        """Files go on the timeline at ``frame`` (the end by default), one undo step: inserted,
        or ``above`` the edit on new tracks."""
        names = Path(paths[0]).name if len(paths) == 1 else f"{len(paths)} files"
        self.statusBar().showMessage(f"Adding {names}…")
        self.session.add_media(paths, frame, above=above)

    def _on_session_media_added(self, paths: list[str], new_sources: list[str], frame: int) -> None:
        names = Path(paths[0]).name if len(paths) == 1 else f"{len(paths)} clips"
        self.statusBar().showMessage(f"Added {names} at {timeline_timecode(self.session.timeline, frame)}.", 6000)
        self.seek(frame)
        # A source already on the timeline was analysed when it came: it keeps its suggestions.
        self._analyze_sources(new_sources)

    def _on_relink_triggered(self) -> None:
        missing = self.session.missing_media
        if not missing:
            return
        name = Path(missing[0]).name
        path, _ = QFileDialog.getOpenFileName(self, f"Where is {name} now?", str(self._relink_folder(missing[0])), FOOTAGE_FILTER)
        if path:
            self.session.relink(missing[0], path)

    def _relink_folder(self, missing: str) -> Path:
        """Where the file dialog starts: the nearest folder that is still there on the way to
        where the file was (a renamed file sits beside its old name; a moved shoot folder is
        next to where it was), else the project's folder."""
        for folder in Path(missing).parents:
            if folder.is_dir() and folder != Path(folder.anchor):
                return folder
        project = self.session.project_path
        return project.parent if project is not None else Path.home()

    def _on_session_relinked(self, paths: list[str]) -> None:
        left = len(self.session.missing_media)
        self.relink_action.setEnabled(bool(left))
        note = f"; {left} still missing (File ▸ Relink Missing Media)" if left else ""
        self.statusBar().showMessage(f"Found {', '.join(Path(p).name for p in paths)} again{note}.", 8000)
        self.fetcher.request(self.playhead)
        self._analyze_sources(paths)

    def _on_session_add_failed(self, path: str, message: str) -> None:
        self.statusBar().showMessage(f"Could not add {path}", 6000)
        self._warn(f"Could not add {Path(path).name}", message, "addErrorBox")

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in settings().value("recent", [], list) or [] if isinstance(p, str)]
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(recent))

    def _remember_recent(self, path: str) -> None:
        store = settings()
        recent = [p for p in store.value("recent", [], list) or [] if isinstance(p, str) and p != path]
        store.setValue("recent", [path, *recent][:RECENT_LIMIT])
        self._rebuild_recent_menu()

    def _on_session_opened(self, path: str) -> None:
        self.relink_action.setEnabled(bool(self.session.missing_media))
        self._remember_recent(str(Path(path).resolve()))
        self._update_title()
        note = self.session.open_note
        self.statusBar().showMessage(note or f"Opened {path}", 20000 if note else 5000)
        for job in list(self.jobs.jobs):  # work for the edit before: its results would be dropped
            if job.kind in ("analysis", "loudness", "pick"):
                job.cancel()
        self.start_analysis()
        state = self.session.ui_state
        self.seek(int(state.get("playhead", 0)) if isinstance(state.get("playhead", 0), int) else 0)
        self.timeline_view.zoom_to_fit()

    def _on_session_open_failed(self, path: str, message: str) -> None:
        if self.session.timeline.duration and self.viewer.message == f"Opening {Path(path).name}…":
            self.viewer.show_message("")  # the edit kept: its picture, without the word over it
        missing = self.session.missing_media
        self.relink_action.setEnabled(bool(missing))
        kinds = [k for k in ("Media not found", "Media changed") if any(line.startswith(f"{k}:") for line in message.splitlines())]
        if missing and kinds:  # files gone, or no longer holding the frames the edit uses
            self._warn(kinds[0] if len(kinds) == 1 else "Media not found or changed", f"{message}\n\nThe edit is kept as it was. File ▸ Relink Missing Media "
                       "points it at where the files are now.", "openErrorBox")
            return
        if self.session.timeline.duration and message.startswith(f"{CUT_SHORT}:"):  # opened, with less than it promised
            notes = "\n".join(line.removeprefix(f"{CUT_SHORT}: ") for line in message.splitlines())  # titled so
            self.statusBar().showMessage(notes.splitlines()[0], 15000)
            self._warn(CUT_SHORT, f"{notes}\n\nvedit edits the frames it holds: cut detection, grades "
                       "and stabilization cover them, and the export shows them.", "openErrorBox")
            return
        if self.session.timeline.duration == 0:
            self.viewer.show_message(f"Could not open {Path(path).name}")
        self.statusBar().showMessage(f"Could not open {path}")
        self._warn("Could not open", message, "openErrorBox")

    def save(self) -> asyncio.Task[bool] | None:
        if self.session.project_path is None:
            return self.save_as()
        self.session.ui_state["playhead"] = self.playhead
        return self.session.save()

    def save_as(self) -> asyncio.Task[bool] | None:
        start = self.session.project_path or (self.session.source_path or Path("Untitled")).with_suffix(".vedit")
        path, _ = QFileDialog.getSaveFileName(self, "Save project", str(start), PROJECT_FILTER)
        target = self.completed_name(path, PROJECT_SUFFIX) if path else None
        if target is None:
            self._after_save = None
            return None
        self.session.ui_state["playhead"] = self.playhead
        return self.session.save(target)

    def completed_name(self, chosen: str, extension: str, known: tuple[str, ...] = ()) -> Path | None:
        """The file a save dialog's answer names, ``extension`` added to the name as typed
        ("Ep. 1 final" → "Ep. 1 final.otio", never "Ep.otio"); a completed name the dialog never
        saw is asked about before an existing file there is replaced (None: not to write)."""
        path = with_extension(Path(chosen), extension, known=known)
        if path != Path(chosen) and not may_replace(self, path):
            return None
        return path

    def _on_session_saved(self, path: str) -> None:
        self._remember_recent(str(Path(path).resolve()))
        self._update_title()
        self.statusBar().showMessage(f"Saved {path}", 4000)
        then, self._after_save = self._after_save, None
        if then is not None and not self.session.is_dirty:
            then()

    def _on_session_save_failed(self, path: str, message: str) -> None:
        self._after_save = None
        self._warn("Could not save", f"{message}\n\nYour project is still open and nothing was lost.", "saveErrorBox")

    def _on_session_save_conflict(self, path: str) -> None:
        """The project file changed on disk since this window read or wrote it (another vedit
        saved it, after Open Anyway): saving would throw that away, so the editor decides."""
        name = Path(path).name
        box = QMessageBox(QMessageBox.Icon.Warning, "Project changed on disk",
                          f"{name} was saved by another vedit (or changed on disk) since this window opened "
                          "or saved it. Saving here replaces those changes.", QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("saveConflictBox")
        box.setInformativeText("Save As keeps both: this edit under a new name, the other as it is.")
        save_as = box.addButton("Save &As…", QMessageBox.ButtonRole.AcceptRole)
        replace_it = box.addButton("&Replace Their Changes", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(save_as)

        def on_finished(_result: int) -> None:
            if box.clickedButton() is save_as:
                self.save_as()
            elif box.clickedButton() is replace_it:
                self.session.ui_state["playhead"] = self.playhead
                self.session.save(replace_changed=True)
            else:
                self._after_save = None

        box.finished.connect(on_finished)
        box.open()

    def _on_session_recovery_found(self, recovery) -> None:
        when = recovery.saved_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        place, found = self.session.recovery_place
        if place <= 1:
            text = f"vedit found edits to {self.session.title} that were not saved (last change {when}).\n"
            if found > 1:  # two windows on the project that both ended: each one's edits are kept
                others = "the other is" if found == 2 else "each of the others is"
                text += f"These are the newest of {found} windows' unsaved edits to it; {others} offered after this.\n"
        else:
            text = (f"vedit found more edits to {self.session.title} that were not saved, from another "
                    f"window ({place} of {found}, last change {when}).\n"
                    "Restoring them replaces what the window shows now.\n")
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Recover unsaved edits?",
            text + "Restore them? You can undo the restore.",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("recoveryBox")
        restore = box.addButton("&Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)

        def on_finished(_result: int) -> None:
            if box.clickedButton() is restore:
                asyncio.ensure_future(self.session.restore(recovery))  # its marks come with its timeline
            else:
                self.session.discard_recovery(recovery)

        box.finished.connect(on_finished)
        box.open()

    def _on_autosave_problem(self, problem: str) -> None:
        """Crash recovery has stopped (or started again): an editor not covered must save."""
        self.recovery_warning.setVisible(bool(problem))
        self.recovery_warning.setText("⚠ No crash-recovery copy: save your work" if problem else "")
        self.recovery_warning.setToolTip(f"vedit could not write its crash-recovery copy: {problem}\n\n"
                                         "Until it can, a crash loses what is not saved. File ▸ Save keeps it."
                                         if problem else "")
        if problem:
            self.statusBar().showMessage(f"Crash-recovery copies cannot be written: {problem}", 15000)

    def _on_session_in_use_found(self, path: str, holder: str) -> None:
        """Another vedit has the project open: two copies saving would each write over the
        other's work, so the editor decides, with Cancel the default."""
        name = Path(path).name
        if self.viewer.message == f"Opening {name}…":
            self.viewer.show_message("" if self.session.timeline.duration else EMPTY_VIEWER_MESSAGE)
        self.statusBar().showMessage(f"{name} is open in another vedit", 8000)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Project already open",
            f"{name} is open in another vedit window: {holder}.",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("inUseBox")
        box.setInformativeText("If both save, each writes over the other's changes. Switch to that window; "
                               "open it here anyway only if that vedit has stopped responding.")
        anyway = box.addButton("&Open Anyway", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def on_finished(_result: int) -> None:
            if box.clickedButton() is anyway:
                self._open_now(path, anyway=True)

        box.finished.connect(on_finished)
        box.open()

    def _update_title(self) -> None:
        dirty = "●  " if self.session.is_dirty else ""
        self.setWindowTitle(f"{dirty}{self.session.title} — vedit")

    # --- export ---------------------------------------------------------------------------------

    def _default_export_path(self, suffix: str) -> Path:
        base = self.session.project_path or self.session.source_path or Path.home() / "Untitled"
        return base.with_name(base.stem + "-edit").with_suffix(suffix)

    def _render_path_offered(self, suffix: str) -> Path:
        """Where the export dialog starts: the file this edit was last exported to (kept with
        the project, so a failed export's typed path, or last week's, comes back), else a
        name beside the edit. The name takes the default preset's extension; the dialog swaps
        it for the preset it offers (the last one chosen: ProRes gives it .mov back)."""
        last = self.session.ui_state.get(LAST_EXPORT)
        return Path(last).with_suffix(suffix) if isinstance(last, str) and last else self._default_export_path(suffix)

    def export(self) -> Job | None:
        if self.session.timeline.duration == 0:
            self.statusBar().showMessage("Nothing to export: the timeline is empty.", 4000)
            return None
        timeline = self.session.timeline
        picture = has_picture(timeline)
        suffix = output_extension(get_preset(DEFAULT_PRESET), picture=picture)
        dialog = ExportDialog(
            self._render_path_offered(suffix), self,
            duration=timeline.duration, marked=self.playback.marked_frames(), rate=timeline.rate, picture=picture,
            clock=timeline_clock(timeline),
            footage=lambda path: is_footage(timeline, path),
            remembered=ExportChoices.load(settings()),
        )
        # The picture size (for the presets' encoders) and sources cut short, found off this thread.
        checks = asyncio.ensure_future(self.session.export_checks(timeline))
        checks.add_done_callback(lambda done: done.cancelled() or done.exception() or dialog.set_sources(*done.result()))
        accepted = dialog.exec() == ExportDialog.DialogCode.Accepted
        checks.cancel()
        if not accepted:
            return None
        self.session.ui_state[LAST_EXPORT] = str(dialog.path)
        dialog.choices.save(settings())  # offered by the next export, in this session or the next
        return self.start_export(dialog.path, dialog.preset, dialog.frames, dialog.max_height, dialog.loudness)

    def start_export(self, path: Path, preset: str = "h264", frames: FrameRange | None = None,
                     max_height: int | None = None, loudness: str | None = None) -> Job:
        snapshot = self.session.timeline
        job = self.jobs.start(
            f"Exporting {path.name}",
            "render",
            lambda progress, cancel: render_with_report(
                snapshot, path, preset=preset, progress=progress, cancel=cancel, frames=frames, max_height=max_height,
                loudness=loudness,
            ),
        )
        job.output = path
        job.finished.connect(lambda result: self._on_export_finished(path, result.loudness, result.warnings))
        job.failed.connect(self._export_failed)
        job.cancelled.connect(lambda: self.statusBar().showMessage(
            f"Export cancelled; {what_stopping_leaves(job, stopped=True)}.", 5000))
        return job

    def _on_export_finished(self, path: Path, loudness: LoudnessReport | None = None,
                            warnings: tuple[str, ...] = ()) -> None:
        self.statusBar().showMessage(f"Exported {path}", 8000)
        said = f"Wrote {path}" if loudness is None else f"Wrote {path}\n\n{loudness.summary()}"
        if warnings:  # damaged footage, concealed as players conceal it: where, so it can be cut round
            said += "\n\nSome footage is damaged:\n" + "\n".join(f"• {line}" for line in warnings)
        icon = QMessageBox.Icon.Warning if warnings else QMessageBox.Icon.Information
        box = QMessageBox(icon, "Export finished", said, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("exportDoneBox")
        show = box.addButton("Show in Folder", QMessageBox.ButtonRole.ActionRole)
        box.finished.connect(
            lambda _r: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))) if box.clickedButton() is show else None
        )
        box.open()

    def _on_export_frame_triggered(self) -> None:
        edit = self._default_export_path(".png")
        suggested = edit.with_name(f"{edit.stem} frame {self.playhead}.png")
        chosen, _ = QFileDialog.getSaveFileName(self, "Export frame", str(suggested), "Pictures (*.png *.jpg *.tif)")
        path = self.completed_name(chosen, ".png", (".jpg", ".jpeg", ".tif", ".tiff")) if chosen else None
        if path is not None:
            self.export_frame(path)

    def export_frame(self, path: Path) -> Job | None:
        """The frame at the playhead, as the export shows it (graded, full size), to a picture."""
        timeline, frame = self.session.timeline, self.playhead
        if not has_picture(timeline):
            self.statusBar().showMessage("There is no picture to export.", 4000)
            return None
        job = self.jobs.start(f"Writing {path.name}", "render", lambda _progress, _cancel: render_still(timeline, frame, path))
        job.finished.connect(lambda _out: self.statusBar().showMessage(f"Wrote {path}", 6000))
        job.failed.connect(self._export_failed)
        return job

    def _export_interchange(self, suffix: str, path: Path | None = None) -> Job | None:
        if path is None:
            kind = INTERCHANGE[suffix][0]
            chosen, _ = QFileDialog.getSaveFileName(self, "Export", str(self._default_export_path(suffix)), kind)
            completed = self.completed_name(chosen, suffix) if chosen else None
            if completed is None:
                return None
            path = completed
        snapshot = self.session.timeline
        write = INTERCHANGE[suffix][1]
        # An EDL's locators and an XML's markers: pending suggestions as the list shows them to review;
        # its title the project's name (else the writer's: the first clip's).
        project = self.session.project_path
        marks = {} if suffix == ".otio" else {"review_threshold": self.suggestions.threshold_value,
                                              "title": project.stem if project is not None else None}
        job = self.jobs.start(f"Writing {path.name}", "io", lambda _progress, _cancel: write(snapshot, path, **marks))
        job.finished.connect(lambda note: self._on_interchange_written(path, note))
        job.failed.connect(self._export_failed)
        return job

    # --- suggestions ------------------------------------------------------------------------------

    def start_analysis(self) -> list[Job]:
        """Find cuts in every source of the timeline in the background; suggestions stream in."""
        for job in list(self.jobs.jobs):
            if job.title.startswith("Finding cuts"):
                job.cancel()
        return self._analyze_sources(None)

    def _analyze_sources(self, paths: list[str] | None) -> list[Job]:
        """Cut detection (then grades) for each picture source of the timeline in ``paths``
        (None: every one)."""
        return [self._analyze(media) for media in self.session.timeline.media()
                if media.has_video and (paths is None or media.path in paths)]

    def _analyze(self, media: MediaReference) -> Job:
        from ..analysis.analyze import analyze_cuts
        from ..analysis.cut_detector import MODEL_VERSION
        from ..analysis.grades import ShotSampler
        from ..analysis.suggestions import cut_suggestions

        path = media.path
        loop = asyncio.get_running_loop()
        # Small frames kept from the one decode pass: the grade job that follows reads them.
        sampler = ShotSampler(media.duration)
        document = self.session.document

        def arrived(batch) -> None:  # from the worker thread: hand over to the GUI thread
            suggestions = cut_suggestions(path, batch, MODEL_VERSION)
            loop.call_soon_threadsafe(self.session.add_suggestions, suggestions, document)

        def scored(scores) -> None:  # from the worker thread, as the curve grows
            loop.call_soon_threadsafe(self.session.set_score_curve, path, scores)

        # A file cut short is analysed whole to where it ends (said when it opened).
        job = self.jobs.start(
            f"Finding cuts in {Path(path).name}",
            "analysis",
            lambda progress, cancel: analyze_cuts(
                path, progress=progress, cancel=cancel, on_transitions=arrived, on_scores=scored,
                on_frame=sampler.push, rate=media.rate,
            ),
        )
        job.finished.connect(lambda result: document == self.session.document
                             and self._on_analysis_finished(path, result, sampler))
        job.failed.connect(lambda message: self.statusBar().showMessage(f"Cut detection stopped: {message}", 8000))
        job.cancelled.connect(lambda: self.statusBar().showMessage(
            f"Cut detection cancelled for {Path(path).name}: Suggestions ▸ Find Cuts Again runs it again.", 8000))
        return job

    def _on_analysis_finished(self, path: str, result, sampler) -> None:
        from ..analysis.suggestions import cut_suggestions

        name = Path(path).name
        confidences = [s.confidence for s in cut_suggestions(path, result.transitions, result.version)]
        self.news.found(Finding.of("cut", confidences, self.suggestions.threshold_value))
        if not result.complete:
            self._warn("Cut detection stopped early", f"{result.error}\n\nThe cuts found before that point are kept.", "analysisErrorBox")
        else:
            found = len(result.transitions)
            self.say_in_background(f"Found {found} possible cut{'s' if found != 1 else ''} in {name}.", 6000)
            # Shots come from the cuts just found, their frames from the same decode pass;
            # stabilization reads the file again, after the grades, on the same worker.
            self.grading.suggest_grades([path], {path: sampler})
            self.stabilizing.suggest([path])
        self._say_damage(list(getattr(result, "warnings", ())))

    def _say_damage(self, notes: list[str]) -> None:
        """Damaged picture (the analysis meets it) or sound (the waveform does): each said once,
        as it is found; a second analysis or waveform of the file finds the same."""
        new = [note for note in notes if note not in self._damage_said]
        if not new:
            return
        self._damage_said.update(new)
        shown = next((box for box in self.findChildren(QMessageBox, "damageBox") if box.isVisible()), None)
        if shown is not None:  # one box, not two stacked: the sound's and the picture's news together
            head, _, tail = shown.text().partition(_DAMAGE_ADVICE)
            shown.setText(head + "\n\n" + "\n\n".join(new) + _DAMAGE_ADVICE + tail)
            return
        self._warn("Damaged footage", "\n\n".join(new) + _DAMAGE_ADVICE, "damageBox")

    def _pending_places(self) -> list[tuple[int, str]]:
        """(timeline frame, suggestion id) of every pending suggestion above the threshold."""
        timeline = self.session.timeline
        places = suggestion_places(timeline)
        threshold = self.suggestions.threshold_value
        found = []
        for s in timeline.suggestions:
            if s.status is SuggestionStatus.PENDING and s.confidence >= threshold and self.grading.is_review_stop(s):
                found += [(frame, s.id) for frame in places.frames_for(s.source, s.cut_frame)]
        return sorted(found)

    def jump_to_suggestion(self, direction: int) -> None:
        places = self._pending_places()
        ahead = [p for p in places if (p[0] - self.playhead) * direction > 0]
        if not ahead:
            below = self._pending_below_threshold(direction)
            more = (f" {below} more below the threshold ({self.suggestions.threshold_value:.0%}) that way: "
                    "lower it to stop at them, or pick one in the Suggestions list." if below else "")
            others = self._other_kinds_waiting()
            self.statusBar().showMessage(f"No more pending suggestions that way.{more}{others}",
                                         6000 if below or others else 3000)
            return
        frame, suggestion_id = ahead[0] if direction > 0 else ahead[-1]
        self.seek(frame)
        self.inspector.show_suggestion(self.session.timeline, self.session.timeline.suggestion(suggestion_id))
        self._show_compare(suggestion_id)
        self.suggestions.follow(suggestion_id)

    def _other_kinds_waiting(self) -> str:
        """Unfiltered, N / P stop at cuts only: what other kinds wait, and how to reach them
        (" 4 pauses and 2 grades wait: filter the Suggestions list to one kind …"), else ""."""
        if self.suggestions.kind_box.currentText() != ALL_KINDS:
            return ""
        waiting = Counter(shown_kind(s) for s in self.session.timeline.suggestions
                          if s.status is SuggestionStatus.PENDING and not self.grading.is_review_stop(s))
        if not waiting:
            return ""
        kinds = [f"{n} {kind}{'s' * (n != 1)}" for kind, n in waiting.most_common()]
        listed = kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} and {kinds[-1]}"
        verb = "waits" if sum(waiting.values()) == 1 else "wait"
        return f" {listed} {verb}: filter the Suggestions list to one kind, and N / P go through them."

    def _pending_below_threshold(self, direction: int) -> int:
        """How many pending suggestions N / P would stop at that way but for the threshold."""
        timeline = self.session.timeline
        places = suggestion_places(timeline)
        threshold = self.suggestions.threshold_value
        return sum(1 for s in timeline.suggestions
                   if s.status is SuggestionStatus.PENDING and s.confidence < threshold and self.grading.is_review_stop(s)
                   and any((f - self.playhead) * direction > 0 for f in places.frames_for(s.source, s.cut_frame)))

    def _inspected_at_playhead(self) -> str | None:
        """The pending suggestion the inspector shows, if the playhead is on it (within two
        frames of a cut, inside a grade's or an effect's shot): A / R take it, whatever the
        threshold, as the editor picked it."""
        timeline = self.session.timeline
        s = timeline.suggestion(self.inspector.suggestion_id) if self.inspector.suggestion_id else None
        if s is None or s.status is not SuggestionStatus.PENDING:
            return None
        places = suggestion_places(timeline)
        if s.kind == CUT:
            return s.id if self._at_cut(places, s) else None
        return s.id if self._spans_playhead(places, s) else None

    def _at_cut(self, places: SuggestionPlaces, cut: Suggestion) -> bool:
        """Whether the playhead is within two frames of a place where ``cut`` cuts."""
        return any(abs(f - self.playhead) <= 2 for f in places.frames_for(cut.source, cut.cut_frame))

    def _spans_playhead(self, places: SuggestionPlaces, suggestion: Suggestion) -> bool:
        """Whether the playhead is on one of the places that show ``suggestion``'s frames."""
        return any(r.contains(self.playhead) for r in places.ranges_for(suggestion.source, suggestion.source_range))

    def decide_at_playhead(self, status: SuggestionStatus) -> None:
        inspected = self._inspected_at_playhead()
        near = [(abs(frame - self.playhead), sid) for frame, sid in self._pending_places() if abs(frame - self.playhead) <= 2]
        timeline = self.session.timeline
        if not near:  # inside a dissolve's or fade's bar in the lane, not only at its cut
            near = self._pending_mix_under_playhead(timeline)
        # The one the editor picked, unless it spans the shot and a cut waits at the playhead.
        cut_near = any(timeline.suggestion(sid).kind == CUT for _, sid in near)
        if inspected is not None and (not cut_near or timeline.suggestion(inspected).kind == CUT):
            self.decide([inspected], status)  # its message answers an earlier hint about this spot
            return
        if not near and inspected is None:
            decided = self._decided_cut_near(timeline)
            if decided is not None:  # A then R at a cut: the R is for the cut, not the shot's grade
                self.statusBar().showMessage(unchanged_text(timeline, [decided], decided.status)
                                             + " Ctrl+Z takes it back.", 6000)
                return
        # Away from a cut, the grade of the shot under the playhead.
        grade = None if near else self.grading.pending_grade_at(self.playhead, self.suggestions.threshold_value)
        if not near and grade is None:
            unsure = self.grading.pending_grade_at(self.playhead)
            if unsure is None:
                self.statusBar().showMessage("No pending suggestion at the playhead (N jumps to the next).", 6000)
                return
            # Below the threshold: shown first (inspector, preview, compare), decided by a second press.
            self._review_here(unsure)
            key = "A" if status is SuggestionStatus.ACCEPTED else "R"
            self.statusBar().showMessage(
                f"The grade here is unsure ({confidence_label(timeline.suggestion(unsure).confidence)}, below the threshold): "
                f"it is in the inspector to compare. {key} again {'accepts' if key == 'A' else 'rejects'} it.", 8000)
            return
        self.decide([min(near)[1] if near else grade], status)

    def decide(self, suggestion_ids: list[str], status: SuggestionStatus) -> bool:
        """Accept or reject suggestions as one undo step, and say which in the status bar: the
        one way A / R, the inspector's Accept / Reject and the Suggestions list's buttons
        decide, so each says the same."""
        timeline = self.session.timeline
        found = [s for s in map(timeline.suggestion, suggestion_ids) if s is not None]
        if not self.session.decide(suggestion_ids, status):
            if found:  # all of them were decided so already: nothing changed, no undo step
                self.statusBar().showMessage(unchanged_text(timeline, found, status), 4000)
            return False
        # Those whose status changed; none when an accepted cut was applied again to a copy.
        changed = [s for s in found if s.status is not status] or found
        self.statusBar().showMessage(decided_text(timeline, changed, status), 6000)
        return True

    def _decided_cut_near(self, timeline: Timeline) -> Suggestion | None:
        """A cut already accepted or rejected within two frames of the playhead."""
        places = suggestion_places(timeline)
        return next((s for s in timeline.suggestions
                     if s.kind == CUT and s.status is not SuggestionStatus.PENDING
                     and self._at_cut(places, s)), None)

    def _pending_mix_under_playhead(self, timeline: Timeline) -> list[tuple[int, str]]:
        """(distance to its cut, id) of each pending gradual transition N / P stop at whose
        mixed frames the playhead is on."""
        places = suggestion_places(timeline)
        threshold = self.suggestions.threshold_value
        found = []
        for s in timeline.suggestions:
            if not (s.kind == CUT and s.is_gradual and s.status is SuggestionStatus.PENDING
                    and s.confidence >= threshold and self.grading.is_review_stop(s)):
                continue
            if self._spans_playhead(places, s):
                cuts = places.frames_for(s.source, s.cut_frame)
                found.append((min((abs(f - self.playhead) for f in cuts), default=0), s.id))
        return found

    def _show_compare(self, suggestion_id: str | None) -> None:
        """The three-frame compare follows the suggestion under review (N / P, a click, the list)."""
        timeline = self.session.timeline
        suggestion = timeline.suggestion(suggestion_id) if suggestion_id else None
        self._compared = suggestion.id if suggestion is not None else None
        self.compare.show_suggestion(timeline, suggestion)

    def _refresh_score_curves(self) -> None:
        sources = [media.path for media in self.session.timeline.media() if media.has_video]
        self.timeline_view.set_score_curves({path: self.session.score_curve(path) for path in sources})

    # --- editing ---------------------------------------------------------------------------------

    def undo(self) -> None:
        self._step_history(self.session.history.undo_description, self.session.undo, "Undid", "Nothing to undo.")

    def redo(self) -> None:
        self._step_history(self.session.history.redo_description, self.session.redo, "Redid", "Nothing to redo.")

    def _step_history(self, description: str | None, step: Callable[[], bool], done: str, nothing: str) -> None:
        """Undo or redo, said in the status bar, so an earlier message there ("Accepted cut
        at ...") is not left standing over a timeline that no longer shows it. A neutral being
        picked is given up, as Esc does: its grade may be what the step takes back."""
        self.viewer.set_picking(False)
        self.statusBar().showMessage(f"{done} {description}." if step() else nothing, 3000)

    def _on_edit_menu_about_to_show(self) -> None:
        history = self.session.history
        self.undo_action.setText(f"&Undo {history.undo_description or ''}".strip())
        self.redo_action.setText(f"&Redo {history.redo_description or ''}".strip())
        self.undo_action.setEnabled(history.can_undo)
        self.redo_action.setEnabled(history.can_redo)

    def _on_keep_dissolves_toggled(self, on: bool) -> None:
        self.session.keep_dissolves = on
        settings().setValue(KEEP_DISSOLVES_KEY, on)

    def _on_session_timeline_changed(self, old: Timeline, new: Timeline) -> None:
        snapshot = new
        picture_changed = not same_picture(old, snapshot)
        if self.playback.playing_around and not picture_changed and self.pauses.previewed_changed(old, new):
            self.playback.pause()  # what Play Around or Play Tightened plays is out of date
        self.timeline_view.set_timeline(snapshot)
        # The edit's own marks first (an undone or redone I / O moves them back): the playback
        # must not cut the edit before's to this one's length and hand them in as a new step.
        self.playback.show_marks(*self.session.marks)
        if picture_changed:
            # Suggestions arriving leave the picture alone: playback and the paused viewer
            # keep their open decoders rather than restarting on every batch from analysis.
            self.playback.set_timeline(snapshot)
            self.refresh_viewer_source()
        self.suggestions.set_timeline(snapshot)
        if picture_changed:  # the note reads the accepted looks, part of the picture
            self.viewer.set_note(preview_note(snapshot) if snapshot.duration else "")
        self._refresh_score_curves()
        self._show_compare(self._compared)
        self.inspector.refresh(snapshot, self.timeline_view.selected_ids())
        if snapshot.duration == 0:
            self.viewer.clear("The timeline is empty. Undo (Ctrl+Z) brings back what was removed.")
            self.timecode.setText(timeline_timecode(snapshot, 0))
            return
        self._show_timecodes()  # a new start timecode moves no frame, but every label
        if self.playback.playing or not picture_changed:
            # Playback already went on with the new timeline from the playhead, and suggestions
            # streaming in from analysis must not stop the picture the editor is watching.
            return
        self.seek(min(self.playhead, snapshot.duration - 1))

    def refresh_viewer_source(self) -> None:
        """The paused viewer reads the edit afresh (a new picture, or scrub copies made)."""
        snapshot = self.session.timeline
        self.fetcher.set_source(lambda: open_graded_preview(snapshot, self.preview_look, STILL_MAX_WIDTH))

    # --- playhead --------------------------------------------------------------------------------

    def seek(self, frame: int) -> None:
        """Move the playhead and show that exact frame (pausing playback, as editors expect)."""
        duration = self.session.timeline.duration
        if duration == 0:
            return
        frame = max(0, min(frame, duration - 1))
        if self.playback.playing:
            self.playback.pause()
        self._move_playhead(frame)
        self.playback.seek(frame)
        self.fetcher.request(frame, fast=self._scrubbing)

    def play_around(self) -> None:
        """Shift+K: two seconds either side of the playhead, then back to it; on a pending
        pause, played as if it were taken out."""
        if not self.pauses.play_around():
            self.playback.play_around(self.playhead)

    def _move_playhead(self, frame: int) -> None:
        self.playhead = frame
        self.timeline_view.set_playhead(frame)
        self.grading.follow_playhead()  # the inspected grade is the one on screen
        self._show_timecodes()

    def _show_timecodes(self) -> None:
        """The readout (the playhead's timecode, from the start timecode, and the edit's length)
        and the in and out marks."""
        timeline = self.session.timeline
        clock = timeline_clock(timeline)
        self.timecode.setText(f"{clock.label(self.playhead)}  /  {clock.length(timeline.duration)}")
        in_point, out_point = self.playback.in_point, self.playback.out_point
        parts = [f"In {clock.label(in_point)}"] if in_point is not None else []
        parts += [f"Out {clock.label(out_point)}"] if out_point is not None else []
        self.marks_label.setText("   ".join(parts))

    def _step(self, frames: int) -> None:
        self.seek(self.playhead + frames)

    def _step_seconds(self, seconds: int) -> None:
        self.seek(self.playhead + seconds * nominal_fps(self.session.timeline.rate))

    def _on_timeline_playhead_moved(self, frame: int) -> None:
        self.seek(frame)

    def _on_timeline_scrub_started(self) -> None:
        self._scrubbing = True

    def _on_timeline_scrub_finished(self) -> None:
        self._scrubbing = False
        self.fetcher.request(self.playhead)  # the exact frame where the drag ended

    def _on_trim_frame(self, clip_id: str, source_frame: int) -> None:
        """While an edge is dragged the viewer shows the frame at it (as editors trim, by eye):
        read from the clip's whole source, with the edit's looks, off the GUI thread."""
        timeline = self.session.timeline
        found = timeline.find_item(clip_id)
        if found is None or not isinstance(found[2], Clip) or self.playback.playing:
            return
        media = found[2].media
        if self._trimming != media.path:
            self._trimming = media.path
            whole = replace(timeline_from_media(media, rate=timeline.rate), suggestions=timeline.suggestions)
            self._trim_frames = whole.duration
            self.fetcher.set_source(lambda: open_graded_preview(whole, self.preview_look, STILL_MAX_WIDTH))
        # A trim may reach a source's last frame partly under a frame past the rounded length
        # at another rate (``frames_at``): the render shows that last frame there too.
        self.fetcher.request(max(0, min(source_frame, self._trim_frames - 1)))

    def _on_trim_finished(self) -> None:
        if self._trimming is None:
            return
        self._trimming = None
        self.refresh_viewer_source()
        self.fetcher.request(self.playhead)  # back to the edit at the playhead

    def _on_fetcher_frame_ready(self, frame: int, picture: np.ndarray) -> None:
        if not self.playback.playing:
            self.viewer.show_frame(picture)

    def _on_fetcher_damage_shown(self, _frame: int, damage: str) -> None:
        if not self.playback.playing:
            self.viewer.set_damage(damage)

    def _on_fetcher_failed(self, frame: int, message: str) -> None:
        timeline = self.session.timeline
        if timeline.duration and not any(next(track.clips(), None) for track in timeline.tracks_of(TrackKind.VIDEO)):
            # Nothing failed: a sound-only timeline has no picture to show.
            self.viewer.clear("Sound only: this timeline has no picture")
            return
        self.viewer.show_message(f"Frame {frame} could not be decoded: {message}")

    def _on_playback_position_changed(self, frame: int) -> None:
        if self.playback.playing:
            self._move_playhead(frame)

    def _on_playback_frame_ready(self, frame: int, picture: np.ndarray) -> None:
        if self.playback.playing:
            self.viewer.show_frame(picture)

    def _on_playback_state_changed(self, state: str) -> None:
        playing = state == "playing"
        if playing:
            self.viewer.set_damage("")  # playback's frames are not looked up; the still at the stop is
        self.play_button.setText("❚❚" if playing else "▶")
        if not playing:
            self._move_playhead(self.playback.position)
            self.fetcher.request(self.playhead)  # full-quality still where playback stopped
            if self.statusBar().currentMessage().startswith("Playing"):  # "Playing at -1×: no sound…"
                self.statusBar().clearMessage()  # said of the playing that has stopped

    def _on_playback_speed_changed(self, speed: float) -> None:
        self.speed_label.setText("" if speed in (0, 1) else f"{speed:+g}×")

    def _on_playback_marks_changed(self, in_point, out_point) -> None:
        self.session.set_marks(in_point, out_point)
        self.timeline_view.set_marks(in_point, out_point)
        self._show_timecodes()

    def _on_timeline_selection_changed(self, item_ids: list[str]) -> None:
        if item_ids:
            self.inspector.show_items(self.session.timeline, item_ids)
            self._show_compare(None)  # a clip is under review now, not the last suggestion
        else:
            self.inspector.show_nothing()

    def _on_timeline_suggestion_clicked(self, suggestion_id: str) -> None:
        """A click in the lane, or a double-click in the list: review it in the inspector."""
        if self._review(suggestion_id):
            self.side_tabs.setCurrentWidget(self.inspector_page)

    def _show_side_tab(self, page: QWidget) -> None:
        """The side column's Inspector or Suggestions tab, with the keys: in the list, ↑ / ↓ go
        through the suggestions and Tab reaches the kind filter and the threshold."""
        self.side_tabs.setCurrentWidget(page)
        (self.suggestions.list if page is self.suggestions else page).setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _review_here(self, suggestion_id: str) -> None:
        """Review a suggestion under the playhead without moving it (a click seeks to its start)."""
        if self._review(suggestion_id, seek=False):
            self.side_tabs.setCurrentWidget(self.inspector_page)

    def _on_list_current_changed(self, suggestion_id: str) -> None:
        """A row picked in the Suggestions list (a click, the arrow keys): the playhead, the
        viewer, the compare strip and the inspector follow it, and the list stays in view with
        its selection as the editor made it (Ctrl / Shift add rows for the panel's buttons)."""
        self._review(suggestion_id, from_list=True)

    def _show_scopes(self, on: bool) -> None:
        """Shown in the side column, the scopes take their room from the inspector's tabs,
        not the compare strip, and no more than a third of the column: the grade's sliders
        stay in reach. Beside the viewer, they take its right side (see :meth:`_place_scopes`)."""
        if not on:
            if self._scopes_beside() and self.scopes.isVisible():
                self._scopes_width = self.viewer_splitter.sizes()[1]  # for when they come back
            self.scopes.hide()
            return
        self.scopes.show()
        if self._scopes_beside():
            self._size_scopes_beside()
            return
        self._size_scopes_in_side_column()

    def _size_scopes_in_side_column(self) -> None:
        sizes = self.side_splitter.sizes()  # the scopes' may be none yet, or what Qt gave them
        compare, total = sizes[0], sum(sizes)
        height = min(self.scopes.sizeHint().height(), total // 3)
        self.side_splitter.setSizes([compare, height, max(0, total - compare - height)])

    def _scopes_beside(self) -> bool:
        return self.scopes.parent() is self.viewer_splitter

    def _size_scopes_beside(self) -> None:
        """Their width beside the viewer: as last set, else at most a third of the viewer's."""
        total = sum(self.viewer_splitter.sizes())
        width = self._scopes_width or min(self.scopes.sizeHint().width(), total // 3)
        self.viewer_splitter.setSizes([max(0, total - width), width])

    def _place_scopes(self, beside: bool) -> None:
        """View ▸ Scopes Beside Viewer: the one scopes panel moves into the splitter right of
        the viewer, and the side column gives the inspector all its height (on a 1280×800
        screen the grade's sliders fit there, where under the scopes only the first did);
        off, it goes back above the tabs with the column's sizes as they were. It reads the
        viewer's pictures wherever it is; shown or hidden stays View ▸ Scopes' choice."""
        if beside == self._scopes_beside():
            return
        shown = self.scopes_action.isChecked()
        if beside:
            # Not yet laid out (placed while the settings are restored) there is nothing to keep.
            sizes = self.side_splitter.sizes()
            self._side_sizes = sizes if sum(sizes) > 0 else None
            self.viewer_splitter.addWidget(self.scopes)  # takes it out of the side column
            self.viewer_splitter.setCollapsible(1, False)
            self.viewer_splitter.setStretchFactor(1, 0)
            self._fit_side_splitter()
            if shown:
                self._size_scopes_beside()
            return
        if shown:
            self._scopes_width = self.viewer_splitter.sizes()[1]
        self.side_splitter.insertWidget(1, self.scopes)
        self._fit_side_splitter()
        if self._side_sizes is not None and (self._side_sizes[1] > 0 or not shown):
            self.side_splitter.setSizes(self._side_sizes)  # the column as it was
        elif shown:
            self._size_scopes_in_side_column()
        else:
            self._set_default_side_sizes()
        self._side_sizes = None

    def _scope_note(self) -> str:
        """What the scopes read when it is not the graded picture."""
        if self.viewer.before:
            return "Before: no grade or effect"
        if self.viewer.wipe is not None:
            return "Split: before | after, read together"
        return ""

    def _on_list_picked_none(self) -> None:
        """The last row taken out of the list's selection: nothing is under review."""
        if self.inspector.suggestion_id is not None:
            self.inspector.show_nothing()
            self._show_compare(None)

    def _review(self, suggestion_id: str, *, from_list: bool = False, seek: bool = True) -> bool:
        timeline = self.session.timeline
        suggestion = timeline.suggestion(suggestion_id)
        if suggestion is None:
            return False
        self.inspector.show_suggestion(timeline, suggestion)
        self._show_compare(suggestion_id)
        if not from_list:
            self.suggestions.follow(suggestion_id)
        places = suggestion_places(timeline).frames_for(suggestion.source, suggestion.cut_frame) if seek else []
        if places:
            self.seek(places[0])
        return True

    # --- messages, drag and drop, closing ----------------------------------------------------------

    def _on_interchange_written(self, path: Path, note: str | None) -> None:
        self.statusBar().showMessage(f"Wrote {path}", 6000)
        if note:  # what an EDL or XML could not carry (a rate, dips, effects) and what it did instead
            box = QMessageBox(QMessageBox.Icon.Information, f"{path.suffix[1:].upper()} written", f"Wrote {path}.\n\n{note}", QMessageBox.StandardButton.Ok, self)
            box.setObjectName("edlRateBox")
            box.open()

    def _export_failed(self, message: str) -> None:
        """Say so in the status bar (not the last export's "Exported …") and in a box, the
        render's reason as a sentence."""
        self.statusBar().showMessage("Export failed: nothing was written.", 8000)
        missing = self.session.missing_media
        hint = (f"\n\nMissing or changed since the edit was made: {', '.join(Path(p).name for p in missing)}. "
                "File ▸ Relink Missing Media points the edit at the right files.") if missing else ""
        self._warn("Export failed", as_sentence(message) + hint, "exportErrorBox")

    def say_in_background(self, text: str, timeout_ms: int) -> None:
        """A background job's news (cuts found, grades suggested) in the status bar, but not
        over what the editor's own last action said before it has been up MESSAGE_READ_S:
        it waits that long (the latest news wins), as "Accepted cut at …" must be read."""
        bar = self.statusBar()
        current = bar.currentMessage()
        left = MESSAGE_READ_S - (time.monotonic() - self._message_since)
        if current and current != self._background_text and left > 0:
            self._background_waiting = (text, timeout_ms)
            self._background_timer.start(max(1, round(left * 1000)))
            return
        self._background_waiting = None
        self._background_text = text
        bar.showMessage(text, timeout_ms)

    def _say_waiting_news(self) -> None:
        if self._background_waiting is not None:
            self.say_in_background(*self._background_waiting)

    def _on_message_changed(self, text: str) -> None:
        self._message_since = time.monotonic()
        if not text:
            self._say_waiting_news()

    def _warn(self, title: str, message: str, name: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName(name)
        box.open()  # window-modal but not blocking: the GUI thread keeps running

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        # Dropped on the timeline, files are added to the edit; anywhere else, the first opens.
        paths = local_files(event.mimeData())
        if paths:
            self.open_path(paths[0])
            event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self._shut_down:
            super().closeEvent(event)
            return
        exporting = self.cancelling.exports()
        if exporting and not self._ready_to_close:
            # Quitting stops the export and loses the rendering done so far: asked, as Ctrl+.
            # asks, with Keep Exporting the default (a habitual Ctrl+Q costs nothing).
            event.ignore()
            self._ask_to_stop_exporting(exporting[-1])
            return
        if not self._ready_to_close and self.session.is_dirty:
            event.ignore()
            self._ask_to_save_then("closing", self._close_now)
            return
        self._shut_down = True
        self._save_layout()
        self.jobs.shutdown()
        self.playback.close()
        self.fetcher.close()
        self.scope_reader.close()
        self.thumbnails.close()
        self.compare_pictures.close()
        self.waveforms.close()
        self.session.close()
        super().closeEvent(event)

    def _ask_to_stop_exporting(self, export: Job) -> None:
        if self.findChild(QMessageBox, "quitExportBox") is not None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Quit while exporting?",
                          f"{export.title} is not finished. Quitting stops it: {what_stopping_leaves(export)}, "
                          "and the rendering done so far is lost.", QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("quitExportBox")
        quit_anyway = box.addButton("&Stop Export and Quit", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep Exporting", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            if box.clickedButton() is not quit_anyway:
                return
            # Stopped as the window closes (the render removes its temporary file), not now:
            # the unsaved-changes question that may follow can still be cancelled.
            if self.session.is_dirty:
                self._ask_to_save_then("closing", self._close_now)
            else:
                self._close_now()

        def export_ended(_job: Job) -> None:
            if not self.cancelling.exports():
                box.done(QMessageBox.StandardButton.Cancel)  # nothing left to stop: not asked any more

        box.finished.connect(answered)
        self.jobs.job_ended.connect(export_ended)
        box.destroyed.connect(lambda: self.jobs.job_ended.disconnect(export_ended))
        box.open()

    def _close_now(self) -> None:
        self._ready_to_close = True
        self.close()

    def _ask_to_save_then(self, doing: str, proceed: Callable[[], None]) -> None:
        """Save / Discard / Cancel before ``proceed`` would throw the unsaved edit away; Save goes
        on once the save has landed (not at all if it fails or the Save As dialog is cancelled).
        With no project yet, it says Save makes one: naming the camera file read as if Save
        would write over the footage."""
        project = self.session.project_path
        question = (f"Save the changes to {project.name} before {doing}?" if project is not None
                    else f"Save this edit as a project before {doing}?")
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Unsaved changes",
            question,
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("unsavedBox")
        # Alt+S, Alt+D from the keyboard (Escape cancels), as the Replace box's &Yes / &No.
        box.button(QMessageBox.StandardButton.Save).setText("&Save")
        box.button(QMessageBox.StandardButton.Discard).setText("&Discard")
        if project is None and self.session.source_path is not None:
            box.setInformativeText(f"{self.session.source_path.name} itself is never changed: "
                                   "Save asks where to keep the project file.")

        def on_finished(_result: int) -> None:
            choice = box.standardButton(box.clickedButton())
            if choice == QMessageBox.StandardButton.Save:
                self._after_save = proceed
                self.save()
            elif choice == QMessageBox.StandardButton.Discard:
                proceed()

        box.finished.connect(on_finished)
        box.open()
