"""`coach encrypt` and `coach decrypt`, and `open_store`, which every command that reads the
user's data uses so an encrypted store asks for its passphrase the same way everywhere.

The passphrase is asked with `getpass` (never echoed, never stored). Scripts may set
COACH_PASSPHRASE instead; that is less safe, since other programs of the same user can
read a process's environment, and a shell may keep it in its history.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from coach.errors import CoachError
from coach.paths import resolve_data_dir

if TYPE_CHECKING:  # imported where used, so `coach --version` stays quick
    import argparse

    from coach.clock import Clock
    from coach.crypto import StoreCipher
    from coach.store import Store

PASSPHRASE_ENV = "COACH_PASSPHRASE"
NEW_PASSPHRASE_ENV = "COACH_NEW_PASSPHRASE"
TRIES = 3

Ask = Callable[[str], str]

ENV_HELP = f"""environment:
  {PASSPHRASE_ENV}       the passphrase (or recovery key) that opens your data, for
                          scripts; less safe than typing it, as other programs you run
                          can read it
  {NEW_PASSPHRASE_ENV}   the new passphrase for `coach encrypt`, for scripts"""


def register(sub: argparse._SubParsersAction, only: str | None = None) -> None:
    """Add `encrypt` and `decrypt` to the `coach` parser (or only `only`)."""
    import argparse  # only here: opening the app reads this module, never its parsers

    if only in (None, "encrypt"):
        _add_encrypt(sub, argparse.RawDescriptionHelpFormatter)
    if only in (None, "decrypt"):
        _add_decrypt(sub, argparse.RawDescriptionHelpFormatter)


def _add_encrypt(sub: argparse._SubParsersAction, raw: type[argparse.HelpFormatter]) -> None:
    encrypt = sub.add_parser(
        "encrypt",
        help="encrypt your data with a passphrase, or change the passphrase",
        description="Encrypt your data (and its backups) with a passphrase, using AES-256-GCM. "
        "You are shown a recovery key once: write it down, it opens your data if the "
        "passphrase is forgotten. On data already encrypted, this changes the passphrase "
        "and the recovery key.",
        epilog="examples:\n  coach encrypt\n  coach --data-dir ~/private/coach encrypt\n\n"
        + ENV_HELP,
        formatter_class=raw,
    )
    encrypt.set_defaults(func=run_encrypt)


def _add_decrypt(sub: argparse._SubParsersAction, raw: type[argparse.HelpFormatter]) -> None:
    decrypt = sub.add_parser(
        "decrypt",
        help="remove the encryption from your data",
        description="Write your data (and its backups) back as plain files in your private "
        "data folder. Asks for the passphrase or recovery key first.",
        epilog="example:\n  coach decrypt\n\n" + ENV_HELP,
        formatter_class=raw,
    )
    decrypt.set_defaults(func=run_decrypt)


def _can_ask() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def open_store(
    data_dir: Path, clock: Clock | None = None, *, ask: Ask | None = None, tries: int = TRIES
) -> Store:
    """Open the store in `data_dir`; if it is encrypted, ask for the passphrase.

    COACH_PASSPHRASE is used when set (once: a wrong one is an error, not a prompt).
    Otherwise the passphrase is asked up to `tries` times on the terminal.
    """
    from coach.sealed import PassphraseNeeded, WrongPassphrase
    from coach.store import Store

    from_env = os.environ.get(PASSPHRASE_ENV)
    try:
        return Store.open(data_dir, clock, passphrase=from_env)
    except PassphraseNeeded as needed:
        if ask is None and not _can_ask():
            raise PassphraseNeeded(
                f"{needed.message} There is no terminal to ask it on here."
            ) from None
    if ask is None:
        import getpass  # only to ask: every command opens the store, few ever ask

        ask = getpass.getpass
    for attempt in range(1, tries + 1):
        secret = ask("Passphrase (or recovery key) for your Trust Coach data: ")
        try:
            return Store.open(data_dir, clock, passphrase=secret)
        except WrongPassphrase:
            if attempt < tries:
                print("That did not open it; try again.", file=sys.stderr)
    raise WrongPassphrase(
        f"{tries} tries did not open your data; nothing was changed. Check caps lock and "
        "the keyboard layout, or use the recovery key you wrote down, then run it again."
    )


def _new_passphrase(ask: Ask) -> str:
    import getpass

    from coach.crypto import check_passphrase

    from_env = os.environ.get(NEW_PASSPHRASE_ENV)
    if from_env is not None:
        check_passphrase(from_env)
        return from_env
    if ask is getpass.getpass and not _can_ask():
        raise CoachError(
            f"There is no terminal to ask for a new passphrase on; run `coach encrypt` in "
            f"a terminal, or set {NEW_PASSPHRASE_ENV} for a script. Nothing was changed.",
            exit_code=2,
        )
    first = ask("New passphrase (at least 8 characters; a few words are good): ")
    check_passphrase(first)
    if ask("The same passphrase again: ") != first:
        raise CoachError(
            "The two passphrases were not the same, so nothing was changed. Run "
            "`coach encrypt` again.",
            exit_code=2,
        )
    return first


def reseal_copies(store: Store, old: StoreCipher | None, new: StoreCipher | None) -> list[Path]:
    """Bring the backups and kept copies beside the store under `new`; return those left.

    A copy is left as it is when it cannot be opened with `old` (encrypted under an
    earlier key, or damaged), so nothing is ever lost by converting it.
    """
    from coach.backups import list_backups
    from coach.fileio import atomic_write_bytes, is_temp_file
    from coach.storage import CorruptFileError, KeyUnavailable, open_sealed

    assert store.path is not None
    siblings = store.path.parent.glob(f"{store.path.name}.*")
    copies = [p for _, p in list_backups(store.path)]
    copies += [p for p in siblings if p.suffix != ".lock" and not is_temp_file(p)]
    left = []
    for path in copies:
        try:
            raw = path.read_bytes()
            plain = open_sealed(raw, old)
        except (OSError, KeyUnavailable, CorruptFileError):
            left.append(path)
            continue
        converted = new.encrypt(plain) if new is not None else plain
        if converted != raw:
            atomic_write_bytes(path, converted)
    return left


def _report_left(left: list[Path]) -> None:
    if left:
        shown = "\n  ".join(str(p) for p in left)
        print(
            "These copies could not be converted and were left as they were (they may "
            f"be damaged, or from an earlier key):\n  {shown}"
        )


def run_encrypt(args: argparse.Namespace, ask: Ask | None = None) -> int:
    import getpass

    from coach.crypto import StoreCipher

    ask = ask or getpass.getpass
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    store = open_store(data_dir, ask=None if ask is getpass.getpass else ask)
    was_encrypted = store.encrypted
    passphrase = _new_passphrase(ask)
    cipher, recovery = StoreCipher.create(passphrase)
    left: list[Path] = []
    store.change_encryption(cipher, lambda old, new: left.extend(reseal_copies(store, old, new)))
    print(
        ("Your passphrase was changed." if was_encrypted else "Your data is now encrypted.")
        + f" {store.path} and its backups can be read only with the passphrase or this "
        "recovery key:\n\n"
        f"    {recovery}\n\n"
        "Write the recovery key down now and keep it somewhere safe and private; it is "
        "shown only this once. Then clear this terminal (for example with `clear`). "
        "Exports you write (exports/) are plain files, as you asked for them."
    )
    _report_left(left)
    return 0


def run_decrypt(args: argparse.Namespace, ask: Ask | None = None) -> int:
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    store = open_store(data_dir, ask=ask)
    if not store.encrypted:
        print(f"Your data in {data_dir} is not encrypted; nothing was changed.")
        return 0
    left: list[Path] = []
    store.change_encryption(None, lambda old, new: left.extend(reseal_copies(store, old, new)))
    print(
        f"Your data in {data_dir} is no longer encrypted. It is still private to your "
        "account (the folder and files are readable by you alone)."
    )
    _report_left(left)
    return 0
