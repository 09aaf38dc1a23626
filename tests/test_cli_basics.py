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


def _commands(parser) -> dict:
    return next(a for a in parser._actions if a.dest == "command").choices


def test_a_command_line_naming_a_command_builds_that_command_as_the_whole_parser_does():
    from coach.cli import COMMAND_MODULES

    whole = _commands(build_parser())
    assert set(whole) == set(COMMAND_MODULES)
    for name in COMMAND_MODULES:
        alone = _commands(build_parser(name))
        # Only this command, and its help as the whole parser has it.
        assert set(alone) == {name}
        assert alone[name].format_help() == whole[name].format_help()


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["check", "walk"], "check"),
        (["--data-dir", "check", "today"], "today"),
        (["--data-dir=/tmp/x", "streak", "--json"], "streak"),
        (["--version"], None),
        (["--help", "check"], None),
        (["chekc", "walk"], None),
        (["--data-dir"], None),
        ([], None),
    ],
)
def test_the_command_a_command_line_names(argv, named):
    from coach.cli import _named_command

    assert _named_command(argv) == named


def test_coach_check_loads_neither_the_other_commands_nor_what_it_does_not_use(tmp_path):
    """`coach check` is run many times a day; it must stay about as quick as --version."""
    folder = tmp_path / "data"
    assert main(["--data-dir", str(folder), "promise", "add", "Walk together"]) == 0
    code = (
        "import sys\n"
        "from coach.cli import main\n"
        f"status = main(['--data-dir', {str(folder)!r}, 'check', 'walk'])\n"
        "print(status, ' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    status, loaded = done.stdout.splitlines()[-1].split(" ", 1)
    assert status == "0", done.stderr
    modules = set(loaded.split())
    assert "coach.store" in modules  # it did open the store
    unwanted = {"orjson", "rich", "getpass", "coach.partner", "coach.cli.data", "coach.cli.review"}
    assert modules & unwanted == set()
