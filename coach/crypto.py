"""Optional encryption of the store at rest, with a passphrase and a recovery key.

An encrypted store file is laid out as

    MAGIC | header length (4 bytes, big-endian) | header (JSON) | nonce (12 bytes) | sealed

`sealed` is the store's JSON sealed with AES-256-GCM under a random 256-bit data key, with
a fresh random 96-bit nonce on every write; the magic, length and header are its
associated data, so no part of the file can be changed or swapped unnoticed.

The header holds the format version and the data key wrapped twice (AES-256-GCM again):
once under a key derived from the passphrase with scrypt (n=2**15, r=8, p=1, parameters
kept in the header so they can be raised later), and once under a key derived with
HKDF-SHA256 from a 160-bit recovery key shown to the user once, as eight groups of base32.
Either opens the store. The passphrase and the recovery key are never stored; only the
data key stays in memory while the store is open.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import struct
from dataclasses import dataclass
from typing import Any

from coach.errors import CoachError
from coach.sealed import (
    MAGIC,
    EncryptedFileDamaged,
    OtherKey,
    PassphraseNeeded,
    SealedDataDamaged,
    WrongPassphrase,
    is_encrypted,
)

__all__ = ["PassphraseNeeded", "StoreCipher", "WrongPassphrase", "is_encrypted"]
__all__ += ["EncryptedFileDamaged", "OtherKey", "SealedDataDamaged", "MAGIC"]

FORMAT_VERSION = 1
KEY_BYTES = 32
NONCE_BYTES = 12
RECOVERY_BYTES = 20  # 160 bits: 32 base32 characters
MIN_PASSPHRASE_CHARS = 8
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
# scrypt needs 128 * n * r bytes; the default cap of 32 MiB is just too small for n=2**15.
_SCRYPT_MAXMEM = 128 * 1024 * 1024
_HEADER_LIMIT = 64 * 1024
_PASS_WRAP = b"trust-coach data key, passphrase wrap, v1"
_RECOVERY_WRAP = b"trust-coach data key, recovery wrap, v1"
_RECOVERY_INFO = b"trust-coach recovery key v1"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise EncryptedFileDamaged("a header field is missing")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise EncryptedFileDamaged("a header field is not base64") from None


def check_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too short to protect anything, with what to do instead."""
    if len(passphrase.strip()) < MIN_PASSPHRASE_CHARS:
        raise CoachError(
            f"That passphrase is too short: use at least {MIN_PASSPHRASE_CHARS} characters "
            "(a few unrelated words are easy to remember and hard to guess). Nothing was "
            "changed.",
            exit_code=2,
        )


def _passphrase_key(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    import hashlib  # here, not at the top: a store that is not encrypted never needs it
    import unicodedata

    # NFC, so the same passphrase typed on another keyboard or system gives the same key.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return hashlib.scrypt(
        secret,
        salt=salt,
        n=params["n"],
        r=params["r"],
        p=params["p"],
        maxmem=_SCRYPT_MAXMEM,
        dklen=KEY_BYTES,
    )


def _recovery_key(raw_key: bytes, salt: bytes) -> bytes:
    # The recovery key is random and long, so a fast derivation is enough for it.
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(hashes.SHA256(), KEY_BYTES, salt, _RECOVERY_INFO).derive(raw_key)


def format_recovery_key(raw_key: bytes) -> str:
    """The recovery key as the user writes it down: eight groups of four base32 letters."""
    text = base64.b32encode(raw_key).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalise_recovery_key(text: str) -> bytes | None:
    """The key bytes of a typed recovery key (any case, spaces or dashes), or None."""
    letters = "".join(ch for ch in text.upper() if ch not in " -\t")
    # Letters a person may misread in the written key.
    letters = letters.translate(str.maketrans({"0": "O", "1": "I", "8": "B"}))
    if len(letters) != 32:
        return None
    try:
        raw = base64.b32decode(letters)
    except binascii.Error:
        return None
    return raw if len(raw) == RECOVERY_BYTES else None


def _aead(key: bytes) -> Any:
    # cryptography is loaded only for an encrypted store: it costs 6 MB of memory and a
    # few ms, which every start of a plain store would otherwise pay.
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def _wrap(kek: bytes, data_key: bytes, label: bytes) -> str:
    nonce = os.urandom(NONCE_BYTES)
    return _b64(nonce + _aead(kek).encrypt(nonce, data_key, label))


def _unwrap(kek: bytes, wrapped: bytes, label: bytes) -> bytes | None:
    if len(wrapped) <= NONCE_BYTES:
        raise EncryptedFileDamaged("a wrapped key is too short")
    from cryptography.exceptions import InvalidTag

    try:
        key = _aead(kek).decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], label)
    except InvalidTag:
        return None
    return key if len(key) == KEY_BYTES else None


@dataclass(frozen=True)
class _Frame:
    prefix: bytes  # magic, length and header: the associated data of the sealed part
    header: dict[str, Any]
    nonce: bytes
    sealed: bytes


