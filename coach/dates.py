"""Dates as the user types them, and the program's notion of "today".

Only ISO dates (YYYY-MM-DD) are accepted: "3/4/2025" could be March or April, so it is
refused with a message rather than guessed at. A day ends at the hour chosen in Settings
(4 a.m. by default), so a promise kept at 1 a.m. counts for the day before.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from coach.errors import UsageError
from coach.textsafe import strip_controls

# Compiled on first use (re keeps it): most commands never read a typed date.
_ISO_DATE = r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$"
ISO_HINT = "Use a date like 2026-03-04 (year-month-day)."


def parse_iso_date(text: str, *, what: str = "The date") -> date:
    """Parse YYYY-MM-DD; any other form is refused with a message saying what to type."""
    match = re.match(_ISO_DATE, text or "")
    if not match:
        shown = strip_controls(text or "").strip()[:40] or "an empty value"
        raise UsageError(f"{what} '{shown}' is not a date I can read. {ISO_HINT}")
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise UsageError(f"{what} has month {month}; months run from 1 to 12. {ISO_HINT}")
    try:
        return date(year, month, day)
    except ValueError:
        pass
    if not 1 <= year <= 9999:
        raise UsageError(f"{what} has year {year}; years run from 1 to 9999. {ISO_HINT}")
    import calendar  # only to say why a day does not exist

    days_in_month = calendar.monthrange(year, month)[1]
    raise UsageError(
        f"{what} {year:04d}-{month:02d}-{day:02d} does not exist: "
        f"{calendar.month_name[month]} {year} has {days_in_month} days.",
    )


def program_today(now: datetime, day_end_hour: int) -> date:
    """The day `now` belongs to, when days end at `day_end_hour` o'clock local time.

    The wall-clock hour is compared, not an offset in seconds, so the boundary stays at
    the same local hour across daylight-saving changes.
    """
    # `now` is already in the user's local time (the clock gives aware local times); its own
    # wall-clock hour is what the user sees, so no conversion here.
    if now.hour < day_end_hour:
        return now.date() - timedelta(days=1)
    return now.date()


def parse_time_of_day(text: str, *, what: str = "The time") -> str:
    """Parse HH:MM (24-hour) and return it normalised; refuse anything else clearly."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text or "")
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        shown = strip_controls(text or "").strip()[:20] or "an empty value"
        raise UsageError(
            f"{what} '{shown}' is not a time I can read. Use 24-hour HH:MM, e.g. 19:30."
        )
    return f"{int(match[1]):02d}:{match[2]}"
