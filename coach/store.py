"""The store: every record the app keeps, in one private TinyDB file.

Each change is a read-modify-write under a file lock: the lock is taken, the file is
re-read if another process changed it, TinyDB applies the change, and the whole file is
replaced atomically before the lock is let go. So the app and `coach check` in another
terminal can both write without losing each other's changes.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Document, Table

from coach.backups import backup_if_first_today, list_backups
from coach.clock import Clock, SystemClock
from coach.errors import CoachError
from coach.fileio import PRIVATE_FILE, atomic_write_bytes, ensure_private_dir, sweep_temp_files
from coach.migrations import META_ID, META_TABLE, SCHEMA_VERSION, migrate, schema_version_of
from coach.storage import CorruptFileError, DurableJSONStorage, decode_store_bytes

STORE_NAME = "store.json"
LOCK_TIMEOUT_SECONDS = 3.0
CORRUPT_EXIT_CODE = 3


class StoreLocked(CoachError):
    """Another process held the store's lock for too long."""

    exit_code = 4


class StoreFromNewerVersion(CoachError):
    """The store was written by a newer Trust Coach; it is left untouched."""

    exit_code = 5


class StoreUnwritable(CoachError):
    """A save failed (disk full, read-only folder); the file on disk is the old one."""

    exit_code = 6


class _StrIdTable(Table):
    """A TinyDB table whose document ids are the records' own stable string ids."""

    document_id_class = str

    def _get_next_id(self) -> str:  # type: ignore[override]
        return new_id()


TinyDB.table_class = _StrIdTable


def new_id(prefix: str = "") -> str:
    """A short random id, stable for the life of a record."""
    return f"{prefix}{secrets.token_hex(6)}"


