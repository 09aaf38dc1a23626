"""Small promises and the daily record of keeping them.

Two tables. `promises` holds each promise: its words, its schedule (an RRULE string, see
`coach.schedule`), first and last day, an optional time of day, and whether it is archived.
`checks` holds at most one entry per promise per day, under the id
`c-<promise id>-<YYYY-MM-DD>`, so a second log for that day replaces the first and two
windows logging at once can never make a duplicate. An entry's `status` is "kept",
"broken", or "note": a note-only entry, for a day when there is something to say but no
status to give. A kept or broken entry carries its note in the same record, so
`day_entries` returns everything about a day.

Days are program days (`coach.dates.program_today`): a day ends at the hour set in
Settings, by the wall clock, so daylight-saving changes and a clock put back never make a
day twice or skip one. Each mark, note, rename and archiving is journalled in the
`promise_undo` table (the last 50), so `undo_last` works after a restart.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from coach.dates import parse_time_of_day, program_today
from coach.errors import CoachError, UsageError
from coach.schedule import Schedule
from coach.settings import load_settings
from coach.store import Store, new_id
from coach.textsafe import clean_line, clean_text

PROMISES = "promises"
CHECKS = "checks"
UNDO = "promise_undo"
UNDO_KEPT = 50
STATUSES = ("kept", "broken", "note")
MAX_PROMISE_CHARS = 200
MAX_NOTE_CHARS = 5_000
Now = datetime | None  # when a change is made; the store's clock when None
BROKEN_NEEDS_NOTE = (
    "A broken promise takes an honest note: what happened, and what you will do about it."
)


class PromiseNotFound(CoachError):
    """No promise matches what was typed; the message lists the promises there are."""


class AmbiguousPromise(CoachError):
    """More than one promise matches; the message lists them."""

    def __init__(self, message: str, candidates: list[Promise]) -> None:
        super().__init__(message)
        self.candidates = candidates


class Promise(NamedTuple):
    id: str
    text: str
    schedule: Schedule  # the RRULE string itself (a str), with `describe()` and `due_on()`
    start: date
    end: date | None
    at: str | None
    archived: bool
    created_at: str

    @property
    def plan(self) -> Schedule:
        return self.schedule

    def due_on(self, day: date) -> bool:
        return self.plan.due_on(day, self.start, self.end)

    @classmethod
    def from_record(cls, record: Any) -> Promise:
        end = record.get("end")
        return cls(
            **{key: record.get(key) for key in ("id", "text", "at", "created_at")},
            schedule=schedule_of(record["schedule"]),
            start=date.fromisoformat(record["start"]),
            end=date.fromisoformat(end) if end else None,
            archived=bool(record.get("archived", False)),
        )

    def to_record(self) -> dict[str, Any]:
        end = self.end.isoformat() if self.end else None
        start, rule = self.start.isoformat(), str(self.schedule)
        return {**self._asdict(), "schedule": rule, "start": start, "end": end}


class Check(NamedTuple):
    id: str
    promise_id: str
    date: date
    status: str
    note: str
    logged_at: datetime  # kept in the record as ISO 8601 text with its UTC offset
    late: bool

    @classmethod
    def from_record(cls, record: Any) -> Check:
        return cls(
            **{key: record.get(key) for key in ("id", "promise_id", "status")},
            date=date.fromisoformat(record["date"]),
            logged_at=datetime.fromisoformat(record["logged_at"]),
            note=record.get("note") or "",
            late=bool(record.get("late", False)),
        )


@lru_cache(maxsize=256)
def schedule_of(rule: str) -> Schedule:
    return Schedule(rule)


def check_id(promise_id: str, day: date) -> str:
    """The id of the one entry a promise can have on a day."""
    return f"c-{promise_id}-{day.isoformat()}"


def program_day(store: Store, now: Now = None) -> date:
    """Today, as the program counts days (the day ends at the hour set in Settings)."""
    moment = now or store.clock.now()
    return program_today(moment, load_settings(store).day_end_hour)


def _label(day: date) -> str:
    return f"{day:%a} {day.isoformat()}"


def _now_text(now: datetime) -> str:
    return now.isoformat(timespec="seconds")


# Promises --------------------------------------------------------------------------------
def _clean_promise_text(text: str) -> str:
    cleaned = clean_line(text or "", limit=MAX_PROMISE_CHARS, what="The promise")
    if not cleaned:
        raise UsageError("A promise needs a few words: what will you do, and when?")
    return cleaned


def _refuse_duplicate(store: Store, text: str, except_id: str | None = None) -> None:
    for record in store.records(PROMISES).values():
        same = record["text"].casefold() == text.casefold()
        if same and not record.get("archived") and record["id"] != except_id:
            raise UsageError(f"You already have the promise '{text}' ({record['id']}).")


def add_promise(
    store: Store,
    text: str,
    schedule: Schedule | str,
    start: date,
    at: str | None = None,
    end: date | None = None,
) -> Promise:
    """Make a new promise, due from `start` (and until `end`, if given)."""
    cleaned = _clean_promise_text(text)
    plan = schedule if isinstance(schedule, Schedule) else Schedule(schedule)
    time_of_day = parse_time_of_day(at) if at else None
    if end is not None and end < start:
        raise UsageError(f"The last day ({end}) is before the first day ({start}).")
    created = _now_text(store.clock.now())
    promise = Promise(new_id("p-"), cleaned, plan, start, end, time_of_day, False, created)
    with store.transaction():
        _refuse_duplicate(store, cleaned)
        # Not journalled: undo is for marks, notes and edits; a new promise is archived.
        store.insert(PROMISES, promise.to_record(), record_id=promise.id)
    return promise


def get_promise(store: Store, promise_id: str) -> Promise:
    record = store.records(PROMISES).get(promise_id)
    if record is None:
        raise PromiseNotFound(f"There is no promise with the id '{promise_id}'.")
    return Promise.from_record(record)


def rename_promise(store: Store, promise_id: str, text: str) -> Promise:
    """New words for a promise; its history stays, as entries refer to it by id."""
    cleaned = _clean_promise_text(text)
    with store.transaction():
        old = get_promise(store, promise_id)
        _refuse_duplicate(store, cleaned, except_id=promise_id)
        store.update(PROMISES, promise_id, {"text": cleaned})
        what = f"renamed '{old.text}' to '{cleaned}'"
        _journal(store, what, [(PROMISES, promise_id, old.to_record())])
    return get_promise(store, promise_id)


def archive_promise(store: Store, promise_id: str, *, now: Now = None) -> Promise:
    """Stop a promise. Its history stays; it ends today if today is logged, else yesterday."""
    with store.transaction():
        old = get_promise(store, promise_id)
        if old.archived:
            raise UsageError(f"'{old.text}' is already archived.")
        today = program_day(store, now)
        logged = store.records(CHECKS).get(check_id(promise_id, today))
        last = today if logged and logged["status"] != "note" else today - timedelta(days=1)
        end = last if old.end is None else min(old.end, last)
        store.update(PROMISES, promise_id, {"archived": True, "end": end.isoformat()})
        _journal(store, f"archived '{old.text}'", [(PROMISES, promise_id, old.to_record())])
    return get_promise(store, promise_id)


def list_promises(store: Store, include_archived: bool = False) -> list[Promise]:
    """Promises by time of day, then words; archived ones last, only when asked for."""
    found = [Promise.from_record(r) for r in store.records(PROMISES).values()]
    found = [p for p in found if include_archived or not p.archived]
    return sorted(found, key=lambda p: (p.archived, p.at or "99:99", p.text.casefold(), p.id))


def _listing(promises: list[Promise]) -> str:
    lines = [f"  {p.id}  {p.text}{'  (archived)' if p.archived else ''}" for p in promises[:20]]
    if len(promises) > 20:
        lines.append(f"  ... and {len(promises) - 20} more")
    return "\n".join(lines)


def find_promise(store: Store, query: str) -> Promise:
    """The promise with this id, or the one whose words start with `query` (any case)."""
    wanted = " ".join((query or "").split())
    if not wanted:
        raise UsageError("Say which promise: its id, or the first words of it.")
    if wanted in store.records(PROMISES):
        return get_promise(store, wanted)
    everything = list_promises(store, include_archived=True)
    folded = wanted.casefold()
    exact = [p for p in everything if p.text.casefold() == folded]
    if len(exact) == 1:
        return exact[0]
    matches = [p for p in everything if p.text.casefold().startswith(folded)]
    active = [p for p in matches if not p.archived]
    matches = active or matches
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise AmbiguousPromise(
            f"'{wanted}' matches {len(matches)} promises; type more of the words or use "
            f"the id:\n{_listing(matches)}",
            matches,
        )
    known = [p for p in everything if not p.archived] or everything
    listing = f"Your promises:\n{_listing(known)}" if known else "There are none yet."
    raise PromiseNotFound(f"No promise matches '{wanted}'. {listing}")


def due_promises(store: Store, day: date) -> list[Promise]:
    """The promises due on `day` (an archived one counts for the days it was still on)."""
    return [p for p in list_promises(store, include_archived=True) if p.due_on(day)]


# The daily record ------------------------------------------------------------------------
def _clean_note(note: str) -> str:
    return clean_text(note or "", limit=MAX_NOTE_CHARS, what="The note").strip()


def _refuse_impossible_day(promise: Promise, day: date, today: date) -> None:
    if day > today:
        later = f"{_label(day)} is after today, {_label(today)}"
        raise UsageError(f"You can't log a day that hasn't happened yet ({later}).")
    if day < promise.start:
        starts = f"'{promise.text}' starts on {_label(promise.start)}"
        raise UsageError(f"{starts}; there is nothing to log on {_label(day)}.")
    if promise.end is not None and day > promise.end:
        raise UsageError(f"'{promise.text}' ended on {_label(promise.end)}.")


def check(
    store: Store, promise_id: str, day: date, status: str, note: str = "", *, now: Now = None
) -> Check:
    """Log a promise kept or broken on `day`, replacing that day's earlier entry.

    A broken promise needs an honest note (what happened, what you will do). A check
    without a note keeps the note already there. Re-logging the same status keeps the
    first log time; `late` is set when the status was logged more than a day after `day`.
    """
    if status not in ("kept", "broken"):
        raise UsageError(f"A promise is logged as kept or broken, not '{status[:20]}'.")
    moment = now or store.clock.now()
    cleaned = _clean_note(note)
    with store.transaction():
        promise = get_promise(store, promise_id)
        today = program_day(store, moment)
        _refuse_impossible_day(promise, day, today)
        if not promise.due_on(day):
            every = promise.schedule.describe()
            raise UsageError(f"'{promise.text}' is not due on {_label(day)} (it is {every}).")
        entry_id = check_id(promise_id, day)
        before = store.get(CHECKS, entry_id)
        final_note = cleaned or (before or {}).get("note", "")
        if status == "broken" and not final_note:
            raise UsageError(BROKEN_NEEDS_NOTE)
        if before is not None and before.get("status") == status:
            logged_at, late = before["logged_at"], bool(before.get("late"))
        else:
            logged_at, late = _now_text(moment), (today - day).days > 1
        record = _entry(promise.id, day, status, final_note, logged_at, late)
        store.put(CHECKS, record["id"], record)
        what = f"marked '{promise.text}' {status} for {_label(day)}"
        _journal(store, what, [(CHECKS, record["id"], before)])
    return Check.from_record(record)


def set_note(
    store: Store, promise_id: str, day: date, note: str, *, now: Now = None
) -> Check | None:
    """Write (or clear, with "") the note on a promise's day, with or without a status."""
    moment = now or store.clock.now()
    cleaned = _clean_note(note)
    with store.transaction():
        promise = get_promise(store, promise_id)
        _refuse_impossible_day(promise, day, program_day(store, moment))
        entry_id = check_id(promise_id, day)
        before = store.get(CHECKS, entry_id)
        status = before["status"] if before else "note"
        if status == "broken" and not cleaned:
            raise UsageError("A broken promise keeps its honest note; change it, don't empty it.")
        logged_at = before["logged_at"] if before else _now_text(moment)
        record = _entry(
            promise_id, day, status, cleaned, logged_at, bool((before or {}).get("late"))
        )
        if status == "note" and not cleaned:
            store.remove(CHECKS, entry_id)
        else:
            store.put(CHECKS, entry_id, record)
        what = "cleared the note" if not cleaned else "wrote a note"
        what = f"{what} on '{promise.text}' for {_label(day)}"
        _journal(store, what, [(CHECKS, entry_id, before)])
    return None if status == "note" and not cleaned else Check.from_record(record)


