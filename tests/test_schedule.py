"""Schedules: the rules the app makes, the words it shows, and due days matching RFC 5545."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.errors import UsageError
from coach.schedule import Schedule, parse_every

START = date(2026, 11, 3)  # a Tuesday


def test_constructors_make_the_documented_rules():
    assert Schedule.daily() == "FREQ=DAILY"
    assert Schedule.weekdays() == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    assert Schedule.on_days([4, 0, 2]) == "FREQ=WEEKLY;BYDAY=MO,WE,FR"
    assert Schedule.weekly(6) == "FREQ=WEEKLY;BYDAY=SU"
    assert Schedule.every_n_days(3) == "FREQ=DAILY;INTERVAL=3"


def test_a_schedule_is_its_rule_string():
    schedule = Schedule("rrule: freq=daily; interval=2")
    assert isinstance(schedule, str)
    assert schedule == "FREQ=DAILY;INTERVAL=2"
    assert schedule.rule == "FREQ=DAILY;INTERVAL=2"
    assert type(schedule.rule) is str


@pytest.mark.parametrize(
    ("schedule", "words"),
    [
        (Schedule.daily(), "every day"),
        (Schedule.weekdays(), "weekdays"),
        (Schedule.on_days([0, 2, 4]), "Mon, Wed, Fri"),
        (Schedule.every_n_days(3), "every 3 days"),
        (Schedule.weekly(6), "weekly on Sunday"),
        (Schedule.on_days([5, 6]), "weekends"),
        (Schedule.on_days(range(7)), "every day"),
        (Schedule("FREQ=MONTHLY;BYMONTHDAY=1"), "custom (FREQ=MONTHLY;BYMONTHDAY=1)"),
    ],
)
def test_describe(schedule, words):
    assert schedule.describe() == words


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("daily", "FREQ=DAILY"),
        ("weekdays", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("weekly", "FREQ=WEEKLY;BYDAY=TU"),  # START is a Tuesday
        ("mo,we,fr", "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("Fri, mon", "FREQ=WEEKLY;BYDAY=MO,FR"),
        ("sat,sun", "FREQ=WEEKLY;BYDAY=SA,SU"),
        ("every:3", "FREQ=DAILY;INTERVAL=3"),
        ("every:1", "FREQ=DAILY"),
        ("day", "FREQ=DAILY"),
        ("week", "FREQ=WEEKLY;BYDAY=TU"),
        ("3 days", "FREQ=DAILY;INTERVAL=3"),
        ("every 4 days", "FREQ=DAILY;INTERVAL=4"),
    ],
)
def test_parse_every_forms(text, rule):
    assert parse_every(text, START) == rule


@pytest.mark.parametrize("text", ["fortnightly", "", "mo,xx", "every:", "every:two", "every:0"])
def test_parse_every_refuses_with_a_message_that_says_what_to_type(text):
    with pytest.raises(UsageError) as refused:
        parse_every(text, START)
    message = refused.value.message
    assert "every" in message.lower() or "number" in message.lower()


@pytest.mark.parametrize(
    "rule",
    ["garbage", "FREQ=HOURLY", "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;;X", "FREQ=YEARLY;BYMONTH=13"],
)
def test_invalid_rules_are_refused(rule):
    with pytest.raises(UsageError):
        Schedule(rule)


def test_every_n_days_counts_from_the_start_day():
    every3 = Schedule.every_n_days(3)
    days = every3.due_days(START, None, START - timedelta(days=5), START + timedelta(days=9))
    assert days == [START + timedelta(days=n) for n in (0, 3, 6, 9)]
    assert every3.due_on(START + timedelta(days=6), START)
    assert not every3.due_on(START + timedelta(days=7), START)


def test_nothing_is_due_before_the_start_or_after_the_end():
    end = START + timedelta(days=2)
    daily = Schedule.daily()
    assert not daily.due_on(START - timedelta(days=1), START)
    assert not daily.due_on(end + timedelta(days=1), START, end)
    assert daily.due_days(START, end, START - timedelta(days=9), end + timedelta(days=9)) == [
        START,
        START + timedelta(days=1),
        end,
    ]


def test_rules_outside_the_fast_paths_use_dateutil():
    monthly = Schedule("FREQ=MONTHLY;BYMONTHDAY=1")
    assert monthly.due_days(date(2026, 1, 15), None, date(2026, 1, 1), date(2026, 4, 30)) == [
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 4, 1),
    ]
    assert monthly.due_on(date(2026, 3, 1), date(2026, 1, 15))
    assert not monthly.due_on(date(2026, 3, 2), date(2026, 1, 15))


def _dateutil_days(rule: str, start: date, lo: date, hi: date) -> list[date]:
    recurrence = rrulestr(rule, dtstart=datetime.combine(start, datetime.min.time()))
    moments = recurrence.between(
        datetime.combine(lo, datetime.min.time()),
        datetime.combine(hi, datetime.min.time()),
        inc=True,
    )
    return [m.date() for m in moments]


fast_rules = st.one_of(
    st.integers(1, 12).map(Schedule.every_n_days),
    st.sets(st.integers(0, 6), min_size=1).map(Schedule.on_days),
)


@settings(max_examples=300, deadline=None)
@given(
    rule=fast_rules,
    start=st.dates(date(2024, 1, 1), date(2027, 12, 31)),
    offset=st.integers(-40, 40),
    length=st.integers(0, 120),
    end_after=st.one_of(st.none(), st.integers(0, 90)),
)
def test_due_days_match_rfc5545_and_a_day_by_day_count(rule, start, offset, length, end_after):
    lo = start + timedelta(days=offset)
    hi = lo + timedelta(days=length)
    end = None if end_after is None else start + timedelta(days=end_after)
    fast = rule.due_days(start, end, lo, hi)
    one_by_one = [
        lo + timedelta(days=i)
        for i in range(length + 1)
        if rule.due_on(lo + timedelta(days=i), start, end)
    ]
    from_rfc = [
        d for d in _dateutil_days(rule, start, max(lo, start), hi) if end is None or d <= end
    ]
    assert fast == one_by_one == from_rfc


def test_a_year_of_due_days_takes_well_under_a_millisecond():
    rules = [Schedule.daily(), Schedule.weekdays(), Schedule.every_n_days(3)]
    best = min(
        _timed(lambda r=rule: r.due_days(START, None, START, START + timedelta(days=365)))
        for rule in rules
        for _ in range(20)
    )
    assert best < 0.001


def _timed(work) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began
