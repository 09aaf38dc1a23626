"""A damaged, vanished or too-new store file is never overwritten, deleted or guessed at.

A damaged file is moved aside with its bytes intact and the user is told where it went;
the store continues from the newest good backup, or from what the open window holds.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from coach.store import Store, StoreFromNewerVersion
from tests.helpers.store_kit import clock_on_day, temp_files


def store_with_history(folder: Path) -> Store:
    """Three days of use: backups of days 2 and 3 hold what was there before each day."""
    store = Store.open(folder, clock_on_day(0))
    store.insert("notes", {"text": "day one"}, record_id="one")
    store.clock = clock_on_day(1)
    store.insert("notes", {"text": "day two"}, record_id="two")
    store.clock = clock_on_day(2)
    store.insert("notes", {"text": "day three"}, record_id="three")
    return store


def truncated(folder: Path) -> bytes:
    raw = (folder / "store.json").read_bytes()
    return raw[: len(raw) // 2]


DAMAGE = {
    "invalid json": lambda folder: b'{"notes": {"one": {"text": "day one",,,',
    "a json list": lambda folder: b'[{"text": "day one"}]',
    "truncated": truncated,
    "empty": lambda folder: b"",
    "wrong shape": lambda folder: b'{"notes": ["day one"]}',
}


def asides(folder: Path) -> list[Path]:
    return sorted(folder.glob("store.json.corrupt-*"))


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_file_is_kept_aside_and_newest_good_backup_restored(
    tmp_path: Path, damage: str
) -> None:
    folder = tmp_path / "data"
    store_with_history(folder)
    broken = DAMAGE[damage](folder)
    (folder / "store.json").write_bytes(broken)

    store = Store.open(folder, clock_on_day(2))
    [aside] = asides(folder)
    assert aside.read_bytes() == broken
    # The newest backup (day 3's) is the state before day 3's first write.
    assert set(store.records("notes")) == {"one", "two"}
    [notice] = store.take_notices()
    assert str(aside) in notice
    assert "store-2024-01-03.json" in notice
    assert Store.open(folder, clock_on_day(2)).take_notices() == []  # recovered for good


def test_a_damaged_backup_is_skipped_for_an_older_good_one(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store_with_history(folder)
    (folder / "backups" / "store-2024-01-03.json").write_bytes(b"{nope")
    (folder / "store.json").write_bytes(b"{nope")
    store = Store.open(folder, clock_on_day(2))
    assert set(store.records("notes")) == {"one"}
    assert "store-2024-01-02.json" in store.take_notices()[0]


def test_without_a_backup_a_fresh_store_starts_and_the_file_is_kept(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "store.json").write_bytes(b"\x00\x00garbage")
    store = Store.open(folder, clock_on_day(0))
    assert store.records("notes") == {}
    [notice] = store.take_notices()
    [aside] = asides(folder)
    assert aside.read_bytes() == b"\x00\x00garbage"
    assert str(aside) in notice and "fresh" in notice
    store.insert("notes", {"text": "starting again"})
    assert len(Store.open(folder).records("notes")) == 1


def test_two_recoveries_in_the_same_second_keep_both_files(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    for broken in (b"{first", b"{second"):
        (folder / "store.json").write_bytes(broken)
        assert Store.open(folder, clock_on_day(0)).take_notices()
    assert sorted(p.read_bytes() for p in asides(folder)) == [b"{first", b"{second"]


def test_file_corrupted_while_open_is_kept_and_the_window_loses_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = store_with_history(folder)
    (folder / "store.json").write_bytes(b"junk from another program")
    assert set(store.records("notes")) == {"one", "two", "three"}  # reads carry on

    store.insert("notes", {"text": "day three, later"}, record_id="four")
    [aside] = asides(folder)
    assert aside.read_bytes() == b"junk from another program"
    [notice] = store.take_notices()
    assert str(aside) in notice
    expected = {"one", "two", "three", "four"}
    assert set(store.records("notes")) == expected
    reopened = Store.open(folder, clock_on_day(2))
    assert set(reopened.records("notes")) == expected
    assert reopened.take_notices() == []


def test_file_corrupted_while_open_and_only_read_is_still_saved(tmp_path: Path) -> None:
    """If the window only reads and then closes, what it held must not be lost."""
    folder = tmp_path / "data"
    store = store_with_history(folder)
    (folder / "store.json").write_bytes(b"junk")
    assert set(store.records("notes")) == {"one", "two", "three"}
    del store  # closed without another write
    reopened = Store.open(folder, clock_on_day(2))
    assert set(reopened.records("notes")) == {"one", "two", "three"}
    assert [p.read_bytes() for p in asides(folder)] == [b"junk"]


def test_file_deleted_while_open_is_written_again_in_full(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = store_with_history(folder)
    os.unlink(folder / "store.json")
    # The screens keep reading in between; that must not make the window forget.
    assert set(store.records("notes")) == {"one", "two", "three"}
    assert store.get("notes", "one") is not None

    store.insert("notes", {"text": "after the delete"}, record_id="four")
    assert "disappeared" in store.take_notices()[0]
    reopened = Store.open(folder, clock_on_day(2))
    assert set(reopened.records("notes")) == {"one", "two", "three", "four"}
    assert reopened.schema_version == store.schema_version


def newer_store_bytes(shape_this_version_does_not_know: bool) -> bytes:
    data: dict = {"meta": {"meta": {"id": "meta", "schema_version": 99}}, "notes": {}}
    if shape_this_version_does_not_know:
        data["layout"] = ["a", "b"]
    return orjson.dumps(data)


@pytest.mark.parametrize("unknown_shape", [False, True])
def test_store_from_a_newer_version_is_refused_untouched(
    tmp_path: Path, unknown_shape: bool
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    raw = newer_store_bytes(unknown_shape)
    (folder / "store.json").write_bytes(raw)
    with pytest.raises(StoreFromNewerVersion) as raised:
        Store.open(folder, clock_on_day(0))
    assert str(folder / "store.json") in str(raised.value)
    assert "newer" in str(raised.value)
    assert (folder / "store.json").read_bytes() == raw
    assert asides(folder) == [] and not (folder / "backups").exists()
    assert temp_files(folder) == []


def test_newer_version_written_while_open_is_not_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = store_with_history(folder)
    raw = newer_store_bytes(True)
    (folder / "store.json").write_bytes(raw)
    with pytest.raises(StoreFromNewerVersion):
        store.insert("notes", {"text": "would overwrite the newer file"})
    assert (folder / "store.json").read_bytes() == raw
    assert asides(folder) == []
    assert set(store.records("notes")) == {"one", "two", "three"}
