"""Rehearsal attempts: every practised reply, its score, and what the picker shows of them.

An attempt is kept whole (the reply, its score, verdict and the kinds of phrase flagged) so
the picker can show a best score and a trend, and "Surprise me" can lean towards the
moments the user still answers worst. Nothing here knows about screens.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from coach.partner import Partner
from coach.real_moments import load_custom_scenarios
from coach.scenarios import Scenario, load_scenarios
from coach.store import Store, new_id
from coach.textsafe import MAX_TEXT_CHARS, clean_text, strip_controls

TABLE = "rehearsal_attempts"
DRAFTS_TABLE = "rehearse_drafts"
MAX_REPLY_CHARS = 5_000
"""A spoken reply is a few sentences; this is far past any of them."""
TREND_LENGTH = 12
"""How many recent scores a trend shows: enough to see a direction in a narrow column."""


class ReviewLike(Protocol):
    """What an attempt keeps of a reply review (see coach.reviews.reply)."""

    score: int
    verdict: str
    flags: Sequence[Any]


@dataclass(frozen=True)
class Attempt:
    """One practised reply to one scenario."""

    id: str
    scenario_id: str
    text: str
    score: int
    verdict: str
    flag_kinds: tuple[str, ...]
    at: datetime


@dataclass(frozen=True)
class ScenarioSummary:
    """How practice on one scenario has gone so far."""

    scenario_id: str
    best: int
    last: int
    count: int
    trend: tuple[int, ...]


def record_attempt(
    store: Store, scenario_id: str, text: str, review: ReviewLike, now: datetime
) -> Attempt:
    """Save one reviewed reply and return it."""
    cleaned = clean_text(text, limit=MAX_REPLY_CHARS, what="This reply")
    attempt = Attempt(
        id=new_id("att-"),
        scenario_id=scenario_id,
        text=cleaned,
        score=_clamp_score(review.score),
        verdict=str(review.verdict),
        flag_kinds=tuple(str(getattr(flag, "kind", "")) for flag in review.flags),
        at=now,
    )
    store.insert(
        TABLE,
        {
            "scenario_id": attempt.scenario_id,
            "text": attempt.text,
            "score": attempt.score,
            "verdict": attempt.verdict,
            "flag_kinds": list(attempt.flag_kinds),
            "at": attempt.at.isoformat(),
        },
        record_id=attempt.id,
    )
    return attempt


def all_attempts(store: Store) -> list[Attempt]:
    """Every attempt, oldest first; records that cannot be read are skipped, not fatal."""
    attempts = [a for a in map(_attempt_from, store.records(TABLE).values()) if a is not None]
    attempts.sort(key=lambda attempt: attempt.at)
    return attempts


def attempts_for(store: Store, scenario_id: str) -> list[Attempt]:
    """The attempts at one scenario, oldest first."""
    return [attempt for attempt in all_attempts(store) if attempt.scenario_id == scenario_id]


def best_score(store: Store, scenario_id: str) -> int | None:
    """The highest score on a scenario, or None if it was never tried."""
    scores = [attempt.score for attempt in attempts_for(store, scenario_id)]
    return max(scores) if scores else None


def score_trend(store: Store, scenario_id: str, length: int = TREND_LENGTH) -> list[int]:
    """The most recent scores on a scenario, oldest first, for a sparkline."""
    return [attempt.score for attempt in attempts_for(store, scenario_id)][-length:]


def scenario_summaries(store: Store) -> dict[str, ScenarioSummary]:
    """Best, last, count and trend for every scenario tried at least once."""
    by_scenario: dict[str, list[int]] = {}
    for attempt in all_attempts(store):
        by_scenario.setdefault(attempt.scenario_id, []).append(attempt.score)
    return {
        scenario_id: ScenarioSummary(
            scenario_id=scenario_id,
            best=max(scores),
            last=scores[-1],
            count=len(scores),
            trend=tuple(scores[-TREND_LENGTH:]),
        )
        for scenario_id, scores in by_scenario.items()
    }


def surprise_pick(
    scenarios: Sequence[Scenario],
    attempts: Iterable[Attempt] | Mapping[str, ScenarioSummary],
    rng: random.Random,
) -> Scenario:
    """A scenario chosen at random, leaning hard towards the ones answered worst.

    A scenario's weight grows with the square of how far its best score is from 100, and a
    scenario never tried counts as scored 0, so a moment not yet faced is the likeliest pick.
    """
    if not scenarios:
        raise ValueError("There are no scenarios to choose from")
    best = _best_scores(attempts)
    weights = [(101 - best.get(scenario.id, 0)) ** 2 for scenario in scenarios]
    return rng.choices(list(scenarios), weights=weights, k=1)[0]


def shown_scenario(scenario: Scenario, partner: Partner) -> Scenario:
    """The scenario as the screen shows it: built-in text filled with the partner's words.

    A custom scenario is the user's own text and is never filled: a brace they typed is
    just a brace.
    """
    return scenario if scenario.custom else scenario.filled(partner)


def all_scenarios(store: Store) -> list[Scenario]:
    """The packaged scenarios, then the user's own, oldest first."""
    return [*load_scenarios(), *load_custom_scenarios(store)]


def find_scenario(store: Store, scenario_id: str) -> Scenario:
    """The built-in or custom scenario with this id; KeyError if there is none."""
    for scenario in all_scenarios(store):
        if scenario.id == scenario_id:
            return scenario
    raise KeyError(f"No scenario with id {scenario_id!r}")


# Drafts ------------------------------------------------------------------------------------
def save_draft(store: Store, key: str, fields: Mapping[str, str]) -> None:
    """Keep unsent text (a reply being written, a moment half logged) under `key`.

    Never raises on length: a draft is written from a timer and on quit, where an error
    would lose everything, so text past the store's limit is cut rather than refused.
    """
    cleaned = {name: strip_controls(value)[:MAX_TEXT_CHARS] for name, value in fields.items()}
    if not any(value.strip() for value in cleaned.values()):
        clear_draft(store, key)
        return
    if store.records(DRAFTS_TABLE).get(key, {}).get("fields") == cleaned:
        return  # unchanged: spare the disk a write
    store.put(DRAFTS_TABLE, key, {"fields": cleaned})


def load_draft(store: Store, key: str) -> dict[str, str]:
    """The text kept under `key`, or an empty dict."""
    record = store.records(DRAFTS_TABLE).get(key)
    fields = record.get("fields") if record else None
    if not isinstance(fields, Mapping):
        return {}
    return {str(name): str(value) for name, value in fields.items()}


def clear_draft(store: Store, key: str) -> None:
    if key in store.records(DRAFTS_TABLE):
        store.remove(DRAFTS_TABLE, key)


# Helpers -----------------------------------------------------------------------------------
def _best_scores(attempts: Iterable[Attempt] | Mapping[str, ScenarioSummary]) -> dict[str, int]:
    if isinstance(attempts, Mapping):
        return {scenario_id: summary.best for scenario_id, summary in attempts.items()}
    best: dict[str, int] = {}
    for attempt in attempts:
        best[attempt.scenario_id] = max(best.get(attempt.scenario_id, 0), attempt.score)
    return best


def _clamp_score(score: object) -> int:
    try:
        value = int(score)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0
    return max(0, min(100, value))


def _attempt_from(record: Mapping[str, Any]) -> Attempt | None:
    try:
        at = datetime.fromisoformat(str(record["at"]))
        if at.tzinfo is None:
            at = at.astimezone()  # an aware time everywhere, so attempts always sort
        return Attempt(
            id=str(record["id"]),
            scenario_id=str(record["scenario_id"]),
            text=str(record.get("text", "")),
            score=_clamp_score(record.get("score")),
            verdict=str(record.get("verdict", "")),
            flag_kinds=tuple(str(kind) for kind in record.get("flag_kinds", ())),
            at=at,
        )
    except (KeyError, TypeError, ValueError):
        return None
