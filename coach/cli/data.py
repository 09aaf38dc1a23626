"""`coach export`, `coach import` and `coach calendar`: your data in and out.

An export holds everything you wrote. With -o it is written as a private (0600) file,
atomically; without, it goes to standard output. An import is checked completely before
anything is written, and then replaces the whole store in one step, so it never leaves
half a file's worth behind. `coach calendar` shows a month of kept days, or writes your
promises as an iCalendar file for a calendar app.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coach.errors import CoachError, UsageError

if TYPE_CHECKING:
    from coach.store import Store

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
# How each day state is drawn: a mark (so it reads without colour), a style, a name.
STATE_LOOK = {
    "ALL_KEPT": ("✓", "bold green", "all kept"),
    "PARTLY_KEPT": ("~", "yellow", "partly kept"),
    "BROKEN": ("✗", "bold red", "broken"),
    "NOT_LOGGED": ("?", "magenta", "not logged"),
    "NOTHING_DUE": ("·", "dim", "nothing due"),
    "FUTURE": (" ", "dim", "to come"),
}


def register(sub: argparse._SubParsersAction, only: str | None = None) -> None:
    """Add `export`, `import` and `calendar` to the `coach` parser (or only `only`)."""
    raw = argparse.RawDescriptionHelpFormatter
    for name, add in (
        ("export", _add_export),
        ("import", _add_import),
        ("calendar", _add_calendar),
    ):
        if only in (None, name):
            add(sub, raw)


def _add_export(sub: argparse._SubParsersAction, raw: type[argparse.HelpFormatter]) -> None:
    export = sub.add_parser(
        "export",
        help="export everything as JSON or readable Markdown",
        description="Export everything you wrote: settings, promises and their history, "
        "worksheets, rehearsals, check-ins. JSON can be imported again; Markdown is for "
        "reading and printing. With -o the file is private to you (0600).",
        epilog="examples:\n  coach export -o trust-coach.json\n"
        "  coach export --format markdown -o trust-coach.md",
        formatter_class=raw,
    )
    export.add_argument("--format", choices=("json", "markdown"), default="json")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (else stdout)")
    export.set_defaults(func=run_export)


def _add_import(sub: argparse._SubParsersAction, raw: type[argparse.HelpFormatter]) -> None:
    imports = sub.add_parser(
        "import",
        help="import a JSON export (replaces everything)",
        description="Import a JSON export made by `coach export`. The file is checked "
        "completely first; then it replaces all of your data at once, or nothing at all.",
        epilog="examples:\n  coach import trust-coach.json\n"
        "  coach import --replace trust-coach.json   when you already have data here",
        formatter_class=raw,
    )
    imports.add_argument("file", metavar="FILE", help="the export to import (- for stdin)")
    imports.add_argument(
        "--replace",
        action="store_true",
        help="replace the data you have now (a copy of it is saved first)",
    )
    imports.set_defaults(func=run_import)


def _add_calendar(sub: argparse._SubParsersAction, raw: type[argparse.HelpFormatter]) -> None:
    cal = sub.add_parser(
        "calendar",
        help="a month of kept days, or your promises as an iCalendar file",
        description="Show a month with each day's state, or write your promises (and the "
        "weekly check-in) as an iCalendar file for your calendar app. Importing the file "
        "again updates the events rather than adding copies.",
        epilog="examples:\n  coach calendar\n  coach calendar --month 2026-03\n"
        "  coach calendar --ics -o promises.ics",
        formatter_class=raw,
    )
    cal.add_argument("--month", metavar="YYYY-MM", help="the month (default this one)")
    cal.add_argument("--ics", action="store_true", help="write an iCalendar file")
    cal.add_argument("-o", "--output", metavar="FILE", help="with --ics: write to FILE")
    cal.set_defaults(func=run_calendar)


def _open(args: argparse.Namespace) -> Store:
    from coach.cli.context import open_store

    return open_store(args)


def _emit(data: bytes, output: str | None, what: str) -> None:
    if output:
        from coach.cli.context import write_private_file

        path = Path(output).expanduser()
        write_private_file(path, data)
        print(f"Wrote {what} to {path} (readable by you only).", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


# Export and import -----------------------------------------------------------------------
def run_export(args: argparse.Namespace) -> int:
    from coach import export

    store = _open(args)
    if args.format == "json":
        data = export.export_json(store)
    else:
        data = export.export_markdown(store).encode("utf-8")
    if store.encrypted:
        print("Note: the export is not encrypted; keep it somewhere private.", file=sys.stderr)
    _emit(data, args.output, f"your data ({args.format})")
    return 0


def _read_import(name: str) -> bytes:
    from coach.errors import InputTooLarge
    from coach.export import MAX_IMPORT_BYTES

    limit = f"an import can be at most {MAX_IMPORT_BYTES // 1024 // 1024} MB"
    if name == "-":
        raw = sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1)
    else:
        path = Path(name).expanduser()
        try:
            size = path.stat().st_size
            if size > MAX_IMPORT_BYTES:
                raise InputTooLarge(
                    f"{path} is {size / 1024 / 1024:.1f} MB; {limit}. Nothing was imported."
                )
            with path.open("rb") as handle:
                raw = handle.read(MAX_IMPORT_BYTES + 1)
        except OSError as error:
            raise UsageError(
                f"Could not read {path} ({error.strerror or error}). Nothing was imported."
            ) from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise InputTooLarge(f"The input is over the limit: {limit}. Nothing was imported.")
    return raw


def _counts(store: Store) -> tuple[int, int, int]:
    from coach.migrations import META_TABLE
    from coach.promises import CHECKS, PROMISES

    sizes = {name: len(store.records(name)) for name in store.table_names()}
    others = sum(n for name, n in sizes.items() if name not in (META_TABLE, PROMISES, CHECKS))
    return sizes.get(PROMISES, 0), sizes.get(CHECKS, 0), others


def run_import(args: argparse.Namespace) -> int:
    from coach import export

    # Check the file before touching the store, so a bad file changes nothing anywhere.
    document = export.parse_export(_read_import(args.file))
    store = _open(args)
    held = _counts(store)
    if any(held):
        if not args.replace:
            raise CoachError(
                f"Your data folder already holds {held[0]} promises, {held[1]} checks and "
                f"{held[2]} other records. An import replaces all of it with the file's "
                "contents; it does not merge. To do that, run again with --replace (a copy "
                "of what is there now is saved first). Nothing was imported."
            )
        print(f"Your data before the import was saved to {_save_aside(store)}.", file=sys.stderr)
    store.replace_all(export.tables_from_export(document))
    now = _counts(store)
    print(f"Imported {now[0]} promises, {now[1]} checks and {now[2]} other records.")
    return 0


def _save_aside(store: Store) -> str:
    """Keep what is there before an import replaces it; an encrypted store keeps its backups."""
    from coach import export
    from coach.cli.context import write_private_file

    if store.encrypted or store.path is None:
        # A plain copy would undo the encryption; the daily backups hold it, encrypted.
        return "the encrypted backups in your data folder (backups/)"
    stamp = store.clock.now().strftime("%Y%m%d-%H%M%S")
    path = store.path.with_name(f"before-import-{stamp}.json")
    write_private_file(path, export.export_json(store))
    return str(path)


# Calendar --------------------------------------------------------------------------------
def _month_arg(text: str | None, today: date) -> tuple[int, int]:
    if not text:
        return today.year, today.month
    match = _MONTH.match(text)
    if not match or not 1 <= int(match[2]) <= 12 or not 1 <= int(match[1]) <= 9999:
        shown = text.strip()[:20] or "an empty value"
        raise UsageError(f"The month '{shown}' is not one I can read. Use YYYY-MM, e.g. 2026-03.")
    return int(match[1]), int(match[2])


def run_calendar(args: argparse.Namespace) -> int:
    store = _open(args)
    if args.ics:
        from coach.export import calendar_ics

        _emit(calendar_ics(store), args.output, "your promises as an iCalendar file")
        return 0
    if args.output:
        raise UsageError("-o goes with --ics: the month view is printed, not written.")
    import calendar as monthcal

    from rich.table import Table
    from rich.text import Text

    from coach.cli.context import console
    from coach.promises import program_day
    from coach.streaks import day_states

    today = program_day(store)
    year, month = _month_arg(args.month, today)
    weeks = monthcal.Calendar().monthdatescalendar(year, month)
    states = day_states(store, weeks[0][0], weeks[-1][-1], today)
    table = Table(
        title=f"{monthcal.month_name[month]} {year}",
        box=None,
        pad_edge=False,
        show_edge=False,
    )
    for name in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
        table.add_column(name, justify="right")
    for week in weeks:
        cells = []
        for day in week:
            if day.month != month:
                cells.append(Text(""))
                continue
            mark, style, _ = STATE_LOOK[states[day].name]
            if day == today:
                style += " reverse"
            cells.append(Text(f"{day.day:>2}{mark}", style=style))
        table.add_row(*cells)
    out = console()
    out.print(table)
    legend = Text()
    for mark, style, name in STATE_LOOK.values():
        legend += Text(f"{mark or ' '} {name}", style=style) + Text("   ")
    out.print(legend)
    out.print(Text("Today is shown reversed.", style="dim"))
    return 0
