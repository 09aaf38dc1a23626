"""Old check-offs in the history file: nothing is lost, hidden or left readable.

ARCHIVE_AT is lowered here so a few hundred check-offs are enough to be moved out.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from coach import archive
from coach.backups import list_backups
from coach.clock import FixedClock
from coach.crypto import MAGIC, StoreCipher
from coach.storage import DurableJSONStorage
from coach.store import Store

TODAY = date(2026, 11, 24)
CLOCK = FixedClock(datetime(2026, 11, 24, 20, 15))
YESTERDAY = FixedClock(datetime(2026, 11, 23, 20, 15))
TOMORROW = FixedClock(datetime(2026, 11, 25, 20, 15))
NOTE = "I was late and did not text; the note for day"


@pytest.fixture(autouse=True)
def small_archive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "ARCHIVE_AT", 50)


def check_record(day: date, status: str = "kept") -> dict:
    return {
        "promise_id": "p1",
        "date": day.isoformat(),
        "status": status,
        "note": f"{NOTE} {day.isoformat()}",
        "logged_at": f"{day.isoformat()}T21:00:00+00:00",
        "late": False,
    }


def cid(day: date) -> str:
    return f"c-p1-{day.isoformat()}"


def filled(folder: Path, days: int = 300) -> dict[str, dict]:
    """A store with a check-off on each of the last `days` days (and a note elsewhere).

    Written yesterday: old check-offs move out with the first change of a day, after
    that day's backup, so today's first opening moves them.
    """
    store = Store.open(folder, YESTERDAY)
    with store.transaction():
        for back in range(days):
            day = TODAY - timedelta(days=back)
            store.put("checks", cid(day), check_record(day))
        store.insert("notes", {"text": "not a check-off"}, record_id="n1")
    return dict(store.records("checks"))


def history_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if archive.is_history_name(p.name, "store.json"))


def on_disk(folder: Path) -> dict:
    return orjson.loads((folder / "store.json").read_bytes())


def test_opening_moves_old_check_offs_out_and_every_record_stays(tmp_path: Path) -> None:
    everything = filled(tmp_path)
    assert history_files(tmp_path) == []  # written before the next opening

    store = Store.open(tmp_path, CLOCK)
    [history] = history_files(tmp_path)
    before = archive.cutoff(TODAY)
    head = on_disk(tmp_path)
    assert head["meta"]["meta"]["history"] == {"file": history.name, "before": before}
    assert all(rid[-10:] >= before for rid in head["checks"])
    assert len(head["checks"]) == archive.KEEP_DAYS + 1
    kept_apart = orjson.loads(history.read_bytes())["checks"]
    assert set(kept_apart) | set(head["checks"]) == set(everything)
    assert history.stat().st_mode & 0o777 == 0o600

    assert dict(store.records("checks")) == everything
    assert (
        store.get("checks", cid(TODAY - timedelta(days=250)))
        == everything[cid(TODAY - timedelta(days=250))]
    )
    assert store.get("notes", "n1") == {"text": "not a check-off", "id": "n1"}
    assert dict(Store.open(tmp_path, CLOCK).records("checks")) == everything


def test_logging_a_recent_day_neither_reads_nor_rewrites_the_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled(tmp_path)
    Store.open(tmp_path, CLOCK)
    [history] = history_files(tmp_path)
    written = history.stat()
    reads: list[str] = []
    real = DurableJSONStorage.history
    monkeypatch.setattr(
        DurableJSONStorage, "history", lambda self, data=None: reads.append("x") or real(self, data)
    )

    store = Store.open(tmp_path, CLOCK)
    store.put("checks", cid(TODAY), check_record(TODAY, "broken"))
    assert store.get("checks", cid(TODAY))["status"] == "broken"  # type: ignore[index]
    assert store.get("checks", cid(TODAY + timedelta(days=1))) is None
    assert reads == []
    assert history.stat().st_mtime_ns == written.st_mtime_ns
    assert on_disk(tmp_path)["checks"][cid(TODAY)]["status"] == "broken"
    assert Store.open(tmp_path, CLOCK).get("checks", cid(TODAY))["status"] == "broken"  # type: ignore[index]


def test_changing_an_old_day_brings_the_history_back_then_moves_it_out_again(
    tmp_path: Path,
) -> None:
    everything = filled(tmp_path)
    store = Store.open(tmp_path, CLOCK)
    [first] = history_files(tmp_path)
    old, older = cid(TODAY - timedelta(days=200)), cid(TODAY - timedelta(days=201))

    store.update("checks", old, {"note": "Rewritten months later."})
    store.remove("checks", older)
    head = on_disk(tmp_path)
    assert "history" not in head["meta"]["meta"]
    assert head["checks"][old]["note"] == "Rewritten months later."
    assert older not in head["checks"] and len(head["checks"]) == len(everything) - 1
    assert store.get("checks", older) is None

    assert history_files(tmp_path) == [first]  # today's backup came before the change
    reopened = Store.open(tmp_path, TOMORROW)  # the next day's first opening
    [second] = history_files(tmp_path)
    assert second != first and not first.exists()
    expected = {**everything, old: {**everything[old], "note": "Rewritten months later."}}
    del expected[older]
    assert dict(reopened.records("checks")) == expected


def test_a_missing_history_file_comes_back_from_the_newest_backup(tmp_path: Path) -> None:
    everything = filled(tmp_path)
    Store.open(tmp_path, CLOCK)  # the day's backup is taken before moving anything out
    [history] = history_files(tmp_path)
    history.unlink()

    store = Store.open(tmp_path, CLOCK)
    store.put("checks", cid(TODAY), check_record(TODAY, "broken"))
    assert dict(store.records("checks")) == {
        **everything,
        cid(TODAY): {**check_record(TODAY, "broken"), "id": cid(TODAY)},
    }
    [notice] = store.take_notices()
    assert "could not be read" in notice and "taken from the backup of 2026-11-24" in notice
    assert "history" not in on_disk(tmp_path)["meta"]["meta"]


def test_a_damaged_history_file_is_moved_aside_and_never_deleted(tmp_path: Path) -> None:
    filled(tmp_path)
    Store.open(tmp_path, CLOCK)
    [history] = history_files(tmp_path)
    history.write_bytes(b'{"checks": {"c-p1-2020-01-01": ')

    store = Store.open(tmp_path, CLOCK)
    assert len(store.records("checks")) == 300
    [notice] = store.take_notices()
    [aside] = tmp_path.glob("store.json.history-*.corrupt-*")
    assert aside.read_bytes() == b'{"checks": {"c-p1-2020-01-01": '
    assert str(aside) in notice and "is damaged" in notice
    Store.open(tmp_path, CLOCK)
    assert aside.exists()


def test_without_a_backup_the_recent_days_stay_and_the_loss_is_said(tmp_path: Path) -> None:
    filled(tmp_path)
    Store.open(tmp_path, CLOCK)
    for _, backup in list_backups(tmp_path / "store.json"):
        backup.unlink()
    history_files(tmp_path)[0].unlink()

    store = Store.open(tmp_path, CLOCK)
    assert len(store.records("checks")) == archive.KEEP_DAYS + 1
    [notice] = store.take_notices()
    assert "No backup holds them" in notice


def test_every_backup_holds_the_whole_store_on_its_own(tmp_path: Path) -> None:
    everything = filled(tmp_path)
    Store.open(tmp_path, CLOCK)
    Store.open(tmp_path, TOMORROW).insert("notes", {"text": "next day"})

    [(day, newest), *_] = list_backups(tmp_path / "store.json")
    assert day == date(2026, 11, 25)
    backup = orjson.loads(newest.read_bytes())
    assert "history" not in backup["meta"]["meta"]
    assert backup["checks"] == everything


def test_history_is_encrypted_with_the_store_and_no_plain_copy_is_left(tmp_path: Path) -> None:
    everything = filled(tmp_path)
    store = Store.open(tmp_path, CLOCK)
    [plain_history] = history_files(tmp_path)
    cipher, _ = StoreCipher.create("correct horse battery")

    store.change_encryption(cipher)
    assert not plain_history.exists() and history_files(tmp_path) == []
    reopened = Store.open(tmp_path, TOMORROW, passphrase="correct horse battery")
    [sealed] = history_files(tmp_path)
    assert sealed.read_bytes().startswith(MAGIC)
    assert NOTE.encode() not in sealed.read_bytes()
    assert dict(reopened.records("checks")) == everything


def test_another_window_follows_when_the_history_moves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = filled(tmp_path)
    window = Store.open(tmp_path, CLOCK)
    [first] = history_files(tmp_path)
    assert dict(window.records("checks")) == everything

    old = cid(TODAY - timedelta(days=150))
    other = Store.open(tmp_path, CLOCK)
    other.update("checks", old, {"status": "broken"})  # folds the history back in
    assert window.get("checks", old)["status"] == "broken"  # type: ignore[index]

    Store.open(tmp_path, TOMORROW)  # moves it out again, to a new file
    assert not first.exists()
    window.put("checks", cid(TODAY), check_record(TODAY, "broken"))
    expected = {**everything, old: {**everything[old], "status": "broken"}}
    expected[cid(TODAY)] = {**check_record(TODAY, "broken"), "id": cid(TODAY)}
    assert dict(window.records("checks")) == expected
    assert dict(Store.open(tmp_path, CLOCK).records("checks")) == expected


def test_coach_check_and_streaks_on_a_store_whose_history_moved_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    from coach import promises
    from coach.cli import context, main

    store = Store.open(tmp_path, YESTERDAY)
    promise = promises.add_promise(store, "Text if I'll be late", "FREQ=DAILY", date(2026, 1, 1))
    with store.transaction():
        for back in range(1, 328):
            day = TODAY - timedelta(days=back)
            status = "broken" if back in (40, 200) else "kept"
            now = datetime.combine(day, datetime.min.time()).replace(hour=21)
            promises.check(
                store, promise.id, day, status, "Missed it." * (status == "broken"), now=now
            )
    monkeypatch.setattr(context, "CLOCK", FixedClock(datetime(2026, 11, 24, 20, 15)))
    monkeypatch.delenv("COACH_PASSPHRASE", raising=False)

    assert main(["--data-dir", str(tmp_path), "streak", "--json"]) == 0  # moves them out
    figures = capsys.readouterr().out
    assert len(history_files(tmp_path)) == 1
    assert main(["--data-dir", str(tmp_path), "check", "text if"]) == 0
    assert capsys.readouterr().out.startswith("Kept: Text if I'll be late, today. Another brick.")

    streak = orjson.loads(figures)
    assert main(["--data-dir", str(tmp_path), "streak", "--json"]) == 0
    after = orjson.loads(capsys.readouterr().out)
    assert after != streak  # today now counts
    assert (streak["overall"]["current_streak"], after["overall"]["current_streak"]) == (39, 40)
    # 159 days from 199 days ago to 41 days ago: counted across both files.
    assert after["overall"]["longest_streak"] == streak["overall"]["longest_streak"] == 159
    assert after["overall"]["kept_total"] == streak["overall"]["kept_total"] + 1 == 326


@pytest.mark.parametrize("failing", ["backup", "history file"])
def test_when_moving_cannot_be_written_the_store_stays_whole_and_nothing_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    import errno

    from coach import backups, storage

    everything = filled(tmp_path)
    before = (tmp_path / "store.json").read_bytes()
    module = backups if failing == "backup" else storage
    real = module.atomic_write_bytes

    def refuse(target: Path, data: bytes, **kwargs: object) -> object:
        if failing == "backup" or ".history-" in target.name:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(target, data, **kwargs)

    monkeypatch.setattr(module, "atomic_write_bytes", refuse)
    store = Store.open(tmp_path, CLOCK)
    assert store.take_notices() == []
    assert (tmp_path / "store.json").read_bytes() == before
    assert history_files(tmp_path) == []
    assert dict(store.records("checks")) == everything
