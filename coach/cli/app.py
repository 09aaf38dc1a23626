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
    from coach.screens.app import make_app

    app = make_app(store, data_dir=data_dir, handle_signals=True)
    # What is loaded by now (modules, classes, settings) lives as long as the app. Out of
    # the collector's way, the first full collection no longer walks all of it in the
    # middle of drawing Today, nor do later ones while a key is being answered.
    gc.freeze()
    result = app.run()
    return app.return_code or (result if isinstance(result, int) else 0)
