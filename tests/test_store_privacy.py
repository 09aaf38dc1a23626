"""Nobody but the user can read their words: 0700 folders, 0600 files, whatever the umask.

Every test runs with umask 0o000, the worst case, under which anything created with
default permissions would be readable and writable by every account on the machine.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.migrations import SCHEMA_VERSION
from coach.store import Store
from tests.helpers.store_kit import DATA, clock_on_day, mode_of


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    previous = os.umask(0o000)
    try:
        yield
    finally:
        os.umask(previous)


def test_new_store_folder_file_and_lock_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "data"
    store = Store.open(folder, clock_on_day(0))
    store.insert("notes", {"text": "private"})
    assert mode_of(folder) == 0o700
    assert mode_of(folder / "store.json") == 0o600
    assert mode_of(folder / "store.json.lock") == 0o600


def test_backups_are_private(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data", clock_on_day(0))
    store.insert("notes", {"text": "day one"})
    store.clock = clock_on_day(1)
    store.insert("notes", {"text": "day two"})
    backups = tmp_path / "data" / "backups"
    names = sorted(p.name for p in backups.iterdir())
    assert names == ["store-2024-01-01.json", "store-2024-01-02.json"]
    assert mode_of(backups) == 0o700
    assert all(mode_of(p) == 0o600 for p in backups.iterdir())


def test_temp_files_are_private_from_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A temp file holds the whole store before it is renamed; it is never readable by others."""
    modes: list[tuple[str, int]] = []
    real_replace = os.replace

    def spy(src, dst, *args, **kwargs):
        modes.append((Path(dst).name, mode_of(Path(src))))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    store = Store.open(tmp_path / "data", clock_on_day(0))
    store.insert("notes", {"text": "one"})
    store.clock = clock_on_day(1)
    store.insert("notes", {"text": "two"})  # also writes a backup through a temp file
    assert {name for name, _ in modes} >= {"store.json", "store-2024-01-02.json"}
    assert all(mode == 0o600 for _, mode in modes), modes


def test_corrupt_and_pre_migration_copies_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    (folder / "store.json").write_bytes(b"{broken")
    os.chmod(folder / "store.json", 0o666)
    store = Store.open(folder, clock_on_day(0))
    assert store.take_notices()
    [aside] = folder.glob("store.json.corrupt-*")
    assert mode_of(aside) == 0o600
    assert mode_of(folder) == 0o700

    other = tmp_path / "old"
    other.mkdir()
    (other / "store.json").write_bytes((DATA / "store_v0.json").read_bytes())
    Store.open(other, clock_on_day(0))
    assert mode_of(other / f"store.json.before-v{SCHEMA_VERSION}") == 0o600


def test_existing_loose_permissions_are_tightened_on_open(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = Store.open(folder, clock_on_day(0))
    store.insert("notes", {"text": "one"})
    backups = folder / "backups"
    os.chmod(folder, 0o755)
    os.chmod(folder / "store.json", 0o644)
    os.chmod(folder / "store.json.lock", 0o666)
    os.chmod(backups, 0o755)
    for backup in backups.iterdir():
        os.chmod(backup, 0o644)

    reopened = Store.open(folder, clock_on_day(0))
    assert mode_of(folder) == 0o700
    assert mode_of(folder / "store.json") == 0o600
    assert mode_of(folder / "store.json.lock") == 0o600
    assert mode_of(backups) == 0o700
    assert all(mode_of(p) == 0o600 for p in backups.iterdir())
    assert reopened.all("notes")[0]["text"] == "one"
