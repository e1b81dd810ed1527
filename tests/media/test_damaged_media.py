"""Files damaged or cut short as they reach editors: each is read as far as it holds, with the
count the probe gives, and the damage said with the file and the place."""

from __future__ import annotations

from pathlib import Path

import av
import pytest
from mediagen import make_video, read_index

from vedit_gui.media import probe
from vedit_gui.media.lowres import iter_decoded_frames, to_small


def faststart(path: Path) -> Path:
    """``path`` remuxed with its index first (``-movflags +faststart``, as web exports are)."""
    out = path.with_name(f"faststart-{path.name}")
    with av.open(str(path)) as src, av.open(str(out), "w", options={"movflags": "+faststart"}) as dst:
        streams = {s.index: dst.add_stream_from_template(s) for s in src.streams}
        for packet in src.demux():
            if packet.dts is not None:
                packet.stream = streams[packet.stream.index]
                dst.mux(packet)
    return out


@pytest.fixture(scope="module")
def faststart_cut_short(tmp_path_factory) -> Path:
    """A faststart MP4 cut at 60 %: its index names every frame, its last packet is cut in two.
    At this size a frame-threaded decoder given what is left of that packet loses the two
    pictures before it (three B-frames, frames sent ahead of ones shown before them)."""
    folder = tmp_path_factory.mktemp("faststart")
    whole = faststart(make_video(folder / "camera.mp4", 60, width=320, height=180, gop=30, bframes=3).path)
    data = whole.read_bytes()
    short = folder / "copied.mp4"
    short.write_bytes(data[: len(data) * 6 // 10])
    return short


def test_a_faststart_mp4_cut_short_decodes_every_frame_the_probe_counts(faststart_cut_short):
    info = probe(faststart_cut_short)
    assert info.promised_duration is not None and info.video is not None
    held = info.video.frame_count
    assert 25 < held < 60
    # Frame threads, as on any machine with cores to spare: the cut-off packet used to cost
    # the pictures before it, and the header's 60 frames made the rest "truncated?".
    shown = [read_index(to_small(frame, 320, 180)) for frame in iter_decoded_frames(faststart_cut_short, threads=4)]
    assert shown == list(range(held))


def test_cut_analysis_of_a_faststart_mp4_cut_short_is_whole(faststart_cut_short, tmp_path, monkeypatch):
    from vedit_gui.analysis import results_cache
    from vedit_gui.analysis.analyze import analyze_cuts

    monkeypatch.setattr(results_cache, "cache_dir", lambda: tmp_path / "cache")
    result = analyze_cuts(faststart_cut_short)
    assert (result.complete, result.error) == (True, None)
    assert result.frames == len(result.scores) == probe(faststart_cut_short).video.frame_count


@pytest.fixture(scope="module")
def sound_damaged(tmp_path_factory) -> Path:
    """Three seconds with sound whose packets from 1.0 to 2.0 s are noise (47 AAC packets: more
    in a row than the reader used to bear before giving up on the whole file)."""
    from badmedia import damage_packets

    folder = tmp_path_factory.mktemp("sound-damaged")
    whole = make_video(folder / "talk.mp4", 90, width=64, height=48, rate=30).path
    return damage_packets(whole, folder / "damaged.mp4", "audio", 1.0, 2.0)


def test_sound_damaged_mid_file_reads_as_silence_there_and_is_recorded_with_its_place(sound_damaged):
    import numpy as np

    from vedit_gui.media import AudioReader
    from vedit_gui.media.damage import DamageLog, damage_note_at

    log = DamageLog()
    with AudioReader(sound_damaged, damage=log) as reader:
        sound = reader.read(0, 3 * 48000)
    loud = np.sqrt((sound[0].reshape(-1, 480) ** 2).mean(axis=1)) > 0.05  # per 10 ms
    assert loud[2:99].all() and loud[205:295].all()  # the tone either side
    assert not loud[101:200].any()  # silence where it cannot be decoded
    [stretch] = log.stretches()
    assert abs(stretch.start - 1) < 0.03 and abs(stretch.end - 2) < 0.03  # an AAC packet is 21 ms
    [note] = log.notes()
    assert note == ("damaged.mp4: the sound is damaged from 00:00:01:00 to 00:00:02:00 (1.00 s to 2.01 s); "
                    "it plays as silence there")
    # The process remembers it too: the editor's viewer asks there.
    assert damage_note_at(sound_damaged, 1.5, "sound") == note
    assert damage_note_at(sound_damaged, 2.5, "sound") is None
