"""The index behind `coach.streaks`: each promise's history as integers used as bit sets.

One bit per day from the promise's start: due, kept, logged. `_Index` builds them from the
store's promises and checks, and brings them up to date with only the checks that changed
when `store.generation` moves (records are compared by identity, in C). See
`coach.streaks` for the rules the bits answer.
"""

from __future__ import annotations

from collections import deque
from datetime import date
from functools import partial
from itertools import compress, repeat
from operator import is_not, itemgetter, le, sub
from typing import Any

from coach.promises import CHECKS, PROMISES, Promise
from coach.store import Store

INCREMENTAL_LIMIT = 500  # more changed checks than this: build the index afresh
_KEY_FIELDS = itemgetter("promise_id", "status")
_DATE_FIELD = itemgetter("date")


class _Index:
    """Every promise and its kept and logged days as bit sets; bit i is day `base + i`."""

    def __init__(self, store: Store) -> None:
        # The records read, by id: the next generation is compared with them by identity
        # (the store replaces a changed record, never edits one in place).
        self.promise_records = dict(store.records(PROMISES))
        # A view, not a copy (half a millisecond and 200 kB for ten years): the store puts
        # a new table in place on every write and never changes one, so it stays as read.
        self.check_records = store.records(CHECKS)
        self.promises = [Promise.from_record(r) for r in self.promise_records.values()]
        self.base = min((p.start.toordinal() for p in self.promises), default=0)
        # Gather each promise's kept and broken days as text first, then turn them into
        # day numbers in bulk: per-record work in Python is what costs time here.
        days: dict[tuple[str, str], list[str]] = {}
        for promise in self.promises:
            days[promise.id, "kept"], days[promise.id, "broken"] = [], []
        records = self.check_records.values()
        try:
            # Each record's day onto its list in one pass in C (map, not a Python loop);
            # days of other promises or statuses go to `elsewhere` and are dropped.
            elsewhere: list[str] = []
            buckets = map(days.get, map(_KEY_FIELDS, records), repeat(elsewhere))
            deque(map(list.append, buckets, map(_DATE_FIELD, records)), maxlen=0)
        except KeyError:  # a hand-edited record; the careful road
            for texts in days.values():
                texts.clear()
            rows = [(r.get("promise_id"), r.get("status"), r.get("date")) for r in records]
            for pid, status, day in rows:
                bucket = days.get((pid, status))
                if bucket is not None:
                    bucket.append(day)
        marks = {key: _mask_of(_offsets(texts, self.base)) for key, texts in days.items()}
        self.kept = {p.id: marks[p.id, "kept"] for p in self.promises}
        self.logged = {p.id: marks[p.id, "kept"] | marks[p.id, "broken"] for p in self.promises}
        self._due: dict[tuple[str, int], int] = {}

    def updated(self, store: Store) -> _Index:
        """This index brought up to date: only the checks that changed are read again."""
        promises = store.records(PROMISES)
        if len(promises) != len(self.promise_records) or any(
            promises.get(rid) is not record for rid, record in self.promise_records.items()
        ):
            return _Index(store)
        new, old = store.records(CHECKS), self.check_records
        changed = list(compress(new, map(is_not, map(old.get, new), new.values())))
        added = sum(1 for rid in changed if rid not in old)
        removed = old.keys() - new.keys() if len(new) != len(old) + added else set()
        if len(changed) + len(removed) > INCREMENTAL_LIMIT:
            return _Index(store)  # an import or another window's many changes
        for rid in (*changed, *removed):
            for record, on in ((old.get(rid), False), (new.get(rid), True)):
                if record is not None:
                    self._mark(record, on)
        self.check_records = new
        return self

    def _mark(self, record: Any, on: bool) -> None:
        pid, status = record.get("promise_id"), record.get("status")
        offset = _ordinal(record.get("date")) - self.base
        if pid not in self.kept or status not in ("kept", "broken") or offset < 0:
            return
        bit = 1 << offset
        if on:
            self.logged[pid] |= bit
            self.kept[pid] |= bit if status == "kept" else 0
        else:
            self.logged[pid] &= ~bit
            self.kept[pid] &= ~bit

    def due(self, promise: Promise, top: int) -> int:
        """The days (offsets 0..top) on which `promise` is due."""
        key = (promise.id, top)
        mask = self._due.get(key)
        if mask is None:
            mask = self._due[key] = _due_mask(promise, self.base, top)
        return mask


def _offsets(texts: list[str], base: int) -> list[int]:
    """Day numbers from `base` of ISO dates; unreadable ones and those before it dropped."""
    try:
        ordinals = list(map(date.toordinal, map(date.fromisoformat, texts)))
    except (TypeError, ValueError):
        ordinals = [_ordinal(text) for text in texts]
    return list(filter(partial(le, 0), map(sub, ordinals, repeat(base))))


def _ordinal(text: object) -> int:
    try:
        return date.fromisoformat(text).toordinal()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return -1


def _mask_of(offsets: list[int]) -> int:
    if not offsets:
        return 0
    width = max(offsets) + 1
    digits = bytearray(b"0" * width)
    # A "1" (49) at each offset, counted from the end (the last character is bit 0).
    deque(map(digits.__setitem__, map(sub, repeat(width - 1), offsets), repeat(49)), maxlen=0)
    return int(digits, 2)


def _repeat(pattern: int, period: int, count: int) -> int:
    """`pattern` (under `period` bits) repeated `count` times, as one integer."""
    return pattern * (((1 << (period * count)) - 1) // ((1 << period) - 1))


def _due_mask(promise: Promise, base: int, top: int) -> int:
    first = promise.start.toordinal() - base
    last = top if promise.end is None else min(top, promise.end.toordinal() - base)
    if last < first or last < 0:
        return 0
    plan = promise.plan
    if plan.interval is not None:
        step = plan.interval
        return _repeat(1, step, (last - first) // step + 1) << first
    window = ((1 << (last + 1)) - 1) ^ ((1 << first) - 1)
    if plan.weekday_set is not None:
        base_weekday = date.fromordinal(base).weekday()
        pattern = sum(1 << ((day - base_weekday) % 7) for day in plan.weekday_set)
        return _repeat(pattern, 7, last // 7 + 1) & window
    days = plan.due_days(promise.start, promise.end, promise.start, date.fromordinal(base + last))
    return _mask_of([day.toordinal() - base for day in days])
