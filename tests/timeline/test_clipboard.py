"""Copy and paste of clips: what a copy holds and the fresh clips a paste inserts."""

from __future__ import annotations

from fractions import Fraction

from vedit_gui.timeline import ClipboardClips, Insert, MediaReference, Split, timeline_from_media

SOURCE = MediaReference("shots/a.mp4", Fraction(30000, 1001), 300)


def test_a_copy_holds_the_selected_clips_per_track_in_order():
    tl = Split(100).apply(Split(200).apply(timeline_from_media(SOURCE)))
    pictures, sounds = (track.items for track in tl.tracks)
    copy = ClipboardClips.of(tl, [sounds[2].id, pictures[2].id, pictures[0].id, "missing"])
    assert copy.placements == ((0, pictures[0]), (0, pictures[2]), (1, sounds[2]))
    assert copy.duration == 200  # the picture track's two clips
    assert ClipboardClips.of(tl, []).placements == ()


def test_a_paste_is_fresh_clips_linked_to_each_other_not_to_the_originals():
    tl = Split(100).apply(timeline_from_media(SOURCE))
    picture, sound = tl.tracks[0].items[0], tl.tracks[1].items[0]
    copy = ClipboardClips.of(tl, [picture.id, sound.id])
    pasted = copy.fresh()
    (_, new_picture), (_, new_sound) = pasted
    assert {new_picture.id, new_sound.id}.isdisjoint({picture.id, sound.id})
    assert new_picture.link == new_sound.link is not None and new_picture.link != picture.link
    assert new_picture.source_range == picture.source_range and new_sound.gain_db == sound.gain_db
    assert copy.fresh()[0][1].id != new_picture.id  # every paste is new again
    out = Insert(pasted, tl.duration).apply(tl)
    assert out.duration == tl.duration + 100
    assert [c.id for c in out.tracks[0].items][-1] == new_picture.id
    assert {c.id for _, _, c in out.linked_items(new_picture.id)} == {new_picture.id, new_sound.id}


def test_a_clip_pasted_from_an_edit_on_another_grid_of_its_file_takes_this_edits():
    """A variable-rate phone clip counted on its 26.46 fps average grid (a project made
    before) pasted into an edit counting it at 25: one file, one grid in the timeline. Clips
    count timeline frames, so the pasted clip shows the same moments."""
    phone_old = MediaReference("phone.mp4", Fraction(1323, 50), 48)
    phone_new = MediaReference("phone.mp4", Fraction(25), 45)
    old = timeline_from_media(phone_old, rate=Fraction(25))
    new = timeline_from_media(phone_new)
    copy = ClipboardClips.of(old, [old.tracks[0].items[0].id])
    out = Insert(copy.fresh(), new.duration).apply(new)
    assert [clip.media for clip in out.tracks[0].clips()] == [phone_new, phone_new]
    assert [clip.source_range for clip in out.tracks[0].clips()] == [new.tracks[0].items[0].source_range] * 2
