"""The timeline's text reads against what it is drawn on: WCAG AA, 4.5:1 at least."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from vedit_gui.ui import timeline_theme as theme


def contrast(a: QColor, b: QColor) -> float:
    def luminance(colour: QColor) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + 0.0722 * channel(colour.blue())

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(("text", "ground"), [
    ("HEADER_TEXT", "HEADER"),      # V1, A1, a track's name
    ("HEADER_SUBTEXT", "HEADER"),   # "video", "29.97 fps", "Suggestions", "Cut score"
    ("RULER_TEXT", "RULER"),        # the ruler's timecodes
    ("CLIP_TEXT", "CLIP_VIDEO_BAR"),  # a picture clip's name
    ("CLIP_TEXT", "CLIP_AUDIO_BAR"),  # a sound clip's name
])
def test_timeline_text_has_aa_contrast(text, ground):
    assert contrast(getattr(theme, text), getattr(theme, ground)) >= 4.5
