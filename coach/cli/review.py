"""`coach review apology|reply`: review a draft from a file or standard input.

Exit codes: 0 when the text is ready (apology) or validating (reply), 1 when it is not,
2 for bad usage or input that cannot be read. The readable report is drawn with Rich, and
the user's own words always go in as `rich.text.Text`, so "[bold]" in a draft stays text.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from coach.errors import InputTooLarge, UsageError

MAX_CHARS = 100_000
PRONOUNS = ("she/her", "he/him", "they/them")  # as Settings offers them (a test keeps them equal)
# UTF-8 needs at most four bytes a character; reading one byte more than that tells us the
# input is too long without reading a huge file to the end.
_MAX_BYTES = MAX_CHARS * 4 + 1

APOLOGY_EPILOG = """examples:
  coach review apology draft.txt          readable report, exit 0 when ready
  coach review apology --json - < draft   the review as JSON
  pbpaste | coach review apology          read the draft from standard input"""

REPLY_EPILOG = """examples:
  coach review reply reply.txt                     readable report, exit 0 when validating
  coach review reply --scenario ID reply.txt       compare with a rehearsal scenario
  echo "You're right. I did that." | coach review reply --json"""


def register(sub: argparse._SubParsersAction, only: str | None = None) -> None:
    """Add `review` and its two kinds to the `coach` parser (its one command, whatever
    `only` names)."""
    review = sub.add_parser(
        "review",
        help="review an apology draft or a rehearsed reply",
        description="Review an apology draft or a reply you are rehearsing.",
        epilog="examples:\n  coach review apology draft.txt\n  coach review reply --json -",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    review.set_defaults(func=_no_kind)
    kinds = review.add_subparsers(dest="review_kind", metavar="KIND")

    apology = kinds.add_parser(
        "apology",
        help="check an apology draft for the six ingredients and for what undercuts it",
        description="Check an apology draft: remorse, the offense named, its impact, "
        "responsibility, a plan, and no ask in return; and flag excuses, minimizing, "
        "blame, vagueness and non-apologies.",
        epilog=APOLOGY_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_common(apology)
    apology.add_argument(
        "--partner", metavar="NAME", help="your partner's name, as the draft may use it"
    )
    apology.set_defaults(func=run_apology)

    reply = kinds.add_parser(
        "reply",
        help="review a reply to the moment the past comes up",
        description="Review a reply you are rehearsing for when the past comes up: what "
        "validates, and what sounds defensive.",
        epilog=REPLY_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    reply.add_argument(
        "--scenario", metavar="ID", help="a rehearsal scenario to compare the reply with"
    )
    _add_common(reply)
    reply.set_defaults(func=run_reply)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        nargs="?",
        default="-",
        metavar="FILE",
        help="a UTF-8 text file, or - for standard input (the default)",
    )
    parser.add_argument("--json", action="store_true", help="print the review as JSON")
    parser.add_argument(
        "--pronouns",
        choices=PRONOUNS,
        help="your partner's pronouns, for the advice (default: they/them)",
    )


def _no_kind(args: argparse.Namespace) -> int:
    raise UsageError("say what to review: `coach review apology` or `coach review reply`")


def run_apology(args: argparse.Namespace) -> int:
    """Handler of `coach review apology`."""
    from coach.reviews.apology import review_apology

    text = read_input(args.file)
    review = review_apology(text, args.partner, args.pronouns)
    if args.json:
        _print_json(review.to_json())
    else:
        from coach.reviews.report import print_apology_report

        print_apology_report(text, review, args.pronouns)
    return 0 if review.verdict == "ready" else 1


def run_reply(args: argparse.Namespace) -> int:
    """Handler of `coach review reply`."""
    from coach.reviews.reply import review_reply

    scenario = _scenario(args.scenario, args.pronouns) if args.scenario else None
    text = read_input(args.file)
    review = review_reply(text, args.pronouns)
    if args.json:
        _print_json(review.to_json())
    else:
        from coach.reviews.report import print_reply_report

        print_reply_report(text, review, scenario)
    return 0 if review.verdict == "validating" else 1


def _scenario(scenario_id: str, pronouns: str | None) -> Any:
    try:
        from coach.partner import Partner
        from coach.scenarios import load_scenarios, scenario_by_id
    except ImportError:
        raise UsageError("rehearsal scenarios are not available in this version") from None
    try:
        scenario = scenario_by_id(scenario_id)
    except KeyError:
        known = ", ".join(str(getattr(item, "id", "?")) for item in load_scenarios())
        raise UsageError(f"no scenario {scenario_id!r}; known ids: {known}") from None
    return scenario.filled(Partner(pronouns=pronouns) if pronouns else Partner())


def read_input(source: str | None) -> str:
    """The text of FILE, or of standard input for "-"; UsageError when it cannot be used."""
    if source in (None, "-"):
        name = "standard input"
        data = _read_stdin()
    else:
        name = source
        path = Path(source)
        try:
            if path.is_dir():
                raise UsageError(f"{source} is a folder; give a text file or - for standard input")
            with path.open("rb") as handle:
                data = handle.read(_MAX_BYTES)
        except FileNotFoundError:
            raise UsageError(f"no such file: {source}") from None
        except OSError as error:
            raise UsageError(f"cannot read {source}: {error.strerror or error}") from None
    if isinstance(data, bytes):
        if len(data) >= _MAX_BYTES:
            raise InputTooLarge(f"{name} is over {MAX_CHARS:,} characters; shorten it")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UsageError(f"{name} is not UTF-8 text; save it as UTF-8 and try again") from None
    else:
        text = data
    if len(text) > MAX_CHARS:
        raise InputTooLarge(f"{name} is over {MAX_CHARS:,} characters; shorten it")
    return text


def _read_stdin() -> bytes | str:
    stream = sys.stdin
    if stream is None:
        raise UsageError("there is no standard input; give a FILE")
    if stream.isatty():
        print(
            "Type or paste the text, then press Ctrl-D (Ctrl-Z Enter on Windows).", file=sys.stderr
        )
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            return buffer.read(_MAX_BYTES)
        return stream.read(MAX_CHARS + 1)
    except UnicodeDecodeError:
        raise UsageError("standard input is not UTF-8 text") from None
    except OSError as error:
        raise UsageError(f"cannot read standard input: {error.strerror or error}") from None


def _print_json(payload: dict[str, Any]) -> None:
    # ASCII escapes keep the output printable on any console; offsets are unaffected.
    sys.stdout.write(json.dumps(payload, indent=2) + "\n")
