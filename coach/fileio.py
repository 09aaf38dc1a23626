"""Private, durable file writes: 0600 files in 0700 folders, replaced atomically.

A write goes to a temporary file in the same folder, is flushed and fsynced, then
`os.replace`d over the target, and the folder is fsynced so the rename itself survives a
power cut. A process killed at any moment leaves the old file or the new one, never half.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
TEMP_MARK = ".tmp-"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) if needed and make it 0700 whatever the umask."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if (path.stat().st_mode & 0o777) != PRIVATE_DIR:
        path.chmod(PRIVATE_DIR)
    return path


def temp_name_for(target: Path) -> Path:
    """A temporary sibling of `target`, recognisable by `is_temp_for` so it can be swept."""
    return target.with_name(f".{target.name}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")


def is_temp_for(candidate: Path, target: Path) -> bool:
    """Whether `candidate` is a temporary file left by a write of `target`."""
    return candidate.name.startswith(f".{target.name}{TEMP_MARK}")


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(target: Path, data: bytes, *, mode: int = PRIVATE_FILE) -> None:
    """Replace `target` with `data` durably; on any error the old file is untouched."""
    ensure_private_dir(target.parent)
    temp = temp_name_for(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(target.parent)


def sweep_temp_files(target: Path) -> list[Path]:
    """Delete temporary files a killed write of `target` left behind; return what went.

    Call it only while holding the store's lock, so no live write loses its temp file.
    """
    swept = []
    folder = target.parent
    if not folder.is_dir():
        return swept
    for candidate in folder.iterdir():
        if is_temp_for(candidate, target):
            with contextlib.suppress(OSError):
                candidate.unlink()
                swept.append(candidate)
    return swept
