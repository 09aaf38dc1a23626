"""The store under an open window, at the level of the store itself: a file put back from
outside is noticed and nothing of the window's is lost, while another window's write or
import is not mistaken for it; a store file turned into a folder is refused clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coach import crypto
from coach.store import Store, StoreProblem
from tests.helpers.store_kit import clock_on_day


def test_another_windows_import_is_a_normal_change(tmp_path: Path) -> None:
    window = Store.open(tmp_path)
    for number in range(5):
        window.insert("notes", {"n": number})
    Store.open(tmp_path).replace_all({"notes": {"only": {"text": "imported"}}})
    assert list(window.records("notes")) == ["only"]
    assert window.take_notices() == []


def test_an_older_copy_put_back_keeps_what_the_window_had(tmp_path: Path) -> None:
    window = Store.open(tmp_path, clock_on_day(3))
    window.insert("notes", {"text": "old"}, record_id="old")
    shutil.copy(tmp_path / "store.json", tmp_path / "copy")
    window.insert("notes", {"text": "new"}, record_id="new")
    window.update("notes", "old", {"text": "old, edited"})
    (tmp_path / "copy").replace(tmp_path / "store.json")  # a restore from a backup

    assert window.get("notes", "new") == {"text": "new", "id": "new"}  # added back
    assert window.get("notes", "old")["text"] == "old"  # the put-back file's version
    (notice,) = window.take_notices()
    assert "replaced from outside" in notice and "1 entry only this window had" in notice
    (kept,) = tmp_path.glob("store.json.replaced-*")
    assert b"old, edited" in kept.read_bytes()
    window.insert("notes", {"text": "after"}, record_id="after")
    assert set(Store.open(tmp_path).records("notes")) == {"old", "new", "after"}


def test_a_put_back_copy_of_an_encrypted_store_is_kept_encrypted(tmp_path: Path) -> None:
    window = Store.open(tmp_path)
    window.change_encryption(crypto.StoreCipher.create("maple lantern river")[0])
    window.insert("notes", {"text": "SECRET-1"}, record_id="a")
    shutil.copy(tmp_path / "store.json", tmp_path / "copy")
    window.insert("notes", {"text": "SECRET-2"}, record_id="b")
    (tmp_path / "copy").replace(tmp_path / "store.json")
    assert window.get("notes", "b") is not None and window.take_notices()
    (kept,) = tmp_path.glob("store.json.replaced-*")
    assert crypto.is_encrypted(kept.read_bytes()) and b"SECRET" not in kept.read_bytes()


def test_a_store_file_turned_into_a_folder_is_refused_clearly(tmp_path: Path) -> None:
    window = Store.open(tmp_path)
    window.insert("notes", {"text": "kept"}, record_id="k")
    (tmp_path / "store.json").unlink()
    (tmp_path / "store.json").mkdir()
    assert window.get("notes", "k") == {"text": "kept", "id": "k"}  # reads keep what is held
    with pytest.raises(StoreProblem) as refused:
        window.insert("notes", {"text": "more"})
    assert "could not be read" in refused.value.message
    assert "try again" in refused.value.message
    assert window.failed_save is refused.value
    with pytest.raises(StoreProblem):
        Store.open(tmp_path)


def test_an_over_long_name_from_a_foreign_file_still_opens(tmp_path: Path) -> None:
    from coach.settings import load_settings

    store = Store.open(tmp_path)
    store.put("settings", "settings", {"partner_name": "\x1b]0;x\x07" + "Dana " * 40})
    assert load_settings(Store.open(tmp_path)).partner_name.startswith("Dana Dana")
