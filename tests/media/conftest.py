"""Media made once per test session: one short clip per codec the decoder must handle."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pytest
from mediagen import make_vfr_video, make_video


@dataclass(frozen=True)
class CodecCase:
    id: str
    filename: str
    codec: str
    frames: int
    gop: int
    rate: Fraction


CODEC_CASES = [
    CodecCase("h264-gop60-bframes-mp4", "h264.mp4", "libx264", 150, 60, Fraction(30000, 1001)),
    CodecCase("vp9-webm", "vp9.webm", "libvpx-vp9", 60, 24, Fraction(30000, 1001)),
    CodecCase("mpeg4-part2-avi", "mpeg4.avi", "mpeg4", 75, 25, Fraction(25)),
    CodecCase("mpeg1-mpg", "mpeg1.mpg", "mpeg1video", 75, 25, Fraction(25)),
]

VFR_DURATIONS_MS = (20, 40, 33, 60)


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def codec_clips(media_dir) -> dict[str, Path]:
    """Path of each codec case's clip, by case id (made once, on first use)."""
    return {
        case.id: make_video(
            media_dir / case.filename, case.frames, codec=case.codec, gop=case.gop, rate=case.rate
        ).path
        for case in CODEC_CASES
    }


@pytest.fixture(scope="session")
def vfr_clip(media_dir) -> Path:
    return make_vfr_video(media_dir / "vfr.mp4", 48, durations_ms=VFR_DURATIONS_MS).path
