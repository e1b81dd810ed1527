"""The export dialog says what the render would refuse, or should warn of, before it starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from vedit_gui.ui.export_dialog import ExportDialog


def choose(box, data) -> None:
    box.setCurrentIndex(box.findData(data))


@pytest.fixture
def warned(monkeypatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    return said


def test_h265_is_refused_in_the_dialog_for_a_picture_too_small_for_it(qtbot, tmp_path: Path, warned):
    dialog = ExportDialog(tmp_path / "tiny.mp4", duration=30, rate=30, size=(14, 16))
    qtbot.addWidget(dialog)
    assert dialog.problem is None and dialog.export_button.isEnabled()
    assert dialog.size_problem.isHidden()

    choose(dialog.preset_box, "h265")
    said = "The picture is 14×16 pixels and H.265 needs at least 16 on each side: choose another preset"
    assert dialog.problem is not None and dialog.problem.startswith(said)
    assert dialog.size_problem.text() == dialog.problem and not dialog.size_problem.isHidden()
    assert not dialog.export_button.isEnabled()
    dialog.accept()  # however it is asked, nothing starts
    assert warned == [dialog.problem] and dialog.result() != ExportDialog.DialogCode.Accepted

    choose(dialog.preset_box, "prores")
    assert dialog.problem is None and dialog.export_button.isEnabled() and dialog.size_problem.isHidden()


def test_a_smaller_export_is_checked_at_the_size_it_will_have(qtbot, tmp_path: Path):
    dialog = ExportDialog(tmp_path / "tall.mp4", duration=30, rate=30, size=(24, 1080))
    qtbot.addWidget(dialog)
    choose(dialog.preset_box, "h265")
    assert dialog.problem is None
    choose(dialog.size_box, 360)  # 24×1080 at 360 lines is 8×360
    assert dialog.problem is not None and "8×360" in dialog.problem
    assert not dialog.export_button.isEnabled()


def test_a_size_not_known_or_sound_only_is_not_checked(qtbot, tmp_path: Path):
    unknown = ExportDialog(tmp_path / "a.mp4", duration=30, rate=30)
    sound = ExportDialog(tmp_path / "b.m4a", duration=30, rate=30, picture=False, size=(2, 2))
    for dialog, preset in ((unknown, "h265"), (sound, "prores")):
        qtbot.addWidget(dialog)
        choose(dialog.preset_box, preset)
        assert dialog.problem is None and dialog.export_button.isEnabled()


def test_sources_cut_short_are_named_before_the_export(qtbot, tmp_path: Path):
    note = "camera.mkv is cut short: its picture ends at frame 67 (00:00:02;07)"
    dialog = ExportDialog(tmp_path / "e.mp4", duration=30, rate=30, notes=[note])
    qtbot.addWidget(dialog)
    assert [label.text() for label in dialog.notes] == [note]
    assert dialog.export_button.isEnabled()  # a warning: the render shows what the file holds


def test_the_editors_export_dialog_checks_the_sources_in_the_background(qtbot, window, tmp_path: Path, monkeypatch):
    """File ▸ Export gives the dialog the picture size and the sources cut short, found off
    the GUI thread (a source not probed lately is scanned whole) and shown once known."""
    from mediagen import make_video

    whole = make_video(tmp_path / "tiny.mkv", 90, width=14, height=16, gop=60).path
    short = tmp_path / "tiny-cut.mkv"
    short.write_bytes(whole.read_bytes()[: int(whole.stat().st_size * 0.75)])
    window.open_path(short)
    qtbot.waitUntil(lambda: window.session.timeline.duration > 0, timeout=10_000)
    # Opening says so first, as a warning about the file (not "could not open", nor only
    # later as an analysis that "stopped early").
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "openErrorBox") is not None, timeout=10_000)
    box = window.findChild(QMessageBox, "openErrorBox")
    assert box.windowTitle() == "Media cut short"
    assert box.text().startswith("tiny-cut.mkv is cut short: its picture ends at frame")  # said once: the title names it
    assert window.statusBar().currentMessage().startswith("tiny-cut.mkv is cut short")
    box.accept()
    seen: dict[str, object] = {}

    def look(dialog: ExportDialog) -> int:  # the editor waits for the check, then picks H.265
        qtbot.waitUntil(lambda: bool(dialog.notes), timeout=10_000)
        choose(dialog.preset_box, "h265")
        seen.update(notes=[label.text() for label in dialog.notes], problem=dialog.problem,
                    export=dialog.export_button.isEnabled())
        return ExportDialog.DialogCode.Rejected

    monkeypatch.setattr(ExportDialog, "exec", look)
    assert window.export() is None
    assert seen["notes"][0].startswith("tiny-cut.mkv is cut short: its picture ends at frame")
    assert seen["problem"].startswith("The picture is 14×16 pixels and H.265 needs at least 16")
    assert seen["export"] is False


def test_a_save_does_not_wait_for_the_export_dialogs_look_at_the_sources(qtbot, window, tmp_path: Path, monkeypatch):
    """The look at the sources scans each one not probed lately: it has its own thread."""
    import asyncio
    import threading

    from mediagen import make_video

    import vedit_gui.app.session as session_module

    window.open_path(make_video(tmp_path / "clip.mp4", 10).path)
    qtbot.waitUntil(lambda: window.session.timeline.duration > 0, timeout=10_000)
    scanning, release = threading.Event(), threading.Event()

    def slow_scan(timeline):  # a long edit's sources, scanned whole
        scanning.set()
        release.wait(10)
        return []

    monkeypatch.setattr(session_module, "cut_short_sources", slow_scan)
    checks = asyncio.ensure_future(window.session.export_checks(window.session.timeline))
    qtbot.waitUntil(scanning.is_set, timeout=5_000)
    saving = window.session.save(tmp_path / "edit.vedit")
    qtbot.waitUntil(saving.done, timeout=5_000)
    assert (tmp_path / "edit.vedit").is_file() and not checks.done()
    release.set()
    qtbot.waitUntil(checks.done, timeout=5_000)


def test_the_export_dialog_offers_the_edits_last_export_even_after_it_failed(qtbot, window, tmp_path: Path, monkeypatch):
    """An editor pass typed a path, the export failed (a read-only folder), and Ctrl+E offered
    the default name again: the typed path is offered back, and kept with the project. A source
    opened by a relative path gets an absolute default."""
    from mediagen import make_video

    (tmp_path / "shoot").mkdir()
    clip = make_video(tmp_path / "shoot" / "a.mp4", 12, width=64, height=48).path
    monkeypatch.chdir(tmp_path)
    window.open_path("shoot/a.mp4")
    qtbot.waitUntil(lambda: window.session.timeline.duration > 0, timeout=10_000)
    offered: list[Path] = []
    typed = tmp_path / "locked" / "client cut.mp4"

    def choose(dialog: ExportDialog) -> int:
        offered.append(dialog.path)
        dialog.path_edit.setText(str(typed))
        return ExportDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", choose)
    monkeypatch.setattr(window, "start_export", lambda *args: None)  # as if it failed
    window.export()
    assert offered[0] == clip.parent / "a-edit.mp4" and offered[0].is_absolute()
    window.export()
    assert offered[1] == typed
    assert window.session.ui_state["export_path"] == str(typed)  # saved with the project's UI state


def test_each_size_says_what_it_writes_and_one_no_smaller_than_the_edit_is_greyed(qtbot, tmp_path: Path):
    dialog = ExportDialog(tmp_path / "a.mp4", duration=30, rate=30)
    qtbot.addWidget(dialog)
    dialog.set_sources((1280, 720))  # known once the background check ends
    texts = [dialog.size_box.itemText(i) for i in range(dialog.size_box.count())]
    assert texts == ["As the edit (1280×720)", "At most 1080 lines (the edit is no taller)",
                     "At most 720 lines (the edit is no taller)", "At most 540 lines (960×540)",
                     "At most 360 lines (640×360)"]
    model = dialog.size_box.model()
    assert [model.item(i).isEnabled() for i in range(5)] == [True, False, False, True, True]
    phone = ExportDialog(tmp_path / "b.mp4", duration=30, rate=30, size=(1080, 1920))  # portrait
    qtbot.addWidget(phone)
    assert phone.size_box.itemText(1) == "At most 1080 lines (608×1080)"


def test_the_dialog_offers_the_last_exports_choices_where_they_still_apply(qtbot, tmp_path: Path):
    """An editor pass reopened Export three times after a ProRes export at -24 LKFS: each
    time it was back at h264 / As mixed."""
    from vedit_gui.ui.export_dialog import ExportChoices

    last = ExportChoices("prores", 540, "atsc-a85")
    dialog = ExportDialog(tmp_path / "cut-edit.mp4", duration=30, rate=30, size=(1280, 720), remembered=last)
    qtbot.addWidget(dialog)
    assert (dialog.preset, dialog.max_height, dialog.loudness) == ("prores", 540, "atsc-a85")
    assert dialog.path == tmp_path / "cut-edit.mov"  # the name follows the preset offered
    assert dialog.choices == last
    # A size no smaller than this edit, a preset or target this vedit no longer has: the defaults.
    small = ExportDialog(tmp_path / "b.mp4", duration=30, rate=30, size=(640, 360),
                         remembered=ExportChoices("dnxhr", 540, "netflix"))
    qtbot.addWidget(small)
    assert (small.preset, small.max_height, small.loudness) == ("h264", None, None)
    assert small.path == tmp_path / "b.mp4"
    # Known only after the dialog opened, the size still greys a remembered choice out.
    late = ExportDialog(tmp_path / "c.mp4", duration=30, rate=30, remembered=last)
    qtbot.addWidget(late)
    assert late.max_height == 540
    late.set_sources((640, 360))
    assert late.max_height is None
    # Sound only: no size; the size the last picture export had is kept for the next one.
    sound = ExportDialog(tmp_path / "d.m4a", duration=30, rate=30, picture=False, remembered=last)
    qtbot.addWidget(sound)
    assert sound.max_height is None and sound.loudness == "atsc-a85"
    assert sound.choices.max_height == 540


def test_the_editors_export_remembers_preset_size_and_loudness_across_sessions(qtbot, window, tmp_path: Path,
                                                                             monkeypatch):
    from mediagen import make_video

    from vedit_gui.ui.export_dialog import ExportChoices
    from vedit_gui.ui.main_window import settings

    clip = make_video(tmp_path / "a.mp4", 12, width=64, height=48).path
    window.open_path(clip)
    qtbot.waitUntil(lambda: window.session.timeline.duration > 0, timeout=10_000)
    seen: list[tuple] = []

    def choose(dialog: ExportDialog) -> int:
        seen.append((dialog.preset, dialog.loudness, dialog.path.suffix))
        choose_in = [(dialog.preset_box, "prores"), (dialog.loudness_box, "ebu-r128")]
        for box, data in choose_in:
            box.setCurrentIndex(box.findData(data))
        return ExportDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", choose)
    monkeypatch.setattr(window, "start_export", lambda *args: None)
    window.export()
    window.export()
    assert seen == [("h264", None, ".mp4"), ("prores", "ebu-r128", ".mov")]
    assert ExportChoices.load(settings()) == ExportChoices("prores", None, "ebu-r128")  # a new session reads them


def test_the_dialog_says_the_sound_format_and_a_sound_only_file_is_named_as_it_is(qtbot, tmp_path: Path):
    """It said only "AAC" or "PCM", and offered a sound-only timeline "h264 — H.264 + AAC in MP4"
    while writing an .m4a."""
    from vedit_gui.ui.export_dialog import ExportChoices

    dialog = ExportDialog(tmp_path / "a.mp4", duration=30, rate=30)
    qtbot.addWidget(dialog)
    assert dialog.sound_format.text().startswith("AAC 192 kb/s, 48 kHz stereo: ")
    assert "5.1 and other surround folded down to stereo" in dialog.sound_format.text()
    choose(dialog.preset_box, "prores")
    assert dialog.sound_format.text().startswith("24-bit PCM, 48 kHz stereo: ")
    sound = ExportDialog(tmp_path / "b.m4a", duration=30, rate=30, picture=False,
                         remembered=ExportChoices("h265"))  # the same .m4a as h264: not offered, so not chosen
    qtbot.addWidget(sound)
    box = sound.preset_box
    assert [box.itemText(i) for i in range(box.count())] == [
        "AAC in M4A (plays everywhere)", "24-bit PCM in MOV (for further editing)"]
    assert sound.preset == "h264" and sound.path == tmp_path / "b.m4a"
    choose(box, "prores")
    assert sound.path == tmp_path / "b.mov" and sound.sound_format.text().startswith("24-bit PCM, 48 kHz stereo")


def test_the_range_says_its_length_in_frames_and_unrounded_seconds(qtbot, tmp_path: Path):
    """251 frames at 25 fps read "(10.0 s)": a frame's difference hidden by the rounding."""
    from fractions import Fraction

    from vedit_gui.timeline import FrameRange

    dialog = ExportDialog(tmp_path / "a.mp4", duration=25 * 75, rate=Fraction(25), marked=FrameRange(250, 251))
    qtbot.addWidget(dialog)
    texts = [dialog.range_box.itemText(i) for i in range(dialog.range_box.count())]
    assert texts == ["In to out: 00:00:10:00 – 00:00:20:00 (251 frames, 10.04 s)",
                     "Whole timeline: 00:00:00:00 – 00:01:14:24 (1875 frames, 1 min 15.00 s)"]
