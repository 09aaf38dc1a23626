"""Rehearse section (in progress: its screen is being built)."""

from __future__ import annotations

from coach.screens.base import SectionScreen
from textual.app import ComposeResult
from textual.widgets import Static


class RehearseScreen(SectionScreen):
    SECTION_TITLE = "Rehearse"

    def compose_body(self) -> ComposeResult:
        yield Static("This section is not built yet.", markup=False)
