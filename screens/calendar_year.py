"""The year view: 53 weeks by 7 days like a contribution graph, and a sparkline of the
weekly kept rate for the last 26 weeks. Both are drawn into one Rich Text."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta

from rich.text import Text

from coach.screens.calendar_month import (
    CALENDAR_COMPONENT_CSS,
    CALENDAR_COMPONENTS,
    GLYPHS,
    CachedStyles,
    StatesFor,
    legend_text,
)
from coach.streaks import DayState

WEEKS = 53
SPARK_WEEKS = 26
LABEL_WIDTH = 4
BLOCKS = "▁▂▃▄▅▆▇█"
RatesFor = Callable[[], Sequence[float | None]]
"""Returns the weekly kept rates (0 to 1, None for a week with nothing due), oldest first."""


def spark_line(rates: Sequence[float | None]) -> str:
    """One block a week, its height the kept rate; a week with nothing due is a space."""
    bars = []
    for rate in rates:
        if rate is None:
            bars.append(" ")
        else:
            bars.append(BLOCKS[round(max(0.0, min(1.0, rate)) * (len(BLOCKS) - 1))])
    return "".join(bars)


class YearView(CachedStyles):
    """The 53 weeks ending with the week of `end`, and the last 26 weeks' kept rates."""

    DEFAULT_CSS = """
    YearView {
        width: auto;
        min-width: 60;
        height: auto;
        padding: 0 1;
    }
    YearView > .year--spark { color: $accent; }
    """ + CALENDAR_COMPONENT_CSS.format(cls="YearView")

    COMPONENT_CLASSES = CALENDAR_COMPONENTS | {"year--spark"}

    def __init__(
        self,
        states_for: StatesFor,
        rates_for: RatesFor,
        today: date,
        end: date | None = None,
        *,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's own keyword
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._states_for = states_for
        self._rates_for = rates_for
        self.today = today
        self.end = end or today
        self._states: Mapping[date, DayState] | None = None
        self._rates: Sequence[float | None] | None = None

    @property
    def first_day(self) -> date:
        """The Monday that starts the first of the 53 weeks shown."""
        last_monday = self.end - timedelta(days=self.end.weekday())
        return last_monday - timedelta(weeks=WEEKS - 1)

    def show(self, end: date, today: date | None = None) -> None:
        """Show the 53 weeks ending with `end`'s week; data is fetched again."""
        self.end = end
        if today is not None:
            self.today = today
        self.reload()

    def reload(self) -> None:
        self._states = None
        self._rates = None
        self.refresh(layout=True)

    def _data(self) -> tuple[Mapping[date, DayState], Sequence[float | None]]:
        if self._states is None:
            first = self.first_day
            last = first + timedelta(weeks=WEEKS) - timedelta(days=1)
            self._states = self._states_for(first, last)
        if self._rates is None:
            self._rates = self._rates_for()
        return self._states, self._rates

    def get_content_width(self, container: object, viewport: object) -> int:
        return LABEL_WIDTH + WEEKS

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return 15

    def render(self) -> Text:
        states, rates = self._data()
        styles = self.state_styles()
        muted = self.component_style("calendar--muted")
        selected = self.component_style("calendar--selected", partial=True)
        today_style = self.component_style("calendar--today", partial=True)
        first = self.first_day

        text = Text(no_wrap=True, overflow="crop")
        title_style = self.component_style("calendar--title")
        last = first + timedelta(weeks=WEEKS, days=-1)
        text.append(
            f"53 weeks, {first.strftime('%d %b %Y')} to {last.strftime('%d %b %Y')}",
            style=title_style,
        )
        text.append("\n" + " " * LABEL_WIDTH)
        text.append(self._month_labels(first), style=muted)
        for weekday in range(7):
            text.append("\n")
            label = calendar.day_abbr[weekday][:3] if weekday % 2 == 0 else ""
            text.append(f"{label:<{LABEL_WIDTH}}", style=muted)
            for week in range(WEEKS):
                day = first + timedelta(weeks=week, days=weekday)
                state = states.get(day, DayState.FUTURE if day > self.today else None)
                if state is None:
                    state = DayState.NOTHING_DUE
                style = styles[state]
                if day == self.today:
                    style = style + today_style
                if day == self.end:
                    style = style + selected
                glyph = GLYPHS[state]
                text.append("▪" if glyph == " " and day == self.end else glyph, style=style)
        text.append("\n\n")
        text.append_text(legend_text(styles, per_line=3))
        text.append("\n\n")
        latest = next((rate for rate in reversed(rates) if rate is not None), None)
        text.append("Weekly kept rate, last 26 weeks", style=title_style)
        if latest is not None:
            text.append(f" (latest {round(latest * 100)}%)", style=muted)
        text.append("\n")
        # Under this year's last 26 columns when it ends this week, so each bar sits
        # beneath its own week; otherwise the bars do not belong to the weeks above.
        this_week = self.end - timedelta(days=self.end.weekday()) == self.today - timedelta(
            days=self.today.weekday()
        )
        lead = LABEL_WIDTH + (WEEKS - SPARK_WEEKS if this_week else 0)
        caption = "full bar: all kept " if this_week else ""
        text.append(f"{caption:>{lead}}", style=muted)
        text.append(spark_line(rates[-SPARK_WEEKS:]), style=self.component_style("year--spark"))
        return text

    def _month_labels(self, first: date) -> str:
        """Month names above the week in which each month begins, where they fit."""
        labels = [" "] * WEEKS
        for week in range(WEEKS):
            monday = first + timedelta(weeks=week)
            sunday = monday + timedelta(days=6)
            starts = monday.day == 1 or sunday.month != monday.month
            if not starts:
                continue
            month = sunday if sunday.month != monday.month else monday
            name = calendar.month_abbr[month.month]
            if week + len(name) <= WEEKS and all(
                c == " " for c in labels[max(0, week - 1) : week + 3]
            ):
                labels[week : week + len(name)] = name
        return "".join(labels)