class Store:
    """All of the user's records. Build it with `Store.open(folder)` or `Store.in_memory()`."""

    def __init__(self, path: Path | None, clock: Clock | None = None) -> None:
        self.path = path
        self.clock: Clock = clock or SystemClock()
        self.notices: list[str] = []
        self._storage = DurableJSONStorage(path)
        self._db = TinyDB(storage=lambda: self._storage)
        self._lock = (
            FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS, mode=PRIVATE_FILE)
            if path is not None
            else None
        )
        self._depth = 0

    # Opening -----------------------------------------------------------------------------
    @classmethod
    def in_memory(cls, clock: Clock | None = None) -> Store:
        """A store that lives in memory only; for tests and previews."""
        store = cls(None, clock)
        store._storage.write(
            {META_TABLE: {META_ID: {"id": META_ID, "schema_version": SCHEMA_VERSION}}}
        )
        return store

    @classmethod
    def open(cls, folder: Path, clock: Clock | None = None) -> Store:
        """Open (or create) the store in `folder`, recovering and migrating as needed."""
        ensure_private_dir(folder)
        store = cls(folder / STORE_NAME, clock)
        with store._locked():
            sweep_temp_files(store._file)
            store._secure_existing_files()
            store._load_or_recover()
            store._migrate()
        return store

    @property
    def _file(self) -> Path:
        assert self.path is not None
        return self.path

    def _secure_existing_files(self) -> None:
        for path in (self._file, Path(str(self._file) + ".lock")):
            with contextlib.suppress(FileNotFoundError):
                if path.stat().st_mode & 0o777 != PRIVATE_FILE:
                    path.chmod(PRIVATE_FILE)

    def _load_or_recover(self) -> None:
        try:
            self._storage.load()
        except CorruptFileError as error:
            self._recover_from_corrupt(str(error), keep=None)

    def _recover_from_corrupt(self, reason: str, keep: dict[str, Any] | None) -> None:
        """Move a broken file aside and put the best good copy in its place."""
        stamp = self.clock.now().strftime("%Y%m%d-%H%M%S")
        aside = self._file.with_name(f"{self._file.name}.corrupt-{stamp}")
        self._file.replace(aside)
        aside.chmod(PRIVATE_FILE)
        if keep is not None:
            source = "what this window had in memory, so nothing of yours is lost"
            data = keep
        else:
            data, source = self._newest_good_backup()
        atomic_write_bytes(self._file, _dump(data))
        self._storage.forget()
        self._storage.load()
        self.notices.append(
            f"Your data file could not be read ({reason}). It was moved aside to {aside} "
            f"and nothing was deleted. Trust Coach continues from {source}."
        )

    def _newest_good_backup(self) -> tuple[dict[str, Any], str]:
        for day, path in list_backups(self._file):
            try:
                data = decode_store_bytes(path.read_bytes())
            except (OSError, CorruptFileError):
                continue
            return data, f"the backup of {day.isoformat()} ({path})"
        return {}, "a fresh, empty store (no good backup was found)"

    def _migrate(self) -> None:
        data = self._storage.load()
        version = schema_version_of(data) if data else SCHEMA_VERSION
        if version > SCHEMA_VERSION:
            raise StoreFromNewerVersion(
                f"{self._file} was written by a newer version of Trust Coach (schema "
                f"{version}; this one knows {SCHEMA_VERSION}). It was left untouched: "
                "update Trust Coach to open it.",
            )
        if not data:
            data = {META_TABLE: {META_ID: {"id": META_ID, "schema_version": SCHEMA_VERSION}}}
            self._storage.write(data)
            return
        if version < SCHEMA_VERSION:
            keep = self._file.with_name(f"{self._file.name}.before-v{SCHEMA_VERSION}")
            if not keep.exists():
                shutil.copyfile(self._file, keep)
                keep.chmod(PRIVATE_FILE)
            migrated, _ = migrate(data)
            self._storage.write(migrated)

    # Locking and transactions ------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        if self._lock is None:
            yield
            return
        try:
            self._lock.acquire()
        except Timeout:
            raise StoreLocked(
                "Your data is being saved by another Trust Coach window or command and "
                "stayed locked for more than a few seconds. Nothing was lost: wait a "
                "moment and try again, or close the other window.",
            ) from None
        try:
            yield
        finally:
            self._lock.release()

    def _sync_for_write(self) -> None:
        """Inside the lock: make the cache match the file before changing anything."""
        if not self._storage.changed_on_disk():
            return
        previous = self._storage._cache
        if previous and not self._file.exists():
            # The file was deleted or moved away under us: write back what we hold rather
            # than starting again from nothing.
            self._storage.write(previous)
            self.notices.append(
                f"Your data file {self._file} disappeared while Trust Coach was open. It "
                "was written again from what this window had, so nothing was lost.",
            )
            return
        try:
            self._storage.load()
        except CorruptFileError as error:
            self._recover_from_corrupt(str(error), keep=previous)
        # Another process changed the file: TinyDB's per-table query caches are stale.
        self._db.clear_cache()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group changes into one locked, atomic write; nothing is written on error."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        with self._locked():
            self._sync_for_write()
            if self.path is not None:
                backup_if_first_today(self._file, self.clock.now().date())
            self._depth = 1
            self._storage.begin()
            try:
                yield self
            except BaseException:
                self._storage.rollback()
                self._db.clear_cache()
                raise
            finally:
                self._depth = 0
            try:
                self._storage.commit()
            except OSError as error:
                self._storage.rollback()
                self._db.clear_cache()
                raise StoreUnwritable(
                    f"Could not save to {self.path} ({error.strerror or error}). Your last "
                    "saved data is intact; free some disk space or check the folder's "
                    "permissions, then try again.",
                ) from error

    # Reading -----------------------------------------------------------------------------
    @property
    def generation(self) -> int:
        """A number that changes whenever the data may have changed; for caches."""
        self._refresh()
        return self._storage.generation

    def _refresh(self) -> None:
        if self._depth == 0 and self._storage.changed_on_disk():
            try:
                self._storage.load()
            except CorruptFileError:
                return  # keep serving the last good data; the next write recovers
            self._db.clear_cache()

    def records(self, table: str) -> Mapping[str, Mapping[str, Any]]:
        """A read-only view of a table's records by id; cheap, for hot paths. Do not mutate."""
        self._refresh()
        data = self._storage._cache or {}
        return MappingProxyType(data.get(table, {}))

    def all(self, table: str) -> list[dict[str, Any]]:
        """Copies of every record in a table, in insertion order."""
        return [dict(record) for record in self.records(table).values()]

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        """A copy of one record, or None."""
        record = self.records(table).get(record_id)
        return dict(record) if record is not None else None

    def find(self, table: str, predicate: Callable[[Mapping[str, Any]], bool]) -> list[dict]:
        """Copies of the records for which `predicate` holds."""
        return [dict(r) for r in self.records(table).values() if predicate(r)]

    # Writing -----------------------------------------------------------------------------
    def insert(self, table: str, record: Mapping[str, Any], *, record_id: str | None = None) -> str:
        """Add a record; return its id (given, or a new one)."""
        record_id = record_id or str(record.get("id") or new_id())
        with self.transaction():
            self._db.table(table).insert(Document({**record, "id": record_id}, record_id))
        return record_id

    def put(self, table: str, record_id: str, record: Mapping[str, Any]) -> None:
        """Write a whole record under `record_id`, replacing any that is there."""
        with self.transaction():
            tinytable = self._db.table(table)
            document = Document({**record, "id": record_id}, record_id)
            if record_id in self.records(table):
                tinytable.remove(doc_ids=[record_id])
            tinytable.insert(document)

    def update(self, table: str, record_id: str, fields: Mapping[str, Any]) -> None:
        """Change some fields of a record; KeyError if there is no such record."""
        with self.transaction():
            if record_id not in self.records(table):
                raise KeyError(record_id)
            self._db.table(table).update(dict(fields), doc_ids=[record_id])

    def remove(self, table: str, record_id: str) -> None:
        """Delete a record if it exists."""
        with self.transaction():
            if record_id in self.records(table):
                self._db.table(table).remove(doc_ids=[record_id])

    def replace_all(self, data: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> None:
        """Replace every table at once (import); one atomic write."""
        with self.transaction():
            for name in list(self._db.tables()):
                self._db.drop_table(name)
            for name, records in data.items():
                tinytable = self._db.table(name)
                tinytable.insert_multiple(
                    Document({**record, "id": rid}, rid) for rid, record in records.items()
                )

    def table_names(self) -> list[str]:
        """The names of the tables that hold records."""
        self._refresh()
        return sorted((self._storage._cache or {}).keys())

    @property
    def schema_version(self) -> int:
        return schema_version_of(self._storage.load())

    def take_notices(self) -> list[str]:
        """What happened that the user must be told (recoveries); cleared once taken."""
        notices, self.notices = self.notices, []
        return notices


def _dump(data: Mapping[str, Any]) -> bytes:
    import orjson

    return orjson.dumps(data)
