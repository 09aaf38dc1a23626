"""One of two processes writing the same store at once (the concurrency test).

Usage: concurrent_writer.py MODE TARGET WORKER COUNT GO_FILE
MODE is "insert" or "counter" for the Trust Coach store in folder TARGET, or
"tinydb-insert" for plain TinyDB with its default JSONStorage on file TARGET (the
control that shows what happens without the store's lock). Every worker spins until
GO_FILE exists so both start together. Prints "done" and how many attempts failed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from tinydb import TinyDB

from coach.store import Store


def wait_for(go_file: Path) -> None:
    deadline = time.monotonic() + 30
    while not go_file.exists():
        if time.monotonic() > deadline:
            raise SystemExit("never told to go")
        time.sleep(0.0005)


def store_insert(folder: Path, worker: str, count: int) -> int:
    store = Store.open(folder)
    for number in range(count):
        store.insert("notes", {"by": worker, "n": number}, record_id=f"{worker}-{number}")
    return 0


def store_counter(folder: Path, worker: str, count: int) -> int:
    store = Store.open(folder)
    for _ in range(count):
        with store.transaction():
            counter = store.get("counters", "visits")
            assert counter is not None
            store.update("counters", "visits", {"value": counter["value"] + 1})
    return 0


def tinydb_insert(path: Path, worker: str, count: int) -> int:
    failures = 0
    db = TinyDB(path)
    for number in range(count):
        try:
            db.table("notes").insert({"by": worker, "n": number})
        except Exception:  # the unlocked control may read a half-written file
            failures += 1
    return failures


MODES = {"insert": store_insert, "counter": store_counter, "tinydb-insert": tinydb_insert}


def main() -> None:
    mode, target, worker, count, go_file = sys.argv[1:6]
    action = MODES[mode]
    if mode != "tinydb-insert":
        Store.open(Path(target))  # open (and create) before the start line, like the app
    wait_for(Path(go_file))
    failures = action(Path(target), worker, int(count))
    sys.stdout.write(f"done {failures}\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
