"""The daily logs of a new normal: appreciation (something noticed and valued in the
partner today, said to them or not) and proactive honesty (something told before they had
to ask). One line each, dated by the program's day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from coach.errors import UsageError
from coach.store import Store, new_id
from coach.textsafe import MAX_LINE_CHARS, clean_line

APPRECIATION = "appreciations"
HONESTY = "honesty"
KINDS = {APPRECIATION: "Appreciation", HONESTY: "Honesty"}
ENTRY_CHARS = MAX_LINE_CHARS * 2


@dataclass(frozen=True)
class Entry:
    """One line in a log."""

    id: str
    kind: str
    day: date
    text: str
    said: bool
    created_at: str


def _entry(kind: str, record: dict) -> Entry | None:
    try:
        day = date.fromisoformat(str(record.get("day")))
    except ValueError:
        return None
    return Entry(
        id=str(record.get("id")),
        kind=kind,
        day=day,
        text=str(record.get("text", "")),
        said=bool(record.get("said", False)),
        created_at=str(record.get("created_at", "")),
    )


def add_entry(
    store: Store, kind: str, text: str, day: date, now: datetime, *, said: bool = False
) -> Entry:
    """Log one line; empty lines are refused with a message, the limit is stated."""
    if kind not in KINDS:
        raise UsageError(f"There is no log called {kind!r}.")
    cleaned = clean_line(text, limit=ENTRY_CHARS, what=f"This {KINDS[kind].lower()} line")
    if not cleaned:
        raise UsageError("Nothing was written, so nothing was saved. Type a line first.")
    record = {
        "day": day.isoformat(),
        "text": cleaned,
        "said": said,
        "created_at": now.isoformat(timespec="seconds"),
    }
    entry_id = store.insert(kind, record, record_id=new_id(kind[:1]))
    return Entry(entry_id, kind, day, cleaned, said, record["created_at"])


def add_appreciation(
    store: Store, text: str, day: date, now: datetime, said: bool = False
) -> Entry:
    return add_entry(store, APPRECIATION, text, day, now, said=said)


def add_honesty(store: Store, text: str, day: date, now: datetime) -> Entry:
    return add_entry(store, HONESTY, text, day, now)


def entries(
    store: Store, kind: str, first: date | None = None, last: date | None = None
) -> list[Entry]:
    """A log's lines between `first` and `last` (inclusive), oldest first."""
    found = []
    for record in store.records(kind).values():
        entry = _entry(kind, dict(record))
        if entry is None:
            continue
        if (first is None or entry.day >= first) and (last is None or entry.day <= last):
            found.append(entry)
    return sorted(found, key=lambda e: (e.day, e.created_at))


def remove_entry(store: Store, kind: str, entry_id: str) -> None:
    store.remove(kind, entry_id)
