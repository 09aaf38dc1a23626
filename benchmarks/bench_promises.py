"""Time the promise features on a long history, against their targets.

    python benchmarks/bench_promises.py [--years 10] [--runs 20] [--data-dir DIR]

1. `coach check` end to end, against `coach --version` (target: within 1.3x), finding
   the data folder as a user's (the default folder, not COACH_DATA_DIR).
2. Streaks and kept rates for every promise and for all together (target: under 5 ms),
   cold (just after a change) and warm (memoised).
3. A check-off saved durably, fsync included (target: under 50 ms).

Without --data-dir a history is made in a temporary folder with `make_history.py`.
The `coach` timed is the one beside the Python running this script: run it with the
Python of a fresh installation (`python -m venv v && v/bin/pip install .`) for what a
user's installation does; an editable install and extra .pth files slow `--version`.
Prints one line per measure and exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from make_history import main as make_history_main  # noqa: E402

from coach import streaks  # noqa: E402
from coach.paths import APP_DIR_NAME  # noqa: E402
from coach.promises import check, list_promises, program_day  # noqa: E402
from coach.store import Store  # noqa: E402


def _coach() -> list[str]:
    found = Path(sys.executable).with_name("coach")
    if found.exists():
        return [str(found)]
    on_path = shutil.which("coach")
    return [on_path] if on_path else [sys.executable, "-m", "coach"]


def time_command(argv: list[str], runs: int, env: dict[str, str]) -> list[float]:
    """Wall-clock seconds of `runs` runs, after two unmeasured ones to warm the caches."""
    times = []
    for i in range(runs + 2):
        began = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, check=False)
        took = time.perf_counter() - began
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()[:300]}")
        if i >= 2:
            times.append(took)
    return times


def bench_cli(folder: Path, runs: int, pycache: Path) -> float:
    # The data folder is found as a user's is, without COACH_DATA_DIR: the default
    # folder under $XDG_DATA_HOME (Linux), here a link to `folder`.
    xdg = pycache.parent / "xdg-data"
    xdg.mkdir(exist_ok=True)
    (xdg / APP_DIR_NAME).symlink_to(folder.resolve(), target_is_directory=True)
    env = {**os.environ, "XDG_DATA_HOME": str(xdg), "PYTHONPYCACHEPREFIX": str(pycache)}
    env.pop("COACH_DATA_DIR", None)
    env.pop("COACH_PASSPHRASE", None)
    # Time the commands as installed, with their bytecode cached (kept in a scratch folder
    # here, so the tree is not touched), even where PYTHONDONTWRITEBYTECODE is set.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    coach = _coach()
    print(f"timing {' '.join(coach)}")
    # Interleave the two commands so drift in machine load hits both alike.
    version: list[float] = []
    checking: list[float] = []
    for _ in range(max(1, runs // 5)):
        version += time_command([*coach, "--version"], 5, env)
        checking += time_command([*coach, "check", "Text if"], 5, env)
    v, c = statistics.median(version), statistics.median(checking)
    print(f"coach --version       median {v * 1000:6.1f} ms  (min {min(version) * 1000:.1f})")
    print(f"coach check           median {c * 1000:6.1f} ms  (min {min(checking) * 1000:.1f})")
    ratio = c / v
    print(f"  ratio {ratio:.2f}x (target within 1.3x)")
    return ratio


def bench_streaks(store: Store, rounds: int = 50) -> float:
    today = program_day(store)
    promises = list_promises(store)
    due_today = next(p for p in promises if p.due_on(today))

    def everything() -> None:
        streaks.overall_stats(store, today)
        for promise in promises:
            streaks.promise_stats(store, promise.id, today)
        streaks.weekly_kept_rates(store, today)

    def timed() -> float:
        began = time.perf_counter()
        everything()
        return time.perf_counter() - began

    everything()
    after_change = []
    for i in range(rounds):
        # A check-off moves the store's generation: the index catches up with that change.
        check(store, due_today.id, today, "kept" if i % 2 else "broken", "Benchmark note.")
        after_change.append(timed())
    scratch = []
    for _ in range(rounds):
        streaks._MEMOS.clear()  # as when the app starts: the index is built from nothing
        scratch.append(timed())
    warm = statistics.median(timed() for _ in range(rounds))
    median = statistics.median(after_change)
    print(
        f"streaks, {len(promises)} promises + all + 26 weeks: after a check-off median "
        f"{median * 1000:.2f} ms (max {max(after_change) * 1000:.2f}); from scratch median "
        f"{statistics.median(scratch) * 1000:.2f} ms; memoised {warm * 1e6:.0f} µs "
        "(target under 5 ms)"
    )
    return median


def bench_check_off(store: Store, rounds: int = 20) -> float:
    promise = next(p for p in list_promises(store) if p.due_on(program_day(store)))
    today = program_day(store)
    times = []
    for i in range(rounds):
        status = "kept" if i % 2 else "broken"
        began = time.perf_counter()
        check(store, promise.id, today, status, note="Benchmark note.")
        times.append(time.perf_counter() - began)
    median = statistics.median(times)
    size = (store.path.stat().st_size / 1e6) if store.path else 0
    print(
        f"durable check-off ({size:.1f} MB store)  median {median * 1000:.1f} ms "
        f"(max {max(times) * 1000:.1f})  (target under 50 ms)"
    )
    return median


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.data_dir or Path(scratch) / "data"
        if args.data_dir is None:  # as make_history.py makes it: old records moved out
            make_history_main(["--years", str(args.years), "--data-dir", str(folder)])
        store = Store.open(folder)
        ratio = bench_cli(folder, args.runs, Path(scratch) / "pycache")
        stats_time = bench_streaks(store)
        save_time = bench_check_off(store)
    ok = ratio <= 1.3 and stats_time < 0.005 and save_time < 0.05
    print("all targets met" if ok else "a target was missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
