"""The user's settings: who the partner is, when the program started, when a day ends."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from coach.pronouns import DEFAULT_NAME, DEFAULT_PRONOUNS, PRONOUN_SETS
from coach.store import Store
from coach.textsafe import clean_line

if TYPE_CHECKING:
    from coach.partner import Partner

TABLE = "settings"
RECORD_ID = "settings"
DEFAULT_DAY_END_HOUR = 4
DEFAULT_THEME = "textual-dark"
PRONOUN_CHOICES = tuple(PRONOUN_SETS)


class Settings(NamedTuple):
    """Everything Settings edits. `welcomed` is set once the first-run welcome is done."""

    partner_name: str = ""
    pronouns: str = DEFAULT_PRONOUNS
    program_start: date | None = None
    day_end_hour: int = DEFAULT_DAY_END_HOUR
    theme: str = DEFAULT_THEME
    welcomed: bool = False

    @property
    def partner(self) -> Partner:
        from coach.partner import Partner

        return Partner(self.partner_name.strip() or DEFAULT_NAME, self.pronouns)

    def with_changes(self, **changes: Any) -> Settings:
        return validated(self._replace(**changes))


def validated(settings: Settings) -> Settings:
    """Settings with every value checked; a bad value falls back to its default."""
    name = clean_line(settings.partner_name, limit=60, what="The name")
    pronouns = settings.pronouns if settings.pronouns in PRONOUN_SETS else DEFAULT_PRONOUNS
    hour = settings.day_end_hour
    hour = hour if isinstance(hour, int) and 0 <= hour <= 12 else DEFAULT_DAY_END_HOUR
    return settings._replace(partner_name=name, pronouns=pronouns, day_end_hour=hour)


def load_settings(store: Store) -> Settings:
    """The saved settings, or the defaults for a new store."""
    raw = store.records(TABLE).get(RECORD_ID)
    if raw is None:
        return Settings()
    start = raw.get("program_start")
    try:
        start_date = date.fromisoformat(start) if isinstance(start, str) else None
    except ValueError:
        start_date = None
    hour = raw.get("day_end_hour", DEFAULT_DAY_END_HOUR)
    return validated(
        Settings(
            partner_name=str(raw.get("partner_name", ""))[:60],  # a foreign file may hold more
            pronouns=str(raw.get("pronouns", DEFAULT_PRONOUNS)),
            program_start=start_date,
            day_end_hour=hour if isinstance(hour, int) else DEFAULT_DAY_END_HOUR,
            theme=str(raw.get("theme", DEFAULT_THEME)),
            welcomed=bool(raw.get("welcomed", False)),
        )
    )


def save_settings(store: Store, settings: Settings) -> None:
    """Write the settings as one record."""
    record = validated(settings)._asdict()
    record["program_start"] = settings.program_start.isoformat() if settings.program_start else None
    store.put(TABLE, RECORD_ID, record)


def partner_label(settings: Settings) -> str:
    """How screens name the partner: the chosen name, else "your partner"."""
    return settings.partner_name.strip() or DEFAULT_NAME
