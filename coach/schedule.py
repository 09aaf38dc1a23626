"""When a promise is due: RFC 5545 recurrence rules (RRULE), with fast paths.

A schedule is kept as an RRULE string so it can be written into a calendar file as is.
The rules the app makes itself are simple, and they are answered with arithmetic on day
numbers rather than by expanding the rule: every N days (`FREQ=DAILY;INTERVAL=N`,
counted from the promise's start) and a set of weekdays (`FREQ=WEEKLY;BYDAY=...`). Any
other valid rule (from an imported file, say) is handed to python-dateutil, which is
imported only then, so `coach check` stays quick.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from coach.errors import UsageError

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_SHORT = tuple(name[:3] for name in DAY_NAMES)
MAX_INTERVAL = 366
EVERY_HELP = (
    "Use daily, weekdays, weekly (on the start day's weekday), days like mo,we,fr, "
    "or every:N for every N days."
)
_DAY_ALIASES = {
    **{code.lower(): i for i, code in enumerate(DAY_CODES)},
    **{short.lower(): i for i, short in enumerate(DAY_SHORT)},
    **{name.lower(): i for i, name in enumerate(DAY_NAMES)},
}


class Schedule(str):
    """A recurrence rule: `Schedule("FREQ=DAILY")` or one of the constructors below.

    It is the (normalised) rule string itself, so it is stored, compared and written to a
    calendar file as text, and it answers questions about itself as well.
    """

    # Fast-path shape, worked out once: (interval in days) or (weekday set); else neither.
    _interval: int | None
    _weekdays: frozenset[int] | None

    def __new__(cls, rule: str) -> Schedule:
        if isinstance(rule, Schedule):
            return rule
        self = super().__new__(cls, normalise_rule(rule))
        self._interval = self._weekdays = None
        self._classify()
        return self

    def __repr__(self) -> str:
        return f"Schedule({str(self)!r})"

    @property
    def rule(self) -> str:
        """The RRULE as a plain string."""
        return str(self)

    def _classify(self) -> None:
        rule = str(self)
        parts = _rule_parts(rule)
        keys = set(parts)
        interval = parts.get("INTERVAL", "1")
        if parts.get("FREQ") == "DAILY" and keys <= {"FREQ", "INTERVAL"}:
            self._interval = _positive_int(interval, rule)
        elif (
            parts.get("FREQ") == "WEEKLY"
            and "BYDAY" in parts
            and keys <= {"FREQ", "INTERVAL", "BYDAY", "WKST"}
            and interval == "1"
            and all(code in DAY_CODES for code in parts["BYDAY"].split(","))
        ):
            self._weekdays = frozenset(DAY_CODES.index(c) for c in parts["BYDAY"].split(","))
        else:
            _check_with_dateutil(rule)

    # Constructors ------------------------------------------------------------------------
    @classmethod
    def daily(cls) -> Schedule:
        return cls("FREQ=DAILY")

    @classmethod
    def weekdays(cls) -> Schedule:
        return cls("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")

    @classmethod
    def on_days(cls, days: Iterable[int]) -> Schedule:
        """On chosen weekdays, 0 = Monday ... 6 = Sunday."""
        chosen = sorted(set(days))
        if not chosen or not all(0 <= d <= 6 for d in chosen):
            raise UsageError("Choose at least one weekday (Monday to Sunday).")
        return cls("FREQ=WEEKLY;BYDAY=" + ",".join(DAY_CODES[d] for d in chosen))

    @classmethod
    def weekly(cls, day: int) -> Schedule:
        """Once a week on `day` (0 = Monday)."""
        return cls.on_days([day])

    @classmethod
    def every_n_days(cls, n: int) -> Schedule:
        """Every `n` days, counted from the promise's start day."""
        if not 1 <= n <= MAX_INTERVAL:
            raise UsageError(f"Every N days needs N from 1 to {MAX_INTERVAL}; {n} is not.")
        return cls("FREQ=DAILY" if n == 1 else f"FREQ=DAILY;INTERVAL={n}")

    # Questions ---------------------------------------------------------------------------
    @property
    def interval(self) -> int | None:
        """N for an every-N-days rule, else None."""
        return self._interval

    @property
    def weekday_set(self) -> frozenset[int] | None:
        """The weekdays of a by-weekday rule (0 = Monday), else None."""
        return self._weekdays

    def due_on(self, day: date, start: date, end: date | None = None) -> bool:
        """Whether the promise is due on `day`, given its first and (optional) last day."""
        if day < start or (end is not None and day > end):
            return False
        if self._interval is not None:
            return (day - start).days % self._interval == 0
        if self._weekdays is not None:
            return day.weekday() in self._weekdays
        return bool(self.due_days(start, end, day, day))

    def due_days(
        self, start: date, end: date | None, window_from: date, window_to: date
    ) -> list[date]:
        """Every day in `window_from`..`window_to` (inclusive) on which the rule is due."""
        lo = max(start, window_from)
        hi = window_to if end is None else min(end, window_to)
        if hi < lo:
            return []
        if self._interval is not None:
            step = self._interval
            first = lo.toordinal() + (-(lo - start).days) % step
            return [date.fromordinal(o) for o in range(first, hi.toordinal() + 1, step)]
        if self._weekdays is not None:
            lo_ord, hi_ord = lo.toordinal(), hi.toordinal()
            days: list[int] = []
            for weekday in self._weekdays:
                # date.toordinal() % 7 == 0 is a Sunday; weekday() is (ordinal + 6) % 7.
                first = lo_ord + (weekday - (lo_ord + 6) % 7) % 7
                days.extend(range(first, hi_ord + 1, 7))
            days.sort()
            return [date.fromordinal(o) for o in days]
        return _expand_with_dateutil(str(self), start, lo, hi)

    def describe(self) -> str:
        """A short phrase for people: "every day", "weekdays", "Mon, Wed, Fri" ..."""
        if self._interval is not None:
            return "every day" if self._interval == 1 else f"every {self._interval} days"
        if self._weekdays is not None:
            days = sorted(self._weekdays)
            if days == list(range(7)):
                return "every day"
            if days == [0, 1, 2, 3, 4]:
                return "weekdays"
            if days == [5, 6]:
                return "weekends"
            if len(days) == 1:
                return f"weekly on {DAY_NAMES[days[0]]}"
            return ", ".join(DAY_SHORT[d] for d in days)
        return f"custom ({self})"


