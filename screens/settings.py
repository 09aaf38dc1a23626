"""Settings: the partner's name and pronouns, the program's start, the day end, the theme.
Every change is saved as soon as it is valid."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Select, Static

from coach.screens.base import SectionScreen
from coach.screens.profile_form import ProfileForm, today_for


class SettingsPage(VerticalScroll):
    """The page of settings, which takes focus so the section keys work on arrival.

    Taking or losing focus restyles the page alone: no style depends on the page's focus,
    and Textual's restyle of every field below it cost about 9 ms a tab.
    """

    def watch_has_focus(self, has_focus: bool) -> None:
        self.app.stylesheet.update_nodes([self], animate=True)


class SettingsScreen(SectionScreen):
    SECTION_TITLE = "Settings"

    def compose_body(self) -> ComposeResult:
        with SettingsPage(id="settings"):
            yield Static("Changes are saved as you make them.", classes="hint", markup=False)
            yield ProfileForm(self.app.settings, today_for(self.app), id="settings-form")
            yield Label("Theme")
            themes = sorted(self.app.available_themes)
            yield Select(
                [(name, name) for name in themes],
                value=self.app.theme,
                allow_blank=False,
                id="theme",
            )
            yield Static(f"Your data: {self.data_location()}", classes="hint", markup=False)

    def data_location(self) -> str:
        path = self.app.store.path  # type: ignore[attr-defined]
        return str(path) if path is not None else "kept in memory only (not saved)"

    @on(ProfileForm.Changed)
    def save_profile(self, event: ProfileForm.Changed) -> None:
        self.app.update_settings(event.settings)  # type: ignore[attr-defined]

    @on(Select.Changed, "#theme")
    def change_theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.app.theme:
            self.app.theme = event.value
