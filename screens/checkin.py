"""Check-in section (in progress: its screen is being built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from coach.screens.base import SectionScreen


class CheckinScreen(SectionScreen):
    SECTION_TITLE = "Check-in"

    def compose_body(self) -> ComposeResult:
        yield Static("This section is not built yet.", markup=False)
