"""An encrypted store keeps the store's guarantees: a writer killed at any moment loses
nothing it acknowledged and leaves a store that opens without recovery, and two processes
writing at once lose nothing. Short versions of tests/test_store_durability.py and
tests/test_store_concurrency.py, run on an encrypted file."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from coach import crypto
from coach.store import Store
from tests.helpers.store_kit import big_store_data, temp_files

PASSPHRASE = "maple lantern river"
KILLS = 20
LONGEST_LIFE = 0.15

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

WRITER = """
import os, sys, time
from coach.store import Store
folder, name, passphrase, count, go = sys.argv[1:6]
store = Store.open(folder, passphrase=passphrase)
os.write(1, b"ready\\n")
while go != "-" and not os.path.exists(go):
    time.sleep(0.0005)
for number in range(int(count)):
    record_id = f"{name}-{number}"
    store.insert("notes", {"by": name, "n": number, "text": "words " * 30}, record_id=record_id)
    os.write(1, f"ack {record_id}\\n".encode())
"""


def start_writer(folder: Path, name: str, count: int, go: str = "-") -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), name, PASSPHRASE, str(count), go],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def encrypted_folder(tmp_path: Path, records: int) -> Path:
    folder = tmp_path / "data"
    store = Store.open(folder)
    store.replace_all(big_store_data(records))
    cipher, _ = crypto.StoreCipher.create(PASSPHRASE)
    store.change_encryption(cipher)
    return folder


class Lines:
    """A child's stdout lines, read in a thread so the pipe never fills."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._thread = threading.Thread(target=self._pump, args=(process,), daemon=True)
        self._thread.start()

    def _pump(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        for raw in process.stdout:
            line = raw.decode().strip()
            self.lines.append(line)
            if line == "ready":
                self.ready.set()

    def acks(self) -> list[str]:
        self._thread.join(timeout=30)
        return [line.split()[1] for line in self.lines if line.startswith("ack ")]


def test_killed_encrypted_writer_loses_nothing_acknowledged(tmp_path: Path) -> None:
    folder = encrypted_folder(tmp_path, 3_000)
    rng = random.Random(11)
    acknowledged: set[str] = set()
    for round_number in range(KILLS):
        writer = start_writer(folder, f"w{round_number}", 1_000_000)
        lines = Lines(writer)
        assert lines.ready.wait(30), writer.stderr.read().decode() if writer.stderr else ""
        time.sleep(rng.uniform(0, LONGEST_LIFE))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        acknowledged.update(lines.acks())

        store = Store.open(folder, passphrase=PASSPHRASE)
        assert store.take_notices() == [], "a killed write must never need a recovery"
        missing = acknowledged - set(store.records("notes"))
        assert not missing, f"round {round_number}: lost {sorted(missing)[:5]}"
        assert not temp_files(folder)
        assert crypto.is_encrypted((folder / "store.json").read_bytes())
    assert len(acknowledged) > KILLS  # the writers did get work done between kills


def test_two_processes_writing_an_encrypted_store_lose_nothing(tmp_path: Path) -> None:
    folder = encrypted_folder(tmp_path, 200)
    go = tmp_path / "go"
    writers = [start_writer(folder, name, 80, str(go)) for name in ("a", "b")]
    readers = [Lines(writer) for writer in writers]
    for reader in readers:
        assert reader.ready.wait(30)
    go.touch()
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read().decode() if writer.stderr else ""
    acked = {ack for reader in readers for ack in reader.acks()}
    assert len(acked) == 160
    store = Store.open(folder, passphrase=PASSPHRASE)
    assert acked <= set(store.records("notes"))
    assert b"words words" not in (folder / "store.json").read_bytes()
    assert os.stat(folder / "store.json").st_mode & 0o777 == 0o600
