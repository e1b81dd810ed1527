"""The encoder side of a render: one output file, its video and audio streams, and muxing.

Video frames are numbered on the timeline's grid (pts = frame number, time base = 1/rate),
so the file keeps the timeline rate exactly (30000/1001 stays 30000/1001). Audio arrives as
float32 (channels, n) blocks of any length and is cut into the codec's frame size here.
"""

from __future__ import annotations

import contextlib
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from av.video.reformatter import Colorspace

from ..media.ycbcr import BT601, BT709, matrix_for
from ..timeline.time import Rate
from .presets import Preset

# Decoded frames carry the source's picture types; the encoder must choose its own.
_NO_PICTURE_TYPE = av.video.frame.PictureType.NONE
_LIMITED, _FULL = 1, 2  # AVColorRange MPEG, JPEG
_RGB_FORMATS = frozenset({"rgb24", "bgr24", "rgba", "bgra"})
# swscale's name for each matrix, for R'G'B' -> Y'CbCr.
_SWS_SPACES = {BT601: Colorspace.ITU601, BT709: Colorspace.ITU709}
# (AVColorPrimaries, AVColorTransferCharacteristic) written beside the matrix tag, so players
# that are not told (QuickTime) do not guess a gamma of their own: BT.709 for HD; for SD the
# primaries its tag names (BT.470BG for PAL, SMPTE 170M for NTSC), with the 170M curve.
_PRIMARIES_TRANSFER = {1: (1, 1), 5: (5, 6), 6: (6, 6)}
_BY_MATRIX = {BT709: 1, BT601: 6}