def _entry(pid: str, day: date, status: str, note: str, logged_at: str, late: bool) -> dict:
    return {
        **{"id": check_id(pid, day), "promise_id": pid, "date": day.isoformat()},
        **{"status": status, "note": note, "logged_at": logged_at, "late": late},
    }


def uncheck(store: Store, promise_id: str, day: date, *, now: Now = None) -> Check | None:
    """Take back a day's kept or broken mark; a note written there stays, as a note."""
    with store.transaction():
        promise = get_promise(store, promise_id)
        _refuse_impossible_day(promise, day, program_day(store, now))
        before = store.get(CHECKS, check_id(promise_id, day))
        if before is None or before["status"] == "note":
            return Check.from_record(before) if before else None
        if before.get("note"):
            kept = {**before, "status": "note", "late": False}
            store.put(CHECKS, before["id"], kept)
        else:
            store.remove(CHECKS, before["id"])
        what = f"took back the {before['status']} mark on '{promise.text}' for {_label(day)}"
        _journal(store, what, [(CHECKS, before["id"], before)])
    return Check.from_record(kept) if before.get("note") else None


def day_entries(store: Store, day: date) -> list[Check]:
    """Every entry (kept, broken, note-only) for `day`, in the promises' order."""
    # One record at a time: a recent day never needs the history file (coach.archive).
    ids = [check_id(p.id, day) for p in list_promises(store, include_archived=True)]
    found = [store.lookup(CHECKS, entry_id) for entry_id in ids]
    return [Check.from_record(record) for record in found if record is not None]


