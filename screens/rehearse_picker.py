"""The Rehearse picker: every scenario with its difficulty, best score and recent trend."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from coach.rehearsal import ScenarioSummary
from coach.scenarios import Scenario
from coach.screens.type_ahead import TypeAhead

TITLE_WIDTH = 42
"""Titles are cut to this in the table, so the scores still fit beside them at 80 columns."""
SPARK_BARS = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"


def sparkline(scores: Sequence[int]) -> str:
    """Scores 0-100 as bars of eight heights, on a fixed scale so trends compare across rows."""
    top = len(SPARK_BARS) - 1
    return "".join(SPARK_BARS[round(max(0, min(100, s)) * top / 100)] for s in scores)


def difficulty_dots(difficulty: int) -> str:
    """1 to 3 as filled and hollow dots."""
    level = max(1, min(3, difficulty))
    return "\u25cf" * level + "\u25cb" * (3 - level)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


class PickerView(Vertical):
    """A table of scenarios; enter opens one, `s` picks one, `r` opens the real-moment log."""

    BINDINGS = [
        Binding(
            "enter",
            "open_selected",
            "Rehearse",
            id="rehearse.open",
            tooltip="Practise the highlighted moment",
            # Ahead of the table's own enter, so the key shows in the footer and palette.
            priority=True,
        ),
        Binding(
            "s",
            "surprise",
            "Surprise me",
            id="rehearse.surprise",
            tooltip="Pick a moment at random, leaning to the ones you find hardest",
        ),
        Binding(
            "r",
            "real_moments",
            "It happened for real",
            id="rehearse.real",
            tooltip="Write down a moment that came up for real, and practise it",
            priority=True,  # acts before the words typed after it, which are the moment's
        ),
    ]

    class Open(Message):
        """The user chose a scenario."""

        def __init__(self, scenario_id: str) -> None:
            super().__init__()
            self.scenario_id = scenario_id

    class Typed(Message):
        """A character typed together with enter, for the reply box enter opened."""

        def __init__(self, character: str) -> None:
            super().__init__()
            self.character = character

    class Surprise(Message):
        """The user asked for a scenario picked for them."""

    class RealMoments(Message):
        """The user wants the "It happened for real" log."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._typed_ahead = TypeAhead()

    def compose(self) -> ComposeResult:
        yield Static(
            "Choose a moment and answer it the way you want to answer for real. "
            "The more often the good answer comes, the sooner it comes first.",
            classes="rehearse-hint",
            markup=False,
        )
        table: DataTable[Text] = DataTable(
            id="scenario-table", cursor_type="row", zebra_stripes=True
        )
        table.add_column("Moment", key="title")
        table.add_column("Level", key="level")
        table.add_column("Best", key="best")
        table.add_column("Recent", key="trend")
        table.add_column("Tries", key="tries")
        yield table

    def show(self, scenarios: Sequence[Scenario], summaries: Mapping[str, ScenarioSummary]) -> None:
        """Fill the table, keeping the highlighted row where it was."""
        table = self.query_one("#scenario-table", DataTable)
        keep = table.cursor_row
        table.clear()
        for scenario in scenarios:
            summary = summaries.get(scenario.id)
            room = TITLE_WIDTH - (7 if scenario.custom else 0)
            title = Text(_shorten(scenario.title, room))
            if scenario.custom:
                title.append("  yours", style="italic dim")
            table.add_row(
                title,
                Text(difficulty_dots(scenario.difficulty)),
                Text(str(summary.best) if summary else "\u2013", justify="right"),
                Text(sparkline(summary.trend) if summary else ""),
                Text(str(summary.count) if summary else "", justify="right"),
                key=scenario.id,
            )
        if table.row_count:
            table.move_cursor(row=min(max(keep, 0), table.row_count - 1), animate=False)

    def highlight(self, scenario_id: str) -> None:
        """Move the cursor to a scenario's row, if it is listed."""
        table = self.query_one("#scenario-table", DataTable)
        try:
            row = table.get_row_index(scenario_id)
        except Exception:  # noqa: BLE001 - a missing row just leaves the cursor where it is
            return
        table.move_cursor(row=row, animate=False)

    def focus_table(self) -> None:
        self.query_one("#scenario-table", DataTable).focus()

    @property
    def selected_id(self) -> str | None:
        table = self.query_one("#scenario-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    @on(DataTable.RowSelected, "#scenario-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Open(str(event.row_key.value)))

    def action_open_selected(self) -> None:
        scenario_id = self.selected_id
        if scenario_id is not None:
            self._typed_ahead.start()
            self.post_message(self.Open(scenario_id))

    def on_key(self, event: events.Key) -> None:
        """Words typed together with enter follow the Open message to the reply box,
        rather than being dropped here or taken as this list's keys (`s`, `r`)."""
        if self._typed_ahead.keep(event):
            event.stop()
            event.prevent_default()
            self.post_message(self.Typed(event.character or ""))

    def action_surprise(self) -> None:
        self.post_message(self.Surprise())

    def action_real_moments(self) -> None:
        if self._typed_ahead.active:
            raise SkipAction()  # the "r" of words typed with enter, for the reply
        self.post_message(self.RealMoments())
