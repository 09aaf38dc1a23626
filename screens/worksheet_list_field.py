"""A list question: rows of one-line entries under column labels, with keys to add and
remove rows, and (on the transparency plan) to turn a row into a promise."""

from __future__ import annotations

from collections.abc import Mapping

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from coach.screens.dialogs import ConfirmDialog
from coach.screens.worksheet_fields import FieldBox
from coach.textsafe import display_safe
from coach.worksheet_defs import FieldDef
from coach.worksheets import MAX_CELL_CHARS, MAX_ROWS, is_blank


class ListRow(Horizontal):
    """One row: an entry per column."""

    def __init__(self, field: FieldDef, shown: FieldDef, row: Mapping[str, object]) -> None:
        super().__init__(classes="ws-row")
        self.field = field
        self.shown = shown
        self.row = row

    def compose(self) -> ComposeResult:
        for column in self.field.columns:
            value = self.row.get(column.id, "")
            # The column labels stand above the rows, so the entries carry no placeholder.
            yield Input(
                display_safe(value) if isinstance(value, str) else "",
                max_length=MAX_CELL_CHARS,
                select_on_focus=False,
                compact=True,
                classes="ws-cell",
            )

    def value(self) -> dict[str, str]:
        cells = self.query(Input).results(Input)
        return {
            column.id: cell.value for column, cell in zip(self.field.columns, cells, strict=False)
        }


class ListBox(FieldBox):
    """Rows of entries. ctrl+n adds a row below the current one; f8 removes it."""

    BINDINGS = [
        Binding(
            "ctrl+n",
            "add_row",
            "Add row",
            priority=True,  # the new row has the focus before the next key arrives
            id="worksheet.add_row",
            tooltip="Add an empty row below the one you are in",
        ),
        Binding(
            "f8",
            "remove_row",
            "Remove row",
            id="worksheet.remove_row",
            tooltip="Remove the row you are in (asks first if it has words in it)",
        ),
        Binding(
            "ctrl+o",
            "make_promise",
            "Make promise",
            id="worksheet.make_promise",
            tooltip="Turn this row into a daily or weekly promise",
        ),
    ]

    class PromiseRequested(Message):
        """The user asked to turn a row of the transparency plan into a promise."""

        def __init__(self, box: ListBox, row: dict[str, str]) -> None:
            super().__init__()
            self.box = box
            self.row = row

    def __init__(
        self, field: FieldDef, shown: FieldDef, value: object, *, promise_rows: bool = False
    ) -> None:
        super().__init__(field, shown, value)
        self.promise_rows = promise_rows

    def compose_editor(self) -> ComposeResult:
        with Horizontal(classes="ws-list-head"):
            for column in self.shown.columns:
                yield Static(column.label, classes="ws-col-label", markup=False)
        rows = self.initial if isinstance(self.initial, list) else []
        with Vertical(classes="ws-rows"):
            for row in rows or [{}]:
                yield ListRow(self.field, self.shown, row if isinstance(row, Mapping) else {})
        keys = "ctrl+n adds a row, f8 removes the row you are in"
        if self.promise_rows:
            keys += ", ctrl+o makes the row a promise"
        yield Static(keys + ".", classes="ws-list-keys", markup=False)

    def value(self) -> list[dict[str, str]]:
        return [row.value() for row in self.query(ListRow).results(ListRow)]

    def editor(self) -> Widget:
        return self.query_one(ListRow).query_one(Input)

    def current_row(self) -> ListRow | None:
        node = self.screen.focused
        while node is not None and node is not self:
            if isinstance(node, ListRow):
                return node
            node = node.parent
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "make_promise":
            return self.promise_rows
        return True

    async def action_add_row(self) -> None:
        rows = self.query_one(".ws-rows", Vertical)
        if len(rows.children) >= MAX_ROWS:
            self.notify(f"A list holds at most {MAX_ROWS} rows.", severity="warning")
            return
        new = ListRow(self.field, self.shown, {})
        current = self.current_row()
        await rows.mount(new, after=current) if current else await rows.mount(new)
        # Focused at once, so keys typed straight after ctrl+n land in the new row.
        self.screen.set_focus(new.query_one(Input))
        new.scroll_visible()

    def action_remove_row(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if is_blank(row.value()):
            self.call_later(self._remove, row)
            return
        question = (
            "Remove this row? Its words are kept in this worksheet's revisions (ctrl+r), so "
            "you can bring them back."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.call_later(self._remove, row)

        self.app.push_screen(ConfirmDialog(question, yes="Remove", no="Keep it"), answered)

    async def _remove(self, row: ListRow) -> None:
        keep = getattr(self.screen, "keep_revision", None)
        if callable(keep):
            keep("before removing a row")
        rows = self.query_one(".ws-rows", Vertical)
        siblings = list(rows.children)
        index = siblings.index(row) if row in siblings else 0
        await row.remove()
        if not rows.children:
            await rows.mount(ListRow(self.field, self.shown, {}))
        remaining = list(rows.children)
        target = remaining[min(index, len(remaining) - 1)]
        self.screen.set_focus(target.query_one(Input))
        self.edited()

    def action_make_promise(self) -> None:
        row = self.current_row()
        if row is None or is_blank(row.value()):
            self.notify("Write what you will share in this row first.", severity="warning")
            return
        self.post_message(self.PromiseRequested(self, row.value()))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.edited()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()
