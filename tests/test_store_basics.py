"""The store's everyday contract: records go in, come back, change, and go away as asked.

Also: a transaction is one write or none, text survives any locale, and the in-memory
store used by other tests behaves exactly like the file-backed one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coach.store import Store
from tests.helpers.store_kit import clock_on_day, run_helper, temp_files

TEXTS = [
    "café au lait, crème brûlée, naïve",
    "I'm sorry 🙏 I love you ❤️ 👨‍👩‍👧",
    "סליחה, אני אוהב אותך",  # Hebrew, right to left
    "أنا آسف جداً",  # Arabic, right to left
    "mixed: אני sorry 😔 café",
]


def make_store(kind: str, tmp_path: Path) -> Store:
    if kind == "memory":
        return Store.in_memory(clock_on_day(0))
    return Store.open(tmp_path / "data", clock_on_day(0))


@pytest.fixture(params=["file", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    return make_store(request.param, tmp_path)


def test_insert_get_update_put_remove_all_find(store: Store) -> None:
    first = store.insert("promises", {"text": "Call when late", "kept": 0})
    second = store.insert("promises", {"text": "No secrets", "kept": 0}, record_id="p-2")
    third = store.insert("promises", {"id": "p-3", "text": "Share my phone", "kept": 2})

    assert second == "p-2" and third == "p-3"
    assert store.get("promises", first) == {"id": first, "text": "Call when late", "kept": 0}
    assert store.get("promises", "nope") is None
    assert [r["id"] for r in store.all("promises")] == [first, "p-2", "p-3"]

    store.update("promises", first, {"kept": 5})
    assert store.get("promises", first) == {"id": first, "text": "Call when late", "kept": 5}
    # An update keeps the record where it was: lists stay in the order they were made.
    assert [r["id"] for r in store.all("promises")] == [first, "p-2", "p-3"]

    store.put("promises", "p-2", {"text": "No secrets, ever"})
    assert store.get("promises", "p-2") == {"id": "p-2", "text": "No secrets, ever"}
    assert [r["id"] for r in store.all("promises")] == [first, "p-2", "p-3"]
    store.put("promises", "p-4", {"text": "New"})
    assert [r["id"] for r in store.all("promises")] == [first, "p-2", "p-3", "p-4"]

    kept = store.find("promises", lambda r: r.get("kept", 0) >= 2)
    assert sorted(r["id"] for r in kept) == [first, "p-3"]

    store.remove("promises", "p-3")
    store.remove("promises", "never-there")
    assert store.get("promises", "p-3") is None
    assert [r["id"] for r in store.all("promises")] == [first, "p-2", "p-4"]
    assert set(store.records("promises")) == {first, "p-2", "p-4"}
    assert "promises" in store.table_names()

    with pytest.raises(KeyError):
        store.update("promises", "p-3", {"kept": 1})


def test_ids_are_stable_across_reopen(tmp_path: Path) -> None:
    store = Store.open(tmp_path, clock_on_day(0))
    ids = [store.insert("promises", {"n": n}) for n in range(20)]
    assert len(set(ids)) == 20
    store.update("promises", ids[3], {"n": 33})
    again = Store.open(tmp_path, clock_on_day(0))
    assert [r["id"] for r in again.all("promises")] == ids
    assert again.get("promises", ids[3]) == {"id": ids[3], "n": 33}


def test_records_given_and_returned_are_copies(store: Store) -> None:
    """Changing a dict after handing it over, or one read back, must not change the store."""
    mine = {"text": "Tell the truth", "steps": ["say it"], "detail": {"when": "now"}}
    rid = store.insert("promises", mine)
    mine["steps"].append("typed but never saved")
    mine["detail"]["when"] = "never saved"

    got = store.get("promises", rid)
    assert got is not None
    got["steps"].append("edited in a screen, not saved")
    store.all("promises")[0]["detail"]["when"] = "also not saved"
    store.find("promises", lambda r: True)[0]["steps"].clear()

    expected = {"id": rid, "text": "Tell the truth", "steps": ["say it"], "detail": {"when": "now"}}
    assert store.get("promises", rid) == expected
    # And a later, unrelated write does not smuggle any of those edits to disk.
    store.insert("other", {"x": 1})
    if store.path is not None:
        assert Store.open(store.path.parent).get("promises", rid) == expected


def test_stored_values_are_what_the_file_holds(store: Store) -> None:
    """Tuples come back as lists in memory too, not only after a reopen."""
    rid = store.insert("promises", {"pair": (1, 2)})
    assert store.get("promises", rid) == {"id": rid, "pair": [1, 2]}


def test_update_cannot_change_a_records_id(store: Store) -> None:
    rid = store.insert("promises", {"text": "x"})
    with pytest.raises(ValueError):
        store.update("promises", rid, {"id": "other"})
    assert store.get("promises", rid) == {"id": rid, "text": "x"}


def count_replacements(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[str]:
    """Record every os.replace onto `target` (each is one write of the store)."""
    seen: list[str] = []
    real_replace = os.replace

    def spy(src, dst, *args, **kwargs):
        if Path(dst) == target:
            seen.append(str(src))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    return seen


def test_transaction_writes_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.open(tmp_path, clock_on_day(0))
    keep = store.insert("promises", {"text": "already there"})
    writes = count_replacements(monkeypatch, tmp_path / "store.json")
    before = (tmp_path / "store.json").read_bytes()

    with store.transaction():
        a = store.insert("promises", {"text": "a"})
        store.update("promises", keep, {"text": "changed"})
        with store.transaction():  # nested: joins the outer one
            b = store.insert("promises", {"text": "b"})
        store.remove("promises", a)
        # Nothing reached the disk yet, but this window already sees its own changes.
        assert (tmp_path / "store.json").read_bytes() == before
        assert store.get("promises", b) is not None

    assert len(writes) == 1
    reopened = Store.open(tmp_path, clock_on_day(0))
    assert {r["text"] for r in reopened.all("promises")} == {"changed", "b"}


def test_transaction_rolls_back_completely(tmp_path: Path) -> None:
    store = Store.open(tmp_path, clock_on_day(0))
    keep = store.insert("promises", {"text": "keep me", "list": ["one"]})
    gone = store.insert("promises", {"text": "remove me"})
    before = (tmp_path / "store.json").read_bytes()
    generation = store.generation

    with pytest.raises(RuntimeError, match="changed my mind"):
        with store.transaction():
            store.insert("promises", {"text": "never saved"}, record_id="tmp")
            store.update("promises", keep, {"text": "never saved", "list": []})
            store.remove("promises", gone)
            store.replace_all({"other": {"x": {"y": 1}}})
            raise RuntimeError("changed my mind")

    assert (tmp_path / "store.json").read_bytes() == before
    assert store.get("promises", "tmp") is None
    assert store.get("promises", keep) == {"id": keep, "text": "keep me", "list": ["one"]}
    assert store.get("promises", gone) is not None
    assert store.table_names() == ["meta", "promises"]
    assert store.generation != generation  # screens showing the dropped changes redraw
    assert temp_files(tmp_path) == []

    # The next write starts from the rolled-back state, not from the abandoned one.
    store.insert("promises", {"text": "after"})
    texts = {r["text"] for r in Store.open(tmp_path, clock_on_day(0)).all("promises")}
    assert texts == {"keep me", "remove me", "after"}


def test_in_memory_store_rolls_back() -> None:
    store = Store.in_memory(clock_on_day(0))
    keep = store.insert("promises", {"text": "keep me"})
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.insert("promises", {"text": "never"})
            store.update("promises", keep, {"text": "never"})
            raise RuntimeError
    assert store.all("promises") == [{"id": keep, "text": "keep me"}]
    assert store.path is None
    assert store.take_notices() == []


def test_text_round_trips(store: Store) -> None:
    ids = [store.insert("notes", {"text": text}) for text in TEXTS]
    assert [store.get("notes", rid)["text"] for rid in ids] == TEXTS  # type: ignore[index]
    if store.path is not None:
        raw = store.path.read_bytes()
        for text in TEXTS:
            assert text.encode("utf-8") in raw
        again = Store.open(store.path.parent)
        assert [again.get("notes", rid)["text"] for rid in ids] == TEXTS  # type: ignore[index]


def test_lone_surrogates_are_saved_not_refused(store: Store) -> None:
    """A terminal hands over undecodable bytes as lone surrogates; the words must still save."""
    rid = store.insert("notes", {"text": "I meant it \udce9 truly \ud83d"})
    assert store.get("notes", rid) == {"id": rid, "text": "I meant it \ufffd truly \ufffd"}


def c_locale_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONUTF8"))}
    # PYTHONUTF8=0 and no coercion keep Python from quietly switching to UTF-8 for us.
    env.update(LC_ALL="C", LANG="C", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0")
    return env


def test_text_round_trips_under_the_c_locale(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    payload = json.dumps(TEXTS, ensure_ascii=True)
    wrote = json.loads(
        run_helper("locale_roundtrip.py", str(folder), "write", payload, env=c_locale_env())
    )
    # The child really ran with an ASCII locale; otherwise this test proves nothing.
    assert wrote["utf8_mode"] == 0
    assert "utf" not in wrote["encoding"].lower()
    assert wrote["notices"] == []
    assert [wrote["texts"][f"n{i}"] for i in range(len(TEXTS))] == TEXTS

    raw = (folder / "store.json").read_bytes()
    for text in TEXTS:
        assert text.encode("utf-8") in raw

    read = json.loads(run_helper("locale_roundtrip.py", str(folder), "read", env=c_locale_env()))
    assert [read["texts"][f"n{i}"] for i in range(len(TEXTS))] == TEXTS
    store = Store.open(folder)
    assert [store.get("notes", f"n{i}")["text"] for i in range(len(TEXTS))] == TEXTS  # type: ignore[index]
