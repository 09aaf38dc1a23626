"""One scenario to practise: the setting, the partner's words, a reply box with an optional
countdown, and after checking, the review of the reply beside the reply that helps."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Label, Static, TextArea

from coach.rehearsal import clear_draft, load_draft, save_draft
from coach.scenarios import Scenario
from coach.screens.rehearse_feedback import (
    TIMED_OUT_NOTE,
    Palette,
    flag_list,
    helping_reply,
    marked_reply,
    partner_line,
    strength_list,
    verdict_line,
)
from coach.screens.rehearse_picker import difficulty_dots
from coach.screens.type_ahead import type_into

DRAFT_SAVE_DELAY = 0.8
"""Seconds of quiet typing before a reply draft is written, so a keystroke is not a write."""


class PracticeView(Vertical):
    """Shows one scenario; posts `Submitted` with the reply, or `Back`."""

    COUNTDOWN_SECONDS = 45
    """A real moment gives seconds to answer, not minutes."""

    BINDINGS = [
        Binding(
            # ctrl+enter reaches the app only in terminals with the kitty keyboard protocol;
            # elsewhere it arrives as a plain enter, a new line, so ctrl+s comes first.
            "ctrl+s,ctrl+enter",
            "submit",
            "Check my reply",
            id="rehearse.submit",
            tooltip="Score the reply and show what helps and what hurts",
        ),
        Binding(
            "ctrl+t",
            "toggle_countdown",
            "Countdown",
            id="rehearse.countdown",
            tooltip="Turn a 45-second countdown on or off; at zero the reply is checked as it is",
        ),
        Binding(
            "t",
            "try_again",
            "Try again",
            id="rehearse.again",
            tooltip="Clear the reply and answer the same moment again",
        ),
        Binding(
            "s",
            "surprise",
            "Surprise me",
            id="rehearse.practice_surprise",
            tooltip="Another moment, leaning to the ones you find hardest",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            id="rehearse.back",
            tooltip="Back to the list of moments; an unfinished reply is kept",
        ),
    ]

    class Submitted(Message):
        """The reply is ready to be reviewed (by the user, or because time ran out)."""

        def __init__(self, scenario_id: str, text: str, timed_out: bool) -> None:
            super().__init__()
            self.scenario_id = scenario_id
            self.text = text
            self.timed_out = timed_out

    class Back(Message):
        """The user wants the list of scenarios again."""

    class Surprise(Message):
        """The user wants another scenario picked for them."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario: Scenario | None = None
        self.reviewed = False
        self.countdown_on = False
        self.remaining = 0
        self._ticker: Timer | None = None
        self._draft_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="practice-head"):
            yield Static(id="practice-title", markup=False)
            yield Static(id="practice-meta", markup=False)
        yield Static(id="practice-setting", markup=False)
        yield Static(id="practice-says", markup=False)
        with Vertical(id="practice-writing"):
            with Horizontal(id="practice-reply-head"):
                yield Label("Your reply", id="practice-reply-label")
                yield Static(id="countdown", markup=False)
            yield TextArea(
                id="reply",
                soft_wrap=True,
                tab_behavior="focus",
                placeholder="Write what you would say, as you would say it.",
            )
        with VerticalScroll(id="feedback"):
            yield Static(id="fb-verdict", markup=False)
            yield Static(id="fb-note", markup=False)
            yield Label("Your reply", classes="fb-heading")
            yield Static(id="fb-reply", markup=False)
            yield Label("What works against it", classes="fb-heading", id="fb-flags-heading")
            yield Static(id="fb-flags", markup=False)
            yield Label("What works", classes="fb-heading", id="fb-strengths-heading")
            yield Static(id="fb-strengths", markup=False)
            yield Label("A reply that helps, to compare", classes="fb-heading")
            yield Static(id="fb-helps", markup=False)
            yield Label(id="fb-needs-heading", classes="fb-heading", markup=False)
            yield Static(id="fb-needs", markup=False)
            yield Static(
                "t: try again    s: another moment    escape: back to the list",
                classes="rehearse-hint",
                markup=False,
            )

    # Showing a scenario --------------------------------------------------------------------
    def show(self, scenario: Scenario, best: int | None) -> None:
        """Open `scenario` for writing, with any unfinished reply restored."""
        self.flush_drafts()
        self.scenario = scenario
        self.query_one("#practice-title", Static).update(Text(scenario.title))
        self.show_best(best)
        self.query_one("#practice-setting", Static).update(Text(scenario.setting))
        self.query_one("#practice-says", Static).update(partner_line(scenario))
        draft = load_draft(self.app.store, self.draft_key).get("text", "")  # type: ignore[attr-defined]
        self._start_writing(draft)

    def show_best(self, best: int | None) -> None:
        """The level and best score beside the title."""
        if self.scenario is None:
            return
        meta = f"Level {difficulty_dots(self.scenario.difficulty)}"
        meta += f"   Best {best}" if best is not None else "   Not tried yet"
        self.query_one("#practice-meta", Static).update(meta)

    @property
    def draft_key(self) -> str:
        return f"reply:{self.scenario.id if self.scenario else ''}"

    def _start_writing(self, text: str) -> None:
        self.reviewed = False
        self.set_class(False, "-reviewed")
        reply = self.query_one("#reply", TextArea)
        reply.load_text(text)
        reply.move_cursor(reply.document.end)
        reply.focus()
        if self.countdown_on:
            self._start_countdown()
        self._show_countdown()
        self.refresh_bindings()

    def type_early(self, character: str) -> None:
        """Type `character` into the reply box, as if typed there (words sent with enter)."""
        if not self.reviewed:
            type_into(self.query_one("#reply", TextArea), character)

    def reply_text(self) -> str:
        return self.query_one("#reply", TextArea).text

    # Showing a review ----------------------------------------------------------------------
    def show_review(
        self,
        text: str,
        review: Any,
        partner: str,
        flag_labels: dict[str, str],
        strength_labels: dict[str, str],
        timed_out: bool = False,
    ) -> None:
        """Show the reviewed reply: score, marked reply, flags, strengths, the helping reply."""
        assert self.scenario is not None
        self._stop_countdown()
        self._cancel_draft_timer()
        clear_draft(self.app.store, self.draft_key)  # type: ignore[attr-defined]
        palette = Palette.from_variables(self.app.theme_variables)
        flags, strengths = list(review.flags), list(review.strengths)
        self.query_one("#fb-verdict", Static).update(
            verdict_line(
                int(review.score), str(review.verdict), partner, palette, flagged=bool(flags)
            )
        )
        note = self.query_one("#fb-note", Static)
        note.update(TIMED_OUT_NOTE if timed_out else "")
        note.display = timed_out
        shown = text if text.strip() else "(Nothing was written.)"
        self.query_one("#fb-reply", Static).update(marked_reply(shown, flags, strengths, palette))
        self.query_one("#fb-flags", Static).update(flag_list(flags, flag_labels, palette))
        self.query_one("#fb-strengths", Static).update(
            strength_list(strengths, strength_labels, palette)
        )
        for name, items in (("flags", flags), ("strengths", strengths)):
            self.query_one(f"#fb-{name}-heading").display = bool(items)
            self.query_one(f"#fb-{name}").display = bool(items)
        self.query_one("#fb-helps", Static).update(helping_reply(self.scenario, palette))
        self.query_one("#fb-needs-heading", Label).update(
            Text(f"What {partner} needs in that moment")
        )
        self.query_one("#fb-needs", Static).update(Text(self.scenario.needs))
        self.reviewed = True
        self.set_class(True, "-reviewed")
        feedback = self.query_one("#feedback", VerticalScroll)
        feedback.scroll_home(animate=False)
        feedback.focus()
        self._show_countdown()
        self.refresh_bindings()

    # Countdown -----------------------------------------------------------------------------
    def _start_countdown(self) -> None:
        self._stop_countdown()
        self.remaining = self.COUNTDOWN_SECONDS
        self._ticker = self.set_interval(1.0, self._tick)

    def pause_countdown(self) -> None:
        """Hold the countdown while another section or a dialog is in front."""
        self._stop_countdown()

    def resume_countdown(self) -> None:
        """Carry on from where the countdown was held, if one was running."""
        if self.countdown_on and not self.reviewed and self.scenario and self._ticker is None:
            self._ticker = self.set_interval(1.0, self._tick)

    def _stop_countdown(self) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None

    def _tick(self) -> None:
        self.remaining -= 1
        self._show_countdown()
        if self.remaining <= 0:
            self._stop_countdown()
            self._submit(timed_out=True)

    def _show_countdown(self) -> None:
        countdown = self.query_one("#countdown", Static)
        if not self.countdown_on:
            countdown.update("Countdown off (ctrl+t)")
        elif self.reviewed:
            countdown.update("")
        else:
            minutes, seconds = divmod(max(self.remaining, 0), 60)
            countdown.update(f"{minutes}:{seconds:02d} left")
        countdown.set_class(self.countdown_on and self.remaining <= 10, "-low")

    # Actions -------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("submit", "toggle_countdown"):
            return not self.reviewed
        if action in ("try_again", "surprise"):
            return self.reviewed
        return True

    def action_submit(self) -> None:
        self._submit(timed_out=False)

    def _submit(self, timed_out: bool) -> None:
        if self.scenario is None or self.reviewed:
            return
        self.post_message(self.Submitted(self.scenario.id, self.reply_text(), timed_out))

    def action_toggle_countdown(self) -> None:
        self.countdown_on = not self.countdown_on
        if self.countdown_on:
            self._start_countdown()
        else:
            self._stop_countdown()
        self._show_countdown()

    def action_try_again(self) -> None:
        self._start_writing("")

    def action_surprise(self) -> None:
        self.post_message(self.Surprise())

    def action_back(self) -> None:
        self._stop_countdown()
        self.flush_drafts()
        self.post_message(self.Back())

    # Drafts --------------------------------------------------------------------------------
    @on(TextArea.Changed, "#reply")
    def _reply_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._cancel_draft_timer()
        self._draft_timer = self.set_timer(DRAFT_SAVE_DELAY, self.flush_drafts)

    def _cancel_draft_timer(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None

    def flush_drafts(self) -> None:
        """Write the unfinished reply now (on leaving, quitting, or after a pause in typing)."""
        self._cancel_draft_timer()
        if self.scenario is None or self.reviewed:
            return
        save_draft(self.app.store, self.draft_key, {"text": self.reply_text()})  # type: ignore[attr-defined]
