"""Dialogs for the words about a promise on a day: the honest note when one is broken,
and a plain note. Neither loses what was typed: closing one with text in it keeps the text
as a draft, and the app keeps it too if it quits while the dialog is open."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from coach.screens.promises_drafts import drop_draft, load_draft, save_draft
from coach.screens.type_ahead import TypingReachesTheField
from coach.store import Store
from coach.textsafe import display_safe

HAPPENED = "What happened: "
WILL_DO = "What I will do: "

NOTE_DIALOG_CSS = """
NoteDialogBase TextArea { height: 4; background: $boost; }
NoteDialogBase TextArea:focus { background: $boost-lighten-1; }
NoteDialogBase .note-error { color: $error; height: auto; }
NoteDialogBase Label { color: $text-muted; margin-top: 1; }
"""


def broken_note(happened: str, will_do: str) -> str:
    """The note kept with a broken promise: both parts, each labelled."""
    return f"{HAPPENED}{happened.strip()}\n{WILL_DO}{will_do.strip()}"


def split_broken_note(note: str) -> tuple[str, str]:
    """The two parts of a note written by `broken_note`; any other note is all "happened"."""
    if note.startswith(HAPPENED) and f"\n{WILL_DO}" in note:
        happened, will_do = note[len(HAPPENED) :].split(f"\n{WILL_DO}", 1)
        return happened, will_do
    return note, ""


class NoteDialogBase(TypingReachesTheField, ModalScreen[str | None]):
    """Shared behaviour: a title, some text areas, save with ctrl+s, close keeps a draft."""

    DEFAULT_CSS = NOTE_DIALOG_CSS
    KIND = ""
    FIELDS: tuple[tuple[str, str], ...] = ()

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note.save", tooltip="Save this note", priority=True),
        Binding(
            "escape",
            "close",
            "Close",
            id="note.close",
            tooltip="Close; anything typed is kept as a draft for next time",
        ),
    ]

    def __init__(
        self, store: Store, promise_id: str, promise_text: str, day: date, initial: str = ""
    ) -> None:
        super().__init__()
        self.store = store
        self.promise_id = promise_id
        self.promise_text = promise_text
        self.day = day
        self.initial = self.split(initial)
        self.restored = False
        draft = load_draft(store, self.KIND, promise_id, day)
        if draft:
            self.initial = {name: draft.get(name, "") for name, _ in self.FIELDS}
            self.restored = True
        self.finished = False

    def split(self, note: str) -> dict[str, str]:
        return {self.FIELDS[0][0]: note}

    def title_text(self) -> str:
        return ""

    def compose(self) -> ComposeResult:
        # Scrolls, so Save stays reachable in a small terminal.
        with VerticalScroll(classes="dialog"):
            yield Static(self.title_text(), classes="dialog-title", markup=False)
            yield Static(display_safe(self.promise_text), markup=False)
            if self.restored:
                yield Static(
                    "Your unfinished words from before are back.",
                    classes="dialog-hint",
                    markup=False,
                )
            for name, label in self.FIELDS:
                yield Label(label)
                yield TextArea(
                    self.initial.get(name, ""),
                    id=name,
                    soft_wrap=True,
                    compact=True,
                    highlight_cursor_line=False,
                    placeholder="a line or two is enough",
                )
            error = Static("", classes="note-error", markup=False)
            error.display = False  # until there is something to say
            yield error
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Close (esc)", id="close")

    def on_mount(self) -> None:
        self.app.register_draft_holder(self)  # type: ignore[attr-defined]
        area = self.query_one(f"#{self.FIELDS[0][0]}", TextArea)
        self.set_focus(area)  # at once: words typed right after the key belong here
        area.move_cursor(area.document.end)

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#{name}", TextArea).text for name, _ in self.FIELDS}

    def problem(self, values: dict[str, str]) -> str | None:
        return None

    def note_from(self, values: dict[str, str]) -> str:
        return values[self.FIELDS[0][0]].strip()

    def flush_drafts(self) -> None:
        """Called by the app before it exits: keep whatever is typed."""
        if not self.finished and self.is_attached:
            save_draft(self.store, self.KIND, self.promise_id, self.day, self.values())

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        values = self.values()
        problem = self.problem(values)
        if problem:
            error = self.query_one(".note-error", Static)
            error.update(problem)
            error.display = True
            return
        # The draft stays until the caller has saved the note: see `saved`.
        self.finished = True
        self.dismiss(self.note_from(values))

    def saved(self) -> None:
        """The caller stored the note; the draft is no longer needed."""
        drop_draft(self.store, self.KIND, self.promise_id, self.day)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        values = self.values()
        if any(value.strip() for value in values.values()) and values != self.initial_values():
            save_draft(self.store, self.KIND, self.promise_id, self.day, values)
            self.app.notify("Kept as a draft. Open this note again to finish it.", title="Not lost")
        self.finished = True
        self.dismiss(None)

    def initial_values(self) -> dict[str, str]:
        return {name: self.initial.get(name, "") for name, _ in self.FIELDS}


class BrokenNoteDialog(NoteDialogBase):
    """A broken promise needs an honest note: what happened, and what I will do."""

    KIND = "broken"
    FIELDS = (("happened", "What happened"), ("will-do", "What I will do about it"))

    def split(self, note: str) -> dict[str, str]:
        happened, will_do = split_broken_note(note)
        return {"happened": happened, "will-do": will_do}

    def title_text(self) -> str:
        return f"Broken on {self.day.strftime('%A %d %B')}: an honest note"

    def problem(self, values: dict[str, str]) -> str | None:
        parts = {"happened": "what happened", "will-do": "what you will do about it"}
        missing = [words for name, words in parts.items() if not values[name].strip()]
        if not missing:
            return None
        return (
            f"Write {' and '.join(missing)}, even one line. Nothing is saved until both "
            "parts are there; closing keeps your words as a draft."
        )

    def note_from(self, values: dict[str, str]) -> str:
        return broken_note(values["happened"], values["will-do"])


class NoteDialog(NoteDialogBase):
    """A plain note on a promise for a day."""

    KIND = "note"
    FIELDS = (("note", "Note"),)

    def title_text(self) -> str:
        return f"Note for {self.day.strftime('%A %d %B')}"
