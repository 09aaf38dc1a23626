"""What the machine does to a save while the app is open: a full disk, a read-only or
forbidden folder, the store locked by another process, the file damaged or put back from
outside. In every case the old file stays intact, the app says what happened, the typed
words stay on screen, and the next try saves them."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea

from coach import fileio
from coach import store as store_module
from coach.screens.app import QuitAnywayDialog, make_app
from coach.screens.dialogs import NoticeDialog
from coach.settings import Settings, load_settings, save_settings
from coach.store import Store
from tests.conftest import PROGRAM_START
from tests.helpers.screen import screen_text
from tests.helpers.store_kit import HELPERS

AUTOSAVE_WAIT = 0.8  # the check-in saves 0.5 s after the last keystroke


class FailingOs:
    """`os` as coach.fileio sees it, with one call failing as the disk would make it."""

    def __init__(self, call: str, code: int) -> None:
        self.call, self.code = call, code

    def __getattr__(self, name: str) -> object:
        if name == self.call:

            def refuse(*args: object, **kwargs: object) -> object:
                raise OSError(self.code, os.strerror(self.code))

            return refuse
        return getattr(os, name)


FAULTS = {
    "disk full": ("write", errno.ENOSPC, "disk is full"),
    "read-only disk": ("open", errno.EROFS, "read-only"),
    "folder not writable": ("open", errno.EACCES, "not allowed to write"),
}


def file_store(folder: Path, clock) -> Store:
    store = Store.open(folder, clock)
    save_settings(store, Settings(partner_name="Dana", program_start=PROGRAM_START, welcomed=True))
    return store


def save_status(app) -> str:
    """The check-in's save line (it may be scrolled out of view)."""
    return str(app.screen.query_one("#save-status", Static).content)


def session_text(app) -> str:
    return app.screen.query_one("#how_are_we", TextArea).text


async def shows(pilot, *words: str, timeout: float = 3.0) -> str:
    """The screen once it shows every one of `words` (toasts take a moment to draw)."""
    shown = ""
    for _ in range(int(timeout / 0.1)):
        shown = screen_text(pilot.app)
        if all(word in shown for word in words):
            break
        await pilot.pause(0.1)
    return shown


def notifications(app) -> str:
    """The notifications raised so far (toasts are drawn on a layer screen_text misses)."""
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


def saved_checkin_text(folder: Path) -> str:
    (record,) = Store.open(folder).all("checkins")
    return record["answers"]["how_are_we"]


