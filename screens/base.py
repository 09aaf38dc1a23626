"""What every section screen shares: the header naming the section, the footer of keys,
a plain message in place of the layout when the window is too small, and the filter that
keeps control characters from ever being drawn."""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Container
from textual.filter import LineFilter
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from coach.settings import Settings

_DRAWN_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class NoControlCharacters(LineFilter):
    """Drops control characters from every line drawn, whichever widget drew it.

    Screens pass stored text through `display_safe`, but a record from an old version or
    a foreign program can reach a widget some other way; this is the last guard, so the
    terminal never gets an ESC or C1 byte (an OSC 52 clipboard write, a title change)
    that Textual did not put there itself. Control characters take no cells, so the
    layout is unchanged; what is left of a sequence shows as plain, harmless text.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(_DRAWN_CONTROLS.search(segment.text) for segment in segments):
            return segments
        return [
            Segment(_DRAWN_CONTROLS.sub("", text), style, control) if not control else segment
            for segment in segments
            for text, style, control in (segment,)
        ]


class KeysFooter(Footer):
    """Textual's footer, rebuilt once after a burst of binding changes, and only when the
    keys it shows did change.

    The stock footer rebuilds every key after each change to the bindings. A section switch
    changes them half a dozen times in a row (focus moves, the screen refreshes its own
    keys), and each rebuild restyles every key: that was most of the time of a switch,
    and any key pressed right after waited for it.
    """

    _rebuild_pending = False
    _held = False
    _shown: tuple[object, ...] | None = None

    def hold(self) -> None:
        """Lay out no keys until `release`: the screen is still working out which it has
        (each layout of the keys costs about a megabyte until it is collected)."""
        self._held = True

    def release(self) -> None:
        self._held = False
        if self._bindings_ready:
            self.bindings_changed(self.screen)

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if self._held or not screen.app.app_focus or self._rebuild_pending:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_pending = True
            # By way of the app's queue, which it reads only once it has started: so at
            # start the keys are laid out after the first frame, not before it.
            self.app.call_later(self.call_later, self.call_after_refresh, self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self._held:
            return  # `release` asks again
        # Everything the stock compose reads from the bindings, the hidden ones included
        # (the palette's key is shown whatever its `show`).
        shown = tuple(
            (binding.key, binding.key_display, binding.action, binding.description)
            + (binding.show, binding.group, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
        )
        if shown != self._shown:
            self._shown = shown
            await self.recompose()


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
        yield KeysFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.title = "Trust Coach"
        self.sub_title = self.SECTION_TITLE

    def show_changes_from_elsewhere(self) -> None:
        """Redraw what another window or `coach check` may have changed (see
        `CoachApp.follow_other_windows`); sections that show saved records override it."""

    @property
    def settings(self) -> Settings:
        return self.app.settings  # type: ignore[attr-defined]
