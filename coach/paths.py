"""Where the user's data lives: --data-dir, else $COACH_DATA_DIR, else the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "trust-coach"
ENV_VAR = "COACH_DATA_DIR"


def resolve_data_dir(explicit: str | None = None) -> Path:
    """The data folder to use; not created here (the store creates it when first needed)."""
    chosen = explicit or os.environ.get(ENV_VAR)
    if chosen:
        return Path(chosen).expanduser().resolve()
    from platformdirs import user_data_path

    return user_data_path(APP_DIR_NAME, appauthor=False)
