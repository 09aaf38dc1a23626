"""What every command needs to know about encrypted store files, without the ciphers.

`coach.crypto` does the encrypting; it imports base64, hashing and the AES code, which a
plain store never needs. The store tells an encrypted file by its first bytes, and
catches the errors below, with this module alone.
"""

from __future__ import annotations

from coach.errors import CoachError

MAGIC = b"TRUST-COACH-ENCRYPTED\n"


class WrongPassphrase(CoachError):
    """Neither the passphrase nor a recovery key opened the store."""

    exit_code = 8


class PassphraseNeeded(CoachError):
    """The store is encrypted and no passphrase was given."""

    exit_code = 8


class EncryptedFileDamaged(Exception):
    """The file starts like an encrypted store but its frame or header is broken."""


class SealedDataDamaged(Exception):
    """The key is right but the sealed data does not authenticate: the file was damaged."""


class OtherKey(Exception):
    """The file was encrypted with another data key (re-encrypted from elsewhere)."""


def is_encrypted(raw: bytes) -> bool:
    """Whether `raw` is an encrypted store file (or the start of one)."""
    return raw.startswith(MAGIC)
