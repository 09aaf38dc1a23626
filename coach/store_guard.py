"""The store's file: opening and unlocking it, re-reading it when others change it, and
recovering when it is damaged, deleted or put back from outside.

`StoreFile` is the base of `coach.store.Store`: this module keeps what happens to the file
as a whole, that one the records. Nothing here ever deletes the user's words: a damaged
file is moved aside, a replaced one is read and what this window held is kept beside it,
and every such event leaves a notice for the app to show.
"""

from __future__ import annotations

import contextlib
import itertools
from _thread import RLock  # threading's RLock, without importing threading (as functools)
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach import fileio, migrations
from coach.backups import backup_if_first_today, list_backups
from coach.clock import Clock, SystemClock
from coach.errors import CoachError
from coach.locking import FileLock
from coach.migrations import NewerSchemaError, fresh_data, schema_version_of
from coach.sealed import MAGIC, EncryptedFileDamaged, PassphraseNeeded, is_encrypted
from coach.storage import CoachDB, CorruptFileError, DurableJSONStorage, KeyUnavailable, revision_of

if TYPE_CHECKING:  # the ciphers are imported only when the file is encrypted
    from coach.crypto import StoreCipher

STORE_NAME = "store.json"
NOT_SAVED = "Your change was not saved"


class StoreProblem(CoachError):
    """A save could not be made; what is on disk is what was there before."""


class StoreLocked(StoreProblem):
    """Another process held the store's lock for too long."""

    exit_code = 4


class StoreKeyChanged(StoreProblem):
    """The file was encrypted (again) elsewhere; this window has no key for it now."""

    exit_code = 8


class StoreFromNewerVersion(StoreProblem):
    """The store was written by a newer Trust Coach; it is left untouched."""

    exit_code = 5


class StoreUnwritable(StoreProblem):
    """A save failed (disk full, read-only folder); the file on disk is the old one."""

    exit_code = 6


class StoreMigrationFailed(CoachError):
    """Upgrading an older store failed; the file is left as it was."""

    exit_code = 7


def _unwritable(path: Path, error: OSError, what_failed: str = NOT_SAVED) -> StoreUnwritable:
    return StoreUnwritable(fileio.describe_write_error(error, path.parent, what_failed))


