"""SVG snapshots of Rehearse: the picker with some practice behind it, and a reviewed reply."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from coach.rehearsal import record_attempt
from coach.screens.app import make_app
from tests.conftest import SNAPSHOT_SIZE

DEFENSIVE = "Why are we talking about this again? I said I was sorry."


@dataclass
class _Scored:
    score: int
    verdict: str = "mixed"
    flags: list = field(default_factory=list)


def _practised(store, clock) -> None:
    """A few evenings of practice, so the picker shows best scores and trends."""
    history = {
        "film-scene": (20, 45, 70, 85),
        "where-were-you": (35, 30, 55),
        "why-did-you": (15,),
    }
    for scenario_id, scores in history.items():
        for days_ago, score in enumerate(reversed(scores)):
            at = clock.now() - timedelta(days=days_ago, minutes=len(scenario_id))
            record_attempt(store, scenario_id, "practice", _Scored(score), at)


def test_picker(snap_compare, welcomed_store, clock):
    _practised(welcomed_store, clock)
    assert snap_compare(make_app(welcomed_store, clock), terminal_size=SNAPSHOT_SIZE, press=["5"])


def test_reviewed_reply(snap_compare, welcomed_store, clock):
    async def answer(pilot) -> None:
        await pilot.press("5", "enter")
        await pilot.press(*DEFENSIVE)
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert snap_compare(
        make_app(welcomed_store, clock), terminal_size=SNAPSHOT_SIZE, run_before=answer
    )
