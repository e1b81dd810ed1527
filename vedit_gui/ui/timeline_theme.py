"""Colours and sizes of the timeline view: a dark theme in the manner of pro editors.

The track headers' and clips' text keeps a contrast of at least 4.5:1 (WCAG AA) against what
it is drawn on: names and small words are read at a glance, in a dim edit suite."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor


@dataclass(frozen=True)
class TimelineMetrics:
    """Pixel sizes of the view's bands (heights) and columns (widths)."""

    header_width: int = 88  # room for a track's name ("Camera A", "Music")
    ruler_height: int = 28
    lane_height: int = 22
    curve_height: int = 20  # the cut model's score curve, under the suggestion lane
    video_height: int = 66
    audio_height: int = 48
    track_spacing: int = 2
    name_height: int = 15
    edge_grab: int = 6  # how near a clip edge (px) a press trims instead of moving
    snap_distance: int = 8  # px within which a drag snaps to a cut, marker or the playhead
    drag_threshold: int = 4  # px a press must travel before it becomes a move
    label_spacing: int = 96  # the least room (px) between two ruler labels
    tick_spacing: int = 7  # the least room (px) between two small ruler ticks

    @property
    def thumbnail_height(self) -> int:
        """Filmstrip pictures fill a video clip under its name bar."""
        return self.video_height - self.name_height - 3


METRICS = TimelineMetrics()


def color(hex_rgb: str, alpha: int = 255) -> QColor:
    value = QColor(hex_rgb)
    value.setAlpha(alpha)
    return value


BACKGROUND = color("#1b1c1f")
HEADER = color("#25262a")
HEADER_TEXT = color("#c9cad0")
HEADER_SUBTEXT = color("#8d8f97")  # "video", "29.97 fps", "Suggestions": 4.7:1 on HEADER
RULER = color("#2a2b30")
RULER_TICK = color("#6e7078")
RULER_TEXT = color("#b9bbc2")
# The in to out range (I, O): a wash on the ruler between brackets, as editors know it.
MARK_RANGE = color("#5aa0ff", 110)
MARK_EDGE = color("#8cc0ff")
LANE = color("#202125")
LANE_TEXT = color("#6e7078")
TRACK_VIDEO = color("#222329")
TRACK_AUDIO = color("#212624")
SEPARATOR = color("#131416")
END_SHADE = color("#000000", 70)

CLIP_VIDEO = color("#3c5f8d")
CLIP_VIDEO_BAR = color("#466ea1")  # the clip name on it, CLIP_TEXT: 4.7:1
CLIP_AUDIO = color("#2f5a45")
# A dissolve over a cut: a light box with the crossing lines editors know from other NLEs.
TRANSITION_FILL = color("#e8e9ee", 70)
TRANSITION_LINE = color("#f4f5f8", 200)
# Frames of a dissolve where one side has no footage: a red wash, hatched.
TRANSITION_HELD = color("#ff4a3d", 80)
TRANSITION_HELD_HATCH = color("#ff6a5d", 230)
CLIP_AUDIO_BAR = color("#3e7a5c")
WAVEFORM = color("#8fe0b0")
WAVEFORM_AXIS = color("#8fe0b0", 60)
CLIP_BORDER = color("#0e0f11")
CLIP_TEXT = color("#f1f2f5")
SELECTED = color("#f5a623")
GAP_SELECTED = color("#f5a623", 50)

PLAYHEAD = color("#ff4a3d")
SNAP_LINE = color("#f8e45c")
MARKER = color("#f2c94c")
GHOST = color("#ffffff", 40)
GHOST_BORDER = color("#ffffff", 200)
INSERT_LINE = color("#f8e45c")

SUGGESTION_CUT = color("#ff8c2e")
SUGGESTION_GRADE = color("#32c3d8")
SUGGESTION_EFFECT = color("#b27bff")
SUGGESTION_REJECTED = color("#6a6c73")
SUGGESTION_UNUSABLE = color("#e5484d")  # an accepted look whose settings cannot be used
SUGGESTION_BELOW = color("#9a9ca3")  # pending, below the review threshold
SUGGESTION_ACCEPTED_BORDER = color("#ffffff", 230)
SCORE_BAND = color("#1d1e22")
SCORE_FILL = color("#ff8c2e", 90)
SCORE_LINE = color("#ff8c2e", 200)
SCORE_THRESHOLD = color("#ffffff", 60)


def suggestion_color(kind: str) -> QColor:
    if kind == "cut":
        return QColor(SUGGESTION_CUT)
    if kind == "grade":
        return QColor(SUGGESTION_GRADE)
    return QColor(SUGGESTION_EFFECT)


# A linked clip out of line with its partner: the offset in its name bar.
OUT_OF_SYNC = QColor("#ff6b6b")
# A hidden or muted track: its header button lit, its row dimmed (it is left out of playback
# and render).
TRACK_OFF = QColor("#e2b340")
TRACK_OFF_SHADE = QColor(20, 21, 24, 150)
# The keyboard's focus on the timeline (arrow keys step the playhead there, and change a
# focused slider's value elsewhere): a frame round the view, the inspector sliders' blue.
FOCUS_FRAME = QColor("#8fb8ff")
# A clip's fade: the frames it shades darkens towards its edge, under a white ramp.
FADE_SHADE = QColor(0, 0, 0, 140)
FADE_LINE = QColor(255, 255, 255, 200)

MARKER_COLORS = {
    "yellow": color("#f2c94c"),
    "red": color("#eb5757"),
    "green": color("#6fcf97"),
    "blue": color("#56a0f5"),
    "purple": color("#bb6bd9"),
    "orange": color("#f2994a"),
}
