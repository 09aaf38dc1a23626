"""`coach review apology|reply`: input handling, reports, JSON and exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from coach.cli import main

READY = (
    "I'm sorry. I lied to you about the money and hid the statements. It made you feel "
    "foolish for trusting me. That was my choice, and there is no excuse. From now on I "
    "will show you every statement."
)
VALIDATING = "You're right. I did that. Take all the time you need."


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_apology_from_a_file_ready_exits_zero(tmp_path, capsys):
    draft = tmp_path / "draft.txt"
    draft.write_text(READY, encoding="utf-8")
    assert main(["review", "apology", str(draft)]) == 0
    out = capsys.readouterr().out
    assert "ready" in out
    assert "Remorse" in out and "A plan for the future" in out


def test_apology_needing_work_exits_one_and_quotes_each_flag_with_advice(tmp_path, capsys):
    draft = tmp_path / "draft.txt"
    draft.write_text("I'm sorry, but I was stressed. Can we move on?", encoding="utf-8")
    assert main(["review", "apology", str(draft)]) == 1
    out = capsys.readouterr().out
    assert "needs work" in out
    assert "but I was" in out and "Can we move on" in out
    assert "Leave the reason out" in out


def test_apology_json_is_exactly_the_review(monkeypatch, capsys):
    _stdin(monkeypatch, "I’m sorry you feel that way.".encode())
    assert main(["review", "apology", "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert list(payload) == ["verdict", "ingredients", "flags"]
    assert payload["verdict"] == "needs_work"
    assert payload["flags"][0]["kind"] == "non_apology"
    assert payload["flags"][0]["text"] == "sorry you feel that way"


def test_dash_reads_standard_input(monkeypatch, capsys):
    _stdin(monkeypatch, READY.encode())
    assert main(["review", "apology", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "ready"


def test_markup_in_the_draft_is_printed_as_text(monkeypatch, capsys):
    _stdin(monkeypatch, b"[bold red]I'm sorry[/] if [link=x]you[/link] feel [/]that way")
    assert main(["review", "apology"]) == 1
    out = capsys.readouterr().out
    assert "[bold red]I'm sorry[/]" in out
    assert "[link=x]you[/link]" in out


def test_partner_option(monkeypatch, capsys):
    text = "I lied about the trip. Maya felt humiliated."
    _stdin(monkeypatch, text.encode())
    main(["review", "apology", "--json", "--partner", "Maya"])
    assert json.loads(capsys.readouterr().out)["ingredients"]["impact"] is True


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: str(tmp / "missing.txt"), "no such file"),
        (lambda tmp: str(tmp), "is a folder"),
        (lambda tmp: _write(tmp / "latin1.txt", "caf\u00e9".encode("latin-1")), "not UTF-8"),
        (lambda tmp: _write(tmp / "big.txt", b"a" * 100_001), "over 100,000 characters"),
    ],
)
def test_unreadable_input_is_a_usage_error(tmp_path, capsys, make, message):
    for kind in ("apology", "reply"):
        assert main(["review", kind, make(tmp_path)]) == 2
        captured = capsys.readouterr()
        assert message in captured.err
        assert "Traceback" not in captured.err
        assert len(captured.err.strip().splitlines()) == 1


def _write(path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def test_exactly_the_limit_is_accepted(tmp_path, capsys):
    path = _write(tmp_path / "limit.txt", ("\u00e9" * 100_000).encode())
    assert main(["review", "reply", "--json", path]) == 1
    assert json.loads(capsys.readouterr().out)["verdict"] == "mixed"


def test_bad_utf8_on_standard_input_is_a_usage_error(monkeypatch, capsys):
    _stdin(monkeypatch, b"\xff\xfe sorry")
    assert main(["review", "reply"]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_review_without_a_kind_is_a_usage_error(capsys):
    assert main(["review"]) == 2
    assert "coach review apology" in capsys.readouterr().err


def test_reply_validating_exits_zero_and_explains_the_score(monkeypatch, capsys):
    _stdin(monkeypatch, VALIDATING.encode())
    assert main(["review", "reply"]) == 0
    out = capsys.readouterr().out
    assert "validating" in out and "score" in out
    assert "How the score was reached" in out


def test_reply_json(monkeypatch, capsys):
    _stdin(monkeypatch, b"It was years ago. Let it go.")
    assert main(["review", "reply", "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert list(payload) == ["verdict", "score", "flags", "strengths"]
    assert payload["verdict"] == "defensive"
    assert {flag["kind"] for flag in payload["flags"]} == {"minimizing", "impatience"}


def test_reply_with_a_scenario_shows_the_line_and_a_reply_that_helps(monkeypatch, capsys):
    scenarios = pytest.importorskip("coach.scenarios")
    from coach.partner import Partner

    scenario = scenarios.load_scenarios()[0].filled(Partner())
    _stdin(monkeypatch, VALIDATING.encode())
    assert main(["review", "reply", "--scenario", scenario.id]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert " ".join(scenario.says.split())[:40] in out
    assert " ".join(scenario.helps.split())[:40] in out


def test_an_unknown_scenario_lists_the_known_ids(monkeypatch, capsys):
    scenarios = pytest.importorskip("coach.scenarios")
    _stdin(monkeypatch, VALIDATING.encode())
    assert main(["review", "reply", "--scenario", "no-such-moment"]) == 2
    err = capsys.readouterr().err
    assert "no-such-moment" in err
    assert scenarios.load_scenarios()[0].id in err


def test_help_has_an_example_for_each_subcommand(capsys):
    for kind in ("apology", "reply"):
        with pytest.raises(SystemExit):
            main(["review", kind, "--help"])
        out = capsys.readouterr().out
        assert "examples:" in out and f"coach review {kind}" in out


def test_python_dash_m_coach_review_apology_json_with_stdin(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "coach", "review", "apology", "--json"],
        input=READY.encode(),
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["verdict"] == "ready"
    assert all(payload["ingredients"].values())
