"""An interrupted recording (an MP4 or MOV without its index) is told apart from other
unreadable files."""

from __future__ import annotations

import pytest
from mediagen import make_video

from vedit_gui.media import MediaError, probe
from vedit_gui.media.mp4_index import lacks_index


@pytest.mark.parametrize("suffix", [".mp4", ".mov"])
def test_a_recording_cut_before_its_index_is_called_incomplete(tmp_path, suffix):
    whole = make_video(tmp_path / f"whole{suffix}", 30).path
    data = whole.read_bytes()
    assert not lacks_index(whole)
    cut = tmp_path / f"cut{suffix}"
    cut.write_bytes(data[: len(data) // 2])
    assert lacks_index(cut)
    with pytest.raises(MediaError, match="the recording is incomplete"):
        probe(cut)


def test_other_unreadable_files_are_not_called_recordings(tmp_path):
    text = tmp_path / "notes.mp4"
    text.write_text("a shot list, not a video\n" * 20)
    assert not lacks_index(text)
    with pytest.raises(MediaError, match="not a readable media file"):
        probe(text)
    header_only = tmp_path / "header.mp4"
    header_only.write_bytes(make_video(tmp_path / "w.mp4", 3).path.read_bytes()[:32])  # no media data
    assert not lacks_index(header_only)
