"""Worksheets: every worksheet of the program with its phase and state; enter opens one.

The Guide's "Do this now" key calls `open_worksheet(ws_id)` on this screen.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import AwaitMount
from textual.widgets import DataTable, Static

from coach.screens.base import SectionScreen
from coach.screens.type_ahead import TypeAhead
from coach.screens.worksheet_checks import warm_up
from coach.screens.worksheet_saving import DraftScreen
from coach.worksheet_defs import WorksheetDef, load_worksheet_defs, worksheet_def
from coach.worksheets import (
    COMPLETE,
    IN_PROGRESS,
    WorksheetState,
    answered_count,
    load_answers,
    worksheet_state,
)

MODE = "worksheets"
MARKS = {COMPLETE: "● ", IN_PROGRESS: "◐ "}


def worksheet_screen(ws_id: str) -> DraftScreen:
    """The screen that edits a worksheet: the apology has its own builder."""
    if worksheet_def(ws_id).builder == "apology":
        from coach.screens.apology_builder import ApologyBuilderScreen

        return ApologyBuilderScreen(ws_id)
    from coach.screens.worksheet_form import WorksheetFormScreen

    return WorksheetFormScreen(ws_id)


class WorksheetsScreen(SectionScreen):
    """The list of worksheets."""

    SECTION_TITLE = "Worksheets"
    CSS_PATH = "worksheets.tcss"
    BINDINGS = [
        # Not a priority binding: the table must first take any arrow keys typed before it.
        Binding(
            "enter",
            "open",
            "Open",
            id="worksheets.open",
            tooltip="Open the worksheet under the cursor",
        ),
    ]

    def compose_body(self) -> ComposeResult:
        with Vertical(id="ws-overview"):
            yield Static(
                "The written work of each phase. Enter opens a worksheet; everything you type "
                "is saved as you go, and nobody sees it but you.",
                id="ws-overview-intro",
                markup=False,
            )
            table: DataTable[Text] = DataTable(id="ws-table", cursor_type="row")
            yield table
            yield Static("", id="ws-overview-about", markup=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._typed_ahead = TypeAhead()

    def on_mount(self) -> None:
        # No super() call: Textual runs SectionScreen's on_mount itself, after this one.
        table = self.query_one("#ws-table", DataTable)
        table.add_column("Phase", key="phase")
        table.add_column("Worksheet", key="title")
        table.add_column("State", key="state")
        table.add_column("Last changed", key="changed")
        self.refresh_states()
        table.focus()
        # The live checks load their phrase books in about half a second; do it now, while
        # the user reads this list, rather than under their first keystrokes.
        partner = self.settings.partner_name or None
        self.run_worker(lambda: warm_up(partner), thread=True, exit_on_error=False, group="warm-up")

    def on_screen_resume(self) -> None:
        self.refresh_states()

    def show_changes_from_elsewhere(self) -> None:
        self.refresh_states()

    def _defs(self) -> tuple[WorksheetDef, ...]:
        return load_worksheet_defs()

    def refresh_states(self) -> None:
        """Fill the table afresh, keeping the cursor on the same worksheet."""
        table = self.query_one("#ws-table", DataTable)
        row = table.cursor_row
        table.clear()
        partner = self.settings.partner
        store = self.app.store  # type: ignore[attr-defined]
        for defn in self._defs():
            state = worksheet_state(store, defn.id)
            answered = answered_count(defn, load_answers(store, defn.id))
            table.add_row(
                Text(str(defn.phase), justify="center"),
                Text(defn.filled(partner).title),
                self._state_text(state, answered, len(defn.fields)),
                Text(self._when(state.updated_at), style="dim"),
                key=defn.id,
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        self._describe()

    @staticmethod
    def _state_text(state: WorksheetState, answered: int, total: int) -> Text:
        text = Text(MARKS.get(state.status, "○ ") + state.label)
        if state.status == IN_PROGRESS:
            text.append(f" ({answered} of {total})", style="dim")
        return text

    def _when(self, moment: datetime | None) -> str:
        if moment is None:
            return ""
        now = self.app.clock.now()  # type: ignore[attr-defined]
        if moment.date() == now.date():
            return f"today {moment:%H:%M}"
        if moment.year == now.year:
            return f"{moment:%a %d %b}"
        return f"{moment:%d %b %Y}"

    def _selected_id(self) -> str | None:
        table = self.query_one("#ws-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def _describe(self) -> None:
        ws_id = self._selected_id()
        about = self.query_one("#ws-overview-about", Static)
        if ws_id is None:
            about.update("")
            return
        shown = worksheet_def(ws_id).filled(self.settings.partner)
        about.update(Text(shown.intro))

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._describe()

    @on(DataTable.RowSelected)
    async def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # a mouse click on a row
        await self.action_open()

    def on_key(self, event: events.Key) -> None:
        """Words typed together with enter go to the worksheet it opens (`TypeAhead`)."""
        if self._typed_ahead.keep(event):
            event.stop()
            event.prevent_default()

    async def action_open(self) -> None:
        typed = self._typed_ahead.take()
        ws_id = self._selected_id()
        if ws_id is None:
            return
        opening = open_worksheet(self.app, ws_id, typed_ahead=typed)
        if opening is not None:
            await opening
        top = self.app.screen
        focus_first = getattr(top, "focus_first_answer", None)
        if callable(focus_first):
            focus_first()

    def open_worksheet(self, ws_id: str) -> AwaitComplete | AwaitMount | None:
        """Show worksheet `ws_id` in the Worksheets section, from anywhere in the app.

        Awaiting the result waits until the worksheet is on screen (optional).
        """
        return open_worksheet(self.app, ws_id)


def open_worksheet(
    app: App, ws_id: str, *, typed_ahead: str = ""
) -> AwaitComplete | AwaitMount | None:
    """Switch to the Worksheets section and open `ws_id` there (KeyError if unknown).

    `typed_ahead` is text typed before the worksheet was up; it goes into the first answer.
    """
    screen = worksheet_screen(ws_id)
    screen.typed_ahead = typed_ahead
    if app.current_mode != MODE:
        app.switch_mode(MODE)
    top = app.screen
    if isinstance(top, DraftScreen):
        if top.ws_id == ws_id or not top.leave():
            return None

        # After the next refresh: the footer of the worksheet being replaced may still have
        # a rebuild queued for then, and it needs its screen in place to run. Not awaited
        # (the callback returns None): awaiting a screen switch inside the app's own
        # callback would wait on itself.
        def replace() -> None:
            app.switch_screen(screen)

        app.call_after_refresh(replace)
        return None
    return app.push_screen(screen)
