"""Promises: the list of promises with their streaks, and the calendar of kept days.

The month view sits beside the selected day's promises and notes, which can be marked
there for any day that has come. `y` swaps the month for the year. The streak maths and
every rule about what may be marked live in `coach/`; this screen shows and forwards.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static

from coach import promises as core
from coach import streaks
from coach.screens.base import SectionScreen
from coach.screens.calendar_month import STATE_NAMES, MonthCalendar
from coach.screens.calendar_year import YearView
from coach.screens.dialogs import ConfirmDialog
from coach.screens.profile_form import today_for
from coach.screens.promises_add import AddPromiseDialog, RenamePromiseDialog
from coach.screens.promises_checklist import DayChecklist
from coach.screens.promises_help import StreakRulesDialog
from coach.textsafe import display_safe

EMPTY_TEXT = (
    "No promises yet. Press a to add your first: something small you can keep every "
    "day, like 'tell her where I am when plans change'. Every small promise kept is a brick."
)


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{round(rate * 100)}%"


class PromisesScreen(SectionScreen):
    SECTION_TITLE = "Promises"
    CSS_PATH = "promises.tcss"

    BINDINGS = [
        # Priority, so a promise's words typed right after `a` reach the dialog it opens.
        Binding("a", "add", "Add", id="promises.add", tooltip="Add a new promise", priority=True),
        Binding(
            "r",
            "rename",
            "Rename",
            id="promises.rename",
            tooltip="Rename the promise highlighted in the list",
            priority=True,
        ),
        Binding(
            "x",
            "archive",
            "Archive",
            id="promises.archive",
            tooltip="Archive the highlighted promise; its history stays",
        ),
        Binding(
            "y",
            "toggle_year",
            "Year",
            id="promises.year",
            tooltip="Switch between the month and the year view",
        ),
        Binding(
            "enter",
            "mark_day",
            "Mark day",
            id="promises.mark_day",
            show=False,
            tooltip="Go to the selected day's promises to mark them",
        ),
        Binding(
            "escape",
            "back_to_calendar",
            "Calendar",
            id="promises.calendar",
            show=False,
            tooltip="Back from the day's promises to the calendar",
        ),
        Binding(
            "h",
            "rules",
            "Streak rules",
            id="promises.rules",
            tooltip="How streaks, kept rates and consistency are counted",
        ),
    ]

    def compose_body(self) -> ComposeResult:
        today = today_for(self.app)
        self.today = today
        with Vertical(id="promises"):
            yield Static(EMPTY_TEXT, id="promises-empty", markup=False)
            yield DataTable(id="promise-list", cursor_type="row", show_cursor=True)
            with Horizontal(id="calendar-row"):
                yield MonthCalendar(self.states_for, today, id="month")
                with Vertical(id="day-panel"):
                    yield DayChecklist(
                        today, id="day-checklist", empty_text="Nothing was due on this day."
                    )
                    yield Static(
                        "enter mark day · [ ] month · t today",
                        id="day-hint",
                        markup=False,
                    )
            yield YearView(self.states_for, self.rates_for, today, id="year")

    # Data for the calendars -----------------------------------------------------------------
    @property
    def store(self) -> object:
        return self.app.store  # type: ignore[attr-defined]

    def states_for(self, first: date, last: date) -> dict:
        return streaks.day_states(self.store, first, last, self.today)

    def rates_for(self) -> list:
        return list(streaks.weekly_kept_rates(self.store, self.today, weeks=26))

    # Life cycle -----------------------------------------------------------------------------
    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#promise-list", DataTable)
        table.add_columns("Promise", "How often", "Time", "Streak", "30 days")
        self.query_one("#year").display = False
        self.refresh_list()
        self.show_day(self.today)
        self.query_one("#month").focus()
        self.set_interval(30, self._check_day_end)

    def _check_day_end(self) -> None:
        if today_for(self.app) != self.today:
            self.on_screen_resume()

    def show_changes_from_elsewhere(self) -> None:
        self.on_screen_resume()

    def on_screen_resume(self) -> None:
        # The day may have ended while another section was open, or Today changed data.
        today = today_for(self.app)
        moved = today != self.today
        self.today = today
        month = self.query_one("#month", MonthCalendar)
        if moved and month.selected == month.today:
            month.selected = today
        month.reload(today)
        self.refresh_list()
        self.show_day(month.selected)
        self.reload_year()

    # The list -------------------------------------------------------------------------------
    def refresh_list(self) -> None:
        table = self.query_one("#promise-list", DataTable)
        keep = table.cursor_row
        table.clear()
        promises = core.list_promises(self.store)
        for promise in promises:
            stats = streaks.promise_stats(self.store, promise.id, self.today)
            days = "day" if stats.current_streak == 1 else "days"
            table.add_row(
                Text(display_safe(promise.text)),
                Text(promise.schedule.describe()),
                Text(promise.at or ""),
                Text(f"{stats.current_streak} {days}"),
                Text(percent(stats.kept_rate_30)),
                key=promise.id,
            )
        table.display = bool(promises)
        self.query_one("#promises-empty").display = not promises
        if promises:
            table.move_cursor(row=min(keep, len(promises) - 1))

    def highlighted(self) -> core.Promise | None:
        table = self.query_one("#promise-list", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return next((p for p in core.list_promises(self.store) if p.id == key), None)

    # The calendar ---------------------------------------------------------------------------
    @on(MonthCalendar.DaySelected)
    def day_selected(self, event: MonthCalendar.DaySelected) -> None:
        self.show_day(event.day)
        if self.query_one("#year").display:
            self.query_one("#year", YearView).show(event.day, self.today)

    def show_day(self, day: date) -> None:
        month = self.query_one("#month", MonthCalendar)
        state = month.state_of(day)
        title = Text(day.strftime("%A %d %B %Y"), style="bold")
        if day == self.today:
            title.append(" · today")
        if state is not None:
            title.append(f" · {STATE_NAMES[state]}")
        if day > self.today:
            title.append("\nThis day has not come yet; it can be marked once it has.")
        checklist = self.query_one("#day-checklist", DayChecklist)
        checklist.title = title
        checklist.load(day)

    @on(DayChecklist.Changed)
    def day_changed(self, event: DayChecklist.Changed) -> None:
        self.query_one("#month", MonthCalendar).reload()
        self.refresh_list()
        self.show_day(event.day)
        self.reload_year()

    def reload_year(self) -> None:
        year = self.query_one("#year", YearView)
        if year.display:
            year.show(self.query_one("#month", MonthCalendar).selected, self.today)

    # Actions --------------------------------------------------------------------------------
    def action_add(self, text: str = "") -> None:
        def added(promise: core.Promise | None) -> None:
            if promise is None:
                return
            self.refresh_list()
            table = self.query_one("#promise-list", DataTable)
            table.move_cursor(row=table.get_row_index(promise.id))
            self.query_one("#month", MonthCalendar).reload()
            self.show_day(self.query_one("#month", MonthCalendar).selected)
            self.reload_year()
            self.notify("Promise added. Keep it today.", title="Added")

        self.app.push_screen(AddPromiseDialog(self.store, self.today, text), added)

    def suggest_promise(self, text: str) -> None:
        """Open the add dialog with `text` already typed (the Guide's "Do this now")."""
        self.action_add(text)

    def action_rename(self) -> None:
        promise = self.highlighted()
        if promise is None:
            self.notify("There is no promise to rename yet. Press a to add one.")
            return

        def renamed(text: str | None) -> None:
            if text is not None:
                self.refresh_list()
                self.show_day(self.query_one("#month", MonthCalendar).selected)

        self.app.push_screen(RenamePromiseDialog(self.store, promise.id, promise.text), renamed)

    def action_archive(self) -> None:
        promise = self.highlighted()
        if promise is None:
            self.notify("There is no promise to archive.")
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            core.archive_promise(self.store, promise.id)
            self.refresh_list()
            self.query_one("#month", MonthCalendar).reload()
            self.show_day(self.query_one("#month", MonthCalendar).selected)
            self.reload_year()

        self.app.push_screen(
            ConfirmDialog(
                f"Archive “{display_safe(promise.text)}”? It will no longer be due; the days "
                "already kept or broken stay in the calendar.",
                yes="Archive",
                no="Keep it",
            ),
            answered,
        )

    def action_toggle_year(self) -> None:
        year = self.query_one("#year", YearView)
        showing = not year.display
        year.display = showing
        self.query_one("#calendar-row").display = not showing
        month = self.query_one("#month", MonthCalendar)
        if showing:
            year.show(month.selected, self.today)
        else:
            month.focus()

    def action_mark_day(self) -> None:
        if self.query_one("#calendar-row").display:
            self.query_one("#day-checklist").focus()

    def action_back_to_calendar(self) -> None:
        if self.query_one("#calendar-row").display:
            self.query_one("#month").focus()

    def action_rules(self) -> None:
        self.app.push_screen(StreakRulesDialog())
