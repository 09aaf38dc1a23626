"""The TinyDB storage under the store: one JSON file, a read cache, durable writes.

The cache is trusted only while the file's identity (inode, size, mtime) is what this
process last read or wrote; otherwise the file is read again. Every write reaches the
disk at once (or, inside a transaction, once at its end): nothing waits in memory.

Nothing here changes a table dict or a record dict in place: TinyDB's writes build new
table dicts, and the store replaces whole records. That is what makes a transaction's
snapshot a cheap shallow copy, and what lets a caller hold a read-only view safely.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from coach import archive, migrations
from coach.fileio import atomic_write_bytes
from coach.migrations import NewerSchemaError
from coach.plain import from_bytes, plain, plain_tables, to_bytes
from coach.sealed import EncryptedFileDamaged, OtherKey, SealedDataDamaged, is_encrypted

if TYPE_CHECKING:  # the ciphers are imported only by an encrypted store's opening
    from coach.crypto import StoreCipher

__all__ = ["CorruptFileError", "DurableJSONStorage", "NewerSchemaError", "decode_store_bytes"]
__all__ += ["HistoryUnreadable", "KeyUnavailable", "plain", "plain_tables", "revision_of"]

REVISION_FIELD = "revision"

Stamp = tuple[int, int, int, int]


class CorruptFileError(Exception):
    """The store's file is not the JSON object a store holds."""


class HistoryUnreadable(CorruptFileError):
    """The history file store.json names is missing or damaged."""

    def __init__(self, reason: str, missing: bool) -> None:
        super().__init__(reason)
        self.missing = missing


class KeyUnavailable(Exception):
    """The file is encrypted and this process has no key for it (none, or another one)."""


def _stamp_of(st: os.stat_result) -> Stamp:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def file_stamp(path: Path) -> Stamp | None:
    """The identity of the file at `path` now, or None when there is none."""
    try:
        return _stamp_of(os.stat(path))
    except FileNotFoundError:
        return None


