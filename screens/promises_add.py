"""The dialogs that make and rename a promise. A bad value gets a message saying what to
type, next to the field, and everything typed stays where it was."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from coach import promises as core
from coach.dates import parse_iso_date, parse_time_of_day
from coach.errors import CoachError, UsageError
from coach.schedule import parse_every
from coach.screens.type_ahead import TypingReachesTheField
from coach.store import Store
from coach.textsafe import clean_line

SCHEDULE_CHOICES = [
    ("Every day", "day"),
    ("Weekdays (Monday to Friday)", "weekdays"),
    ("On chosen weekdays", "chosen"),
    ("Once a week", "week"),
    ("Every few days", "every_n"),
]

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

DIALOG_CSS = """
PromiseDialogBase .dialog { width: 72; }
PromiseDialogBase Label { color: $text-muted; margin-top: 1; }
PromiseDialogBase Input, PromiseDialogBase Select { width: 100%; }
PromiseDialogBase .field-error { color: $error; height: auto; }
PromiseDialogBase .pair { height: auto; }
PromiseDialogBase .pair > Vertical { height: auto; width: 1fr; margin-right: 2; }
PromiseDialogBase .hidden { display: none; }
"""


def weekdays_text(text: str) -> str:
    """Weekday names typed any way ("Mon, wed fri") as the schedule wants them."""
    names = [part.strip().lower()[:3] for part in text.replace(",", " ").split()]
    unknown = [name for name in names if name not in WEEKDAY_NAMES]
    if not names:
        raise UsageError("Choose at least one weekday, e.g. mon wed fri.")
    if unknown:
        raise UsageError(
            f"'{unknown[0]}' is not a weekday I know. Use the first three letters, "
            "e.g. mon wed fri."
        )
    ordered = sorted(set(names), key=WEEKDAY_NAMES.index)
    return ",".join(ordered)


def every_text(choice: object, days: str, interval: str) -> str:
    """The text `parse_every` reads for the chosen kind of schedule."""
    if choice == "chosen":
        return weekdays_text(days)
    if choice == "every_n":
        cleaned = interval.strip()
        if not cleaned.isdigit() or not 2 <= int(cleaned) <= 365:
            raise UsageError(
                f"'{cleaned or 'nothing'}' is not a number of days I can use. Type a whole "
                "number from 2 to 365, e.g. 3 for every third day."
            )
        return f"{int(cleaned)} days"
    return str(choice)


class PromiseDialogBase(TypingReachesTheField, ModalScreen):
    """Shared look: one dialog box, an error line, Save and Cancel."""

    DEFAULT_CSS = DIALOG_CSS


class AddPromiseDialog(PromiseDialogBase):
    """A new promise: its words, how often, an optional time, and the day it starts."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="add.save", tooltip="Add this promise", priority=True),
        Binding("escape", "cancel", "Cancel", id="add.cancel", tooltip="Close without adding"),
    ]

    def __init__(self, store: Store, today: date, text: str = "") -> None:
        super().__init__()
        self.store = store
        self.today = today
        self.initial_text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("A new promise", classes="dialog-title", markup=False)
            yield Static(
                "Small, concrete and checkable: something you can keep today.",
                classes="dialog-hint",
                markup=False,
            )
            yield Label("I promise to")
            yield Input(
                self.initial_text,
                placeholder="tell her where I am when plans change",
                max_length=core.MAX_PROMISE_CHARS,
                id="promise-text",
                compact=True,
                # A suggested promise is to be edited, not replaced by the first key.
                select_on_focus=False,
            )
            yield Static("", id="text-error", classes="field-error", markup=False)
            yield Label("How often")
            yield Select(
                SCHEDULE_CHOICES, value="day", allow_blank=False, id="schedule", compact=True
            )
            with Vertical(id="days-field", classes="hidden"):
                yield Label("Which weekdays (first three letters)")
                yield Input(placeholder="mon wed fri", id="weekdays", compact=True)
            with Vertical(id="interval-field", classes="hidden"):
                yield Label("Every how many days")
                yield Input(placeholder="3", id="interval", max_length=3, compact=True)
            yield Static("", id="schedule-error", classes="field-error", markup=False)
            with Horizontal(classes="pair"):
                with Vertical():
                    yield Label("At what time (optional, HH:MM)")
                    yield Input(placeholder="e.g. 19:30", id="at", max_length=5, compact=True)
                with Vertical():
                    yield Label("Starting on (year-month-day)")
                    yield Input(self.today.isoformat(), id="start", max_length=10, compact=True)
            yield Static("", id="when-error", classes="field-error", markup=False)
            yield Static("", id="save-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        for error in self.query(".field-error"):
            error.display = False
        # At once, not on the next turn: words typed right after `a` belong in this field.
        self.set_focus(self.query_one("#promise-text", Input))

    @on(Select.Changed, "#schedule")
    def show_schedule_fields(self, event: Select.Changed) -> None:
        self.query_one("#days-field").set_class(event.value != "chosen", "hidden")
        self.query_one("#interval-field").set_class(event.value != "every_n", "hidden")
        self.query_one("#schedule-error", Static).update("")

    def _field(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def _error(self, selector: str, message: str) -> None:
        error = self.query_one(selector, Static)
        error.update(message)
        error.display = bool(message)  # an empty line only pushes the fields apart

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        for selector in ("#text-error", "#schedule-error", "#when-error", "#save-error"):
            self._error(selector, "")
        ok = True
        try:
            text = clean_line(self._field("#promise-text"), what="The promise")
            if not text:
                raise UsageError("Write the promise in a few words, e.g. 'call if I am late'.")
        except CoachError as error:
            self._error("#text-error", error.message)
            ok = False
        at: str | None = None
        start = self.today
        problems = []
        try:
            if self._field("#at").strip():
                at = parse_time_of_day(self._field("#at"), what="The time")
        except CoachError as error:
            problems.append(error.message)
        try:
            start = parse_iso_date(self._field("#start"), what="The start date")
        except CoachError as error:
            problems.append(error.message)
        if problems:
            self._error("#when-error", "\n".join(problems))
            ok = False
        try:
            every = every_text(
                self.query_one("#schedule", Select).value,
                self._field("#weekdays"),
                self._field("#interval"),
            )
            schedule = parse_every(every, start)
        except CoachError as error:
            self._error("#schedule-error", error.message)
            ok = False
        if not ok:
            return
        try:
            promise = core.add_promise(self.store, text, schedule, start, at=at)
        except CoachError as error:
            self._error("#save-error", error.message)
            return
        self.dismiss(promise)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class RenamePromiseDialog(PromiseDialogBase):
    """New words for a promise; its history stays with it."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="rename.cancel", tooltip="Keep the old words"),
    ]

    def __init__(self, store: Store, promise_id: str, text: str) -> None:
        super().__init__()
        self.store = store
        self.promise_id = promise_id
        self.old_text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Rename the promise", classes="dialog-title", markup=False)
            yield Static("Its days and notes stay with it.", classes="dialog-hint", markup=False)
            yield Label("I promise to")
            yield Input(
                self.old_text,
                max_length=core.MAX_PROMISE_CHARS,
                id="new-text",
                compact=True,
                # Backspace fixes the last letter; it must not wipe the words.
                select_on_focus=False,
            )
            yield Static("", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Rename (enter)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#new-text", Input))

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        try:
            text = clean_line(self.query_one("#new-text", Input).value, what="The promise")
            if not text:
                raise UsageError("Write the promise in a few words; it cannot be empty.")
            core.rename_promise(self.store, self.promise_id, text)
        except CoachError as error:
            self.query_one(".field-error", Static).update(error.message)
            return
        self.dismiss(text)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
