"""The real program on a real (pseudo-)terminal: signals, a closed terminal and a crash while
typing save the words, end the process and give the terminal back, and nothing private is
left in the scrollback or the crash log.

Each test starts `python -m coach` with pty.fork() (tests/helpers/pty_run.py), so the
terminal is the child's controlling terminal, as it is for a user.
"""

from __future__ import annotations

import signal
import stat
import time
from datetime import date
from pathlib import Path

import pytest

from coach.settings import Settings, load_settings, save_settings
from coach.store import Store
from tests.helpers.pty_run import PtyRun

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="needs a POSIX terminal")

MARKER = "QUOKKA5521"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    store = Store.open(folder)
    save_settings(
        store, Settings(partner_name="Dana", program_start=date(2024, 1, 1), welcomed=True)
    )
    return folder


def open_checkin_session(run: PtyRun) -> None:
    run.wait_for("Today")
    run.send("6")
    run.wait_for("Start check-in")
    run.send("n")
    run.wait_for("Time left")


def checkin_text(folder: Path) -> str:
    store = Store.open(folder)
    return " ".join(c.get("answers", {}).get("how_are_we", "") for c in store.all("checkins"))


def assert_terminal_given_back(run: PtyRun) -> None:
    assert run.left_alt_screen(), "the alternate screen was not left"
    assert MARKER.encode() not in run.after_alt_screen(), "the user's words reached the scrollback"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_while_typing_a_checkin_saves_it(data_dir: Path, signum: int) -> None:
    with PtyRun(data_dir) as run:
        open_checkin_session(run)
        run.send(f"We talked {MARKER}")
        run.wait_for(MARKER)  # drawn, so typed; the autosave has not run yet
        run.signal(signum)
        assert run.wait_exit() == 0
        run.read_to_eof()
        assert_terminal_given_back(run)
    assert f"We talked {MARKER}" in checkin_text(data_dir)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_while_typing_a_name_in_settings_saves_it(data_dir: Path, signum: int) -> None:
    with PtyRun(data_dir) as run:
        run.wait_for("Today")
        run.send("7")
        run.wait_for("Their name")
        run.send("\t")  # into the name field, which selects "Dana": typing replaces it
        time.sleep(0.5)  # the focus moves before the next keys are read
        run.send(MARKER)
        run.wait_for(MARKER)
        run.signal(signum)
        assert run.wait_exit() == 0
        run.read_to_eof()
        assert_terminal_given_back(run)
    assert load_settings(Store.open(data_dir)).partner_name == MARKER


def test_closing_the_terminal_while_typing_saves_and_ends(data_dir: Path) -> None:
    with PtyRun(data_dir) as run:
        open_checkin_session(run)
        run.send(f"Closed the window {MARKER}")
        run.wait_for(MARKER)
        run.hang_up()  # the kernel sends SIGHUP; every later write to the terminal fails
        assert run.wait_exit(timeout=20) in (0, -signal.SIGHUP)
    assert f"Closed the window {MARKER}" in checkin_text(data_dir)


def test_a_crash_saves_the_words_restores_the_terminal_and_tells_nobody(
    data_dir: Path, tmp_path: Path
) -> None:
    # The child imports this before coach runs: ctrl+t in the check-in raises an error
    # whose message holds what was typed, as a careless error message might.
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import coach.screens.checkin_session as session\n"
        "def boom(self):\n"
        "    words = self.answers()['how_are_we']\n"
        "    raise RuntimeError('failed on ' + words)\n"
        "session.CheckinSessionScreen.action_toggle_timer = boom\n"
    )
    with PtyRun(data_dir, env={"PYTHONPATH": str(site)}) as run:
        open_checkin_session(run)
        run.send(f"Before the crash {MARKER}")
        run.wait_for(MARKER)
        run.send("\x14")  # ctrl+t
        assert run.wait_exit() == 1
        run.read_to_eof()
        assert_terminal_given_back(run)
        told = run.after_alt_screen().decode("utf-8", "replace")
    assert "unexpected error" in told and "crash.log" in told
    assert f"Before the crash {MARKER}" in checkin_text(data_dir)
    log = data_dir / "crash.log"
    report = log.read_text()
    assert "RuntimeError" in report and "message withheld" in report
    assert MARKER not in report and "failed on" not in report
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


def test_quitting_leaves_nothing_private_in_the_scrollback(data_dir: Path) -> None:
    with PtyRun(data_dir) as run:
        open_checkin_session(run)
        run.send(f"Private {MARKER}")
        run.wait_for(MARKER)
        run.send("\x11")  # ctrl+q
        assert run.wait_exit() == 0
        run.read_to_eof()
        assert_terminal_given_back(run)
        assert MARKER not in run.after_alt_screen().decode("utf-8", "replace")
    assert MARKER in checkin_text(data_dir)


EVIL = (
    "kept \x1b]52;c;SGVsbG8=\x07 and \x1b]0;pwned\x07 then \x9b31m red \x9d0;title\x9c "
    "\x1b[2J cleared \x1bP+q\x1b\\ done"
)
FORBIDDEN = {
    "OSC 52 clipboard write": b"\x1b]52",
    "window title": b"\x1b]0;pwned",
    "C1 CSI": "\x9b".encode(),
    "C1 OSC": "\x9d".encode(),
    "C1 ST": "\x9c".encode(),
    "clear screen from the data": b"\x1b[2J cleared",
    "DCS": b"\x1bP+q",
}


def test_escape_sequences_in_the_store_never_reach_the_terminal(data_dir: Path) -> None:
    from coach import promises

    # Written straight into the store, as an old version or another program might.
    store = Store.open(data_dir)
    store.put(
        "honesty",
        "h-evil",
        {"day": "2024-01-05", "text": EVIL, "said": False, "created_at": "2024-01-05T10:00:00"},
    )
    store.put(
        "appreciation",
        "a-evil",
        {"day": "2024-01-05", "text": EVIL, "said": True, "created_at": "2024-01-05T10:00:00"},
    )
    promise = promises.add_promise(store, "Call at lunch", "FREQ=DAILY", date(2024, 1, 1))
    store.update(promises.PROMISES, promise.id, {"text": EVIL})
    with PtyRun(data_dir) as run:
        run.wait_for("Today")
        run.wait_for("kept")  # the promise, on Today
        run.send("6")
        run.wait_for("Start check-in")
        logs = run.mark()
        run.send("l")
        run.wait_for("words, any order", after=logs)  # the logs screen's search field
        run.wait_for("cleared", after=logs)
        run.send("\x11")
        assert run.wait_exit() == 0
        output = run.read_to_eof()
    for what, sequence in FORBIDDEN.items():
        assert sequence not in output, f"{what} reached the terminal"
