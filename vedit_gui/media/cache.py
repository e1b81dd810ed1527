"""A byte-bounded, thread-safe LRU of decoded pictures (or any arrays)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

import numpy as np


class FrameCache:
    """Least-recently-used arrays under ``max_bytes`` in total; safe to share between threads.

    An array larger than the whole budget is not kept. Callers must not modify an array
    after putting it or after getting it (the cache hands out the stored array itself).
    """

    def __init__(self, max_bytes: int) -> None:
        if max_bytes < 0:
            raise ValueError(f"cache size must not be negative, got {max_bytes}")
        self.max_bytes = int(max_bytes)
        self._items: OrderedDict[Hashable, np.ndarray] = OrderedDict()
        self._nbytes = 0
        self._lock = threading.Lock()

    @property
    def nbytes(self) -> int:
        with self._lock:
            return self._nbytes

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._items

    def get(self, key: Hashable, default: np.ndarray | None = None) -> np.ndarray | None:
        with self._lock:
            value = self._items.get(key)
            if value is None:
                return default
            self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: np.ndarray) -> None:
        size = int(value.nbytes)
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._nbytes -= int(old.nbytes)
            if size > self.max_bytes:
                return
            self._items[key] = value
            self._nbytes += size
            while self._nbytes > self.max_bytes:
                _, evicted = self._items.popitem(last=False)
                self._nbytes -= int(evicted.nbytes)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._nbytes = 0
