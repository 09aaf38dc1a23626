"""Records as the store's file holds them: deep copies in plain JSON types.

The store hands out and takes in such copies, so nothing a caller does to a dict later
can reach the disk unsaved, or half of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson


def plain(value: Any) -> Any:
    """A deep copy of `value` as the file will hold it (tuples become lists, and so on).

    Raises TypeError for what JSON cannot hold. Lone surrogates, which a terminal makes
    of bytes it could not decode, become U+FFFD rather than refusing the user's words.
    """
    try:
        return orjson.loads(orjson.dumps(value))
    except orjson.JSONEncodeError as error:
        if "surrogates" not in str(error):
            raise TypeError(f"cannot be saved: {error}") from None
    return orjson.loads(orjson.dumps(_without_lone_surrogates(value)))


def plain_tables(data: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> dict[str, Any]:
    """Copies of whole tables as `plain` makes them, each record's "id" set to its key."""
    return plain(
        {
            name: {str(rid): {**dict(record), "id": str(rid)} for rid, record in rows.items()}
            for name, rows in data.items()
        }
    )


def _without_lone_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        # UTF-16 joins surrogate pairs back into characters and marks lone halves.
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_without_lone_surrogates(item) for item in value]
    return value
