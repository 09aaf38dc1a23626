"""Shared goals: something to build together, so the focus moves from repair to a future.
Added and updated in the weekly check-in; the "Our new normal" worksheet's goals are
brought in the first time the check-in opens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coach.errors import UsageError
from coach.store import Store, new_id
from coach.textsafe import clean_line

TABLE = "goals"
GOAL_CHARS = 300


@dataclass(frozen=True)
class Goal:
    id: str
    text: str
    first_step: str
    done: bool
    created_at: str
    completed_at: str | None


def _goal(record: dict) -> Goal:
    return Goal(
        id=str(record["id"]),
        text=str(record.get("text", "")),
        first_step=str(record.get("first_step", "")),
        done=bool(record.get("done", False)),
        created_at=str(record.get("created_at", "")),
        completed_at=record.get("completed_at"),
    )


def add_goal(store: Store, text: str, first_step: str, now: datetime) -> Goal:
    text = clean_line(text, limit=GOAL_CHARS, what="The goal")
    if not text:
        raise UsageError("A goal needs a few words. Nothing was saved.")
    record = {
        "text": text,
        "first_step": clean_line(first_step, limit=GOAL_CHARS, what="The first step"),
        "done": False,
        "created_at": now.isoformat(timespec="seconds"),
        "completed_at": None,
    }
    goal_id = store.insert(TABLE, record, record_id=new_id("g"))
    return _goal({**record, "id": goal_id})


def update_goal(store: Store, goal_id: str, text: str, first_step: str) -> Goal:
    text = clean_line(text, limit=GOAL_CHARS, what="The goal")
    if not text:
        raise UsageError("A goal needs a few words; to drop it, mark it done instead.")
    store.update(
        TABLE,
        goal_id,
        {
            "text": text,
            "first_step": clean_line(first_step, limit=GOAL_CHARS, what="The first step"),
        },
    )
    return _goal(store.get(TABLE, goal_id) or {})


def set_goal_done(store: Store, goal_id: str, now: datetime, done: bool = True) -> Goal:
    store.update(
        TABLE,
        goal_id,
        {
            "done": done,
            "completed_at": now.isoformat(timespec="seconds") if done else None,
        },
    )
    return _goal(store.get(TABLE, goal_id) or {})


def list_goals(store: Store, include_done: bool = True) -> list[Goal]:
    goals = [_goal(dict(r)) for r in store.records(TABLE).values()]
    goals.sort(key=lambda g: (g.done, g.created_at))
    return [g for g in goals if include_done or not g.done]


def import_worksheet_goals(store: Store, rows: list[dict], now: datetime) -> list[Goal]:
    """Add goals written in the worksheet that the goals list does not have yet."""
    known = {g.text.casefold() for g in list_goals(store)}
    added = []
    for row in rows:
        text = " ".join(str(row.get("goal", "")).split())
        if text and text.casefold() not in known:
            added.append(add_goal(store, text, str(row.get("first_step", "")), now))
            known.add(text.casefold())
    return added