async def open_session(pilot, words: str) -> None:
    await pilot.press("6", "n")
    await pilot.pause()
    pilot.app.screen.query_one("#how_are_we", TextArea).insert(words)
    await pilot.pause(AUTOSAVE_WAIT)


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
async def test_a_failed_checkin_save_keeps_the_words_and_the_old_file(
    fault: str, tmp_path: Path, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    call, code, said = FAULTS[fault]
    app = make_app(file_store(tmp_path, clock), clock)
    async with app.run_test(size=(110, 34)) as pilot:
        await open_session(pilot, "We talked. ")
        assert save_status(app) == "Saved."
        before = (tmp_path / "store.json").read_bytes()

        monkeypatch.setattr(fileio, "os", FailingOs(call, code))
        app.screen.query_one("#how_are_we", TextArea).insert("It went well.")
        await pilot.pause(AUTOSAVE_WAIT)
        shown = save_status(app)
        assert "Not saved" in shown and said in shown and "still here" in shown
        assert session_text(app).endswith("It went well.")
        assert (tmp_path / "store.json").read_bytes() == before

        monkeypatch.undo()  # space freed, folder fixed: the next keystroke saves it all
        app.screen.query_one("#how_are_we", TextArea).insert(" Really.")
        await pilot.pause(AUTOSAVE_WAIT)
        assert save_status(app) == "Saved."
    assert saved_checkin_text(tmp_path).endswith("It went well. Really.")


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
async def test_a_failed_settings_save_says_so_and_keeps_the_name(
    fault: str, tmp_path: Path, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    call, code, said = FAULTS[fault]
    app = make_app(file_store(tmp_path, clock), clock)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("7")
        await pilot.pause()
        before = (tmp_path / "store.json").read_bytes()
        monkeypatch.setattr(fileio, "os", FailingOs(call, code))
        app.screen.query_one("#partner-name", Input).value = "Robin"
        await pilot.pause()
        shown = notifications(app)
        assert "Not saved" in shown and said in shown and "still on screen" in shown
        assert app.screen.query_one("#partner-name", Input).value == "Robin"
        assert (tmp_path / "store.json").read_bytes() == before
        monkeypatch.undo()
        app.screen.query_one("#partner-name", Input).value = "Robin A."
        await pilot.pause()
    assert load_settings(Store.open(tmp_path)).partner_name == "Robin A."


async def test_quitting_after_a_failed_save_asks_first(
    tmp_path: Path, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(file_store(tmp_path, clock), clock)
    async with app.run_test(size=(110, 34)) as pilot:
        await open_session(pilot, "Saved part. ")
        monkeypatch.setattr(fileio, "os", FailingOs("write", errno.ENOSPC))
        app.screen.query_one("#how_are_we", TextArea).insert("Unsaved part.")
        await pilot.pause(0.1)  # as typed keys are, before ctrl+q; the autosave waits 0.5 s
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitAnywayDialog)
        shown = await shows(pilot, "Not everything you wrote", "disk is full")
        assert "Not everything you wrote" in shown and "disk is full" in shown
        await pilot.press("n")  # stay
        await pilot.pause()
        assert app.is_running and session_text(app).endswith("Unsaved part.")
        monkeypatch.undo()
        await pilot.press("ctrl+q")  # now the save works, and it quits at once
        await pilot.pause()
        assert not app.is_running
    assert saved_checkin_text(tmp_path) == "Saved part. Unsaved part."


async def test_a_store_locked_by_another_process_is_explained_and_retried(
    tmp_path: Path, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_SECONDS", 0.3)
    app = make_app(file_store(tmp_path, clock), clock)
    async with app.run_test(size=(110, 34)) as pilot:
        await open_session(pilot, "Before the lock. ")
        lock = str(tmp_path / "store.json.lock")
        holder = subprocess.Popen(
            [sys.executable, str(HELPERS / "hold_lock.py"), lock, "30"], stdout=subprocess.PIPE
        )
        try:
            assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
            app.screen.query_one("#how_are_we", TextArea).insert("While locked.")
            await pilot.pause(AUTOSAVE_WAIT + 0.4)
            shown = save_status(app)
            assert "Not saved" in shown and "in use by another Trust Coach" in shown
            assert "try again" in shown and session_text(app).endswith("While locked.")
        finally:
            holder.kill()
            holder.wait(timeout=10)
        app.screen.query_one("#how_are_we", TextArea).insert(" After.")
        await pilot.pause(AUTOSAVE_WAIT)
        assert save_status(app) == "Saved."
    assert saved_checkin_text(tmp_path) == "Before the lock. While locked. After."


async def test_a_file_damaged_while_open_is_kept_aside_and_the_user_told(
    tmp_path: Path, clock
) -> None:
    app = make_app(file_store(tmp_path, clock), clock)
    async with app.run_test(size=(110, 34)) as pilot:
        await open_session(pilot, "First. ")
        (tmp_path / "store.json").write_bytes(b'{"half a fi')  # a sync client's half write
        app.screen.query_one("#how_are_we", TextArea).insert("Second.")
        await pilot.pause(AUTOSAVE_WAIT)
        assert isinstance(app.screen, NoticeDialog)
        # The dialog's own words: where its lines wrap depends on the parser's reason.
        told = " ".join(str(label.render()) for label in app.screen.query(Static))
        assert "could not be read" in told and "moved aside" in told
        assert "could not be read" in await shows(pilot, "could not be read")
    (aside,) = tmp_path.glob("store.json.corrupt-*")
    assert aside.read_bytes() == b'{"half a fi'
    assert saved_checkin_text(tmp_path) == "First. Second."
    assert load_settings(Store.open(tmp_path)).partner_name == "Dana"


async def test_a_file_put_back_from_outside_is_read_and_nothing_is_lost(
    tmp_path: Path, clock
) -> None:
    store = file_store(tmp_path, clock)
    older = (tmp_path / "store.json").read_bytes()  # a backup, before any check-in
    app = make_app(store, clock)
    async with app.run_test(size=(110, 34)) as pilot:
        await open_session(pilot, "Written before the restore. ")
        # A restore from backup: another file takes the name; keep a link to the old one.
        os.link(tmp_path / "store.json", tmp_path / "old-inode")
        replaced_by_this_window = (tmp_path / "old-inode").read_bytes()
        (tmp_path / "restored").write_bytes(older)
        os.replace(tmp_path / "restored", tmp_path / "store.json")

        app.screen.query_one("#how_are_we", TextArea).insert("After.")
        await pilot.pause(AUTOSAVE_WAIT)
        assert isinstance(app.screen, NoticeDialog)
        assert "replaced from outside" in await shows(pilot, "replaced from outside")
    # No write went into the file that was replaced.
    assert (tmp_path / "old-inode").read_bytes() == replaced_by_this_window
    (kept,) = tmp_path.glob("store.json.replaced-*")
    assert b"Written before the restore." in kept.read_bytes()
    assert os.stat(kept).st_mode & 0o777 == 0o600
    # The restored file is the base now, with the words typed since on top of it.
    assert saved_checkin_text(tmp_path) == "Written before the restore. After."
