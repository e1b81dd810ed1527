"""Names the editor completes keep what was typed: the extension is added, never swapped in."""

from __future__ import annotations

from pathlib import Path

from vedit_gui.project.file_names import with_extension


def test_the_extension_is_added_to_the_name_as_typed():
    assert with_extension(Path("Montage v1.2"), ".vedit") == Path("Montage v1.2.vedit")
    assert with_extension(Path("Ep. 1 final"), ".otio") == Path("Ep. 1 final.otio")
    assert with_extension(Path("cut"), ".edl") == Path("cut.edl")


def test_a_name_ending_in_it_or_a_known_one_is_kept():
    assert with_extension(Path("cut.VEDIT"), ".vedit") == Path("cut.VEDIT")
    assert with_extension(Path("still.jpg"), ".png", known=(".jpg", ".tif")) == Path("still.jpg")
