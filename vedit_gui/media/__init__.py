"""Media files as the editor needs them: probing, frame-exact decode, audio, caches,
thumbnails and waveforms (PyAV; no Qt)."""

from .audio import AudioReader, read_audio
from .cache import FrameCache
from .decode import FrameIndexError, FrameReader
from .errors import MediaError
from .probe import AUDIO_ONLY_RATE, AudioInfo, MediaInfo, VideoInfo, media_reference, probe
from .thumbnails import thumbnails
from .waveform import WaveformCancelled, waveform_peaks

__all__ = [
    "AUDIO_ONLY_RATE",
    "AudioInfo",
    "AudioReader",
    "FrameCache",
    "FrameIndexError",
    "FrameReader",
    "MediaError",
    "MediaInfo",
    "VideoInfo",
    "WaveformCancelled",
    "media_reference",
    "probe",
    "read_audio",
    "thumbnails",
    "waveform_peaks",
]
