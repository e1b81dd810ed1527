"""Files damaged or cut short as they reach editors: each is read as far as it holds, with the
count the probe gives, and the damage said with the file and the place."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from badmedia import faststart
from mediagen import make_video, read_index

from vedit_gui.media import probe
from vedit_gui.media.lowres import iter_decoded_frames, to_small


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
    from vedit_gui.media.damage import KNOWN, DamageLog

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
    # The process remembers it too, for the editor to be told.
    assert KNOWN.note_at(sound_damaged, Fraction(1.5), "sound") == note
    assert KNOWN.note_at(sound_damaged, Fraction(2.5), "sound") is None


@pytest.fixture(scope="module")
def picture_damaged(tmp_path_factory) -> Path:
    """Three seconds, keyframes every second, whose picture packets from 1.2 to 1.5 s are noise:
    frames 36 to 44 cannot be decoded; 45 to 59 decode from them (so does 34, a B-frame shown
    before 36 and coded after it), 60 on are whole again."""
    from badmedia import damage_packets

    folder = tmp_path_factory.mktemp("picture-damaged")
    whole = make_video(folder / "shot.mp4", 90, width=160, height=96, rate=30, gop=30, audio=False).path
    return damage_packets(whole, folder / "damaged.mp4", "video", 1.2, 1.5)


PICTURE_NOTE = ("damaged.mp4: the picture is damaged from 00:00:01:06 to 00:00:01:29 (1.20 s to 2.00 s); "
                "pictures that cannot be decoded show the last good one, and others there may show blocks")


def test_analysis_decode_goes_past_a_damaged_picture_with_the_probes_count(picture_damaged):
    from vedit_gui.media.damage import DamageLog

    log = DamageLog()
    shown = [read_index(to_small(frame, 160, 96)) for frame in iter_decoded_frames(picture_damaged, damage=log)]
    # It used to stop there: "the file breaks off after 81 of 90 frames (truncated?)".
    assert len(shown) == probe(picture_damaged).video.frame_count == 90
    assert shown[:34] == list(range(34)) and shown[60:] == list(range(60, 90))
    assert shown[36:45] == [35] * 9  # the last good picture, held
    assert log.notes() == [PICTURE_NOTE]


def test_the_reader_shows_a_damaged_picture_as_the_last_good_one_and_says_so(picture_damaged):
    from vedit_gui.media import FrameReader
    from vedit_gui.media.damage import KNOWN, DamageLog

    log = DamageLog()
    with FrameReader(picture_damaged, damage=log) as reader:
        shown = [read_index(frame) for _, frame in reader.frames()]
        # A jump into the damage: a picture from before it (the decoder skips B-frames on the way).
        assert 30 <= read_index(reader.read(40)) <= 35
    assert len(shown) == 90 and shown[:34] == list(range(34)) and shown[60:] == list(range(60, 90))
    assert shown[36:45] == [35] * 9
    assert log.notes() == [PICTURE_NOTE]
    assert KNOWN.note_at(picture_damaged, Fraction(1.5)) == PICTURE_NOTE
    assert KNOWN.note_at(picture_damaged, Fraction(0.5)) is None


def test_cut_analysis_of_a_damaged_picture_is_whole_and_says_where(picture_damaged, tmp_path, monkeypatch):
    from vedit_gui.analysis import results_cache
    from vedit_gui.analysis.analyze import analyze_cuts

    monkeypatch.setattr(results_cache, "cache_dir", lambda: tmp_path / "cache")
    result = analyze_cuts(picture_damaged)
    assert (result.complete, result.error) == (True, None)
    assert result.frames == len(result.scores) == 90
    assert result.warnings == (PICTURE_NOTE,)
    assert result.to_json()["warnings"] == [PICTURE_NOTE]
    again = analyze_cuts(picture_damaged)
    assert again.cached and again.warnings == (PICTURE_NOTE,)


def test_the_waveform_records_damaged_sound_where_it_meets_it(sound_damaged, tmp_path):
    import shutil

    from vedit_gui.media import waveform_peaks
    from vedit_gui.media.damage import KNOWN, SOUND

    fresh = Path(shutil.copy(sound_damaged, tmp_path / "fresh.mp4"))  # nothing has read it yet
    assert KNOWN.notes([str(fresh)], kind=SOUND) == []
    waveform_peaks(fresh, 100)
    (note,) = KNOWN.notes([str(fresh)], kind=SOUND)
    assert "the sound is damaged from 00:00:01:00" in note
