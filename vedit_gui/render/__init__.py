"""Timeline to pictures, sound and an encoded file.

``render_timeline`` is the export; :class:`TimelineVideo` and :class:`AudioMix` are the
one walk of the timeline that the preview and the render share.
"""

from .audio_mix import AudioMix, AudioSpan, frame_to_sample, plan_audio
from .conform import (
    FrameOp,
    TimelineVideo,
    VideoSegment,
    dissolve_weight,
    even_size,
    fit_rect,
    mix_pictures,
    picture_size,
    scaled_to_height,
    source_frame,
    video_segments,
)
from .errors import RenderCancelled, RenderError
from .loudness_target import LOUDNESS_TARGETS, LoudnessReport, LoudnessTarget, loudness_target
from .presets import (
    DEFAULT_PRESET,
    PRESETS,
    Preset,
    get_preset,
    output_extension,
    picture_size_problem,
    sound_format,
)
from .renderer import (
    RenderResult,
    cut_short_sources,
    has_picture,
    is_footage,
    render_timeline,
    render_with_report,
)
from .still import STILL_FORMATS, render_still

__all__ = [
    "DEFAULT_PRESET",
    "LOUDNESS_TARGETS",
    "PRESETS",
    "AudioMix",
    "AudioSpan",
    "FrameOp",
    "LoudnessReport",
    "LoudnessTarget",
    "Preset",
    "RenderCancelled",
    "RenderError",
    "RenderResult",
    "TimelineVideo",
    "VideoSegment",
    "cut_short_sources",
    "dissolve_weight",
    "even_size",
    "fit_rect",
    "frame_to_sample",
    "get_preset",
    "has_picture",
    "mix_pictures",
    "output_extension",
    "picture_size",
    "picture_size_problem",
    "sound_format",
    "scaled_to_height",
    "plan_audio",
    "is_footage",
    "loudness_target",
    "render_timeline",
    "render_with_report",
    "render_still",
    "STILL_FORMATS",
    "source_frame",
    "video_segments",
]
