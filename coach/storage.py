"""The TinyDB storage under the store: one JSON file, a read cache, durable writes.

The cache is trusted only while the file's identity (inode, size, mtime) is what this
process last read or wrote; otherwise the file is read again. Every write reaches the
disk at once (or, inside a transaction, once at its end): nothing waits in memory.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from coach.fileio import atomic_write_bytes

Stamp = tuple[int, int, int]


class CorruptFileError(Exception):
    """The store's file is not the JSON object a store holds."""


def file_stamp(path: Path) -> Stamp | None:
    """The identity of the file at `path` now, or None when there is none."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def decode_store_bytes(raw: bytes) -> dict[str, Any]:
    """Parse a store file's bytes; raise CorruptFileError unless it is a JSON object."""
    if not raw.strip():
        return {}
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise CorruptFileError(f"not valid JSON ({error})") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise CorruptFileError("valid JSON, but not a Trust Coach store")
    return data


class DurableJSONStorage(Storage):
    """TinyDB storage over one file, or over memory alone when `path` is None."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._cache: dict[str, Any] | None = None if path is not None else {}
        self._stamp: Stamp | None = None
        self._deferred = 0
        self._dirty = False
        self._snapshot: dict[str, Any] = {}
        self.generation = 0  # bumped whenever the data may have changed

    # TinyDB's interface ------------------------------------------------------------------
    def read(self) -> dict[str, Any] | None:
        return self.load()

    def write(self, data: dict[str, Any]) -> None:
        self._cache = data
        self.generation += 1
        if self._deferred:
            self._dirty = True
            return
        self._flush()

    def close(self) -> None:
        """Nothing stays open between writes, so there is nothing to close."""

    # The store's interface ---------------------------------------------------------------
    def load(self) -> dict[str, Any]:
        """The data, from the cache while the file is unchanged, else from the file."""
        if self.path is None or self._deferred:
            assert self._cache is not None
            return self._cache
        if self._cache is not None and file_stamp(self.path) == self._stamp:
            return self._cache
        return self._reload()

    def _reload(self) -> dict[str, Any]:
        assert self.path is not None
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            self._cache, self._stamp = {}, None
            self.generation += 1
            return self._cache
        try:
            st = os.fstat(fd)
            chunks = []
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
        finally:
            os.close(fd)
        data = decode_store_bytes(b"".join(chunks))
        self._cache, self._stamp = data, (st.st_ino, st.st_size, st.st_mtime_ns)
        self.generation += 1
        return data

    def changed_on_disk(self) -> bool:
        """Whether the file is no longer the one this process last read or wrote."""
        return self.path is not None and file_stamp(self.path) != self._stamp

    def forget(self) -> None:
        """Drop the cache so the next read comes from the file (after a failed write)."""
        if self.path is not None:
            self._cache, self._stamp = None, None
            self.generation += 1

    def begin(self) -> None:
        """Hold writes in memory until the matching `commit`."""
        if self._deferred == 0 and self.path is None:
            # Memory has no file to fall back on, so keep a copy to roll back to.
            self._snapshot = orjson.loads(orjson.dumps(self._cache))
        self._deferred += 1

    def commit(self) -> None:
        """End a transaction level; the outermost one writes everything at once."""
        self._deferred -= 1
        if self._deferred == 0 and self._dirty:
            self._flush()

    def rollback(self) -> None:
        """Abandon a transaction: nothing is written and the file is read again."""
        self._deferred = 0
        self._dirty = False
        if self.path is None:
            self._cache = self._snapshot
            self.generation += 1
            return
        self.forget()

    def _flush(self) -> None:
        self._dirty = False
        if self.path is None:
            return
        try:
            atomic_write_bytes(self.path, orjson.dumps(self._cache))
        except BaseException:
            self.forget()
            raise
        self._stamp = file_stamp(self.path)
