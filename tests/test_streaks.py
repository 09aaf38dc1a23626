"""Streaks, kept rates, consistency and day states: the written rules, and a brute-force twin."""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach import promises as core
from coach import streaks
from coach.clock import FixedClock
from coach.schedule import Schedule, parse_every
from coach.store import Store
from coach.streaks import DayState, day_states, overall_stats, promise_stats, weekly_kept_rates

TODAY = date(2026, 11, 24)  # a Tuesday
NOW = datetime(2026, 11, 24, 21, 0).astimezone()


def new_store() -> Store:
    return Store.in_memory(FixedClock(NOW))


def add(store: Store, every: str = "daily", start: date = TODAY - timedelta(days=20), **kw):
    text = kw.pop("text", f"Promise {len(store.records(core.PROMISES)) + 1}")
    return core.add_promise(store, text, parse_every(every, start), start, **kw)


def log(store: Store, promise_id: str, days: list[date], status: str = "kept") -> None:
    with store.transaction():
        for day in days:
            core.check(store, promise_id, day, status, "honest note" if status == "broken" else "")


def days_back(n: int, until: date = TODAY) -> list[date]:
    """The `n` days ending with `until`, oldest first."""
    return [until - timedelta(days=i) for i in range(n - 1, -1, -1)]


# The rules, one by one -------------------------------------------------------------------
def test_kept_days_make_a_streak_and_today_counts_once_logged():
    store = new_store()
    promise = add(store)
    log(store, promise.id, days_back(5, TODAY - timedelta(days=1)))
    stats = overall_stats(store, TODAY)
    assert (stats.current_streak, stats.today_open) == (5, True)  # today neither breaks nor adds
    log(store, promise.id, [TODAY])
    stats = overall_stats(store, TODAY)
    assert (stats.current_streak, stats.longest_streak, stats.today_open) == (6, 6, False)


def test_a_broken_day_ends_the_streak_and_today_broken_counts():
    store = new_store()
    promise = add(store)
    log(store, promise.id, days_back(4, TODAY - timedelta(days=1)))
    log(store, promise.id, [TODAY], "broken")
    stats = overall_stats(store, TODAY)
    assert (stats.current_streak, stats.longest_streak) == (0, 4)


def test_a_past_day_with_nothing_logged_counts_as_not_kept():
    store = new_store()
    promise = add(store, start=TODAY - timedelta(days=6))
    gap = TODAY - timedelta(days=3)
    log(store, promise.id, [d for d in days_back(7) if d != gap])
    stats = overall_stats(store, TODAY)
    assert (stats.current_streak, stats.longest_streak) == (3, 3)
    assert day_states(store, gap, gap, TODAY)[gap] is DayState.NOT_LOGGED


def test_a_day_is_kept_only_when_every_promise_due_was_kept():
    store = new_store()
    walk, call = add(store, text="Walk"), add(store, text="Call")
    yesterday = TODAY - timedelta(days=1)
    log(store, walk.id, [yesterday, TODAY])
    log(store, call.id, [TODAY])
    assert overall_stats(store, TODAY).current_streak == 1
    assert promise_stats(store, walk.id, TODAY).current_streak == 2
    states = day_states(store, yesterday, TODAY, TODAY)
    assert states == {yesterday: DayState.PARTLY_KEPT, TODAY: DayState.ALL_KEPT}


def test_days_with_nothing_due_neither_break_nor_extend():
    store = new_store()
    promise = add(store, "mo,we,fr", start=date(2026, 11, 2))
    due = [d for d in days_back(23) if d.weekday() in (0, 2, 4)]
    log(store, promise.id, due)
    stats = overall_stats(store, TODAY)  # Tuesday: nothing due today
    assert (stats.current_streak, stats.today_open) == (len(due), False)
    sunday = date(2026, 11, 22)
    assert day_states(store, sunday, sunday, TODAY)[sunday] is DayState.NOTHING_DUE


