"""Crash reports that never hold the user's words.

A report names the exception's type and the code path (files, lines, functions). It
leaves out the exception's message and every local variable, since either can hold
text the user typed.
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path

from coach import __version__
from coach.fileio import PRIVATE_FILE, ensure_private_dir

CRASH_LOG = "crash.log"


def format_crash(error: BaseException, when: datetime) -> str:
    """A report of `error`: its type and frames only."""
    lines = [f"Trust Coach {__version__} crashed at {when.isoformat(timespec='seconds')}"]
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        lines.append(f"{type(current).__module__}.{type(current).__qualname__} (message withheld)")
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
        current = current.__cause__ or current.__context__
    return "\n".join(lines) + "\n\n"


def write_crash_log(error: BaseException, folder: Path, when: datetime) -> Path:
    """Append a report to `crash.log` (0600) in `folder`; return its path."""
    ensure_private_dir(folder)
    path = folder / CRASH_LOG
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)
        os.write(fd, format_crash(error, when).encode("utf-8"))
    finally:
        os.close(fd)
    return path
