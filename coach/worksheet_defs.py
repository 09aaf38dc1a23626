"""Worksheet definitions: the questions of each worksheet, read from `content/worksheets/`.

A definition says what to ask and how the answer is shaped (a line, free text, a choice,
a list of rows ...). The user's answers are stored elsewhere; this module only knows the
questions. Every `*.toml` file in the folder is one worksheet, named after its id.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from coach.partner import Partner, fill
from coach.resources import content_path
from coach.scenarios import check_placeholders

WORKSHEETS_DIR = "worksheets"

KINDS = frozenset({"text", "line", "choice", "checklist", "list", "date", "time"})
KINDS_WITH_CHOICES = frozenset({"choice", "checklist"})
CHECKS = frozenset({"", "perspective", "dont_know"})
BUILDERS = frozenset({"", "apology"})
PHASES = range(1, 7)

_SNAKE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_WORKSHEET_ID = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class ColumnDef:
    """One sub-field of each row in a `list` field."""

    id: str
    label: str


@dataclass(frozen=True)
class FieldDef:
    """One question on a worksheet."""

    id: str
    kind: str
    prompt: str
    hint: str = ""
    choices: tuple[str, ...] = ()
    check: str = ""
    columns: tuple[ColumnDef, ...] = ()

    def filled(self, partner: Partner) -> FieldDef:
        """A copy with the partner's name and pronouns in every piece of text."""
        return dataclasses.replace(
            self,
            prompt=fill(self.prompt, partner),
            hint=fill(self.hint, partner),
            choices=tuple(fill(choice, partner) for choice in self.choices),
            columns=tuple(
                ColumnDef(column.id, fill(column.label, partner)) for column in self.columns
            ),
        )


@dataclass(frozen=True)
class WorksheetDef:
    """A worksheet: where it sits in the program, why it exists, and its questions."""

    id: str
    title: str
    phase: int
    order: int
    intro: str
    builder: str
    fields: tuple[FieldDef, ...]

    def field(self, field_id: str) -> FieldDef:
        """The field with this id; KeyError if the worksheet has none."""
        for field in self.fields:
            if field.id == field_id:
                return field
        raise KeyError(f"Worksheet {self.id!r} has no field {field_id!r}")

    def filled(self, partner: Partner) -> WorksheetDef:
        """A copy with the partner's name and pronouns in every piece of text."""
        return dataclasses.replace(
            self,
            title=fill(self.title, partner),
            intro=fill(self.intro, partner),
            fields=tuple(field.filled(partner) for field in self.fields),
        )


def parse_worksheet_def(data: Mapping[str, Any]) -> WorksheetDef:
    """Build one worksheet from a parsed TOML file; raise ValueError naming what is wrong."""
    worksheet_id = data.get("id")
    if not isinstance(worksheet_id, str) or not _WORKSHEET_ID.match(worksheet_id):
        raise ValueError(f"A worksheet has a missing or malformed id: {worksheet_id!r}")
    label = f"Worksheet {worksheet_id!r}"

    title = _text(data, "title", label)
    intro = _text(data, "intro", label)
    phase = _whole_number(data, "phase", label)
    if phase not in PHASES:
        raise ValueError(f"{label}: phase {phase} is outside 1 to 6")
    order = _whole_number(data, "order", label)
    builder = data.get("builder", "")
    if builder not in BUILDERS:
        raise ValueError(f"{label}: unknown builder {builder!r}")

    tables = data.get("field")
    if not isinstance(tables, list) or not tables:
        raise ValueError(f"{label} has no [[field]] tables")
    fields = tuple(_parse_field(table, label) for table in tables)
    duplicate = _first_duplicate(field.id for field in fields)
    if duplicate:
        raise ValueError(f"{label}, field {duplicate!r}: the id is used more than once")

    return WorksheetDef(worksheet_id, title, phase, order, intro, builder, fields)


