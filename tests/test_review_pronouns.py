"""Review advice names the partner by the pronouns the user chose, everywhere it is shown."""

from __future__ import annotations

import pytest

from coach.cli import main
from coach.cli.review import PRONOUNS
from coach.partner import PRONOUN_SETS, Partner, fill
from coach.resources import read_toml
from coach.reviews import check_perspective, review_apology, review_reply
from coach.settings import load_settings, save_settings
from tests.helpers.screen import open_sheet, screen_text

IMPATIENT = "Why are we talking about this again? I said I was sorry."
HEDGED = "I am sorry if you felt hurt."
NO_IMPACT = "I am sorry. I lied to you about the money. It was my choice. I will stop."


def _advice_lines(table: object) -> list[str]:
    """Every `advice` string anywhere in a review book."""
    if isinstance(table, dict):
        found = [table["advice"]] if isinstance(table.get("advice"), str) else []
        return found + [line for value in table.values() for line in _advice_lines(value)]
    if isinstance(table, list):
        return [line for value in table for line in _advice_lines(value)]
    return []


@pytest.mark.parametrize(
    "book", ["reviews/apology.toml", "reviews/checks.toml", "reviews/reply.toml"]
)
def test_every_piece_of_advice_fills_for_every_choice_of_pronouns(book):
    lines = _advice_lines(read_toml(book))
    assert lines
    for pronouns in PRONOUN_SETS:
        for line in lines:
            filled = fill(line, Partner(pronouns=pronouns))  # an unknown placeholder raises
            assert "{" not in filled and "}" not in filled


@pytest.mark.parametrize(
    ("pronouns", "expected"),
    [
        ("she/her", "It puts a deadline on her healing, which tells her to hide it instead."),
        ("he/him", "It puts a deadline on his healing, which tells him to hide it instead."),
        (
            "they/them",
            "It puts a deadline on their healing, which tells them to hide it instead.",
        ),
        (None, "It puts a deadline on their healing, which tells them to hide it instead."),
        ("xe/xem", "It puts a deadline on their healing, which tells them to hide it instead."),
    ],
)
def test_reply_advice_follows_the_pronouns(pronouns, expected):
    assert [flag.advice for flag in review_reply(IMPATIENT, pronouns).flags] == [expected]


def test_verbs_agree_with_the_pronouns():
    reply = "It was years ago. You keep bringing it up."
    for pronouns, verb in (("she/her", "she feels"), ("they/them", "they feel")):
        advice = " ".join(flag.advice for flag in review_reply(reply, pronouns).flags)
        assert verb in advice, advice


def test_apology_and_perspective_advice_follow_the_pronouns():
    review = review_apology(NO_IMPACT, "Sam", "he/him")
    assert review.advice["impact"].startswith("Say what it did to him: what he felt")
    flags = check_perspective(HEDGED, "Sam", "she/her")
    assert [flag.advice for flag in flags] == [
        '"If" makes her hurt sound uncertain; write what happened to her as a fact.'
    ]
    assert "their hurt" in check_perspective(HEDGED)[0].advice


def test_the_command_line_takes_pronouns(tmp_path, capsys):
    draft = tmp_path / "reply.txt"
    draft.write_text(IMPATIENT, encoding="utf-8")
    assert main(["review", "reply", "--pronouns", "he/him", str(draft)]) == 1
    assert "deadline on his healing" in " ".join(capsys.readouterr().out.split())
    assert main(["review", "reply", str(draft)]) == 1
    assert "deadline on their healing" in " ".join(capsys.readouterr().out.split())

    apology = tmp_path / "apology.txt"
    apology.write_text(NO_IMPACT, encoding="utf-8")
    assert main(["review", "apology", "--pronouns", "she/her", str(apology)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "Its impact on her" in out and "Say what it did to her" in out


def test_the_command_line_refuses_pronouns_it_does_not_know(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["review", "reply", "--pronouns", "it/its", "-"])
    assert stopped.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_the_command_line_offers_what_settings_offers():
    assert set(PRONOUNS) == set(PRONOUN_SETS)


async def test_rehearse_advice_uses_the_partners_pronouns(welcomed_store, make_test_app):
    save_settings(welcomed_store, load_settings(welcomed_store).with_changes(pronouns="he/him"))
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        app.focused.insert(IMPATIENT)
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown = " ".join(screen_text(app).split())
        assert "deadline on his healing, which tells him" in shown
        assert "their healing" not in shown


async def test_a_worksheet_check_uses_the_partners_pronouns(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)  # Dana, she/her
    async with app.run_test(size=(110, 34)) as pilot:
        await open_sheet(pilot, "their-side", "felt")
        await pilot.press(*"She felt foolish. I am sorry if she felt hurt.")
        await pilot.pause(1.0)
        box = app.screen.query_one("#field-felt")
        box.scroll_visible(animate=False)
        await pilot.pause()
        shown = " ".join(screen_text(app).split())
        assert "makes her hurt sound uncertain; write what happened to her as a fact" in shown
