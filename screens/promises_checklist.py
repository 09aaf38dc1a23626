"""One day's due promises, with a cursor and the keys to keep or break them.

Today shows it for today, and the Promises screen for the day selected in the calendar.
Every change goes through `coach.promises`, which refuses days that have not come yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from coach import promises as core
from coach.dates import program_today
from coach.errors import CoachError
from coach.textsafe import display_safe

STATUS_MARKS = {"kept": "✓", "broken": "✗", None: " "}
STATUS_WORDS = {"kept": "kept", "broken": "broken", None: "not yet"}


@dataclass(frozen=True)
class Row:
    """One due promise and what was logged for it on the day, if anything."""

    promise: core.Promise
    entry: core.Check | None

    @property
    def status(self) -> str | None:
        """ "kept", "broken", or None while not yet marked (a note alone is no mark)."""
        status = self.entry.status if self.entry is not None else None
        return status if status in ("kept", "broken") else None

    @property
    def note(self) -> str:
        return self.entry.note if self.entry is not None else ""


def entry_for(entries: list[core.Check], promise_id: str) -> core.Check | None:
    """The entry for a promise among a day's entries, if there is one."""
    return next((entry for entry in entries if entry.promise_id == promise_id), None)


class DayChecklist(Widget, can_focus=True):
    """A day's due promises with their state. Posts `Changed` after every change."""

    DEFAULT_CSS = """
    DayChecklist { height: auto; min-height: 3; padding: 0 1; }
    DayChecklist:focus { background: $boost; }
    DayChecklist > .checklist--cursor { text-style: reverse; }
    DayChecklist > .checklist--kept { color: $success; text-style: bold; }
    DayChecklist > .checklist--broken { color: $error; text-style: bold; }
    DayChecklist > .checklist--open { color: $text; }
    DayChecklist > .checklist--muted { color: $text-muted; }
    DayChecklist > .checklist--late { color: $warning; }
    DayChecklist > .checklist--error { color: $error; }
    """

    COMPONENT_CLASSES = {
        "checklist--cursor",
        "checklist--kept",
        "checklist--broken",
        "checklist--open",
        "checklist--muted",
        "checklist--late",
        "checklist--error",
    }

    BINDINGS = [
        Binding(
            "up,k",
            "cursor(-1)",
            "Up",
            show=False,
            id="checklist.up",
            tooltip="Move to the promise above",
        ),
        Binding(
            "down,j",
            "cursor(1)",
            "Down",
            show=False,
            id="checklist.down",
            tooltip="Move to the promise below",
        ),
        Binding(
            "space",
            "toggle_kept",
            "Kept",
            id="checklist.kept",
            tooltip="Mark the promise kept; again to take the mark back",
        ),
        Binding(
            "b",
            "broken",
            "Broken",
            id="checklist.broken",
            tooltip="Mark the promise broken, with an honest note",
            # Priority, so it acts before the keys typed right after it are handed on:
            # they are for the field it opens, not for what had focus before.
            priority=True,
        ),
        Binding(
            "n",
            "note",
            "Note",
            id="checklist.note",
            tooltip="Write a note on this promise for the day",
            priority=True,
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            id="checklist.undo",
            tooltip="Undo the last mark or note, and say what was undone",
        ),
    ]

    class Changed(Message):
        """A promise was marked, a note written, or something undone."""

        def __init__(self, checklist: DayChecklist, day: date) -> None:
            super().__init__()
            self.checklist = checklist
            self.day = day

        @property
        def control(self) -> DayChecklist:
            return self.checklist

    def __init__(
        self,
        day: date,
        *,
        show_notes: bool = True,
        empty_text: str = "Nothing is due on this day.",
        id: str | None = None,  # noqa: A002 - Textual's own keyword
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.day = day
        self.show_notes = show_notes
        self.empty_text = empty_text
        self.rows: list[Row] = []
        self.cursor = 0
        self.message_line: tuple[str, str] | None = None
        self.title: Text | None = None  # drawn above the promises, in the same Text
        self._drawn_lines = 0

    @property
    def store(self) -> Any:
        return self.app.store  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.load()

    # Data ----------------------------------------------------------------------------------
    def load(self, day: date | None = None) -> None:
        """Read the day's due promises and entries again (or another day's)."""
        if day is not None and day != self.day:
            self.day = day
            self.cursor = 0
            self.message_line = None
        entries = core.day_entries(self.store, self.day)
        self.rows = [
            Row(promise, entry_for(entries, promise.id))
            for promise in core.due_promises(self.store, self.day)
        ]
        self.cursor = max(0, min(self.cursor, len(self.rows) - 1))
        self._redraw()

    @property
    def current(self) -> Row | None:
        return self.rows[self.cursor] if self.rows else None

    def say(self, message: str, kind: str = "muted") -> None:
        self.message_line = (message, kind)
        self._redraw()

    def _redraw(self) -> None:
        # A new layout of the screen costs more than drawing this widget, so it is asked
        # for only when the number of lines changes (moving in the calendar, mostly not).
        width = self.content_size.width
        if not width:
            self.refresh(layout=True)
            return
        lines = len(self.render().wrap(self.app.console, width))
        self.refresh(layout=lines != self._drawn_lines)
        self._drawn_lines = lines

    def _changed(self, message: str | None = None) -> None:
        self.load()
        if message:
            self.say(message)
        self.post_message(self.Changed(self, self.day))

    def _now(self) -> Any:
        return self.app.clock.now()  # type: ignore[attr-defined]

    # Actions -------------------------------------------------------------------------------
    def action_cursor(self, step: int) -> None:
        if self.rows:
            self.cursor = (self.cursor + step) % len(self.rows)
            self.refresh()

    def action_toggle_kept(self) -> None:
        row = self.current
        if row is None:
            return
        try:
            if row.status == "kept":
                core.uncheck(self.store, row.promise.id, self.day, now=self._now())
                self._changed("Mark taken back: not yet kept.")
            else:
                core.check(
                    self.store, row.promise.id, self.day, "kept", note=row.note, now=self._now()
                )
                self._changed("Kept. Another brick.")
        except CoachError as error:
            self.say(error.message, "error")

    def action_broken(self) -> None:
        row = self.current
        if row is None:
            return
        if self.day > program_today(self._now(), self.app.settings.day_end_hour):  # type: ignore[attr-defined]
            # Asked of the core before any note is written, so its refusal is the one
            # shown. Without a note it cannot save anything: a broken mark needs one.
            try:
                core.check(self.store, row.promise.id, self.day, "broken", now=self._now())
            except CoachError as error:
                self.say(error.message, "error")
                return
        # The dialogs need TextArea, which Today's first frame would otherwise wait for.
        from coach.screens.promises_notes import BrokenNoteDialog

        dialog = BrokenNoteDialog(
            self.store,
            row.promise.id,
            row.promise.text,
            self.day,
            row.note if row.status == "broken" else "",
        )

        def done(note: str | None) -> None:
            if note is None:
                return
            try:
                core.check(
                    self.store, row.promise.id, self.day, "broken", note=note, now=self._now()
                )
            except CoachError as error:
                self.say(error.message, "error")
                return
            dialog.saved()
            self._changed("Marked broken, with your note. Tomorrow is another brick.")

        self.app.push_screen(dialog, done)

    def action_note(self) -> None:
        row = self.current
        if row is None:
            return
        from coach.screens.promises_notes import NoteDialog

        dialog = NoteDialog(self.store, row.promise.id, row.promise.text, self.day, row.note)

        def done(note: str | None) -> None:
            if note is None:
                return
            try:
                core.set_note(self.store, row.promise.id, self.day, note, now=self._now())
            except CoachError as error:
                self.say(error.message, "error")
                return
            dialog.saved()
            self._changed("Note saved.")

        self.app.push_screen(dialog, done)

    def action_undo(self) -> None:
        try:
            undone = core.undo_last(self.store)
        except CoachError as error:
            self.say(error.message, "error")
            return
        if undone is None:
            self.say("Nothing to undo.")
            return
        self._changed(undone)

    # Drawing -------------------------------------------------------------------------------
    def _style(self, name: str) -> Any:
        return self.get_component_rich_style(f"checklist--{name}")

    def render(self) -> Text:
        text = Text()
        if self.title is not None:
            text.append_text(self.title)
            text.append("\n\n")
        if not self.rows:
            text.append(self.empty_text, style=self._style("muted"))
        # The mark and state first, in a column of their own; the words after them, so a
        # long promise in a narrow window wraps without pushing the state off its line.
        # Times pad to one column when the window is wide enough for them to line up.
        room = (self.content_size.width or 80) - 4 - 9 - 7
        longest = max((len(row.promise.text) for row in self.rows), default=0)
        width = min(48, longest) if longest <= room else 0
        for index, row in enumerate(self.rows):
            if index:
                text.append("\n")
            kind = {"kept": "kept", "broken": "broken"}.get(row.status or "", "open")
            line = Text()
            line.append(f"[{STATUS_MARKS[row.status]}] ", style=self._style(kind))
            line.append(f"{STATUS_WORDS[row.status]:<9}", style=self._style(kind))
            line.append(display_safe(row.promise.text).ljust(width))
            if row.promise.at:
                line.append(f"  {row.promise.at}", style=self._style("muted"))
            if self.is_late(row):
                line.append("  logged late", style=self._style("late"))
            if index == self.cursor and self.has_focus:
                line.stylize(self._style("cursor"))
            text.append_text(line)
            if self.show_notes and row.note:
                for note_line in display_safe(row.note).splitlines():
                    text.append(f"\n    {note_line}", style=self._style("muted"))
        if self.message_line:
            message, kind = self.message_line
            text.append("\n\n")
            text.append(message, style=self._style(kind))
        return text

    def is_late(self, row: Row) -> bool:
        """Marked more than a day after the day it is for (the core decides and keeps it)."""
        return row.status is not None and row.entry is not None and row.entry.late

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
