"""Today, the home screen: the day of the program, today's promises, what to do next,
this week's check-in, and one line each for appreciation and proactive honesty."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from coach.errors import CoachError
from coach.journal import APPRECIATION, HONESTY, add_entry, entries
from coach.partner import fill
from coach.promises import list_promises
from coach.screens.base import KeysFooter, SectionScreen
from coach.screens.profile_form import today_for
from coach.screens.today_promises import TodayPromises
from coach.screens.type_ahead import TypingReachesTheField, is_text_field

if TYPE_CHECKING:  # imported where used: Today's first frame is drawn without them
    from textual.widgets import Input

    from coach.screens.today_next import NextStep

PROMPTS = {
    APPRECIATION: "Something you noticed and valued in {partner} today",
    HONESTY: "Something you told {partner} before {they} had to ask",
}


class TodayScreen(TypingReachesTheField, SectionScreen):
    SECTION_TITLE = "Today"
    _rest_mounted = False  # the lines below the promises, added after the first frame
    BINDINGS = [
        Binding(
            "c",
            "continue",
            "Continue",
            id="today.continue",
            tooltip="Open the next unread lesson or the worksheet you were working on",
        ),
        Binding(
            "a",
            "focus_line('appreciations')",
            "Appreciation",
            id="today.appreciation",
            tooltip="Write one line of appreciation for today",
            # Priority, so it acts before the keys typed right after it are handed on:
            # they are for the field it opens, not for what had focus before.
            priority=True,
        ),
        Binding(
            "h",
            "focus_line('honesty')",
            "Honesty",
            id="today.honesty",
            tooltip="Write one line of proactive honesty for today",
            priority=True,
        ),
        Binding(
            "escape",
            "leave_field",
            "Leave the line",
            id="today.leave",
            tooltip="Stop typing in the line and go back to today's promises",
            show=False,
        ),
        Binding(
            "r",
            "rehearse_setback",
            "Rehearse",
            id="today.rehearse",
            tooltip="Practise the kind of moment that was hard lately",
        ),
    ]

    def compose_body(self) -> ComposeResult:
        # Focus goes straight to today's promises (to the page when there are none), as
        # `refresh_promises` would move it: the page first, then the promises, restyled the
        # whole screen twice over before the first frame.
        has_promises = bool(list_promises(self.app.store))  # type: ignore[attr-defined]
        self.AUTO_FOCUS = "#today-checklist" if has_promises else "#today"
        with VerticalScroll(id="today"):
            yield Static(id="day-line", markup=False)
            yield TodayPromises(today_for(self.app), id="today-promises")
            yield Static(
                "No promises yet. Small promises kept every day are how trust is rebuilt: "
                "press 4 to open Promises, or 2 to start reading the Guide.",
                id="today-empty",
                markup=False,
            )

    def compose_rest(self) -> ComposeResult:
        """Everything below the promises; mounted once the promises are on screen.

        Its widgets and what fills them are imported here, after the first frame.
        """
        from textual.widgets import Checkbox, Input

        yield Static(id="continue")
        yield Static(id="checkin-line")
        yield Static(id="setback")
        for kind in (APPRECIATION, HONESTY):
            yield Static(id=f"{kind}-label", classes="line-label")
            with Horizontal(classes="line-row"):
                # No max_length: a long paste is refused with a message, never cut.
                yield Input(id=kind, compact=True)
                if kind == APPRECIATION:
                    yield Checkbox("said it", id="said", compact=True)
            yield Static(id=f"{kind}-saved", classes="line-saved", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_day()
        # Someone opening the app needs today's promises first: the lines below them
        # (the next lesson, the check-in, the two fields) cost as much again to build and
        # fill, so they are added just after the promises are drawn.
        self.app.call_later(self._mount_rest)
        # Which keys Today has (continue, rehearse) is known once those lines are filled.
        self.query_one(KeysFooter).hold()

    async def _mount_rest(self) -> None:
        """Add the streaks beside the promises and the lines below them, once the promises
        are on screen.

        This runs in the app's queue, which the app reads only once it has started, and
        which holds any key pressed meanwhile until the lines are there to take it.
        """
        drawn = asyncio.get_running_loop().create_future()

        def on_screen() -> None:
            if not drawn.done():
                drawn.set_result(None)

        self.call_after_refresh(on_screen)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(drawn, timeout=0.5)  # never held up by a screen that stalls
        self.query_one("#today-promises", TodayPromises).show_stats()
        try:
            await self.query_one("#today", VerticalScroll).mount_compose(self.compose_rest())
            self._rest_mounted = True
            self.refresh_rituals()
        finally:
            self.query_one(KeysFooter).release()

    def on_screen_resume(self) -> None:
        self.refresh_day()

    def show_changes_from_elsewhere(self) -> None:
        self.refresh_day()

    def on_today_promises_day_ended(self) -> None:
        self.refresh_day()

    def refresh_day(self) -> None:
        today = today_for(self.app)
        start = self.settings.program_start or today
        day_number = (today - start).days + 1
        when = today.strftime("%A %d %B %Y")
        # The clock can be set back before the start; say so rather than count below one.
        line = (
            f"Day {day_number} of the program · {when}"
            if day_number >= 1
            else f"{when} · the program starts on {start.strftime('%A %d %B %Y')}"
        )
        self.query_one("#day-line", Static).update(line)
        self.refresh_promises()
        if self._rest_mounted:
            self.refresh_rituals()

    def refresh_promises(self) -> None:
        """Today's promises, or the kind empty state when there are none at all."""
        has_promises = bool(list_promises(self.app.store))  # type: ignore[attr-defined]
        promises = self.query_one("#today-promises", TodayPromises)
        promises.display = has_promises
        self.query_one("#today-empty").display = not has_promises
        promises.day = today_for(self.app)
        if has_promises:
            promises.refresh_all(promises.day)
            if self.focused is None or self.focused.id == "today":
                # So space keeps the first promise at once, without a tab first.
                promises.query_one("#today-checklist").focus()

    def refresh_rituals(self) -> None:
        app = self.app
        store, today, partner = app.store, today_for(app), self.settings.partner  # type: ignore[attr-defined]
        from coach.screens.today_next import checkin_line, next_step, setback_offer

        step = next_step(store)
        self._next: NextStep | None = step
        self.query_one("#continue", Static).update(step.line if step else Text(""))
        self.query_one("#checkin-line", Static).update(checkin_line(store, today))
        self._setback = setback_offer(store, today - timedelta(days=2))
        setback = self.query_one("#setback", Static)
        setback.display = self._setback is not None
        if self._setback is not None:
            setback.update(self._setback.line)
        for kind in (APPRECIATION, HONESTY):
            self.query_one(f"#{kind}-label", Static).update(
                Text(fill(PROMPTS[kind], partner) + f"  ({kind[0]})", style="bold")
            )
            logged = entries(store, kind, first=today, last=today)
            saved = self.query_one(f"#{kind}-saved", Static)
            saved.update(
                f"{len(logged)} today: " + " · ".join(e.text for e in logged[-2:]) if logged else ""
            )
        self.refresh_bindings()

    # Keys ----------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "rehearse_setback":
            return getattr(self, "_setback", None) is not None
        if action == "continue":
            return getattr(self, "_next", None) is not None
        return True

    def action_focus_line(self, kind: str) -> None:
        if is_text_field(self.focused):
            raise SkipAction()  # an "a" or "h" typed in a line is a letter
        # At once (`focus` waits a turn): the words typed right after `a` or `h` are for
        # the line, not keys of the promises (`n` would open a note, `b` mark one broken).
        self.set_focus(self.query_one(f"#{kind}"))

    async def action_continue(self) -> None:
        if self._next is not None:
            await self._next.open(self.app)

    async def action_rehearse_setback(self) -> None:
        if self._setback is not None:
            await self._setback.open(self.app)

    def action_leave_field(self) -> None:
        """Escape from a line: back to today's promises (or the page) so keys act again."""
        promises = self.query_one("#today-promises", TodayPromises)
        if promises.display:
            promises.query_one("#today-checklist").focus()
        else:
            self.query_one("#today").focus()

    # The two lines ---------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        from textual.widgets import Checkbox

        kind = event.input.id
        if kind not in (APPRECIATION, HONESTY):
            return
        app = self.app
        said = kind == APPRECIATION and self.query_one("#said", Checkbox).value
        try:
            add_entry(
                app.store,
                kind,
                event.value,
                today_for(app),
                app.clock.now(),  # type: ignore[attr-defined]
                said=said,
            )
        except CoachError as error:
            # The words stay in the field for another try.
            self.query_one(f"#{kind}-saved", Static).update(error.message)
            return
        event.input.value = ""
        if kind == APPRECIATION:
            self.query_one("#said", Checkbox).value = False
        self.refresh_rituals()
        self.notify("Saved to your log; it will be on this week's check-in agenda.")
