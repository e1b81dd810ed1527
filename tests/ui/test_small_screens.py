"""The editor fits small screens: a 1080p laptop at 200 % (960×540 to Qt) and a 1024×640 one
with the scopes shown. Before, its least size was 977×576 and 977×706 there, so the status bar
(an export's progress and Cancel) and the side column's right edge were off the screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

TITLE_BAR = 24  # what a window manager puts above the window


@pytest.fixture
def reviewing(qtbot, window, cut_inspected):
    """The window on a clip, a cut suggestion inspected (the compare strip shows its frames)."""
    qtbot.waitUntil(lambda: all(window.compare.image(i) is not None for i in range(3)), timeout=10_000)
    return window


def fits(window, screen: QSize) -> bool:
    least = window.minimumSizeHint()
    return least.width() <= screen.width() and least.height() + TITLE_BAR <= screen.height()


def test_the_editor_fits_1080p_at_200_percent(reviewing):
    assert fits(reviewing, QSize(960, 540)), reviewing.minimumSizeHint()


def test_the_editor_with_the_scopes_fits_a_1024_by_640_screen(reviewing, qtbot):
    reviewing.scopes_action.trigger()
    qtbot.waitUntil(reviewing.scopes.isVisible)
    # The window takes the scopes' room into its least size once its layout has run again.
    qtbot.waitUntil(lambda: reviewing.minimumSizeHint().height() > reviewing.main_splitter.minimumSizeHint().height())
    assert fits(reviewing, QSize(1024, 640)), reviewing.minimumSizeHint()



def test_on_a_laptop_screen_the_compare_pictures_keep_their_size(reviewing, qtbot):
    # They have no least height now, but where there is room they open as before.
    reviewing.resize(1280, 800)
    reviewing._reset_layout()
    qtbot.waitUntil(lambda: min(picture.height() for picture in reviewing.compare._pictures) >= 60)


def test_a_squeezed_waveform_labels_only_0_50_and_100():
    from vedit_gui.ui.scopes_panel import graticule_labels

    assert graticule_labels(120) == (0, 25, 50, 75, 100)
    assert graticule_labels(38) == (0, 50, 100)  # the least height: 25 and 75 would overlap
