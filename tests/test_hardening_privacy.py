"""Everything Trust Coach writes of the user's is theirs alone: exports, crash reports and
the copies it keeps are 0600 in 0700 folders, and a crash report never holds their words.
(The store, its backups and temporary files are covered in tests/test_store_privacy.py.)"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from coach import crashlog
from coach.cli import UNEXPECTED_EXIT_CODE, main
from coach.screens.app import make_app
from coach.settings import Settings, save_settings
from coach.store import Store
from tests.conftest import PROGRAM_START
from tests.helpers.screen import open_sheet

MARKER = "WOMBAT-8812-what-I-told-her"


@pytest.fixture(autouse=True)
def usual_umask():
    """A usual umask, under which files would be 0644 and folders 0755 unless made private."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def welcomed(folder: Path, clock) -> Store:
    store = Store.open(folder, clock)
    save_settings(store, Settings(partner_name="Dana", program_start=PROGRAM_START, welcomed=True))
    return store


async def test_a_worksheet_export_is_private_in_a_private_folder(tmp_path: Path, clock) -> None:
    store = welcomed(tmp_path, clock)
    app = make_app(store, clock, data_dir=tmp_path)
    async with app.run_test(size=(110, 34)) as pilot:
        await open_sheet(pilot, "their-side", "saw")
        await pilot.press(*"Private", "ctrl+e")
        for _ in range(40):
            if list((tmp_path / "exports").glob("*.md")):
                break
            await pilot.pause(0.05)
    (exported,) = (tmp_path / "exports").glob("*.md")
    assert mode(exported) == 0o600
    assert mode(tmp_path / "exports") == 0o700


def test_coach_export_to_a_file_is_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = Store.open(data)
    store.insert("honesty", {"day": "2026-11-24", "text": MARKER})
    out = tmp_path / "shared-folder" / "all.json"
    out.parent.mkdir()
    assert main(["--data-dir", str(data), "export", "-o", str(out)]) == 0
    assert mode(out) == 0o600 and MARKER in out.read_text()
    assert mode(out.parent) == 0o755  # the user's own folder keeps its mode


async def test_an_app_crash_report_is_private_and_holds_no_words(
    tmp_path: Path, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = welcomed(tmp_path, clock)

    def boom(self) -> None:
        raise ValueError(f"could not handle {MARKER}")

    from coach.screens.checkin import CheckinScreen

    monkeypatch.setattr(CheckinScreen, "action_logs", boom)
    app = make_app(store, clock, data_dir=tmp_path)
    with pytest.raises(ValueError):  # the test harness hands the app's error back
        async with app.run_test(size=(110, 34)) as pilot:
            await pilot.press("6", "l")
            await pilot.pause()
    log = tmp_path / crashlog.CRASH_LOG
    report = log.read_text()
    assert "ValueError (message withheld)" in report and MARKER not in report
    assert mode(log) == 0o600 and mode(tmp_path) == 0o700


def test_a_command_crash_is_one_line_and_a_private_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import coach.cli.data as data_commands

    def boom(*args: object) -> None:
        raise KeyError(MARKER)

    monkeypatch.setattr(data_commands, "run_export", boom)
    folder = tmp_path / "loose"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    assert main(["--data-dir", str(folder), "export"]) == UNEXPECTED_EXIT_CODE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "KeyError" in err and MARKER not in err
    assert "Traceback" not in err
    log = folder / crashlog.CRASH_LOG
    assert MARKER not in log.read_text()
    assert mode(log) == 0o600 and mode(folder) == 0o700


def test_crash_reports_leave_out_messages_and_chained_causes(tmp_path: Path) -> None:
    try:
        try:
            raise OSError(f"{MARKER} in a file name")
        except OSError as inner:
            raise RuntimeError(MARKER) from inner
    except RuntimeError as error:
        text = crashlog.format_crash(error, __import__("datetime").datetime(2026, 1, 1))
    assert "RuntimeError" in text and "OSError" in text and MARKER not in text
