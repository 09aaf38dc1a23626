"""The apology builder: a field for each of the six parts and the whole draft, with the
review beside it following every keystroke (~150 ms after the last one).

The review reads the draft; while the draft is empty it reads the six parts joined, so
the user sees the ingredients tick as they fill them in. ctrl+b joins the parts into the
draft (asking before it replaces anything).
"""

from __future__ import annotations

import time
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import Static

from coach.partner import PRONOUN_SETS
from coach.screens.dialogs import ConfirmDialog
from coach.screens.worksheet_apology_review import INGREDIENTS, ApologyReviewPanel
from coach.screens.worksheet_fields import FieldBox, TextBox
from coach.screens.worksheet_form import WorksheetFormScreen

REVIEW_DEBOUNCE = 0.15
"""Seconds after the last keystroke before the review runs (it takes well under 5 ms)."""
DRAFT_FIELD = "draft"


def _review_engine() -> Any | None:
    try:
        from coach.reviews.apology import review_apology
    except ImportError:
        return None
    return review_apology


class ApologyBuilderScreen(WorksheetFormScreen):
    """The `apology` worksheet, laid out with its review."""

    BINDINGS = [
        Binding(
            "ctrl+b",
            "assemble",
            "Build draft",
            id="worksheet.assemble",
            priority=True,
            tooltip="Join the six parts into the draft (asks before replacing it)",
        ),
    ]

    def __init__(self, ws_id: str = "apology") -> None:
        super().__init__(ws_id)
        self._review_timer: Timer | None = None
        self.last_review_seconds = 0.0

    def compose_body(self) -> ComposeResult:
        pronouns = PRONOUN_SETS.get(self.settings.pronouns, PRONOUN_SETS["she/her"])
        with Horizontal(id="ws-columns"):
            with VerticalScroll(id="ws-scroll", classes="ws-column"):
                yield from self.compose_heading()
                yield from self.compose_fields(self.raw.fields)
                yield Static(
                    "ctrl+b joins the six parts above into the draft.",
                    classes="ws-list-keys",
                    markup=False,
                )
            yield ApologyReviewPanel(them=pronouns["them"])
        yield Static("", id="ws-savebar", markup=False)

    def mounted(self) -> None:
        super().mounted()
        self.refresh_review()

    # The review --------------------------------------------------------------------------
    def after_edit(self, box: FieldBox) -> None:
        if self._review_timer is not None:
            self._review_timer.stop()
        self._review_timer = self.set_timer(REVIEW_DEBOUNCE, self.refresh_review)

    @property
    def settled(self) -> bool:
        return super().settled and self._review_timer is None

    def wants_check(self, box: FieldBox) -> bool:
        # The review beside the draft marks its phrases already; the parts keep their checks.
        return box.field.id != DRAFT_FIELD and super().wants_check(box)

    def _box(self, field_id: str) -> TextBox:
        return self.query_one(f"#field-{field_id}", TextBox)

    def assembled(self) -> str:
        """The six parts, in order, joined into paragraphs."""
        parts = (self._box(name).value().strip() for name in INGREDIENTS)
        return "\n\n".join(part for part in parts if part)

    def refresh_review(self) -> None:
        self._review_timer = None
        draft = self._box(DRAFT_FIELD).value()
        from_draft = bool(draft.strip())
        text = draft if from_draft else self.assembled()
        engine = _review_engine()
        started = time.perf_counter()
        try:
            settings = self.settings
            name = settings.partner_name or None
            review = engine(text, name, settings.pronouns) if engine else None
        except Exception:  # noqa: BLE001 - a failing review must not close the worksheet
            review = None
        self.query_one(ApologyReviewPanel).show(review, text, from_draft)
        self.last_review_seconds = time.perf_counter() - started

    # Building the draft ------------------------------------------------------------------
    def action_assemble(self) -> None:
        joined = self.assembled()
        if not joined:
            self.notify("Write at least one of the six parts first.", severity="warning")
            return
        draft = self._box(DRAFT_FIELD)
        current = draft.value()
        if not current.strip() or current.strip() == joined:
            self._fill_draft(joined)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.keep_revision("before building the draft")
                self._fill_draft(joined)

        self.app.push_screen(
            ConfirmDialog(
                "Replace your draft with the six parts joined together? The draft you have "
                "now is kept as a version (ctrl+r), so you can bring it back.",
                yes="Replace",
                no="Keep my draft",
            ),
            answered,
        )

    def _fill_draft(self, text: str) -> None:
        box = self._box(DRAFT_FIELD)
        box.set_text(text)
        self.focus_box(box)
        self.notify("The draft now holds the parts you wrote. Make it sound like you.", timeout=4)
