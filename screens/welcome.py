"""The first-run welcome: who this is for, what it is not, and the few settings it needs."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from coach.screens.profile_form import ProfileForm, today_for

WELCOME_TEXT = (
    "Trust Coach walks you through a program for earning back trust you broke: "
    "understanding what happened, the work before you talk, an apology that owns it, "
    "small promises kept every day, and the hard moments when the past comes up.\n\n"
    "Everything you write stays on this computer, in files only you can read.\n\n"
    "This is a coaching tool. It is not therapy and not a crisis service. If anyone is in "
    "danger, or there is abuse, contact your local emergency number first."
)


class WelcomeScreen(Screen[None]):
    """Shown once, on an empty store. Skipping keeps the defaults."""

    BINDINGS = [
        Binding(
            "ctrl+s", "start", "Start", id="welcome.start", tooltip="Save these answers and begin"
        ),
        Binding(
            "escape",
            "skip",
            "Skip",
            id="welcome.skip",
            tooltip="Begin with the defaults; Settings can change them later",
        ),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="welcome"):
            yield Static("Welcome to Trust Coach", classes="welcome-title", markup=False)
            yield Static(WELCOME_TEXT, classes="welcome-text", markup=False)
            yield ProfileForm(self.app.settings, today_for(self.app), id="welcome-form")
            with Horizontal(classes="welcome-buttons"):
                yield Button("Start", variant="primary", id="start")
                yield Button("Skip for now", id="skip")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Welcome"
        self.query_one("#partner-name").focus()

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        settings = self.query_one(ProfileForm).current()
        if settings is None:
            self.notify("Fix the start date first; it is marked in red.", severity="error")
            return
        self.app.update_settings(settings.with_changes(welcomed=True))  # type: ignore[attr-defined]
        self.dismiss(None)

    @on(Button.Pressed, "#skip")
    def action_skip(self) -> None:
        app = self.app
        app.update_settings(  # type: ignore[attr-defined]
            app.settings.with_changes(welcomed=True, program_start=today_for(app))  # type: ignore[attr-defined]
        )
        self.dismiss(None)
