"""The weekly check-in: thirty minutes, two questions, and what each will do this week.

The day and time come from the "Our new normal" worksheet and are kept as an RFC 5545
rule. A scheduled week counts as done when a finished check-in is nearest to that week's
day; a past scheduled day with none is a missed check-in.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from coach.dates import parse_time_of_day
from coach.errors import UsageError
from coach.store import Store, new_id
from coach.textsafe import clean_text

SCHEDULE_TABLE = "schedule"
SCHEDULE_ID = "checkin"
TABLE = "checkins"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
SESSION_SECONDS = 30 * 60
QUESTIONS = (
    ("how_are_we", "How are we doing?"),
    ("felt_off", "Is there anything from this week that felt off, that we need to talk about?"),
)
TEXT_FIELDS = ("how_are_we", "felt_off", "my_step", "their_step")
NEW_NORMAL = "new-normal"


@dataclass(frozen=True)
class CheckinSchedule:
    weekday: int  # 0 = Monday
    time: str  # HH:MM
    since: date

    @property
    def rule(self) -> str:
        hour, minute = self.time.split(":")
        day = RRULE_DAYS[self.weekday]
        return f"FREQ=WEEKLY;BYDAY={day};BYHOUR={int(hour)};BYMINUTE={int(minute)}"

    def describe(self) -> str:
        return f"{WEEKDAYS[self.weekday]}s at {self.time}"

    def occurrences(self, first: date, last: date) -> list[date]:
        """The scheduled days from `first` to `last` inclusive, never before `since`."""
        start = max(first, self.since)
        start += timedelta(days=(self.weekday - start.weekday()) % 7)
        days = []
        while start <= last:
            days.append(start)
            start += timedelta(days=7)
        return days


@dataclass(frozen=True)
class Checkin:
    id: str
    day: date
    started_at: str
    finished_at: str | None
    elapsed_seconds: int
    answers: dict[str, str] = field(default_factory=dict)
    agenda: tuple[str, ...] = ()

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


@dataclass(frozen=True)
class CheckinStatus:
    schedule: CheckinSchedule | None
    next_day: date | None
    due_today: bool  # due today, or overdue by up to three days
    done_this_week: bool
    missed: tuple[date, ...]


# The schedule ---------------------------------------------------------------------------
def set_schedule(store: Store, weekday: str | int, time: str, since: date) -> CheckinSchedule:
    """Keep the check-in's day and time; a weekday is a name ("Sunday") or 0-6."""
    if isinstance(weekday, str):
        names = [w.casefold() for w in WEEKDAYS]
        if weekday.strip().casefold() not in names:
            raise UsageError(f"'{weekday[:20]}' is not a day of the week. Use Monday ... Sunday.")
        weekday = names.index(weekday.strip().casefold())
    schedule = CheckinSchedule(
        int(weekday), parse_time_of_day(time, what="The check-in time"), since
    )
    store.put(
        SCHEDULE_TABLE,
        SCHEDULE_ID,
        {
            "weekday": schedule.weekday,
            "time": schedule.time,
            "rule": schedule.rule,
            "since": since.isoformat(),
        },
    )
    return schedule


def get_schedule(store: Store) -> CheckinSchedule | None:
    record = store.records(SCHEDULE_TABLE).get(SCHEDULE_ID)
    if not record:
        return None
    try:
        return CheckinSchedule(
            int(record["weekday"]), str(record["time"]), date.fromisoformat(str(record["since"]))
        )
    except (KeyError, ValueError, TypeError):
        return None


def schedule_from_worksheet(store: Store, today: date) -> CheckinSchedule | None:
    """Adopt the day and time written in "Our new normal" if they differ from the schedule."""
    from coach.worksheets import load_answers

    answers = load_answers(store, NEW_NORMAL)
    day, time = answers.get("checkin_day"), answers.get("checkin_time")
    current = get_schedule(store)
    if not isinstance(day, str) or not isinstance(time, str) or not day or not time:
        return current
    try:
        wanted = (WEEKDAYS.index(day), parse_time_of_day(time))
    except (ValueError, UsageError):
        return current
    if current is not None and (current.weekday, current.time) == wanted:
        return current
    return set_schedule(store, wanted[0], wanted[1], since=today)


