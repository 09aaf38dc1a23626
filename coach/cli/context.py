"""What the promise and data commands share: opening the store, output, private files.

The store opens through `coach.cli.crypto.open_store`, so an encrypted store asks for its
passphrase the same way in every command. If opening it meant recovering a damaged file,
the command stops with exit code 3 after saying what happened, rather than carrying on
as if nothing had.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.errors import CoachError
from coach.paths import resolve_data_dir

if TYPE_CHECKING:  # imported where used, so `coach --version` stays quick
    from rich.console import Console

    from coach.clock import Clock
    from coach.store import Store

CLOCK: Clock | None = None
"""The clock commands use; None is the system clock. Tests put a fixed one here."""


class StoreRecovered(CoachError):
    """The store had to be recovered on opening; the user must read what happened first."""

    exit_code = 3


def open_store(args: argparse.Namespace) -> Store:
    """The user's store, from --data-dir, $COACH_DATA_DIR or the user data folder."""
    from coach.cli.crypto import open_store as open_with_passphrase
    from coach.store import CORRUPT_EXIT_CODE

    store = open_with_passphrase(resolve_data_dir(getattr(args, "data_dir", None)), CLOCK)
    notices = store.take_notices()
    if notices:
        raise StoreRecovered(
            "\n".join(notices) + "\nNothing else was done; run the command again to go on.",
            exit_code=CORRUPT_EXIT_CODE,
        )
    return store


def console(*, stderr: bool = False) -> Console:
    """A Rich console that never reads markup or highlights: the user's words stay text."""
    from rich.console import Console

    return Console(stderr=stderr, markup=False, highlight=False, emoji=False)


def print_json(data: Any) -> None:
    """JSON on standard output, readable and stable (keys in the order given)."""
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write_private_file(path: Path, data: bytes) -> None:
    """Write `path` atomically as a 0600 file, without changing its folder's permissions.

    `atomic_write_bytes` makes the folder 0700 (right for the data folder); an export
    may go to any folder of the user's, so that folder's mode is put back as it was.
    """
    from coach.fileio import atomic_write_bytes

    folder = path.parent
    try:
        mode = folder.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    try:
        atomic_write_bytes(path, data)
    except OSError as error:
        raise CoachError(
            f"Could not write {path} ({error.strerror or error}). Nothing was written."
        ) from None
    finally:
        if mode is not None:
            with contextlib.suppress(OSError):
                if folder.stat().st_mode & 0o7777 != mode:
                    os.chmod(folder, mode)
