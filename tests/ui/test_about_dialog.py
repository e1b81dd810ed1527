"""Help ▸ About vedit: what runs here (version, models and their weights), what to know of
the models before trusting them, the licences of what ships, where things are kept."""

from __future__ import annotations

import importlib.metadata

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel

from vedit_gui.analysis.color.layout import MODEL_VERSION as COLOR_VERSION
from vedit_gui.analysis.cut_weights import MODEL_VERSION as CUT_VERSION
from vedit_gui.app.about import about, card_title, card_training, error_log, sample_licences
from vedit_gui.project.autosave import recovery_dir
from vedit_gui.ui.about_dialog import AboutDialog


def _about_from_the_menu(window) -> AboutDialog:
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    texts = [a.text() for a in help_menu.actions()]
    assert texts == ["&Keyboard Shortcuts", "", "&About vedit"]  # the reference, then the about
    help_menu.actions()[-1].trigger()
    dialog = window.findChild(AboutDialog, "aboutDialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_about_names_the_version_and_the_models_with_their_cards_words(qtbot, window):
    dialog = _about_from_the_menu(window)
    title = dialog.findChild(QLabel, "aboutTitle")
    version = importlib.metadata.version("vedit-gui")
    assert f"vedit {version}" in title.text()
    body = dialog.body.toPlainText()
    assert CUT_VERSION in body and f"color-v{COLOR_VERSION}" in body
    # Each model's line from its card: what it is and what it learnt from.
    assert "cutnet-4 — shot-transition detector (makes the cut suggestions)" in body
    assert "Learnt from: synthetic only — no video." in body
    assert "per-shot colour correction model" in body and "Learnt from: self-supervised; no video was used." in body
    # What the README warns of the colour model is said where the editor decides to trust it.
    assert "on animation and rendered footage it can vouch for grades that make a shot worse" in body
    assert "sha256 " in body and "cutnet.md" in body and "color-v5.md" in body
    # Licences: vedit's, and the sample's pictures by licence, as resources/LICENSES.md records them.
    assert "vedit: MIT licence." in body
    assert "public domain: rocket.jpg, astronaut.png, hubble_deep_field.jpg" in body
    assert "CC0: coffee.png, chelsea.png, grass.png" in body
    # What it runs on, as installed: each library's version and licence, and the GPL encoders
    # PyAV's FFmpeg brings (an editor distributing renders may need to know).
    assert f"av {importlib.metadata.version('av')}: " in body
    assert "its FFmpeg includes the encoders x264 (GPL-2.0-or-later)" in body
    assert f"PySide6_Essentials {importlib.metadata.version('PySide6-Essentials')}: LGPL-3.0-only" in body
    # Where the autosaves and the error log are.
    assert f"crash recovery (every two seconds): {recovery_dir()}" in body
    assert f"Details of errors the editor showed: {error_log()}" in body
    assert dialog.body.accessibleName() == "About vedit: models, licences and folders"


def test_about_closes_from_the_keyboard_and_copies_its_details(qtbot, window):
    dialog = _about_from_the_menu(window)
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("vedit ") and CUT_VERSION in copied and str(recovery_dir()) in copied
    assert dialog.copy_button.text() == "Copied"
    dialog.body.setFocus()
    qtbot.keyClick(dialog.body, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)


def test_card_lines_come_from_the_cards_and_survive_a_missing_one(tmp_path):
    card = tmp_path / "m.md"
    card.write_text("# m — a thing that finds things\n\nText.\n\n## Training data (made-up pictures)\nMore.\n")
    assert card_title(card) == "a thing that finds things"
    assert card_training(card) == "made-up pictures"
    gone = tmp_path / "gone.md"
    assert card_title(gone) == "" and card_training(gone) == ""
    assert sample_licences(gone) == ()
    facts = about()
    assert [m.version for m in facts.models] == [CUT_VERSION, f"color-v{COLOR_VERSION}"]
    assert all(m.present for m in facts.models)
