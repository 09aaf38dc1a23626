"""The worksheet screens as a user meets them: typing is saved within a second and
survives quitting and a killed terminal; revisions, the apology review, promises from the
transparency plan, export and the overview's states."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import pytest

from coach.settings import Settings, save_settings
from coach.store import Store, StoreUnwritable
from coach.worksheets import (
    COMPLETE,
    checkpoint,
    list_revisions,
    load_answers,
    mark_complete,
    save_answers,
    worksheet_state,
)
from tests.conftest import FIXED_NOW, PROGRAM_START
from tests.helpers.screen import open_sheet, screen_text, wait_until

SIZE = (110, 34)


def welcomed_file_store(folder: Path, clock) -> Store:
    store = Store.open(folder, clock)
    save_settings(
        store,
        Settings(
            partner_name="Dana", pronouns="she/her", program_start=PROGRAM_START, welcomed=True
        ),
    )
    return store


# Saving as you type ----------------------------------------------------------------------
async def test_typing_is_saved_within_a_second(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_sheet(pilot, "their-side", "saw")
        await pilot.press(*"She found the messages")
        # Saved within a second of the last key (a steady typist is saved at least once a
        # second along the way, too).
        delay = await wait_until(
            pilot,
            lambda: (
                load_answers(welcomed_store, "their-side").get("saw") == "She found the messages"
            ),
        )
        assert delay < 1.0
        assert "Saved at 20:15" in screen_text(app)
        assert worksheet_state(welcomed_store, "their-side").status == "in_progress"


async def test_quitting_right_after_typing_keeps_every_word(tmp_path, clock, make_test_app):
    store = welcomed_file_store(tmp_path, clock)
    app = make_test_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_sheet(pilot, "their-side", "felt")
        await pilot.press(*"Foolish, and unsafe")
        await pilot.press("ctrl+q")
    reopened = Store.open(tmp_path, clock)
    assert load_answers(reopened, "their-side")["felt"] == "Foolish, and unsafe"
    # Quitting counts as leaving: the words are also kept as a revision.
    assert list_revisions(reopened, "their-side")[0].answers["felt"] == "Foolish, and unsafe"


async def test_leaving_with_escape_saves_and_shows_the_state(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_sheet(pilot, "my-why", "explanation")
        await pilot.press(*"I wanted to be admired")
        await pilot.press("escape")
        await pilot.pause()
        assert load_answers(welcomed_store, "my-why")["explanation"] == "I wanted to be admired"
        text = screen_text(app)
        assert "My why" in text and "◐ in progress (1 of 5)" in text


async def test_user_text_with_markup_is_shown_and_kept_literally(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    typed = "[bold]x[/] [@click=app.quit]q[/]"
    async with app.run_test(size=SIZE) as pilot:
        await open_sheet(pilot, "their-side", "saw")
        await pilot.press(*typed)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert typed in screen_text(app)
        assert load_answers(welcomed_store, "their-side")["saw"] == typed
        assert app.is_running


async def test_a_failed_save_says_so_keeps_the_words_and_retries(
    welcomed_store, make_test_app, monkeypatch
):
    import coach.screens.worksheet_saving as saving

    real = saving.save_answers

    def broken(*args, **kwargs):
        raise StoreUnwritable("Could not save to store.json (No space left on device).")

    monkeypatch.setattr(saving, "save_answers", broken)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sheet(pilot, "their-side", "saw")
        await pilot.press(*"every word")
        await pilot.pause(0.8)
        text = screen_text(app)
        assert "Not saved: Could not save" in text and "ctrl+s to try again" in text
        assert screen.query_one("#field-saw").value() == "every word"
        # Leaving would lose the words, so the worksheet stays open.
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        monkeypatch.setattr(saving, "save_answers", real)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert load_answers(welcomed_store, "their-side")["saw"] == "every word"
        assert "Saved at" in screen_text(app)


async def test_an_answer_over_the_limit_is_marked_and_the_rest_saved(
    welcomed_store, make_test_app, monkeypatch
):
    import coach.worksheets as core

    monkeypatch.setattr(core, "MAX_TEXT_CHARS", 10)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sheet(pilot, "their-side", "saw")
        await pilot.press(*"short")
        screen.query_one("#field-felt").editor().focus()
        await pilot.press(*"far too long for the limit")
        await pilot.pause(0.8)
        assert "the limit is 10" in screen_text(app)
        assert load_answers(welcomed_store, "their-side")["saw"] == "short"
        # The store keeps the last version that fitted; the screen keeps every word typed.
        kept = load_answers(welcomed_store, "their-side").get("felt", "")
        assert len(kept) <= 10 and "far too long for the limit".startswith(kept)
        assert screen.query_one("#field-felt").value() == "far too long for the limit"


async def test_a_bad_time_is_explained_and_other_answers_still_save(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_sheet(pilot, "new-normal", "checkin_time")
        await pilot.press(*"7pm")
        await pilot.pause(0.8)
        assert "is not a time I can read. Use 24-hour HH:MM" in screen_text(app)
        await pilot.press("backspace", "backspace", "backspace", *"19:30")
        await pilot.pause(0.8)
        assert load_answers(welcomed_store, "new-normal")["checkin_time"] == "19:30"
        assert "not a time" not in screen_text(app)


# Revisions, completing, exporting --------------------------------------------------------
async def test_restoring_a_revision_brings_the_words_back(welcomed_store, make_test_app):
    save_answers(welcomed_store, "their-side", {"saw": "The long first version."}, FIXED_NOW)
    checkpoint(welcomed_store, "their-side", FIXED_NOW)
    save_answers(welcomed_store, "their-side", {"saw": "Oops."}, FIXED_NOW)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sheet(pilot, "their-side", "saw")
        await pilot.press("ctrl+r")
        await pilot.pause()
        text = screen_text(app)
        assert "Earlier versions of Her side of it" in text
        assert "The long first version." in text  # the preview of the newest earlier one
        await pilot.press("enter")
        await pilot.pause()
        assert "Restore the version from" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#field-saw").value() == "The long first version."
        assert load_answers(welcomed_store, "their-side")["saw"] == "The long first version."
        assert list_revisions(welcomed_store, "their-side")[0].answers["saw"] == "Oops."
        assert "Restored the version from" in screen_text(app)


async def test_ctrl_d_marks_complete_and_back(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sheet(pilot, "their-side", "saw")
        await pilot.press(*"words", "ctrl+d")
        await pilot.pause()
        assert worksheet_state(welcomed_store, "their-side").status == COMPLETE
        assert "Phase 1 · complete" in screen.query_one("#ws-state").render().plain
        # ctrl+d is "delete" inside a text field; here it must not eat a character.
        assert load_answers(welcomed_store, "their-side")["saw"] == "words"
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert worksheet_state(welcomed_store, "their-side").status == "in_progress"


async def test_export_writes_a_private_markdown_file_and_says_where(tmp_path, clock):
    from coach.screens.app import make_app

    store = welcomed_file_store(tmp_path, clock)
    app = make_app(store, clock, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_sheet(pilot, "their-side", "saw")
        await pilot.press(*"She saw it all", "ctrl+e")
        await wait_until(pilot, lambda: "Exported" in screen_text(app))
        files = list((tmp_path / "exports").glob("worksheet-their-side-*.md"))
        assert len(files) == 1
        assert files[0].stat().st_mode & 0o777 == 0o600
        body = files[0].read_text()
        assert body.startswith("# Her side of it\n") and "She saw it all" in body
        assert str(files[0]) in app.screen.message  # the notice names the file


# Lists and promises ----------------------------------------------------------------------
async def test_list_rows_can_be_added_and_removed(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_sheet(pilot, "what-i-did", "acts")
        await pilot.press(*"I lied about Fridays", "ctrl+n", *"I hid the phone")
        await pilot.pause(0.8)
        rows = load_answers(welcomed_store, "what-i-did")["acts"]
        assert [row["act"] for row in rows] == ["I lied about Fridays", "I hid the phone"]
        await pilot.press("f8")
        await pilot.pause()
        assert "Remove this row?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause(0.8)
        rows = load_answers(welcomed_store, "what-i-did")["acts"]
        assert [row["act"] for row in rows] == ["I lied about Fridays"]
        # The removed row is one key away in the revisions.
        kept = list_revisions(welcomed_store, "what-i-did")[0].answers["acts"]
        assert "I hid the phone" in [row["act"] for row in kept]


async def test_a_transparency_row_becomes_a_promise(welcomed_store, make_test_app):
    promises = pytest.importorskip("coach.promises")
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_sheet(pilot, "transparency-plan", "shares")
        await pilot.press(*"Text Dana when plans change", "tab", *"text")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "Make this a promise" in screen_text(app)
        await pilot.press("d")
        await wait_until(pilot, lambda: "Promise made (every day)" in screen_text(app))
        texts = [getattr(p, "text", None) for p in promises.list_promises(welcomed_store)]
        assert "Text Dana when plans change (text)" in texts


# The apology builder ---------------------------------------------------------------------
async def test_the_apology_review_follows_the_draft(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sheet(pilot, "apology", "draft")
        assert "✗ The offense, named" in screen_text(app)
        await pilot.press(*"I'm sorry if you were hurt.")
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "“sorry if" in text and "Needs work" in text
        await pilot.press(*" I lied to you about where I was every Friday.")
        await pilot.pause(0.3)
        assert "✓ The offense, named" in screen_text(app)
        assert screen.last_review_seconds < 0.05


async def test_ctrl_b_builds_the_draft_from_the_parts(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sheet(pilot, "apology", "remorse")
        await pilot.press(*"I am sorry.")
        screen.query_one("#field-offense").editor().focus()
        await pilot.press(*"I lied to you.", "ctrl+b")
        await pilot.pause()
        assert screen.query_one("#field-draft").value() == "I am sorry.\n\nI lied to you."
        # A draft with words in it is replaced only after asking.
        screen.query_one("#field-plan").editor().focus()
        await pilot.press(*"I will tell you where I am.", "ctrl+b")
        await pilot.pause()
        assert "Replace your draft" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert screen.query_one("#field-draft").value() == "I am sorry.\n\nI lied to you."


# The overview ----------------------------------------------------------------------------
async def test_the_overview_shows_each_worksheets_state(welcomed_store, make_test_app):
    save_answers(welcomed_store, "what-i-did", {"hardest": "I lied."}, FIXED_NOW)
    save_answers(welcomed_store, "my-why", {"explanation": "Fear."}, FIXED_NOW)
    mark_complete(welcomed_store, "my-why", FIXED_NOW)
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        row = {
            name: next(line for line in lines if name in line)
            for name in ("What I did", "My why", "The apology")
        }
        assert "◐ in progress (1 of 4)" in row["What I did"] and "today 20:15" in row["What I did"]
        assert "● complete" in row["My why"]
        assert "○ not started" in row["The apology"]
        await pilot.press("down", "down", "down", "down", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ApologyBuilderScreen"


async def test_open_worksheet_works_from_another_section(welcomed_store, make_test_app):
    from coach.screens.worksheets import open_worksheet

    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        open_worksheet(app, "my-why")
        await pilot.pause()
        assert app.current_mode == "worksheets" and app.screen.ws_id == "my-why"
        app.screen.open_worksheet("their-side")
        await pilot.pause()
        assert app.screen.ws_id == "their-side"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "WorksheetsScreen"


async def test_a_worksheet_is_usable_at_80_by_24(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sheet(pilot, "apology", "remorse")
        await pilot.press(*"I am sorry.")
        await pilot.pause(0.8)
        text = screen_text(app)
        assert "Say that you are sorry, plainly." in text
        assert "Review" in text and "Saved at 20:15" in text
        assert load_answers(welcomed_store, "apology")["remorse"] == "I am sorry."


# A killed terminal -----------------------------------------------------------------------
@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP])
def test_killing_the_terminal_loses_at_most_the_last_second(tmp_path, clock, signum):
    from tests.helpers.pty_app import PtyApp

    welcomed_file_store(tmp_path, clock)
    words = "She found the messages at midnight"
    with PtyApp(tmp_path) as app:
        app.wait_for("Worksheets")
        app.send("3")
        app.wait_for("Her side of it")
        time.sleep(1.0)  # a person reads the list first (and the checks load meanwhile)
        mark = app.mark()
        app.send("\x1b[B")  # down to "Her side of it"
        time.sleep(0.3)
        app.send("\r")
        app.wait_for("What did she see", after=mark)
        app.send(words, gap=0.01)
        if signum == signal.SIGKILL:
            time.sleep(1.5)  # nothing flushes on SIGKILL: the autosave must have run
        else:
            # Once the words are on screen, signal at once, before the autosave is due:
            # the app's flush on SIGTERM/SIGHUP is what must save them.
            app.wait_for(words, after=mark)
        app.kill(signum)
    assert load_answers(Store.open(tmp_path), "their-side")["saw"] == words