def parse_worksheet_defs(tables: Iterable[Mapping[str, Any]]) -> tuple[WorksheetDef, ...]:
    """Several worksheets, ids unique, sorted by their place in the overview."""
    worksheets = tuple(parse_worksheet_def(table) for table in tables)
    duplicate = _first_duplicate(worksheet.id for worksheet in worksheets)
    if duplicate:
        raise ValueError(f"Worksheet {duplicate!r} is defined more than once")
    return tuple(sorted(worksheets, key=lambda worksheet: (worksheet.order, worksheet.id)))


@cache
def load_worksheet_defs() -> tuple[WorksheetDef, ...]:
    """Every packaged worksheet, sorted by order; read and checked once per process."""
    tables = []
    for entry in content_path(WORKSHEETS_DIR).iterdir():
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        stem = entry.name.removesuffix(".toml")
        # Other screens link to worksheets by id, so a file renamed without its id is a bug.
        if data.get("id") != stem:
            raise ValueError(f"Worksheet file {entry.name} declares id {data.get('id')!r}")
        tables.append(data)
    return parse_worksheet_defs(tables)


def worksheet_def(worksheet_id: str) -> WorksheetDef:
    """The packaged worksheet with this id; KeyError if there is none."""
    for worksheet in load_worksheet_defs():
        if worksheet.id == worksheet_id:
            return worksheet
    raise KeyError(f"No worksheet with id {worksheet_id!r}")


def _parse_field(raw: Mapping[str, Any], worksheet_label: str) -> FieldDef:
    field_id = raw.get("id")
    if not isinstance(field_id, str) or not _SNAKE_ID.match(field_id):
        raise ValueError(f"{worksheet_label}: a field has a missing or malformed id {field_id!r}")
    label = f"{worksheet_label}, field {field_id!r}"

    kind = raw.get("kind")
    if kind not in KINDS:
        raise ValueError(f"{label}: unknown kind {kind!r}")
    prompt = _text(raw, "prompt", label)
    hint = raw.get("hint", "")
    if not isinstance(hint, str):
        raise ValueError(f"{label}: hint must be text")
    check_placeholders(hint, f"{label}, hint")
    check = raw.get("check", "")
    if check not in CHECKS:
        raise ValueError(f"{label}: unknown check {check!r}")

    choices = raw.get("choices", [])
    if not isinstance(choices, list) or not all(isinstance(c, str) and c for c in choices):
        raise ValueError(f"{label}: choices must be a list of text")
    if kind in KINDS_WITH_CHOICES and not choices:
        raise ValueError(f"{label}: a {kind} field needs choices")
    repeated_choice = _first_duplicate(choices)
    if repeated_choice:
        raise ValueError(f"{label}: choice {repeated_choice!r} appears twice")
    for choice in choices:
        check_placeholders(choice, f"{label}, choice")

    columns = tuple(_parse_column(column, label) for column in raw.get("columns", []))
    if kind == "list" and not columns:
        raise ValueError(f"{label}: a list field needs columns")
    duplicate = _first_duplicate(column.id for column in columns)
    if duplicate:
        raise ValueError(f"{label}: column {duplicate!r} appears twice")

    return FieldDef(field_id, kind, prompt, hint.strip(), tuple(choices), check, columns)


def _parse_column(raw: Mapping[str, Any], field_label: str) -> ColumnDef:
    column_id = raw.get("id") if isinstance(raw, Mapping) else None
    if not isinstance(column_id, str) or not _SNAKE_ID.match(column_id):
        raise ValueError(f"{field_label}: a column has a missing or malformed id {column_id!r}")
    return ColumnDef(column_id, _text(raw, "label", f"{field_label}, column {column_id!r}"))


def _text(raw: Mapping[str, Any], name: str, label: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{label}: {name} must be non-empty text")
    check_placeholders(value, f"{label}, {name}")
    return value.strip()


def _whole_number(raw: Mapping[str, Any], name: str, label: str) -> int:
    value = raw.get(name)
    # bool is an int in Python; `order = true` is a typo, not a position.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{label}: {name} must be a whole number")
    return value


def _first_duplicate(values: Iterable[str]) -> str | None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None
