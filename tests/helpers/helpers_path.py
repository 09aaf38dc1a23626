"""Lets a helper script run as a file still import `tests.helpers.store_kit`."""

from __future__ import annotations

import sys
from pathlib import Path


def add_repository_root() -> None:
    root = str(Path(__file__).resolve().parents[2])
    if root not in sys.path:
        sys.path.insert(0, root)
