"""Random command lines never end in a traceback: only argparse's usage exit (0 or 2) or a
return code with a one-line reason.

The commands, their options and choices are read from the real parser, so a command added
later is fuzzed too. Values are drawn from what people and files actually bring: empty and
blank text, control characters and escapes, Rich markup, right-to-left text and emoji,
dates in every wrong shape, and files that are empty, binary, huge, folders or missing.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.cli import build_parser, main

# Commands that start a user interface or take seconds by design are not fuzzed here.
SKIPPED = {"selfcheck"}
MEGABYTE = "x" * (1 << 20)

SPECIAL_TEXT = [
    "",
    " ",
    "\t\n",
    "[bold red]x[/]",
    "[/]",
    "[@click=app.quit]q",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x1b]0;pwned\x07\x9b31m",
    "שלום עולם \u202eevil",
    "😀" * 40,
    "2026-02-30",
    "2026-13-01",
    "10",
    "3/4/2025",
    "1900-01-01",
    "0001-01-01",
    "9999-12-31",
    "-",
    "--",
    "-1",
    "NaN",
    "\x00",
    "\udcff",
    MEGABYTE,
]


@pytest.fixture(scope="module")
def playground(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Files of every awkward kind, and a data folder the commands may change freely."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.bin").write_bytes(bytes(range(256)) * 64)
    (root / "huge.txt").write_text("I am sorry. " * 200_000)
    (root / "latin1.txt").write_bytes("caf\xe9 na\xefve".encode("latin-1"))
    (root / "not-json.json").write_text("{ this is not json")
    (root / "list.json").write_text("[1, 2, 3]")
    (root / "tables.json").write_text('{"honesty": {"h1": {"day": "2026-02-30", "text": 5}}}')
    (root / "a-folder").mkdir()
    (root / "data").mkdir()
    return root


def file_names(root: Path) -> list[str]:
    names = ["empty.txt", "binary.bin", "huge.txt", "latin1.txt", "not-json.json", "list.json"]
    names += ["tables.json", "a-folder", "missing.txt", "a-folder/out.json", "missing/out.md"]
    return [str(root / name) for name in names]


def subcommand_choices(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


@st.composite
def command_lines(draw: st.DrawFn, root: Path) -> list[str]:
    values = st.one_of(
        st.sampled_from(SPECIAL_TEXT),
        st.text(max_size=40),
        st.sampled_from(file_names(root)),
    )
    argv = ["--data-dir", str(root / "data")]
    parser = build_parser()
    commands = {k: v for k, v in subcommand_choices(parser).items() if k not in SKIPPED}
    name = draw(st.sampled_from(sorted(commands)))
    argv.append(name)
    parser = commands[name]
    while True:
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
                continue
            if action.option_strings and not draw(st.booleans()):
                continue
            flag = draw(st.sampled_from(action.option_strings)) if action.option_strings else None
            if action.nargs == 0:
                argv.append(flag)  # type: ignore[arg-type]
                continue
            if action.choices:
                value = draw(st.one_of(st.sampled_from(list(action.choices)), values))
            else:
                value = draw(values)
            if flag is not None:
                argv.append(flag)
            if not flag and not draw(st.integers(0, 9)):
                continue  # now and then a positional is left out
            argv.append(str(value))
        nested = subcommand_choices(parser)
        if not nested or not draw(st.integers(0, 9)):
            break
        sub = draw(st.sampled_from(sorted(nested)))
        argv.append(sub)
        parser = nested[sub]
    if not draw(st.integers(0, 7)):
        argv.append(draw(values))  # a stray extra argument
    return argv


def stream(data: bytes = b"") -> io.TextIOWrapper:
    """A text stream with a byte buffer beneath, as the real standard streams have."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogateescape")


def run(argv: list[str], stdin_text: str) -> tuple[object, str, str]:
    out, err = stream(), stream()
    old_stdin = sys.stdin
    sys.stdin = stream(stdin_text.encode("utf-8", "surrogateescape"))
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                result: object = main(argv)
            except SystemExit as done:
                result = ("exit", done.code)
    finally:
        sys.stdin = old_stdin
    texts = []
    for captured in (out, err):
        captured.flush()
        texts.append(captured.buffer.getvalue().decode("utf-8", "replace"))  # type: ignore[attr-defined]
    return result, texts[0], texts[1]


@pytest.fixture(autouse=True)
def no_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("COACH_PASSPHRASE", "COACH_NEW_PASSPHRASE", "COACH_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)


def test_random_command_lines_never_end_in_a_traceback(
    playground: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Relative names (`-o 10`, `export -o [/]`) are written where the command runs: the
    # playground, never the checkout the tests run from.
    monkeypatch.chdir(playground)

    @settings(
        max_examples=300,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )
    @given(argv=command_lines(playground), stdin_text=st.sampled_from(SPECIAL_TEXT))
    def check(argv: list[str], stdin_text: str) -> None:
        result, out, err = run(argv, stdin_text)
        assert "Traceback" not in err
        assert "unexpected error" not in err, (argv, err)  # the last guard must not be needed
        if isinstance(result, tuple):
            assert result[1] in (0, 2, None), (argv, err[-500:])
        else:
            assert isinstance(result, int), (argv, result)
            if result != 0:  # a refusal says why; `review` answers "not ready" with 1
                assert (out + err).strip(), f"{argv!r} failed without saying why"

    check()
    # The data folder the commands wrote stays private whatever they were given.
    data = playground / "data"
    if (data / "store.json").exists():
        assert os.stat(data / "store.json").st_mode & 0o777 == 0o600
