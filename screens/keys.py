"""The keys dialog (`?` or F1): every key the current screen answers to."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def key_table(screen: Screen) -> Table:
    """The screen's own keys (named or shown in the footer) as a three-column table."""
    table = Table(box=None, show_header=False, expand=True, padding=(0, 2, 0, 0))
    table.add_column("Key", style="bold", no_wrap=True)
    table.add_column("Does", no_wrap=True)
    table.add_column("Detail", style="dim", ratio=1)
    seen: set[tuple[str, str]] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        # Generic scrolling keys are left out: they work everywhere and crowd the list.
        if not binding.description or not (binding.show or binding.id):
            continue
        if (binding.description, binding.action) in seen:
            continue
        seen.add((binding.description, binding.action))
        detail = active.tooltip or binding.tooltip or ""
        table.add_row(
            Text(screen.app.get_key_display(binding)),
            Text(binding.description),
            Text(detail if detail != binding.description else ""),
        )
    return table


class KeysScreen(ModalScreen[None]):
    """Lists the keys of the screen beneath it."""

    BINDINGS = [
        Binding(
            "escape,question_mark,f1,q",
            "dismiss",
            "Close",
            id="keys.close",
            tooltip="Close the list of keys",
        ),
    ]

    def __init__(self, beneath: Screen) -> None:
        super().__init__()
        self.beneath = beneath

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog keys-dialog"):
            yield Static(
                f"Keys: {self.beneath.sub_title or 'this screen'}",
                classes="dialog-title",
                markup=False,
            )
            yield Static(key_table(self.beneath))
            yield Static(
                "ctrl+p opens the command palette: every key is also a command there.",
                classes="dialog-hint",
                markup=False,
            )

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