class StoreFile:
    """The store's file and the copy of it this process holds; see `coach.store.Store`."""

    def __init__(self, path: Path | None, clock: Clock | None = None) -> None:
        self.path = path
        self.clock: Clock = clock or SystemClock()
        self.notices: list[str] = []
        self.on_notice: Callable[[], None] | None = None  # the app shows notices at once
        self.failed_save: StoreProblem | None = None  # the last save's failure, until one works
        self._storage = DurableJSONStorage(path)
        self._db = CoachDB(storage=lambda: self._storage)
        self._lock = (
            FileLock(str(path) + ".lock", mode=fileio.PRIVATE_FILE) if path is not None else None
        )
        # Threads of one process share this object; the file lock alone would let a
        # second thread walk into the first one's transaction.
        self._mutex = RLock()
        self._depth = 0
        self._backup_missed_on: date | None = None
        self._changes_from_elsewhere = 0

    @property
    def _file(self) -> Path:
        assert self.path is not None
        return self.path

    @property
    def encrypted(self) -> bool:
        return self._storage.cipher is not None

    def _unlock(self, passphrase: str | None) -> None:
        """Take the data key from the file's header (or a backup's, if the header is hurt)."""
        with self._saving("Your data could not be read"):
            try:
                with self._file.open("rb") as file:
                    raw = file.read(len(MAGIC))  # the start says whether it is encrypted
            except FileNotFoundError:
                raw = b""
        if not is_encrypted(raw):
            return
        if passphrase is None:
            raise PassphraseNeeded(
                f"Your data in {self._file.parent} is encrypted: Trust Coach needs its "
                "passphrase (or the recovery key) to open it. Type it when asked, or set "
                "COACH_PASSPHRASE for scripts."
            )
        from coach.crypto import StoreCipher

        for candidate in [self._file, *(path for _, path in list_backups(self._file))]:
            with contextlib.suppress(EncryptedFileDamaged, OSError):
                self._storage.cipher = StoreCipher.unlock(candidate.read_bytes(), passphrase)
                return
        raise StoreProblem(
            f"Your encrypted data file {self._file} is damaged where its keys are kept, and no "
            "backup holds them either, so it cannot be opened. It was left untouched; please "
            "report this problem and keep the file."
        )

    def _from_newer_version(self, version: int, what: str = "") -> StoreFromNewerVersion:
        return StoreFromNewerVersion(
            f"{what or self._file} was written by a newer version of Trust Coach (schema "
            f"{version}; this one knows {migrations.SCHEMA_VERSION}). It was left untouched: "
            "update Trust Coach to open it.",
        )

    def _recover_from_corrupt(self, reason: str, keep: dict[str, Any] | None) -> None:
        """Move a broken file aside, never over another, and put the best good copy back."""
        stamp = self.clock.now().strftime("%Y%m%d-%H%M%S")
        with self._saving("Your damaged data file could not be moved aside"):
            aside = fileio.move_aside(self._file, f"corrupt-{stamp}")
        backup = None if keep else self._newest_good_backup()
        if keep:
            data, source = keep, "what this window had in memory, so nothing of yours is lost"
        elif backup:
            data, source = backup[2], f"the backup of {backup[0].isoformat()} ({backup[1]})"
        else:
            data, source = fresh_data(), "a fresh, empty store (no good backup was found)"
        self._write_now(data)
        self._db.clear_cache()
        self._notice(
            f"Your data file could not be read ({reason}). It was moved aside to {aside} "
            f"and nothing was deleted. Trust Coach continues from {source}."
        )

    def _newest_good_backup(self) -> tuple[date, Path, dict[str, Any]] | None:
        """The newest backup this version can read (and decrypt), or None."""
        for day, path in list_backups(self._file):
            with contextlib.suppress(OSError, CorruptFileError, NewerSchemaError, KeyUnavailable):
                return day, path, self._storage.decode(path.read_bytes())
        return None

    def _notice(self, text: str) -> None:
        self.notices.append(text)
        if self.on_notice is not None:
            with contextlib.suppress(Exception):
                self.on_notice()

    def _key_changed(self) -> StoreKeyChanged:
        return StoreKeyChanged(
            f"Your data ({self._file}) was encrypted, or its passphrase changed, from "
            "another window while this one was open, so this window cannot save to it. "
            "Nothing was overwritten. Copy anything unsaved, then quit and start Trust Coach "
            "again with the passphrase."
        )

    def _check_replaced(self, held: dict[str, Any] | None) -> None:
        """After a re-read: if the file was put back from outside, lose nothing of ours.

        Another Trust Coach always counts the revision up; a file whose count is not ahead
        of ours came from a sync client, a restore or another program. Its records are
        taken as they are; records only this window had are added back (screens may be
        editing them), and everything this window held is also kept in a copy beside it.
        """
        now = self._storage.cached or {}
        if not held or revision_of(now) > revision_of(held) or now == held:
            return
        stamp = self.clock.now().strftime("%Y%m%d-%H%M%S")
        try:
            kept: object = self._keep_aside(held, f"replaced-{stamp}")
        except OSError as error:
            kept = f"nowhere: it could not be written ({error.strerror or error})"
        merged, carried = dict(now), 0
        for table, rows in held.items():
            missing = {rid: row for rid, row in rows.items() if rid not in now.get(table, {})}
            if missing and table != migrations.META_TABLE:
                merged[table] = {**now.get(table, {}), **missing}
                carried += len(missing)
        if carried:
            self._storage.amend(merged)
        self._notice(
            f"Your data file {self._file} was replaced from outside Trust Coach (a sync, a "
            "restore or another program) while it was open. Trust Coach now uses the new "
            f"file, with {carried} {'entry' if carried == 1 else 'entries'} only this window "
            "had added back; everything "
            f"this window had before is also kept in {kept}, so nothing is lost."
        )

    def _keep_aside(self, data: dict[str, Any], label: str) -> Path:
        for number in itertools.count(1):
            copy = self._file.with_name(f"{self._file.name}.{label}" + f"-{number}" * (number > 1))
            if not copy.exists():
                fileio.atomic_write_bytes(copy, self._storage.encode(self._whole(data)))
                return copy
        raise AssertionError("unreachable")

    def _migrate(self) -> None:
        data = self._storage.load()
        if not data:
            self._write_now(fresh_data())
            return
        version, current = schema_version_of(data), migrations.SCHEMA_VERSION
        if version > current:
            raise self._from_newer_version(version)
        if version == current:
            return
        whole = self._whole(data)
        # The copy stands on its own: a store.json naming a history file would not, once
        # the migrated store (written whole) no longer names that file and it is swept.
        content = None if whole is data else self._storage.encode(whole)
        with self._saving("Your data could not be upgraded"):
            keep = fileio.keep_copy(self._file, f"before-v{current}", content)
        try:
            migrated, _ = migrations.migrate(whole)
        except Exception as error:
            raise StoreMigrationFailed(
                f"{self._file} could not be upgraded from schema {version} to {current} "
                f"({type(error).__name__}). It was left untouched, and a copy is in {keep}. "
                "Your data is safe; please report this problem.",
            ) from error
        self._write_now(migrated)

    @contextlib.contextmanager
    def _saving(self, what_failed: str = NOT_SAVED) -> Iterator[None]:
        try:
            yield
        except OSError as error:
            raise _unwritable(self.path or Path(STORE_NAME), error, what_failed) from error

    def _write_now(self, data: dict[str, Any]) -> None:
        with self._saving():
            self._storage.replace_now(data)

    def _sync_for_write(self) -> None:
        """Inside the lock: make the cache match the file before changing anything."""
        if not self._storage.changed_on_disk():
            return
        held = self._storage.cached
        if held and self._storage.file_missing():
            # Deleted or moved away under us: what this window holds is the only copy.
            self._write_now(held)
            self._notice(
                f"Your data file {self._file} disappeared while Trust Coach was open. It "
                "was written again from what this window had, so nothing was lost.",
            )
            return
        try:
            with self._saving("Your data file could not be read, so nothing was saved"):
                self._storage.load()
        except NewerSchemaError as error:
            raise self._from_newer_version(error.version) from None
        except CorruptFileError as error:
            self._recover_from_corrupt(str(error), keep=held)
        except KeyUnavailable:
            raise self._key_changed() from None
        else:
            self._check_replaced(held)
        # Another process changed the file: TinyDB's per-table query caches are stale.
        self._db.clear_cache()
        self._changes_from_elsewhere += 1

    def _backup_before_first_change(self) -> None:
        if self.path is None:
            return
        today = self.clock.now().date()
        try:
            backup_if_first_today(self._file, today, self._backup_bytes)
        except OSError as error:
            # Saving the user's words matters more than the copy: go on, but say so once.
            if self._backup_missed_on != today:
                self._backup_missed_on = today
                self._notice(
                    f"Today's backup copy of your data could not be made "
                    f"({error.strerror or error}). Your changes are still saved to "
                    f"{self._file}; the backup will be tried again with the next change."
                )

    def change_encryption(
        self,
        cipher: StoreCipher | None,
        copies: Callable[[StoreCipher | None, StoreCipher | None], None] | None = None,
    ) -> None:
        """Write the store again under `cipher` (None: plain JSON), then call `copies`.

        Both happen under the lock, so no other window writes in between; `copies` gets
        the old cipher and the new one, to convert the backups and other copies.
        """
        with self._mutex, self._locked():
            self._sync_for_write()
            # Written whole: the history file under the old key is deleted, not converted,
            # and the next start moves old check-offs out again under the new one.
            data = self._everything() if self._storage.cached else fresh_data()
            old, self._storage.cipher = self._storage.cipher, cipher
            try:
                self._write_now(data)
            except BaseException:
                self._storage.cipher = old
                raise
            self._sweep_histories()
            if copies is not None:
                copies(old, cipher)

    # Provided by coach.store_history.StoreHistory.
    def _whole(self, data: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def _backup_bytes(self) -> bytes:
        raise NotImplementedError

    def _everything(self) -> dict[str, Any]:
        raise NotImplementedError

    def _sweep_histories(self) -> None:
        raise NotImplementedError

    def take_notices(self) -> list[str]:
        """What happened that the user must be told (recoveries); cleared once taken."""
        notices, self.notices = self.notices, []
        return notices

    @contextlib.contextmanager
    def _locked(self, *, wait: bool = True) -> Iterator[None]:
        raise NotImplementedError  # the store's own, which knows how long to wait
        yield
