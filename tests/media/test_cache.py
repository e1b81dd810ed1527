from __future__ import annotations

import threading

import numpy as np
import pytest

from vedit_gui.media import FrameCache


def _frame(value: int) -> np.ndarray:
    return np.full((10, 10, 3), value, np.uint8)  # 300 bytes


def test_least_recently_used_frames_leave_first():
    cache = FrameCache(max_bytes=900)
    for key in "abc":
        cache.put(key, _frame(1))
    assert cache.get("a") is not None  # "a" is now the most recent
    cache.put("d", _frame(2))
    assert "b" not in cache and all(k in cache for k in "acd")
    assert cache.nbytes == 900 and len(cache) == 3


def test_replacing_a_key_counts_its_bytes_once():
    cache = FrameCache(max_bytes=1000)
    cache.put("a", _frame(1))
    cache.put("a", _frame(2))
    assert cache.nbytes == 300 and int(cache.get("a")[0, 0, 0]) == 2


def test_oversized_values_are_not_kept_and_clear_empties():
    cache = FrameCache(max_bytes=100)
    cache.put("big", _frame(1))
    assert cache.get("big") is None and cache.nbytes == 0
    cache = FrameCache(max_bytes=1000)
    cache.put(("clip", 3), _frame(3))
    cache.clear()
    assert cache.nbytes == 0 and cache.get(("clip", 3), default=None) is None


def test_negative_budget_is_refused():
    with pytest.raises(ValueError, match="negative"):
        FrameCache(-1)


def test_bound_holds_under_concurrent_use():
    cache = FrameCache(max_bytes=3000)
    errors = []

    def hammer(seed: int) -> None:
        try:
            for i in range(500):
                cache.put((seed, i % 17), _frame(i % 255))
                cache.get((seed, (i * 7) % 17))
                assert cache.nbytes <= 3000
        except AssertionError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=hammer, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and cache.nbytes <= 3000 and len(cache) == cache.nbytes // 300
