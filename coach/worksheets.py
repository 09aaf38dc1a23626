"""The user's worksheet answers, their history, and their Markdown export.

One record per worksheet in the `worksheets` table holds the current answers; the
`worksheet_revisions` table keeps snapshots of earlier answers so that nothing written is
ever lost for good: a deleted paragraph, an overwritten row or a restore can always be
undone from a revision. Every value is cleaned and limited before it reaches the store.
This module knows nothing of the screens.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from coach.dates import parse_iso_date, parse_time_of_day
from coach.errors import InputTooLarge, UsageError
from coach.partner import Partner
from coach.store import Store, new_id
from coach.textsafe import MAX_LINE_CHARS, MAX_TEXT_CHARS, clean_text, display_safe
from coach.worksheet_defs import FieldDef, WorksheetDef, load_worksheet_defs, worksheet_def

TABLE = "worksheets"
REVISIONS_TABLE = "worksheet_revisions"

NOT_STARTED, IN_PROGRESS, COMPLETE = "not_started", "in_progress", "complete"
STATUS_LABELS = {NOT_STARTED: "not started", IN_PROGRESS: "in progress", COMPLETE: "complete"}

MAX_REVISIONS = 50  # revisions kept per worksheet; the oldest go first
REVISION_INTERVAL = timedelta(minutes=5)  # while typing, a snapshot at most this often
MAX_CELL_CHARS = 2_000  # the longest entry in one cell of a list row
MAX_ROWS = 200  # the most rows one list field holds

Answer = str | list[str] | list[dict[str, str]]
Answers = Mapping[str, Answer]
Record = Mapping[str, Any]


@dataclass(frozen=True)
class WorksheetState:
    """Where one worksheet stands."""

    worksheet_id: str
    status: str
    updated_at: datetime | None
    completed_at: datetime | None

    @property
    def label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class Revision:
    """A snapshot of a worksheet's answers."""

    id: str
    worksheet_id: str
    taken_at: datetime
    answers: dict[str, Answer]
    reason: str
    seq: int = 0


# Cleaning ------------------------------------------------------------------------------
def clean_answer(field: FieldDef, value: object) -> Answer:
    """One answer fit to store; raise UsageError (or InputTooLarge) saying what is wrong."""
    kind = field.kind
    if kind == "text":
        return clean_text(_as_str(value), limit=MAX_TEXT_CHARS, what="This answer")
    if kind == "line":
        cleaned = clean_text(_as_str(value), limit=MAX_LINE_CHARS, what="This line")
        return cleaned.replace("\n", " ")
    if kind in ("choice", "checklist"):
        if kind == "checklist" and not isinstance(value, list | tuple):
            raise UsageError("A checklist answer must be a list of ticked choices.")
        picked = [_as_str(item) for item in value] if kind == "checklist" else [_as_str(value)]
        for choice in picked:
            if choice and choice not in field.choices:
                raise UsageError(f"'{display_safe(choice)[:60]}' is not one of the choices.")
        # Ticked choices are kept in the worksheet's order, whatever order they were ticked.
        return picked[0] if kind == "choice" else [c for c in field.choices if c in picked]
    if kind == "list":
        return _clean_rows(field, value)
    text = _as_str(value).strip()
    if kind == "date":
        return parse_iso_date(text).isoformat() if text else ""
    if kind == "time":
        return parse_time_of_day(text) if text else ""
    raise UsageError(f"Unknown kind of answer {kind!r}.")


def _as_str(value: object) -> str:
    if value is not None and not isinstance(value, str):
        raise UsageError("This answer must be text.")
    return value or ""


