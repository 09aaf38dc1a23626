"""How fast is the store on a realistic file? Run: python tests/helpers/measure_store.py [N].

Not a test: timings depend on the machine. It builds a store of N realistic records
(default 10,000, about 2.5 MB), then times durable writes and cached reads.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from helpers_path import add_repository_root

add_repository_root()

from coach.store import Store  # noqa: E402
from tests.helpers.store_kit import build_store  # noqa: E402


def timed(action: Callable[[], object], times: int) -> list[float]:
    """Milliseconds each of `times` calls of `action` took."""
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def report(name: str, spent: list[float], unit: str = "ms") -> None:
    scale = 1000 if unit == "us" else 1
    ordered = sorted(x * scale for x in spent)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(
        f"{name:<44} median {statistics.median(ordered):8.3f} {unit}"
        f"   p95 {p95:8.3f} {unit}   max {ordered[-1]:8.3f} {unit}"
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "data"
        store = build_store(folder, count)
        size = (folder / "store.json").stat().st_size
        print(f"{count} records, store.json is {size / 1e6:.2f} MB\n")
        store.insert("checkins", {"text": "warm-up"})  # today's backup is made here

        numbers = iter(range(10**9))
        report(
            "insert (locked, fsynced, atomic)",
            timed(lambda: store.insert("checkins", {"text": f"n{next(numbers)}"}), 100),
        )
        report(
            "put of one draft (the typing path)",
            timed(lambda: store.put("drafts", "d", {"text": f"n{next(numbers)}"}), 100),
        )
        report(
            "records(table), nothing changed", timed(lambda: store.records("checkins"), 5000), "us"
        )
        report(
            "get(table, id), nothing changed",
            timed(lambda: store.get("checkins", "r00042"), 5000),
            "us",
        )
        report("all(table): copies of every record", timed(lambda: store.all("checkins"), 20))

        other = Store.open(folder)
        other.insert("checkins", {"text": "from another process"})
        report("records(table) after another's write", timed(lambda: store.records("checkins"), 1))
        report("Store.open", timed(lambda: Store.open(folder), 10))


if __name__ == "__main__":
    main()
