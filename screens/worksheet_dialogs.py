"""Dialogs of the worksheet screen: earlier versions to restore, and how often a promise
made from the transparency plan should recur."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from coach.screens.dialogs import ConfirmDialog
from coach.textsafe import display_safe
from coach.worksheet_defs import WorksheetDef
from coach.worksheets import Revision, is_blank

REASONS = {
    "left": "when you left it",
    "while writing": "while you wrote",
    "before restoring": "before a restore",
    "before removing a row": "before a row was removed",
    "before building the draft": "before the draft was rebuilt",
}


def answers_preview(raw: WorksheetDef, shown: WorksheetDef, answers: Mapping[str, object]) -> Text:
    """The answered questions of a worksheet and their answers, plainly."""
    out = Text()
    for field, label in zip(raw.fields, shown.fields, strict=True):
        value = answers.get(field.id)
        if is_blank(value):
            continue
        if out.plain:
            out.append("\n\n")
        out.append(label.prompt, style="bold")
        out.append("\n")
        if field.kind == "list" and isinstance(value, list):
            rows = [
                " · ".join(str(cell) for cell in row.values() if str(cell).strip())
                for row in value
                if isinstance(row, Mapping)
            ]
            out.append("\n".join(f"• {display_safe(row)}" for row in rows if row))
        elif field.kind in ("choice", "checklist"):
            picked = value if isinstance(value, list) else [value]
            names = dict(zip(field.choices, label.choices, strict=True))
            out.append("\n".join(f"• {names.get(str(p), display_safe(str(p)))}" for p in picked))
        else:
            out.append(display_safe(str(value)))
    return out or Text("Nothing was written in this version.", style="italic")


class RevisionsDialog(ModalScreen[str | None]):
    """Earlier versions, newest first, with a preview; dismisses with the one to restore."""

    CSS_PATH = "worksheets.tcss"

    BINDINGS = [
        Binding(
            "escape", "close", "Close", id="revisions.close", tooltip="Close, restoring nothing"
        ),
        Binding(
            "enter",
            "restore",
            "Restore",
            id="revisions.restore",
            tooltip="Restore the version you picked (asks first)",
        ),
    ]

    def __init__(
        self, raw: WorksheetDef, shown: WorksheetDef, revisions: Sequence[Revision]
    ) -> None:
        super().__init__(classes="ws-revisions")
        self.raw = raw
        self.shown = shown
        self.revisions = list(revisions)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog ws-revisions-dialog"):
            yield Static(
                f"Earlier versions of {self.shown.title}", classes="dialog-title", markup=False
            )
            if not self.revisions:
                yield Static(
                    "No earlier versions yet. One is kept each time you leave a worksheet "
                    "after changing it, and every few minutes while you write.",
                    classes="dialog-body",
                    markup=False,
                )
            else:
                with Horizontal(classes="ws-revisions-body"):
                    yield OptionList(
                        *(Option(self._label(rev), id=rev.id) for rev in self.revisions),
                        id="ws-revision-list",
                        markup=False,
                    )
                    with VerticalScroll(id="ws-revision-preview"):
                        yield Static(id="ws-revision-text", markup=False)
                yield Static(
                    "Enter restores the version you picked. What is there now is kept as a "
                    "version first, so nothing is lost.",
                    classes="dialog-hint",
                    markup=False,
                )
            with Horizontal(classes="dialog-buttons"):
                if self.revisions:
                    yield Button("Restore", variant="primary", id="restore")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        if self.revisions:
            self._preview(0)
            self.query_one(OptionList).focus()

    @staticmethod
    def _label(revision: Revision) -> Text:
        label = Text(f"{revision.taken_at:%a %d %b %Y, %H:%M}\n")
        label.append(REASONS.get(revision.reason, revision.reason), style="dim")
        return label

    def _preview(self, index: int) -> None:
        revision = self.revisions[index]
        self.query_one("#ws-revision-text", Static).update(
            answers_preview(self.raw, self.shown, revision.answers)
        )

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._preview(event.option_index)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_restore()

    @on(Button.Pressed, "#restore")
    def action_restore(self) -> None:
        if not self.revisions:
            return
        index = self.query_one(OptionList).highlighted or 0
        revision = self.revisions[index]

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(revision.id)

        self.app.push_screen(
            ConfirmDialog(
                f"Restore the version from {revision.taken_at:%A %d %B, %H:%M}? What the "
                "worksheet holds now is kept as a version first.",
                yes="Restore",
                no="Cancel",
            ),
            answered,
        )

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


class CadenceDialog(ModalScreen[str | None]):
    """How often a promise recurs: dismisses with "daily", "weekly" or None."""

    BINDINGS = [
        Binding(
            "d", "pick('daily')", "Daily", id="cadence.daily", tooltip="A promise for every day"
        ),
        Binding(
            "w",
            "pick('weekly')",
            "Weekly",
            id="cadence.weekly",
            tooltip="A promise for one day each week",
        ),
        Binding("escape", "pick('')", "Cancel", id="cadence.cancel", tooltip="Make no promise"),
    ]

    def __init__(self, promise_text: str, suggested: str = "daily") -> None:
        super().__init__(classes="ws-cadence")
        self.promise_text = promise_text
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Make this a promise", classes="dialog-title", markup=False)
            yield Static(Text(f"“{display_safe(self.promise_text)}”"), classes="dialog-body")
            yield Static(
                "How often will you keep it? It will appear in Promises and on Today.",
                classes="dialog-hint",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Daily (d)", variant="primary", id="daily")
                yield Button("Weekly (w)", id="weekly")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        # The row's own "when" suggests the answer; enter takes it.
        self.query_one(f"#{self.suggested}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_pick(event.button.id if event.button.id in ("daily", "weekly") else "")

    def action_pick(self, cadence: str) -> None:
        self.dismiss(cadence or None)
