"""Where "now" comes from: the system clock in use, a fixed one in tests and snapshots."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """Anything that can say what time it is, as an aware local datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The machine's clock in its local time zone, read afresh on every call."""

    def now(self) -> datetime:
        return datetime.now().astimezone()


class FixedClock:
    """A clock that says the same time until moved; for tests and screenshots."""

    def __init__(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            moment = moment.astimezone()
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def set(self, moment: datetime) -> None:
        self.moment = moment if moment.tzinfo else moment.astimezone()
