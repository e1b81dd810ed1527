"""SMPTE timecode, including drop-frame for the NTSC rates (30000/1001 and 60000/1001).

Drop-frame timecode skips frame numbers 00 and 01 (00–03 at 59.94) at the start of every
minute except each tenth, so the displayed clock stays within a frame of wall time.
"""

from __future__ import annotations

import re
from fractions import Fraction

from .time import Rate

_TC_RE = re.compile(r"^(-)?(\d{1,3}):(\d{2}):(\d{2})([:;.,])(\d{2,3})$")


def nominal_fps(rate: Rate) -> int:
    """The frame count a timecode second holds: 30 for 29.97, 24 for 23.976, and 1 for rates
    of a frame a second or slower (a slideshow, a time-lapse), where timecode cannot count
    fewer: each frame is then one timecode second, as each 23.976 frame is a 24th."""
    return max(1, round(rate))


def is_drop_frame_rate(rate: Rate) -> bool:
    return rate.denominator == 1001 and nominal_fps(rate) % 30 == 0


def _drop_per_minute(rate: Rate) -> int:
    return 2 * nominal_fps(rate) // 30


def frame_to_timecode(frame: int, rate: Rate, drop_frame: bool | None = None) -> str:
    """``HH:MM:SS:FF`` (``;`` before the frames when drop-frame). ``drop_frame=None`` picks
    drop-frame for the NTSC rates where it exists."""
    if drop_frame is None:
        drop_frame = is_drop_frame_rate(rate)
    elif drop_frame and not is_drop_frame_rate(Fraction(rate)):
        raise ValueError(f"drop-frame timecode does not exist at {rate} fps")
    sign = "-" if frame < 0 else ""
    frame = abs(frame)
    fps = nominal_fps(rate)
    if drop_frame:
        drop = _drop_per_minute(rate)
        frames_per_10min = fps * 600 - drop * 9
        frames_per_min = fps * 60 - drop
        tens, rem = divmod(frame, frames_per_10min)
        # The first minute of each ten keeps all its frame numbers.
        extra = drop * ((rem - drop) // frames_per_min) if rem >= drop else 0
        frame = frame + drop * 9 * tens + extra
    ff = frame % fps
    total_seconds = frame // fps
    ss = total_seconds % 60
    mm = (total_seconds // 60) % 60
    hh = total_seconds // 3600
    sep = ";" if drop_frame else ":"
    return f"{sign}{hh:02d}:{mm:02d}:{ss:02d}{sep}{ff:02d}"


def counts_drop_frame(timecode: str) -> bool | None:
    """Whether a timecode as written counts drop-frame (``;``, ``.`` or ``,`` before its
    frames), or None where the text is not a timecode (a camera's tag may hold anything)."""
    match = _TC_RE.match(timecode.strip())
    return None if match is None else match.group(5) in ";.,"


def frames_per_day(rate: Rate, drop_frame: bool) -> int:
    """How many frames 24 hours of timecode count: where a programme's record timecode wraps
    (CMX3600 and every NLE count hours 00 to 23)."""
    fps = nominal_fps(rate)
    per_ten_minutes = 600 * fps - (9 * _drop_per_minute(rate) if drop_frame else 0)
    return 144 * per_ten_minutes


def timecode_to_frame(timecode: str, rate: Rate) -> int:
    """The inverse of :func:`frame_to_timecode`; ``;`` or ``.`` before the frames means drop-frame."""
    match = _TC_RE.match(timecode.strip())
    if not match:
        raise ValueError(f"not a timecode: {timecode!r}")
    neg, hh, mm, ss, sep, ff = match.groups()
    hours, minutes, seconds, frames = int(hh), int(mm), int(ss), int(ff)
    fps = nominal_fps(rate)
    if minutes > 59 or seconds > 59 or frames >= fps:
        raise ValueError(f"timecode out of range at {rate} fps: {timecode!r}")
    drop_frame = sep in ";.,"
    if drop_frame and not is_drop_frame_rate(rate):
        raise ValueError(f"drop-frame timecode does not exist at {rate} fps: {timecode!r}")
    total_minutes = hours * 60 + minutes
    frame = (total_minutes * 60 + seconds) * fps + frames
    if drop_frame:
        drop = _drop_per_minute(rate)
        if minutes % 10 != 0 and seconds == 0 and frames < drop:
            raise ValueError(f"{timecode!r} is a dropped frame number")
        frame -= drop * (total_minutes - total_minutes // 10)
    return -frame if neg else frame
