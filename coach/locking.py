"""The store's inter-process lock: an advisory lock on a small file beside the store.

On POSIX systems this is `flock` on `store.json.lock`, held for the length of one
read-modify-write. Writing it here rather than importing the `filelock` package keeps
`coach check` and the app's start from paying for that package's imports (logging,
hashlib, decimal and platform: about 14 ms of a 90 ms command); on Windows, where there is
no `flock`, the package is still used. On POSIX that package takes the same `flock` on the
same file, so a process of an earlier version and one of this version wait for each other.

A lock is re-entrant within its object: nested acquisitions count, and the file is let go
when the outermost one is released. Threads are kept apart by the store's own mutex.
"""

from __future__ import annotations

import errno
import os
import time
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["FileLock", "LockTimeout"]


class LockTimeout(TimeoutError):
    """The lock was held by someone else for longer than the caller would wait."""


class FileLock:
    """An exclusive lock on the file at `path`, created with `mode` when missing."""

    def __init__(self, path: str, mode: int = 0o600) -> None:
        self.path = path
        self.mode = mode
        self._fd: int | None = None
        self._count = 0
        self._other: Any = None  # the `filelock` package's lock, where there is no flock

    @property
    def is_locked(self) -> bool:
        return self._count > 0

    def acquire(
        self, timeout: float = -1, poll_interval: float = 0.05, *, blocking: bool = True
    ) -> None:
        """Take the lock, waiting up to `timeout` seconds (for ever when negative).

        With `blocking` false it tries once. Raises LockTimeout when it is not had, and
        OSError when the lock file cannot be opened (a read-only or missing folder).
        """
        if self._count:
            self._count += 1
            return
        if fcntl is None:  # pragma: no cover - Windows
            self._acquire_elsewhere(timeout, poll_interval, blocking)
        else:
            deadline = time.monotonic() + timeout if timeout >= 0 else None
            while not self._try_once():
                if not blocking or (deadline is not None and time.monotonic() >= deadline):
                    raise LockTimeout(f"{self.path} is held by another process")
                time.sleep(poll_interval)
        self._count = 1

    def release(self) -> None:
        """Let go of one acquisition; the file is unlocked when none is left."""
        if self._count == 0:
            return
        self._count -= 1
        if self._count:
            return
        if self._other is not None:  # pragma: no cover - Windows
            self._other.release()
            return
        fd, self._fd = self._fd, None
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def _try_once(self) -> bool:
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, self.mode)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                os.close(fd)
                if error.errno in (errno.EAGAIN, errno.EACCES):
                    return False
                raise
            if os.fstat(fd).st_nlink:
                self._fd = fd
                return True
            # The lock file was removed between our open and our lock, so nobody else
            # will open the file we hold: try again on the one that replaces it.
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _acquire_elsewhere(
        self, timeout: float, poll_interval: float, blocking: bool
    ) -> None:  # pragma: no cover - Windows
        import filelock

        if self._other is None:
            self._other = filelock.FileLock(self.path, mode=self.mode)
        try:
            self._other.acquire(timeout=timeout, poll_interval=poll_interval, blocking=blocking)
        except filelock.Timeout:
            raise LockTimeout(f"{self.path} is held by another process") from None
