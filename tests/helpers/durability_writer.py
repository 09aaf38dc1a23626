"""A fork server for the durability test: each "go" on stdin forks a writer child.

The parent imports the store once, so a child starts in milliseconds instead of paying
for a fresh interpreter. A child opens the store and inserts records forever, printing
"ack ID" only AFTER each insert has returned; the test SIGKILLs it at a random moment.
All output goes through os.write of whole short lines, which a pipe keeps unmixed.

Protocol on stdout: "child PID" when a child starts, "ack ID" per acknowledged record,
"error TEXT" if a child fails, and "reaped PID STATUS" once the parent has collected it.
"""

from __future__ import annotations

import os
import random
import sys
import traceback
from pathlib import Path

from helpers_path import add_repository_root

add_repository_root()

from coach.store import Store  # noqa: E402
from tests.helpers.store_kit import realistic_record  # noqa: E402


def say(line: str) -> None:
    os.write(1, (line + "\n").encode("ascii"))


def child(folder: Path, seed: int) -> None:
    rng = random.Random(seed)
    store = Store.open(folder)
    for notice in store.take_notices():
        say("error notice " + notice.encode("ascii", "backslashreplace").decode())
    for number in range(1_000_000):
        record_id = f"w{seed}-{number}"
        store.insert("checkins", realistic_record(rng, number), record_id=record_id)
        say(f"ack {record_id}")


def main() -> None:
    folder = Path(sys.argv[1])
    rounds = 0
    for line in sys.stdin:
        if line.strip() != "go":
            break
        rounds += 1
        pid = os.fork()
        if pid == 0:
            try:
                child(folder, rounds)
            except BaseException:
                say("error " + traceback.format_exc().replace("\n", " | "))
                os._exit(1)
            os._exit(0)
        say(f"child {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"reaped {pid} {status}")


if __name__ == "__main__":
    main()
