"""Check-in: when the weekly check-in is, which weeks were missed, past sessions to read
back, and the way into the session and the logs."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coach.checkins import Checkin, checkin_status, list_checkins, schedule_from_worksheet
from coach.screens.base import SectionScreen
from coach.screens.profile_form import today_for


def status_text(app: object) -> Text:
    """One or two lines on where this week's check-in stands."""
    store = app.store  # type: ignore[attr-defined]
    today = today_for(app)
    schedule_from_worksheet(store, today)
    status = checkin_status(store, today)
    text = Text()
    if status.schedule is None:
        text.append("No day is set for the weekly check-in yet. ", style="bold")
        text.append("Choose one in the worksheet 'Our new normal' (3), or press w here.")
        return text
    text.append(f"Weekly check-in: {status.schedule.describe()}. ", style="bold")
    if status.done_this_week:
        text.append("This week's is done. ", style="bold")
    if status.next_day is not None:
        when = "today" if status.next_day == today else status.next_day.strftime("%A %d %B")
        if status.next_day < today:
            when = f"overdue since {status.next_day.strftime('%A %d %B')}"
        text.append(f"Next: {when}.")
    if status.missed:
        shown = ", ".join(d.strftime("%d %b") for d in status.missed[-4:])
        text.append(f"\nMissed: {shown}. ", style="bold")
        text.append("A missed week is not a failure; start the next one with what happened.")
    return text


def checkin_label(checkin: Checkin) -> Text:
    label = Text(checkin.day.strftime("%a %d %b %Y"), style="bold")
    if not checkin.finished:
        label.append("  (not finished: enter continues it)")
    else:
        first = (checkin.answers.get("how_are_we") or "").splitlines()
        line = first[0] if first else ""
        # Cut to one row with a mark that there is more; enter reads the whole check-in.
        label.append(f"  {line if len(line) <= 60 else line[:59].rstrip() + chr(0x2026)}")
    return label


class CheckinScreen(SectionScreen):
    SECTION_TITLE = "Check-in"
    CSS_PATH = "checkin.tcss"
    BINDINGS = [
        Binding(
            "n",
            "start",
            "Start check-in",
            id="checkin.start",
            tooltip="Begin (or continue) this week's 30-minute check-in",
            priority=True,  # acts before the words typed after it, which are the session's
        ),
        Binding(
            "l",
            "logs",
            "Logs",
            id="checkin.logs",
            tooltip="Browse and search appreciation, honesty, real moments and check-ins",
        ),
        Binding(
            "w",
            "schedule",
            "Set day",
            id="checkin.schedule",
            tooltip="Choose the check-in's day and time",
        ),
    ]

    def compose_body(self) -> ComposeResult:
        with Vertical(id="checkin-home"):
            yield Static(id="checkin-status")
            yield Static(
                "Thirty minutes a week, free of phones and other people, for two questions: "
                "How are we doing? Is there anything from this week that felt off, that we need "
                "to talk about? The agenda is built from your week.",
                classes="hint",
                markup=False,
            )
            yield Static("Past check-ins (enter to read one back)", classes="section-label")
            yield OptionList(id="past-checkins")

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self.refresh_view()
        self.query_one("#past-checkins").focus()

    def show_changes_from_elsewhere(self) -> None:
        self.refresh_view()

    _shown: tuple[int, object] | None = None  # (store generation, day) last shown

    def refresh_view(self) -> None:
        """Show the status and past check-ins, unless nothing has changed since last time.

        Coming back from the logs or a read-back changes nothing; rebuilding ten years of
        check-ins then would hold up the key, and move the cursor back to the top.
        """
        store, today = self.app.store, today_for(self.app)  # type: ignore[attr-defined]
        if self._shown == (store.generation, today):
            return
        self.query_one("#checkin-status", Static).update(status_text(self.app))
        past = self.query_one("#past-checkins", OptionList)
        was = past.highlighted_option.id if past.highlighted_option is not None else None
        past.clear_options()
        checkins = list_checkins(store)
        past.add_options(Option(checkin_label(c), id=c.id) for c in checkins)
        if checkins:
            ids = [c.id for c in checkins]
            past.highlighted = ids.index(was) if was in ids else 0
        else:
            past.add_option(Option(Text("None yet."), disabled=True))
        # After the status, which may have set the schedule from the worksheet.
        self._shown = (store.generation, today)

    def action_start(self) -> None:
        from coach.screens.checkin_session import CheckinSessionScreen

        self.app.push_screen(CheckinSessionScreen())

    def action_logs(self) -> None:
        from coach.screens.checkin_logs import LogsScreen

        self.app.push_screen(LogsScreen())

    def action_schedule(self) -> None:
        from coach.screens.checkin_dialogs import ScheduleDialog

        self.app.push_screen(ScheduleDialog(), lambda _: self.refresh_view())

    @on(OptionList.OptionSelected, "#past-checkins")
    def open_past(self, event: OptionList.OptionSelected) -> None:
        checkin = next(
            (
                c
                for c in list_checkins(self.app.store)  # type: ignore[attr-defined]
                if c.id == event.option.id
            ),
            None,
        )
        if checkin is None:
            return
        if not checkin.finished:
            self.action_start()
            return
        from coach.screens.checkin_dialogs import CheckinReadBack

        self.app.push_screen(CheckinReadBack(checkin))
