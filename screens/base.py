"""What every section screen shares: the header naming the section, the footer of keys,
and a plain message in place of the layout when the window is too small."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from coach.settings import Settings


class SectionScreen(Screen):
    """A top-level section. Subclasses set SECTION_TITLE and implement `compose_body`."""

    SECTION_TITLE = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Container(id="body"):
            yield from self.compose_body()
        yield Static(
            "This window is too small for Trust Coach.\nMake it at least 60 columns by 18 "
            "rows; nothing you wrote is lost.",
            id="too-small",
            markup=False,
        )
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.title = "Trust Coach"
        self.sub_title = self.SECTION_TITLE

    @property
    def settings(self) -> Settings:
        return self.app.settings  # type: ignore[attr-defined]