def test_every_day_state():
    store = new_store()
    walk, call = add(store, text="Walk"), add(store, text="Call")
    d = {n: TODAY - timedelta(days=n) for n in range(5)}
    log(store, walk.id, [d[4], d[3]])
    log(store, call.id, [d[4]])
    log(store, call.id, [d[3], d[2]], "broken")
    states = day_states(store, d[4], TODAY + timedelta(days=2), TODAY)
    assert states[d[4]] is DayState.ALL_KEPT
    assert states[d[3]] is DayState.PARTLY_KEPT
    assert states[d[2]] is DayState.BROKEN
    assert states[d[1]] is DayState.NOT_LOGGED
    assert states[TODAY + timedelta(days=1)] is DayState.FUTURE
    assert day_states(store, date(2020, 1, 1), date(2020, 1, 1), TODAY) == {
        date(2020, 1, 1): DayState.NOTHING_DUE
    }


def test_rates_and_consistency_are_none_until_something_is_due():
    store = new_store()
    add(store, start=TODAY + timedelta(days=3))
    stats = overall_stats(store, TODAY)
    assert (stats.kept_rate_7, stats.kept_rate_30, stats.kept_rate_90) == (None, None, None)
    assert stats.consistency is None and stats.current_streak == 0
    assert weekly_kept_rates(store, TODAY, weeks=4) == [None] * 4


def test_kept_rates_are_the_share_of_due_promise_days_kept():
    store = new_store()
    walk = add(store, text="Walk", start=TODAY - timedelta(days=40))
    call = add(store, text="Call", start=TODAY - timedelta(days=40))
    log(store, walk.id, days_back(41))
    log(store, call.id, days_back(3))
    stats = overall_stats(store, TODAY)
    assert stats.kept_rate_7 == pytest.approx((7 + 3) / 14)
    assert stats.kept_rate_30 == pytest.approx((30 + 3) / 60)
    assert stats.kept_rate_90 == pytest.approx((41 + 3) / 82)


def test_one_slip_after_months_reads_high_and_a_run_of_slips_shows():
    store = new_store()
    promise = add(store, start=TODAY - timedelta(days=120))
    log(store, promise.id, [d for d in days_back(121) if d != TODAY - timedelta(days=1)])
    log(store, promise.id, [TODAY - timedelta(days=1)], "broken")
    slip = overall_stats(store, TODAY).consistency
    assert slip is not None and 90 < slip < 100
    log(store, promise.id, days_back(10), "broken")
    run = overall_stats(store, TODAY).consistency
    assert run is not None and run < 65  # ten bad days of 120 weigh about 40%


def test_weekly_rates_end_with_this_week():
    store = new_store()
    promise = add(store, start=date(2026, 11, 9))  # a Monday, two weeks before TODAY's week
    log(store, promise.id, [date(2026, 11, 9) + timedelta(days=n) for n in range(7)])
    log(store, promise.id, [date(2026, 11, 23)])  # Monday of this week; Tuesday open
    assert weekly_kept_rates(store, TODAY, weeks=4) == [None, 1.0, 0.0, 1.0]


def test_results_follow_the_store_as_it_changes():
    store = new_store()
    promise = add(store)
    before = overall_stats(store, TODAY)
    log(store, promise.id, [TODAY])
    after = overall_stats(store, TODAY)
    assert (before.current_streak, after.current_streak) == (0, 1)
    core.undo_last(store)
    assert overall_stats(store, TODAY).current_streak == 0


def test_unknown_promise_has_empty_stats():
    assert promise_stats(new_store(), "p-none", TODAY) == streaks.EMPTY_STATS


def test_the_rules_are_written_where_the_readme_can_quote_them():
    doc = streaks.__doc__ or ""
    assert "A day is kept when every promise due that day was kept" in doc
    assert "counts as not kept" in doc
    assert "Today counts only once everything due today is logged" in doc


