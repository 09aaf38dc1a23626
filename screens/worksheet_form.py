"""One worksheet, whatever its questions: prompts and hints filled with the partner's name,
an editor per question, live checks, and keys to save, complete, restore and export.

Saving as you type lives in `DraftScreen` (worksheet_saving.py); this module lays the
worksheet out and handles its keys.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from coach.errors import CoachError
from coach.fileio import atomic_write_bytes
from coach.screens.dialogs import NoticeDialog
from coach.screens.type_ahead import TypingReachesTheField, type_into
from coach.screens.worksheet_dialogs import CadenceDialog, RevisionsDialog
from coach.screens.worksheet_fields import FieldBox, field_box
from coach.screens.worksheet_list_field import ListBox
from coach.screens.worksheet_saving import DraftScreen
from coach.worksheet_defs import WorksheetDef, worksheet_def
from coach.worksheets import (
    COMPLETE,
    list_revisions,
    load_answers,
    mark_complete,
    restore_revision,
    worksheet_markdown,
    worksheet_state,
)

PROMISE_WORKSHEET = "transparency-plan"


class WorksheetFormScreen(TypingReachesTheField, DraftScreen):
    """A worksheet to fill in; escape goes back to the list of worksheets."""

    SECTION_TITLE = "Worksheets"
    CSS_PATH = "worksheets.tcss"
    # No auto focus: it scrolls to the focused widget before the layout is known, hiding the
    # title and intro. `focus_first_answer` focuses the first answer without scrolling.
    AUTO_FOCUS = None
    BINDINGS = [
        # ctrl+d and ctrl+e are editing keys inside text fields (delete, end of line); the
        # worksheet's meaning wins so the keys work wherever the cursor is.
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="worksheet.save",
            priority=True,
            tooltip="Save now (everything is also saved as you type)",
        ),
        Binding(
            "ctrl+d",
            "toggle_complete",
            "Done",
            id="worksheet.complete",
            priority=True,
            tooltip="Mark this worksheet complete, or not complete",
        ),
        Binding(
            "ctrl+r",
            "revisions",
            "Versions",
            id="worksheet.revisions",
            priority=True,
            tooltip="See earlier versions of this worksheet and restore one",
        ),
        Binding(
            "ctrl+e",
            "export",
            "Export",
            id="worksheet.export",
            priority=True,
            tooltip="Save this worksheet as a Markdown file in your data folder",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            id="worksheet.back",
            tooltip="Back to the list of worksheets (your words are saved)",
        ),
    ]

    def __init__(self, ws_id: str) -> None:
        super().__init__(ws_id)
        self.raw: WorksheetDef = worksheet_def(ws_id)

    @property
    def shown(self) -> WorksheetDef:
        return self.raw.filled(self.settings.partner)

    # Layout ------------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="ws-scroll", classes="ws-column"):
            yield from self.compose_heading()
            yield from self.compose_fields(self.raw.fields)
        yield Static("", id="ws-savebar", markup=False)

    def compose_heading(self) -> ComposeResult:
        shown = self.shown
        yield Static(shown.title, id="ws-title", markup=False)
        yield Static(self.state_line(), id="ws-state", markup=False)
        yield Static(shown.intro, id="ws-intro", markup=False)

    def compose_fields(self, fields: tuple) -> ComposeResult:
        answers = load_answers(self.store, self.ws_id)
        shown = {field.id: field for field in self.shown.fields}
        for field in fields:
            yield field_box(
                field,
                shown[field.id],
                answers.get(field.id),
                promise_rows=self.ws_id == PROMISE_WORKSHEET,
            )

    def state_line(self) -> Text:
        state = worksheet_state(self.store, self.ws_id)
        line = Text(f"Phase {self.raw.phase} · {state.label}")
        if state.status == COMPLETE:
            line.append(" · ctrl+d to reopen it", style="dim")
        else:
            line.append(" · ctrl+d when it is done", style="dim")
        return line

    def mounted(self) -> None:
        super().mounted()
        # SectionScreen's own on_mount, which runs after this, shows SECTION_TITLE.
        self.SECTION_TITLE = f"Worksheets · {self.shown.title}"
        self.focus_first_answer()
        typed, self.typed_ahead = self.typed_ahead, ""
        for character in typed:
            self.type_early(character)

    def type_early(self, character: str) -> bool:
        """Type `character` where the cursor is, if that is a text answer; whether it was.

        For words typed as the worksheet opens: the list of worksheets passes on what was
        typed just after enter, and `TypingReachesTheField` what reached this screen.
        """
        return type_into(self.focused, character)

    def focus_first_answer(self) -> None:
        """Put the cursor in the first answer unless it is somewhere already.

        At once (`Widget.focus` waits a turn): keys typed as the worksheet appears must
        land in its first answer.
        """
        boxes = self.field_boxes()
        if boxes and (self.focused is None or self.focused.id in ("ws-scroll", "ap-review")):
            self.set_focus(boxes[0].editor(), scroll_visible=False)

    def after_save(self, changed: bool) -> None:
        if changed:
            self.query_one("#ws-state", Static).update(self.state_line())

    # Keys --------------------------------------------------------------------------------
    def action_save(self) -> None:
        if self.save_now():
            self.notify("Saved.", timeout=2)

    def action_back(self) -> None:
        if self.leave():
            self.dismiss()

    def action_toggle_complete(self) -> None:
        self.save_now()
        complete = worksheet_state(self.store, self.ws_id).status != COMPLETE
        try:
            mark_complete(self.store, self.ws_id, self.now(), complete)
        except CoachError as error:
            self.show_savebar(f"Not marked: {error.message}", error=True)
            return
        self.query_one("#ws-state", Static).update(self.state_line())
        self.notify(
            "Marked complete. You can come back and change it whenever you like."
            if complete
            else "Marked as not complete yet.",
            timeout=4,
        )

    def action_revisions(self) -> None:
        # Saved, not kept as a version: a restore keeps what is here now first anyway.
        self.save_now()
        revisions = list_revisions(self.store, self.ws_id)
        self.app.push_screen(RevisionsDialog(self.raw, self.shown, revisions), self._restore)

    async def _restore(self, revision_id: str | None) -> None:
        if not revision_id:
            return
        revision = next(r for r in list_revisions(self.store, self.ws_id) if r.id == revision_id)
        try:
            restore_revision(self.store, self.ws_id, revision_id, self.now())
        except (CoachError, KeyError) as error:
            message = error.message if isinstance(error, CoachError) else str(error)
            self.app.push_screen(NoticeDialog("Nothing was restored", message))
            return
        self._dirty = False
        await self.recompose()
        self.show_savebar(
            f"Restored the version from {revision.taken_at:%a %d %b %H:%M}. What was here "
            "before is kept as a version (ctrl+r)."
        )
        boxes = self.field_boxes()
        if boxes:
            self.set_focus(boxes[0].editor())

    def export_folder(self) -> Path | None:
        """Where exports go: `exports/` in the data folder (None for an in-memory store)."""
        folder = getattr(self.app, "data_dir", None)
        if folder is None and self.store.path is not None:
            folder = self.store.path.parent
        return Path(folder) / "exports" if folder is not None else None

    def action_export(self) -> None:
        self.save_now()
        folder = self.export_folder()
        if folder is None:
            self.app.push_screen(
                NoticeDialog("Nothing was exported", "This window has no data folder to save to.")
            )
            return
        status = worksheet_state(self.store, self.ws_id).status
        answers = load_answers(self.store, self.ws_id)
        text = worksheet_markdown(self.raw, answers, self.settings.partner, status=status)
        path = folder / f"worksheet-{self.ws_id}-{self.now():%Y-%m-%d-%H%M}.md"
        try:
            atomic_write_bytes(path, text.encode("utf-8"))
        except OSError as error:
            self.app.push_screen(
                NoticeDialog(
                    "Nothing was exported",
                    f"Could not write {path} ({error.strerror or error}). Your worksheet is "
                    "saved as usual.",
                )
            )
            return
        self.app.push_screen(
            NoticeDialog(
                "Exported",
                f"This worksheet is saved as Markdown in\n{path}\n\nOnly you can read that "
                "file. Anyone you show it to will see every word.",
            )
        )

    # Transparency plan rows to promises ---------------------------------------------------
    def on_list_box_promise_requested(self, event: ListBox.PromiseRequested) -> None:
        event.stop()
        self.save_now()
        from coach.transparency import promise_text, suggested_cadence

        text = promise_text(event.row)

        def picked(cadence: str | None) -> None:
            if cadence:
                self._make_promise(text, cadence)

        self.app.push_screen(CadenceDialog(text, suggested_cadence(event.row)), picked)

    def _make_promise(self, text: str, cadence: str) -> None:
        from coach.transparency import describe, make_promise

        try:
            promise = make_promise(self.store, text, cadence, self.now())
        except CoachError as error:
            self.app.push_screen(NoticeDialog("No promise was made", error.message))
            return
        when = describe(promise)
        message = f"Promise made ({when or cadence}): {text}. It is in Promises (press 4)."
        self.show_savebar(message)
        self.notify(message, title="Promise made", timeout=6, markup=False)

    def focus_box(self, box: FieldBox) -> None:
        self.set_focus(box.editor())
        box.scroll_visible()
