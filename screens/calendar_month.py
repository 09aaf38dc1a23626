"""The month calendar: one month of kept, broken and unlogged days as a single Rich Text.

The whole grid is one widget rendering one `Text`: a widget per day would cost hundreds of
milliseconds to mount. Moving the selection inside a month only re-renders that Text; the
day states are asked for again only when the visible month changes or `reload()` is called,
and then only for that month, so ten years of history cost no more than one.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from coach.streaks import DayState

StatesFor = Callable[[date, date], Mapping[date, DayState]]
"""Returns the state of every day from `first` to `last`, both included."""

# Each state has a glyph as well as a colour, so the calendar reads without colour too.
GLYPHS: dict[DayState, str] = {
    DayState.ALL_KEPT: "✓",
    DayState.PARTLY_KEPT: "◐",
    DayState.BROKEN: "✗",
    DayState.NOT_LOGGED: "○",
    DayState.NOTHING_DUE: "·",
    DayState.FUTURE: " ",
}

STATE_NAMES: dict[DayState, str] = {
    DayState.ALL_KEPT: "all kept",
    DayState.PARTLY_KEPT: "partly kept",
    DayState.BROKEN: "broken",
    DayState.NOT_LOGGED: "not logged",
    DayState.NOTHING_DUE: "nothing due",
    DayState.FUTURE: "to come",
}

STATE_COMPONENTS: dict[DayState, str] = {
    DayState.ALL_KEPT: "calendar--kept",
    DayState.PARTLY_KEPT: "calendar--partly",
    DayState.BROKEN: "calendar--broken",
    DayState.NOT_LOGGED: "calendar--not-logged",
    DayState.NOTHING_DUE: "calendar--nothing-due",
    DayState.FUTURE: "calendar--future",
}

LEGEND_ORDER = (
    DayState.ALL_KEPT,
    DayState.PARTLY_KEPT,
    DayState.BROKEN,
    DayState.NOT_LOGGED,
    DayState.NOTHING_DUE,
)

# Shared by the month and year views, so both colour a state the same way in every theme.
CALENDAR_COMPONENT_CSS = """
    {cls} > .calendar--kept {{ color: $success; text-style: bold; }}
    {cls} > .calendar--partly {{ color: $warning; }}
    {cls} > .calendar--broken {{ color: $error; text-style: bold; }}
    {cls} > .calendar--not-logged {{ color: $text; }}
    {cls} > .calendar--nothing-due {{ color: $text-muted; }}
    {cls} > .calendar--future {{ color: $text-disabled; }}
    {cls} > .calendar--title {{ text-style: bold; }}
    {cls} > .calendar--muted {{ color: $text-muted; }}
    {cls} > .calendar--selected {{ text-style: reverse bold; }}
    {cls} > .calendar--today {{ text-style: underline; }}
"""

CALENDAR_COMPONENTS = {
    *STATE_COMPONENTS.values(),
    "calendar--title",
    "calendar--muted",
    "calendar--selected",
    "calendar--today",
}

WEEKDAY_HEADER = "".join(f" {name[:2]}  " for name in calendar.day_abbr)
CELL_WIDTH = 5
GRID_WIDTH = CELL_WIDTH * 7
WEEKS_SHOWN = 6  # always six rows, so the widget keeps one height from month to month


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (or earlier), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        return day
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_bounds(day: date) -> tuple[date, date]:
    """The first and last day of `day`'s month."""
    first = day.replace(day=1)
    return first, first.replace(day=calendar.monthrange(day.year, day.month)[1])


def legend_text(styles: Mapping[DayState, Style], per_line: int = 2) -> Text:
    """The glyph, colour and name of each state, `per_line` to a line."""
    legend = Text()
    for index, state in enumerate(LEGEND_ORDER):
        if index:
            legend.append("\n" if index % per_line == 0 else "   ")
        legend.append(GLYPHS[state], style=styles[state])
        legend.append(f" {STATE_NAMES[state]:<12}" if per_line > 1 else f" {STATE_NAMES[state]}")
    legend.rstrip()
    return legend


class CachedStyles(Widget):
    """Component styles looked up once per theme or CSS change, not on every draw.

    Textual forgets its own cache on every refresh, and a calendar refreshes on every key.
    The styles hold the widget's background (muted colours are blended with it), so the
    cache is dropped whenever the widget's styles change, focus included.
    """

    _cached_component_styles: dict[str, Style] | None = None

    def component_style(self, name: str, *, partial: bool = False) -> Style:
        """The style of component `name`; `partial` for a modifier (underline, reverse)
        that must keep the colour of the style it is added to."""
        if self._cached_component_styles is None:
            self._cached_component_styles = {}
        key = f"{name}:{partial}"
        style = self._cached_component_styles.get(key)
        if style is None:
            style = self.get_component_rich_style(name, partial=partial)
            self._cached_component_styles[key] = style
        return style

    def notify_style_update(self) -> None:
        self._cached_component_styles = None
        super().notify_style_update()

    def state_styles(self) -> dict[DayState, Style]:
        return {state: self.component_style(name) for state, name in STATE_COMPONENTS.items()}


