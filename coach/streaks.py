"""Streaks, kept rates and the calendar's day states.

The rules:

1. A day is kept when every promise due that day was kept.
2. A day that has passed with a due promise not logged counts as not kept.
3. Today counts only once everything due today is logged; until then it neither breaks
   nor extends the streak (and today's promises are left out of the kept rates).
4. Days with nothing due are skipped: they neither break nor extend a streak.
5. The current streak is the number of kept days, counting back from today (or
   yesterday, while today is still open), up to the last day that was not kept.
6. A kept rate is the share of due promise-days that were kept over the last 7, 30 or 90
   days (today included once it counts); None when nothing was due.
7. Consistency (0 to 100) is an average of each day's kept share in which older days
   weigh less, halving every 14 days: one slip after months of keeping reads high, and a
   run of slips shows, then fades as days are kept again. None until something was due.

How it is fast: each promise's history becomes a few integers used as bit sets, one bit
per day (due, kept, logged). The day-by-day questions are then whole-integer operations
(and, or, bit counts), done in C. When `store.generation` moves, only the checks that
changed are read again (found by comparing records by identity, in C); results are kept
per generation and day, so a redraw costs a dictionary lookup.
"""

from __future__ import annotations

import enum
import weakref
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import compress
from operator import add
from typing import Any

from coach.promises import Promise
from coach.store import Store
from coach.streak_index import _Index

HALF_LIFE_DAYS = 14.0
CONSISTENCY_HORIZON = 365  # weights beyond this are below 1e-7 of today's
_TO_BITS = bytes.maketrans(b"01", b"\x00\x01")


class DayState(enum.Enum):
    ALL_KEPT = "all kept"
    PARTLY_KEPT = "partly kept"
    BROKEN = "broken"
    NOT_LOGGED = "not logged"
    NOTHING_DUE = "nothing due"
    FUTURE = "future"


@dataclass(frozen=True)
class Stats:
    current_streak: int = 0
    longest_streak: int = 0
    kept_rate_7: float | None = None
    kept_rate_30: float | None = None
    kept_rate_90: float | None = None
    consistency: float | None = None
    today_open: bool = False  # something is due today and not yet logged
    due_total: int = 0  # promise-days due so far (as counted by rule 3)
    kept_total: int = 0


EMPTY_STATS = Stats()


# Memoising -------------------------------------------------------------------------------
class _Memo:
    def __init__(self, generation: int, index: _Index) -> None:
        self.generation = generation
        self.index = index
        self.results: dict[Any, Any] = {}


_MEMOS: weakref.WeakKeyDictionary[Store, _Memo] = weakref.WeakKeyDictionary()


def _memo(store: Store) -> _Memo:
    generation = store.generation
    memo = _MEMOS.get(store)
    if memo is None or memo.generation != generation:
        index = memo.index.updated(store) if memo is not None else _Index(store)
        memo = _MEMOS[store] = _Memo(generation, index)
    elif len(memo.results) > 512:
        memo.results.clear()  # many calendar pages browsed; keep the memo small
    return memo


# Computing -------------------------------------------------------------------------------
def _popcount(mask: int) -> int:
    return mask.bit_count()


def _bits_newest_first(mask: int, width: int) -> bytes:
    """Bits 0..width-1 as bytes of 0 and 1, the highest (newest day) first."""
    return format(mask, f"0{width}b").encode().translate(_TO_BITS)


def _stats(series: list[tuple[int, int, int]], today: int) -> Stats:
    """Stats of (due, kept, logged) bit sets, each limited to days 0..today."""
    if today < 0 or not series:
        return EMPTY_STATS
    today_bit = 1 << today
    any_due = missed = unlogged = 0
    for due, kept, logged in series:
        any_due |= due
        missed |= due & ~kept
        unlogged |= due & ~logged
    today_open = bool(unlogged & today_bit)
    counted = ((today_bit << 1) - 1) ^ (today_bit if today_open else 0)
    days = any_due & counted
    if not days:
        return Stats(today_open=today_open)
    width = today + 1
    # The not-kept flag of each counted day, newest first; runs of 0 are streaks.
    flags = bytes(
        compress(_bits_newest_first(missed & days, width), _bits_newest_first(days, width))
    )
    runs = flags.split(b"\x01")
    rates = [_kept_rate(series, counted, today, span) for span in (7, 30, 90)]
    due_total = sum(_popcount(due & counted) for due, _, _ in series)
    kept_total = sum(_popcount(due & kept & counted) for due, kept, _ in series)
    return Stats(
        current_streak=len(runs[0]),
        longest_streak=max(map(len, runs)),
        kept_rate_7=rates[0],
        kept_rate_30=rates[1],
        kept_rate_90=rates[2],
        consistency=_consistency(series, counted, today),
        today_open=today_open,
        due_total=due_total,
        kept_total=kept_total,
    )


def _window(first: int, last: int) -> int:
    first = max(first, 0)
    return ((1 << (last + 1)) - 1) ^ ((1 << first) - 1) if last >= first else 0


