"""Today's promises, to keep or break, and the overall streak beside them."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static

from coach.dates import program_today
from coach.screens.promises_checklist import DayChecklist
from coach.streaks import Stats, overall_stats

__all__ = ["DayChecklist", "TodayPromises", "stats_text"]


def stats_text(stats: Stats) -> Text:
    """The overall streak, longest streak and consistency, one figure a line."""

    def days(count: int) -> str:
        return f"{count} day" if count == 1 else f"{count} days"

    consistency = "–" if stats.consistency is None else f"{stats.consistency:.0f} of 100"
    text = Text()
    for label, value in (
        ("Streak", days(stats.current_streak)),
        ("Longest", days(stats.longest_streak)),
        ("Consistency", consistency),
    ):
        text.append(f"{label:<12}")
        text.append(value, style="bold")
        text.append("\n")
    if stats.today_open:
        text.append("\nToday counts once\neverything due is marked.", style="dim")
    text.rstrip()
    return text


class TodayPromises(Vertical):
    """Today's due promises with the keys to keep them, and the streak beside them."""

    DEFAULT_CSS = """
    TodayPromises { height: auto; }
    TodayPromises > .today-promises-title { color: $text-muted; padding: 0 1; }
    TodayPromises > Horizontal { height: auto; }
    TodayPromises DayChecklist { width: 1fr; }
    TodayPromises #today-stats {
        width: 28; height: auto; padding: 0 1; border-left: vkey $panel-lighten-2;
    }
    """

    class DayEnded(Message):
        """The program's day ended while Today was open (the app is often open at night)."""

    def __init__(self, day: date, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.day = day

    def compose(self) -> ComposeResult:
        yield Static(
            "Today's promises · space kept · b broken · n note · u undo",
            classes="today-promises-title",
            markup=False,
        )
        with Horizontal():
            yield DayChecklist(
                self.day,
                show_notes=True,
                empty_text="Nothing is due today. Rest counts too.",
                id="today-checklist",
            )
            yield Static(id="today-stats")

    # Working out the streaks from years of checks takes a few ms: the screen asks for them
    # (`show_stats`) once the promises themselves are on screen.
    _stats_shown = False

    def on_mount(self) -> None:
        self.set_interval(30, self._check_day_end)

    def show_stats(self) -> None:
        self._stats_shown = True
        self.refresh_stats()

    def _check_day_end(self) -> None:
        now = self.app.clock.now()  # type: ignore[attr-defined]
        if program_today(now, self.app.settings.day_end_hour) != self.day:  # type: ignore[attr-defined]
            self.post_message(self.DayEnded())

    def refresh_all(self, day: date) -> None:
        """Show `day` as today (it may have changed overnight) and read everything again."""
        self.day = day
        self.query_one(DayChecklist).load(day)
        self.refresh_stats()

    def refresh_stats(self) -> None:
        if not self._stats_shown:
            return
        stats = overall_stats(self.app.store, self.day)  # type: ignore[attr-defined]
        self.query_one("#today-stats", Static).update(stats_text(stats))

    def on_day_checklist_changed(self, event: DayChecklist.Changed) -> None:
        self.refresh_stats()