# Undo ------------------------------------------------------------------------------------
def _journal(store: Store, description: str, changes: list[tuple[str, str, Any]]) -> None:
    """Remember how to put back what a change replaced (inside the change's transaction)."""
    journal = store.records(UNDO)
    seq = max((r.get("seq", 0) for r in journal.values()), default=0) + 1
    undo = [
        {"table": table, "record_id": rid, "before": dict(before) if before else None}
        for table, rid, before in changes
    ]
    at = _now_text(store.clock.now())
    record = {"seq": seq, "at": at, "description": description, "changes": undo}
    store.insert(UNDO, record, record_id=f"u-{seq:010d}")
    # Read the table again: the view taken above predates the insert.
    for old_id in sorted(store.records(UNDO))[:-UNDO_KEPT]:
        store.remove(UNDO, old_id)


def undo_last(store: Store) -> str | None:
    """Put back what the most recent change replaced; say what was undone (None: nothing)."""
    with store.transaction():
        journal = store.records(UNDO)
        if not journal:
            return None
        last = max(journal.values(), key=lambda r: r.get("seq", 0))
        for change in reversed(last.get("changes", [])):
            table, rid, before = change["table"], change["record_id"], change["before"]
            store.remove(table, rid) if before is None else store.put(table, rid, before)
        store.remove(UNDO, last["id"])
        return f"Undid: {last['description']}."