# A brute-force twin, day by day ----------------------------------------------------------
def rfc_days(promise: core.Promise, last: date) -> set[date]:
    end = min(last, promise.end) if promise.end else last
    if end < promise.start:
        return set()
    rule = rrulestr(
        str(promise.schedule), dtstart=datetime.combine(promise.start, datetime.min.time())
    )
    return {
        m.date()
        for m in rule.between(rule._dtstart, datetime.combine(end, datetime.min.time()), inc=True)
    }


def brute_force(store: Store, chosen: list[core.Promise], today: date) -> dict:
    entries = {
        (r["promise_id"], r["date"]): r["status"] for r in store.records(core.CHECKS).values()
    }
    due_days = {p.id: rfc_days(p, today) for p in chosen}

    def due(day: date) -> list[core.Promise]:
        return [p for p in chosen if day in due_days[p.id]]

    def status(p: core.Promise, day: date) -> str | None:
        return entries.get((p.id, day.isoformat()))

    first = min((p.start for p in chosen), default=today)
    today_open = any(status(p, today) not in ("kept", "broken") for p in due(today))
    counted = [first + timedelta(days=i) for i in range((today - first).days + 1)]
    counted = [d for d in counted if due(d) and not (d == today and today_open)]
    kept = [all(status(p, d) == "kept" for p in due(d)) for d in counted]
    current = 0
    for flag in reversed(kept):
        if not flag:
            break
        current += 1
    longest = run = 0
    for flag in kept:
        run = run + 1 if flag else 0
        longest = max(longest, run)

    def rate(span: int) -> float | None:
        window = [d for d in counted if (today - d).days < span]
        total = sum(len(due(d)) for d in window)
        good = sum(status(p, d) == "kept" for d in window for p in due(d))
        return good / total if total else None

    weights = [(0.5 ** ((today - d).days / 14), d) for d in counted if (today - d).days < 365]
    weight = sum(w for w, _ in weights)
    shares = sum(w * sum(status(p, d) == "kept" for p in due(d)) / len(due(d)) for w, d in weights)
    return {
        "current_streak": current,
        "longest_streak": longest,
        "kept_rate_7": rate(7),
        "kept_rate_30": rate(30),
        "kept_rate_90": rate(90),
        "consistency": round(100 * shares / weight, 1) if weight else None,
        "today_open": today_open,
    }


def brute_state(store: Store, chosen: list[core.Promise], day: date, today: date) -> DayState:
    if day > today:
        return DayState.FUTURE
    due = [p for p in chosen if day in rfc_days(p, today)]
    statuses = [
        store.records(core.CHECKS).get(core.check_id(p.id, day), {}).get("status") for p in due
    ]
    if not due:
        return DayState.NOTHING_DUE
    kept = statuses.count("kept")
    if kept == len(due):
        return DayState.ALL_KEPT
    if kept:
        return DayState.PARTLY_KEPT
    return DayState.BROKEN if "broken" in statuses else DayState.NOT_LOGGED


RULES = st.sampled_from(
    ["daily", "weekdays", "mo,we,fr", "sun", "every:2", "every:5", "weekly", "weekends", "monthly"]
)


