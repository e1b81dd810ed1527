"""Whether an MP4 or QuickTime file was left without its index.

A camera or phone writes the pictures and sound (the ``mdat`` box) as it records and the index
that says where each frame is (``moov``) when it stops. A recording interrupted by a flat
battery, a pulled card or a crash has the first and not the second, and FFmpeg says only
"Invalid data found", as it would of a text file. Walking the file's top-level boxes tells
the two apart, so the editor learns the footage is there but cannot be read without a repair.
"""

from __future__ import annotations

import struct
from pathlib import Path

_HEADER = struct.Struct(">I4s")
_TOP_LEVEL = frozenset({b"ftyp", b"mdat", b"moov", b"free", b"skip", b"wide", b"uuid", b"pdin", b"meta", b"moof", b"mfra"})
_MOST_BOXES = 64  # a recording has a handful; more means this is not a box file


def lacks_index(path: str | Path) -> bool:
    """True for a file made of MP4/QuickTime boxes that holds media data but no ``moov``."""
    seen: set[bytes] = set()
    try:
        with open(path, "rb") as file:
            size_of_file = file.seek(0, 2)
            at = 0
            for _ in range(_MOST_BOXES):
                if at + _HEADER.size > size_of_file:
                    break
                file.seek(at)
                size, kind = _HEADER.unpack(file.read(_HEADER.size))
                if kind not in _TOP_LEVEL:
                    return False
                seen.add(kind)
                if size == 1:  # a 64-bit size follows the type
                    (size,) = struct.unpack(">Q", file.read(8))
                elif size == 0:  # to the end of the file
                    break
                if size < _HEADER.size:
                    return False
                at += size
    except OSError:
        return False
    return b"mdat" in seen and b"moov" not in seen and b"moof" not in seen
