"""Checks on the rehearsal scenarios: the packaged file, filling, and the loader's validation."""

from __future__ import annotations

import re
from typing import Any

import pytest

from coach.partner import PRONOUN_SETS, Partner
from coach.scenarios import (
    TEXT_FIELDS,
    Scenario,
    load_scenarios,
    parse_scenario,
    parse_scenarios,
    scenario_by_id,
)

REQUIRED_IDS = (
    "film-scene",
    "friend-comment",
    "anniversary",
    "random-memory",
    "where-were-you",
    "goes-quiet",
    "recounts-detail",
    "cant-believe-you",
    "see-your-phone",
    "why-did-you",
    "not-sure-stay",
    "closeness-turns-cold",
    "family-event",
    "unknown-number",
    "small-lapse",
)

PARTNERS = tuple(Partner(pronouns=pronouns) for pronouns in PRONOUN_SETS) + (
    Partner(name="Sam", pronouns="they/them"),
)


def _valid(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "id": "test-moment",
        "title": "{They} ask{s} a question",
        "difficulty": 2,
        "setting": "You are at home with {partner}.",
        "says": "I need to ask you something.",
        "needs": "{They} need{s} a straight answer.",
        "fails": "Not now.",
        "fails_why": "It shuts {them} out.",
        "helps": "Of course. Ask me anything.",
        "helps_why": "It keeps the door open for {them}.",
        "tags": ["test"],
    }
    raw.update(changes)
    return raw


def test_packaged_scenarios_load() -> None:
    scenarios = load_scenarios()
    assert len(scenarios) >= 15
    assert all(isinstance(scenario, Scenario) for scenario in scenarios)
    assert not any(scenario.custom for scenario in scenarios)


def test_required_ids_exist() -> None:
    ids = {scenario.id for scenario in load_scenarios()}
    missing = set(REQUIRED_IDS) - ids
    assert not missing, missing


def test_ids_are_unique_kebab_case() -> None:
    ids = [scenario.id for scenario in load_scenarios()]
    assert len(ids) == len(set(ids))
    for scenario_id in ids:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", scenario_id), scenario_id


def test_every_difficulty_is_used() -> None:
    assert {scenario.difficulty for scenario in load_scenarios()} == {1, 2, 3}


def test_tags_are_a_few_lowercase_words() -> None:
    for scenario in load_scenarios():
        assert 1 <= len(scenario.tags) <= 5, scenario.id
        for tag in scenario.tags:
            assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", tag), (scenario.id, tag)


def test_replies_are_short_speech() -> None:
    for scenario in load_scenarios():
        for reply in (scenario.helps, scenario.fails):
            sentences = [s for s in re.split(r"(?<=[.?!])\s+", reply) if s.strip()]
            assert 1 <= len(sentences) <= 4, (scenario.id, reply)
        assert "forgive" not in scenario.helps.lower(), scenario.id


def test_partner_lines_have_no_quote_marks() -> None:
    for scenario in load_scenarios():
        assert not re.search('["\u201c\u201d]', scenario.says), scenario.id


@pytest.mark.parametrize("partner", PARTNERS, ids=lambda p: f"{p.name}-{p.pronouns}")
def test_filled_scenarios_leave_no_braces(partner: Partner) -> None:
    for scenario in load_scenarios():
        filled = scenario.filled(partner)
        for name in TEXT_FIELDS:
            text = getattr(filled, name)
            assert "{" not in text and "}" not in text, (scenario.id, name)
        assert filled.id == scenario.id and filled.tags == scenario.tags


def test_filling_uses_the_partner() -> None:
    scenario = scenario_by_id("where-were-you")
    assert scenario.filled(Partner("Robin", "he/him")).title == "He asks where you were"
    assert scenario.filled(Partner("Robin", "they/them")).title == "They ask where you were"
    assert "Robin" in scenario.filled(Partner("Robin", "she/her")).setting


def test_scenario_by_id_raises_for_unknown_ids() -> None:
    assert scenario_by_id("goes-quiet").id == "goes-quiet"
    with pytest.raises(KeyError):
        scenario_by_id("no-such-scenario")


def test_parse_accepts_a_valid_scenario() -> None:
    scenario = parse_scenario(_valid(tags=["Home"]), custom=True)
    assert scenario.custom
    assert scenario.tags == ("home",)
    assert scenario.difficulty == 2


@pytest.mark.parametrize("difficulty", [0, 4, -1, True, "2", 1.5])
def test_difficulty_outside_one_to_three_is_rejected(difficulty: object) -> None:
    with pytest.raises(ValueError, match="test-moment"):
        parse_scenario(_valid(difficulty=difficulty))


@pytest.mark.parametrize("missing", [*TEXT_FIELDS, "difficulty"])
def test_missing_field_names_the_scenario(missing: str) -> None:
    raw = _valid()
    del raw[missing]
    with pytest.raises(ValueError, match=f"test-moment.*{missing}"):
        parse_scenario(raw)


def test_empty_text_is_rejected() -> None:
    with pytest.raises(ValueError, match="test-moment.*helps"):
        parse_scenario(_valid(helps="   "))


def test_missing_id_is_rejected() -> None:
    raw = _valid()
    del raw["id"]
    with pytest.raises(ValueError, match="no id"):
        parse_scenario(raw)


def test_duplicate_ids_are_rejected() -> None:
    with pytest.raises(ValueError, match="test-moment"):
        parse_scenarios({"scenario": [_valid(), _valid(title="Another")]})


def test_a_file_without_scenarios_is_rejected() -> None:
    with pytest.raises(ValueError):
        parse_scenarios({})


def test_unknown_placeholder_is_rejected() -> None:
    with pytest.raises(ValueError, match="test-moment.*spouse"):
        parse_scenario(_valid(needs="{spouse} needs a minute."))


def test_stray_brace_is_rejected() -> None:
    with pytest.raises(ValueError, match="test-moment.*brace"):
        parse_scenario(_valid(fails="Fine {{ whatever"))


def test_bad_tags_are_rejected() -> None:
    with pytest.raises(ValueError, match="test-moment.*tags"):
        parse_scenario(_valid(tags="home"))