def normalise_rule(rule: str) -> str:
    """The rule in upper case without a leading `RRULE:` or spaces; refuse an empty one."""
    text = "".join((rule or "").split()).upper()
    if text.startswith("RRULE:"):
        text = text[len("RRULE:") :]
    text = text.strip(";")
    if not text or "FREQ=" not in text:
        shown = (rule or "")[:60] or "an empty schedule"
        raise UsageError(f"'{shown}' is not a schedule I can read. {EVERY_HELP}")
    return text


def _rule_parts(rule: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for piece in rule.split(";"):
        key, sep, value = piece.partition("=")
        if not sep or not key or not value or key in parts:
            raise UsageError(f"The schedule '{rule[:60]}' is not a valid recurrence rule.")
        parts[key] = value
    return parts


def _positive_int(text: str, rule: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_INTERVAL:
        raise UsageError(f"The schedule '{rule[:60]}' has an interval I can't use.")
    return int(text)


def _check_with_dateutil(rule: str) -> None:
    """Validate a rule outside the fast paths; only whole-day rules make sense here."""
    parts = _rule_parts(rule)
    if parts.get("FREQ") not in {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}:
        raise UsageError(
            f"The schedule '{rule[:60]}' repeats more often than daily; promises are daily."
        )
    from dateutil.rrule import rrulestr

    try:
        first = rrulestr(rule, dtstart=datetime(2000, 1, 1)).after(datetime(2000, 1, 1), inc=True)
    except (ValueError, TypeError) as error:
        raise UsageError(f"The schedule '{rule[:60]}' is not valid ({error}).") from None
    if first is None:
        raise UsageError(f"The schedule '{rule[:60]}' never comes due.")


def _expand_with_dateutil(rule: str, start: date, lo: date, hi: date) -> list[date]:
    from dateutil.rrule import rrulestr

    recurrence = rrulestr(rule, dtstart=datetime.combine(start, time()))
    found = recurrence.between(datetime.combine(lo, time()), datetime.combine(hi, time()), inc=True)
    return [moment.date() for moment in found]


def parse_every(text: str, start: date) -> Schedule:
    """The CLI's `--every`: daily | weekdays | weekly | mo,we,fr | every:N.

    A few everyday spellings are taken too: "day", "week", "weekends", "3 days",
    "every 3 days", and full or three-letter day names ("mon,wed,fri").
    """
    value = " ".join((text or "").strip().lower().split())
    if value in {"daily", "day", "every day", "everyday"}:
        return Schedule.daily()
    if value == "weekdays":
        return Schedule.weekdays()
    if value == "weekends":
        return Schedule.on_days([5, 6])
    if value in {"weekly", "week", "every week"}:
        return Schedule.weekly(start.weekday())
    number = _days_count(value)
    if number is not None:
        if not number.isdigit():
            raise UsageError(f"'{text[:40]}' needs a whole number of days, e.g. every:3.")
        return Schedule.every_n_days(int(number))
    names = [name.strip() for name in value.split(",")]
    if names and all(name in _DAY_ALIASES for name in names):
        return Schedule.on_days(_DAY_ALIASES[name] for name in names)
    shown = (text or "").strip()[:40] or "an empty value"
    raise UsageError(f"'{shown}' is not a schedule I know. {EVERY_HELP}")


def _days_count(value: str) -> str | None:
    """The N of "every:N", "every N days" or "N days"; None for other forms."""
    if value.startswith("every:"):
        return value[len("every:") :].strip()
    words = value.removeprefix("every ").split()
    if len(words) == 2 and words[1] in {"day", "days"}:
        return words[0]
    return None


def days_between(first: date, last: date) -> Iterable[date]:
    """Every day from `first` to `last` inclusive (a plain helper for callers and tests)."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)
