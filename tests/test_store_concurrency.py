"""Two writers at once (the app and `coach check` in another terminal) lose nothing.

Each test runs two real processes (tests/helpers/concurrent_writer.py) that start on the
same signal. The controls run the same workload through plain TinyDB with its default
JSONStorage, which has no lock: they show that without the store's lock writes are lost,
so the store's tests passing means something.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from coach.store import Store
from tests.helpers.store_kit import HELPERS, clock_on_day

PER_WORKER = 150


def run_pair(mode: str, target: Path, tmp_path: Path, count: int = PER_WORKER) -> list[str]:
    """Start two workers, release them together, return what each printed."""
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                str(HELPERS / "concurrent_writer.py"),
                mode,
                str(target),
                name,
                str(count),
                str(go),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name in ("a", "b")
    ]
    time.sleep(0.5)  # both interpreters are up and waiting (waiting longer changes nothing)
    go.touch()
    outputs = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err.decode()
        outputs.append(out.decode())
    return outputs


def others_seen(outputs: list[str]) -> int:
    """How often a worker found the other's writes between its own."""
    return sum(int(out.split()[2]) for out in outputs)


def test_two_processes_inserting_keep_all_records(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    Store.open(folder)
    outputs = run_pair("insert", folder, tmp_path)
    store = Store.open(folder)
    expected = {f"{w}-{n}" for w in "ab" for n in range(PER_WORKER)}
    assert set(store.records("notes")) == expected
    for record_id, record in store.records("notes").items():
        assert record_id == f"{record['by']}-{record['n']}"
    assert store.take_notices() == []
    # The two really wrote at the same time: their records alternate in the file.
    order = [record["by"] for record in store.records("notes").values()]
    assert sum(a != b for a, b in zip(order, order[1:], strict=False)) >= 20
    assert others_seen(outputs) >= 20


def test_two_processes_incrementing_one_counter_lose_no_increment(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    Store.open(folder).put("counters", "visits", {"value": 0})
    outputs = run_pair("counter", folder, tmp_path)
    assert Store.open(folder).get("counters", "visits") == {"id": "visits", "value": 300}
    assert others_seen(outputs) >= 20  # each often read a value the other had just written


def test_control_plain_tinydb_loses_writes_between_processes(tmp_path: Path) -> None:
    """Control: the same two-process insert through TinyDB's unlocked JSONStorage.

    Each process reads the whole file, adds its record and writes the whole file back, so
    one process's write regularly drops what the other had just written (and a reader
    can even catch the file half-written). Fewer than 300 records survive.
    """
    path = tmp_path / "plain.json"
    TinyDB(path).close()
    outputs = run_pair("tinydb-insert", path, tmp_path)
    failed = sum(int(out.split()[1]) for out in outputs)
    try:
        survivors = len(orjson.loads(path.read_bytes()).get("notes", {}))
    except orjson.JSONDecodeError:
        survivors = 0  # the file itself was torn: everything is lost
    print(f"\nplain TinyDB: {survivors} of 300 survived, {failed} inserts raised")
    assert survivors < 2 * PER_WORKER


def test_control_interleaved_in_one_process(tmp_path: Path) -> None:
    """The same lost update made deterministic: B read the file before A wrote.

    Plain TinyDB: B's whole-file write drops A's record. The store, in the same order,
    notices under its lock that the file changed since it last read it and keeps both.
    """
    path = tmp_path / "plain.json"
    a, b = TinyDB(path), TinyDB(path)
    b_view = b.storage.read() or {}  # B has the file as it was
    a.table("notes").insert({"by": "a"})
    b_view.setdefault("notes", {})["1"] = {"by": "b"}
    b.storage.write(b_view)  # what TinyDB does after B's own insert
    assert [doc["by"] for doc in TinyDB(path).table("notes").all()] == ["b"]  # A's is gone

    folder = tmp_path / "data"
    store_a, store_b = Store.open(folder), Store.open(folder)
    assert store_b.records("notes") == {}  # B has read the file as it was
    store_a.insert("notes", {"by": "a"}, record_id="a")
    store_b.insert("notes", {"by": "b"}, record_id="b")
    assert set(Store.open(folder).records("notes")) == {"a", "b"}
    assert set(store_a.records("notes")) == {"a", "b"}  # A sees B's record too


def test_changes_are_seen_even_when_the_disk_clock_is_coarse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two stores in one folder, with file times that tick only every 10 ms.

    Linux before 6.13 (and other systems) stamps a written file from a clock that moves
    every few milliseconds, and a replaced file's inode number is soon reused. So a file
    rewritten twice within one tick can look exactly like the one a store last read:
    same inode, size and time. The store must still notice and not write over the change.
    """
    real_write = os.write

    def write_with_coarse_time(fd: int, data: bytes) -> int:
        written = real_write(fd, data)
        if stat.S_ISREG(os.fstat(fd).st_mode):
            tick = time.time_ns() // 10_000_000 * 10_000_000
            os.utime(fd, ns=(tick, tick))
        return written

    folder = tmp_path / "data"
    store_a = Store.open(folder, clock_on_day(0))
    store_a.put("counters", "visits", {"value": 100})
    store_b = Store.open(folder, clock_on_day(0))
    monkeypatch.setattr(os, "write", write_with_coarse_time)

    def increment(store: Store) -> None:
        with store.transaction():
            value = store.get("counters", "visits")["value"]  # type: ignore[index]
            store.update("counters", "visits", {"value": value + 1})

    for _ in range(200):
        increment(store_a)
        increment(store_b)
        increment(store_b)
    monkeypatch.undo()
    assert Store.open(folder).get("counters", "visits") == {"id": "visits", "value": 700}
