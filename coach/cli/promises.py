"""`coach promise`, `coach check`, `coach today`, `coach streak` and `coach undo`.

Every small promise kept is a brick. These commands log them from any terminal; an open
app shows the change within two seconds. A PROMISE is its id or the first words of it,
in any case; when more than one matches, the candidates are listed and nothing is
changed. (`coach calendar` lives in `coach.cli.data`, beside the exports.)

`coach check` prints plain text and imports neither Rich nor the streak history it
does not need, so it stays about as quick as `coach --version`. The other commands draw
with Rich, and the user's words always go in as `rich.text.Text` with markup off.
"""

from __future__ import annotations

import argparse
import re
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from coach.errors import UsageError

if TYPE_CHECKING:
    from coach.store import Store
    from coach.streaks import Stats

EVERY_FORMS = "daily | weekdays | weekly | mo,we,fr | every:N"
# The streak rules as `coach.streaks` states them (a test keeps the two the same); written
# out here so that building the parser does not import the store.
STREAK_RULES = """rules:
  A day is kept when every promise due that day was kept.
  A day that has passed with a due promise not logged counts as not kept.
  Today counts only once everything due today is logged; until then it neither
  breaks nor extends the streak.
  Days with nothing due are skipped: they neither break nor extend a streak."""


def register(sub: argparse._SubParsersAction, only: str | None = None) -> None:
    """Add the promise commands to the `coach` parser (only the one named `only`, if set)."""
    raw = argparse.RawDescriptionHelpFormatter
    if only in (None, "promise"):
        _register_promise(sub, raw)
    if only in (None, "check"):
        _register_check(sub, raw)
    for name, func, text, extra in (
        ("today", run_today, "what is due today and what is logged", ""),
        ("streak", run_streak, "streaks, kept rates and consistency", "coach streak --json"),
        ("undo", run_undo, "undo the last mark, note, rename or archiving", ""),
    ):
        if only not in (None, name):
            continue
        parser = sub.add_parser(
            name,
            help=text,
            description=text[0].upper() + text[1:] + ".",
            epilog=f"example:\n  coach {name}"
            + (f"\n  {extra}\n\n{STREAK_RULES}" if name == "streak" else ""),
            formatter_class=raw,
        )
        if name == "streak":
            parser.add_argument("--json", action="store_true", help="print JSON")
        parser.set_defaults(func=func)