def _clean_rows(field: FieldDef, value: object) -> list[dict[str, str]]:
    if not isinstance(value, list | tuple):
        raise UsageError("A list answer must be a list of rows.")
    rows: list[dict[str, str]] = []
    for raw in value:
        if not isinstance(raw, Mapping):
            raise UsageError("Each row of a list answer must have its columns.")
        row = {
            column.id: clean_text(
                _as_str(raw.get(column.id, "")), limit=MAX_CELL_CHARS, what="This entry"
            ).replace("\n", " ")
            for column in field.columns
        }
        # A row with nothing in it holds no words; dropping it keeps the export tidy.
        if any(cell.strip() for cell in row.values()):
            rows.append(row)
    if len(rows) > MAX_ROWS:
        raise InputTooLarge(
            f"This list has {len(rows)} rows; the limit is {MAX_ROWS}. Nothing was saved: "
            "combine some rows and try again."
        )
    return rows


def clean_answers(defn: WorksheetDef, answers: Mapping[str, object]) -> dict[str, Answer]:
    """Every answer given for a field of `defn`, cleaned; the first bad one raises."""
    cleaned: dict[str, Answer] = {}
    for field in defn.fields:
        if field.id in answers:
            cleaned[field.id] = clean_answer(field, answers[field.id])
    return cleaned


def is_blank(value: object) -> bool:
    """Whether an answer holds nothing the user wrote or chose."""
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(is_blank(item) for item in value)
    if isinstance(value, Mapping):
        return all(is_blank(item) for item in value.values())
    return value is None


def answered_count(defn: WorksheetDef, answers: Mapping[str, object]) -> int:
    """How many of the definition's fields hold an answer."""
    return sum(1 for field in defn.fields if not is_blank(answers.get(field.id)))


# Reading -------------------------------------------------------------------------------
def _stored_answers(record: Record | None) -> dict[str, Answer]:
    """A deep copy of a record's answers, with anything of an unexpected shape left out."""
    raw = record.get("answers") if record else None
    if not isinstance(raw, Mapping):
        return {}
    answers: dict[str, Answer] = {}
    for key, value in raw.items():
        if isinstance(value, str):
            answers[str(key)] = value
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            answers[str(key)] = list(value)
        elif isinstance(value, list) and all(isinstance(item, Mapping) for item in value):
            answers[str(key)] = [
                {str(k): str(v) for k, v in item.items() if isinstance(v, str)} for item in value
            ]
    return answers


def load_answers(store: Store, ws_id: str) -> dict[str, Answer]:
    """The saved answers of a worksheet (empty when it was never opened)."""
    return _stored_answers(store.records(TABLE).get(ws_id))


