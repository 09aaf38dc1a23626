"""Encryption of the store at rest: no plaintext on disk, wrong passphrases refused with the
file untouched, the recovery key opens it, and `coach encrypt` / `coach decrypt`."""

from __future__ import annotations

import argparse
import json
import struct
from pathlib import Path

import pytest

from coach import crypto
from coach.cli import crypto as cli_crypto
from coach.cli import main
from coach.crypto import PassphraseNeeded, StoreCipher, WrongPassphrase, normalise_recovery_key
from coach.store import Store
from tests.helpers.store_kit import clock_on_day

MARKER = "ZEBRA-7731-the-words-I-said-on-the-phone"
PASSPHRASE = "maple lantern river"


def all_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".lock")]


def encrypted_store(folder: Path, day: int = 0) -> tuple[Store, str]:
    """A store holding MARKER, encrypted; returns it and its recovery key."""
    store = Store.open(folder, clock_on_day(day))
    store.insert("honesty", {"day": "2024-01-01", "text": MARKER}, record_id="h1")
    cipher, recovery = StoreCipher.create(PASSPHRASE)
    store.change_encryption(cipher, lambda old, new: cli_crypto.reseal_copies(store, old, new))
    return store, recovery


def test_the_file_and_its_backups_hold_no_plaintext(tmp_path: Path) -> None:
    store, _ = encrypted_store(tmp_path)
    # A new day's first change makes a backup of the encrypted file; both stay sealed.
    later = Store.open(tmp_path, clock_on_day(1), passphrase=PASSPHRASE)
    later.insert("honesty", {"day": "2024-01-02", "text": MARKER + " again"}, record_id="h2")
    files = all_files(tmp_path)
    assert any(p.parent.name == "backups" for p in files)
    for path in files:
        raw = path.read_bytes()
        assert MARKER.encode() not in raw, path
        assert crypto.is_encrypted(raw), path
    assert (
        Store.open(tmp_path, passphrase=PASSPHRASE).get("honesty", "h2")["text"].startswith(MARKER)
    )


def test_the_header_names_its_format_and_key_derivation(tmp_path: Path) -> None:
    encrypted_store(tmp_path)
    raw = (tmp_path / "store.json").read_bytes()
    start = len(crypto.MAGIC)
    (length,) = struct.unpack(">I", raw[start : start + 4])
    header = json.loads(raw[start + 4 : start + 4 + length])
    assert header["version"] == 1 and header["cipher"] == "AES-256-GCM"
    assert header["passphrase"]["kdf"] == "scrypt"
    assert (header["passphrase"]["n"], header["passphrase"]["r"], header["passphrase"]["p"]) == (
        2**15,
        8,
        1,
    )
    assert PASSPHRASE not in raw.decode("latin-1")


def test_every_write_uses_a_fresh_nonce() -> None:
    cipher, _ = StoreCipher.create(PASSPHRASE)
    first, second = cipher.encrypt(b"same words"), cipher.encrypt(b"same words")
    assert first != second
    prefix = len(cipher.prefix)
    assert first[prefix : prefix + 12] != second[prefix : prefix + 12]
    assert cipher.decrypt(first) == cipher.decrypt(second) == b"same words"


def test_a_wrong_passphrase_is_refused_and_the_file_is_unchanged(tmp_path: Path) -> None:
    encrypted_store(tmp_path)
    before = {p: p.read_bytes() for p in all_files(tmp_path)}
    with pytest.raises(WrongPassphrase) as refused:
        Store.open(tmp_path, passphrase="maple lantern rivet")
    assert "does not open your data" in refused.value.message
    assert "Nothing was changed" in refused.value.message
    assert {p: p.read_bytes() for p in all_files(tmp_path)} == before


def test_no_passphrase_for_an_encrypted_store_says_what_to_do(tmp_path: Path) -> None:
    encrypted_store(tmp_path)
    with pytest.raises(PassphraseNeeded) as needed:
        Store.open(tmp_path)
    assert "encrypted" in needed.value.message and "COACH_PASSPHRASE" in needed.value.message


def test_the_recovery_key_opens_it_however_it_is_typed(tmp_path: Path) -> None:
    _, recovery = encrypted_store(tmp_path)
    assert len(recovery.split("-")) == 8
    spaced, joined = recovery.replace("-", " "), recovery.replace("-", "")
    for typed in (recovery, recovery.lower(), spaced, joined):
        assert Store.open(tmp_path, passphrase=typed).get("honesty", "h1")["text"] == MARKER
    assert normalise_recovery_key("not a key") is None


def test_a_tampered_file_is_not_trusted_and_a_backup_is_used(tmp_path: Path) -> None:
    encrypted_store(tmp_path, day=0)
    store = Store.open(tmp_path, clock_on_day(1), passphrase=PASSPHRASE)
    store.insert("honesty", {"day": "2024-01-02", "text": "second"}, record_id="h2")
    raw = bytearray((tmp_path / "store.json").read_bytes())
    raw[-5] ^= 0x01  # one bit of the sealed data
    (tmp_path / "store.json").write_bytes(bytes(raw))
    reopened = Store.open(tmp_path, clock_on_day(1), passphrase=PASSPHRASE)
    notices = reopened.take_notices()
    assert notices and "could not be read" in notices[0]
    assert reopened.get("honesty", "h1")["text"] == MARKER  # from the day's backup
    assert crypto.is_encrypted((tmp_path / "store.json").read_bytes())


