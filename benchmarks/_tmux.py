"""A private tmux server driven through one control-mode client, for timing start-ups.

Each `capture-pane` is a line written to the control client and a block read back, not a
new `tmux` process: polling every few milliseconds then costs the measured program almost
no CPU, which matters on a two-core machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

KEEPER = "keeper"  # an idle session that keeps the server and the control client alive


class TmuxError(RuntimeError):
    """tmux refused a command or went away."""


class Tmux:
    """One tmux server on its own socket, with a control-mode client to send commands."""

    def __init__(self, socket: str, env: Mapping[str, str], size: tuple[int, int]) -> None:
        if shutil.which("tmux") is None:
            raise TmuxError("tmux is not installed")
        self.socket = socket
        self.size = size
        base = ["tmux", "-L", socket, "-f", os.devnull]
        # The server keeps the environment it was started with, and every session it
        # makes inherits it: so the programs timed get exactly `env`.
        subprocess.run(
            [*base, "new-session", "-d", "-s", KEEPER, "-x", str(size[0]), "-y", str(size[1])],
            env=dict(env),
            check=True,
        )
        self._client = subprocess.Popen(
            [*base, "-C", "attach-session", "-t", KEEPER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=dict(env),
        )
        self._read_block()  # the reply to the attach itself
        self.command("set-option -g status off")  # the whole window is the program's
        self.command("set-option -g remain-on-exit off")

    def command(self, line: str) -> list[str]:
        """Run one tmux command; its output lines (raises TmuxError on %error)."""
        assert self._client.stdin is not None
        self._client.stdin.write(line.encode() + b"\n")
        self._client.stdin.flush()
        output, ok = self._read_block()
        if not ok:
            raise TmuxError(f"tmux {line!r}: {' '.join(output)}")
        return output

    def _read_block(self) -> tuple[list[str], bool]:
        """The next reply. Replies come in order, each between %begin and %end (or
        %error); notifications such as %output come only between them and are skipped."""
        assert self._client.stdout is not None
        while True:
            raw = self._client.stdout.readline()
            if not raw:
                raise TmuxError("the tmux control client closed its output")
            if raw.startswith(b"%begin"):
                break
        output: list[str] = []
        while True:
            raw = self._client.stdout.readline()
            if not raw:
                raise TmuxError("the tmux control client closed its output")
            if raw.startswith((b"%end", b"%error")):
                return output, raw.startswith(b"%end")
            output.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def start(self, session: str, argv: Sequence[str], cwd: Path) -> None:
        """Start `argv` in a new detached session of the server's size.

        A command given as several arguments is run directly, without a shell, so the
        pane's process is the program itself.
        """
        width, height = self.size
        self.command(
            f"new-session -d -s {session} -x {width} -y {height} -c {_quote(str(cwd))} "
            + " ".join(_quote(arg) for arg in argv)
        )

    def screen(self, session: str) -> str:
        """What the session's pane shows now, as plain text."""
        return "\n".join(self.command(f"capture-pane -p -t {session}:"))

    def pane_pid(self, session: str) -> int:
        return int(self.command(f"display-message -p -t {session}: '#{{pane_pid}}'")[0])

    def alive(self, session: str) -> bool:
        try:
            self.command(f"has-session -t {session}")
        except TmuxError:
            return False
        return True

    def send_keys(self, session: str, *keys: str) -> None:
        self.command(f"send-keys -t {session}: {' '.join(keys)}")

    def wait_for_text(self, session: str, needle: str, timeout: float, poll: float) -> float:
        """perf_counter() at the first capture that shows `needle`."""
        deadline = time.perf_counter() + timeout
        while True:
            if needle in self.screen(session):
                return time.perf_counter()
            if time.perf_counter() > deadline:
                shown = self.screen(session) if self.alive(session) else "(session ended)"
                raise TmuxError(f"{needle!r} not on screen after {timeout:g} s:\n{shown}")
            time.sleep(poll)

    def wait_until_gone(self, session: str, timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        while self.alive(session):
            if time.perf_counter() > deadline:
                return False
            time.sleep(0.01)
        return True

    def kill(self, session: str) -> None:
        if self.alive(session):
            self.command(f"kill-session -t {session}")

    def close(self) -> None:
        """Stop the client and the server (only this socket's)."""
        try:
            self.command("kill-server")
        except TmuxError:
            pass
        if self._client.stdin is not None:
            self._client.stdin.close()
        try:
            self._client.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._client.kill()

    def __enter__(self) -> Tmux:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _quote(text: str) -> str:
    """One argument for tmux's command parser: nothing is special inside single quotes."""
    if "'" in text or "\n" in text:
        raise ValueError(f"cannot pass {text!r} to tmux")
    return "'" + text + "'"
