"""Rehearsal scenarios: hard moments the user can practise answering before they happen.

The scenarios live in `content/rehearse/scenarios.toml` and are read once per process.
Each one is written with partner placeholders; `Scenario.filled` turns them into the
user's own partner's name and pronouns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from coach.partner import Partner, fill, known_placeholders, placeholders_in
from coach.resources import read_toml

SCENARIOS_FILE = "rehearse/scenarios.toml"

# Text fields, in the order a reader meets them; all are required and all may hold placeholders.
TEXT_FIELDS = (
    "title",
    "setting",
    "says",
    "needs",
    "fails",
    "fails_why",
    "helps",
    "helps_why",
)
DIFFICULTIES = range(1, 4)


@dataclass(frozen=True)
class Scenario:
    """One moment to rehearse: what happens, what the partner says, and two possible replies."""

    id: str
    title: str
    difficulty: int
    setting: str
    says: str
    needs: str
    fails: str
    fails_why: str
    helps: str
    helps_why: str
    tags: tuple[str, ...]
    custom: bool = False

    def filled(self, partner: Partner) -> Scenario:
        """A copy with every placeholder replaced by this partner's name and pronouns."""
        return dataclasses.replace(
            self,
            title=fill(self.title, partner),
            setting=fill(self.setting, partner),
            says=fill(self.says, partner),
            needs=fill(self.needs, partner),
            fails=fill(self.fails, partner),
            fails_why=fill(self.fails_why, partner),
            helps=fill(self.helps, partner),
            helps_why=fill(self.helps_why, partner),
        )


def parse_scenario(raw: Mapping[str, Any], *, custom: bool = False) -> Scenario:
    """Build one scenario from a TOML table; raise ValueError naming the scenario if it is bad."""
    scenario_id = raw.get("id")
    if not isinstance(scenario_id, str) or not scenario_id.strip():
        raise ValueError(f"A scenario has no id (title: {raw.get('title')!r})")
    label = f"Scenario {scenario_id!r}"

    missing = [name for name in (*TEXT_FIELDS, "difficulty") if name not in raw]
    if missing:
        raise ValueError(f"{label} is missing {', '.join(missing)}")

    texts: dict[str, str] = {}
    for name in TEXT_FIELDS:
        value = raw[name]
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{label}: {name} must be non-empty text")
        check_placeholders(value, f"{label}, {name}")
        texts[name] = value.strip()

    difficulty = raw["difficulty"]
    # bool is an int in Python; `difficulty = true` is a typo, not a level.
    if isinstance(difficulty, bool) or not isinstance(difficulty, int):
        raise ValueError(f"{label}: difficulty must be a whole number from 1 to 3")
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"{label}: difficulty {difficulty} is outside 1 to 3")

    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) and tag for tag in tags):
        raise ValueError(f"{label}: tags must be a list of words")

    return Scenario(
        id=scenario_id,
        difficulty=difficulty,
        tags=tuple(tag.lower() for tag in tags),
        custom=custom,
        **texts,
    )


def parse_scenarios(data: Mapping[str, Any]) -> tuple[Scenario, ...]:
    """Every scenario in a parsed scenarios file (`[[scenario]]` tables), ids unique."""
    tables = data.get("scenario")
    if not isinstance(tables, list) or not tables:
        raise ValueError("The scenarios file has no [[scenario]] tables")
    scenarios = tuple(parse_scenario(table) for table in tables)
    _check_unique(scenario.id for scenario in scenarios)
    return scenarios


@cache
def load_scenarios() -> tuple[Scenario, ...]:
    """The packaged scenarios, in file order; read and checked once per process."""
    return parse_scenarios(read_toml(SCENARIOS_FILE))


def scenario_by_id(scenario_id: str) -> Scenario:
    """The packaged scenario with this id; KeyError if there is none."""
    for scenario in load_scenarios():
        if scenario.id == scenario_id:
            return scenario
    raise KeyError(f"No scenario with id {scenario_id!r}")


def _check_unique(ids: Iterable[str]) -> None:
    seen: set[str] = set()
    for scenario_id in ids:
        if scenario_id in seen:
            raise ValueError(f"Scenario {scenario_id!r} appears more than once")
        seen.add(scenario_id)


def check_placeholders(text: str, where: str) -> None:
    """Raise ValueError on an unknown placeholder or a stray brace in content text.

    Checking at load time makes a typo fail the content tests, not a screen at night.
    """
    unknown = placeholders_in(text) - known_placeholders()
    if unknown:
        raise ValueError(f"{where}: unknown placeholder {{{sorted(unknown)[0]}}}")
    stripped = text
    for name in placeholders_in(text):
        stripped = stripped.replace("{" + name + "}", "")
    if "{" in stripped or "}" in stripped:
        raise ValueError(f"{where}: a brace that is not a placeholder")
