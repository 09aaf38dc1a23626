"""The reference for start-up time and memory: a bare Textual app with a header, one line
of text and a footer, and nothing else.

    python benchmarks/bare_app.py

`bench_start.py` starts it in a real terminal, exactly as it starts Trust Coach, and
waits for `TEXT` to be on screen; ctrl+q quits.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

TEXT = "A bare Textual app: a header, this line and a footer."


class BareApp(App[None]):
    """Header, Static, Footer."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(TEXT)
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
