"""Shared pieces of the store's tests: realistic records, a big store, file listings.

Tests import it as `tests.helpers.store_kit`.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from coach.clock import FixedClock
from coach.store import Store

HELPERS = Path(__file__).resolve().parent
DATA = HELPERS.parent / "data"

# Words of the kind the app holds: promises, check-ins, what was said and felt.
WORDS = (
    "I will call you when I am running late and tell you where I am honestly "
    "without waiting to be asked because you deserve to know the truth the "
    "moment it happens not after we talked on Sunday about the messages and I "
    "felt ashamed but I listened to all of it and did not defend myself tonight"
).split()

START = datetime(2024, 1, 1, 9, 30)


def words(rng: random.Random, count: int) -> str:
    """A sentence-like string of `count` words."""
    return " ".join(rng.choices(WORDS, k=count)).capitalize() + "."


def realistic_record(rng: random.Random, number: int) -> dict:
    """A record about the size of a real check-in (roughly 250-300 bytes of JSON)."""
    return {
        "kind": "checkin",
        "made_on": (START + timedelta(days=number % 900)).date().isoformat(),
        "promise": f"p{number % 40:03d}",
        "kept": number % 3 != 0,
        "text": words(rng, 28),
        "feeling": rng.choice(["ashamed", "hopeful", "tired", "steady"]),
        "tags": ["honesty", "time"][: 1 + number % 2],
    }


def big_store_data(count: int, seed: int = 7) -> dict[str, dict]:
    """`count` realistic records under ids r00000..., as `Store.replace_all` takes them."""
    rng = random.Random(seed)
    return {"checkins": {f"r{i:05d}": realistic_record(rng, i) for i in range(count)}}


def build_store(folder: Path, count: int, clock: FixedClock | None = None) -> Store:
    """A store in `folder` pre-filled with `count` realistic records."""
    store = Store.open(folder, clock or FixedClock(START))
    store.replace_all(big_store_data(count))
    return store


def clock_on_day(day: int, hour: int = 9) -> FixedClock:
    """A clock on day `day` after 2024-01-01, at `hour` o'clock."""
    return FixedClock(START.replace(hour=hour) + timedelta(days=day))


def temp_files(folder: Path) -> list[Path]:
    """Temporary files of interrupted writes, in the data folder or its backups."""
    found = []
    for place in (folder, folder / "backups"):
        if place.is_dir():
            found += [p for p in place.iterdir() if ".tmp-" in p.name]
    return found


def mode_of(path: Path) -> int:
    return os.stat(path).st_mode & 0o777


def run_helper(script: str, *args: str, env: dict | None = None, timeout: float = 60) -> str:
    """Run a script from this folder in a fresh interpreter; return its stdout; fail loudly."""
    result = subprocess.run(
        [sys.executable, str(HELPERS / script), *args],
        capture_output=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"{script} exited with {result.returncode}:\n{result.stderr.decode(errors='replace')}"
        )
    return result.stdout.decode("ascii")