# Sessions -------------------------------------------------------------------------------
def _checkin(record: dict) -> Checkin:
    answers = record.get("answers") or {}
    return Checkin(
        id=str(record["id"]),
        day=date.fromisoformat(str(record["day"])),
        started_at=str(record.get("started_at", "")),
        finished_at=record.get("finished_at"),
        elapsed_seconds=int(record.get("elapsed_seconds", 0)),
        answers={k: str(answers.get(k, "")) for k in TEXT_FIELDS},
        agenda=tuple(str(line) for line in record.get("agenda", ())),
    )


def start_checkin(store: Store, day: date, now: datetime, agenda: list[str]) -> Checkin:
    """Begin a session (or return today's unfinished one, so nothing is started twice)."""
    for checkin in list_checkins(store):
        if checkin.day == day and not checkin.finished:
            return checkin
    record = {
        "day": day.isoformat(),
        "started_at": now.isoformat(timespec="seconds"),
        "finished_at": None,
        "elapsed_seconds": 0,
        "answers": {},
        "agenda": list(agenda),
    }
    # The day ends the id, as a check-off's does: old check-ins move to the history file
    # by their id alone (see coach.archive).
    checkin_id = store.insert(TABLE, record, record_id=f"{new_id('c')}-{day.isoformat()}")
    return _checkin({**record, "id": checkin_id})


def save_checkin(
    store: Store,
    checkin_id: str,
    answers: dict[str, str],
    elapsed_seconds: int,
    day: date | None = None,
) -> None:
    """Autosave a session's notes and its timer.

    If the record has gone (a backup put back while the session was open), it is written
    again from what the session holds, so the words on screen are never refused.
    """
    cleaned = {k: clean_text(str(answers.get(k, "")), what="This note") for k in TEXT_FIELDS}
    with store.transaction():
        record = store.get(TABLE, checkin_id)
        if record is None:
            record = {
                "day": (day or date.today()).isoformat(),
                "started_at": "",
                "finished_at": None,
                "agenda": [],
            }
        record.update(answers=cleaned, elapsed_seconds=max(0, int(elapsed_seconds)))
        store.put(TABLE, checkin_id, record)


def finish_checkin(
    store: Store,
    checkin_id: str,
    answers: dict[str, str],
    elapsed_seconds: int,
    now: datetime,
    day: date | None = None,
) -> Checkin:
    with store.transaction():
        save_checkin(store, checkin_id, answers, elapsed_seconds, day)
        store.update(TABLE, checkin_id, {"finished_at": now.isoformat(timespec="seconds")})
    return _checkin(store.get(TABLE, checkin_id) or {})


def list_checkins(store: Store) -> list[Checkin]:
    """Every session, newest first."""
    found = []
    for record in store.records(TABLE).values():
        try:
            found.append(_checkin(dict(record)))
        except (KeyError, ValueError, TypeError):
            continue
    return sorted(found, key=lambda c: (c.day, c.started_at), reverse=True)


# Where the week stands -------------------------------------------------------------------
def checkin_status(store: Store, today: date) -> CheckinStatus:
    """When the next check-in is, whether this week's is done, and which were missed."""
    schedule = get_schedule(store)
    if schedule is None:
        return CheckinStatus(None, None, False, False, ())
    done_days = sorted(c.day for c in list_checkins(store) if c.finished)
    past = schedule.occurrences(schedule.since, today + timedelta(days=7))

    def met(occurrence: date) -> bool:
        # A check-in counts for the scheduled day it is nearest to (within three days).
        # The nearest held days are either side of where the occurrence sorts among them:
        # a search, not a scan, so ten years of weeks stay quick.
        at = bisect_left(done_days, occurrence)
        return any(abs((d - occurrence).days) <= 3 for d in done_days[max(0, at - 1) : at + 1])

    # Three days' grace: a check-in held a little late still counts for its week.
    missed = tuple(d for d in past if (today - d).days > 3 and not met(d))
    open_days = [d for d in past if (today - d).days <= 3 and not met(d)]
    nearest = min(past, key=lambda d: abs((d - today).days), default=None)
    done_this_week = nearest is not None and met(nearest)
    next_day = open_days[0] if open_days else None
    due = next_day is not None and next_day <= today
    return CheckinStatus(schedule, next_day, due, done_this_week, missed)
