"""Promises and their daily record: validation, history, late logs, undo, day boundaries."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from coach import promises as core
from coach.clock import FixedClock
from coach.dates import program_today
from coach.errors import CoachError, UsageError
from coach.schedule import Schedule, parse_every
from coach.store import Store
from tests.conftest import FIXED_NOW, PROGRAM_START

TODAY = FIXED_NOW.date()  # Tuesday 24 November 2026, 20:15


def evening(day: date, hour: int = 21) -> datetime:
    return datetime(day.year, day.month, day.day, hour).astimezone()


def add(store: Store, text: str = "Text if I'll be late", every: str = "daily", **kw):
    start = kw.pop("start", PROGRAM_START)
    return core.add_promise(store, text, parse_every(every, start), start, **kw)


# Promises --------------------------------------------------------------------------------
def test_add_keeps_the_promise_as_typed_with_controls_stripped(welcomed_store):
    promise = add(welcomed_store, "  Call\x1b[31m   Mum\x07 every evening ", at="7:05")
    record = welcomed_store.get(core.PROMISES, promise.id)
    assert record["text"] == "Call Mum every evening"
    assert record["schedule"] == "FREQ=DAILY"
    assert record["start"] == "2026-11-03"
    assert record["at"] == "07:05"
    assert record["archived"] is False and record["end"] is None
    assert promise.schedule.describe() == "every day"


@pytest.mark.parametrize(
    ("text", "kw", "expected"),
    [
        ("   ", {}, "needs a few words"),
        ("x" * 201, {}, "limit is 200"),
        ("Walk", {"at": "25:00"}, "not a time I can read"),
        ("Walk", {"end": PROGRAM_START - timedelta(days=1)}, "before the first day"),
    ],
)
def test_add_refuses_bad_input_and_saves_nothing(welcomed_store, text, kw, expected):
    with pytest.raises(UsageError) as refused:
        add(welcomed_store, text, **kw)
    assert expected in refused.value.message
    assert core.list_promises(welcomed_store) == []


def test_add_refuses_a_duplicate_of_an_active_promise(welcomed_store):
    add(welcomed_store, "Walk together")
    with pytest.raises(UsageError, match="already have"):
        add(welcomed_store, "walk TOGETHER")


def test_rename_keeps_the_history(welcomed_store):
    promise = add(welcomed_store, "Walk")
    core.check(welcomed_store, promise.id, TODAY - timedelta(days=1), "kept", "lovely")
    renamed = core.rename_promise(welcomed_store, promise.id, "Walk together after dinner")
    assert renamed.id == promise.id and renamed.text == "Walk together after dinner"
    (entry,) = core.day_entries(welcomed_store, TODAY - timedelta(days=1))
    assert (entry.promise_id, entry.status, entry.note) == (promise.id, "kept", "lovely")
    assert core.find_promise(welcomed_store, "walk tog").id == promise.id


def test_archive_ends_the_promise_but_keeps_its_past(welcomed_store):
    promise = add(welcomed_store, "Walk")
    yesterday = TODAY - timedelta(days=1)
    core.check(welcomed_store, promise.id, yesterday, "kept")
    archived = core.archive_promise(welcomed_store, promise.id)
    assert archived.archived and archived.end == yesterday  # today was not logged
    assert core.list_promises(welcomed_store) == []
    assert [p.id for p in core.list_promises(welcomed_store, include_archived=True)] == [promise.id]
    assert [p.id for p in core.due_promises(welcomed_store, yesterday)] == [promise.id]
    assert core.due_promises(welcomed_store, TODAY) == []
    with pytest.raises(UsageError, match="already archived"):
        core.archive_promise(welcomed_store, promise.id)


def test_archive_after_logging_today_keeps_today(welcomed_store):
    promise = add(welcomed_store, "Walk")
    core.check(welcomed_store, promise.id, TODAY, "kept")
    assert core.archive_promise(welcomed_store, promise.id).end == TODAY


def test_find_by_id_or_the_start_of_the_words(welcomed_store):
    call = add(welcomed_store, "Call Mum on Sundays")
    walk = add(welcomed_store, "Walk together")
    assert core.find_promise(welcomed_store, walk.id) == walk
    assert core.find_promise(welcomed_store, "  CALL  mum") == call


def test_an_ambiguous_promise_lists_the_candidates(welcomed_store):
    one = add(welcomed_store, "Walk together")
    two = add(welcomed_store, "Walk the dog")
    with pytest.raises(core.AmbiguousPromise) as refused:
        core.find_promise(welcomed_store, "walk")
    message = refused.value.message
    assert "matches 2 promises" in message
    for promise in (one, two):
        assert promise.id in message and promise.text in message
    assert {p.id for p in refused.value.candidates} == {one.id, two.id}


def test_an_exact_match_wins_over_longer_ones(welcomed_store):
    short = add(welcomed_store, "Walk")
    add(welcomed_store, "Walk the dog")
    assert core.find_promise(welcomed_store, "walk") == short


def test_an_unknown_promise_lists_the_promises_there_are(welcomed_store):
    walk = add(welcomed_store, "Walk together")
    with pytest.raises(core.PromiseNotFound) as refused:
        core.find_promise(welcomed_store, "swim")
    assert "No promise matches 'swim'" in refused.value.message
    assert walk.id in refused.value.message


# The daily record ------------------------------------------------------------------------
def test_kept_is_stored_once_per_day_and_replaced(welcomed_store):
    promise = add(welcomed_store)
    core.check(welcomed_store, promise.id, TODAY, "broken", "I forgot. I set a reminder.")
    core.check(welcomed_store, promise.id, TODAY, "kept")
    records = welcomed_store.all(core.CHECKS)
    assert len(records) == 1
    assert records[0]["status"] == "kept"
    assert records[0]["note"] == "I forgot. I set a reminder."  # a check without a note keeps it


def test_a_broken_promise_needs_an_honest_note(welcomed_store):
    promise = add(welcomed_store)
    with pytest.raises(UsageError) as refused:
        core.check(welcomed_store, promise.id, TODAY, "broken")
    assert refused.value.message == core.BROKEN_NEEDS_NOTE
    assert welcomed_store.all(core.CHECKS) == []
    entry = core.check(welcomed_store, promise.id, TODAY, "broken", "I was late; next time I text.")
    assert entry.status == "broken" and entry.note == "I was late; next time I text."


def test_future_days_are_refused(welcomed_store):
    promise = add(welcomed_store)
    with pytest.raises(UsageError) as refused:
        core.check(welcomed_store, promise.id, TODAY + timedelta(days=1), "kept")
    assert refused.value.message.startswith("You can't log a day that hasn't happened yet (")
    assert "Wed 2026-11-25" in refused.value.message
    with pytest.raises(UsageError, match="hasn't happened yet"):
        core.set_note(welcomed_store, promise.id, TODAY + timedelta(days=1), "plans")
    assert welcomed_store.all(core.CHECKS) == []


def test_days_before_the_start_and_days_not_due_are_refused(welcomed_store):
    promise = add(welcomed_store, "Walk", "mo,we,fr")
    with pytest.raises(UsageError, match="starts on Tue 2026-11-03"):
        core.check(welcomed_store, promise.id, PROGRAM_START - timedelta(days=1), "kept")
    with pytest.raises(UsageError, match=r"not due on Tue 2026-11-24 \(it is Mon, Wed, Fri\)"):
        core.check(welcomed_store, promise.id, TODAY, "kept")


def test_late_logs_are_marked(welcomed_store):
    promise = add(welcomed_store)
    yesterday = core.check(welcomed_store, promise.id, TODAY - timedelta(days=1), "kept")
    two_ago = core.check(welcomed_store, promise.id, TODAY - timedelta(days=2), "kept")
    assert yesterday.late is False  # the next day is still on time
    assert two_ago.late is True
    assert welcomed_store.get(core.CHECKS, two_ago.id)["late"] is True


def test_the_next_morning_before_the_day_ends_still_counts_for_the_day(welcomed_store, clock):
    promise = add(welcomed_store)
    clock.set(datetime(2026, 11, 25, 1, 30).astimezone())  # before the 4 a.m. day end
    assert core.program_day(welcomed_store) == TODAY
    entry = core.check(welcomed_store, promise.id, TODAY, "kept")
    assert entry.late is False


def test_same_status_again_keeps_the_first_log_time(welcomed_store, clock):
    promise = add(welcomed_store)
    day = TODAY - timedelta(days=1)
    first = core.check(welcomed_store, promise.id, day, "kept", now=evening(day))
    later = core.check(welcomed_store, promise.id, day, "kept", "a note", now=FIXED_NOW)
    assert later.logged_at == first.logged_at and later.note == "a note"


def test_notes_on_their_own_and_day_entries(welcomed_store):
    walk = add(welcomed_store, "Walk")
    call = add(welcomed_store, "Call")
    core.check(welcomed_store, walk.id, TODAY, "kept", "Long walk.")
    entry = core.set_note(welcomed_store, call.id, TODAY, "Rough day.\nTalked it through.")
    assert entry is not None and entry.status == "note"
    entries = {e.promise_id: e for e in core.day_entries(welcomed_store, TODAY)}
    assert entries[walk.id].status == "kept" and entries[walk.id].note == "Long walk."
    assert entries[call.id].note == "Rough day.\nTalked it through."
    assert core.set_note(welcomed_store, call.id, TODAY, "") is None
    assert [e.promise_id for e in core.day_entries(welcomed_store, TODAY)] == [walk.id]


def test_a_broken_note_cannot_be_emptied(welcomed_store):
    promise = add(welcomed_store)
    core.check(welcomed_store, promise.id, TODAY, "broken", "Forgot.")
    with pytest.raises(UsageError, match="keeps its honest note"):
        core.set_note(welcomed_store, promise.id, TODAY, "   ")


def test_uncheck_takes_back_the_mark_but_keeps_the_note(welcomed_store):
    promise = add(welcomed_store)
    core.check(welcomed_store, promise.id, TODAY, "kept", "Done early.")
    left = core.uncheck(welcomed_store, promise.id, TODAY)
    assert left is not None and (left.status, left.note) == ("note", "Done early.")


def test_undo_survives_reopening_the_store(tmp_path):
    clock = FixedClock(FIXED_NOW)
    store = Store.open(tmp_path, clock)
    promise = add(store, "Walk")
    core.check(store, promise.id, TODAY, "kept")
    core.rename_promise(store, promise.id, "Walk together")

    reopened = Store.open(tmp_path, clock)
    assert core.undo_last(reopened) == "Undid: renamed 'Walk' to 'Walk together'."
    assert core.get_promise(reopened, promise.id).text == "Walk"
    assert core.undo_last(Store.open(tmp_path, clock)).startswith("Undid: marked 'Walk' kept")
    final = Store.open(tmp_path, clock)
    assert final.all(core.CHECKS) == []
    assert core.undo_last(final) is None  # adding a promise is not undone: it is archived
    assert core.get_promise(final, promise.id).text == "Walk"


def test_undo_restores_an_overwritten_entry(welcomed_store):
    promise = add(welcomed_store)
    core.check(welcomed_store, promise.id, TODAY, "broken", "Forgot; I'll set an alarm.")
    core.check(welcomed_store, promise.id, TODAY, "kept", "Did it after all.")
    core.undo_last(welcomed_store)
    (entry,) = core.day_entries(welcomed_store, TODAY)
    assert (entry.status, entry.note) == ("broken", "Forgot; I'll set an alarm.")


def test_the_undo_journal_is_bounded(welcomed_store):
    promise = add(welcomed_store)
    for n in range(core.UNDO_KEPT + 10):
        core.set_note(welcomed_store, promise.id, TODAY, f"note {n}")
    assert len(welcomed_store.records(core.UNDO)) == core.UNDO_KEPT


# Day boundaries: daylight saving and a clock put back ------------------------------------
@pytest.mark.parametrize(
    ("zone", "moment", "expected"),
    [
        # London springs forward at 01:00 on 29 March 2026: 00:30 GMT and 03:30 BST are
        # both still the night of the 28th; 04:30 BST is the 29th.
        ("Europe/London", datetime(2026, 3, 29, 0, 30), date(2026, 3, 28)),
        ("Europe/London", datetime(2026, 3, 29, 3, 30), date(2026, 3, 28)),
        ("Europe/London", datetime(2026, 3, 29, 4, 30), date(2026, 3, 29)),
        # London falls back at 02:00 on 25 October 2026: 01:30 happens twice.
        ("Europe/London", datetime(2026, 10, 25, 1, 30, fold=0), date(2026, 10, 24)),
        ("Europe/London", datetime(2026, 10, 25, 1, 30, fold=1), date(2026, 10, 24)),
        ("Europe/London", datetime(2026, 10, 25, 4, 0), date(2026, 10, 25)),
        ("America/New_York", datetime(2026, 3, 8, 3, 59), date(2026, 3, 7)),
        ("America/New_York", datetime(2026, 3, 8, 4, 0), date(2026, 3, 8)),
        ("America/New_York", datetime(2026, 11, 1, 1, 30, fold=1), date(2026, 10, 31)),
    ],
)
def test_the_day_ends_at_the_same_wall_clock_hour_across_dst(zone, moment, expected):
    store = Store.in_memory(FixedClock(moment.replace(tzinfo=ZoneInfo(zone))))
    assert core.program_day(store) == expected


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        ("Europe/London", datetime(2026, 3, 27)),
        ("Europe/London", datetime(2026, 10, 23)),
        ("America/New_York", datetime(2026, 3, 6)),
        ("America/New_York", datetime(2026, 10, 30)),
    ],
)
def test_across_a_dst_change_no_day_is_doubled_or_skipped(zone, start):
    tz = ZoneInfo(zone)
    first = start.replace(tzinfo=tz).astimezone(ZoneInfo("UTC"))
    days = [
        program_today((first + timedelta(minutes=15 * i)).astimezone(tz), 4)
        for i in range(4 * 24 * 5)
    ]
    # Five days from midnight, every quarter of an hour: each day begins exactly once,
    # at 04:00 local time, one day after the one before.
    starts = [(i, b) for i, (a, b) in enumerate(zip(days, days[1:], strict=False)) if a != b]
    assert [b for _, b in starts] == [days[0] + timedelta(days=n) for n in range(1, 6)]
    moments = [(first + timedelta(minutes=15 * (i + 1))).astimezone(tz) for i, _ in starts]
    assert all((m.hour, m.minute) == (4, 0) for m in moments)


def test_logging_across_the_dst_change_makes_one_entry_per_day(tmp_path):
    tz = ZoneInfo("Europe/London")
    clock = FixedClock(datetime(2026, 10, 24, 22, 0, tzinfo=tz))
    store = Store.open(tmp_path, clock)
    promise = core.add_promise(store, "Walk", Schedule.daily(), date(2026, 10, 20))
    for moment in (
        datetime(2026, 10, 24, 22, 0, tzinfo=tz),
        datetime(2026, 10, 25, 1, 30, fold=0, tzinfo=tz),
        datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=tz),  # the repeated hour
        datetime(2026, 10, 25, 21, 0, tzinfo=tz),
    ):
        clock.set(moment)
        core.check(store, promise.id, core.program_day(store), "kept")
    assert sorted(r["date"] for r in store.all(core.CHECKS)) == ["2026-10-24", "2026-10-25"]


def test_a_clock_put_back_never_duplicates_a_day(welcomed_store, clock):
    promise = add(welcomed_store)
    core.check(welcomed_store, promise.id, TODAY, "kept")
    clock.set(FIXED_NOW - timedelta(hours=3))  # still today
    core.check(welcomed_store, promise.id, core.program_day(welcomed_store), "kept", "again")
    clock.set(FIXED_NOW - timedelta(days=1))  # a whole day back
    with pytest.raises(UsageError, match="hasn't happened yet"):
        core.check(welcomed_store, promise.id, TODAY, "kept")
    core.check(welcomed_store, promise.id, core.program_day(welcomed_store), "kept")
    dates = [r["date"] for r in welcomed_store.all(core.CHECKS)]
    assert sorted(dates) == ["2026-11-23", "2026-11-24"]


def test_unknown_ids_are_clear_errors(welcomed_store):
    with pytest.raises(CoachError, match="no promise with the id 'p-nope'"):
        core.check(welcomed_store, "p-nope", TODAY, "kept")