@st.composite
def histories(draw):
    store = new_store()
    promises = []
    with store.transaction():
        for n in range(draw(st.integers(1, 3))):
            start = TODAY - timedelta(days=draw(st.integers(-3, 70)))
            end = draw(
                st.one_of(
                    st.none(), st.integers(0, 80).map(lambda k, s=start: s + timedelta(days=k))
                )
            )
            every = draw(RULES)
            schedule = parse_every(every, start) if every != "monthly" else Schedule("FREQ=MONTHLY")
            promise = core.add_promise(store, f"Promise {n}", schedule, start, end=end)
            promises.append(promise)
            for day in promise.schedule.due_days(start, end, start, TODAY):
                choice = draw(st.sampled_from(["kept", "kept", "kept", "broken", "none", "note"]))
                if choice in ("kept", "broken"):
                    core.check(store, promise.id, day, choice, "note" * (choice == "broken"))
                elif choice == "note":
                    core.set_note(store, promise.id, day, "just a note")
    return store, promises


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=histories())
def test_stats_match_a_day_by_day_count(history):
    store, promises = history
    for chosen, stats in [(promises, overall_stats(store, TODAY))] + [
        ([p], promise_stats(store, p.id, TODAY)) for p in promises
    ]:
        expected = brute_force(store, chosen, TODAY)
        got = {key: getattr(stats, key) for key in expected}
        for key in ("kept_rate_7", "kept_rate_30", "kept_rate_90", "consistency"):
            if expected[key] is not None and got[key] is not None:
                assert got[key] == pytest.approx(expected[key], abs=0.051), key
                got[key] = expected[key]
        assert got == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=histories())
def test_day_states_match_a_day_by_day_count(history):
    store, promises = history
    first, last = TODAY - timedelta(days=75), TODAY + timedelta(days=3)
    states = day_states(store, first, last, TODAY)
    assert list(states) == [first + timedelta(days=i) for i in range((last - first).days + 1)]
    for day, state in states.items():
        assert state is brute_state(store, promises, day, TODAY), day


# Memoising (the time it takes is measured in benchmarks/bench_promises.py) -----------------
def test_ten_years_of_stats_are_memoised_until_the_store_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    from make_history import make_history

    store = new_store()
    make_history(store, 10, seed=3, today=TODAY)
    promises = core.list_promises(store)
    counted: list[int] = []
    real = streaks._stats
    monkeypatch.setattr(streaks, "_stats", lambda *args: counted.append(1) or real(*args))

    def everything() -> list:
        return [overall_stats(store, TODAY)] + [promise_stats(store, p.id, TODAY) for p in promises]

    first = everything()
    assert len(counted) == len(promises) + 1
    assert everything() == first and len(counted) == len(promises) + 1  # nothing recomputed
    at = next(
        i
        for i, p in enumerate(promises)
        if p.due_on(TODAY) and store.get(core.CHECKS, core.check_id(p.id, TODAY)) is None
    )
    assert first[at + 1].today_open
    core.check(store, promises[at].id, TODAY, "kept")
    after = everything()
    assert len(counted) == 2 * (len(promises) + 1)  # the change is seen
    assert not after[at + 1].today_open


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["kept", "broken", "note", "uncheck", "clear", "undo", "rename"]),
        st.integers(0, 1),
        st.integers(0, 20),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(operations=OPERATIONS)
def test_the_index_kept_up_to_date_matches_one_built_afresh(operations):
    store = new_store()
    promises = [add(store, text="Walk"), add(store, text="Call", every="every:2")]
    overall_stats(store, TODAY)  # build the first index, then only update it
    for action, which, back in operations:
        promise, day = promises[which], TODAY - timedelta(days=back)
        try:
            if action in ("kept", "broken"):
                core.check(store, promise.id, day, action, "a note")
            elif action == "note":
                core.set_note(store, promise.id, day, "just a note")
            elif action == "uncheck":
                core.uncheck(store, promise.id, day)
            elif action == "clear":
                core.set_note(store, promise.id, day, "")
            elif action == "undo":
                core.undo_last(store)
            else:
                core.rename_promise(store, promise.id, f"Renamed {back}")
        except core.CoachError:
            continue  # not due that day, or a broken note emptied: refused, nothing changed
        kept_up = streaks._memo(store).index
        afresh = streaks._Index(store)
        assert (kept_up.kept, kept_up.logged) == (afresh.kept, afresh.logged)
        assert overall_stats(store, TODAY) == streaks._stats(
            streaks._series(afresh, afresh.promises, (TODAY - date.fromordinal(afresh.base)).days),
            (TODAY - date.fromordinal(afresh.base)).days,
        )