class MonthCalendar(CachedStyles, can_focus=True):
    """A month of day states with a selected day. Posts `DaySelected` when it moves."""

    DEFAULT_CSS = """
    MonthCalendar {
        width: 37;
        height: 13;
        padding: 0 1;
    }
    MonthCalendar:focus {
        background: $boost;
    }
    """ + CALENDAR_COMPONENT_CSS.format(cls="MonthCalendar")

    COMPONENT_CLASSES = CALENDAR_COMPONENTS

    BINDINGS = [
        Binding(
            "left",
            "move(-1)",
            "Day before",
            id="calendar.left",
            show=False,
            tooltip="Select the day before",
        ),
        Binding(
            "right",
            "move(1)",
            "Day after",
            id="calendar.right",
            show=False,
            tooltip="Select the day after",
        ),
        Binding(
            "up",
            "move(-7)",
            "Week before",
            id="calendar.up",
            show=False,
            tooltip="Select the same weekday a week earlier",
        ),
        Binding(
            "down",
            "move(7)",
            "Week after",
            id="calendar.down",
            show=False,
            tooltip="Select the same weekday a week later",
        ),
        Binding(
            "left_square_bracket",
            "month(-1)",
            "Month before",
            id="calendar.prev_month",
            key_display="[",
            tooltip="Show the month before",
            show=False,
        ),
        Binding(
            "right_square_bracket",
            "month(1)",
            "Month after",
            id="calendar.next_month",
            key_display="]",
            tooltip="Show the month after",
            show=False,
        ),
        Binding(
            "t",
            "today",
            "To today",
            id="calendar.today",
            tooltip="Go back to today in the calendar",
            show=False,
        ),
    ]

    class DaySelected(Message):
        """The selected day changed (by key, or by `select`)."""

        def __init__(self, calendar: MonthCalendar, day: date) -> None:
            super().__init__()
            self.calendar = calendar
            self.day = day

        @property
        def control(self) -> MonthCalendar:
            return self.calendar

    def __init__(
        self,
        states_for: StatesFor,
        today: date,
        selected: date | None = None,
        *,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's own keyword
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._states_for = states_for
        self.today = today
        self.selected = selected or today
        self._states: Mapping[date, DayState] = {}
        self._states_month: tuple[int, int] | None = None
        self.moved_at: float | None = None  # set by the key handler; read by the benchmark

    # Data ----------------------------------------------------------------------------------
    def _month_states(self) -> Mapping[date, DayState]:
        month = (self.selected.year, self.selected.month)
        if month != self._states_month:
            first, last = month_bounds(self.selected)
            self._states = self._states_for(first, last)
            self._states_month = month
        return self._states

    def reload(self, today: date | None = None) -> None:
        """Ask for the visible month's states again (the data or today changed)."""
        if today is not None:
            self.today = today
        self._states_month = None
        self.refresh()

    def state_of(self, day: date) -> DayState | None:
        """The state of a day in the visible month (None for another month)."""
        if (day.year, day.month) != (self.selected.year, self.selected.month):
            return None
        return self._month_states().get(day)

    # Moving --------------------------------------------------------------------------------
    def select(self, day: date) -> None:
        """Select `day`, showing its month, and tell the screen."""
        if day == self.selected:
            return
        self.selected = day
        self.refresh()
        self.post_message(self.DaySelected(self, day))

    def _stamp(self) -> None:
        from time import perf_counter

        self.moved_at = perf_counter()

    def action_move(self, days: int) -> None:
        self._stamp()
        try:
            self.select(self.selected + timedelta(days=days))
        except OverflowError:
            return

    def action_month(self, months: int) -> None:
        self._stamp()
        self.select(add_months(self.selected, months))

    def action_today(self) -> None:
        self._stamp()
        self.select(self.today)

    # Drawing -------------------------------------------------------------------------------
    def render(self) -> Text:
        states = self._month_states()
        styles = self.state_styles()
        selected_style = self.component_style("calendar--selected", partial=True)
        today_style = self.component_style("calendar--today", partial=True)
        muted = self.component_style("calendar--muted")

        first, _ = month_bounds(self.selected)
        text = Text(no_wrap=True, overflow="crop")
        title = f"{calendar.month_name[first.month]} {first.year}"
        text.append(f"{title:^{GRID_WIDTH}}", style=self.component_style("calendar--title"))
        text.append("\n")
        text.append(WEEKDAY_HEADER.rstrip(), style=muted)
        cursor = first - timedelta(days=first.weekday())
        for _week in range(WEEKS_SHOWN):
            text.append("\n")
            for _weekday in range(7):
                if cursor.month != first.month:
                    text.append(" " * CELL_WIDTH)
                else:
                    self._append_cell(text, cursor, states, styles, selected_style, today_style)
                cursor += timedelta(days=1)
        text.append("\n\n")
        text.append_text(legend_text(styles))
        return text

    def _append_cell(
        self,
        text: Text,
        day: date,
        states: Mapping[date, DayState],
        styles: Mapping[DayState, Style],
        selected_style: Style,
        today_style: Style,
    ) -> None:
        state = states.get(day, DayState.FUTURE if day > self.today else DayState.NOTHING_DUE)
        style = styles[state]
        if day == self.today:
            style = style + today_style
        if day == self.selected:
            # Brackets as well as reverse video, so the selection shows without colour.
            text.append(f"[{day.day:>2}{GLYPHS[state]}]", style=style + selected_style)
        elif day == self.today:
            text.append(" ")
            text.append(f"{day.day:>2}{GLYPHS[state]}", style=style)
            text.append(" ")
        else:
            # One span for the whole cell: its spaces take the colour invisibly, and the
            # fewer spans a month has, the faster Textual draws it.
            text.append(f" {day.day:>2}{GLYPHS[state]} ", style=style)
