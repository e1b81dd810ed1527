"""Interlaced pictures (1080i camcorders, AVCHD ``.mts``, broadcast and DV captures) made
progressive, once, where a reader hands a frame out: the preview and the render show the
same picture, and a render, which writes progressive video, does not carry the fields'
comb into every moving edge.

Each frame is made progressive on its own, from its two fields (FFmpeg's ``yadif``, given
no neighbour), so a reader can still jump to any frame: the picture keeps one field's lines
and fills the other's by edge-directed interpolation. Frames a stream flags progressive
(film carried in an interlaced stream, a progressive part) pass unchanged.
"""

from __future__ import annotations

from fractions import Fraction

import av

# ``send_frame``: one picture per frame (the rate stays); ``deint=interlaced``: only frames
# flagged interlaced; ``parity=auto``: the field order the stream gives.
_YADIF = "mode=send_frame:parity=auto:deint=interlaced"


def progressive(frame: av.VideoFrame) -> av.VideoFrame:
    """``frame``, or a progressive copy where it is interlaced (same time, size and tags)."""
    if not frame.interlaced_frame:
        return frame
    graph = av.filter.Graph()
    source = graph.add_buffer(
        width=frame.width, height=frame.height, format=frame.format.name,
        time_base=frame.time_base or Fraction(1, 25),
    )
    yadif = graph.add("yadif", _YADIF)
    sink = graph.add("buffersink")
    source.link_to(yadif)
    yadif.link_to(sink)
    graph.configure()
    graph.push(frame)
    graph.push(None)  # no next frame: yadif gives this one from its own two fields
    out = graph.pull()
    out.pts = frame.pts
    if frame.time_base is not None:
        out.time_base = frame.time_base
    return out