class MediaWriter:
    """Writes one file with ``preset``; ``close`` on success, ``abort`` on failure."""

    def __init__(
        self,
        path: str | Path,
        preset: Preset,
        *,
        size: tuple[int, int] | None,
        rate: Rate,
        audio: bool,
        container_format: str | None = None,
        colorspace: int | None = None,
    ) -> None:
        """``size`` None: a file of sound only. ``colorspace``: the ``AVColorSpace`` tag of the
        pictures' matrix (None: untagged, read by its size as :mod:`~vedit_gui.media.ycbcr`
        says); R'G'B' frames are converted to it."""
        self.preset = preset
        self._colorspace = colorspace
        self._frame_tags: tuple[int, int] | None = None  # (primaries, transfer), once the stream has them
        self._sws_space = _SWS_SPACES.get(matrix_for(colorspace, size)) if size is not None else None
        self.rate = rate
        self._frame_time_base = Fraction(1) / rate
        self._sample_time_base = Fraction(1, preset.sample_rate)
        fmt = container_format or preset.container_format
        # movflags and the like belong to the MP4/MOV muxer; other containers do not take them.
        options = preset.container_options if fmt in ("mp4", "mov") else {}
        self._container = av.open(str(path), "w", format=fmt, container_options=options)
        try:
            self._video = self._add_video(size, rate) if size is not None else None
            self._audio = self._add_audio() if audio else None
            # Open the codecs and write the header now, so a codec the container cannot hold
            # fails before any work is done.
            self._container.start_encoding()
        except BaseException:
            self._container.close()
            raise
        self._pending = np.zeros((preset.channels, 0), np.float32)
        self._samples_written = 0

    def _add_video(self, size: tuple[int, int], rate: Rate) -> av.video.stream.VideoStream:
        stream = self._container.add_stream(self.preset.video_codec, rate=rate)
        stream.width, stream.height = size
        stream.pix_fmt = self.preset.pix_fmt
        stream.time_base = Fraction(1) / rate
        stream.codec_context.time_base = Fraction(1) / rate
        # 0 lets the codec pick its thread count from the machine's cores; PyAV's default
        # SLICE type would put x264 on sliced threads, which scale worse than the frame
        # threads the ffmpeg CLI uses.
        stream.codec_context.thread_count = 0
        stream.codec_context.thread_type = "AUTO"
        stream.codec_context.options = dict(self.preset.codec_options)
        if self.preset.codec_tag:
            stream.codec_context.codec_tag = self.preset.codec_tag
        if self._colorspace is not None:
            # Every frame reaches the encoder at limited range (see write_video).
            stream.codec_context.colorspace = self._colorspace
            stream.codec_context.color_range = _LIMITED
            tag = self._colorspace if self._colorspace in _PRIMARIES_TRANSFER else _BY_MATRIX.get(matrix_for(self._colorspace, size))
            tags = _PRIMARIES_TRANSFER.get(tag)
            if tags is not None:
                stream.codec_context.color_primaries, stream.codec_context.color_trc = tags
                self._frame_tags = tags
        return stream

    def _add_audio(self) -> av.audio.stream.AudioStream:
        stream = self._container.add_stream(self.preset.audio_codec, rate=self.preset.sample_rate)
        stream.layout = "stereo" if self.preset.channels == 2 else "mono"
        stream.time_base = Fraction(1, self.preset.sample_rate)
        if self.preset.audio_bit_rate:
            stream.bit_rate = self.preset.audio_bit_rate
        return stream

    @property
    def has_audio(self) -> bool:
        return self._audio is not None

    @property
    def samples_written(self) -> int:
        """Audio samples handed to the writer so far (buffered ones included)."""
        return self._samples_written

    def write_video(self, frame: av.VideoFrame, index: int) -> None:
        """Encode ``frame`` as timeline frame ``index``."""
        if self._video is None:
            raise ValueError("this file was opened without a video stream")
        full_range = frame.format.name.startswith("yuvj") or int(frame.color_range or 0) == _FULL
        if frame.format.name != self.preset.pix_fmt or full_range:
            # swscale turns R'G'B' into BT.601 unless told the file's matrix; Y'CbCr frames keep
            # theirs (the render hands on only frames already in the file's matrix). The file is
            # limited range: said outright, as PyAV otherwise keeps a full-range frame's range
            # and its levels would be read as limited (a washed-out, too-contrasty picture).
            if frame.format.is_rgb and frame.format.name not in _RGB_FORMATS:
                # swscale widens 5- and 6-bit R'G'B' (Microsoft Video 1, old games) by a shift
                # on the way to Y'CbCr (white comes out 248) but exactly to rgb24, as the viewer
                # reads them: go that way.
                frame = frame.reformat(format="rgb24")
            rgb = frame.format.name in _RGB_FORMATS
            space = self._sws_space if rgb else None
            frame = frame.reformat(format=self.preset.pix_fmt, dst_colorspace=space, dst_color_range=_LIMITED)
        if self._frame_tags is not None:
            # Encoders that write the tags into each frame (ProRes) read them from the frame,
            # not the stream: untold, a ProRes file says "unknown" where H.264 says BT.709.
            frame.color_primaries, frame.color_trc = self._frame_tags
            frame.colorspace = self._colorspace
        frame.pts = index
        # The muxer may change the stream's time base when it writes the header; frames
        # count in the codec's (1/rate), which it does not touch.
        frame.time_base = self._frame_time_base
        frame.pict_type = _NO_PICTURE_TYPE
        self._container.mux(self._video.encode(frame))

    def write_audio(self, samples: np.ndarray) -> None:
        """Append float32 (channels, n) samples to the audio stream."""
        if self._audio is None:
            raise ValueError("this file was opened without an audio stream")
        self._samples_written += samples.shape[1]
        self._pending = np.concatenate([self._pending, samples], axis=1)
        size = self._audio.codec_context.frame_size or self._pending.shape[1]
        while self._pending.shape[1] >= size > 0:
            self._encode_audio(self._pending[:, :size])
            self._pending = self._pending[:, size:]

    def _encode_audio(self, block: np.ndarray) -> None:
        assert self._audio is not None
        pts = self._samples_written - self._pending.shape[1]
        fmt = self._audio.codec_context.format.name
        layout = self._audio.layout.name
        block = np.ascontiguousarray(block, dtype=np.float32)
        if fmt == "fltp":
            frame = av.AudioFrame.from_ndarray(block, format="fltp", layout=layout)
        elif fmt == "s16":
            pcm = np.clip(np.rint(block.T * 32767.0), -32768, 32767).astype(np.int16)
            frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout=layout)
        elif fmt == "s32":
            # 24-bit PCM (pcm_s24le) takes its samples in the top 24 bits of 32. Scaled by 2^23,
            # not 2^23 - 1: a 16-bit source's samples are written exactly (each × 256).
            pcm = np.clip(np.rint(block.T.astype(np.float64) * 8388608.0), -8388608, 8388607).astype(np.int32)
            frame = av.AudioFrame.from_ndarray((pcm << 8).reshape(1, -1), format="s32", layout=layout)
        elif fmt == "flt":
            frame = av.AudioFrame.from_ndarray(block.T.reshape(1, -1).copy(), format="flt", layout=layout)
        else:
            raise ValueError(f"audio sample format {fmt} is not supported by the writer")
        frame.sample_rate = self.preset.sample_rate
        frame.pts = pts
        frame.time_base = self._sample_time_base
        self._container.mux(self._audio.encode(frame))

    def close(self) -> None:
        """Flush the encoders and finish the file."""
        try:
            if self._audio is not None and self._pending.shape[1]:
                self._encode_audio(self._pending)
                self._pending = self._pending[:, :0]
            if self._video is not None:
                self._container.mux(self._video.encode(None))
            if self._audio is not None:
                self._container.mux(self._audio.encode(None))
        finally:
            self._container.close()

    def abort(self) -> None:
        """Stop without flushing (the caller deletes the file)."""
        # The file is being thrown away; a failing trailer does not matter.
        with contextlib.suppress(OSError, av.error.FFmpegError):
            self._container.close()
