"""Records as the store's file holds them: the JSON codec, and deep copies in plain types.

Every file Trust Coach writes (the store, its history, backups, exports) goes through
`to_bytes` and comes back through `from_bytes`, so there is one set of rules for what
JSON can hold: strings, numbers, true/false/null, lists and objects with string keys;
never NaN or Infinity, which are not JSON; always UTF-8, whatever the locale.

The store hands out and takes in copies made by `plain`, so nothing a caller does to a
dict later can reach the disk unsaved, or half of it.

The standard library's json reads everything and writes most things. A ten-year
store.json is about 0.07 MB (older check-offs and check-ins live in the history file),
which it reads or writes in about half a millisecond. orjson writes the same bytes ten
times faster, but takes 8 ms to import: more than it saves on such a file, and `coach
check` would pay it every time. So orjson is imported only to write something of
MANY_RECORDS records or more (a whole ten-year store, its history, a backup, an export:
2 MB in 3 ms rather than 30).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

# From this many records (counted one level down) orjson writes the file; below it,
# json does. About 1 MB of JSON.
MANY_RECORDS = 4000

_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


_decode = json.JSONDecoder(parse_constant=_no_constants).decode


def _many(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    inner = (len(v) for v in value.values() if isinstance(v, dict | list))
    return sum(inner) >= MANY_RECORDS


def _fast_bytes(value: Any, indent: bool) -> bytes | None:
    """orjson's bytes for `value`, or None where it refuses what json may take (an int
    beyond 64 bits, a lone surrogate): json then decides, with its own error if any."""
    import orjson

    # Without these, orjson would write dates, dataclasses and str subclasses that json
    # refuses or writes otherwise; with them it refuses too, and json has the last word.
    option = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
    option |= orjson.OPT_PASSTHROUGH_SUBCLASS | (orjson.OPT_INDENT_2 if indent else 0)
    try:
        return orjson.dumps(value, option=option)
    except TypeError:
        return None


def to_bytes(value: Any, *, indent: bool = False) -> bytes:
    """`value` as UTF-8 JSON: compact, or indented by two spaces for people to read.

    Raises TypeError for what JSON cannot hold (a date, a set, NaN) and
    UnicodeEncodeError for a lone surrogate; `plain` copies never hold either. (In a
    large value orjson would write NaN as null; the store never holds one, since `plain`
    and `from_bytes` refuse it.)
    """
    if _many(value) and (fast := _fast_bytes(value, indent)) is not None:
        return fast
    try:
        if indent:
            text = json.dumps(value, ensure_ascii=False, allow_nan=False, indent=2)
        else:
            text = _encode(value)
    except ValueError as error:  # NaN, Infinity, or a circular reference
        raise TypeError(f"cannot be saved: {error}") from None
    return text.encode("utf-8")


def from_bytes(raw: bytes | str) -> Any:
    """The value in UTF-8 JSON bytes. Raises ValueError, saying why, for anything else:
    bytes that are not UTF-8, text that is not JSON, NaN or Infinity, or nesting too deep
    to read. A lone surrogate written as an escape (valid JSON, but no character) is read
    as U+FFFD, as `plain` treats one typed in."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes | bytearray) else raw
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text (byte {error.start} cannot be read)") from None
    try:
        value = _decode(text)
    except RecursionError:
        raise ValueError("nested too deeply to read") from None
    # Our own files never hold such an escape; only then is the whole value looked at.
    if "\\ud" in text or "\\uD" in text:
        value = _without_lone_surrogates(value)
    return value


def plain(value: Any) -> Any:
    """A deep copy of `value` as the file will hold it (tuples become lists, and so on).

    Raises TypeError for what JSON cannot hold. Lone surrogates, which a terminal makes
    of bytes it could not decode, become U+FFFD rather than refusing the user's words.
    """
    try:
        text = _encode(value)
    except ValueError as error:  # NaN, Infinity, or a circular reference
        raise TypeError(f"cannot be saved: {error}") from None
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = _encode(_without_lone_surrogates(value))
    return _decode(text)


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