def _parse_time(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def worksheet_state(store: Store, ws_id: str) -> WorksheetState:
    """The status of one worksheet and when it last changed."""
    return worksheet_state_of(ws_id, store.records(TABLE).get(ws_id))


def worksheet_state_of(ws_id: str, record: Record | None) -> WorksheetState:
    """The state a worksheet's record (or its absence) describes."""
    if record is None:
        return WorksheetState(ws_id, NOT_STARTED, None, None)
    status = record.get("status")
    if status not in STATUS_LABELS:
        status = IN_PROGRESS if not is_blank(record.get("answers")) else NOT_STARTED
    updated_at = _parse_time(record.get("updated_at"))
    return WorksheetState(ws_id, status, updated_at, _parse_time(record.get("completed_at")))


def worksheet_states(store: Store) -> dict[str, WorksheetState]:
    """The state of every packaged worksheet, by id."""
    return {defn.id: worksheet_state(store, defn.id) for defn in load_worksheet_defs()}


# Writing -------------------------------------------------------------------------------
def save_answers(store: Store, ws_id: str, answers: Mapping[str, object], now: datetime) -> bool:
    """Save the given answers over the stored ones; return whether anything changed.

    Only the fields named in `answers` change, so a caller can leave out a field it cannot
    save yet (a half-typed date) without losing what the store holds for it. Before the
    first change after a quiet spell of `REVISION_INTERVAL`, the stored answers are kept as
    a revision, so an accidental deletion can be undone.
    """
    cleaned = clean_answers(worksheet_def(ws_id), answers)
    with store.transaction():
        record = store.get(TABLE, ws_id)
        before = _stored_answers(record)
        after = {**before, **cleaned}
        if record is not None and after == before:
            return False
        revisions = list_revisions(store, ws_id)
        if not revisions or now - revisions[0].taken_at >= REVISION_INTERVAL:
            _add_revision(store, ws_id, before, now, "while writing")
        _write(store, ws_id, record, after, now)
    return True


def _write(store: Store, ws_id: str, record: Record | None, answers: Answers, at: datetime) -> None:
    # A completed worksheet stays complete when edited: going back to it is part of the
    # work, and only the user decides it is no longer done.
    if record and record.get("status") == COMPLETE:
        _put(store, ws_id, answers, COMPLETE, (at.isoformat(), record.get("completed_at")))
    else:
        _put(store, ws_id, answers, _open_status(answers), (at.isoformat(), None))


def _open_status(answers: Answers) -> str:
    return NOT_STARTED if is_blank(answers) else IN_PROGRESS


def _put(store: Store, ws_id: str, answers: Answers, status: str, times: tuple[Any, Any]) -> None:
    """Write a worksheet's record; `times` is (updated_at, completed_at)."""
    record = {"answers": dict(answers), "status": status, "updated_at": times[0]}
    store.put(TABLE, ws_id, {**record, "completed_at": times[1]})


def mark_complete(store: Store, ws_id: str, now: datetime, complete: bool = True) -> WorksheetState:
    """Mark a worksheet complete, or back to in progress; return its new state."""
    worksheet_def(ws_id)
    with store.transaction():
        record = store.get(TABLE, ws_id) or {}
        answers = _stored_answers(record)
        # Marking is not an edit, so `updated_at` keeps the time of the last change.
        updated_at = record.get("updated_at") or now.isoformat()
        if complete:
            _put(store, ws_id, answers, COMPLETE, (updated_at, now.isoformat()))
        else:
            _put(store, ws_id, answers, _open_status(answers), (updated_at, None))
    return worksheet_state(store, ws_id)


# Revisions -----------------------------------------------------------------------------
def list_revisions(store: Store, ws_id: str) -> list[Revision]:
    """The revisions of a worksheet, newest first."""
    found = []
    for record in store.records(REVISIONS_TABLE).values():
        taken_at = _parse_time(record.get("taken_at"))
        if record.get("worksheet_id") != ws_id or taken_at is None:
            continue
        seq, reason = record.get("seq"), str(record.get("reason", ""))
        seq = seq if isinstance(seq, int) else 0
        found.append(
            Revision(str(record["id"]), ws_id, taken_at, _stored_answers(record), reason, seq)
        )
    found.sort(key=lambda revision: (revision.taken_at, revision.seq), reverse=True)
    return found


def _add_revision(store: Store, ws_id: str, answers: Answers, now: datetime, reason: str) -> bool:
    """Keep `answers` as a revision unless blank or the same as the newest one."""
    if is_blank(answers):
        return False
    with store.transaction():
        revisions = list_revisions(store, ws_id)
        if revisions and revisions[0].answers == answers:
            return False
        store.insert(
            REVISIONS_TABLE,
            {
                "worksheet_id": ws_id,
                "answers": copy.deepcopy(dict(answers)),
                "taken_at": now.isoformat(),
                "seq": max((revision.seq for revision in revisions), default=0) + 1,
                "reason": reason,
            },
            record_id=new_id("rev-"),
        )
        for old in list_revisions(store, ws_id)[MAX_REVISIONS:]:
            store.remove(REVISIONS_TABLE, old.id)
    return True


def checkpoint(store: Store, ws_id: str, now: datetime, reason: str = "left") -> bool:
    """Keep the current answers as a revision (on leaving a worksheet); True if one was taken."""
    return _add_revision(store, ws_id, load_answers(store, ws_id), now, reason)


def restore_revision(store: Store, ws_id: str, revision_id: str, now: datetime) -> Answers:
    """Make a revision the current answers; the answers it replaces become a revision first."""
    record = store.records(REVISIONS_TABLE).get(revision_id)
    if record is None or record.get("worksheet_id") != ws_id:
        raise KeyError(f"No revision {revision_id!r} of worksheet {ws_id!r}")
    restored = _stored_answers(record)
    with store.transaction():
        current = store.get(TABLE, ws_id)
        _add_revision(store, ws_id, _stored_answers(current), now, "before restoring")
        _write(store, ws_id, current, restored, now)
    return copy.deepcopy(restored)


# Markdown ------------------------------------------------------------------------------
def worksheet_markdown(
    defn: WorksheetDef, answers: Answers, partner: Partner, *, level: int = 1, status: str = ""
) -> str:
    """One worksheet's questions and answers as Markdown, its title at heading `level`."""
    filled = defn.filled(partner)
    title, question = "#" * level, "#" * (level + 1)
    about = f"Phase {defn.phase}" + (f" · {STATUS_LABELS.get(status, status)}" if status else "")
    lines = [f"{title} {filled.title}", "", about, ""]
    for raw_field, field in zip(defn.fields, filled.fields, strict=True):
        lines += [f"{question} {field.prompt}", ""]
        lines += _answer_markdown(raw_field, field, answers.get(field.id))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _answer_markdown(raw_field: FieldDef, field: FieldDef, value: object) -> list[str]:
    if is_blank(value):
        return ["_Not answered yet._"]
    if field.kind == "checklist" and isinstance(value, list):
        return [
            f"- [{'x' if raw in value else ' '}] {shown}"
            for raw, shown in zip(raw_field.choices, field.choices, strict=True)
        ]
    if field.kind == "choice" and isinstance(value, str):
        return [dict(zip(raw_field.choices, field.choices, strict=True)).get(value, value)]
    if field.kind == "list" and isinstance(value, list):
        out = []
        rows = [row for row in value if isinstance(row, Mapping) and not is_blank(row)]
        for number, row in enumerate(rows, start=1):
            cells = [(c.label, display_safe(str(row.get(c.id, "")))) for c in field.columns]
            out.append(f"{number}. **{cells[0][0]}:** {cells[0][1]}".rstrip())
            out += [f"   - **{label}:** {cell}".rstrip() for label, cell in cells[1:]]
        return out
    return [display_safe(str(value)).rstrip()]


def worksheets_markdown(store: Store, partner: Partner, *, level: int = 2) -> str:
    """Every worksheet with any answer, as Markdown (each title at heading `level`)."""
    return _sheets_markdown(store.records(TABLE), partner, level)


def _sheets_markdown(records: Mapping[str, Record], partner: Partner, level: int) -> str:
    parts = []
    for defn in load_worksheet_defs():
        record = records.get(defn.id)
        answers = _stored_answers(record)
        if record is None or is_blank(answers):
            continue
        status = worksheet_state_of(defn.id, record).status
        parts.append(worksheet_markdown(defn, answers, partner, level=level, status=status))
    return "\n".join(parts)


def _export_section(records: list[dict[str, Any]]) -> str:
    # The full export has no partner at hand, so prompts read "your partner ... they".
    partner = Partner("your partner", "they/them")
    body = _sheets_markdown({str(r.get("id")): r for r in records}, partner, 3)
    return "## Worksheets\n\n" + (body or "No worksheet answers yet.\n")


def _export_revisions(records: list[dict[str, Any]]) -> str:
    sheets = len({record.get("worksheet_id") for record in records})
    return (
        f"## Worksheet versions\n\n{len(records)} earlier versions of {sheets} worksheet(s) "
        "are kept. The JSON export holds every word of them; in the app, ctrl+r on a "
        "worksheet shows them.\n"
    )


try:
    from coach.export import register_markdown_section
except ImportError:  # an install without the export module still saves worksheets
    pass
else:
    register_markdown_section(TABLE, _export_section)
    register_markdown_section(REVISIONS_TABLE, _export_revisions)
