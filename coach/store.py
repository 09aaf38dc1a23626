"""The store: every record the app keeps, in one private TinyDB file.

Each change is a read-modify-write under a file lock: the lock is taken, the file is
re-read if another process changed it, TinyDB applies the change, and the whole file is
replaced atomically before the lock is let go. So the app and `coach check` in another
terminal can both write without losing each other's changes.

Records go in and come out as copies shaped as the file holds them, so nothing a caller
does to a dict afterwards can reach the disk unsaved, or half of it later.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tinydb.table import Document

from coach import archive, fileio, migrations, storage
from coach.backups import backup_dir, secure_backups
from coach.clock import Clock
from coach.errors import CoachError
from coach.locking import LockTimeout
from coach.migrations import NewerSchemaError, fresh_data, schema_version_of
from coach.storage import CorruptFileError, KeyUnavailable, new_id, plain
from coach.store_guard import (
    NOT_SAVED,
    STORE_NAME,
    StoreFromNewerVersion,
    StoreKeyChanged,
    StoreLocked,
    StoreMigrationFailed,
    StoreProblem,
    StoreUnwritable,
    _unwritable,
)
from coach.store_history import StoreHistory

__all__ = ["Store", "StoreFromNewerVersion", "StoreLocked", "StoreMigrationFailed"]
__all__ += ["StoreKeyChanged", "StoreProblem", "StoreUnwritable", "new_id"]
__all__ += ["NOT_SAVED", "STORE_NAME"]

LOCK_TIMEOUT_SECONDS = 3.0
LOCK_POLL_SECONDS = 0.005  # a waiting writer gets in within a few ms of the lock's release
CORRUPT_EXIT_CODE = 3


class Store(StoreHistory):
    """All of the user's records. Build it with `Store.open(folder)` or `Store.in_memory()`."""

    # Opening -----------------------------------------------------------------------------
    @classmethod
    def in_memory(cls, clock: Clock | None = None) -> Store:
        """A store that lives in memory only; for tests and previews."""
        store = cls(None, clock)
        store._storage.write(fresh_data())
        return store

    @classmethod
    def open(
        cls, folder: Path | str, clock: Clock | None = None, passphrase: str | None = None
    ) -> Store:
        """Open (or create) the store in `folder`, recovering and migrating as needed.

        An encrypted store needs `passphrase` (or its recovery key); a plain one ignores it.
        """
        folder = Path(folder)
        try:
            fileio.ensure_private_dir(folder)
        except OSError as error:
            refusing = next((p for p in (folder, *folder.parents) if p.exists()), folder)
            raise _unwritable(
                refusing / STORE_NAME, error, "Your data folder is unusable"
            ) from None
        store = cls(folder / STORE_NAME, clock)
        with store._locked():
            for place in (folder, backup_dir(store._file)):
                fileio.sweep_temp_files_in(place)
            # Files left by an older version or another program may be open to others.
            fileio.secure_siblings(store._file)
            with contextlib.suppress(OSError):
                secure_backups(store._file)
            store._unlock(passphrase)
            try:
                store._storage.load()
            except NewerSchemaError as error:
                raise store._from_newer_version(error.version) from None
            except CorruptFileError as error:
                store._recover_from_corrupt(str(error), keep=None)
            store._migrate()
            store._archive_if_due()
            store._sweep_histories()
        return store

    # Locking and transactions ------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self, *, wait: bool = True) -> Iterator[None]:
        with self._mutex:
            if self._lock is None:
                yield
                return
            timeout = LOCK_TIMEOUT_SECONDS  # read now, so it can be changed at run time
            try:
                self._lock.acquire(timeout=timeout, poll_interval=LOCK_POLL_SECONDS, blocking=wait)
            except LockTimeout:
                raise StoreLocked(
                    f"Your data ({self._file.parent}) is in use by another Trust Coach window "
                    f"or command, and has been for more than {timeout:g} seconds, so this "
                    "change was not saved and nothing was touched. Close the other window "
                    "or wait a moment, then try again.",
                ) from None
            except OSError as error:
                raise _unwritable(self._file, error) from error
            try:
                yield
            finally:
                self._lock.release()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group changes into one locked, atomic write; nothing is written on error.

        A transaction inside another joins it: everything is written when the outermost
        one ends, and an error that escapes the outermost one undoes all of it.
        """
        with self._mutex:
            if self._depth:
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            try:
                with self._outermost():
                    yield self
            except StoreProblem as problem:
                self.failed_save = problem  # so quitting can tell the words were not kept
                raise
            self.failed_save = None

    @contextlib.contextmanager
    def _outermost(self) -> Iterator[Store]:
        with self._locked():
            self._sync_for_write()
            self._backup_before_first_change()
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
                with self._saving():
                    self._storage.commit()  # on failure it rolls back itself
            finally:
                self._db.clear_cache()

    # Reading -----------------------------------------------------------------------------
    @property
    def generation(self) -> int:
        """A number that changes whenever the data may have changed; for caches."""
        self._refresh()
        return self._storage.generation

    def _refresh(self) -> None:
        """Pick up another process's changes; costs one stat when there are none."""
        if self._depth or not self._storage.worth_reading():
            return
        with self._mutex:
            if self._depth:
                return
            held = self._storage.cached
            try:
                self._storage.load()
            except (NewerSchemaError, KeyUnavailable, OSError):
                return  # keep showing what we have; writes will refuse and say why
            except CorruptFileError:
                self._save_what_we_hold()
                return
            self._check_replaced(held)
            self._db.clear_cache()
            self._changes_from_elsewhere += 1

    @property
    def changes_from_elsewhere(self) -> int:
        """How many times this store has read its file again because another window (or
        `coach check`) changed it; for screens to show such changes. One stat when none."""
        self._refresh()
        return self._changes_from_elsewhere

    def _save_what_we_hold(self) -> None:
        """The file was damaged under us: put back what we hold now, not at the next write.

        Otherwise a window that is only read and then closed would leave the next start
        to fall back on a backup, and whatever only this window held would be gone.
        """
        with contextlib.suppress(CoachError):
            with self._locked(wait=False):
                self._sync_for_write()

    def records(self, table: str) -> Mapping[str, Mapping[str, Any]]:
        """A read-only view of a table's records by id; cheap, for hot paths. Do not mutate."""
        self._refresh()
        data = self._storage.cached or {}
        rows = data.get(table, {})
        if table not in archive.ARCHIVED_TABLES:
            return MappingProxyType(rows)
        ref = archive.reference(data)
        if ref is None:
            self._merged.pop(table, None)  # all of it is in store.json now
            return MappingProxyType(rows)
        return self._with_history(table, rows, ref["file"], data)

    def read_history(self) -> None:
        """Read the history file now, if there is one (commands that log a day never do).

        The app shows old check-offs from its first frame. Read before its screens are
        built and its objects frozen (see `coach.cli.app`), they stay out of every garbage
        collection, and the bytes they were read from do not strand memory under the
        screens.
        """
        for table in archive.ARCHIVED_TABLES:
            self.records(table)

    def lookup(self, table: str, record_id: str) -> Mapping[str, Any] | None:
        """A read-only view of one record, or None; reads the history file only when the
        record belongs there (see `coach.archive`). Do not mutate."""
        self._refresh()
        data = self._storage.cached or {}
        ref = archive.reference(data)
        if ref is not None and archive.in_history(table, record_id, ref["before"]):
            return self.records(table).get(record_id)
        return data.get(table, {}).get(record_id)

    def all(self, table: str) -> list[dict[str, Any]]:
        """Copies of every record in a table, in insertion order."""
        return plain(list(self.records(table).values()))

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        """A copy of one record, or None."""
        record = self.lookup(table, record_id)
        return plain(record) if record is not None else None

    def find(self, table: str, predicate: Callable[[Mapping[str, Any]], bool]) -> list[dict]:
        """Copies of the records for which `predicate` holds."""
        records = self.records(table).values()
        return plain([r for r in records if predicate(MappingProxyType(r))])

    # Writing -----------------------------------------------------------------------------
    def insert(self, table: str, record: Mapping[str, Any], *, record_id: str | None = None) -> str:
        """Add a record; return its id (given, or a new one). ValueError if the id is taken."""
        record_id = str(record_id or record.get("id") or new_id())
        document = {**plain(dict(record)), "id": record_id}
        with self.transaction():
            self._make_room(table, record_id)
            self._db.table(table).insert(Document(document, record_id))
        return record_id

    def put(self, table: str, record_id: str, record: Mapping[str, Any]) -> None:
        """Write a whole record under `record_id`, replacing any that is there."""
        document = {**plain(dict(record)), "id": record_id}
        with self.transaction():
            self._make_room(table, record_id)
            self._db.table(table).set_document(record_id, document)

    def update(self, table: str, record_id: str, fields: Mapping[str, Any]) -> None:
        """Change some fields of a record; KeyError if there is no such record."""
        changes = plain(dict(fields))
        if changes.get("id", record_id) != record_id:
            raise ValueError(f"a record's id cannot change ({record_id!r} to {changes['id']!r})")
        with self.transaction():
            current = self.lookup(table, record_id)
            if current is None:
                raise KeyError(record_id)
            self._make_room(table, record_id)
            document = {**current, **changes, "id": record_id}
            self._db.table(table).set_document(record_id, document)

    def remove(self, table: str, record_id: str) -> None:
        """Delete a record if it exists."""
        with self.transaction():
            if self.lookup(table, record_id) is not None:
                self._make_room(table, record_id)
                self._db.table(table).remove(doc_ids=[record_id])

    def replace_all(self, data: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> None:
        """Replace every table at once (import); one atomic write.

        Data with a meta table is upgraded from its schema like an old store; data
        without one is taken to be of the current schema.
        """
        try:
            tables = migrations.upgrade_import(storage.plain_tables(data))
        except NewerSchemaError as error:
            raise self._from_newer_version(error.version, "The data to import") from None
        with self.transaction():
            self._storage.write(tables)
            self._db.clear_cache()

    def _make_room(self, table: str, record_id: str) -> None:
        """Inside a transaction: before changing a record that lives in the history file,
        bring the history back into store.json (the next start moves it out again)."""
        data = self._storage.cached or {}
        ref = archive.reference(data)
        if ref is not None and archive.in_history(table, record_id, ref["before"]):
            self._storage.write(self._everything())
            self._db.clear_cache()

    def table_names(self) -> list[str]:
        """The names of the tables that hold records."""
        self._refresh()
        return sorted((self._storage.cached or {}).keys())

    @property
    def schema_version(self) -> int:
        self._refresh()
        return schema_version_of(self._storage.cached or {})
