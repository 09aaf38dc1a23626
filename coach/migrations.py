"""Schema versions of the store and the steps between them.

Each step takes the whole store (a dict of tables) at version N and returns it at N+1.
Steps never drop a user's words: a field that changes shape is converted, not deleted.
To add version N+1: write the step, add it to MIGRATIONS under N, and raise
SCHEMA_VERSION; the store keeps a copy of the file as it was (`store.json.before-vN+1`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from coach.plain import plain

SCHEMA_VERSION = 3
META_TABLE = "meta"
META_ID = "meta"

Data = dict[str, Any]


class NewerSchemaError(Exception):
    """Data written by a newer Trust Coach; this one must not change it."""

    def __init__(self, version: int) -> None:
        super().__init__(f"schema {version}; this version knows {SCHEMA_VERSION}")
        self.version = version


def schema_version_of(data: Data) -> int:
    """The version a store's data says it has; 0 for a store written before versions."""
    meta = data.get(META_TABLE)
    record = meta.get(META_ID) if isinstance(meta, dict) else None
    version = record.get("schema_version", 0) if isinstance(record, dict) else 0
    return version if isinstance(version, int) and version >= 0 else 0


def meta_record(version: int) -> dict[str, Any]:
    """The record that says which schema a store has."""
    return {"id": META_ID, "schema_version": version}


def fresh_data() -> Data:
    """The content of a new, empty store."""
    return {META_TABLE: {META_ID: meta_record(SCHEMA_VERSION)}}


def _v0_to_v1(data: Data) -> Data:
    """Version 0 stores (plain TinyDB files) had no meta record and no "id" fields.

    TinyDB kept each record's id only as its key ("1", "2", ...); the store also keeps
    it in the record, so the key becomes the record's "id".
    """
    for name, table in data.items():
        if name != META_TABLE:
            data[name] = {
                key: {**record, "id": record.get("id", key)} for key, record in table.items()
            }
    data.setdefault(META_TABLE, {})[META_ID] = meta_record(1)
    return data


def _v1_to_v2(data: Data) -> Data:
    """Version 2 may keep old check-offs in a history file that store.json names in its
    meta record (see coach.archive). A version 1 store holds everything in one file,
    which version 2 reads as it is; the new number keeps older versions from opening a
    store whose history they would not see."""
    return data


def _v2_to_v3(data: Data) -> Data:
    """Version 3 moves old weekly check-ins to the history file as well as check-offs.

    The history file takes a record by the day its id ends with (see coach.archive), so
    each check-in's id gets its day added: "c1a2b3c4d5e6" of 2026-03-04 becomes
    "c1a2b3c4d5e6-2026-03-04". Nothing refers to a check-in by its id. One without a
    readable day keeps its id, and stays in store.json.
    """
    table = data.get("checkins")
    if not isinstance(table, dict):
        return data
    renamed: Data = {}
    for key, record in table.items():
        day = record.get("day") if isinstance(record, dict) else None
        new = key
        if isinstance(day, str) and _is_iso_day(day) and not key.endswith(f"-{day}"):
            new = f"{key}-{day}"
        if new != key and (new in table or new in renamed):
            new = key  # never one record over another
        renamed[new] = {**record, "id": new} if new != key else record
    data["checkins"] = renamed
    return data


def _is_iso_day(text: str) -> bool:
    try:
        return len(text) == 10 and date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


MIGRATIONS: dict[int, Callable[[Data], Data]] = {
    0: _v0_to_v1,
    1: _v1_to_v2,
    2: _v2_to_v3,
}


def migrate(data: Data) -> tuple[Data, int]:
    """Bring a copy of `data` up to SCHEMA_VERSION; return it and the version it started at.

    `data` itself is left as it was, so a step that fails halfway changes nothing.
    """
    start = version = schema_version_of(data)
    data = plain(data)
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data.setdefault(META_TABLE, {})[META_ID] = meta_record(version)
    return data, start


def upgrade_import(tables: Data) -> Data:
    """Imported tables at SCHEMA_VERSION: upgraded if they say which schema they have,
    taken as current if they do not. Raises NewerSchemaError for a newer schema."""
    if META_TABLE not in tables:
        return {**tables, **fresh_data()}
    version = schema_version_of(tables)
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(version)
    return migrate(tables)[0]
