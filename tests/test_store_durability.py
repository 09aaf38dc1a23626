"""A writer killed at any moment never loses an acknowledged record or leaves a broken store.

A fork server (tests/helpers/durability_writer.py) starts writer children over a store of
several MB; each child inserts in a loop and prints a record's id only after the insert has
returned. The test SIGKILLs the child at a random moment, 200 times, and after every kill
opens the store: it must open without a recovery, hold every acknowledged id, and sweep
the temporary file the killed write left behind.
"""

from __future__ import annotations

import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from coach.store import Store
from tests.helpers.store_kit import HELPERS, build_store, temp_files

KILLS = 200
RECORDS = 15_000  # about 4 MB of JSON: a few years of daily use
LONGEST_LIFE = 0.12  # seconds a child may live before its kill

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big") / "data"
    build_store(folder, RECORDS)
    return folder


class ForkServer:
    """The helper process and a thread that reads its lines into a queue."""

    def __init__(self, folder: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(HELPERS / "durability_writer.py"), str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            self.lines.put(raw.decode("ascii", "replace").rstrip("\n"))
        self.lines.put("eof")

    def next_line(self) -> str:
        try:
            line = self.lines.get(timeout=30)
        except queue.Empty:
            raise AssertionError("the writer stopped answering") from None
        if line == "eof" or line.startswith("error"):
            stderr = self.process.stderr.read().decode() if self.process.poll() is not None else ""
            raise AssertionError(f"writer failed: {line}\n{stderr}")
        return line

    def start_child(self) -> int:
        assert self.process.stdin is not None
        self.process.stdin.write(b"go\n")
        self.process.stdin.flush()
        kind, pid = self.next_line().split()
        assert kind == "child"
        return int(pid)

    def acks_until_reaped(self, pid: int) -> tuple[list[str], int]:
        acks = []
        while True:
            parts = self.next_line().split()
            if parts[0] == "ack":
                acks.append(parts[1])
            elif parts[:2] == ["reaped", str(pid)]:
                return acks, int(parts[2])

    def stop(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def test_killed_writer_loses_nothing_acknowledged(big_store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(big_store, folder)
    rng = random.Random(20240101)
    acknowledged: set[str] = set()
    kills = rounds_with_a_torn_write = 0
    started = time.monotonic()
    server = ForkServer(folder)
    try:
        for _ in range(KILLS):
            pid = server.start_child()
            time.sleep(rng.uniform(0, LONGEST_LIFE))
            os.kill(pid, signal.SIGKILL)
            acks, status = server.acks_until_reaped(pid)
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            kills += 1
            acknowledged.update(acks)
            if temp_files(folder):
                rounds_with_a_torn_write += 1

            store = Store.open(folder)
            assert store.take_notices() == []
            missing = acknowledged - set(store.records("checkins"))
            assert not missing, f"acknowledged but lost after kill {kills}: {sorted(missing)[:5]}"
            assert temp_files(folder) == []
            assert len(store.records("checkins")) >= RECORDS
    finally:
        server.stop()

    elapsed = time.monotonic() - started
    print(
        f"\n{kills} kills, {rounds_with_a_torn_write} mid-write, "
        f"{len(acknowledged)} acknowledged records, {elapsed:.1f} s"
    )
    assert kills == KILLS
    # Not a vacuous run: many writes were acknowledged and many kills cut a write in half.
    assert len(acknowledged) >= KILLS
    assert rounds_with_a_torn_write >= 10
