"""Run Trust Coach in a pseudo-terminal, as a user would: send keys, wait for text, and
end it with a signal, so tests can check what survives a killed terminal.

    with PtyApp(data_dir) as app:
        app.wait_for("Worksheets")
        app.send("3")
        app.kill(signal.SIGKILL)

Everything the app draws is read continuously in a thread; a pseudo-terminal nobody reads
fills up and blocks the app. `screen_text()` is what it drew, with escape sequences
removed, good enough to wait for a word to appear.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Sequence
from pathlib import Path

_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


class PtyApp:
    """The app in a child process attached to a pseudo-terminal of `size` (columns, rows)."""

    def __init__(
        self,
        data_dir: Path,
        *,
        size: tuple[int, int] = (110, 34),
        argv: Sequence[str] | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.size = size
        self.argv = list(argv or [sys.executable, "-m", "coach"])
        self.env = {
            **os.environ,
            "COACH_DATA_DIR": str(data_dir),
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            **(env or {}),
        }
        self.env.pop("TEXTUAL", None)  # no devtools in the child
        self.proc: subprocess.Popen[bytes] | None = None
        self._master = -1
        self._output = bytearray()
        self._lock = threading.Lock()
        self._reader: threading.Thread | None = None

    # Life cycle --------------------------------------------------------------------------
    def start(self) -> PtyApp:
        master, slave = os.openpty()
        columns, rows = self.size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.proc = subprocess.Popen(
            self.argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=self.env,
            start_new_session=True,  # the pty becomes its controlling terminal
            close_fds=True,
        )
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self._output += chunk

    def __enter__(self) -> PtyApp:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill the child if it still runs and release the terminal."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        if self._master >= 0:
            with contextlib.suppress(OSError):
                os.close(self._master)
            self._master = -1

    # Talking to it -----------------------------------------------------------------------
    def send(self, keys: str, *, gap: float = 0.0) -> None:
        """Type `keys` (raw terminal input: "\\x1b" is escape, "\\r" is enter)."""
        if not gap:
            os.write(self._master, keys.encode("utf-8"))
            return
        for key in keys:
            os.write(self._master, key.encode("utf-8"))
            time.sleep(gap)

    def raw_output(self) -> str:
        with self._lock:
            return self._output.decode("utf-8", errors="replace")

    def screen_text(self) -> str:
        """Everything drawn so far, escape sequences removed."""
        return _ESCAPES.sub("", self.raw_output())

    def mark(self) -> int:
        """A position in the output; `wait_for(..., after=mark)` looks only at what follows."""
        with self._lock:
            return len(self._output)

    def wait_for(self, text: str, *, timeout: float = 20.0, after: int = 0) -> None:
        """Wait until `text` has been drawn; AssertionError with the output if it never is."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                drawn = self._output[after:].decode("utf-8", errors="replace")
            if text in _ESCAPES.sub("", drawn):
                return
            if self.proc is not None and self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(
            f"{text!r} never appeared; the app drew:\n{self.screen_text()[-3000:]}"
        )

    def kill(self, signum: int = signal.SIGKILL, *, timeout: float = 15.0) -> int:
        """Send `signum` and wait for the child to end; return its exit status."""
        assert self.proc is not None
        self.proc.send_signal(signum)
        return self.proc.wait(timeout=timeout)
