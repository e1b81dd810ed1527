"""Start-up work that keeps the GUI thread free later on."""

from __future__ import annotations

import sys
import threading

from vedit_gui.app.runtime import warm_up_models


def test_the_colour_model_is_imported_on_a_thread_of_its_own_at_start():
    thread = warm_up_models()
    assert thread is not threading.main_thread() and thread.daemon
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert "vedit_gui.analysis.color.suggest" in sys.modules and "torch" in sys.modules
