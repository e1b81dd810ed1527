"""Shared render-test media, made once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from mediagen import make_video
from render_helpers import NTSC

from vedit_gui.media import media_reference, probe
from vedit_gui.timeline import MediaReference, Timeline, timeline_from_media


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("render-media")


@pytest.fixture(scope="session")
def source(media_dir: Path) -> MediaReference:
    """90 index frames at 30000/1001, 160x96, with a 440 Hz tone."""
    clip = make_video(media_dir / "source.mp4", 90, rate=NTSC)
    return media_reference(probe(clip.path))


@pytest.fixture()
def timeline(source: MediaReference) -> Timeline:
    return timeline_from_media(source)

