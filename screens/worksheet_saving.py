"""Saving a worksheet as it is typed, so that no word is ever lost.

Each edit restarts a short timer (0.5 s); a steady typist who never pauses is saved at
least once a second. Leaving the worksheet, switching section, quitting, SIGTERM/SIGHUP
and a crash all flush at once (the app calls `flush_drafts`). A failed save leaves the
words on screen, says why, and is tried again on the next keystroke or with ctrl+s.
"""

from __future__ import annotations

import time
from datetime import datetime

from rich.text import Text
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Static

from coach.errors import CoachError
from coach.screens.base import SectionScreen
from coach.screens.worksheet_checks import run_check, warm_up
from coach.screens.worksheet_fields import FieldBox
from coach.store import Store
from coach.worksheets import checkpoint, clean_answer, save_answers

SAVE_DEBOUNCE = 0.5
"""Seconds after the last keystroke before a save."""
SAVE_MAX_WAIT = 1.0
"""Seconds an edit may wait for a save however fast the typing."""
CHECK_DEBOUNCE = 0.15
"""Seconds after the last keystroke before the live checks run again."""


class DraftScreen(SectionScreen):
    """A screen of field boxes for worksheet `ws_id`, saved as the user types."""

    BINDINGS = [
        # As priority bindings, tab and shift+tab move the focus before the next key is
        # handed on; otherwise a fast "words<tab>more words" lands all in the first field.
        Binding(
            "tab",
            "app.focus_next",
            "Next",
            show=False,
            priority=True,
            id="worksheet.next",
            tooltip="Go to the next answer",
        ),
        Binding(
            "shift+tab",
            "app.focus_previous",
            "Previous",
            show=False,
            priority=True,
            id="worksheet.previous",
            tooltip="Go to the previous answer",
        ),
    ]

    def __init__(self, ws_id: str) -> None:
        super().__init__()
        self.ws_id = ws_id
        self.typed_ahead = ""  # typed before the screen was up; the form puts it in place
        self._dirty = False
        self._first_unsaved: float | None = None
        self._save_timer: Timer | None = None
        self._check_timer: Timer | None = None
        self._pending_checks: set[FieldBox] = set()
        self._changed_since_revision = False
        self._left = False
        self._savebar_text = ""
        self.last_save_seconds = 0.0

    @property
    def store(self) -> Store:
        return self.app.store  # type: ignore[attr-defined]

    def now(self) -> datetime:
        return self.app.clock.now()  # type: ignore[attr-defined]

    @property
    def settled(self) -> bool:
        """Nothing unsaved and no live check waiting to run (tests and snapshots wait for it)."""
        return not self._dirty and self._check_timer is None and not self._pending_checks

    def field_boxes(self) -> list[FieldBox]:
        return list(self.query(FieldBox).results(FieldBox))

    def on_mount(self) -> None:
        # Textual calls every class's own `on_mount` (this one, then SectionScreen's), so
        # subclasses extend `mounted` instead: a super() call here would run the base twice.
        self.app.register_draft_holder(self)  # type: ignore[attr-defined]
        partner = self.settings.partner_name or None
        self.run_worker(lambda: warm_up(partner), thread=True, exit_on_error=False, group="warm-up")
        self.mounted()
        self._pending_checks.update(box for box in self.field_boxes() if self.wants_check(box))
        self._run_checks()

    def mounted(self) -> None:
        """Hook run once the screen is mounted; extend it with super()."""

    # Edits -------------------------------------------------------------------------------
    def on_field_box_edited(self, event: FieldBox.Edited) -> None:
        event.stop()
        self.note_edit()
        if self.wants_check(event.box):
            self._pending_checks.add(event.box)
            if self._check_timer is not None:
                self._check_timer.stop()
            self._check_timer = self.set_timer(CHECK_DEBOUNCE, self._run_checks)
        self.after_edit(event.box)

    def wants_check(self, box: FieldBox) -> bool:
        """Whether a box shows its live check (the apology builder reviews its draft itself)."""
        return bool(box.field.check)

    def after_edit(self, box: FieldBox) -> None:
        """Hook for screens that react to typing (the apology review)."""

    def note_edit(self) -> None:
        """Something changed: save soon."""
        now = time.monotonic()
        self._dirty = True
        if self._first_unsaved is None:
            self._first_unsaved = now
        delay = min(SAVE_DEBOUNCE, SAVE_MAX_WAIT - (now - self._first_unsaved))
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if delay <= 0.01:
            # The oldest unsaved keystroke has waited long enough (and Textual refuses a
            # timer of zero seconds): save now.
            self._autosave()
            return
        self._save_timer = self.set_timer(delay, self._autosave)

    def _autosave(self) -> None:
        self._save_timer = None
        if self._dirty and not self._left:
            self.save_now()

    def _run_checks(self) -> None:
        self._check_timer = None
        pending, self._pending_checks = self._pending_checks, set()
        for box in pending:
            if box.is_attached:
                settings = self.settings
                partner = settings.partner_name or None
                found = run_check(box.field.check, str(box.value()), partner, settings.pronouns)
                box.show_check(found)

    # Saving ------------------------------------------------------------------------------
    def save_now(self) -> bool:
        """Save every answer that can be saved; True when all of them were."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        started = time.perf_counter()
        answers: dict[str, object] = {}
        problems = 0
        for box in self.field_boxes():
            try:
                answers[box.field.id] = clean_answer(box.field, box.value())
            except CoachError as error:
                # The store keeps its last good value for this field; the words typed stay
                # on screen with the reason beside them.
                problems += 1
                box.show_error(error.message)
            else:
                box.show_error(None)
        try:
            changed = save_answers(self.store, self.ws_id, answers, self.now())
        except (CoachError, OSError) as error:
            message = error.message if isinstance(error, CoachError) else str(error)
            self.show_savebar(
                f"Not saved: {message} Your words are still here. Keep typing, or press "
                "ctrl+s to try again.",
                error=True,
            )
            return False
        self.last_save_seconds = time.perf_counter() - started
        self._dirty = False
        self._first_unsaved = None
        self._changed_since_revision = self._changed_since_revision or changed
        if problems:
            self.show_savebar(
                "Saved, except "
                + ("one answer" if problems == 1 else f"{problems} answers")
                + " marked in red: fix it and it is saved too.",
                error=True,
            )
        else:
            self.show_savebar(f"Saved at {self.now():%H:%M}. Everything you type is kept.")
        self.after_save(changed)
        return problems == 0

    def after_save(self, changed: bool) -> None:
        """Hook for screens that show the saved state."""

    def show_savebar(self, message: str, *, error: bool = False) -> None:
        if message == self._savebar_text:
            return
        self._savebar_text = message
        for bar in self.query("#ws-savebar").results(Static):
            bar.update(Text(message))
            bar.set_class(error, "-error")

    def keep_revision(self, reason: str) -> None:
        """Save, then keep the current answers as a revision (before a risky change)."""
        self.save_now()
        try:
            checkpoint(self.store, self.ws_id, self.now(), reason)
        except CoachError:
            pass  # the answers themselves are saved; a missing revision is no loss
        self._changed_since_revision = False

    def _take_revision_if_changed(self) -> None:
        if self._changed_since_revision:
            self.keep_revision("left")

    def flush_drafts(self) -> None:
        """Save whatever is unsaved now (quit, signals, crash, leaving)."""
        if self._left or not self.is_attached:
            return
        if self._dirty:
            self.save_now()
        self._take_revision_if_changed()

    def on_screen_suspend(self) -> None:
        # A dialog on top is not leaving; another section or the overview is.
        if self._dirty:
            self.save_now()
        if not isinstance(self.app.screen, ModalScreen):
            self._take_revision_if_changed()

    def open_worksheet(self, ws_id: str) -> object:
        """Open another worksheet in place of this one (the Guide may call this)."""
        from coach.screens.worksheets import open_worksheet

        return open_worksheet(self.app, ws_id)

    def leave(self) -> bool:
        """Save and close; a worksheet whose save failed stays open with its words."""
        if self._dirty and not self.save_now() and self._dirty:
            self.notify(
                "This worksheet could not be saved, so it stays open. Your words are safe on "
                "screen; see the message at the bottom.",
                severity="error",
                timeout=8,
            )
            return False
        self._take_revision_if_changed()
        self._left = True
        return True