def test_a_short_passphrase_is_refused() -> None:
    with pytest.raises(crypto.CoachError) as refused:
        StoreCipher.create("short")
    assert "at least 8" in refused.value.message


# The commands ---------------------------------------------------------------------------
def answers(*replies: str):
    queue = list(replies)

    def ask(prompt: str) -> str:
        return queue.pop(0)

    return ask


def namespace(folder: Path) -> argparse.Namespace:
    return argparse.Namespace(data_dir=str(folder))


def test_coach_encrypt_asks_twice_shows_the_recovery_key_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(tmp_path)
    store.insert("honesty", {"day": "2024-01-01", "text": MARKER}, record_id="h1")
    assert cli_crypto.run_encrypt(namespace(tmp_path), answers(PASSPHRASE, PASSPHRASE)) == 0
    out = capsys.readouterr().out
    recovery = next(line.strip() for line in out.splitlines() if line.count("-") == 7)
    assert out.count(recovery) == 1 and "shown only this once" in out
    assert MARKER.encode() not in (tmp_path / "store.json").read_bytes()
    assert Store.open(tmp_path, passphrase=recovery).get("honesty", "h1")["text"] == MARKER
    # And back: decrypt with the passphrase asked once.
    assert cli_crypto.run_decrypt(namespace(tmp_path), answers(PASSPHRASE)) == 0
    assert MARKER.encode() in (tmp_path / "store.json").read_bytes()
    assert all(not crypto.is_encrypted(p.read_bytes()) for p in all_files(tmp_path))


def test_two_different_passphrases_change_nothing(tmp_path: Path) -> None:
    Store.open(tmp_path).insert("notes", {"text": MARKER})
    before = (tmp_path / "store.json").read_bytes()
    with pytest.raises(crypto.CoachError) as refused:
        cli_crypto.run_encrypt(namespace(tmp_path), answers(PASSPHRASE, PASSPHRASE + "x"))
    assert "not the same" in refused.value.message
    assert (tmp_path / "store.json").read_bytes() == before


def test_three_wrong_tries_then_a_clear_error(tmp_path: Path) -> None:
    encrypted_store(tmp_path)
    with pytest.raises(WrongPassphrase) as refused:
        cli_crypto.open_store(tmp_path, ask=answers("one wrong", "two wrong", "three wrong"))
    assert "3 tries" in refused.value.message
    opened = cli_crypto.open_store(tmp_path, ask=answers("one wrong", PASSPHRASE))
    assert opened.get("honesty", "h1")["text"] == MARKER


def test_the_passphrase_from_the_environment_for_scripts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    encrypted_store(tmp_path)
    monkeypatch.setenv("COACH_PASSPHRASE", "not the passphrase")
    assert main(["--data-dir", str(tmp_path), "decrypt"]) == WrongPassphrase.exit_code
    err = capsys.readouterr().err
    assert err.startswith("coach: That passphrase") and "Traceback" not in err
    monkeypatch.setenv("COACH_PASSPHRASE", PASSPHRASE)
    assert main(["--data-dir", str(tmp_path), "decrypt"]) == 0
    assert MARKER.encode() in (tmp_path / "store.json").read_bytes()


def test_changing_the_passphrase_retires_the_old_one(tmp_path: Path) -> None:
    encrypted_store(tmp_path)
    monkey_new = "copper window seven"
    store = Store.open(tmp_path, passphrase=PASSPHRASE)
    cipher, _ = StoreCipher.create(monkey_new)
    store.change_encryption(cipher, lambda old, new: cli_crypto.reseal_copies(store, old, new))
    with pytest.raises(WrongPassphrase):
        Store.open(tmp_path, passphrase=PASSPHRASE)
    for backup in (tmp_path / "backups").iterdir():
        with pytest.raises(WrongPassphrase):
            StoreCipher.unlock(backup.read_bytes(), PASSPHRASE)
    assert Store.open(tmp_path, passphrase=monkey_new).get("honesty", "h1")["text"] == MARKER


def test_an_open_window_is_told_when_the_store_is_encrypted_elsewhere(tmp_path: Path) -> None:
    window = Store.open(tmp_path)
    window.insert("notes", {"text": "before"}, record_id="n1")
    encrypted_store(tmp_path)  # another terminal ran `coach encrypt`
    assert window.get("notes", "n1")["text"] == "before"  # keeps showing what it has
    before = (tmp_path / "store.json").read_bytes()
    with pytest.raises(crypto.CoachError) as refused:
        window.insert("notes", {"text": "after"})
    assert "encrypted" in refused.value.message
    assert "Nothing was overwritten" in refused.value.message
    assert (tmp_path / "store.json").read_bytes() == before
    assert window.failed_save is not None