def decode_store_bytes(raw: bytes) -> dict[str, Any]:
    """Parse a store file's bytes into its tables.

    Raises NewerSchemaError for a newer version's file (whatever shape that version
    gives it) and CorruptFileError for anything that is not a store, including an empty
    file: a store file is never legitimately empty, so that is damage to report.
    """
    if not raw.strip():
        raise CorruptFileError("the file is empty")
    try:
        data = from_bytes(raw)
    except ValueError as error:
        raise CorruptFileError(f"not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise CorruptFileError(f"valid JSON, but a {type(data).__name__}, not a store")
    meta = data.get(migrations.META_TABLE)
    if isinstance(meta, dict) and isinstance(meta.get(migrations.META_ID), dict):
        version = meta[migrations.META_ID].get("schema_version")
        if isinstance(version, int) and version > migrations.SCHEMA_VERSION:
            raise NewerSchemaError(version)
    for name, table in data.items():
        # The types of all records at once, in C: a Python loop over ten years of
        # check-offs took 2 ms of every start. JSON objects always decode to plain dicts.
        if not isinstance(table, dict) or not set(map(type, table.values())) <= {dict}:
            raise CorruptFileError(f"valid JSON, but table {name!r} is not a table of records")
    return data


def encode_store(data: dict[str, Any]) -> bytes:
    """The bytes of a store file: UTF-8 JSON whatever the locale."""
    return to_bytes(data)


def open_sealed(raw: bytes, cipher: StoreCipher | None) -> bytes:
    """The plaintext of a store file's bytes, decrypting them when they are encrypted.

    Raises KeyUnavailable when the file is encrypted under a key this process lacks, and
    CorruptFileError when an encrypted file is damaged.
    """
    if not is_encrypted(raw):
        return raw
    if cipher is None:
        raise KeyUnavailable("the file is encrypted")
    try:
        return cipher.decrypt(raw)
    except OtherKey:
        raise KeyUnavailable("the file was encrypted with another key") from None
    except (SealedDataDamaged, EncryptedFileDamaged) as error:
        raise CorruptFileError(str(error)) from None


def revision_of(data: Mapping[str, Any]) -> int:
    """How many times the store has been written, as its meta record counts them."""
    meta = data.get(migrations.META_TABLE)
    record = meta.get(migrations.META_ID) if isinstance(meta, Mapping) else None
    number = record.get(REVISION_FIELD, 0) if isinstance(record, Mapping) else 0
    return number if isinstance(number, int) else 0


def with_revision(data: dict[str, Any], number: int) -> dict[str, Any]:
    """`data` with its revision set to `number`; the meta table and record are new dicts.

    The count lets a window tell another Trust Coach's newer write from a file put back
    from outside (a sync client, a restore), whose count is not ahead of its own.
    """
    meta = data.get(migrations.META_TABLE)
    record = meta.get(migrations.META_ID) if isinstance(meta, dict) else None
    if not isinstance(record, dict):
        return data
    meta = {**meta, migrations.META_ID: {**record, REVISION_FIELD: number}}
    return {**data, migrations.META_TABLE: meta}


class DurableJSONStorage(Storage):
    """TinyDB storage over one file, or over memory alone when `path` is None."""

    def __init__(self, path: Path | None, cipher: StoreCipher | None = None) -> None:
        self.path = path
        self.cipher = cipher  # set: every write is encrypted, whatever the file was before
        self._cache: dict[str, Any] | None = None if path is not None else {}
        self._stamp: Stamp | None = None
        self._unreadable: Stamp | None = None  # so reads do not parse a damaged file again
        self._deferred = 0
        self._dirty = False
        self._snapshot: dict[str, Any] = {}
        self.generation = 0  # bumped whenever the data may have changed
        self._highest_revision = 0  # of any version read or written: counts never go back

    # TinyDB's interface ------------------------------------------------------------------
    def read(self) -> dict[str, Any] | None:
        return self.load()

    def write(self, data: dict[str, Any]) -> None:
        self._cache = data
        self.generation += 1
        if self._deferred:
            self._dirty = True
            return
        try:
            self._flush()
        except BaseException:
            self.forget()
            raise

    def close(self) -> None:
        """Nothing stays open between writes, so there is nothing to close."""

    # The store's interface ---------------------------------------------------------------
    @property
    def cached(self) -> dict[str, Any] | None:
        """What this process holds now, without looking at the file."""
        return self._cache

    def load(self) -> dict[str, Any]:
        """The data, from the cache while the file is unchanged, else from the file.

        A file that vanished leaves the cache as it was: what this process holds is then
        the only copy, and the store writes it back on its next write.
        """
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
            if self._cache is None:
                self._cache, self._stamp = {}, None
                self.generation += 1
            return self._cache
        try:
            status = os.fstat(fd)
            stamp, chunks = _stamp_of(status), []
            # Asked for the file's own size (and one byte more, to notice it growing): a
            # read of a fixed 4 MiB made the C library keep every later buffer below that
            # size on its heap, where memory freed after reading stays with the process.
            want = status.st_size + 1
            while chunk := os.read(fd, want):
                chunks.append(chunk)
                want = 1 << 20
        finally:
            os.close(fd)
        try:
            data = decode_store_bytes(open_sealed(b"".join(chunks), self.cipher))
        except (CorruptFileError, NewerSchemaError, KeyUnavailable):
            self._unreadable = stamp
            raise
        self._cache, self._stamp = data, stamp
        self._highest_revision = max(self._highest_revision, revision_of(data))
        self.generation += 1
        return data

    def changed_on_disk(self) -> bool:
        """Whether the file is no longer the one this process last read or wrote."""
        return self.path is not None and file_stamp(self.path) != self._stamp

    def worth_reading(self) -> bool:
        """Whether the file changed into something not already found unreadable."""
        if self.path is None:
            return False
        stamp = file_stamp(self.path)
        return stamp != self._stamp and (stamp is None or stamp != self._unreadable)

    def file_missing(self) -> bool:
        return self.path is not None and file_stamp(self.path) is None

    def forget(self) -> None:
        """Drop the cache so the next read comes from the file."""
        if self.path is not None:
            self._cache, self._stamp = None, None
            self.generation += 1

    def amend(self, data: dict[str, Any]) -> None:
        """Hold `data` instead of what was read, without writing; the next write saves it."""
        self._cache = data
        self.generation += 1

    def replace_now(self, data: dict[str, Any]) -> None:
        """Make `data` the store's content on disk at once (recovery, migration)."""
        self._cache = data
        self.generation += 1
        self._flush()

    def begin(self) -> None:
        """Hold writes in memory until the matching `commit`."""
        if self._deferred == 0:
            if self._cache is None:
                self._cache = {}
            # Shallow is enough: tables and records are replaced, never changed in place.
            self._snapshot = dict(self._cache)
        self._deferred += 1

    def commit(self) -> None:
        """End a transaction level; the outermost one writes everything at once.

        If that write fails the data goes back to what it was before the transaction,
        which is what the file still holds.
        """
        self._deferred -= 1
        if self._deferred == 0 and self._dirty:
            try:
                self._flush()
            except BaseException:
                self.rollback()
                raise

    def rollback(self) -> None:
        """Abandon a transaction: nothing is written and the data is as it was before."""
        self._deferred = 0
        self._dirty = False
        self._cache = self._snapshot
        self._snapshot = {}
        self.generation += 1

    def encode(self, data: dict[str, Any]) -> bytes:
        """The bytes of a file holding `data`, encrypted when this store is."""
        raw = encode_store(data)
        return self.cipher.encrypt(raw) if self.cipher is not None else raw

    def decode(self, raw: bytes) -> dict[str, Any]:
        """The tables in a file's bytes (a backup, say), decrypted with this store's key."""
        return decode_store_bytes(open_sealed(raw, self.cipher))

    # The history file (see coach.archive) ------------------------------------------------
    def history(self, data: dict[str, Any] | None = None) -> dict[str, Any]:
        """The tables of the history file `data` (by default what is held) names; {} for none.

        Read from the file on every call: the store keeps what it needs of them (see
        `Store.records`). Raises HistoryUnreadable when the file is missing or cannot be
        read, and KeyUnavailable as `load` does.
        """
        ref = archive.reference((self._cache or {}) if data is None else data)
        if ref is None or self.path is None:
            return {}
        name = ref["file"]
        try:
            raw = (self.path.parent / name).read_bytes()
        except FileNotFoundError:
            raise HistoryUnreadable(f"{name} is missing", missing=True) from None
        except OSError as error:
            raise HistoryUnreadable(f"{name}: {error.strerror or error}", False) from None
        try:
            return decode_store_bytes(open_sealed(raw, self.cipher))
        except CorruptFileError as error:
            raise HistoryUnreadable(f"{name} is damaged: {error}", missing=False) from None

    def full(self, data: dict[str, Any]) -> dict[str, Any]:
        """`data` with the history it names merged in: one whole store."""
        if archive.reference(data) is None:
            return data
        return archive.merge(data, self.history(data))

    def write_history(self, tables: dict[str, Any]) -> str:
        """Write `tables` as a new history file; return its name (the store must then name it)."""
        assert self.path is not None
        name = archive.history_name(self.path.name)
        atomic_write_bytes(self.path.parent / name, self.encode(tables))
        return name

    def _flush(self) -> None:
        self._dirty = False
        if self.path is None:
            return
        data = self._cache or {}
        # Past every count seen, so an import or a put-back older file never makes this
        # write look older to other windows than what they already hold.
        self._highest_revision = max(self._highest_revision, revision_of(data)) + 1
        data = with_revision(data, self._highest_revision)
        written = atomic_write_bytes(self.path, self.encode(data))
        self._cache, self._stamp = data, _stamp_of(written)


def new_id(prefix: str = "") -> str:
    """A short random id, stable for the life of a record.

    From os.urandom, as `secrets` makes them, without importing `secrets` (and hashlib
    behind it): a few milliseconds of every `coach` command.
    """
    return f"{prefix}{os.urandom(6).hex()}"


class StrIdTable(Table):
    """A TinyDB table whose document ids are the records' own stable string ids."""

    document_id_class = str

    def _get_next_id(self) -> str:  # type: ignore[override]
        return new_id()

    def set_document(self, doc_id: str, document: dict[str, Any]) -> None:
        """Put `document` under `doc_id`; an existing record keeps its place in the order."""

        def updater(table: dict) -> None:
            table[doc_id] = document  # a new dict: the old one is never changed in place

        self._update_table(updater)

    def _update_table(self, updater: Callable[[dict], None]) -> None:
        # TinyDB rebuilds the table twice to turn ids into the id class and back; ours
        # are strings both ways, so one C-level copy does (a few ms on a big table).
        # The copy also keeps the old table dict unchanged, which snapshots rely on.
        tables = self._storage.read() or {}
        table = dict(tables.get(self.name, {}))
        updater(table)
        tables[self.name] = table
        self._storage.write(tables)
        self.clear_cache()


class CoachDB(TinyDB):
    """TinyDB with string ids, without changing TinyDB for anyone else in the process."""

    table_class = StrIdTable

    def table(self, name: str, **kwargs: Any) -> StrIdTable:
        return super().table(name, **kwargs)  # type: ignore[return-value]