def _register_promise(sub: argparse._SubParsersAction, raw: type[argparse.HelpFormatter]) -> None:
    promise = sub.add_parser(
        "promise",
        help="add, list, rename or archive your small daily promises",
        description="Your small promises. Every small promise kept is a brick.",
        epilog='examples:\n  coach promise add "Text if I\'ll be late" --every daily\n'
        '  coach promise add "Walk together" --every mo,we,fr --at 19:30\n'
        "  coach promise list --all",
        formatter_class=raw,
    )
    promise.set_defaults(func=run_list, json=False, all=False)
    actions = promise.add_subparsers(dest="promise_action", metavar="ACTION")
    add = actions.add_parser(
        "add",
        help="make a new promise",
        description="Make a new promise, due on a schedule from a start day.",
        epilog=f'example:\n  coach promise add "Phone on the table at dinner" --every weekdays'
        f"\n\n--every takes {EVERY_FORMS} (every N days, counted from --from).",
        formatter_class=raw,
    )
    add.add_argument("text", metavar="TEXT", help="the promise, in your own words")
    add.add_argument("--every", default="daily", metavar="WHEN", help=EVERY_FORMS)
    add.add_argument("--at", metavar="HH:MM", help="a time of day, 24-hour")
    add.add_argument("--from", dest="start", metavar="DATE", help="first day (default today)")
    add.set_defaults(func=run_add)
    listing = actions.add_parser(
        "list",
        help="list your promises",
        description="List your promises with their schedules.",
        epilog="examples:\n  coach promise list\n  coach promise list --json --all",
        formatter_class=raw,
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--all", action="store_true", help="include archived promises")
    listing.set_defaults(func=run_list)
    rename = actions.add_parser(
        "rename",
        help="change a promise's words (its history stays)",
        description="Change a promise's words. Its history stays with it.",
        epilog='example:\n  coach promise rename walk "Walk together after dinner"',
        formatter_class=raw,
    )
    rename.add_argument("promise", metavar="PROMISE", help="id or first words")
    rename.add_argument("text", metavar="TEXT", help="the new words")
    rename.set_defaults(func=run_rename)
    archive = actions.add_parser(
        "archive",
        help="stop a promise (its history stays)",
        description="Stop a promise. Its history stays and still counts for past days.",
        epilog="example:\n  coach promise archive walk",
        formatter_class=raw,
    )
    archive.add_argument("promise", metavar="PROMISE", help="id or first words")
    archive.set_defaults(func=run_archive)


def _register_check(sub: argparse._SubParsersAction, raw: type[argparse.HelpFormatter]) -> None:
    check = sub.add_parser(
        "check",
        help="log a promise kept (or broken, with an honest note)",
        description="Log a promise as kept for today or an earlier day. A broken promise "
        "takes an honest note: what happened, and what you will do about it.",
        epilog='examples:\n  coach check "text if"\n  coach check walk --date 2026-03-04\n'
        '  coach check walk --broken --note "I skipped it; tomorrow I ask first"',
        formatter_class=raw,
    )
    check.add_argument("promise", metavar="PROMISE", help="id or first words")
    check.add_argument("--date", metavar="DATE", help="YYYY-MM-DD, today or yesterday")
    check.add_argument("--broken", action="store_true", help="log it as broken")
    check.add_argument("--note", metavar="TEXT", default="", help="a note for that day")
    check.set_defaults(func=run_check)


# Helpers ---------------------------------------------------------------------------------
def _open(args: argparse.Namespace) -> Store:
    from coach.cli.context import open_store

    return open_store(args)


def _day_arg(text: str | None, today: date) -> date:
    if text is None or text.strip().lower() == "today":
        return today
    if text.strip().lower() == "yesterday":
        return today - timedelta(days=1)
    from coach.dates import parse_iso_date

    return parse_iso_date(text, what="The date")


def _safe(text: str) -> str:
    from coach.textsafe import display_safe

    return display_safe(text)


def _label(day: date) -> str:
    return f"{day:%a %-d %b %Y}"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{round(100 * share)}%"


# Promise commands ------------------------------------------------------------------------
def run_add(args: argparse.Namespace) -> int:
    from coach.promises import add_promise, program_day
    from coach.schedule import parse_every

    store = _open(args)
    start = _day_arg(args.start, program_day(store))
    promise = add_promise(store, args.text, parse_every(args.every, start), start, at=args.at)
    when = f"{promise.schedule.describe()} from {_label(start)}"
    when += f" at {promise.at}" if promise.at else ""
    print(f"Added '{_safe(promise.text)}' ({when}); its id is {promise.id}.")
    print("Log it with: coach check " + _quote(promise.text))
    return 0


def _quote(text: str) -> str:
    words = " ".join(_safe(text).split()[:3])
    return f'"{words}"' if re.search(r"[^\w-]", words) else words


def run_list(args: argparse.Namespace) -> int:
    from coach.promises import list_promises

    store = _open(args)
    promises = list_promises(store, include_archived=args.all)
    if args.json:
        from coach.cli.context import print_json

        print_json([{**p.to_record(), "every": p.schedule.describe()} for p in promises])
        return 0
    from rich.table import Table
    from rich.text import Text

    from coach.cli.context import console

    if not promises:
        print('No promises yet. Add one: coach promise add "..." --every daily')
        return 0
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("id", "promise", "when", "at", "from"):
        table.add_column(column)
    for p in promises:
        text = Text(_safe(p.text)) + (Text(" (archived)", style="dim") if p.archived else "")
        table.add_row(p.id, text, p.schedule.describe(), p.at or "", p.start.isoformat())
    console().print(table)
    return 0


def run_rename(args: argparse.Namespace) -> int:
    from coach.promises import find_promise, rename_promise

    store = _open(args)
    old = find_promise(store, args.promise)
    new = rename_promise(store, old.id, args.text)
    print(f"Renamed '{_safe(old.text)}' to '{_safe(new.text)}'. Its history stays with it.")
    return 0


def run_archive(args: argparse.Namespace) -> int:
    from coach.promises import archive_promise, find_promise

    store = _open(args)
    promise = archive_promise(store, find_promise(store, args.promise).id)
    last = _label(promise.end) if promise.end else "today"
    print(f"Archived '{_safe(promise.text)}'; its last day was {last}. Its history stays.")
    return 0


# Logging ---------------------------------------------------------------------------------
def run_check(args: argparse.Namespace) -> int:
    from coach.promises import BROKEN_NEEDS_NOTE, check, due_promises, find_promise, program_day

    store = _open(args)
    today = program_day(store)
    day = _day_arg(args.date, today)
    promise = find_promise(store, args.promise)
    status = "broken" if args.broken else "kept"
    try:
        entry = check(store, promise.id, day, status, args.note)
    except UsageError as error:
        if error.message == BROKEN_NEEDS_NOTE:
            raise UsageError(f'{BROKEN_NEEDS_NOTE} Add --note "...".') from None
        raise
    when = "today" if day == today else _label(day)
    late = " (logged late)" if entry.late else ""
    if status == "kept":
        print(f"Kept: {_safe(promise.text)}, {when}{late}. Another brick.")
    else:
        print(f"Logged as broken: {_safe(promise.text)}, {when}{late}. Your note is kept.")
    if day == today:
        logged = {c.promise_id for c in _entries(store, today) if c.status != "note"}
        left = [p for p in due_promises(store, today) if p.id not in logged]
        if left:
            print(f"Still to log today: {', '.join(_safe(p.text) for p in left)}.")
    return 0


def _entries(store: Store, day: date) -> list[Any]:
    from coach.promises import day_entries

    return day_entries(store, day)


def run_undo(args: argparse.Namespace) -> int:
    from coach.promises import undo_last

    undone = undo_last(_open(args))
    print(_safe(undone) if undone else "Nothing to undo.")
    return 0


# Reading ---------------------------------------------------------------------------------
def run_today(args: argparse.Namespace) -> int:
    from rich.text import Text

    from coach.cli.context import console
    from coach.promises import due_promises, list_promises, program_day
    from coach.streaks import overall_stats

    store = _open(args)
    today = program_day(store)
    out = console()
    out.print(Text(f"{today:%A %-d %B %Y}", style="bold"))
    if not list_promises(store):
        out.print('No promises yet. Add one: coach promise add "..." --every daily')
        return 0
    entries = {c.promise_id: c for c in _entries(store, today)}
    due = due_promises(store, today)
    marks = {"kept": ("[x]", "green"), "broken": ("[!]", "red")}
    for p in due:
        entry = entries.get(p.id)
        mark, style = marks.get(entry.status if entry else "", ("[ ]", ""))
        line = Text(f"{mark} ", style=style) + Text(f"{p.at} " if p.at else "")
        line += Text(_safe(p.text))
        if entry and entry.note:
            line += Text(" - " + " ".join(_safe(entry.note).split()), style="dim")
        out.print(line)
    if not due:
        out.print("Nothing is due today.")
    stats = overall_stats(store, today)
    out.print(Text(_streak_line(stats), style="bold"))
    return 0


def _streak_line(stats: Stats) -> str:
    line = f"Streak: {_days(stats.current_streak)} (longest {_days(stats.longest_streak)})."
    if stats.today_open:
        line += " Today counts once everything due is logged."
    return line


def _stats_json(stats: Stats) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(stats)


def run_streak(args: argparse.Namespace) -> int:
    from coach.promises import list_promises, program_day
    from coach.streaks import overall_stats, promise_stats

    store = _open(args)
    today = program_day(store)
    overall = overall_stats(store, today)
    promises = [(p, promise_stats(store, p.id, today)) for p in list_promises(store)]
    if args.json:
        from coach.cli.context import print_json

        print_json(
            {
                "today": today.isoformat(),
                "overall": _stats_json(overall),
                "promises": [{"id": p.id, "text": p.text, **_stats_json(s)} for p, s in promises],
            }
        )
        return 0
    from rich.table import Table
    from rich.text import Text

    from coach.cli.context import console

    out = console()
    out.print(Text(_streak_line(overall), style="bold"))
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("", "streak", "longest", "7 days", "30 days", "90 days", "consistency"):
        table.add_column(column, justify="left" if not column else "right")
    for name, s in [("All promises", overall), *((_safe(p.text), s) for p, s in promises)]:
        table.add_row(
            Text(name),
            _days(s.current_streak),
            _days(s.longest_streak),
            *(_percent(rate) for rate in (s.kept_rate_7, s.kept_rate_30, s.kept_rate_90)),
            "–" if s.consistency is None else f"{s.consistency:.0f}",
        )
    out.print(table)
    out.print(
        Text(
            "A day is kept when every promise due that day was kept; a day that has passed "
            "with nothing logged counts as not kept.",
            style="dim",
        )
    )
    return 0
