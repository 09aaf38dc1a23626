"""Old stores open in new versions with every record kept and the original set aside."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from coach import migrations
from coach import store as store_module
from coach.migrations import MIGRATIONS, SCHEMA_VERSION, migrate, schema_version_of
from coach.store import Store, StoreMigrationFailed
from tests.helpers.store_kit import DATA, clock_on_day

V0 = DATA / "store_v0.json"


def v0_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(V0, folder / "store.json")
    return folder


def test_version_0_store_opens_migrated_with_every_record(tmp_path: Path) -> None:
    folder = v0_folder(tmp_path)
    original = orjson.loads(V0.read_bytes())

    store = Store.open(folder, clock_on_day(0))
    assert store.schema_version == SCHEMA_VERSION
    assert store.take_notices() == []
    for table in ("promises", "checkins"):
        records = store.records(table)
        assert set(records) == set(original[table])  # TinyDB's "1", "2" keys stay the ids
        for record_id, record in original[table].items():
            assert store.get(table, record_id) == {**record, "id": record_id}
    assert store.get("checkins", "1")["note"] == "I told her about the café. It was hard. 🙏"  # type: ignore[index]

    assert (folder / f"store.json.before-v{SCHEMA_VERSION}").read_bytes() == V0.read_bytes()
    on_disk = orjson.loads((folder / "store.json").read_bytes())
    assert schema_version_of(on_disk) == SCHEMA_VERSION


def test_migrated_store_keeps_working_and_is_not_migrated_twice(tmp_path: Path) -> None:
    folder = v0_folder(tmp_path)
    Store.open(folder, clock_on_day(0)).update("promises", "2", {"kept": 1})
    copy_before = (folder / f"store.json.before-v{SCHEMA_VERSION}").read_bytes()
    store = Store.open(folder, clock_on_day(0))
    assert store.get("promises", "2")["kept"] == 1  # type: ignore[index]
    new_id = store.insert("promises", {"text": "A new one"})
    assert set(Store.open(folder).records("promises")) == {"1", "2", new_id}
    assert (folder / f"store.json.before-v{SCHEMA_VERSION}").read_bytes() == copy_before


def test_every_version_below_the_current_one_has_a_step() -> None:
    assert sorted(MIGRATIONS) == list(range(SCHEMA_VERSION))
    for version in range(SCHEMA_VERSION):
        data = {"meta": {"meta": {"id": "meta", "schema_version": version}}} if version else {}
        data["notes"] = {"1": {"text": "kept"}}
        migrated, start = migrate(data)
        assert start == version
        assert schema_version_of(migrated) == SCHEMA_VERSION
        assert migrated["notes"]["1"]["text"] == "kept"


def test_a_failing_migration_leaves_the_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = v0_folder(tmp_path)

    def broken_step(data: dict) -> dict:
        data["promises"].clear()  # a step that goes wrong halfway
        raise ValueError("bug in step 1 -> 2")

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2, raising=False)
    monkeypatch.setitem(MIGRATIONS, 1, broken_step)
    with pytest.raises(StoreMigrationFailed) as raised:
        Store.open(folder, clock_on_day(0))
    assert str(folder / "store.json") in str(raised.value)
    assert (folder / "store.json").read_bytes() == V0.read_bytes()
    assert (folder / "store.json.before-v2").read_bytes() == V0.read_bytes()


def test_version_2_check_ins_get_their_day_in_their_ids_and_nothing_else_changes(
    tmp_path: Path,
) -> None:
    answers = {"how_are_we": "Better. We laughed at dinner.", "felt_off": "", "my_step": "Ask"}
    old = {
        "c0123456789ab": {"id": "c0123456789ab", "day": "2025-03-04", "answers": answers},
        "cba9876543210": {"id": "cba9876543210", "day": "2026-11-17", "finished_at": None},
        "c000000000000": {"id": "c000000000000", "day": "not a day", "answers": answers},
    }
    meta = {"meta": {"id": "meta", "schema_version": 2}}
    original = orjson.dumps({"meta": meta, "checkins": old, "notes": {"n": {"id": "n"}}})
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "store.json").write_bytes(original)

    store = Store.open(folder, clock_on_day(0))
    assert store.take_notices() == []
    assert dict(store.records("checkins")) == {
        "c0123456789ab-2025-03-04": {**old["c0123456789ab"], "id": "c0123456789ab-2025-03-04"},
        "cba9876543210-2026-11-17": {**old["cba9876543210"], "id": "cba9876543210-2026-11-17"},
        "c000000000000": old["c000000000000"],  # no day to add: it keeps its id
    }
    assert store.get("notes", "n") == {"id": "n"}
    assert (folder / "store.json.before-v3").read_bytes() == original
