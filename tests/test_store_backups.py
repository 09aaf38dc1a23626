"""Daily backups: the state before each day's first write; newest 7 daily and 4 weekly kept."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import orjson

from coach.store import Store
from tests.helpers.store_kit import clock_on_day


def backup_dates(folder: Path) -> set[date]:
    names = [p.name for p in (folder / "backups").iterdir()]
    assert all(n.startswith("store-") and n.endswith(".json") for n in names), names
    return {date.fromisoformat(n[len("store-") : -len(".json")]) for n in names}


def test_rotation_over_60_days_keeps_7_daily_and_4_weekly(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = Store.open(folder, clock_on_day(0))
    first = date(2024, 1, 1)  # a Monday
    for day in range(60):
        store.clock = clock_on_day(day)
        store.insert("notes", {"day": day})
        store.insert("notes", {"day": day, "again": True})  # a second write adds no copy
        today = first + timedelta(days=day)
        kept = backup_dates(folder)
        newest_seven = {today - timedelta(days=n) for n in range(7)} & {
            first + timedelta(days=n) for n in range(day + 1)
        }
        assert newest_seven <= kept
        assert len(kept) <= 11

    # Day 60 is Thursday 29 February. Daily: 23-29 February. Weekly: the last copy of each
    # of the four ISO weeks before the week of 23 February, which are their Sundays.
    daily = {date(2024, 2, d) for d in range(23, 30)}
    weekly = {date(2024, 1, 28), date(2024, 2, 4), date(2024, 2, 11), date(2024, 2, 18)}
    assert backup_dates(folder) == daily | weekly


def backup_notes(folder: Path, day: date) -> list[str]:
    data = orjson.loads((folder / "backups" / f"store-{day.isoformat()}.json").read_bytes())
    return sorted(record["text"] for record in data.get("notes", {}).values())


def test_a_days_backup_is_the_state_before_its_first_write(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = Store.open(folder, clock_on_day(0))
    store.insert("notes", {"text": "monday"})
    store.clock = clock_on_day(1)
    store.insert("notes", {"text": "tuesday 1"})
    store.insert("notes", {"text": "tuesday 2"})
    store.clock = clock_on_day(1, hour=23)
    store.insert("notes", {"text": "tuesday night"})

    assert backup_notes(folder, date(2024, 1, 1)) == []
    assert backup_notes(folder, date(2024, 1, 2)) == ["monday"]
    assert backup_dates(folder) == {date(2024, 1, 1), date(2024, 1, 2)}


def test_a_failed_write_still_leaves_the_days_backup(tmp_path: Path) -> None:
    """The backup is taken before the change; a change rolled back leaves a good copy."""
    folder = tmp_path / "data"
    store = Store.open(folder, clock_on_day(0))
    store.insert("notes", {"text": "monday"})
    store.clock = clock_on_day(1)
    try:
        with store.transaction():
            store.insert("notes", {"text": "abandoned"})
            raise RuntimeError
    except RuntimeError:
        pass
    assert backup_notes(folder, date(2024, 1, 2)) == ["monday"]
    assert [r["text"] for r in store.all("notes")] == ["monday"]
