"""`coach` on an encrypted store asks for the passphrase on the terminal before the screen is
taken over, three times at most, and the encrypted app keeps its guarantees (a signal while
typing saves the words, still encrypted)."""

from __future__ import annotations

import signal
import time
from datetime import date
from pathlib import Path

import pytest

from coach import crypto
from coach.settings import Settings, save_settings
from coach.store import Store
from tests.helpers.pty_run import PtyRun

PASSPHRASE = "maple lantern river"
MARKER = "OTTER4410"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="needs a POSIX terminal")


@pytest.fixture
def encrypted_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    store = Store.open(folder)
    save_settings(
        store, Settings(partner_name="Dana", program_start=date(2024, 1, 1), welcomed=True)
    )
    cipher, _ = crypto.StoreCipher.create(PASSPHRASE)
    store.change_encryption(cipher)
    return folder


def test_the_app_asks_for_the_passphrase_and_starts(encrypted_dir: Path) -> None:
    with PtyRun(encrypted_dir) as run:
        run.wait_for("Passphrase")
        run.send("wrong passphrase\r")
        run.wait_for("did not open it")
        run.send(PASSPHRASE + "\r")
        run.wait_for("Today")
        run.send("6")
        run.wait_for("Start check-in")
        run.send("n")
        run.wait_for("Time left")
        run.send(MARKER)
        run.wait_for(MARKER)
        run.signal(signal.SIGTERM)
        assert run.wait_exit() == 0
        output = run.read_to_eof()
    assert PASSPHRASE.encode() not in output and b"wrong passphrase" not in output  # no echo
    raw = (encrypted_dir / "store.json").read_bytes()
    assert crypto.is_encrypted(raw) and MARKER.encode() not in raw
    store = Store.open(encrypted_dir, passphrase=PASSPHRASE)
    assert MARKER in store.all("checkins")[0]["answers"]["how_are_we"]


def test_three_wrong_passphrases_end_with_a_clear_message(encrypted_dir: Path) -> None:
    before = (encrypted_dir / "store.json").read_bytes()
    with PtyRun(encrypted_dir) as run:
        for attempt in range(1, 4):
            # getpass discards what was typed ahead, so answer each prompt once it is shown.
            deadline = time.monotonic() + 20
            while run.text().count("Passphrase") < attempt and time.monotonic() < deadline:
                time.sleep(0.05)
            run.send("not it at all\r")
        assert run.wait_exit() == crypto.WrongPassphrase.exit_code
        told = run.read_to_eof().decode("utf-8", "replace")
    assert "3 tries did not open your data" in told and "Traceback" not in told
    assert (encrypted_dir / "store.json").read_bytes() == before


def test_the_recovery_key_opens_the_app(encrypted_dir: Path) -> None:
    store = Store.open(encrypted_dir, passphrase=PASSPHRASE)
    cipher, recovery = crypto.StoreCipher.create("a new passphrase here")
    store.change_encryption(cipher)
    with PtyRun(encrypted_dir) as run:
        run.wait_for("Passphrase")
        run.send(recovery.lower().replace("-", " ") + "\r")
        run.wait_for("Today")
        run.send("\x11")
        assert run.wait_exit() == 0
