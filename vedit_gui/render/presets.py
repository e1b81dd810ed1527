"""Export presets: which codecs, pixel format and settings a render writes.

A preset is a value; :data:`PRESETS` names the ones the editor offers. ``h264`` is the
default because an H.264/AAC MP4 plays everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import RenderError


@dataclass(frozen=True)
class Preset:
    name: str
    extension: str
    container_format: str
    video_codec: str
    pix_fmt: str
    codec_options: dict[str, str] = field(default_factory=dict)
    audio_codec: str = "aac"
    audio_bit_rate: int | None = None
    container_options: dict[str, str] = field(default_factory=dict)
    codec_tag: str | None = None
    sample_rate: int = 48000
    channels: int = 2
    description: str = ""
    min_side: int = 1
    """The fewest pixels the encoder takes on each side of the picture."""
    codec_label: str = ""
    """The codec as an editor knows it ("H.265"), for messages."""
    sound_label: str = ""
    """The sound's codec as the export dialog names it ("AAC 192 kb/s"): see :func:`sound_format`."""
    sound_only_description: str = ""
    """What it writes from a timeline of sound only ("AAC in M4A"); empty: not offered for one,
    as it would write the same file as another preset."""
    peak_headroom_db: float = 0.0
    """How far under a loudness target's true-peak ceiling the mix is held for this audio
    codec: a lossy one rebuilds the sound with peaks of its own. FFmpeg's AAC at 192 kb/s
    raised limited noise and drums by up to 1.0 dB true peak (0.7 dB sample peak); PCM is
    written as mixed."""


PRESETS: dict[str, Preset] = {
    "h264": Preset(
        name="h264",
        extension=".mp4",
        container_format="mp4",
        video_codec="libx264",
        pix_fmt="yuv420p",
        # CRF 20 is visually transparent for edited camera footage; "veryfast" keeps most of
        # "medium"'s quality per bit at about three times the speed on a laptop CPU.
        codec_options={"crf": "20", "preset": "veryfast"},
        audio_codec="aac",
        audio_bit_rate=192_000,
        # The index at the front lets players and browsers start before the whole file loads.
        container_options={"movflags": "+faststart"},
        description="H.264 + AAC in MP4 (plays everywhere)",
        codec_label="H.264",
        sound_label="AAC 192 kb/s",
        sound_only_description="AAC in M4A (plays everywhere)",
        peak_headroom_db=1.0,
    ),
    "h265": Preset(
        name="h265",
        extension=".mp4",
        container_format="mp4",
        video_codec="libx265",
        pix_fmt="yuv420p",
        # x265 CRF 24 matches x264 CRF 20 in quality at roughly half the size.
        codec_options={"crf": "24", "preset": "fast", "x265-params": "log-level=error"},
        audio_codec="aac",
        audio_bit_rate=192_000,
        container_options={"movflags": "+faststart"},
        # Apple players only open HEVC in MP4 when the sample entry is tagged hvc1.
        codec_tag="hvc1",
        description="H.265/HEVC + AAC in MP4 (smaller files)",
        # x265 refuses to open for a picture under 16 pixels wide or high (measured: 16×16 opens,
        # 14×16, 16×14 and 2×1000 do not); x264 and ProRes take any even size.
        min_side=16,
        codec_label="H.265",
        sound_label="AAC 192 kb/s",
        peak_headroom_db=1.0,
    ),
    "prores": Preset(
        name="prores",
        extension=".mov",
        container_format="mov",
        video_codec="prores_ks",
        pix_fmt="yuv422p10le",
        # Profile 3 is ProRes 422 HQ, the usual intermediate for handing a cut to grading.
        codec_options={"profile": "3", "vendor": "apl0"},
        # 24-bit, as editing masters are: 16 bits left a graded, mixed master a generation short.
        audio_codec="pcm_s24le",
        description="ProRes 422 HQ + 24-bit PCM in MOV (for further editing)",
        codec_label="ProRes",
        sound_label="24-bit PCM",
        sound_only_description="24-bit PCM in MOV (for further editing)",
    ),
}

DEFAULT_PRESET = "h264"


def output_extension(preset: Preset, *, picture: bool = True) -> str:
    """The name ending a render with ``preset`` gets: sound only in AAC is an .m4a, as music
    players expect; PCM stays in its .mov."""
    return preset.extension if picture or preset.audio_codec != "aac" else ".m4a"


def sound_format(preset: Preset) -> str:
    """The sound a render with ``preset`` writes, as the export dialog says it: "AAC 192 kb/s,
    48 kHz stereo". Every source is mixed to that (``media.fold_down``, resampled to the rate)."""
    layout = {1: "mono", 2: "stereo"}.get(preset.channels, f"{preset.channels} channels")
    return f"{preset.sound_label or preset.audio_codec}, {preset.sample_rate / 1000:g} kHz {layout}"


def picture_size_problem(preset: Preset, size: tuple[int, int]) -> str | None:
    """Why ``preset``'s encoder cannot take a picture of ``size`` (width, height), or None."""
    width, height = size
    if min(width, height) >= preset.min_side:
        return None
    others = ", ".join(name for name, other in PRESETS.items() if min(width, height) >= other.min_side)
    return (f"the picture is {width}×{height} pixels and {preset.codec_label or preset.name} needs at least "
            f"{preset.min_side} on each side" + (f": choose another preset ({others})" if others else ""))


def get_preset(preset: str | Preset) -> Preset:
    """A preset by name (or the preset itself), with a readable error for unknown names."""
    if isinstance(preset, Preset):
        return preset
    try:
        return PRESETS[preset]
    except KeyError:
        names = ", ".join(sorted(PRESETS))
        raise RenderError(f"unknown render preset {preset!r} (choose one of {names})") from None
