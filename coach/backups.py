"""Daily backups of the store: the newest 7 daily copies and 4 weekly ones are kept.

The first write of each day first copies the store as it was into
`backups/store-YYYY-MM-DD.json`. Older copies thin out: the newest DAILY_KEPT days are
kept, and before them the last copy of each of WEEKLY_KEPT ISO weeks.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from coach.fileio import atomic_write_bytes, ensure_private_dir, make_private
from coach.storage import CorruptFileError, NewerSchemaError, decode_store_bytes

DAILY_KEPT = 7
WEEKLY_KEPT = 4
# Compiled on first use (re keeps it): only listing the backups needs it.
_NAME = r"^(?P<stem>.+)-(?P<day>\d{4}-\d{2}-\d{2})\.json$"


def backup_dir(store_path: Path) -> Path:
    return store_path.parent / "backups"


def backup_path(store_path: Path, day: date) -> Path:
    return backup_dir(store_path) / f"{store_path.stem}-{day.isoformat()}.json"


def list_backups(store_path: Path) -> list[tuple[date, Path]]:
    """Backups of this store, newest first."""
    folder = backup_dir(store_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = re.match(_NAME, path.name)
        if match and match["stem"] == store_path.stem and path.is_file():
            with contextlib.suppress(ValueError):
                found.append((date.fromisoformat(match["day"]), path))
    return sorted(found, reverse=True)


def newest_good_backup(store_path: Path) -> tuple[date, Path, dict[str, Any]] | None:
    """The newest backup that reads as a store this version can open, or None."""
    for day, path in list_backups(store_path):
        try:
            return day, path, decode_store_bytes(path.read_bytes())
        except (OSError, CorruptFileError, NewerSchemaError):
            continue
    return None


def backup_if_first_today(
    store_path: Path, today: date, content: Callable[[], bytes] | None = None
) -> Path | None:
    """Copy the store aside before its first change of `today`; rotate old copies.

    `content` gives the bytes to keep (by default the file's own): a store whose old
    check-offs are in a history file keeps them in its backup too, so every backup
    holds everything on its own. Call it under the store's lock, after the file has
    been checked, so the copy is the good store as it was before today's first change.
    """
    target = backup_path(store_path, today)
    if target.exists() or not store_path.exists():
        return None
    ensure_private_dir(backup_dir(store_path))
    atomic_write_bytes(target, content() if content is not None else store_path.read_bytes())
    prune_backups(store_path)
    return target


def secure_backups(store_path: Path) -> None:
    """Take group and other permissions away from the backups folder and its files."""
    folder = backup_dir(store_path)
    if not folder.is_dir():
        return
    ensure_private_dir(folder)
    for path in folder.iterdir():
        with contextlib.suppress(OSError):
            make_private(path)


def backups_to_keep(days: list[date]) -> set[date]:
    """The newest DAILY_KEPT days, then the newest day of each of WEEKLY_KEPT older weeks.

    A week that still has a daily copy does not count as one of the weekly ones.
    """
    newest_first = sorted(set(days), reverse=True)
    keep = set(newest_first[:DAILY_KEPT])
    weeks_kept: set[tuple[int, int]] = {day.isocalendar()[:2] for day in keep}
    weekly = 0
    for day in newest_first[DAILY_KEPT:]:
        week = day.isocalendar()[:2]
        if week in weeks_kept:
            continue
        if weekly == WEEKLY_KEPT:
            break
        weeks_kept.add(week)
        keep.add(day)
        weekly += 1
    return keep


def prune_backups(store_path: Path) -> list[Path]:
    """Delete backups outside the rotation; return what was deleted."""
    found = list_backups(store_path)
    keep = backups_to_keep([day for day, _ in found])
    removed = []
    for day, path in found:
        if day not in keep:
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed
