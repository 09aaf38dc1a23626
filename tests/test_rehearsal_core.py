"""Rehearsal attempts, surprise picks, real moments and the scenarios made of them, without
any screen."""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.errors import UsageError
from coach.partner import Partner
from coach.real_moments import (
    CUSTOM_TABLE,
    closest_builtin,
    latest_setback,
    list_real_moments,
    load_custom_scenarios,
    log_real_moment,
    moment_to_scenario,
)
from coach.rehearsal import (
    TABLE,
    all_scenarios,
    attempts_for,
    best_score,
    clear_draft,
    find_scenario,
    load_draft,
    record_attempt,
    save_draft,
    scenario_summaries,
    score_trend,
    shown_scenario,
    surprise_pick,
)
from coach.scenarios import load_scenarios
from coach.store import Store

# The same fixed evening as the shared `clock` fixture.
FIXED_NOW = datetime(2026, 11, 24, 20, 15).astimezone()


@dataclass
class FakeFlag:
    kind: str


@dataclass
class FakeReview:
    score: int
    verdict: str = "mixed"
    flags: list[FakeFlag] = field(default_factory=list)


def _record(store: Store, scenario_id: str, score: int, minutes: int = 0) -> None:
    review = FakeReview(score, flags=[FakeFlag("minimising")] if score < 50 else [])
    record_attempt(store, scenario_id, "a reply", review, FIXED_NOW + timedelta(minutes=minutes))


def test_record_attempt_keeps_the_reply_score_verdict_and_flag_kinds(store: Store) -> None:
    review = FakeReview(31, "defensive", [FakeFlag("why-again"), FakeFlag("but-sorry")])
    attempt = record_attempt(store, "film-scene", "Why again?\x1b[31m", review, FIXED_NOW)
    saved = store.get(TABLE, attempt.id)
    assert saved is not None
    assert saved["text"] == "Why again?"  # the escape sequence is stripped before saving
    assert saved["score"] == 31
    assert saved["verdict"] == "defensive"
    assert saved["flag_kinds"] == ["why-again", "but-sorry"]
    assert saved["at"] == FIXED_NOW.isoformat()
    assert attempts_for(store, "film-scene") == [attempt]


def test_scores_outside_0_to_100_are_clamped(store: Store) -> None:
    _record(store, "film-scene", 140)
    _record(store, "anniversary", -5)
    assert best_score(store, "film-scene") == 100
    assert best_score(store, "anniversary") == 0


def test_best_score_trend_and_summaries(store: Store) -> None:
    assert best_score(store, "film-scene") is None
    assert score_trend(store, "film-scene") == []
    for minute, score in enumerate((20, 65, 40)):
        _record(store, "film-scene", score, minutes=minute)
    _record(store, "anniversary", 80)
    assert best_score(store, "film-scene") == 65
    assert score_trend(store, "film-scene") == [20, 65, 40]
    summary = scenario_summaries(store)["film-scene"]
    assert (summary.best, summary.last, summary.count) == (65, 40, 3)
    assert set(scenario_summaries(store)) == {"film-scene", "anniversary"}


def test_trend_keeps_only_the_most_recent_scores(store: Store) -> None:
    for minute in range(20):
        _record(store, "film-scene", minute * 5, minutes=minute)
    assert score_trend(store, "film-scene", length=4) == [80, 85, 90, 95]


def test_attempts_are_in_time_order_whatever_the_insertion_order(store: Store) -> None:
    _record(store, "film-scene", 70, minutes=10)
    _record(store, "film-scene", 30, minutes=1)
    assert score_trend(store, "film-scene") == [30, 70]


def test_a_broken_attempt_record_is_skipped(store: Store) -> None:
    store.insert(TABLE, {"scenario_id": "film-scene", "at": "not a time"})
    _record(store, "film-scene", 55)
    assert score_trend(store, "film-scene") == [55]


def test_surprise_never_tried_counts_as_worst() -> None:
    scenarios = load_scenarios()[:4]
    tried = [_attempt(scenario.id, 100) for scenario in scenarios if scenario is not scenarios[2]]
    picks = {surprise_pick(scenarios, tried, random.Random(seed)).id for seed in range(20)}
    assert picks == {scenarios[2].id}


def test_surprise_leans_to_the_worst_scored_and_is_deterministic(store: Store) -> None:
    scenarios = load_scenarios()
    for index, scenario in enumerate(scenarios):
        _record(store, scenario.id, 15 if scenario.id == "why-did-you" else 95, minutes=index)
    summaries = scenario_summaries(store)
    first = [surprise_pick(scenarios, summaries, random.Random(7)).id for _ in range(3)]
    assert first == [first[0]] * 3  # the same seed, the same pick
    picks = [surprise_pick(scenarios, summaries, random.Random(seed)).id for seed in range(200)]
    assert picks.count("why-did-you") > 150


def test_surprise_with_no_scenarios_says_so() -> None:
    with pytest.raises(ValueError):
        surprise_pick([], [], random.Random(1))


def test_drafts_are_kept_until_cleared(store: Store) -> None:
    save_draft(store, "moment", {"they_said": "You promised", "when": "2026-11-20"})
    assert load_draft(store, "moment")["they_said"] == "You promised"
    save_draft(store, "moment", {"they_said": "   "})  # nothing left to keep
    assert load_draft(store, "moment") == {}
    save_draft(store, "huge", {"text": "x" * 60_000})  # cut, never refused
    assert len(load_draft(store, "huge")["text"]) == 50_000
    save_draft(store, "reply:film-scene", {"text": "I hear you"})
    clear_draft(store, "reply:film-scene")
    assert load_draft(store, "reply:film-scene") == {}


# Real moments ------------------------------------------------------------------------------
def _log(store: Store, **overrides: object):
    fields = {
        "when": "2026-11-20",
        "they_said": "You always check your phone when I walk in.\nIt scares me.",
        "what_i_said": "That's ridiculous, I was reading the news.",
        "how_it_went": "Badly. We didn't speak all evening.",
        "next_time": "You're right to notice. Here, look at it with me.",
        "now": FIXED_NOW,
    }
    fields.update(overrides)
    return log_real_moment(store, **fields)  # type: ignore[arg-type]


def test_log_and_list_real_moments_newest_day_first(store: Store) -> None:
    older = _log(store, when="2026-11-02")
    newer = _log(store, when=date(2026, 11, 22))
    assert [moment.id for moment in list_real_moments(store)] == [newer.id, older.id]
    assert newer.created_at == FIXED_NOW


def test_a_real_moment_cannot_be_in_the_future(store: Store) -> None:
    with pytest.raises(UsageError, match="is in the future. Use today \\(2026-11-24\\)"):
        _log(store, when="2026-11-25")


def test_a_real_moment_needs_an_iso_date(store: Store) -> None:
    with pytest.raises(UsageError, match="2026-03-04"):
        _log(store, when="20/11/2026")


def test_a_real_moment_needs_what_they_said(store: Store) -> None:
    with pytest.raises(UsageError, match="what was said to you"):
        _log(store, they_said="  \n ")


def test_saving_a_moment_again_keeps_its_id_and_created_time(store: Store) -> None:
    first = _log(store)
    later = FIXED_NOW + timedelta(hours=1)
    again = _log(store, moment_id=first.id, how_it_went="Better the next morning.", now=later)
    assert again.id == first.id
    assert again.created_at == first.created_at
    assert list_real_moments(store)[0].how_it_went == "Better the next morning."


def test_a_moment_becomes_a_custom_scenario(store: Store) -> None:
    moment = _log(store)
    scenario = moment_to_scenario(store, moment.id)
    assert scenario.custom
    assert scenario.id.startswith("custom-")
    assert scenario.title == "You always check your phone when I walk in."
    assert scenario.difficulty == 2
    assert scenario.says == moment.they_said
    assert scenario.fails == moment.what_i_said
    assert scenario.helps == moment.next_time
    assert scenario.needs and scenario.fails_why and scenario.helps_why
    assert load_custom_scenarios(store) == [scenario]
    assert all_scenarios(store)[-1] == scenario
    assert find_scenario(store, scenario.id) == scenario
    # Turning it into a scenario twice refreshes the same one rather than adding another.
    assert moment_to_scenario(store, moment.id).id == scenario.id
    assert len(store.all(CUSTOM_TABLE)) == 1


def test_a_moment_needs_a_next_time_answer_to_become_a_scenario(store: Store) -> None:
    moment = _log(store, next_time="")
    with pytest.raises(UsageError, match="what you would say next time"):
        moment_to_scenario(store, moment.id)


def test_custom_scenario_text_with_braces_is_kept_as_typed(store: Store) -> None:
    moment = _log(store, they_said="You said {they} would {partner} change [b]", next_time="{x}")
    scenario = moment_to_scenario(store, moment.id)
    shown = shown_scenario(scenario, Partner("Dana", "she/her"))
    assert shown.says == "You said {they} would {partner} change [b]"
    assert shown.helps == "{x}"


def test_built_in_scenarios_are_shown_with_the_partners_words() -> None:
    scenario = find_scenario(Store.in_memory(), "where-were-you")
    assert shown_scenario(scenario, Partner("Dana", "she/her")).title == "She asks where you were"


def test_long_first_lines_make_a_short_title(store: Store) -> None:
    long_line = "I keep thinking about it " * 10
    scenario = moment_to_scenario(store, _log(store, they_said=long_line).id)
    assert len(scenario.title) <= 60
    assert scenario.title.endswith("\u2026")


def test_latest_setback_finds_the_closest_built_in(store: Store) -> None:
    since = date(2026, 11, 17)
    assert latest_setback(store, since) is None
    _log(store, when="2026-11-01")  # before the window
    assert latest_setback(store, since) is None
    moment = _log(store, when="2026-11-23")
    setback = latest_setback(store, since)
    assert setback is not None
    assert setback.moment.id == moment.id
    assert setback.scenario_id == "see-your-phone"
    assert "phone" in setback.tags


def test_closest_builtin_is_none_without_shared_words() -> None:
    assert closest_builtin("zzz qqq") is None


def test_the_core_does_not_import_textual() -> None:
    code = "import coach.rehearsal, coach.real_moments, sys; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False"


def _attempt(scenario_id: str, score: int):
    from coach.rehearsal import Attempt

    return Attempt("a", scenario_id, "", score, "validating", (), datetime(2026, 1, 1))


@settings(max_examples=60, deadline=None)
@given(said=st.text(min_size=1, max_size=300), next_time=st.text(min_size=1, max_size=120))
def test_any_words_become_a_scenario_kept_as_typed(said: str, next_time: str) -> None:
    store = Store.in_memory()
    try:
        moment = _log(store, they_said=said, next_time=next_time)
        scenario = moment_to_scenario(store, moment.id)
    except UsageError:
        return  # nothing but blanks: refused with a message, not a crash
    assert scenario.says == moment.they_said
    assert scenario.helps == moment.next_time
    assert 0 < len(scenario.title) <= 60
    assert shown_scenario(scenario, Partner("Dana", "they/them")) == scenario
