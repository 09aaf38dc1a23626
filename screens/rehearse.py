"""Rehearse: practise the moment the past comes up until the answer that helps comes first.

The section has three views in one screen: the picker (every scenario, its best score and
trend), one scenario being practised and reviewed, and the "It happened for real" log.
Keeping them in one screen means `app.screen` is always this screen in the Rehearse mode,
so the Guide can call `open_scenario` on it directly.
"""

from __future__ import annotations

import random
import time
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import ContentSwitcher

from coach.errors import CoachError
from coach.rehearsal import (
    MAX_REPLY_CHARS,
    all_scenarios,
    find_scenario,
    record_attempt,
    scenario_summaries,
    shown_scenario,
    surprise_pick,
)
from coach.scenarios import Scenario
from coach.screens.base import SectionScreen
from coach.screens.rehearse_moments import MomentsView
from coach.screens.rehearse_picker import PickerView
from coach.screens.rehearse_practice import PracticeView
from coach.settings import partner_label
from coach.textsafe import clean_text

SURPRISE = "surprise"


class RehearseScreen(SectionScreen):
    SECTION_TITLE = "Rehearse"
    CSS_PATH = "rehearse.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.rng = random.Random()
        self.last_review_seconds: float | None = None
        self._pending: str | None = None
        self._ready = False  # `is_mounted` turns true only after on_mount returns

    def compose_body(self) -> ComposeResult:
        with ContentSwitcher(initial="picker", id="rehearse-views"):
            yield PickerView(id="picker")
            yield PracticeView(id="practice")
            yield MomentsView(id="moments")

    def on_mount(self) -> None:
        super().on_mount()
        self.app.register_draft_holder(self)  # type: ignore[attr-defined]
        self._ready = True
        self.refresh_picker()
        pending, self._pending = self._pending, None
        if pending is not None:
            self.open_scenario(pending)
        else:
            self.show_picker()

    def on_screen_resume(self) -> None:
        # The partner's name may have changed in Settings since the titles were filled.
        self.refresh_picker()
        if self.view == "practice":
            self.query_one(PracticeView).resume_countdown()

    def on_screen_suspend(self) -> None:
        self.query_one(PracticeView).pause_countdown()
        self.flush_drafts()

    # Views ---------------------------------------------------------------------------------
    @property
    def view(self) -> str:
        return self.query_one("#rehearse-views", ContentSwitcher).current or "picker"

    def _switch(self, view: str) -> None:
        self.query_one("#rehearse-views", ContentSwitcher).current = view

    def show_picker(self, highlight: str | None = None) -> None:
        self._switch("picker")
        picker = self.query_one(PickerView)
        if highlight is not None:
            picker.highlight(highlight)
        picker.focus_table()

    def refresh_picker(self) -> None:
        """Fill the picker from the store: titles in the partner's words, scores, trends."""
        partner = self.settings.partner
        scenarios = [shown_scenario(s, partner) for s in all_scenarios(self.app.store)]  # type: ignore[attr-defined]
        self.query_one(PickerView).show(scenarios, scenario_summaries(self.app.store))  # type: ignore[attr-defined]

    def open_scenario(self, scenario_id: str) -> None:
        """Open a scenario to practise; `"surprise"` picks one, leaning to the worst scored.

        Safe to call before the screen is mounted: the scenario opens once it is.
        """
        if not self._ready:
            self._pending = scenario_id
            return
        store = self.app.store  # type: ignore[attr-defined]
        try:
            if scenario_id == SURPRISE:
                scenario = self._surprise_scenario()
            else:
                scenario = find_scenario(store, scenario_id)
        except KeyError:
            self.notify("That scenario is no longer here; pick another.", timeout=5)
            self.show_picker()
            return
        summary = scenario_summaries(store).get(scenario.id)
        self._switch("practice")
        self.query_one(PracticeView).show(
            shown_scenario(scenario, self.settings.partner), summary.best if summary else None
        )

    def _surprise_scenario(self) -> Scenario:
        store = self.app.store  # type: ignore[attr-defined]
        return surprise_pick(all_scenarios(store), scenario_summaries(store), self.rng)

    # From the views ------------------------------------------------------------------------
    @on(PickerView.Open)
    def _open(self, event: PickerView.Open) -> None:
        self.open_scenario(event.scenario_id)

    @on(PickerView.Typed)
    def _typed_ahead(self, event: PickerView.Typed) -> None:
        if self.view == "practice":
            self.query_one(PracticeView).type_early(event.character)

    @on(PickerView.Surprise)
    @on(PracticeView.Surprise)
    def _surprise(self) -> None:
        self.open_scenario(SURPRISE)

    @on(PickerView.RealMoments)
    def _real_moments(self) -> None:
        self._switch("moments")
        self.query_one(MomentsView).show_list()

    @on(PracticeView.Back)
    @on(MomentsView.Back)
    def _back(self, event: Any) -> None:
        practice = self.query_one(PracticeView)
        current = practice.scenario.id if practice.scenario and self.view == "practice" else None
        self.show_picker(highlight=current)

    @on(MomentsView.ScenarioMade)
    def _scenario_made(self, event: MomentsView.ScenarioMade) -> None:
        self.refresh_picker()
        self.show_picker(highlight=event.scenario_id)
        self.notify(
            f"\u201c{event.title}\u201d is now in your list. Press enter to practise it.",
            timeout=6,
            markup=False,
        )

    @on(PracticeView.Submitted)
    def _submitted(self, event: PracticeView.Submitted) -> None:
        from coach.reviews import reply as reply_engine

        try:
            text = clean_text(event.text, limit=MAX_REPLY_CHARS, what="This reply")
        except CoachError as problem:
            self.notify(problem.message, severity="warning", timeout=8, markup=False)
            return
        if not text.strip() and not event.timed_out:
            self.notify("Write a reply first, even a short one.", timeout=4)
            return
        started = time.perf_counter()
        review = reply_engine.review_reply(text, self.settings.pronouns)
        self.last_review_seconds = time.perf_counter() - started
        store = self.app.store  # type: ignore[attr-defined]
        if text.strip():
            # An empty reply at the end of a countdown is shown, not scored against the user.
            record_attempt(store, event.scenario_id, text, review, self.app.clock.now())  # type: ignore[attr-defined]
        practice = self.query_one(PracticeView)
        summary = scenario_summaries(store).get(event.scenario_id)
        practice.show_best(summary.best if summary else None)
        practice.show_review(
            text,
            review,
            partner_label(self.settings),
            dict(getattr(reply_engine, "FLAG_LABELS", {})),
            dict(getattr(reply_engine, "STRENGTH_LABELS", {})),
            timed_out=event.timed_out,
        )
        self.refresh_picker()

    # Never lose a word ---------------------------------------------------------------------
    def flush_drafts(self) -> None:
        """Write any unfinished reply or half-logged moment to the store."""
        if not self._ready:
            return
        self.query_one(PracticeView).flush_drafts()
        self.query_one(MomentsView).flush_drafts()
