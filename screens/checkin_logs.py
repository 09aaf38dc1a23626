"""The logs: appreciation, honesty, real moments and check-ins, newest first, searchable."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from coach.agenda import LogItem, search_logs


def _option(index: int, item: LogItem) -> Option:
    label = Text(f"{item.day.isoformat()} ", style="bold")
    label.append(f"{item.kind}: ", style="dim")
    label.append(item.text.splitlines()[0][:70] if item.text else "")
    return Option(label, id=str(index))


class LogsScreen(Screen[None]):
    """Type to search; move through the entries; the selected one shows in full."""

    CSS_PATH = "checkin.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="logs.back", tooltip="Back to the check-in"),
        Binding("slash", "search", "Search", id="logs.search", tooltip="Search the logs"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search (words, any order)", id="log-search")
        with Horizontal(id="logs"):
            yield OptionList(id="log-list")
            yield Static(id="log-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Logs"
        self.show_items("")
        self.query_one("#log-list").focus()

    def show_items(self, query: str) -> None:
        self.items: list[LogItem] = search_logs(self.app.store, query)  # type: ignore[attr-defined]
        listing = self.query_one("#log-list", OptionList)
        listing.clear_options()
        # All at once: adding options one by one lays the list out again for each of them,
        # which with ten years of weekly check-ins held up the key that opened the logs.
        listing.add_options([_option(index, item) for index, item in enumerate(self.items)])
        if not self.items:
            listing.add_option(
                Option(Text("Nothing found." if query else "No entries yet."), disabled=True)
            )
            self.query_one("#log-detail", Static).update("")
        else:
            listing.highlighted = 0
            self.show_detail(0)

    def show_detail(self, index: int) -> None:
        item = self.items[index]
        text = Text(f"{item.kind} · {item.day.strftime('%A %d %B %Y')}\n\n", style="bold")
        text.append(item.text)
        self.query_one("#log-detail", Static).update(text)

    @on(OptionList.OptionHighlighted, "#log-list")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.show_detail(int(event.option.id))

    @on(Input.Changed, "#log-search")
    def search_changed(self, event: Input.Changed) -> None:
        self.show_items(event.value)

    @on(Input.Submitted, "#log-search")
    def search_done(self) -> None:
        self.query_one("#log-list").focus()

    def action_search(self) -> None:
        self.set_focus(self.query_one("#log-search"))  # at once: what follows / is the search

    def action_back(self) -> None:
        self.dismiss(None)
