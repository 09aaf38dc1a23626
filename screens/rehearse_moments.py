""" "It happened for real": the list of logged moments and the form to write one down.

Everything typed in the form is kept as a draft while it is written (and on quit), so a
half-written moment with a date still to fix is never lost. One key on a logged moment
makes it a scenario of the user's own.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from coach.errors import CoachError
from coach.real_moments import (
    MOMENT_FIELDS,
    RealMoment,
    get_real_moment,
    list_real_moments,
    log_real_moment,
    moment_to_scenario,
)
from coach.rehearsal import clear_draft, load_draft, save_draft
from coach.screens.profile_form import today_for
from coach.settings import partner_label

NEW_ID = "new"
DRAFT_SAVE_DELAY = 0.8
FIELD_LABELS = {
    "they_said": "What {partner} said",
    "what_i_said": "What you said",
    "how_it_went": "How it went",
    "next_time": "What you would say next time",
}


class MomentsView(Vertical):
    """The log of real moments; posts `Back`, or `ScenarioMade` when one becomes a scenario."""

    BINDINGS = [
        Binding(
            "enter",
            "open_highlighted",
            "Open",
            id="moments.open",
            tooltip="Read or change the highlighted moment",
            priority=True,
        ),
        Binding("n", "new", "New", id="moments.new", tooltip="Write down a new moment"),
        Binding(
            "c",
            "make_scenario",
            "Practise it",
            id="moments.scenario",
            tooltip="Make the highlighted moment a scenario of your own to rehearse",
        ),
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="moments.save",
            tooltip="Save this moment and go back to the list",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            id="moments.back",
            tooltip="Go back; what you wrote is saved or kept as a draft",
        ),
    ]

    class Back(Message):
        """The user is done with the log."""

    class ScenarioMade(Message):
        """A moment became a scenario of the user's own."""

        def __init__(self, scenario_id: str, title: str) -> None:
            super().__init__()
            self.scenario_id = scenario_id
            self.title = title

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.editing: str | None = None  # None: the list; NEW_ID or a moment id: the form
        self._draft_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="moments-list-view"):
            yield Static(
                "When the past came up and it did not go the way you wanted, write it down "
                "here. Then practise the answer you wish you had given.",
                classes="rehearse-hint",
                markup=False,
            )
            yield OptionList(id="moment-list")
        with VerticalScroll(id="moment-form"):
            yield Label("When it happened (year-month-day)", classes="moment-label")
            yield Input(id="moment-when", max_length=10, compact=True, placeholder="2026-11-24")
            yield Static(id="moment-error", markup=False)
            for name in MOMENT_FIELDS:
                yield Label(id=f"label-{name}", classes="moment-label", markup=False)
                yield TextArea(id=f"moment-{name}", soft_wrap=True, tab_behavior="focus")
            yield Static(
                "Kept as you type. ctrl+s saves; escape saves and goes back.",
                classes="rehearse-hint",
                markup=False,
            )

    # The list ------------------------------------------------------------------------------
    def show_list(self, highlight: str | None = None) -> None:
        """Show the logged moments, newest first, under the option to write a new one."""
        self.editing = None
        self.set_class(False, "-form")
        store = self.app.store  # type: ignore[attr-defined]
        started = bool(load_draft(store, _draft_key(NEW_ID)))
        options = [
            Option(
                "+ Continue the moment you started" if started else "+ Write down a new moment",
                id=NEW_ID,
            )
        ]
        options.extend(Option(_moment_label(moment), id=moment.id) for moment in self._moments())
        listing = self.query_one("#moment-list", OptionList)
        listing.set_options(options)
        ids = [option.id for option in options]
        listing.highlighted = ids.index(highlight) if highlight in ids else 0
        listing.focus()
        self.refresh_bindings()

    def _moments(self) -> list[RealMoment]:
        return list_real_moments(self.app.store)  # type: ignore[attr-defined]

    @property
    def highlighted_id(self) -> str | None:
        listing = self.query_one("#moment-list", OptionList)
        if listing.highlighted is None:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    @on(OptionList.OptionSelected, "#moment-list")
    def _option_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.show_form(event.option.id)

    # The form ------------------------------------------------------------------------------
    def show_form(self, moment_id: str) -> None:
        """Open the form for a new moment (NEW_ID) or a logged one, any draft restored."""
        store = self.app.store  # type: ignore[attr-defined]
        values = {"when": today_for(self.app).isoformat(), **dict.fromkeys(MOMENT_FIELDS, "")}
        if moment_id != NEW_ID:
            try:
                moment = get_real_moment(store, moment_id)
            except KeyError:
                self.show_list()
                return
            values["when"] = moment.when.isoformat()
            values.update({name: getattr(moment, name) for name in MOMENT_FIELDS})
        values.update(load_draft(store, _draft_key(moment_id)))
        self.editing = moment_id
        self.set_class(True, "-form")
        partner = partner_label(self.app.settings)  # type: ignore[attr-defined]
        self.query_one("#moment-when", Input).value = values["when"]
        self._show_error("")
        for name in MOMENT_FIELDS:
            label = FIELD_LABELS[name].replace("{partner}", partner)
            self.query_one(f"#label-{name}", Label).update(Text(label))
            self.query_one(f"#moment-{name}", TextArea).load_text(values.get(name, ""))
        self.query_one("#moment-form", VerticalScroll).scroll_home(animate=False)
        first = "#moment-they_said" if moment_id == NEW_ID else "#moment-when"
        self.query_one(first).focus()
        self.refresh_bindings()

    def form_values(self) -> dict[str, str]:
        values = {"when": self.query_one("#moment-when", Input).value}
        for name in MOMENT_FIELDS:
            values[name] = self.query_one(f"#moment-{name}", TextArea).text
        return values

    def _save(self) -> RealMoment:
        """Save the form as a moment; CoachError says what to fix."""
        values = self.form_values()
        moment = log_real_moment(
            self.app.store,  # type: ignore[attr-defined]
            when=values["when"],
            **{name: values[name] for name in MOMENT_FIELDS},
            now=self.app.clock.now(),  # type: ignore[attr-defined]
            moment_id=None if self.editing == NEW_ID else self.editing,
        )
        self._cancel_draft_timer()
        clear_draft(self.app.store, _draft_key(self.editing or NEW_ID))  # type: ignore[attr-defined]
        return moment

    def _show_error(self, message: str) -> None:
        error = self.query_one("#moment-error", Static)
        error.update(message)
        error.display = bool(message)

    # Actions -------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_form = self.editing is not None
        if action == "save":
            return in_form
        if action in ("open_highlighted", "new", "make_scenario"):
            return not in_form
        return True

    def action_open_highlighted(self) -> None:
        moment_id = self.highlighted_id
        if moment_id is not None:
            self.show_form(moment_id)

    def action_new(self) -> None:
        self.show_form(NEW_ID)

    def action_save(self) -> None:
        try:
            moment = self._save()
        except CoachError as problem:
            self.flush_drafts()
            self._show_error(problem.message)
            return
        self.app.notify("Saved.", timeout=3)
        self.show_list(highlight=moment.id)

    def action_back(self) -> None:
        if self.editing is None:
            self.post_message(self.Back())
            return
        if not any(value.strip() for name, value in self.form_values().items() if name != "when"):
            clear_draft(self.app.store, _draft_key(self.editing))  # type: ignore[attr-defined]
            self.show_list()
            return
        try:
            moment = self._save()
        except CoachError as problem:
            self.flush_drafts()
            self.app.notify(
                f"Kept as a draft, not saved yet: {problem.message}", timeout=8, markup=False
            )
            self.show_list()
            return
        self.show_list(highlight=moment.id)

    def action_make_scenario(self) -> None:
        moment_id = self.highlighted_id
        if moment_id is None or moment_id == NEW_ID:
            self.app.notify("Highlight a moment you have logged first.", timeout=4)
            return
        try:
            scenario = moment_to_scenario(self.app.store, moment_id)  # type: ignore[attr-defined]
        except CoachError as problem:
            self.app.notify(problem.message, timeout=8, markup=False)
            return
        self.post_message(self.ScenarioMade(scenario.id, scenario.title))

    # Drafts --------------------------------------------------------------------------------
    @on(Input.Changed, "#moment-when")
    @on(TextArea.Changed)
    def _form_changed(self, event: Message) -> None:
        event.stop()
        if self.editing is None:
            return
        self._cancel_draft_timer()
        self._draft_timer = self.set_timer(DRAFT_SAVE_DELAY, self.flush_drafts)

    def _cancel_draft_timer(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None

    def flush_drafts(self) -> None:
        """Write what the form holds now, as a draft (on a pause, on leaving, on quit)."""
        self._cancel_draft_timer()
        if self.editing is None:
            return
        store = self.app.store  # type: ignore[attr-defined]
        values = self.form_values()
        if not any(values[name].strip() for name in MOMENT_FIELDS):
            # A date alone is not worth keeping, and would leave a "continue" entry behind.
            clear_draft(store, _draft_key(self.editing))
            return
        save_draft(store, _draft_key(self.editing), values)


def _draft_key(moment_id: str) -> str:
    return f"moment:{moment_id}"


def _moment_label(moment: RealMoment) -> Text:
    first = next((line for line in moment.they_said.splitlines() if line.strip()), "")
    label = Text(f"{moment.when.isoformat()}  ")
    label.append(first if len(first) <= 50 else first[:49].rstrip() + "\u2026")
    if moment.scenario_id:
        label.append("  practising", style="italic dim")
    return label
