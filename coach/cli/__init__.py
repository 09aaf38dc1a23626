"""The `coach` command: opens the app, or runs a subcommand.

Each subcommand module exposes `register(subparsers)` and sets `func` on its parser; the
function takes the parsed arguments and returns the exit code. Modules import their heavy
dependencies inside the handler, so `coach --version` and `coach check` stay quick.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from coach import __version__
from coach.errors import CoachError
from coach.textsafe import strip_controls

if TYPE_CHECKING:
    import argparse

# Subcommand modules, in the order `--help` lists them.
SUBCOMMAND_MODULES: tuple[str, ...] = (
    "coach.cli.promises",
    "coach.cli.data",
    "coach.cli.review",
    "coach.cli.crypto",
    "coach.cli.selfcheck",
)
# The module that registers each command. A command line that names one imports only that
# module and builds only that command's parser (`register(sub, only)`): building all of
# them took 7 ms of every `coach check`. A test keeps this table and the modules in step.
COMMAND_MODULES: dict[str, str] = {
    **dict.fromkeys(("promise", "check", "today", "streak", "undo"), "coach.cli.promises"),
    **dict.fromkeys(("export", "import", "calendar"), "coach.cli.data"),
    "review": "coach.cli.review",
    **dict.fromkeys(("encrypt", "decrypt"), "coach.cli.crypto"),
    "selfcheck": "coach.cli.selfcheck",
}

EPILOG = """examples:
  coach                               open the app
  coach --data-dir ~/private/coach    use another data folder
  coach review apology draft.txt      check an apology draft for the six ingredients
  coach review reply --json -         review a reply typed on standard input
  coach encrypt                       protect your data with a passphrase

Run `coach COMMAND --help` for the options of each command."""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line, with every subcommand registered, or only `command` when it
    names one."""
    import argparse

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
    wanted = COMMAND_MODULES.get(command or "")
    for module_name in SUBCOMMAND_MODULES if wanted is None else (wanted,):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        module.register(sub, command if wanted else None)
    return parser


def _app_arguments(argv: Sequence[str]) -> SimpleNamespace | None:
    """`argv` read as `coach [--data-dir DIR]`, which opens the app; None for anything else,
    which argparse then reads with every subcommand registered."""
    data_dir = None
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if "\x00" in arg:
            return None
        if arg.startswith("--data-dir="):
            data_dir = arg.partition("=")[2]
        elif arg == "--data-dir" and rest and not rest[0].startswith("-") and "\x00" not in rest[0]:
            data_dir = rest.pop(0)
        else:
            return None
    return SimpleNamespace(command=None, data_dir=data_dir, func=None)


def _named_command(argv: Sequence[str]) -> str | None:
    """The subcommand `argv` runs (after any --data-dir), or None when it runs none or
    something comes first that the whole parser must read (--help, --version, a typo)."""
    rest = list(argv)
    while rest and rest[0].startswith("--data-dir"):
        taken = 1 if "=" in rest[0] or rest[0] != "--data-dir" else 2
        del rest[:taken]
    return rest[0] if rest and rest[0] in COMMAND_MODULES else None


UNEXPECTED_EXIT_CODE = 70  # EX_SOFTWARE: a fault of the program, not of what was typed


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `coach` command; returns the process exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    # Opening the app is what someone in a hard moment does: it must not wait for argparse
    # and every subcommand's parser (and the modules behind them), which it never uses.
    args: argparse.Namespace | SimpleNamespace | None = _app_arguments(argv)
    if args is None:
        parser = build_parser(_named_command(argv))
        if any("\x00" in arg for arg in argv):
            # A shell cannot pass one, but a script can; every file call would choke on it.
            parser.error("an argument holds a NUL character, which no file name or text may hold")
        args = parser.parse_args(argv)
    try:
        if getattr(args, "func", None) is None:
            from coach.cli.app import run_app

            return run_app(args)
        return int(args.func(args))
    except CoachError as error:
        # Messages can quote what was typed; no escape sequence in it reaches the terminal.
        print(f"coach: {strip_controls(error.message)}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("coach: interrupted; nothing was lost.", file=sys.stderr)
        return 130
    except OSError as error:
        # A file or folder named on the command line that the system refused (a name too
        # long, a device, no permission) and that the command did not explain itself.
        named = strip_controls(str(error.filename or "a file you named"))
        shown = named if len(named) <= 80 else named[:77] + "..."
        print(
            f"coach: the system refused to use {shown} ({error.strerror or error}); nothing "
            "else was changed. Check the name and try again.",
            file=sys.stderr,
        )
        return 2
    except Exception as error:  # noqa: BLE001 - the last guard: a report, never a traceback
        return _report_unexpected(error, args)


def _report_unexpected(error: Exception, args: object) -> int:
    """One line on stderr and a crash report without the user's words (no message, no
    locals), in the data folder when it can be written."""
    from datetime import datetime

    from coach.crashlog import write_crash_log
    from coach.paths import resolve_data_dir

    where = "could not be written"
    try:
        folder = resolve_data_dir(getattr(args, "data_dir", None))
        where = f"is in {write_crash_log(error, folder, datetime.now().astimezone())}"
    except (OSError, ValueError):
        pass
    print(
        f"coach: an unexpected error ({type(error).__name__}) stopped this command; "
        f"nothing else was changed. A report without your words {where}: please send it "
        "with a note of what you ran.",
        file=sys.stderr,
    )
    return UNEXPECTED_EXIT_CODE
