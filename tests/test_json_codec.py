"""One set of JSON rules for every file: what `coach.plain` writes and reads.

Small values are written by the standard library's json and large ones by orjson; the
two must give the same bytes, and whatever orjson refuses must still be written (or
refused with json's reason).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from coach import plain as codec
from coach.plain import MANY_RECORDS, from_bytes, plain, to_bytes
from coach.store import Store

# What the store can hold: plain JSON without NaN, with string keys and 64-bit ints.
# The store's own records hold no floats; the two writers spell some floats differently
# (1e16 and 1e+16), so floats are checked for the value read back, not the bytes.
exact_scalars = (
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1) | st.text()
)


def _nested(leaves: st.SearchStrategy) -> st.SearchStrategy:
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=30,
    )


def _json_bytes(value: object, indent: bool) -> bytes:
    if indent:
        return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@given(_nested(exact_scalars).map(plain))
@example({"note": 'tab\there, quote " and \\ and \x00 and \u2028 and 😀', "n": 7})
@example({"": [], "x": {}, "big": 2**63 - 1, "small": -(2**63), "deep": [[[{"a": None}]]]})
def test_orjson_and_json_write_the_same_bytes(value: object) -> None:
    for indent in (False, True):
        fast = codec._fast_bytes(value, indent)
        assert fast == _json_bytes(value, indent)
        assert from_bytes(fast) == value


@given(_nested(exact_scalars | st.floats(allow_nan=False, allow_infinity=False)).map(plain))
@example({"neg": -0.0, "tiny": 5e-324, "e": 1e16, "third": 1 / 3})
def test_orjson_and_json_write_the_same_values(value: object) -> None:
    for indent in (False, True):
        fast = codec._fast_bytes(value, indent)
        assert fast is not None
        assert from_bytes(fast) == from_bytes(_json_bytes(value, indent)) == value


def test_a_large_store_is_written_by_orjson_a_small_one_by_json(monkeypatch) -> None:
    calls: list[int] = []
    real = codec._fast_bytes

    def spy(value: object, indent: bool) -> bytes | None:
        calls.append(1)
        return real(value, indent)

    monkeypatch.setattr(codec, "_fast_bytes", spy)
    small = {"checks": {f"c{i}": {"status": "kept"} for i in range(MANY_RECORDS - 1)}}
    large = {"checks": {f"c{i}": {"status": "kept"} for i in range(MANY_RECORDS)}}
    assert from_bytes(to_bytes(small)) == small and calls == []
    assert from_bytes(to_bytes(large)) == large and calls == [1]


def test_what_orjson_refuses_in_a_large_store_json_still_writes() -> None:
    records = {f"c{i}": {"n": i} for i in range(MANY_RECORDS)}
    records["huge"] = {"n": 2**70}  # beyond orjson's 64 bits; valid JSON all the same
    data = {"checks": records}
    assert from_bytes(to_bytes(data)) == data
    with pytest.raises(TypeError, match="cannot be saved"):
        to_bytes({"checks": {**records, "bad": {"n": float("nan")}}})
    # orjson alone would write a date; json refuses it, large store or small.
    for count in (1, MANY_RECORDS):
        with pytest.raises(TypeError, match="date"):
            to_bytes({"checks": {**dict(list(records.items())[:count]), "d": {"on": date.today()}}})


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"a": NaN}', "NaN is not a JSON value"),
        (b'{"a": -Infinity}', "Infinity is not a JSON value"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"a": 1', "Expecting"),
    ],
)
def test_what_is_not_json_is_refused_saying_why(raw: bytes, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        from_bytes(raw)


def test_a_lone_surrogate_escape_reads_as_a_replacement_character() -> None:
    assert from_bytes(b'{"t": "a \\ud800 b \\uD83D\\uDE00 c"}') == {"t": "a \ufffd b 😀 c"}
    # A typed backslash is not an escape, and is left as it is.
    assert from_bytes(to_bytes({"t": "C:\\udir"})) == {"t": "C:\\udir"}


def test_a_store_file_holding_a_lone_surrogate_escape_opens_and_saves(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = Store.open(folder)
    rid = store.insert("notes", {"text": "first"})
    path = folder / "store.json"
    path.write_bytes(path.read_bytes().replace(b'"first"', b'"fi\\udc80rst"'))
    again = Store.open(folder)
    assert again.take_notices() == []
    assert again.get("notes", rid) == {"id": rid, "text": "fi\ufffdrst"}
    again.insert("notes", {"text": "second"})
    assert "fi\ufffdrst" in path.read_text(encoding="utf-8")
