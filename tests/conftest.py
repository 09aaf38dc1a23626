"""Shared fixtures: an in-memory store, a fixed clock, and apps built from them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from coach.clock import FixedClock
from coach.settings import Settings, save_settings
from coach.store import Store

# Tuesday 24 November 2026, 20:15 local time: a fixed evening for tests and snapshots.
FIXED_NOW = datetime(2026, 11, 24, 20, 15).astimezone()
PROGRAM_START = date(2026, 11, 3)
SNAPSHOT_SIZE = (110, 34)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(FIXED_NOW)


@pytest.fixture
def store(clock: FixedClock) -> Store:
    """An empty in-memory store (the first-run welcome will show)."""
    return Store.in_memory(clock)


@pytest.fixture
def welcomed_store(clock: FixedClock) -> Store:
    """An in-memory store past the welcome: partner Dana, she/her, started 3 November."""
    store = Store.in_memory(clock)
    save_settings(
        store,
        Settings(
            partner_name="Dana", pronouns="she/her", program_start=PROGRAM_START, welcomed=True
        ),
    )
    return store


@pytest.fixture
def make_test_app(clock: FixedClock) -> Callable:
    """Build the app around a store with the fixed clock."""
    from coach.screens.app import make_app

    def build(store: Store):
        return make_app(store, clock)

    return build


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes snapshots flaky; keep it steady."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)
    monkeypatch.setattr(TextArea, "cursor_blink", False, raising=False)
