"""Schema versions of the store and the steps between them.

Each step takes the whole store (a dict of tables) at version N and returns it at N+1.
Steps never drop a user's words: a field that changes shape is converted, not deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA_VERSION = 1
META_TABLE = "meta"
META_ID = "meta"

Data = dict[str, Any]


def schema_version_of(data: Data) -> int:
    """The version a store's data says it has; 0 for a store written before versions."""
    meta = data.get(META_TABLE, {}).get(META_ID, {})
    version = meta.get("schema_version", 0)
    return version if isinstance(version, int) and version >= 0 else 0


def _v0_to_v1(data: Data) -> Data:
    """Version 0 stores had no meta record; version 1 adds it."""
    data.setdefault(META_TABLE, {})[META_ID] = {"id": META_ID, "schema_version": 1}
    return data


MIGRATIONS: dict[int, Callable[[Data], Data]] = {
    0: _v0_to_v1,
}


def migrate(data: Data) -> tuple[Data, int]:
    """Bring `data` up to SCHEMA_VERSION; return it and the version it started at."""
    start = version = schema_version_of(data)
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data[META_TABLE][META_ID]["schema_version"] = version
    return data, start
