"""One widget per kind of worksheet question: its prompt, hint, editor and messages.

Every box posts `FieldBox.Edited` when the user changes its answer, and answers `value()`
with what the editor holds right now, so the form can save it. Text shown here comes
from content filled with the partner's name, or from the user, so it is never parsed
as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import ScrollableContainer, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, RadioButton, RadioSet, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from coach.textsafe import MAX_LINE_CHARS, display_safe
from coach.worksheet_defs import FieldDef


class FieldBox(Vertical):
    """A question and its editor. `field` is the raw definition, `shown` the filled one."""

    class Edited(Message):
        """The user changed this box's answer."""

        def __init__(self, box: FieldBox) -> None:
            super().__init__()
            self.box = box

    def __init__(self, field: FieldDef, shown: FieldDef, value: object) -> None:
        super().__init__(id=f"field-{field.id}", classes=f"ws-field ws-kind-{field.kind}")
        self.field = field
        self.shown = shown
        self.initial = value

    def compose(self) -> ComposeResult:
        yield Static(self.shown.prompt, classes="ws-prompt", markup=False)
        if self.shown.hint:
            yield Static(self.shown.hint, classes="ws-hint", markup=False)
        yield from self.compose_editor()
        yield Static("", classes="ws-field-error", markup=False)
        if self.field.check:
            yield Static("", classes="ws-check", markup=False)

    def on_mount(self) -> None:
        self.query_one(".ws-field-error").display = False
        for check in self.query(".ws-check"):
            check.display = False

    def compose_editor(self) -> ComposeResult:
        yield from ()

    def value(self) -> object:
        """The answer as the editor holds it now (not yet cleaned)."""
        raise NotImplementedError

    def editor(self) -> Widget:
        """The widget that takes focus for this question."""
        return self.query_one(".ws-editor")

    def show_error(self, message: str | None) -> None:
        """Show why this answer cannot be saved yet, or clear it."""
        error = self.query_one(".ws-field-error", Static)
        error.update(message or "")
        error.display = bool(message)

    def show_check(self, result: Text | None) -> None:
        """Show what the live check found, or clear it."""
        for check in self.query(".ws-check").results(Static):
            check.update(result or "")
            check.display = result is not None and bool(result.plain)

    def edited(self) -> None:
        self.post_message(self.Edited(self))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Show the question and hint with the answer, not the answer alone; this runs
        # after Textual's own scroll to the focused editor.
        self.call_after_refresh(self._reveal)

    def _reveal(self) -> None:
        column = self.parent
        if not isinstance(column, ScrollableContainer):
            return
        if self.outer_size.height <= column.scrollable_content_region.height:
            self.scroll_visible(animate=False)


class TextBox(FieldBox):
    """Free text over several lines."""

    def compose_editor(self) -> ComposeResult:
        yield TextArea(
            display_safe(self.initial) if isinstance(self.initial, str) else "",
            soft_wrap=True,
            tab_behavior="focus",
            highlight_cursor_line=False,
            classes="ws-editor",
        )

    def value(self) -> str:
        return self.query_one(TextArea).text

    def set_text(self, text: str) -> None:
        """Replace the whole text (as one undoable edit) and save it like typing would."""
        area = self.query_one(TextArea)
        area.replace(text, area.document.start, area.document.end)

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.edited()


class LineBox(FieldBox):
    """One line of text; dates and times are lines checked when saved."""

    PLACEHOLDERS = {"date": "year-month-day, e.g. 2026-03-04", "time": "24-hour, e.g. 19:30"}
    LENGTHS = {"date": 10, "time": 5}

    def compose_editor(self) -> ComposeResult:
        yield Input(
            display_safe(self.initial) if isinstance(self.initial, str) else "",
            placeholder=self.PLACEHOLDERS.get(self.field.kind, ""),
            max_length=self.LENGTHS.get(self.field.kind, MAX_LINE_CHARS),
            select_on_focus=False,
            classes="ws-editor",
        )

    def value(self) -> str:
        return self.query_one(Input).value

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.edited()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter moves on, as a form in any other program would.
        event.stop()
        self.screen.focus_next()


class ChoiceBox(FieldBox):
    """One of a few choices. The stored value is the raw choice, so a change of partner
    name or pronouns in Settings does not orphan the answer."""

    def compose_editor(self) -> ComposeResult:
        with RadioSet(classes="ws-editor", compact=True):
            for raw, shown in zip(self.field.choices, self.shown.choices, strict=True):
                yield RadioButton(Text(shown), value=raw == self.initial, compact=True)

    def value(self) -> str:
        index = self.query_one(RadioSet).pressed_index
        return self.field.choices[index] if 0 <= index < len(self.field.choices) else ""

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.edited()


class ChecklistBox(FieldBox):
    """Any number of choices, ticked with space."""

    def compose_editor(self) -> ComposeResult:
        ticked = set(self.initial) if isinstance(self.initial, list) else set()
        yield SelectionList[str](
            *(
                Selection(Text(shown), raw, raw in ticked)
                for raw, shown in zip(self.field.choices, self.shown.choices, strict=True)
            ),
            classes="ws-editor",
            compact=True,
        )

    def value(self) -> list[str]:
        return list(self.query_one(SelectionList).selected)

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self.edited()


def field_box(
    field: FieldDef, shown: FieldDef, value: object, *, promise_rows: bool = False
) -> FieldBox:
    """The box for a question of any kind; `promise_rows` lets list rows become promises."""
    if field.kind == "list":
        from coach.screens.worksheet_list_field import ListBox

        return ListBox(field, shown, value, promise_rows=promise_rows)
    boxes: dict[str, type[FieldBox]] = {
        "text": TextBox,
        "line": LineBox,
        "date": LineBox,
        "time": LineBox,
        "choice": ChoiceBox,
        "checklist": ChecklistBox,
    }
    return boxes[field.kind](field, shown, value)
