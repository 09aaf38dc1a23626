"""Past check-offs and check-ins in a second file, so everyday commands read and write only
recent ones.

Ten years of daily check-offs and weekly check-ins make a store of a few megabytes, and
every change used to read and rewrite all of it. Once the store holds ARCHIVE_AT such
records older than KEEP_DAYS days, they move to a history file beside it
(`store.json.history-<random>`), and store.json keeps the rest and a reference to that
file in its meta record: `{"file": name, "before": "YYYY-MM-DD"}`.

The rules that keep this safe:
- A history file is written once, under a new name, and never changed. Store.json names
  the one that belongs to it, so a single rename of store.json still commits any change,
  and a copy of a history file read once stays right for as long as it is named.
- Where a record lives follows from its id alone: the id of a check-off or a check-in
  ends with its day, and days before `before` live in the history file, the rest in
  store.json. So a record is never in both, and a command that logs today need not
  open the history.
- Changing a record that lives in the history folds the history back into store.json
  first (that write is then a whole-store one, as before); the next start moves it out
  again. Backups, kept copies and exports always hold everything in one file.

Nothing here reads or writes files: the store does, with these rules.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from coach.migrations import META_ID, META_TABLE

ARCHIVED_TABLES = ("checks", "checkins")  # the check-offs, the weekly check-ins
REFERENCE_FIELD = "history"
# Old records in store.json before they move: about a month of five daily promises. Each
# move rewrites the history file (2 MB for ten years, 15 ms), on a day's first change,
# when that day's backup has just written the whole store anyway.
ARCHIVE_AT = 150
KEEP_DAYS = 92  # the last three months always stay in store.json
NAME_MARK = ".history-"
_HEX = frozenset("0123456789abcdef")

Tables = dict[str, Any]


def history_name(store_name: str) -> str:
    """A new, unused-looking name for a history file of the store called `store_name`."""
    return f"{store_name}{NAME_MARK}{os.urandom(8).hex()}"


def is_history_name(name: str, store_name: str) -> bool:
    """Whether `name` is what `history_name` makes for this store (nothing else is)."""
    return name.startswith(store_name + NAME_MARK) and _well_formed(name)


# Plain string checks rather than patterns: every `coach check` reads the reference, and
# compiling the patterns cost more than the checks themselves.
def _well_formed(name: str) -> bool:
    """A history file's name: no folder in it, and 16 lower-case hex digits after the mark."""
    head, mark, tail = name.rpartition(NAME_MARK)
    if not mark or not head or "/" in head or "\\" in head:
        return False
    return len(tail) == 16 and _HEX.issuperset(tail)


def _iso_shaped(text: str) -> bool:
    """Whether `text` has the shape YYYY-MM-DD (digits and dashes; not checked as a date)."""
    digits = text[:4] + text[5:7] + text[8:]
    return len(text) == 10 and text[4] == text[7] == "-" and digits.isdecimal()


def day_of(record_id: str) -> str | None:
    """The day an id ends with, or None: "c-<promise>-YYYY-MM-DD" for a check-off,
    "c<random>-YYYY-MM-DD" for a check-in."""
    day = record_id[-10:]
    return day if record_id[-11:-10] == "-" and _iso_shaped(day) else None


def reference(data: Mapping[str, Any]) -> dict[str, str] | None:
    """The history file `data` names and the day its records end before, or None.

    A reference that is not well formed counts as none: the file name must be one this
    module makes (never a path), and `before` an ISO day.
    """
    meta = data.get(META_TABLE)
    record = meta.get(META_ID) if isinstance(meta, Mapping) else None
    ref = record.get(REFERENCE_FIELD) if isinstance(record, Mapping) else None
    if not isinstance(ref, Mapping):
        return None
    name, before = ref.get("file"), ref.get("before")
    if not isinstance(name, str) or not isinstance(before, str) or not _well_formed(name):
        return None
    return {"file": name, "before": before} if _iso_shaped(before) else None


def with_reference(data: Tables, ref: Mapping[str, str] | None) -> Tables:
    """`data` naming the history file `ref` (None: none); new meta dicts, same tables."""
    meta = data.get(META_TABLE)
    record = meta.get(META_ID) if isinstance(meta, dict) else None
    if not isinstance(meta, dict) or not isinstance(record, dict):
        return data
    record = {k: v for k, v in record.items() if k != REFERENCE_FIELD}
    if ref is not None:
        record[REFERENCE_FIELD] = dict(ref)
    return {**data, META_TABLE: {**meta, META_ID: record}}


def in_history(table: str, record_id: str, before: str | None) -> bool:
    """Whether the record `record_id` of `table` belongs in the history file."""
    if before is None or table not in ARCHIVED_TABLES:
        return False
    # Most records are recent: the string comparison settles them before any pattern.
    return record_id[-10:] < before and day_of(record_id) is not None


def cutoff(today: date) -> str:
    """The first day that stays in store.json when archiving on `today`."""
    return (today - timedelta(days=KEEP_DAYS)).isoformat()


def count_due(head: Mapping[str, Any], before: str) -> int:
    """How many records of store.json would move to the history with this `before`."""
    return sum(
        1
        for table in ARCHIVED_TABLES
        for record_id in head.get(table, {})
        if in_history(table, record_id, before)
    )


def split(whole: Tables, before: str) -> tuple[Tables, Tables]:
    """The whole store `whole` as (store.json's tables, the history file's tables), the
    records `before` puts in the history moved there; the first names no history file yet.
    """
    head, history = dict(whole), {}
    for table in ARCHIVED_TABLES:
        rows = whole.get(table, {})
        history[table] = {rid: row for rid, row in rows.items() if in_history(table, rid, before)}
        head[table] = {rid: row for rid, row in rows.items() if rid not in history[table]}
    return head, history


def merge(head: Tables, history: Mapping[str, Any]) -> Tables:
    """Everything in one set of tables, naming no history file: what a backup holds."""
    merged = with_reference(dict(head), None)
    for table, rows in history.items():
        merged[table] = {**rows, **head.get(table, {})}
    return merged
