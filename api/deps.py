"""Dependencies: the app's settings and a read connection to the index for each request.

Reads go through a small pool of read-only connections. SQLite in WAL mode lets them answer
while a build writes (a new index file is opened writable once, which migrates its schema and
turns WAL on); a full build writes a new file and renames it into place, so a pooled
connection is checked against the file's identity (device, inode) when it is handed out and
dropped when the file was replaced: the next request reads the new index.

Pooled connections keep their prepared statements (sqlite3's per-connection statement cache).
They do not map the file into memory: ``mmap_size`` saved ~7% of a search, but every
connection's mapping counts the index pages it touched again in the worker's resident memory
(several GB reported for an 830 MB index). The pool also holds the answer caches
(api/cache.py) and the index ``version`` they are keyed by.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from policyintel.api.cache import LRU
from policyintel.errors import StoreError
from policyintel.index.store import Store, open_store


@dataclass(frozen=True, slots=True)
class Settings:
    """What ``create_app`` was given."""

    db_path: Path
    api_key: str | None = None
    max_upload_bytes: int = 50 * 1024 * 1024
    parse_timeout_s: float = 60.0

    @property
    def upload_dir(self) -> Path:
        """Where uploaded files are kept, named by content hash, beside the index."""
        return self.db_path.with_name(self.db_path.name + ".uploads")


def _identity(path: Path) -> tuple[int, int] | None:
    # A pooled connection holds its file open, so its inode cannot be reused by a new file.
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


SEARCH_CACHE_BYTES = 32 << 20  # each cache, per worker
SEARCH_CACHE_ITEMS = 4096
PAGE_CACHE_BYTES = 32 << 20
PAGE_CACHE_ITEMS = 4096
COUNT_CACHE_ITEMS = 4096


class StorePool:
    """Read-only stores on one index file, reused across requests (at most ``size`` kept idle),
    and the answer caches of that index: ``counts`` (records totals by filters), ``search``
    (serialised /search answers) and ``pages`` (serialised /records pages), all bounded and
    keyed by ``version()``."""

    def __init__(self, path: Path, *, size: int = 8) -> None:
        self.path, self.size = path, size
        self._idle: list[tuple[tuple[int, int] | None, Store]] = []
        self._lock = threading.Lock()
        self._prepared: set[tuple[int, int]] = set()
        self._watch: tuple[tuple[int, int], sqlite3.Connection] | None = None
        self.counts = LRU(COUNT_CACHE_ITEMS)
        self.search = LRU(SEARCH_CACHE_ITEMS, SEARCH_CACHE_BYTES)
        self.pages = LRU(PAGE_CACHE_ITEMS, PAGE_CACHE_BYTES)

    def version(self, ident: tuple[int, int] | None = None) -> tuple[tuple[int, int], int] | None:
        """The index's version: its file identity (``ident`` when the caller has just read
        it) and SQLite's ``data_version`` as one watching connection sees it (it changes when
        any other connection or process commits). None when there is no index file."""
        ident = ident or _identity(self.path)
        if ident is None:
            return None
        with self._lock:
            if self._watch is None or self._watch[0] != ident:
                if self._watch is not None:
                    self._watch[1].close()
                    self._watch = None
                try:
                    conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                           check_same_thread=False)
                except sqlite3.Error:
                    return None
                self._watch = (ident, conn)
            try:
                (data_version,) = self._watch[1].execute("PRAGMA data_version").fetchone()
            except sqlite3.Error:
                return None
        return ident, data_version

    def acquire(self) -> tuple[tuple[int, int] | None, Store]:
        ident = _identity(self.path)
        if ident is None:
            raise StoreError(f"{self.path}: no index here; build one with: "
                             f"policyintel build --db {self.path}")
        stale = []
        found = None
        with self._lock:
            while self._idle:
                key, store = self._idle.pop()
                if key == ident:
                    found = (key, store)
                    break
                stale.append(store)
        for store in stale:
            store.close()
        if found is not None:
            return found
        if ident not in self._prepared:
            self._prepare()
            self._prepared.add(ident)
        return ident, open_store(self.path, readonly=True)

    def _prepare(self) -> None:
        """Open a new index file writable once: it migrates the schema and turns on WAL."""
        try:
            open_store(self.path).close()
        except StoreError:
            pass  # a read-only file can still be read if its schema is current

    def release(self, item: tuple[tuple[int, int] | None, Store]) -> None:
        with self._lock:
            if len(self._idle) < self.size:
                self._idle.append(item)
                return
        item[1].close()

    @contextmanager
    def lease(self) -> Iterator[Store]:
        """A read-only store for the duration of the block."""
        item = self.acquire()
        try:
            yield item[1]
        finally:
            self.release(item)

    @contextmanager
    def reading(self) -> Iterator[tuple[tuple[tuple[int, int], int] | None, Store]]:
        """``(version, store)`` for the block: a read-only store and the index version to key
        its answers by, from one look at the file."""
        item = self.acquire()
        try:
            yield self.version(item[0]), item[1]
        finally:
            self.release(item)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
            watch, self._watch = self._watch, None
        for _, store in idle:
            store.close()
        if watch is not None:
            watch[1].close()
        for cache in (self.counts, self.search, self.pages):
            cache.clear()


# Async because they do not block: FastAPI runs a sync dependency in a worker thread.
async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def pool_of(request: Request) -> StorePool:
    """The app's pool. /search and /records call this rather than declaring ``PoolDep``:
    resolving dependencies cost FastAPI ~50 µs a request, an eighth of a records page."""
    return request.app.state.pool


async def get_pool(request: Request) -> StorePool:
    return pool_of(request)


def get_store(pool: Annotated[StorePool, Depends(get_pool)]) -> Iterator[Store]:
    """One read-only store for the request, returned to the pool afterwards."""
    with pool.lease() as store:
        yield store


SettingsDep = Annotated[Settings, Depends(get_settings)]
PoolDep = Annotated[StorePool, Depends(get_pool)]
StoreDep = Annotated[Store, Depends(get_store)]
