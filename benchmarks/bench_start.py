"""Cold start and peak memory of Trust Coach in a real terminal, against a bare Textual app.

    python benchmarks/bench_start.py --data-dir DIR [--runs 7]

Each run starts a new process in a new tmux session of 110x34 and polls the screen
(`capture-pane`) every 2 ms until the text that matters is on it: for Trust Coach, the
first promise due today (so the store has been read and Today drawn), for the bare app
(`bare_app.py`: Header, Static, Footer) its one line. The time runs from asking tmux for
the session to the first capture that shows the text, so both carry the same overhead.

Peak memory is the process's high-water mark of resident memory (VmHWM in
/proc/PID/status), read once the screen has been still for 0.3 s, just before ctrl+q.

The two programs are started in turn, so a change in the machine's load hits both alike;
two runs of each are made first and not counted (they write the bytecode caches, which a
user's installation has). Without --data-dir a 10-year history is made first.
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
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _tmux import Tmux, TmuxError  # noqa: E402
from bare_app import TEXT as BARE_TEXT  # noqa: E402

HERE = Path(__file__).parent
SIZE = (110, 34)
POLL_SECONDS = 0.002
STILL_SECONDS = 0.3


@dataclass
class Samples:
    """Start-up seconds and peak resident KiB of each run of one program."""

    name: str
    starts: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peaks_kib: list[int] = field(default_factory=list)

    @property
    def start_ms(self) -> float:
        return statistics.median(self.starts) * 1000

    @property
    def cpu_ms(self) -> float:
        return statistics.median(self.cpus) * 1000

    @property
    def peak_mib(self) -> float:
        return statistics.median(self.peaks_kib) / 1024


def coach_command() -> list[str]:
    """The installed `coach` command of this interpreter, as a user runs it."""
    found = Path(sys.executable).with_name("coach")
    if found.exists():
        return [str(found)]
    on_path = shutil.which("coach")
    return [on_path] if on_path else [sys.executable, "-m", "coach"]


def first_promise_text(data_dir: Path) -> str:
    """The start of the first promise Today lists for today (what the user looks for)."""
    from coach.promises import due_promises, program_day
    from coach.store import Store

    store = Store.open(data_dir)
    due = due_promises(store, program_day(store))
    if not due:
        raise SystemExit(f"nothing is due today in {data_dir}; make a history first")
    return due[0].text[:30]


def peak_kib(pid: int) -> int:
    """The high-water mark of the process's resident memory, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for process {pid}")


def cpu_seconds(pid: int) -> float:
    """CPU time the process has used so far, all its threads, from the scheduler's count.

    It is much less disturbed by other work on the machine than the wall clock, so it
    tells a real change from noise.
    """
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            continue  # a thread that ended meanwhile
    return total / 1e9


def wait_until_still(tmux: Tmux, session: str, still: float, timeout: float = 5.0) -> None:
    """Wait until the screen has not changed for `still` seconds."""
    deadline = time.perf_counter() + timeout
    shown, since = tmux.screen(session), time.perf_counter()
    while time.perf_counter() < deadline:
        time.sleep(0.02)
        now = tmux.screen(session)
        if now != shown:
            shown, since = now, time.perf_counter()
        elif time.perf_counter() - since >= still:
            return


def run_once(tmux: Tmux, session: str, argv: list[str], needle: str) -> tuple[float, float, int]:
    """Seconds until `needle` is on screen, CPU seconds used by then, and the peak resident
    KiB before quitting."""
    began = time.perf_counter()
    tmux.start(session, argv, HERE.parent)
    try:
        pid = tmux.pane_pid(session)
        shown = tmux.wait_for_text(session, needle, timeout=30, poll=POLL_SECONDS)
        cpu = cpu_seconds(pid)
        wait_until_still(tmux, session, STILL_SECONDS)
        peak = peak_kib(pid)
        tmux.send_keys(session, "C-q")
        if not tmux.wait_until_gone(session, timeout=10):
            raise TmuxError(f"{argv[0]} did not quit on ctrl+q")
    finally:
        tmux.kill(session)
    return shown - began, cpu, peak


def bench_start(data_dir: Path, runs: int, warmup: int = 2) -> tuple[Samples, Samples]:
    """(Trust Coach, bare app) over `runs` interleaved runs each."""
    needle = first_promise_text(data_dir)
    programs = [
        (Samples("Trust Coach"), [*coach_command(), "--data-dir", str(data_dir)], needle),
        (Samples("bare Textual app"), [sys.executable, str(HERE / "bare_app.py")], BARE_TEXT),
    ]
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(Path(scratch) / "pycache")}
        # Bytecode is cached as in an installed copy (in a scratch folder, so the tree is
        # untouched), and the store opens without asking for a passphrase.
        for name in ("PYTHONDONTWRITEBYTECODE", "COACH_PASSPHRASE", "TEXTUAL_FPS", "TMUX"):
            env.pop(name, None)
        with Tmux(f"coach-bench-{os.getpid()}", env, SIZE) as tmux:
            for index in range(warmup + runs):
                for samples, argv, text in programs:
                    took, cpu, peak = run_once(tmux, f"run{index}", argv, text)
                    if index >= warmup:
                        samples.starts.append(took)
                        samples.cpus.append(cpu)
                        samples.peaks_kib.append(peak)
    return programs[0][0], programs[1][0]


def make_history(data_dir: Path, years: int) -> None:
    subprocess.run(
        [sys.executable, str(HERE / "make_history.py"), "--years", str(years)]
        + ["--data-dir", str(data_dir)],
        check=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = args.data_dir or Path(scratch) / "data"
        if not (data_dir / "store.json").exists():
            make_history(data_dir, args.years)
        app, bare = bench_start(data_dir, args.runs)
    for samples in (app, bare):
        runs = ", ".join(f"{s * 1000:.0f}" for s in samples.starts)
        print(
            f"{samples.name:<17} start median {samples.start_ms:6.1f} ms ({runs}), "
            f"CPU {samples.cpu_ms:.0f} ms; peak memory median {samples.peak_mib:.1f} MiB"
        )
    start_ratio, memory_ratio = app.start_ms / bare.start_ms, app.peak_mib / bare.peak_mib
    cpu_ratio = app.cpu_ms / bare.cpu_ms
    print(
        f"start {start_ratio:.2f}x (target at most 1.5; CPU {cpu_ratio:.2f}x), "
        f"memory {memory_ratio:.2f}x (target at most 1.5)"
    )
    return 0 if start_ratio <= 1.5 and memory_ratio <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
