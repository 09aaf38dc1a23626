"""The form shared by the welcome and Settings: the partner's name and pronouns, the
program's start date and the hour a day ends."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, RadioButton, RadioSet, Select, Static

from coach.dates import ISO_HINT, parse_iso_date, program_today
from coach.errors import CoachError
from coach.settings import PRONOUN_CHOICES, Settings

HOUR_CHOICES = [
    ("Midnight", 0),
    *((f"{hour} a.m." + (" (the default)" if hour == 4 else ""), hour) for hour in range(1, 9)),
]


class ProfileForm(Vertical):
    """Edits a Settings value; posts `ProfileForm.Changed` whenever it is valid."""

    DEFAULT_CSS = """
    ProfileForm { height: auto; }
    ProfileForm Label { margin: 1 0 0 0; color: $text-muted; }
    ProfileForm Input { border: none; }
    ProfileForm .field-error { color: $error; height: auto; }
    ProfileForm #pronouns { layout: horizontal; height: auto; width: auto; }
    ProfileForm Input, ProfileForm Select { width: 40; }
    """

    class Changed(Message):
        """The form holds a new, valid Settings value."""

        def __init__(self, form: ProfileForm, settings: Settings) -> None:
            super().__init__()
            self.form = form
            self.settings = settings

    def __init__(self, settings: Settings, today: date, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.base = settings
        self.today = today

    def compose(self) -> ComposeResult:
        settings = self.base
        yield Label("Their name (optional)")
        yield Input(
            settings.partner_name,
            placeholder="your partner",
            id="partner-name",
            max_length=60,
            compact=True,
        )
        yield Label("Pronouns")
        with RadioSet(id="pronouns", compact=True):
            for choice in PRONOUN_CHOICES:
                yield RadioButton(choice, value=choice == settings.pronouns, name=choice)
        yield Label("When the program started (year-month-day)")
        start = settings.program_start or self.today
        yield Input(
            start.isoformat(),
            placeholder="2026-11-24",
            id="program-start",
            max_length=10,
            compact=True,
        )
        yield Static("", id="start-error", classes="field-error", markup=False)
        yield Label("A day ends at (a promise kept after midnight counts for the day before)")
        yield Select(
            HOUR_CHOICES, value=settings.day_end_hour, allow_blank=False, id="day-end", compact=True
        )

    def current(self) -> Settings | None:
        """The Settings the form shows, or None while a field is invalid."""
        error = self.query_one("#start-error", Static)
        try:
            start = parse_iso_date(
                self.query_one("#program-start", Input).value, what="The start date"
            )
            if start > self.today:
                raise CoachError(
                    f"The start date {start.isoformat()} is in the future. Use today or an "
                    "earlier day."
                )
        except CoachError as problem:
            error.update(problem.message)
            return None
        error.update("")
        pressed = self.query_one("#pronouns", RadioSet).pressed_button
        hour = self.query_one("#day-end", Select).value
        try:
            return self.base.with_changes(
                partner_name=self.query_one("#partner-name", Input).value,
                pronouns=(pressed.name if pressed is not None else self.base.pronouns),
                program_start=start,
                day_end_hour=hour if isinstance(hour, int) else self.base.day_end_hour,
            )
        except CoachError as problem:
            error.update(problem.message)
            return None

    @on(Input.Changed)
    @on(RadioSet.Changed)
    @on(Select.Changed)
    def _field_changed(self, event: Message) -> None:
        event.stop()
        settings = self.current()
        if settings is not None:
            self.base = settings
            self.post_message(self.Changed(self, settings))


def today_for(app: object) -> date:
    """The program's today for an app with `clock` and `settings`."""
    return program_today(app.clock.now(), app.settings.day_end_hour)  # type: ignore[attr-defined]


__all__ = ["ProfileForm", "ISO_HINT", "today_for"]
