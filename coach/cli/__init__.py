"""The `coach` command: opens the app, or runs a subcommand.

Each subcommand module exposes `register(subparsers)` and sets `func` on its parser; the
function takes the parsed arguments and returns the exit code. Modules import their heavy
dependencies inside the handler, so `coach --version` and `coach check` stay quick.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from coach import __version__
from coach.errors import CoachError

# Subcommand modules, in the order `--help` lists them.
SUBCOMMAND_MODULES: tuple[str, ...] = (
    "coach.cli.promises",
    "coach.cli.data",
    "coach.cli.review",
    "coach.cli.crypto",
    "coach.cli.selfcheck",
)

EPILOG = """examples:
  coach                               open the app
  coach --data-dir ~/private/coach    use another data folder
  coach review apology draft.txt      check an apology draft for the six ingredients
  coach review reply --json -         review a reply typed on standard input

Run `coach COMMAND --help` for the options of each command."""


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="coach",
        description="Trust Coach: a private coach for earning back a partner's trust.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder for your data (default: $COACH_DATA_DIR, else your user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `coach` command; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if getattr(args, "func", None) is None:
            from coach.cli.app import run_app

            return run_app(args)
        return int(args.func(args))
    except CoachError as error:
        print(f"coach: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("coach: interrupted; nothing was lost.", file=sys.stderr)
        return 130
