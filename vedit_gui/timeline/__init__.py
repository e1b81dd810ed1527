"""The edit as pure data: time, clips, tracks, suggestions, edits and undo.

No Qt, no torch, no codecs and no I/O here (an import-linter contract enforces it), so
every layer above can use it and it tests in milliseconds.
"""

from .edits import (
    AddMarker,
    AddSuggestions,
    DecideSuggestions,
    Edit,
    EditError,
    Insert,
    Move,
    RemoveMarker,
    RippleDelete,
    SetSuggestionStatus,
    Split,
    TrimIn,
    TrimOut,
    UpdateSuggestion,
    merge_suggestions,
)
from .history import History
from .model import (
    Clip,
    Gap,
    Item,
    Marker,
    MediaReference,
    Timeline,
    Track,
    TrackKind,
    timeline_from_media,
)
from .suggestion import CUT, EFFECT_PREFIX, GRADE, Suggestion, SuggestionStatus
from .time import (
    FrameRange,
    Rate,
    format_rate,
    frames_to_seconds,
    parse_rate,
    rescale,
    seconds_to_frame,
)
from .timecode import frame_to_timecode, timecode_to_frame

__all__ = [
    "CUT",
    "EFFECT_PREFIX",
    "GRADE",
    "AddMarker",
    "AddSuggestions",
    "DecideSuggestions",
    "Clip",
    "Edit",
    "EditError",
    "FrameRange",
    "Gap",
    "History",
    "Insert",
    "Item",
    "Marker",
    "MediaReference",
    "Move",
    "Rate",
    "RemoveMarker",
    "RippleDelete",
    "SetSuggestionStatus",
    "Split",
    "Suggestion",
    "SuggestionStatus",
    "Timeline",
    "Track",
    "TrackKind",
    "TrimIn",
    "TrimOut",
    "UpdateSuggestion",
    "format_rate",
    "frame_to_timecode",
    "frames_to_seconds",
    "merge_suggestions",
    "parse_rate",
    "rescale",
    "seconds_to_frame",
    "timecode_to_frame",
    "timeline_from_media",
]
