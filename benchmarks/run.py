"""Every performance figure of Trust Coach beside its target, on a fresh ten-year history.

    python benchmarks/run.py [--runs 7] [--rounds 60] [--years 10] [--data-dir DIR]

1. `make_history.py` writes a ten-year history into a scratch folder (or DIR, if empty);
2. cold start and peak memory in a real terminal (tmux, 110x34), Trust Coach and a bare
   Textual app started in turn, `--runs` times each (`bench_start.py`);
3. a key in each section through Pilot, from the key event to the next frame
   (`bench_keys.py`, in its own process);
4. a durable check-off, the apology and reply reviews on 2,000 characters, and the
   streaks and scores of every promise (`_ops.py`).

Prints one Markdown table and exits 1 if any target is missed. The machine should be
quiet: other work on it slows both programs of a pair, but not always alike.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _keytimer import KeyTimes  # noqa: E402
from _ops import Timing, bench_check_off, bench_reviews, bench_streaks  # noqa: E402
from bench_start import Samples, bench_start  # noqa: E402

HERE = Path(__file__).parent
START_RATIO = MEMORY_RATIO = 1.5

Row = tuple[str, str, str, str, bool]  # figure, measured, reference, target, met


def make_history(data_dir: Path, years: int) -> str:
    done = subprocess.run(
        [sys.executable, str(HERE / "make_history.py"), "--years", str(years)]
        + ["--data-dir", str(data_dir)],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def start_rows(app: Samples, bare: Samples) -> list[Row]:
    runs = len(app.starts)
    start, memory = app.start_ms / bare.start_ms, app.peak_mib / bare.peak_mib
    cpu = app.cpu_ms / bare.cpu_ms
    return [
        (
            f"Cold start to today's first promise on screen (median of {runs})",
            f"{app.start_ms:.0f} ms (CPU {app.cpu_ms:.0f} ms)",
            f"bare Textual app {bare.start_ms:.0f} ms (CPU {bare.cpu_ms:.0f} ms): "
            f"**{start:.2f}x** (CPU {cpu:.2f}x)",
            f"at most {START_RATIO}x",
            start <= START_RATIO,
        ),
        (
            f"Peak memory, VmHWM (median of {runs})",
            f"{app.peak_mib:.1f} MiB",
            f"bare Textual app {bare.peak_mib:.1f} MiB: **{memory:.2f}x**",
            f"at most {MEMORY_RATIO}x",
            memory <= MEMORY_RATIO,
        ),
    ]


def key_rows(results: list[KeyTimes]) -> list[Row]:
    return [
        (
            f"{times.name} (n={len(times.first)})",
            f"median {times.median:.1f} ms, **p95 {times.p95:.1f} ms**",
            f"still again: median {times.settled_median:.0f} ms, p95 {times.settled_p95:.0f} ms",
            f"p95 under {times.target_ms:.0f} ms",
            times.ok,
        )
        for times in results
    ]


def op_rows(timings: list[Timing]) -> list[Row]:
    return [
        (
            f"{timing.name} (n={len(timing.ms)})",
            f"**median {timing.median:.2f} ms**, p95 {timing.p95:.2f} ms",
            "",
            f"under {timing.target_ms:.0f} ms",
            timing.ok,
        )
        for timing in timings
    ]


def measure_keys(data_dir: Path, rounds: int, scratch: Path) -> list[KeyTimes]:
    out = scratch / "keys.json"
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}  # Textual's default
    subprocess.run(
        [sys.executable, str(HERE / "bench_keys.py"), "--data-dir", str(data_dir)]
        + ["--rounds", str(rounds), "--json", str(out)],
        check=False,  # a missed target is in the table, not an error here
        capture_output=True,
        env=env,
    )
    if not out.exists():
        raise SystemExit("bench_keys.py failed; run it alone to see why")
    return [KeyTimes(**row) for row in json.loads(out.read_text())]


def table(rows: list[Row]) -> str:
    lines = ["| Figure | Trust Coach | Reference in the same run | Target | Met |"]
    lines.append("| --- | --- | --- | --- | --- |")
    for figure, measured, reference, target, met in rows:
        verdict = "yes" if met else "NO"
        lines.append(f"| {figure} | {measured} | {reference} | {target} | {verdict} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="starts of each program")
    parser.add_argument("--rounds", type=int, default=60, help="presses of each key")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--data-dir", type=Path, help="keep the history here")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        data_dir = args.data_dir or scratch / "history"
        if not (data_dir / "store.json").exists():
            print(make_history(data_dir, args.years), file=sys.stderr)
        size = (data_dir / "store.json").stat().st_size / 1e6
        print(f"start and memory ({args.runs} runs each)...", file=sys.stderr)
        app, bare = bench_start(data_dir, args.runs)
        print(f"keys ({args.rounds} presses each)...", file=sys.stderr)
        keys = measure_keys(data_dir, args.rounds, scratch)
        print("check-off, reviews, streaks...", file=sys.stderr)
        writes = scratch / "writes"  # the check-offs go to a copy; the history stays as made
        shutil.copytree(data_dir, writes)
        ops = [bench_check_off(writes), *bench_reviews(), *bench_streaks(writes)]
    rows = start_rows(app, bare) + key_rows(keys) + op_rows(ops)
    print(
        f"Trust Coach, {args.years}-year history ({size:.1f} MB store); Python "
        f"{platform.python_version()}, {os.cpu_count()} cores; "
        f"{time.perf_counter() - began:.0f} s\n"
    )
    print(table(rows))
    missed = [row[0] for row in rows if not row[4]]
    print("\nAll targets met." if not missed else f"\nMissed: {'; '.join(missed)}")
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
