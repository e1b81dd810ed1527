"""One frame of the timeline as a picture file: the export's picture, graded and fitted.

Written beside its destination and renamed, as renders are, so a failed write leaves no
half a file and never a damaged older one.
"""

from __future__ import annotations

import os
from pathlib import Path

import cv2

from ..media import MediaError
from ..media.file_replace import move_into_place
from ..timeline import FrameRange, Timeline
from .conform import TimelineVideo
from .errors import RenderError
from .renderer import refuse_replacing_a_source, temp_beside, write_error

STILL_FORMATS = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


def render_still(timeline: Timeline, frame: int, out_path: str | Path) -> Path:
    """Timeline ``frame`` at the output size, with its accepted grades, to ``out_path``
    (PNG, JPEG or TIFF by its extension)."""
    out = Path(out_path)
    if out.suffix.lower() not in STILL_FORMATS:
        raise RenderError(f"{out.name}: a frame is written as {', '.join(STILL_FORMATS)}, not {out.suffix or 'no extension'}")
    refuse_replacing_a_source(timeline, out)
    try:
        with TimelineVideo(timeline, shown=FrameRange(frame, 1)) as video:
            picture = video.frame_at(frame)
    except MediaError as exc:
        raise RenderError(f"cannot read the frame: {exc}") from exc
    ok, data = cv2.imencode(out.suffix.lower(), cv2.cvtColor(picture, cv2.COLOR_RGB2BGR))
    if not ok:
        raise RenderError(f"{out.name}: the picture could not be encoded")
    real = Path(os.path.realpath(out))  # over a symlink, the file it names is replaced
    temp = temp_beside(real, out.suffix)
    try:
        temp.write_bytes(data.tobytes())
        move_into_place(temp, real)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise write_error(exc, real.parent) from exc
    return out
