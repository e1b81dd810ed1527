"""The viewer's labels over the picture stay readable whatever the picture is."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRect

from vedit_gui.app.thumbnail_store import rgb_from_image
from vedit_gui.ui.viewer import ViewerWidget


def _corner(viewer: ViewerWidget, *, right: bool) -> np.ndarray:
    """The top corner of the picture where a badge goes, as the screen shows it."""
    rect = viewer.image_rect()
    width, height = 90, 28
    x = rect.right() - width if right else rect.left()
    shot = rgb_from_image(viewer.grab(QRect(x, rect.top(), width, height)).toImage())
    return shot.astype(int).sum(axis=2)


def test_the_split_wipes_before_and_after_labels_sit_on_a_plate_on_a_white_picture(qtbot):
    viewer = ViewerWidget()
    qtbot.addWidget(viewer)
    viewer.resize(640, 360)
    viewer.show()
    viewer.show_frame(np.full((180, 320, 3), 255, np.uint8))  # a bright sky, or a shot graded up
    viewer.set_wipe(0.5)
    for right in (False, True):  # "Before" left, "After" right
        corner = _corner(viewer, right=right)
        dark = (corner < 150).mean()
        assert dark > 0.3, f"{'After' if right else 'Before'}: {dark:.0%} of the corner is dark"
    # With Before on, its badge takes the right corner, on the same plate.
    viewer.set_before(True)
    assert (_corner(viewer, right=True) < 150).mean() > 0.3
