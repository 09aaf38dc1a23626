"""While another process holds the store's lock, a write waits, then says so clearly."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coach import store as store_module
from coach.store import Store, StoreLocked
from tests.helpers.store_kit import HELPERS, clock_on_day

TIMEOUT = 0.4


@pytest.fixture
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_SECONDS", TIMEOUT)


@pytest.fixture
def hold_lock(tmp_path: Path) -> Iterator[Callable[[], subprocess.Popen]]:
    """Starts another process that takes the lock of tmp_path/data and keeps it for 30 s,
    and returns once it holds it. Started by the test after its own setup: a holder that
    won the race against that setup would make it, not the step under test, wait."""
    started: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        lock = tmp_path / "data" / "store.json.lock"
        process = subprocess.Popen(
            [sys.executable, str(HELPERS / "hold_lock.py"), str(lock), "30"],
            stdout=subprocess.PIPE,
        )
        started.append(process)
        assert process.stdout is not None
        assert process.stdout.readline() == b"locked\n"
        return process

    yield start
    for process in started:
        process.kill()
        process.wait()


def test_write_waits_then_raises_store_locked_and_changes_nothing(
    tmp_path: Path, short_timeout: None, hold_lock: Callable[[], subprocess.Popen]
) -> None:
    folder = tmp_path / "data"
    store = Store.open(folder, clock_on_day(0))
    store.insert("notes", {"text": "before"}, record_id="before")
    raw = (folder / "store.json").read_bytes()
    holder = hold_lock()

    started = time.monotonic()
    with pytest.raises(StoreLocked) as raised:
        store.insert("notes", {"text": "while locked"}, record_id="during")
    waited = time.monotonic() - started
    assert TIMEOUT <= waited < TIMEOUT + 1.5
    message = str(raised.value)
    assert "another Trust Coach" in message and str(folder) in message
    assert "not saved" in message and "try again" in message
    assert (folder / "store.json").read_bytes() == raw
    assert store.get("notes", "during") is None
    assert set(store.records("notes")) == {"before"}

    holder.kill()
    holder.wait()
    store.insert("notes", {"text": "after"}, record_id="after")
    assert set(Store.open(folder).records("notes")) == {"before", "after"}


def test_open_while_locked_raises_store_locked(
    tmp_path: Path, short_timeout: None, hold_lock: Callable[[], subprocess.Popen]
) -> None:
    folder = tmp_path / "data"
    Store.open(folder, clock_on_day(0))
    hold_lock()
    with pytest.raises(StoreLocked):
        Store.open(folder, clock_on_day(0))


def test_reads_do_not_wait_for_the_lock(
    tmp_path: Path, short_timeout: None, hold_lock: Callable[[], subprocess.Popen]
) -> None:
    folder = tmp_path / "data"
    Store.open(folder, clock_on_day(0)).insert("notes", {"text": "x"}, record_id="x")
    store = Store.open(folder, clock_on_day(0))
    hold_lock()
    started = time.monotonic()
    assert set(store.records("notes")) == {"x"}
    assert store.get("notes", "x") == {"id": "x", "text": "x"}
    assert time.monotonic() - started < TIMEOUT / 2