def _split(raw: bytes) -> _Frame:
    if not is_encrypted(raw):
        raise EncryptedFileDamaged("it is not an encrypted store")
    start = len(MAGIC)
    if len(raw) < start + 4:
        raise EncryptedFileDamaged("the file is cut short")
    (length,) = struct.unpack(">I", raw[start : start + 4])
    end = start + 4 + length
    if length > _HEADER_LIMIT or len(raw) < end + NONCE_BYTES + 16:
        raise EncryptedFileDamaged("the file is cut short or its header is damaged")
    try:
        header = json.loads(raw[start + 4 : end].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise EncryptedFileDamaged("its header is damaged") from None
    if not isinstance(header, dict):
        raise EncryptedFileDamaged("its header is damaged")
    return _Frame(raw[:end], header, raw[end : end + NONCE_BYTES], raw[end + NONCE_BYTES :])


class StoreCipher:
    """The data key of an encrypted store and the header that carries it wrapped."""

    def __init__(self, data_key: bytes, prefix: bytes) -> None:
        self._aead = _aead(data_key)
        self.prefix = prefix  # reused on every write: the wrapped keys do not change

    # Making and opening ------------------------------------------------------------------
    @classmethod
    def create(cls, passphrase: str) -> tuple[StoreCipher, str]:
        """A new data key wrapped by `passphrase` and by a new recovery key.

        Returns the cipher and the recovery key as the user must write it down.
        """
        check_passphrase(passphrase)
        data_key = os.urandom(KEY_BYTES)
        recovery = os.urandom(RECOVERY_BYTES)
        salt, recovery_salt = os.urandom(16), os.urandom(16)
        header = {
            "version": FORMAT_VERSION,
            "cipher": "AES-256-GCM",
            "passphrase": {
                "kdf": "scrypt",
                **SCRYPT,
                "salt": _b64(salt),
                "wrapped": _wrap(_passphrase_key(passphrase, salt, SCRYPT), data_key, _PASS_WRAP),
            },
            "recovery": {
                "kdf": "HKDF-SHA256",
                "salt": _b64(recovery_salt),
                "wrapped": _wrap(_recovery_key(recovery, recovery_salt), data_key, _RECOVERY_WRAP),
            },
        }
        body = json.dumps(header, sort_keys=True).encode("utf-8")
        prefix = MAGIC + struct.pack(">I", len(body)) + body
        return cls(data_key, prefix), format_recovery_key(recovery)

    @classmethod
    def unlock(cls, raw: bytes, secret: str) -> StoreCipher:
        """The cipher of the encrypted file `raw`, opened by a passphrase or recovery key.

        Raises WrongPassphrase when `secret` opens neither wrap, EncryptedFileDamaged when
        the file's frame cannot be read.
        """
        frame = _split(raw)
        if frame.header.get("version") != FORMAT_VERSION:
            raise EncryptedFileDamaged(f"unknown format version {frame.header.get('version')!r}")
        data_key = None
        recovery = normalise_recovery_key(secret)
        if recovery is not None:
            wrap = frame.header.get("recovery") or {}
            kek = _recovery_key(recovery, _unb64(wrap.get("salt")))
            data_key = _unwrap(kek, _unb64(wrap.get("wrapped")), _RECOVERY_WRAP)
        if data_key is None:
            wrap = frame.header.get("passphrase") or {}
            params = {name: wrap.get(name) for name in SCRYPT}
            if not all(isinstance(v, int) and 0 < v <= 2**20 for v in params.values()):
                raise EncryptedFileDamaged("its key derivation parameters are damaged")
            kek = _passphrase_key(secret, _unb64(wrap.get("salt")), params)  # type: ignore[arg-type]
            data_key = _unwrap(kek, _unb64(wrap.get("wrapped")), _PASS_WRAP)
        if data_key is None:
            raise WrongPassphrase(
                "That passphrase (or recovery key) does not open your data. Nothing was "
                "changed. Check the keyboard layout and caps lock and try again; if the "
                "passphrase is lost, use the recovery key you were shown when you encrypted."
            )
        return cls(data_key, frame.prefix)

    # Sealing -----------------------------------------------------------------------------
    def encrypt(self, plaintext: bytes) -> bytes:
        """The whole file for `plaintext`, under a fresh random nonce."""
        nonce = os.urandom(NONCE_BYTES)
        return self.prefix + nonce + self._aead.encrypt(nonce, plaintext, self.prefix)

    def decrypt(self, raw: bytes) -> bytes:
        """The plaintext of a file this cipher wrote.

        Raises OtherKey when the file carries another header (encrypted again elsewhere),
        SealedDataDamaged when the sealed part does not authenticate.
        """
        from cryptography.exceptions import InvalidTag

        frame = _split(raw)
        try:
            return self._aead.decrypt(frame.nonce, frame.sealed, frame.prefix)
        except InvalidTag:
            import hmac

            if hmac.compare_digest(frame.prefix, self.prefix):
                raise SealedDataDamaged("the encrypted data is damaged") from None
            raise OtherKey("the file was encrypted with another key") from None
