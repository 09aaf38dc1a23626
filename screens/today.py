"""Today, the home screen: where the program stands and what to do next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from coach.promises import list_promises
from coach.screens.base import SectionScreen
from coach.screens.profile_form import today_for
from coach.screens.today_promises import TodayPromises


class TodayScreen(SectionScreen):
    SECTION_TITLE = "Today"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="today"):
            yield Static(id="day-line", markup=False)
            yield TodayPromises(today_for(self.app), id="today-promises")
            yield Static(
                "No promises yet. Small promises kept every day are how trust is rebuilt: "
                "press 4 to open Promises, or 2 to start reading the Guide.",
                id="today-empty",
                markup=False,
            )

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_day()

    def on_screen_resume(self) -> None:
        self.refresh_day()

    def refresh_day(self) -> None:
        today = today_for(self.app)
        start = self.settings.program_start or today
        day_number = (today - start).days + 1
        self.query_one("#day-line", Static).update(
            f"Day {day_number} of the program · {today.strftime('%A %d %B %Y')}"
        )
        self.refresh_promises()

    def on_today_promises_day_ended(self) -> None:
        self.refresh_day()

    def refresh_promises(self) -> None:
        """Today's promises, or the kind empty state when there are none at all."""
        has_promises = bool(list_promises(self.app.store))  # type: ignore[attr-defined]
        promises = self.query_one("#today-promises", TodayPromises)
        promises.display = has_promises
        self.query_one("#today-empty").display = not has_promises
        promises.day = today_for(self.app)
        if has_promises:
            promises.refresh_all(promises.day)
            if self.focused is None or self.focused.id == "today":
                # So space keeps the first promise at once, without a tab first.
                promises.query_one("#today-checklist").focus()
