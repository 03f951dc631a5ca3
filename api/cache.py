"""Bounded caches of answers, each keyed by the version of the index it was computed from.

An answer is cached under ``StorePool.version()`` (the index file's identity and SQLite's
``data_version``), so a build that writes the index, in place or by a new file renamed over it,
makes every older entry unreachable at once; they age out of the bounded cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

import orjson


def dumps(value: Any) -> bytes:
    """``value`` as compact UTF-8 JSON (orjson: NaN and infinities become null)."""
    return orjson.dumps(value)


class LRU:
    """A thread-safe map that keeps at most ``max_items`` entries and ``max_bytes`` of values
    (sizes as given to ``put``), dropping the least recently used first."""

    def __init__(self, max_items: int, max_bytes: int | None = None) -> None:
        self.max_items, self.max_bytes = max_items, max_bytes
        self._data: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return item[0]

    def put(self, key: Hashable, value: Any, size: int = 0) -> None:
        if self.max_bytes is not None and size > self.max_bytes // 4:
            return  # one answer may not push out a quarter of the cache
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._data[key] = (value, size)
            self._bytes += size
            while self._data and (len(self._data) > self.max_items or (
                    self.max_bytes is not None and self._bytes > self.max_bytes)):
                _, (_, dropped) = self._data.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._data)

    @property
    def nbytes(self) -> int:
        return self._bytes
