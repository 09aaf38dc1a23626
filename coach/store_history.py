"""The store's history file: moving old check-offs and check-ins into it, reading it
back, and recovering when it is missing or damaged. The rules it follows are in
`coach.archive`.

`StoreHistory` sits between `coach.store_guard.StoreFile` (the file as a whole) and
`coach.store.Store` (the records). As everywhere in the store, nothing here deletes the
user's words: a damaged history file is moved aside, its records come back from the
newest backup, and the user is told what happened.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from coach import archive, fileio
from coach.backups import backup_if_first_today, backup_path
from coach.clock import Clock
from coach.storage import HistoryUnreadable, KeyUnavailable
from coach.store_guard import StoreFile, StoreKeyChanged, StoreProblem


class StoreHistory(StoreFile):
    """Keeps past check-offs and check-ins in the history file; see `coach.store.Store`
    for the rest."""

    def __init__(self, path: Path | None, clock: Clock | None = None) -> None:
        super().__init__(path, clock)
        # For each archived table: (store.json's table, history file name, merged view).
        self._merged: dict[str, tuple[Any, str, Any]] = {}

    def _history_tables(self) -> dict[str, Any]:
        """The tables of the history file the held store.json names ({} for none).

        A file that cannot be read is recovered from (see `_recover_history`), which
        rewrites store.json without a history file; callers holding the old store.json
        must read it again.
        """
        try:
            return self._storage.history()
        except KeyUnavailable:
            raise self._key_changed() from None
        except HistoryUnreadable as error:
            if self._depth:
                raise StoreProblem(
                    "Your check-offs and check-ins from before the last three months could "
                    f"not be read ({error}), so this change was not saved. Close Trust Coach "
                    "and open it again: it will take them from your newest backup."
                ) from None
            return self._recover_history()

    def _with_history(
        self, table: str, rows: dict[str, Any], name: str, data: dict[str, Any]
    ) -> Mapping[str, Any]:
        """store.json's `rows` of `table` and those of the history file `name`, as one view.

        The view is kept, and brought up to date from store.json's changes alone: a record
        is never in both files (see `coach.archive`), so the history file is read only
        when store.json names a new one, and only this one copy of its table is kept.
        Store.json's tables are new dicts after every write and never edited, which is
        what tells what changed. `data` is what `rows` came from.
        """
        memo = self._merged.get(table)
        if memo is not None and memo[1] == name:
            if memo[0] is rows:
                return memo[2]
            merged = dict(memo[2])
            for gone in memo[0].keys() - rows.keys():
                merged.pop(gone, None)
            merged.update(rows)
        else:
            history = self._history_tables()
            if self._storage.cached is not data:  # recovered: store.json was written again
                return self.records(table)  # type: ignore[attr-defined]
            # One read serves every archived table: the file is decoded whole anyway.
            for other in archive.ARCHIVED_TABLES:
                other_rows = rows if other == table else data.get(other, {})
                grown = history.get(other, {})  # just read, held by nobody else: grown in place
                grown.update(other_rows)
                self._merged[other] = (other_rows, name, MappingProxyType(grown))
            return self._merged[table][2]
        view = MappingProxyType(merged)
        self._merged[table] = (rows, name, view)
        return view

    def _whole(self, data: dict[str, Any]) -> dict[str, Any]:
        """`data` with its history merged in, or as it is if that cannot be read."""
        try:
            return self._storage.full(data)
        except (HistoryUnreadable, KeyUnavailable):
            return data

    def _archive_if_due(self) -> None:
        """At opening, under the lock: move old records out once there are enough.

        Only as the day's first change, right after its backup: what goes into the new
        file is then also in a backup for as long as backups are kept. Moving them only
        saves time, so if anything fails here the store simply stays whole, and nothing
        is said: a read-only folder is not the user's problem until they change something.
        """
        head = self._storage.cached or {}
        ref = archive.reference(head)
        today = self.clock.now().date()
        before = max(archive.cutoff(today), ref["before"] if ref else "")
        if archive.count_due(head, before) < archive.ARCHIVE_AT:
            return
        if backup_path(self._file, today).exists():
            return
        try:
            backup_if_first_today(self._file, today, self._backup_bytes)
            whole = self._everything()
            if archive.reference(self._storage.cached or {}) != ref:  # recovered meanwhile
                return
            new_head, tables = archive.split(whole, before)
            name = self._storage.write_history(tables)
            self._storage.replace_now(
                archive.with_reference(new_head, {"file": name, "before": before})
            )
        except OSError:
            self._storage.forget()
            self._storage.load()
        finally:
            self._db.clear_cache()

    def _sweep_histories(self) -> None:
        """Under the lock: delete history files store.json does not name (no longer used)."""
        ref = archive.reference(self._storage.cached or {})
        keep = ref["file"] if ref else None
        for path in self._file.parent.iterdir():
            if path.name != keep and archive.is_history_name(path.name, self._file.name):
                with contextlib.suppress(OSError):
                    path.unlink()

    def _backup_bytes(self) -> bytes:
        """What today's backup holds: the whole store in one file, as it is on disk."""
        if archive.reference(self._storage.cached or {}) is None:
            return self._file.read_bytes()
        return self._storage.encode(self._everything())

    def _recover_history(self) -> dict[str, Any]:
        """The history file named cannot be read: carry on without losing what can be had.

        Under the lock, store.json is read again first (another window may have moved on
        to a new history file). If the one it names is still unreadable, it is moved
        aside, its check-offs are taken from the newest backup that has them, and
        store.json is written whole again, naming no history file.
        """
        with self._mutex, self._locked():
            self._sync_for_write()
            try:
                return self._storage.history()
            except KeyUnavailable:
                raise self._key_changed() from None
            except HistoryUnreadable as error:
                problem = error
            head = self._storage.cached or {}
            ref = archive.reference(head)
            assert ref is not None
            stamp = self.clock.now().strftime("%Y%m%d-%H%M%S")
            broken, kept = self._file.parent / ref["file"], ""
            if not problem.missing:
                with self._saving("Your damaged history file could not be moved aside"):
                    aside = fileio.move_aside(broken, f"corrupt-{stamp}")
                kept = f" The damaged file was moved aside to {aside}."
            backup = self._newest_good_backup()
            found = archive.with_reference(backup[2], None) if backup else {}
            old = {
                table: {
                    rid: row
                    for rid, row in found.get(table, {}).items()
                    if archive.in_history(table, rid, ref["before"])
                }
                for table in archive.ARCHIVED_TABLES
            }
            self._write_now(archive.merge(head, old))
            self._db.clear_cache()
            if backup:
                source = f"They were taken from the backup of {backup[0].isoformat()}."
            else:
                source = "No backup holds them, so they are not shown."
            self._notice(
                f"Your check-offs and check-ins from before {ref['before']} could not be read "
                f"({problem})."
                f" {source}{kept} Everything since is as it was."
            )
            return {}

    def _everything(self) -> dict[str, Any]:
        """The whole store in one set of tables, naming no history file."""
        views = {table: self.records(table) for table in archive.ARCHIVED_TABLES}  # type: ignore[attr-defined]
        return archive.merge(self._storage.cached or {}, views)


__all__ = ["StoreHistory", "StoreKeyChanged"]
