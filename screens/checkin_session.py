"""The guided weekly check-in: a visible 30-minute timer, the week's agenda, the two
questions with notes, shared goals, and what each will do this week. Saved as you type."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from coach.agenda import agenda_lines, week_agenda
from coach.checkins import (
    QUESTIONS,
    SESSION_SECONDS,
    finish_checkin,
    save_checkin,
    start_checkin,
)
from coach.errors import CoachError
from coach.goals import (
    add_goal,
    import_worksheet_goals,
    list_goals,
    set_goal_done,
    update_goal,
)
from coach.screens.profile_form import today_for
from coach.screens.type_ahead import TypingReachesTheField
from coach.worksheets import load_answers

AUTOSAVE_DELAY = 0.5


class GoalList(OptionList):
    """The shared goals; enter edits one, d marks it done or not."""

    BINDINGS = [
        Binding("d", "toggle_done", "Done", id="goals.done", tooltip="Mark the goal done or not"),
    ]

    def action_toggle_done(self) -> None:
        self.screen.toggle_goal(self.highlighted)  # type: ignore[attr-defined]


class CheckinSessionScreen(TypingReachesTheField, Screen[None]):
    """One check-in session. Leaving keeps it; ctrl+s finishes it."""

    CSS_PATH = "checkin.tcss"
    BINDINGS = [
        Binding(
            "ctrl+t",
            "toggle_timer",
            "Pause/resume",
            id="session.timer",
            tooltip="Pause or resume the 30-minute timer",
        ),
        Binding("ctrl+g", "add_goal", "Add goal", id="session.goal", tooltip="Add a shared goal"),
        Binding(
            "ctrl+s",
            "finish",
            "Finish",
            id="session.finish",
            tooltip="Save and finish this check-in",
        ),
        Binding(
            "escape",
            "leave",
            "Leave",
            id="session.leave",
            tooltip="Leave for now; everything is saved and it can be continued",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        # The timer reads the app's clock (fixed in tests); a clock moved backwards never
        # makes it run backwards, since elapsed time is clamped at zero.
        self._running_since: datetime | None = None
        self._elapsed_before = 0
        self._dirty = False
        self._save_timer = None

    def compose(self) -> ComposeResult:
        app = self.app
        store = app.store  # type: ignore[attr-defined]
        today = today_for(app)
        sections = week_agenda(store, today)
        self.checkin = start_checkin(
            store,
            today,
            app.clock.now(),  # type: ignore[attr-defined]
            agenda_lines(sections),
        )
        self._elapsed_before = self.checkin.elapsed_seconds
        import_worksheet_goals(store, _worksheet_goal_rows(store), app.clock.now())  # type: ignore[attr-defined]
        yield Header()
        with VerticalScroll(id="session"):
            yield Static(id="timer")
            yield Static(_agenda_text(sections), id="agenda")
            for key, question in QUESTIONS:
                yield Static(question, classes="question", markup=False)
                area = TextArea(self.checkin.answers.get(key, ""), id=key, soft_wrap=True)
                area.show_line_numbers = False
                yield area
            yield Static(
                "Shared goals (ctrl+g adds one; enter edits; d marks done)",
                classes="question",
                markup=False,
            )
            yield GoalList(id="goals")
            yield Static("This week I will", classes="question", markup=False)
            yield Input(self.checkin.answers.get("my_step", ""), id="my_step", max_length=500)
            partner = self.app.settings.partner.name  # type: ignore[attr-defined]
            yield Static(f"This week {partner} will", classes="question", markup=False)
            yield Input(self.checkin.answers.get("their_step", ""), id="their_step", max_length=500)
            yield Static("", id="save-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Weekly check-in"
        self.app.register_draft_holder(self)  # type: ignore[attr-defined]
        self._running_since = self.app.clock.now()  # type: ignore[attr-defined]
        self.refresh_goals()
        self.update_timer()
        self.set_interval(1, self.update_timer)
        self.set_focus(self.query_one("#how_are_we", TextArea), scroll_visible=False)  # at once

    # The timer ---------------------------------------------------------------------------
    def elapsed(self) -> int:
        running = 0.0
        if self._running_since is not None:
            now = self.app.clock.now()  # type: ignore[attr-defined]
            running = max(0.0, (now - self._running_since).total_seconds())
        return int(self._elapsed_before + running)

    def update_timer(self) -> None:
        left = SESSION_SECONDS - self.elapsed()
        text = Text()
        if left >= 0:
            text.append(f"Time left {left // 60:02d}:{left % 60:02d}", style="bold")
        else:
            text.append(f"Thirty minutes are up ({-left // 60} over)", style="bold")
            text.append("  Finishing on time keeps it something you both can face each week.")
        if self._running_since is None:
            text.append("  (paused: ctrl+t resumes)")
        self.query_one("#timer", Static).update(text)

    def action_toggle_timer(self) -> None:
        if self._running_since is None:
            self._running_since = self.app.clock.now()  # type: ignore[attr-defined]
        else:
            self._elapsed_before = self.elapsed()
            self._running_since = None
        self.update_timer()
        self.schedule_save()

    # Saving ------------------------------------------------------------------------------
    def answers(self) -> dict[str, str]:
        values = {key: self.query_one(f"#{key}", TextArea).text for key, _ in QUESTIONS}
        for key in ("my_step", "their_step"):
            values[key] = self.query_one(f"#{key}", Input).value
        return values

    @on(TextArea.Changed)
    @on(Input.Changed)
    def schedule_save(self) -> None:
        self._dirty = True
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(AUTOSAVE_DELAY, self.flush_drafts)

    def flush_drafts(self) -> None:
        if not self._dirty:
            return
        status = self.query_one("#save-status", Static)
        try:
            save_checkin(
                self.app.store,
                self.checkin.id,
                self.answers(),  # type: ignore[attr-defined]
                self.elapsed(),
                self.checkin.day,
            )
        except CoachError as error:
            status.update(f"Not saved: {error.message} Your text is still here.")
            return
        self._dirty = False
        status.update("Saved.")

    def action_leave(self) -> None:
        self._dirty = True
        self.flush_drafts()
        self.dismiss(None)

    def action_finish(self) -> None:
        try:
            finish_checkin(
                self.app.store,
                self.checkin.id,
                self.answers(),  # type: ignore[attr-defined]
                self.elapsed(),
                self.app.clock.now(),  # type: ignore[attr-defined]
                self.checkin.day,
            )
        except CoachError as error:
            self.query_one("#save-status", Static).update(
                f"Not saved: {error.message} Your text is still here."
            )
            return
        self._dirty = False
        self.notify("Check-in saved. It can be read back from the Check-in section.")
        self.dismiss(None)

    # Goals -------------------------------------------------------------------------------
    def refresh_goals(self) -> None:
        goals = self.query_one("#goals", GoalList)
        highlighted = goals.highlighted
        goals.clear_options()
        self._goals = list_goals(self.app.store)  # type: ignore[attr-defined]
        for goal in self._goals:
            label = Text("✓ " if goal.done else "· ", style="bold")
            label.append(goal.text, style="strike" if goal.done else "")
            if goal.first_step:
                label.append(f"  first step: {goal.first_step}", style="dim")
            goals.add_option(Option(label, id=goal.id))
        if not self._goals:
            goals.add_option(Option(Text("No shared goals yet."), disabled=True))
        if highlighted is not None and self._goals:
            goals.highlighted = min(highlighted, len(self._goals) - 1)

    def action_add_goal(self) -> None:
        from coach.screens.checkin_dialogs import GoalDialog

        def added(result: tuple[str, str] | None) -> None:
            if result is None:
                return
            try:
                add_goal(self.app.store, result[0], result[1], self.app.clock.now())  # type: ignore[attr-defined]
            except CoachError as error:
                self.notify(error.message, severity="error")
            self.refresh_goals()
            self.query_one("#goals").scroll_visible(animate=False)

        self.app.push_screen(GoalDialog(), added)

    @on(OptionList.OptionSelected, "#goals")
    def edit_goal(self, event: OptionList.OptionSelected) -> None:
        goal = next((g for g in self._goals if g.id == event.option.id), None)
        if goal is None:
            return
        from coach.screens.checkin_dialogs import GoalDialog

        def edited(result: tuple[str, str] | None) -> None:
            if result is None:
                return
            try:
                update_goal(self.app.store, goal.id, result[0], result[1])  # type: ignore[attr-defined]
            except CoachError as error:
                self.notify(error.message, severity="error")
            self.refresh_goals()

        self.app.push_screen(GoalDialog(goal), edited)

    def toggle_goal(self, index: int | None) -> None:
        if index is None or index >= len(self._goals):
            return
        goal = self._goals[index]
        set_goal_done(self.app.store, goal.id, self.app.clock.now(), not goal.done)  # type: ignore[attr-defined]
        self.refresh_goals()


def _agenda_text(sections: list) -> Text:
    text = Text()
    text.append("This week\n", style="bold")
    for section in sections:
        text.append(f"{section.title}\n", style="bold")
        for line in section.lines or (section.empty,):
            text.append(f"  {line}\n", style="" if section.lines else "dim")
    return text


def _worksheet_goal_rows(store: object) -> list[dict]:
    rows = load_answers(store, "new-normal").get("goals")  # type: ignore[arg-type]
    return [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []
