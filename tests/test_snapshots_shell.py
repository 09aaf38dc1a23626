"""SVG snapshots of the shell: the first-run welcome and the empty Today screen."""

from __future__ import annotations

from coach.screens.app import make_app
from tests.conftest import SNAPSHOT_SIZE


def test_welcome(snap_compare, store, clock):
    assert snap_compare(make_app(store, clock), terminal_size=SNAPSHOT_SIZE)


def test_empty_today(snap_compare, welcomed_store, clock):
    assert snap_compare(make_app(welcomed_store, clock), terminal_size=SNAPSHOT_SIZE)


def test_keys_dialog(snap_compare, welcomed_store, clock):
    assert snap_compare(make_app(welcomed_store, clock), terminal_size=SNAPSHOT_SIZE, press=["f1"])
