"""`coach` with no subcommand: open the store (asking for its passphrase if it is encrypted,
before the screen is taken over) and run the app."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from coach.paths import resolve_data_dir

if TYPE_CHECKING:
    import argparse


def run_app(args: argparse.Namespace) -> int:
    """Open the store (creating the folder if needed) and run the app until it exits."""
    # Nothing made while the app starts is garbage yet: collecting then only walks the new
    # modules and widgets again and again, a tenth of the time to the first frame. The
    # app turns the collector back on once it has started (CoachApp.on_mount).
    gc.disable()
    try:
        return _run_app(args)
    finally:
        gc.enable()


def _run_app(args: argparse.Namespace) -> int:
    from coach.cli.crypto import open_store

    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    store = open_store(data_dir)
    store.read_history()
    from coach.screens.app import make_app

    app = make_app(store, data_dir=data_dir, handle_signals=True)
    leave_full_collections_to_the_app()
    result = app.run()
    return app.return_code or (result if isinstance(result, int) else 0)


def leave_full_collections_to_the_app() -> None:
    """Set the garbage collector up for the app, just before it runs.

    What is loaded by now (modules, classes, the store) lives as long as the app: frozen,
    it is out of every collection. A full collection still walks all the app makes later
    (Textual keeps a cache for each line it has drawn): tens of ms, which Python would
    start whenever it liked, often in the middle of answering a key. So Python collects
    only the younger generations, and the app runs the full collections when no key has
    come for a moment (`CoachApp.collect_when_idle`).
    """
    gc.freeze()
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, NEVER)


NEVER = 2**31 - 1  # a full-collection threshold Python never reaches
