"""Export and import of everything the store holds, as JSON or readable Markdown.

The JSON export is `{"format": "trust-coach", "schema_version", "exported_at",
"settings", "promises", "checks", ...}` plus every other table in the store, each a list
of its records sorted by id, so tables added later are exported with no change here.
`content/schema/export.schema.json` describes it. The store's `meta` table is not
exported: `schema_version` stands for it. Exporting, importing into an empty store and
exporting again gives the same file, `exported_at` aside.

An import is checked whole before anything is written (size, the format marker, the
schema version, the shape of every record), then written with one `replace_all`: it
happens completely or not at all. Markdown sections for other tables can be made nicer
with `register_markdown_section`; a table without one is listed generically.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from coach.errors import InputTooLarge, UsageError
from coach.migrations import META_ID, META_TABLE, SCHEMA_VERSION
from coach.plain import from_bytes, to_bytes
from coach.promises import CHECKS, PROMISES, STATUSES, UNDO, check_id
from coach.settings import RECORD_ID as SETTINGS_ID
from coach.settings import TABLE as SETTINGS_TABLE
from coach.store import Store
from coach.textsafe import display_safe

FORMAT = "trust-coach"
MAX_IMPORT_BYTES = 50 * 1024 * 1024
HEADER_KEYS = ("format", "schema_version", "exported_at", "settings")
NOT_IMPORTED = "Nothing was imported."
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

MarkdownRenderer = Callable[[list[dict[str, Any]]], str]
_MARKDOWN_SECTIONS: dict[str, MarkdownRenderer] = {}
# Modules that register Markdown sections when imported; loaded before a Markdown export.
MARKDOWN_SECTION_MODULES: tuple[str, ...] = ("coach.worksheets",)


def register_markdown_section(table: str, render_fn: MarkdownRenderer) -> None:
    """Render `table` in Markdown exports with `render_fn(records) -> str`.

    `records` are the table's records sorted by id; the function returns the whole
    section, its `## ` heading included.
    """
    _MARKDOWN_SECTIONS[table] = render_fn


# Export ----------------------------------------------------------------------------------
def export_data(store: Store, now: datetime | None = None) -> dict[str, Any]:
    """Everything in the store as one JSON-ready document."""
    moment = now or store.clock.now()
    settings = dict(store.records(SETTINGS_TABLE).get(SETTINGS_ID) or {})
    settings.pop("id", None)
    document: dict[str, Any] = {
        "format": FORMAT,
        "schema_version": store.schema_version,
        "exported_at": moment.isoformat(timespec="seconds"),
        "settings": settings,
        PROMISES: [],
        CHECKS: [],
    }
    for name in store.table_names():
        if name in (META_TABLE, SETTINGS_TABLE):
            continue
        records = store.records(name)
        document[name] = [dict(records[rid]) for rid in sorted(records)]
    return document


def export_json(store: Store, now: datetime | None = None) -> bytes:
    return to_bytes(export_data(store, now), indent=True) + b"\n"


# Import ----------------------------------------------------------------------------------
def parse_export(raw: bytes) -> dict[str, Any]:
    """Read and check an export completely; raise a UsageError saying what is wrong."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise InputTooLarge(
            f"The file is {len(raw) / 1024 / 1024:.1f} MB; an import can be at most "
            f"{MAX_IMPORT_BYTES // 1024 // 1024} MB. {NOT_IMPORTED}"
        )
    try:
        document = from_bytes(raw)
    except ValueError as error:
        raise UsageError(
            f"The file is not complete JSON ({error}); it may have been cut short. {NOT_IMPORTED}"
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        marker = f'"format": "{FORMAT}"'
        raise UsageError(f"This is not a Trust Coach export: it has no {marker}. {NOT_IMPORTED}")
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise UsageError(f"The export's schema_version is missing or not a number. {NOT_IMPORTED}")
    if version > SCHEMA_VERSION:
        raise UsageError(
            f"This export was written by a newer Trust Coach (schema {version}; this one "
            f"knows {SCHEMA_VERSION}). Update Trust Coach to import it. {NOT_IMPORTED}"
        )
    problems = _shape_problems(document)
    more = f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
    if problems:
        shown = "; ".join(problems[:5]) + more
        raise UsageError(f"The export is not the shape Trust Coach writes: {shown}. {NOT_IMPORTED}")
    return document


def _shape_problems(document: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    if not isinstance(document.get("exported_at"), str):
        problems.append("exported_at is not text")
    if not isinstance(document.get("settings", {}), dict):
        problems.append("settings is not an object")
    if META_TABLE in document:
        problems.append(f'"{META_TABLE}" is reserved')
    for name, records in document.items():
        if name in HEADER_KEYS or name == META_TABLE:
            continue
        if not isinstance(records, list):
            problems.append(f"{name} is not a list")
            continue
        seen: set[str] = set()
        for i, record in enumerate(records):
            where = f"{name}[{i}]"
            if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                problems.append(f"{where} is not a record with a text id")
            elif not record["id"] or record["id"] in seen:
                problems.append(f"{where} has an empty or repeated id")
            else:
                seen.add(record["id"])
    if not problems:
        promise_ids = {r["id"] for r in document.get(PROMISES, [])}
        for i, record in enumerate(document.get(PROMISES, [])):
            problems += [f"promises[{i}].{p}" for p in _promise_problems(record)]
        for i, record in enumerate(document.get(CHECKS, [])):
            problems += [f"checks[{i}].{p}" for p in _check_problems(record, promise_ids)]
    return problems


def _is_date(value: Any) -> bool:
    try:
        return isinstance(value, str) and len(value) == 10 and bool(date.fromisoformat(value))
    except ValueError:
        return False


def _promise_problems(record: dict[str, Any]) -> list[str]:
    from coach.schedule import Schedule

    found = []
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        found.append("text is missing")
    try:
        Schedule(record.get("schedule"))  # type: ignore[arg-type]
    except (UsageError, TypeError, AttributeError):
        found.append("schedule is not a recurrence rule")
    if not _is_date(record.get("start")):
        found.append("start is not a YYYY-MM-DD date")
    end = record.get("end")
    if end is not None and not (_is_date(end) and end >= str(record.get("start"))):
        found.append("end is not a date on or after start")
    at = record.get("at")
    if at is not None and not (isinstance(at, str) and _TIME.match(at)):
        found.append("at is not a HH:MM time")
    if not isinstance(record.get("archived"), bool):
        found.append("archived is not true or false")
    if not isinstance(record.get("created_at"), str):
        found.append("created_at is not text")
    return found


def _check_problems(record: dict[str, Any], promise_ids: set[str]) -> list[str]:
    found = []
    if record.get("promise_id") not in promise_ids:
        found.append("promise_id names no promise in the file")
    if not _is_date(record.get("date")):
        found.append("date is not a YYYY-MM-DD date")
    elif record.get("promise_id") in promise_ids:
        wanted = check_id(record["promise_id"], date.fromisoformat(record["date"]))
        if record["id"] != wanted:
            found.append(f"id should be {wanted} (one entry per promise per day)")
    if record.get("status") not in STATUSES:
        found.append(f"status is not one of {', '.join(STATUSES)}")
    if not isinstance(record.get("note"), str):
        found.append("note is not text")
    try:
        datetime.fromisoformat(record.get("logged_at"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        found.append("logged_at is not an ISO date and time")
    if not isinstance(record.get("late"), bool):
        found.append("late is not true or false")
    return found


def tables_from_export(document: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """A checked export as store tables, ready for `Store.replace_all`."""
    tables: dict[str, dict[str, dict[str, Any]]] = {
        META_TABLE: {META_ID: {"id": META_ID, "schema_version": document["schema_version"]}}
    }
    settings = document.get("settings") or {}
    if settings:
        tables[SETTINGS_TABLE] = {SETTINGS_ID: {**settings, "id": SETTINGS_ID}}
    for name, records in document.items():
        if name not in HEADER_KEYS:
            tables[name] = {record["id"]: record for record in records}
    return tables


def import_export(store: Store, raw: bytes) -> dict[str, Any]:
    """Replace the whole store with the export in `raw`, or change nothing at all."""
    document = parse_export(raw)
    store.replace_all(tables_from_export(document))
    return document


# Calendar file ---------------------------------------------------------------------------
CHECKIN_TABLE, CHECKIN_ID = "schedule", "checkin"
UID_DOMAIN = "trust-coach"


def calendar_ics(store: Store, now: datetime | None = None) -> bytes:
    """An iCalendar file: one repeating event per promise, and the weekly check-in.

    UIDs are `<promise id>@trust-coach`, so importing the file again updates the events
    instead of adding copies. Times float (19:00 wherever the user is); a promise without
    a time is an all-day event. Archived promises stay, ending on their last day.
    """
    from datetime import time, timedelta

    from icalendar import Calendar, Event, vRecur

    from coach.promises import list_promises

    stamp = (now or store.clock.now()).astimezone().replace(microsecond=0)
    calendar = Calendar(prodid="-//Trust Coach//Promises//EN", version="2.0")

    def event(uid: str, summary: str, rule: str, first: date, at: str | None, last: date | None):
        item = Event()
        item.add("uid", f"{uid}@{UID_DOMAIN}")
        item.add("dtstamp", stamp)
        item.add("summary", summary)
        recur = vRecur.from_ical(rule)
        if at:
            hour, minute = (int(part) for part in at.split(":"))
            start = datetime.combine(first, time(hour, minute))
            item.add("dtstart", start)
            item.add("duration", timedelta(minutes=15))
            if last is not None:
                recur["UNTIL"] = datetime.combine(last, time(23, 59, 59))
        else:
            item.add("dtstart", first)
            if last is not None:
                recur["UNTIL"] = last
        item.add("rrule", recur)
        calendar.add_component(item)

    for p in list_promises(store, include_archived=True):
        # DTSTART is always an occurrence, so it must be the first day the promise is due.
        due = p.schedule.due_days(p.start, p.end, p.start, p.start + timedelta(days=400))
        event(p.id, p.text, p.schedule, due[0] if due else p.start, p.at, p.end)
        if not due:  # ended before it was ever due: take it out of the calendar
            calendar.subcomponents[-1].add("status", "CANCELLED")
    checkin = store.records(CHECKIN_TABLE).get(CHECKIN_ID)
    if checkin and isinstance(checkin.get("rule"), str):
        since = checkin.get("since") or checkin.get("start")
        first = date.fromisoformat(since) if _is_date(since) else stamp.date()
        if isinstance(checkin.get("weekday"), int):
            first += timedelta(days=(checkin["weekday"] - first.weekday()) % 7)
        at = checkin.get("time") if _TIME.match(str(checkin.get("time", ""))) else None
        event("checkin", "Weekly check-in", checkin["rule"], first, at, None)
    return calendar.to_ical()


# Markdown --------------------------------------------------------------------------------
_SETTING_LABELS = {
    "partner_name": "Partner",
    "pronouns": "Pronouns",
    "program_start": "Program started",
    "day_end_hour": "A day ends at (hour)",
}
_NOT_RENDERED = {PROMISES, CHECKS, UNDO}  # promises carry their checks; undo is internal


def export_markdown(store: Store, now: datetime | None = None) -> str:
    """A readable document: settings, each promise with its history, then every other table."""
    import importlib

    from coach.promises import program_day

    for module in MARKDOWN_SECTION_MODULES:
        importlib.import_module(module)
    document = export_data(store, now)
    parts = [
        "# Trust Coach export",
        f"Exported {document['exported_at']} (schema {document['schema_version']}). "
        "This file is private: it holds everything you wrote.",
        "## Settings",
        _md_fields(
            {_SETTING_LABELS.get(k, k): v for k, v in document["settings"].items()}
            or {"Settings": "none saved yet"}
        ),
        "## Promises",
    ]
    today = program_day(store, now)
    by_promise: dict[str, list[dict[str, Any]]] = {}
    for record in document[CHECKS]:
        by_promise.setdefault(record["promise_id"], []).append(record)
    for promise in document[PROMISES] or []:
        parts.append(_md_promise(store, promise, by_promise.get(promise["id"], []), today))
    if not document[PROMISES]:
        parts.append("No promises yet.")
    for name, records in document.items():
        if name in HEADER_KEYS or name in _NOT_RENDERED:
            continue
        render = _MARKDOWN_SECTIONS.get(name)
        parts.append(render(records) if render else _md_table(records, name))
    return "\n\n".join(part.rstrip() for part in parts) + "\n"


def _md_promise(
    store: Store, promise: dict[str, Any], checks: list[dict[str, Any]], today: date
) -> str:
    from coach.schedule import Schedule
    from coach.streaks import promise_stats

    plan = Schedule(promise["schedule"]).describe()
    when = f"{plan}, from {promise['start']}"
    when += f" to {promise['end']}" if promise.get("end") else ""
    when += f", at {promise['at']}" if promise.get("at") else ""
    stats = promise_stats(store, promise["id"], today)
    lines = [f"### {_md_line(promise['text'])}", "", f"- Schedule: {when}"]
    if promise.get("archived"):
        lines.append("- Archived")
    if stats.due_total:
        share = round(100 * stats.kept_total / stats.due_total)
        lines.append(
            f"- Kept {stats.kept_total} of {stats.due_total} due days ({share}%); current "
            f"streak {stats.current_streak}, longest {stats.longest_streak}"
        )
    late = sum(1 for c in checks if c.get("late"))
    if late:
        lines.append(f"- Logged late {late} time{'s' * (late != 1)}")
    broken = [c for c in checks if c["status"] == "broken"]
    noted = [c for c in checks if c["status"] != "broken" and c.get("note")]
    if broken:
        lines.append("- Broken, with what happened and what comes next:")
        lines += [f"  - {c['date']}: {_md_text(c.get('note', ''), 4)}" for c in broken]
    if noted:
        lines.append("- Notes:")
        lines += [f"  - {c['date']} ({c['status']}): {_md_text(c['note'], 4)}" for c in noted]
    return "\n".join(lines)


def _md_table(records: list[dict[str, Any]], name: str = "") -> str:
    title = name.replace("_", " ").replace("-", " ").capitalize() or "Records"
    sections = [f"## {title}"]
    for record in records:
        fields = {k: v for k, v in record.items() if k != "id"}
        sections.append(f"### {_md_line(record['id'])}\n\n{_md_fields(fields)}")
    if not records:
        sections.append("None.")
    return "\n\n".join(sections)


def _md_fields(fields: dict[str, Any]) -> str:
    return "\n".join(f"- {key}: {_md_value(value)}" for key, value in fields.items())


def _md_value(value: Any) -> str:
    if isinstance(value, str):
        return _md_text(value, 2)
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    import json

    return "`" + json.dumps(value, ensure_ascii=False).replace("`", "'") + "`"


def _md_line(text: str) -> str:
    return " ".join(display_safe(str(text)).split())


def _md_text(text: str, indent: int) -> str:
    """Text kept whole; later lines indented so they stay inside their list item."""
    lines = display_safe(text).strip().splitlines() or [""]
    return ("\n" + " " * indent).join(line.rstrip() for line in lines)
