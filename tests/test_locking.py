"""The store's file lock: exclusive between processes, re-entrant within one object."""

from __future__ import annotations

import fcntl
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from coach.locking import FileLock, LockTimeout

HOLD = Path(__file__).parent / "helpers" / "hold_lock.py"


def _held_elsewhere(path: Path) -> bool:
    """Whether a separate open file description can take the lock now."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_the_lock_excludes_others_until_released(tmp_path: Path) -> None:
    path = tmp_path / "store.json.lock"
    lock = FileLock(str(path))
    lock.acquire(timeout=1)
    assert lock.is_locked and _held_elsewhere(path)
    lock.release()
    assert not lock.is_locked and not _held_elsewhere(path)


def test_nested_acquisitions_keep_it_until_the_outermost_release(tmp_path: Path) -> None:
    path = tmp_path / "store.json.lock"
    lock = FileLock(str(path))
    with lock:
        lock.acquire(timeout=0, blocking=False)
        lock.release()
        assert _held_elsewhere(path)
    assert not _held_elsewhere(path)


def test_the_lock_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "store.json.lock"
    with FileLock(str(path), mode=0o600):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_lock_held_by_another_process_times_out(tmp_path: Path) -> None:
    path = tmp_path / "store.json.lock"
    holder = subprocess.Popen(
        [sys.executable, str(HOLD), str(path), "30"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        lock = FileLock(str(path))
        with pytest.raises(LockTimeout):
            lock.acquire(timeout=0.1, poll_interval=0.01)
        with pytest.raises(LockTimeout):
            lock.acquire(blocking=False)
        assert not lock.is_locked
    finally:
        holder.kill()
        holder.wait()
    FileLock(str(path)).acquire(timeout=1)  # the holder's death let it go


def test_a_missing_folder_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        FileLock(str(tmp_path / "gone" / "store.json.lock")).acquire(timeout=0)


def test_a_lock_file_removed_while_waiting_is_taken_afresh(tmp_path: Path) -> None:
    path = tmp_path / "store.json.lock"
    first = FileLock(str(path))
    first.acquire()
    path.unlink()  # as a cleaner might; the next locker must not share a dead file's lock
    second = FileLock(str(path))
    second.acquire(timeout=0)
    assert os.fstat(second._fd).st_nlink == 1  # type: ignore[arg-type]
    second.release()
    first.release()
