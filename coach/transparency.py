"""Turning a row of the transparency plan into a promise the user can tick off.

A row says what will be shared, how, and when. Its promise is the "what", with the "how"
in brackets when there is one, due every day or once a week from the program's today
(a weekly promise falls on today's weekday, so it starts now, not next week).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from coach.errors import CoachError, UsageError
from coach.store import Store

CADENCES = ("daily", "weekly")
PROMISE_LIMIT = 200
"""The longest promise text; `coach.promises` refuses longer ones."""


class PromisesUnavailable(CoachError):
    """This installation has no promises module."""


def promise_text(row: Mapping[str, Any]) -> str:
    """The promise a transparency-plan row stands for, on one line and within the limit."""
    what = " ".join(str(row.get("what") or "").split())
    how = " ".join(str(row.get("how") or "").split())
    if not what:
        what, how = how, ""
    text = f"{what} ({how})" if how else what
    if len(text) > PROMISE_LIMIT:
        # Cut at a word, so the promise still reads as words.
        text = text[: PROMISE_LIMIT - 1].rsplit(" ", 1)[0].rstrip(" ,;(") + "…"
    return text


def suggested_cadence(row: Mapping[str, Any]) -> str:
    """ "weekly" when the row's "when" speaks of weeks, else "daily"."""
    when = str(row.get("when") or "").casefold()
    return "weekly" if "week" in when else "daily"


def make_promise(store: Store, text: str, cadence: str, now: datetime) -> Any:
    """Add a daily or weekly promise starting on the program's today; return it.

    Raises UsageError for an unknown cadence or a promise `coach.promises` refuses (empty,
    too long, or the same as one already kept), and PromisesUnavailable when there is no
    promises module.
    """
    if cadence not in CADENCES:
        raise UsageError(f"A promise from the plan is daily or weekly, not {cadence!r}.")
    try:
        from coach.promises import add_promise, program_day
        from coach.schedule import Schedule
    except ImportError:
        raise PromisesUnavailable(
            "Promises are not part of this installation, so the plan could not become one. "
            "Your plan itself is saved."
        ) from None
    start = program_day(store, now)
    plan = Schedule.daily() if cadence == "daily" else Schedule.weekly(start.weekday())
    return add_promise(store, text, plan, start)


def describe(promise: Any) -> str:
    """How often a promise made here is due, in words ("every day", "every Tuesday")."""
    schedule = getattr(promise, "schedule", None)
    describe_rule = getattr(schedule, "describe", None)
    return str(describe_rule()) if callable(describe_rule) else ""
