"""Reading progress through the guide: which lessons were read, and which was open last.

Everything lives in the store's `progress` table: one record per lesson read (`read:<id>`,
with the moment it was marked) and one record `last` naming the lesson open last, so the
Guide reopens where the user left off. This module never imports textual.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from coach.store import Store

if TYPE_CHECKING:
    from coach.guide import Guide, Lesson

TABLE = "progress"
LAST_ID = "last"
READ_PREFIX = "read:"


def _read_record_id(lesson_id: str) -> str:
    # A prefix keeps a lesson whose id happened to be "last" from clashing with that record.
    return READ_PREFIX + lesson_id


def mark_read(store: Store, lesson_id: str, now: datetime) -> None:
    """Record that the lesson was read at `now`; a lesson already read keeps its first date."""
    if is_read(store, lesson_id):
        return
    store.put(
        TABLE,
        _read_record_id(lesson_id),
        {"kind": "read", "lesson_id": lesson_id, "read_at": now.isoformat(timespec="seconds")},
    )


def mark_unread(store: Store, lesson_id: str) -> None:
    """Forget that the lesson was read (the user wants to come back to it)."""
    store.remove(TABLE, _read_record_id(lesson_id))


def toggle_read(store: Store, lesson_id: str, now: datetime) -> bool:
    """Flip the lesson's read mark; return whether it is read afterwards."""
    if is_read(store, lesson_id):
        mark_unread(store, lesson_id)
        return False
    mark_read(store, lesson_id, now)
    return True


def is_read(store: Store, lesson_id: str) -> bool:
    """Whether the lesson is marked read."""
    return _read_record_id(lesson_id) in store.records(TABLE)


def read_at(store: Store, lesson_id: str) -> datetime | None:
    """When the lesson was marked read, or None (also for a damaged date)."""
    record = store.records(TABLE).get(_read_record_id(lesson_id))
    if record is None:
        return None
    try:
        return datetime.fromisoformat(str(record.get("read_at")))
    except ValueError:
        return None


def read_ids(store: Store) -> set[str]:
    """The ids of every lesson marked read."""
    ids: set[str] = set()
    for record_id, record in store.records(TABLE).items():
        if record_id.startswith(READ_PREFIX):
            lesson_id = record.get("lesson_id")
            ids.add(lesson_id if isinstance(lesson_id, str) else record_id[len(READ_PREFIX) :])
    return ids


def section_progress(guide: Guide, read: Iterable[str]) -> dict[str, tuple[int, int]]:
    """For each section id, (lessons read, lessons in it), in the guide's order.

    Ids of lessons no longer in the guide are ignored, so the count never exceeds the total.
    """
    done = set(read)
    return {
        section.id: (sum(lesson.id in done for lesson in section.lessons), len(section.lessons))
        for section in guide.sections
    }


def overall_progress(guide: Guide, read: Iterable[str]) -> tuple[int, int]:
    """(lessons read, lessons in the guide)."""
    done = set(read)
    lessons = guide.lessons()
    return sum(lesson.id in done for lesson in lessons), len(lessons)


def set_last_lesson(store: Store, lesson_id: str) -> None:
    """Remember the lesson open last; no write at all when it is already the one remembered."""
    if last_lesson(store) == lesson_id:
        return
    store.put(TABLE, LAST_ID, {"kind": "last", "lesson_id": lesson_id})


def last_lesson(store: Store) -> str | None:
    """The id of the lesson open last, or None before the guide was ever opened."""
    record = store.records(TABLE).get(LAST_ID)
    if record is None:
        return None
    lesson_id = record.get("lesson_id")
    return lesson_id if isinstance(lesson_id, str) and lesson_id else None


def next_unread(guide: Guide, read: Iterable[str]) -> Lesson | None:
    """The first lesson in reading order not yet read, or None when all are read."""
    done = set(read)
    for lesson in guide.lessons():
        if lesson.id not in done:
            return lesson
    return None
