"""The `coach` command itself: version, help, `python -m coach`, errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coach import __version__
from coach.cli import build_parser, main


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"coach {__version__}"


def test_help_lists_every_subcommand_with_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name in subparsers.choices:
        assert name in out
    assert "examples:" in out


def test_an_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as done:
        main(["frobnicate"])
    assert done.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_python_dash_m_coach_runs_the_same_entry_point(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "coach", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"coach {__version__}"


def test_selfcheck_opens_every_section(tmp_path, capsys):
    assert main(["selfcheck"]) == 0
    assert "7 sections opened" in capsys.readouterr().out


def test_an_error_quoting_typed_text_sends_no_escape_sequence(capsys, tmp_path):
    name = str(tmp_path / "\x1b]52;c;SGVsbG8=\x07draft\x1b]0;pwned\x07.txt")
    assert main(["review", "apology", name]) == 2
    err = capsys.readouterr().err
    assert err.startswith("coach: ") and "draft" in err
    assert "\x1b" not in err and "\x07" not in err


def test_an_empty_date_is_refused_not_taken_as_today(capsys, tmp_path):
    folder = str(tmp_path / "data")
    assert main(["--data-dir", folder, "promise", "add", "Walk", "--from", "2026-01-01"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", folder, "check", "Walk", "--date", ""]) == 2
    assert "not a date I can read" in capsys.readouterr().err
