"""The level meter beside the transport: bars to the level, a peak hold, a clip light that
stays until clicked, and the playback's levels reaching it."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from vedit_gui.ui.level_meter import CLIP_DB, FLOOR_DB, HOLD_S, LevelMeter, fraction


def lit(meter: LevelMeter, db: float, channel: int) -> bool:
    """Whether the bar of ``channel`` is lit at the place of ``db`` on the scale."""
    image = meter.grab().toImage()
    width = meter.width() - 13
    bar = (meter.height() - 1) / 2
    colour = QColor(image.pixelColor(int(fraction(db) * width), int(channel * (bar + 1) + bar / 2)))
    return colour.lightness() > 70 and colour.saturation() > 60


def test_bars_reach_the_level_of_each_channel(qtbot):
    meter = LevelMeter()
    qtbot.addWidget(meter)
    meter.resize(meter.sizeHint())
    meter.set_levels((-12.0, -40.0))
    assert lit(meter, -20.0, 0) and lit(meter, -45.0, 1)
    assert not lit(meter, -6.0, 0) and not lit(meter, -30.0, 1)
    assert fraction(FLOOR_DB - 10) == 0.0 and fraction(3.0) == 1.0


def test_the_peak_is_held_for_a_second_then_falls(qtbot):
    meter = LevelMeter()
    qtbot.addWidget(meter)
    meter.set_levels((-6.0, -6.0))
    meter.set_levels((-30.0, -30.0))
    now = time.perf_counter()
    assert meter.hold(0, now) == pytest.approx(-6.0)
    assert meter.hold(0, now + HOLD_S + 0.5) < -6.0


def test_the_clip_light_stays_until_clicked(qtbot):
    meter = LevelMeter()
    qtbot.addWidget(meter)
    meter.set_levels((CLIP_DB + 0.5, -20.0))
    meter.set_levels((-40.0, -40.0))
    assert meter.clipped
    qtbot.mouseClick(meter, Qt.MouseButton.LeftButton)
    assert not meter.clipped


def test_the_editor_shows_what_playback_hears(window):
    window.playback.levels_changed.emit((-10.0, -20.0))
    assert window.level_meter.levels == (-10.0, -20.0)
    window.playback.levels_changed.emit(())
    assert window.level_meter.levels == ()


def test_it_narrows_on_a_small_screen_and_is_named(qtbot):
    # Beside the transport it gives way before the window outgrows a small screen (1080p at
    # 200 %), up to its usual width; a screen reader names it.
    from PySide6.QtWidgets import QHBoxLayout, QWidget

    row = QWidget()
    qtbot.addWidget(row)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    meter = LevelMeter()
    layout.addWidget(meter)
    assert layout.minimumSize().width() < meter.sizeHint().width() // 2
    row.resize(400, 30)
    row.show()
    qtbot.waitUntil(lambda: meter.width() == meter.sizeHint().width())  # never wider than its hint
    assert meter.accessibleName() == "Sound level"
    row.resize(layout.minimumSize().width(), 30)
    qtbot.waitUntil(lambda: meter.width() < meter.sizeHint().width())
    meter.set_levels((-12.0, -40.0))
    assert lit(meter, -20.0, 0) and not lit(meter, -6.0, 0)  # the scale still reads
