"""Where the user's data lives: --data-dir, else $COACH_DATA_DIR, else the user data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "trust-coach"
ENV_VAR = "COACH_DATA_DIR"


def resolve_data_dir(explicit: str | None = None) -> Path:
    """The data folder to use; not created here (the store creates it when first needed)."""
    chosen = explicit or os.environ.get(ENV_VAR)
    if chosen:
        return Path(chosen).expanduser().resolve()
    return _xdg_data_dir() or _platform_data_dir()


def _xdg_data_dir() -> Path | None:
    """On Linux and the BSDs, the folder the XDG Base Directory rules give in the usual
    cases: $XDG_DATA_HOME when it is an absolute path, else ~/.local/share when $XDG_DATA_HOME
    is unset or empty. None elsewhere and in any other case, which platformdirs decides.

    platformdirs names the same folder in these cases (a test compares the two with the
    installed release). Importing it takes about 7 ms, which every `coach check` would pay.
    """
    if sys.platform in ("win32", "darwin", "cygwin"):
        return None
    xdg, home = os.environ.get("XDG_DATA_HOME", ""), os.environ.get("HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / APP_DIR_NAME
    if not xdg and os.path.isabs(home):
        return Path(home) / ".local" / "share" / APP_DIR_NAME
    return None


def _platform_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_DIR_NAME, appauthor=False)