def _share(series: list[tuple[int, int, int]], window: int) -> float | None:
    due_days = kept_days = 0
    for due, kept, _ in series:
        due_days += _popcount(due & window)
        kept_days += _popcount(due & kept & window)
    return kept_days / due_days if due_days else None


def _kept_rate(series: list[tuple[int, int, int]], counted: int, today: int, span: int):
    return _share(series, counted & _window(today - span + 1, today))


_WEIGHTS = [0.5 ** (age / HALF_LIFE_DAYS) for age in range(CONSISTENCY_HORIZON)]


def _consistency(series: list[tuple[int, int, int]], counted: int, today: int) -> float | None:
    width = min(today + 1, CONSISTENCY_HORIZON)
    low = today + 1 - width
    due_counts = [0] * width
    kept_counts = [0] * width
    for due, kept, _ in series:
        due_here = (due & counted) >> low
        due_counts = list(map(add, due_counts, _bits_newest_first(due_here, width)))
        kept_counts = list(
            map(add, kept_counts, _bits_newest_first(due_here & (kept >> low), width))
        )
    total = weight_sum = 0.0
    for weight, due_n, kept_n in zip(_WEIGHTS, due_counts, kept_counts, strict=False):
        if due_n:
            total += weight * kept_n / due_n
            weight_sum += weight
    return round(100.0 * total / weight_sum, 1) if weight_sum else None


def _series(index: _Index, promises: list[Promise], top: int) -> list[tuple[int, int, int]]:
    result = []
    for promise in promises:
        due = index.due(promise, top)
        if due:
            result.append((due, index.kept[promise.id] & due, index.logged[promise.id] & due))
    return result


# The public API --------------------------------------------------------------------------
def overall_stats(store: Store, today: date) -> Stats:
    """Stats of every promise together (a day is kept when all that was due was kept)."""
    memo = _memo(store)
    key = ("overall", today)
    if key not in memo.results:
        index = memo.index
        top = today.toordinal() - index.base
        memo.results[key] = _stats(_series(index, index.promises, top), top)
    return memo.results[key]


def promise_stats(store: Store, promise_id: str, today: date) -> Stats:
    """Stats of one promise; unknown ids give empty stats."""
    memo = _memo(store)
    key = ("promise", promise_id, today)
    if key not in memo.results:
        index = memo.index
        top = today.toordinal() - index.base
        chosen = [p for p in index.promises if p.id == promise_id]
        memo.results[key] = _stats(_series(index, chosen, top), top)
    return memo.results[key]


def weekly_kept_rates(store: Store, today: date, weeks: int = 26) -> list[float | None]:
    """Kept share of each Monday-to-Sunday week, oldest first; this week is the last."""
    memo = _memo(store)
    key = ("weekly", today, weeks)
    if key not in memo.results:
        index = memo.index
        top = today.toordinal() - index.base
        series = _series(index, index.promises, top)
        open_today = any((due & ~logged) >> top & 1 for due, _, logged in series)
        counted = _window(0, top - 1 if open_today else top)
        monday = top - today.weekday()
        memo.results[key] = [
            _share(series, counted & _window(monday - 7 * k, monday - 7 * k + 6))
            for k in range(weeks - 1, -1, -1)
        ]
    return list(memo.results[key])


def day_states(store: Store, first: date, last: date, today: date) -> dict[date, DayState]:
    """The state of each day from `first` to `last` inclusive, for the calendar."""
    memo = _memo(store)
    key = ("days", first, last, today)
    if key not in memo.results:
        memo.results[key] = _day_states(memo.index, first, last, today)
    return dict(memo.results[key])


def _day_states(index: _Index, first: date, last: date, today: date) -> dict[date, DayState]:
    states: dict[date, DayState] = {}
    end = min(last, today)
    lo, hi = first.toordinal() - index.base, end.toordinal() - index.base
    if hi >= lo:
        series = _series(index, index.promises, hi)
        width = hi - max(lo, 0) + 1 if hi >= 0 else 0
        due_n = kept_n = logged_n = [0] * width
        for due, kept, logged in series:
            shift = max(lo, 0)
            due_n = list(map(add, due_n, _bits_newest_first(due >> shift, width)))
            kept_n = list(map(add, kept_n, _bits_newest_first(kept >> shift, width)))
            logged_n = list(map(add, logged_n, _bits_newest_first(logged >> shift, width)))
        day = end
        for i in range(width):
            states[day] = _classify(due_n[i], kept_n[i], logged_n[i])
            day -= timedelta(days=1)
    day = first
    while day <= last:
        if day > today:
            states[day] = DayState.FUTURE
        states.setdefault(day, DayState.NOTHING_DUE)
        day += timedelta(days=1)
    return dict(sorted(states.items()))


def _classify(due: int, kept: int, logged: int) -> DayState:
    if not due:
        return DayState.NOTHING_DUE
    if kept == due:
        return DayState.ALL_KEPT
    if kept:
        return DayState.PARTLY_KEPT
    return DayState.BROKEN if logged else DayState.NOT_LOGGED
