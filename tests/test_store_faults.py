"""A save the disk refuses (full, read-only) fails loudly, loses nothing, and can be retried."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from coach.store import Store, StoreUnwritable
from tests.helpers.store_kit import clock_on_day, temp_files


class Fault:
    """Makes one os function fail with `code` while switched on (for paths with `mark`)."""

    def __init__(
        self, monkeypatch: pytest.MonkeyPatch, name: str, code: int, mark: str = ""
    ) -> None:
        self.on = False
        real = getattr(os, name)

        def failing(*args, **kwargs):
            if self.on and mark in str(args[0]):
                raise OSError(code, os.strerror(code))
            return real(*args, **kwargs)

        monkeypatch.setattr(os, name, failing)


def saved_store(folder: Path) -> Store:
    store = Store.open(folder, clock_on_day(0))
    store.insert("notes", {"text": "acknowledged"}, record_id="kept")
    return store


def check_failed_save(store: Store, folder: Path, raw: bytes, fault: Fault) -> StoreUnwritable:
    fault.on = True
    with pytest.raises(StoreUnwritable) as raised:
        store.insert("notes", {"text": "not saved"}, record_id="lost")
    fault.on = False
    assert (folder / "store.json").read_bytes() == raw
    assert store.get("notes", "lost") is None  # the window does not pretend it was saved
    assert temp_files(folder) == []

    store.insert("notes", {"text": "typed again"}, record_id="retried")
    for view in (store, Store.open(folder)):
        assert set(view.records("notes")) == {"kept", "retried"}
    return raised.value


@pytest.mark.parametrize("call", ["write", "fsync"])
def test_disk_full_during_a_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    folder = tmp_path / "data"
    store = saved_store(folder)
    raw = (folder / "store.json").read_bytes()
    error = check_failed_save(store, folder, raw, Fault(monkeypatch, call, errno.ENOSPC))
    message = str(error)
    assert "not saved" in message
    assert "disk is full" in message and "free" in message.lower()
    assert str(folder) in message


def test_disk_full_during_the_days_first_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    store = saved_store(folder)
    raw = (folder / "store.json").read_bytes()
    store.clock = clock_on_day(1)  # the next write starts with a backup
    check_failed_save(store, folder, raw, Fault(monkeypatch, "write", errno.ENOSPC))


def test_permission_denied_when_creating_the_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a read-only folder does, in a form that also fails for root."""
    folder = tmp_path / "data"
    store = saved_store(folder)
    raw = (folder / "store.json").read_bytes()
    error = check_failed_save(store, folder, raw, Fault(monkeypatch, "open", errno.EACCES, ".tmp-"))
    assert "not allowed to write" in str(error)


def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = saved_store(folder)
    raw = (folder / "store.json").read_bytes()
    os.chmod(folder, 0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this account can write to a 0500 folder (root): nothing to test")
        with pytest.raises(StoreUnwritable) as raised:
            store.insert("notes", {"text": "not saved"}, record_id="lost")
        assert "not allowed to write" in str(raised.value)
        assert (folder / "store.json").read_bytes() == raw
        assert store.get("notes", "lost") is None
        # Opening a read-only store still works, and does not make the folder writable.
        assert set(Store.open(folder).records("notes")) == {"kept"}
        assert os.stat(folder).st_mode & 0o777 == 0o500
    finally:
        os.chmod(folder, 0o700)
    store.insert("notes", {"text": "typed again"}, record_id="retried")
    assert set(Store.open(folder).records("notes")) == {"kept", "retried"}
