"""Time each review on a 2,000-character text: median and 95th percentile over 200 runs.

Run with `python benchmarks/bench_reviews.py`. The target is under 5 ms for each review, so
the live checks can run on every keystroke and the reviews feel instant. The target is judged
on wall-clock time; CPU time of the calling thread is printed beside it, because on a shared
or busy machine the wall clock also counts time spent waiting for a core.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from coach.reviews import check_dont_know, check_perspective, review_apology, review_reply

RUNS = 200
LENGTH = 2_000
TARGET_MS = 5.0

# A mix of what real drafts hold: apology, excuses, replies, hedges and plain narrative.
SENTENCES = (
    "I\u2019m sorry. I lied to you about where I was on Friday night, and I kept lying.",
    "You had to find out from your sister, and it made you feel foolish for trusting me.",
    "That was my choice and there is no excuse for it, but I was so stressed at work.",
    "From now on I will tell you where I am before you have to ask me.",
    "It wasn\u2019t that big a deal, honestly, and it was only a few messages.",
    "If she felt betrayed, I understand why; I never meant to hurt her.",
    "You\u2019re right. I did that. Take all the time you need, I\u2019m not going anywhere.",
    "Why are we talking about this again? It\u2019s been months, can we move on?",
    "She sat in the car outside my office for two hours and then drove home alone.",
    "I don\u2019t know why I did it. Maybe I wanted to feel wanted again.",
)


def sample_text(length: int = LENGTH) -> str:
    """A realistic text of exactly `length` characters."""
    parts: list[str] = []
    total = 0
    index = 0
    while total < length:
        sentence = SENTENCES[index % len(SENTENCES)]
        parts.append(sentence)
        total += len(sentence) + 1
        index += 1
    return " ".join(parts)[:length]


def time_it(
    function: Callable[[str], object], text: str, runs: int = RUNS
) -> tuple[float, float, float, float]:
    """Wall median and 95th percentile, then CPU median and 95th percentile, in ms."""
    function(text)  # compiles and caches the phrase data
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.thread_time()
        function(text)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    return (*_median_p95(wall), *_median_p95(cpu))


def _median_p95(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[int(0.95 * (len(timings) - 1))]


def main() -> int:
    text = sample_text()
    cases: list[tuple[str, Callable[[str], object]]] = [
        ("review_apology", review_apology),
        ("review_reply", review_reply),
        ("check_perspective", check_perspective),
        ("check_dont_know", check_dont_know),
    ]
    print(f"{len(text):,} characters, {RUNS} runs each, target under {TARGET_MS:.0f} ms")
    print(f"{'review':<20}{'median ms':>11}{'p95 ms':>9}{'cpu median':>12}{'cpu p95':>9}  ok")
    failed = False
    for name, function in cases:
        median, p95, cpu_median, cpu_p95 = time_it(function, text)
        ok = p95 < TARGET_MS
        failed |= not ok
        print(
            f"{name:<20}{median:>11.2f}{p95:>9.2f}{cpu_median:>12.2f}{cpu_p95:>9.2f}"
            f"  {'yes' if ok else 'NO'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
