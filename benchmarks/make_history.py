"""Make a realistic multi-year history of promises, for benchmarks and for trying the app.

    python benchmarks/make_history.py --years 10 --data-dir /tmp/coach-bench [--seed 7]

Five promises on different schedules, most due days kept, some broken with an honest
note, some logged late, a note here and there; and a weekly check-in on Tuesdays, held
most weeks, with both questions answered and each partner's step for the week.
Everything goes through the project's own functions (`add_promise`, `check`, `set_note`,
`start_checkin`, `finish_checkin`), inside one transaction so the file is written once.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from coach.checkins import finish_checkin, set_schedule, start_checkin
from coach.clock import FixedClock
from coach.promises import add_promise, check, set_note
from coach.schedule import parse_every
from coach.settings import Settings, save_settings
from coach.store import Store

PROMISES = [
    ("Text if I'll be more than ten minutes late", "daily", None),
    ("Be home for dinner by 18:30", "weekdays", "18:30"),
    ("Walk together after dinner", "mo,we,fr", "19:30"),
    ("Weekly check-in about how we're doing", "weekly", "20:00"),
    ("Offer my phone without being asked", "every:3", None),
]
BROKEN_NOTES = [
    "I got caught up at work and didn't text. Next time I set a reminder at 17:00.",
    "I forgot and then got defensive when asked. I said sorry; tomorrow I start early.",
    "I skipped it because I was tired. I'll tell her when I'm flat instead of vanishing.",
    "I let it slide. I'll put it in the calendar and say so at the check-in.",
]
KEPT_NOTES = [
    "She noticed and said thank you.",
    "Hard today, but I did it.",
    "We talked for longer than usual.",
    "Felt awkward; did it anyway.",
]
DAY_NOTES = ["Rough day for both of us.", "A good, quiet evening.", "Old argument came up."]
HOW_ARE_WE = [
    "Steadier than last week. She laughed at dinner twice.",
    "Tense. The trip came up again and I listened instead of arguing.",
    "Quiet, a bit distant, but we both showed up for this.",
    "Better. We planned the weekend together without it turning into a fight.",
]
FELT_OFF = [
    "",
    "I came home late on Thursday without texting.",
    "She saw a message notification and went cold; I showed her the phone.",
    "I got short with her when she asked where I was.",
]
MY_STEPS = ["Text before I leave work.", "Put my phone on the table at dinner.", "Walk on Friday."]
THEIR_STEPS = ["Tell me when something feels off.", "Pick the film on Saturday.", ""]
AGENDA = ["Appreciation: the lunch she packed", "Honesty: I had coffee with Sam", "Goal: the trip"]


def make_history(store: Store, years: int, seed: int, today: date) -> dict[str, int]:
    """Fill `store` with `years` of history ending yesterday; return what was written."""
    rng = random.Random(seed)
    start = today - timedelta(days=round(365.25 * years))
    counts = {"promises": 0, "kept": 0, "broken": 0, "late": 0, "unlogged": 0, "notes": 0}
    counts["checkins"] = 0
    with store.transaction():
        save_settings(
            store,
            Settings(partner_name="Dana", pronouns="she/her", program_start=start, welcomed=True),
        )
        made = []
        for text, every, at in PROMISES:
            made.append(add_promise(store, text, parse_every(every, start), start, at=at))
            counts["promises"] += 1
        set_schedule(store, "Tuesday", "20:00", start)
        day = start
        while day < today:
            evening = datetime.combine(day, datetime.min.time()).replace(hour=21).astimezone()
            for promise in made:
                if not promise.due_on(day):
                    continue
                roll = rng.random()
                if roll < 0.02:
                    counts["unlogged"] += 1
                    continue
                late = rng.random() < 0.04 and day < today - timedelta(days=3)
                when = evening + timedelta(days=rng.randint(2, 3)) if late else evening
                counts["late"] += late
                if roll < 0.06:
                    check(store, promise.id, day, "broken", rng.choice(BROKEN_NOTES), now=when)
                    counts["broken"] += 1
                else:
                    note = rng.choice(KEPT_NOTES) if rng.random() < 0.05 else ""
                    check(store, promise.id, day, "kept", note, now=when)
                    counts["kept"] += 1
            if rng.random() < 0.02:
                set_note(store, made[0].id, day, rng.choice(DAY_NOTES), now=evening)
                counts["notes"] += 1
            if day.weekday() == 1 and rng.random() < 0.9:  # most Tuesdays
                begun = evening - timedelta(hours=1)
                session = start_checkin(store, day, begun, rng.sample(AGENDA, rng.randint(0, 3)))
                answers = {
                    "how_are_we": rng.choice(HOW_ARE_WE),
                    "felt_off": rng.choice(FELT_OFF),
                    "my_step": rng.choice(MY_STEPS),
                    "their_step": rng.choice(THEIR_STEPS),
                }
                minutes = rng.randint(24, 34)
                ended = begun + timedelta(minutes=minutes)
                finish_checkin(store, session.id, answers, minutes * 60, ended, day)
                counts["checkins"] += 1
            day += timedelta(days=1)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    # Written as of yesterday, then opened today: as on a user's machine, that day's first
    # change moves the old check-offs into the history file (see coach.archive).
    now = datetime.now().astimezone()
    store = Store.open(args.data_dir, FixedClock(now - timedelta(days=1)))
    if any(store.records(name) for name in ("promises", "checks")):
        print(f"{args.data_dir} already holds promises; choose an empty folder.", file=sys.stderr)
        return 1
    began = time.perf_counter()
    counts = make_history(store, args.years, args.seed, now.date())
    Store.open(args.data_dir)
    took = time.perf_counter() - began
    sizes = {path.name: path.stat().st_size for path in args.data_dir.glob("store.json*")}
    history = sum(size for name, size in sizes.items() if ".history-" in name)
    summary = ", ".join(f"{value} {key}" for key, value in counts.items())
    print(
        f"Wrote {summary} in {took:.1f} s; store.json is {sizes['store.json'] / 1e6:.2f} MB "
        f"and its history file {history / 1e6:.2f} MB."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
