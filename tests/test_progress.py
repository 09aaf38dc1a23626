"""Reading progress: read marks, the last lesson, per-section counts and what to read next."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from coach import progress
from coach.clock import FixedClock
from coach.guide import DoNow, Guide, Lesson, Section
from coach.store import Store


def _lesson(lesson_id: str, section_id: str) -> Lesson:
    return Lesson(
        lesson_id, lesson_id.title(), f"{lesson_id}.md", 3, section_id, DoNow("checkin", "", "x")
    )


@pytest.fixture
def guide() -> Guide:
    return Guide(
        (
            Section("start", "Start here", 0, (_lesson("welcome", "start"),)),
            Section(
                "phase-1",
                "Phase one",
                1,
                (_lesson("a", "phase-1"), _lesson("b", "phase-1"), _lesson("c", "phase-1")),
            ),
            Section(
                "phase-2", "Phase two", 2, (_lesson("d", "phase-2"), _lesson("last", "phase-2"))
            ),
        )
    )


def test_a_new_store_has_nothing_read_and_no_last_lesson(store: Store) -> None:
    assert progress.read_ids(store) == set()
    assert progress.last_lesson(store) is None
    assert not progress.is_read(store, "a")
    assert progress.read_at(store, "a") is None


def test_mark_read_keeps_the_first_date(store: Store, clock: FixedClock) -> None:
    first = clock.now()
    progress.mark_read(store, "a", first)
    progress.mark_read(store, "a", datetime(2027, 1, 1, 9, 0).astimezone())
    assert progress.is_read(store, "a")
    assert progress.read_ids(store) == {"a"}
    assert progress.read_at(store, "a") == first.replace(microsecond=0)


def test_toggle_read_flips_and_reports(store: Store, clock: FixedClock) -> None:
    assert progress.toggle_read(store, "b", clock.now()) is True
    assert progress.is_read(store, "b")
    assert progress.toggle_read(store, "b", clock.now()) is False
    assert not progress.is_read(store, "b")
    progress.mark_unread(store, "b")  # unmarking an unread lesson is harmless
    assert progress.read_ids(store) == set()


def test_a_lesson_called_last_does_not_clash_with_the_last_record(
    store: Store, clock: FixedClock
) -> None:
    progress.set_last_lesson(store, "b")
    progress.mark_read(store, "last", clock.now())
    assert progress.read_ids(store) == {"last"}
    assert progress.last_lesson(store) == "b"


def test_section_progress_counts_read_lessons(guide: Guide) -> None:
    counts = progress.section_progress(guide, {"a", "c", "gone-from-the-guide"})
    assert counts == {"start": (0, 1), "phase-1": (2, 3), "phase-2": (0, 2)}
    assert list(counts) == ["start", "phase-1", "phase-2"]
    assert progress.overall_progress(guide, {"a", "c", "gone"}) == (2, 6)


def test_next_unread_is_the_first_unread_in_reading_order(guide: Guide) -> None:
    assert progress.next_unread(guide, set()).id == "welcome"
    assert progress.next_unread(guide, {"welcome", "a", "c"}).id == "b"
    everything = {lesson.id for lesson in guide.lessons()}
    assert progress.next_unread(guide, everything) is None


def test_set_last_lesson_writes_only_on_change(store: Store) -> None:
    progress.set_last_lesson(store, "a")
    generation = store.generation
    progress.set_last_lesson(store, "a")
    assert store.generation == generation
    progress.set_last_lesson(store, "d")
    assert progress.last_lesson(store) == "d"


def test_damaged_records_are_tolerated(store: Store) -> None:
    store.put(progress.TABLE, progress.LAST_ID, {"lesson_id": 7})
    store.put(progress.TABLE, "read:a", {"read_at": "not a date"})
    assert progress.last_lesson(store) is None
    assert progress.read_ids(store) == {"a"}
    assert progress.read_at(store, "a") is None


def test_progress_survives_reopening_the_store(tmp_path: Path, clock: FixedClock) -> None:
    store = Store.open(tmp_path, clock)
    progress.mark_read(store, "a", clock.now())
    progress.set_last_lesson(store, "b")
    reopened = Store.open(tmp_path, clock)
    assert progress.read_ids(reopened) == {"a"}
    assert progress.last_lesson(reopened) == "b"
