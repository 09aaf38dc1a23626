"""Run `coach` on a pseudo-terminal that is its controlling terminal, as a login shell would.

Unlike `tests.helpers.pty_app.PtyApp` (a subprocess whose terminal is only its stdio),
`pty.fork()` makes the pseudo-terminal the child's controlling terminal, so closing our end
is a real hangup: the kernel sends SIGHUP and every later write fails, as when a terminal
window or an SSH connection is closed.

    with PtyRun(data_dir) as run:
        run.wait_for("Today")
        run.send("6")
        run.signal(signal.SIGTERM)
        status = run.wait_exit()
        output = run.output()

Everything the child writes is read in a thread until EOF, so it never blocks on a full
terminal. `output()` is raw bytes; `text()` has the escape sequences removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import signal
import struct
import sys
import termios
import threading
import time
from collections.abc import Sequence
from pathlib import Path

ALT_SCREEN_ON = b"\x1b[?1049h"
ALT_SCREEN_OFF = b"\x1b[?1049l"
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def child_env(data_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a child run: the test's data folder, a known terminal."""
    env = {
        **os.environ,
        "COACH_DATA_DIR": str(data_dir),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
    }
    for name in ("TEXTUAL", "COACH_PASSPHRASE", "COACH_NEW_PASSPHRASE"):
        env.pop(name, None)  # no devtools, no passphrase the test did not give
    env.update(extra or {})
    return env


class PtyRun:
    """`coach` (or `argv`) in a child on a pseudo-terminal of `size` (columns, rows)."""

    def __init__(
        self,
        data_dir: Path,
        *,
        size: tuple[int, int] = (100, 30),
        argv: Sequence[str] | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.argv = list(argv or [sys.executable, "-m", "coach"])
        self.env = child_env(data_dir, env)
        self.size = size
        self.pid = -1
        self.fd = -1
        self.status: int | None = None
        self._output = bytearray()
        self._lock = threading.Lock()
        self._eof = threading.Event()

    def __enter__(self) -> PtyRun:
        pid, fd = pty.fork()
        if pid == 0:  # the child: its terminal is set up; become coach
            try:
                os.execve(self.argv[0], self.argv, self.env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.resize(*self.size)
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self.wait_exit(timeout=10)
        self._close_master()

    def _close_master(self) -> None:
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # EIO once the child's side is closed: that is EOF here
                break
            if not chunk:
                break
            with self._lock:
                self._output += chunk
        self._eof.set()

    # Talking to the child ----------------------------------------------------------------
    def resize(self, columns: int, rows: int) -> None:
        """Set the window size; the child gets SIGWINCH as from a resized window."""
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    def send(self, keys: str | bytes, *, gap: float = 0.0) -> None:
        data = keys.encode("utf-8") if isinstance(keys, str) else keys
        if not gap:
            os.write(self.fd, data)
            return
        for byte in data:
            os.write(self.fd, bytes([byte]))
            time.sleep(gap)

    def signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def hang_up(self) -> None:
        """Close the terminal, as closing its window does: SIGHUP, then no more output."""
        self._close_master()

    # Waiting and reading -----------------------------------------------------------------
    def output(self) -> bytes:
        with self._lock:
            return bytes(self._output)

    def text(self) -> str:
        return _ESCAPES.sub(b"", self.output()).decode("utf-8", "replace")

    def mark(self) -> int:
        """A place in the output; `wait_for(..., after=mark)` looks only at what follows."""
        with self._lock:
            return len(self._output)

    def wait_for(self, text: str, *, timeout: float = 30.0, after: int = 0) -> None:
        """Wait until `text` has been drawn; AssertionError with the screen if never."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            drawn = _ESCAPES.sub(b"", self.output()[after:]).decode("utf-8", "replace")
            if text in drawn:
                return
            if self.exited():
                break
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared; the child drew:\n{self.text()[-3000:]}")

    def exited(self) -> bool:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
        return self.status is not None

    def wait_exit(self, timeout: float = 20.0) -> int:
        """Wait for the child to end; return its exit code (negative: killed by a signal)."""
        deadline = time.monotonic() + timeout
        while not self.exited():
            if time.monotonic() > deadline:
                raise AssertionError(f"the child did not exit within {timeout} s")
            time.sleep(0.02)
        assert self.status is not None
        return os.waitstatus_to_exitcode(self.status)

    def read_to_eof(self, timeout: float = 10.0) -> bytes:
        """Everything written, once the child's side of the terminal is closed."""
        self._eof.wait(timeout)
        return self.output()

    def after_alt_screen(self) -> bytes:
        """The bytes written after the app last left the alternate screen."""
        output = self.output()
        last_on, last_off = output.rfind(ALT_SCREEN_ON), output.rfind(ALT_SCREEN_OFF)
        assert last_off > last_on, "the alternate screen was never left"
        return output[last_off + len(ALT_SCREEN_OFF) :]

    def left_alt_screen(self) -> bool:
        output = self.output()
        return output.rfind(ALT_SCREEN_OFF) > output.rfind(ALT_SCREEN_ON) >= 0
