"""Dialogs of the check-in: its day and time, a shared goal, and reading a session back."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from coach.checkins import QUESTIONS, WEEKDAYS, Checkin, get_schedule, set_schedule
from coach.errors import CoachError
from coach.goals import Goal
from coach.screens.profile_form import today_for
from coach.screens.type_ahead import TypingReachesTheField


class ScheduleDialog(ModalScreen[bool]):
    """Choose the weekday and time of the weekly check-in."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="schedule.cancel", tooltip="Keep the old day"),
        Binding("ctrl+s", "save", "Save", id="schedule.save", tooltip="Save the day and time"),
    ]

    def compose(self) -> ComposeResult:
        current = get_schedule(self.app.store)  # type: ignore[attr-defined]
        with Vertical(classes="dialog"):
            yield Static("The weekly check-in", classes="dialog-title", markup=False)
            yield Label("Day")
            yield Select(
                [(d, i) for i, d in enumerate(WEEKDAYS)],
                allow_blank=False,
                value=current.weekday if current else 6,
                id="weekday",
            )
            yield Label("Time (24-hour, HH:MM)")
            yield Input(current.time if current else "19:30", id="time", max_length=5)
            yield Static("", id="schedule-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        weekday = self.query_one("#weekday", Select).value
        try:
            set_schedule(
                self.app.store,
                int(weekday),  # type: ignore[attr-defined, arg-type]
                self.query_one("#time", Input).value,
                today_for(self.app),
            )
        except CoachError as error:
            self.query_one("#schedule-error", Static).update(error.message)
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class GoalDialog(TypingReachesTheField, ModalScreen[tuple[str, str] | None]):
    """Add or edit a shared goal and its first step."""

    TYPE_INTO = "#goal-text"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="goal.cancel", tooltip="Leave without saving"),
    ]

    def __init__(self, goal: Goal | None = None) -> None:
        super().__init__()
        self.goal = goal

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                "A shared goal" if self.goal is None else "Edit the goal",
                classes="dialog-title",
                markup=False,
            )
            yield Label("Something to build or look forward to together")
            yield Input(self.goal.text if self.goal else "", id="goal-text", max_length=300)
            yield Label("The first small step")
            yield Input(self.goal.first_step if self.goal else "", id="goal-step", max_length=300)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def save(self) -> None:
        self.dismiss(
            (self.query_one("#goal-text", Input).value, self.query_one("#goal-step", Input).value)
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class CheckinReadBack(ModalScreen[None]):
    """A finished check-in, read back as it was written."""

    BINDINGS = [
        Binding("escape,enter,q", "close", "Close", id="readback.close", tooltip="Close"),
    ]

    def __init__(self, checkin: Checkin) -> None:
        super().__init__()
        self.checkin = checkin

    def compose(self) -> ComposeResult:
        c = self.checkin
        body = Text()
        body.append(f"Check-in of {c.day.strftime('%A %d %B %Y')}", style="bold")
        body.append(f"  ({c.elapsed_seconds // 60} minutes)\n\n")
        for key, question in QUESTIONS:
            body.append(question + "\n", style="bold")
            body.append((c.answers.get(key) or "(nothing written)") + "\n\n")
        body.append("This week I will: ", style="bold")
        body.append((c.answers.get("my_step") or "-") + "\n")
        partner = self.app.settings.partner.name  # type: ignore[attr-defined]
        body.append(f"This week {partner} will: ", style="bold")
        body.append((c.answers.get("their_step") or "-") + "\n\n")
        if c.agenda:
            body.append("The agenda that week\n", style="bold")
            body.append("\n".join(c.agenda))
        with VerticalScroll(classes="dialog readback"):
            yield Static(body)

    def action_close(self) -> None:
        self.dismiss(None)
