"""Readers kept open while an edit plays or renders, a bounded number at a time."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class OpenFiles(Generic[K, V]):
    """Readers by key, at most ``limit`` open: opening one more closes the one used longest
    ago. A film cut from twenty sources used to keep every decoder open to the end of its
    render (40 MB a source); an edit passes through its sources, it does not need them all."""

    def __init__(self, limit: int, close: Callable[[V], None]) -> None:
        self.limit = limit
        self._close = close
        self._open: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K, opener: Callable[[], V]) -> V:
        found = self._open.get(key)
        if found is not None:
            self._open.move_to_end(key)
            return found
        while len(self._open) >= self.limit:
            _, oldest = self._open.popitem(last=False)
            self._close(oldest)
        found = self._open[key] = opener()
        return found

    def pop(self, key: K) -> V | None:
        return self._open.pop(key, None)

    def values(self) -> Iterator[V]:
        return iter(list(self._open.values()))

    def close_all(self) -> None:
        for reader in self.values():
            self._close(reader)
        self._open.clear()

    def __len__(self) -> int:
        return len(self._open)

    def __iter__(self) -> Iterator[K]:
        return iter(list(self._open))
