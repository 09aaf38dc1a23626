"""One of two processes writing the same store at once (the concurrency test).

Usage: concurrent_writer.py MODE TARGET WORKER COUNT GO_FILE
MODE is "insert" or "counter" for the Trust Coach store in folder TARGET, or
"tinydb-insert" for plain TinyDB with its default JSONStorage on file TARGET (the
control that shows what happens without the store's lock). Every worker spins until
GO_FILE exists so both start together. Between writes a worker pauses for up to 2 ms,
as a person would, or the one holding the lock would simply take it again at once and
the two would run one after the other. Prints "done", how many attempts failed, and how
often the worker saw the other's writes land between its own (proof they overlapped).
"""

from __future__ import annotations

import os
import random
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


def pause() -> None:
    time.sleep(random.uniform(0, 0.002))


def store_insert(folder: Path, worker: str, count: int) -> tuple[int, int]:
    store = Store.open(folder)
    others_seen = 0
    for number in range(count):
        before = len(store.records("notes"))
        store.insert("notes", {"by": worker, "n": number}, record_id=f"{worker}-{number}")
        others_seen += len(store.records("notes")) > before + 1
        pause()
    return 0, others_seen


def store_counter(folder: Path, worker: str, count: int) -> tuple[int, int]:
    store = Store.open(folder)
    others_seen, last_written = 0, None
    for _ in range(count):
        with store.transaction():
            counter = store.get("counters", "visits")
            assert counter is not None
            others_seen += last_written is not None and counter["value"] != last_written
            last_written = counter["value"] + 1
            store.update("counters", "visits", {"value": last_written})
        pause()
    return 0, others_seen


def tinydb_insert(path: Path, worker: str, count: int) -> tuple[int, int]:
    failures = 0
    db = TinyDB(path)
    for number in range(count):
        try:
            db.table("notes").insert({"by": worker, "n": number})
        except Exception:  # the unlocked control may read a half-written file
            failures += 1
        pause()
    return failures, 0


MODES = {"insert": store_insert, "counter": store_counter, "tinydb-insert": tinydb_insert}


def main() -> None:
    mode, target, worker, count, go_file = sys.argv[1:6]
    action = MODES[mode]
    if mode != "tinydb-insert":
        Store.open(Path(target))  # open (and create) before the start line, like the app
    wait_for(Path(go_file))
    failures, others_seen = action(Path(target), worker, int(count))
    sys.stdout.write(f"done {failures} {others_seen}\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
