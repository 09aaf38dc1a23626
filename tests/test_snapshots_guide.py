"""Snapshots of the Guide at 110x34 with the fixed clock: the contents, and a lesson open.

Update with `pytest --snapshot-update tests/test_snapshots_guide.py`, then read the SVGs
under tests/__snapshots__/test_snapshots_guide/ before committing them.
"""

from __future__ import annotations

from collections.abc import Callable

from coach import progress
from coach.guide import load_guide
from coach.store import Store
from tests.conftest import SNAPSHOT_SIZE


def _read_first(store: Store, count: int) -> None:
    now = store.clock.now()
    for lesson in load_guide().lessons()[:count]:
        progress.mark_read(store, lesson.id, now)


def test_guide_contents(snap_compare, welcomed_store: Store, make_test_app: Callable) -> None:
    """First visit: the contents with a few lessons read, the next unread lesson beside."""
    _read_first(welcomed_store, 4)
    app = make_test_app(welcomed_store)
    assert snap_compare(app, press=["2"], terminal_size=SNAPSHOT_SIZE)


def test_guide_lesson_open(snap_compare, welcomed_store: Store, make_test_app: Callable) -> None:
    """A lesson opened from the contents, read part of the way down.

    The Guide opens on the third lesson (the first unread); seven rows down is the second
    lesson of Phase 2, past two section titles.
    """
    _read_first(welcomed_store, 2)
    app = make_test_app(welcomed_store)

    async def run_before(pilot) -> None:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("j", "j", "j", "j", "j", "j", "j", "enter")
        await pilot.pause(0.1)  # the focus moves to the lesson a frame after it is drawn
        await pilot.press("down", "down", "down", "down", "down", "down")
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=SNAPSHOT_SIZE)


def test_guide_search(snap_compare, welcomed_store: Store, make_test_app: Callable) -> None:
    """The search panel with results for a phrase."""
    app = make_test_app(welcomed_store)

    async def run_before(pilot) -> None:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("slash", *"promise")
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=SNAPSHOT_SIZE)
