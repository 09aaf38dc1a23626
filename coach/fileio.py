"""Private, durable file writes: 0600 files in 0700 folders, replaced atomically.

A write goes to a temporary file in the same folder, is flushed and fsynced, then
`os.replace`d over the target, and the folder is fsynced so the rename itself survives a
power cut. A process killed at any moment leaves the old file or the new one, never half.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import stat
import time
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
TEMP_MARK = ".tmp-"
_OTHERS = 0o077  # group and other permission bits


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) if needed; make sure nobody else can enter it.

    Only the group and other bits are taken away: a folder the user made read-only
    stays read-only, so a save fails loudly instead of quietly undoing their choice.
    """
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    make_private(path)
    return path


def make_private(path: Path) -> None:
    """Take group and other permissions away from `path`, whatever it is."""
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode & _OTHERS:
        os.chmod(path, mode & ~_OTHERS)


def temp_name_for(target: Path) -> Path:
    """A temporary sibling of `target`, recognisable by `is_temp_for` so it can be swept."""
    return target.with_name(f".{target.name}{TEMP_MARK}{os.getpid()}-{os.urandom(4).hex()}")


def is_temp_for(candidate: Path, target: Path) -> bool:
    """Whether `candidate` is a temporary file left by a write of `target`."""
    return candidate.name.startswith(f".{target.name}{TEMP_MARK}")


def is_temp_file(candidate: Path) -> bool:
    """Whether `candidate` is a temporary file left by any write of this module."""
    return candidate.name.startswith(".") and TEMP_MARK in candidate.name


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


def _next_mtime_ns(target: Path) -> int:
    """A modification time later than the current file's, to the nanosecond.

    Readers trust a cached copy while (inode, size, mtime) are unchanged. Many kernels
    stamp writes from a clock that ticks every few milliseconds and reuse a replaced
    file's inode at once, so two quick same-size writes could look identical; setting
    the time ourselves, strictly increasing, keeps every write distinguishable.
    """
    try:
        previous = os.stat(target).st_mtime_ns
    except OSError:
        previous = 0
    return max(time.time_ns(), previous + 1)


def atomic_write_bytes(target: Path, data: bytes, *, mode: int = PRIVATE_FILE) -> os.stat_result:
    """Replace `target` with `data` durably; on any error the old file is untouched.

    Returns the status of the new file as written (before anyone else can change it).
    """
    ensure_private_dir(target.parent)
    temp = temp_name_for(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            os.fchmod(fd, mode)  # the umask may have taken bits away from `mode`
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            mtime = _next_mtime_ns(target)
            os.utime(fd if os.utime in os.supports_fd else temp, ns=(mtime, mtime))
            os.fsync(fd)
            status = os.fstat(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(target.parent)
    return status


def move_aside(path: Path, label: str) -> Path:
    """Rename `path` to `path.label` (or `path.label-2`, ...) without ever overwriting.

    The file keeps its bytes and loses its group and other permissions. Returns where
    it went.
    """
    for number in itertools.count(1):
        suffix = label if number == 1 else f"{label}-{number}"
        aside = path.with_name(f"{path.name}.{suffix}")
        try:
            # A hard link fails if `aside` exists, which a rename would overwrite.
            os.link(path, aside)
        except FileExistsError:
            continue
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            if aside.exists():  # no hard links here: check, then rename
                continue
            os.replace(path, aside)
        else:
            os.unlink(path)
        make_private(aside)
        fsync_dir(path.parent)
        return aside
    raise AssertionError("unreachable")


def keep_copy(path: Path, label: str, content: bytes | None = None) -> Path:
    """A private copy of `path` (or `content` in its place) at `path.label`, unless an
    identical copy is there already.

    A different file under that name is never overwritten: the copy goes to
    `path.label-2`, and so on. Returns where the copy is.
    """
    raw = path.read_bytes() if content is None else content
    for number in itertools.count(1):
        copy = path.with_name(f"{path.name}.{label}" + ("" if number == 1 else f"-{number}"))
        if not copy.exists():
            atomic_write_bytes(copy, raw)
            return copy
        if copy.read_bytes() == raw:
            return copy
    raise AssertionError("unreachable")


def describe_write_error(error: OSError, folder: Path, what_failed: str) -> str:
    """`what_failed`, why the disk refused, and what the user can do, in plain words."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        why, todo = "the disk is full", "Free some disk space"
    elif error.errno in (errno.EACCES, errno.EPERM):
        why = "Trust Coach is not allowed to write in its folder"
        todo = f"Make the folder writable for your account (for example: chmod u+w {folder})"
    elif error.errno == errno.EROFS:
        why, todo = "the disk holding it is read-only", "Make the disk writable"
    else:
        why, todo = f"the system refused ({error.strerror or error})", "Check the disk"
    return (
        f"{what_failed}: {why} ({folder}). Everything saved before is intact. "
        f"{todo}, then try again."
    )


def secure_siblings(path: Path) -> None:
    """Take group and other permissions from `path` and files named like it (`path.*`)."""
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            if entry.name.startswith(path.name):
                with contextlib.suppress(OSError):
                    make_private(Path(entry.path))


def sweep_temp_files(target: Path) -> list[Path]:
    """Delete temporary files killed writes left in `target`'s folder; return what went.

    Call it only while holding the store's lock, so no live write loses its temp file.
    """
    return sweep_temp_files_in(target.parent)


def sweep_temp_files_in(folder: Path) -> list[Path]:
    """Delete every temporary file a killed write left in `folder`; return what went."""
    swept: list[Path] = []
    if not folder.is_dir():
        return swept
    for candidate in folder.iterdir():
        if is_temp_file(candidate):
            with contextlib.suppress(OSError):
                candidate.unlink()
                swept.append(candidate)
    return swept
