"""Old weekly check-ins move to the history file with the check-offs, and nothing of
them is lost or changed: their words, the weeks they count for, and going back to one.

ARCHIVE_AT is lowered here so a few years of weekly check-ins are enough to move.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from coach import archive
from coach.checkins import (
    TABLE,
    checkin_status,
    finish_checkin,
    list_checkins,
    save_checkin,
    set_schedule,
    start_checkin,
)
from coach.clock import FixedClock
from coach.plain import from_bytes, to_bytes
from coach.storage import DurableJSONStorage
from coach.store import Store

TODAY = date(2026, 11, 24)  # a Tuesday
YESTERDAY = FixedClock(datetime(2026, 11, 23, 20, 15))
CLOCK = FixedClock(datetime(2026, 11, 24, 20, 15))
WEEKS = 150


@pytest.fixture(autouse=True)
def small_archive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "ARCHIVE_AT", 50)


def words(day: date) -> dict[str, str]:
    return {
        "how_are_we": f"Closer than last week ({day.isoformat()}), still careful.",
        "felt_off": "I went quiet when she asked about Friday.",
        "my_step": "Say where I am before she has to ask.",
        "their_step": "",
    }


def weekly(folder: Path) -> Store:
    """Three years of finished Tuesday check-ins, written yesterday: today's first
    opening moves the old ones out, after today's backup."""
    store = Store.open(folder, YESTERDAY)
    first = TODAY - timedelta(weeks=WEEKS - 1)
    set_schedule(store, 1, "19:30", first)
    with store.transaction():
        for week in range(WEEKS - 1):  # every week but this one
            day = first + timedelta(weeks=week)
            at = datetime.combine(day, datetime.min.time()).replace(hour=19, minute=30)
            checkin = start_checkin(store, day, at, [f"Goal: the week of {day}"])
            finish_checkin(store, checkin.id, words(day), 1800, at + timedelta(minutes=30))
    return store


def history_file(folder: Path) -> Path:
    [path] = [p for p in folder.iterdir() if archive.is_history_name(p.name, "store.json")]
    return path


def test_a_new_check_in_id_ends_with_its_day() -> None:
    store = Store.in_memory(CLOCK)
    checkin = start_checkin(store, TODAY, datetime(2026, 11, 24, 19, 30), [])
    assert archive.day_of(checkin.id) == "2026-11-24"
    assert store.get(TABLE, checkin.id) is not None


def test_old_check_ins_move_out_and_every_word_and_week_stays(tmp_path: Path) -> None:
    before_move = weekly(tmp_path)
    everything = {rid: dict(r) for rid, r in before_move.records(TABLE).items()}
    status = checkin_status(before_move, TODAY)
    assert len(everything) == WEEKS - 1

    store = Store.open(tmp_path, CLOCK)
    cutoff = archive.cutoff(TODAY)
    head = from_bytes((tmp_path / "store.json").read_bytes())
    moved = from_bytes(history_file(tmp_path).read_bytes())[TABLE]
    assert head[TABLE] and moved
    assert all(archive.day_of(rid) >= cutoff for rid in head[TABLE])  # type: ignore[operator]
    assert all(archive.day_of(rid) < cutoff for rid in moved)  # type: ignore[operator]
    assert set(head[TABLE]) | set(moved) == set(everything)
    assert len(head[TABLE]) == 13  # the last three months of Tuesdays

    assert {rid: dict(r) for rid, r in store.records(TABLE).items()} == everything
    assert checkin_status(store, TODAY) == status
    oldest = list_checkins(store)[-1]
    assert oldest.day == TODAY - timedelta(weeks=WEEKS - 1)
    assert oldest.answers == words(oldest.day)


def test_going_back_to_an_old_check_in_brings_the_history_back(tmp_path: Path) -> None:
    weekly(tmp_path)
    store = Store.open(tmp_path, CLOCK)
    old = list_checkins(store)[100]
    assert archive.in_history(TABLE, old.id, archive.cutoff(TODAY))

    changed = {**old.answers, "my_step": "Added a year later: I kept this one."}
    save_checkin(store, old.id, changed, old.elapsed_seconds)
    head = from_bytes((tmp_path / "store.json").read_bytes())
    assert "history" not in head["meta"]["meta"]
    assert head[TABLE][old.id]["answers"] == changed
    again = Store.open(tmp_path, CLOCK)
    assert next(c for c in list_checkins(again) if c.id == old.id).answers == changed
    assert len(list_checkins(again)) == WEEKS - 1


def test_the_history_file_is_read_once_for_check_offs_and_check_ins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app reads the history before its first frame: one read, not one per table."""
    weekly(tmp_path)
    Store.open(tmp_path, CLOCK)  # moves the old ones out
    reads: list[int] = []
    real = DurableJSONStorage.history
    monkeypatch.setattr(
        DurableJSONStorage, "history", lambda self, data=None: reads.append(1) or real(self, data)
    )
    store = Store.open(tmp_path, CLOCK)
    store.read_history()
    assert len(store.records(TABLE)) == WEEKS - 1
    assert len(reads) == 1


def test_the_copy_kept_before_an_upgrade_holds_the_history_too(tmp_path: Path) -> None:
    """An older store names its history file; the upgrade writes the store whole, after
    which that file is swept. The copy kept from before must not depend on it."""
    weekly(tmp_path)
    Store.open(tmp_path, CLOCK)
    path = tmp_path / "store.json"
    older = from_bytes(path.read_bytes())
    older["meta"]["meta"]["schema_version"] = 2
    path.write_bytes(to_bytes(older))
    everything = {**older[TABLE], **from_bytes(history_file(tmp_path).read_bytes())[TABLE]}

    store = Store.open(tmp_path, CLOCK)
    assert store.schema_version == 3 and len(store.records(TABLE)) == WEEKS - 1
    kept = from_bytes((tmp_path / "store.json.before-v3").read_bytes())
    assert "history" not in kept["meta"]["meta"]
    assert kept[TABLE] == everything
