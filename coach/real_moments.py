""" "It happened for real": moments the past came up outside practice, and scenarios made of them.

A logged moment keeps the day, what the partner said, what the user said, how it went and
what they would say next time. One of them can become a scenario of the user's own, so the
answer they wish they had given is the one they rehearse. Those scenarios hold the user's
text as typed (cleaned): they are built directly, never run through placeholder filling,
where a typed brace would be read as a placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from coach.dates import parse_iso_date
from coach.errors import UsageError
from coach.scenarios import Scenario, load_scenarios
from coach.store import Store, new_id
from coach.textsafe import clean_line, clean_text

TABLE = "real_moments"
CUSTOM_TABLE = "custom_scenarios"
CUSTOM_PREFIX = "custom-"
CUSTOM_DIFFICULTY = 2
TITLE_CHARS = 60
FIELD_CHARS = 5_000
MOMENT_FIELDS = ("they_said", "what_i_said", "how_it_went", "next_time")

# Written for every scenario made from a real moment; no pronouns, so they read right for
# anyone, and no placeholders, because these scenarios are never filled.
CUSTOM_NEEDS = (
    "To be heard before anything is explained: the hurt named back in your own words, your "
    'part owned without a "but", and room to say more if there is more.'
)
CUSTOM_FAILS_WHY = (
    "This is what you said when it happened. Read it beside the answer you wrote afterwards "
    "and notice where it explained, defended or hurried things along."
)
CUSTOM_HELPS_WHY = (
    "You wrote this afterwards, with time to think. Saying it out loud here, again and again, "
    "is how it becomes the first thing you say."
)
CUSTOM_NOT_WRITTEN = "(Not written down.)"


@dataclass(frozen=True)
class RealMoment:
    """One time the past came up for real."""

    id: str
    when: date
    they_said: str
    what_i_said: str
    how_it_went: str
    next_time: str
    created_at: datetime
    scenario_id: str | None = None


@dataclass(frozen=True)
class Setback:
    """The newest real moment in a window, and the kind of built-in scenario it is closest to."""

    moment: RealMoment
    scenario_id: str | None
    tags: tuple[str, ...]


def parse_moment_day(text: str | date, today: date) -> date:
    """The day a moment happened: an ISO date, today or earlier."""
    day = text if isinstance(text, date) else parse_iso_date(text, what="The day it happened")
    if day > today:
        raise UsageError(
            f"The day it happened, {day.isoformat()}, is in the future. Use today "
            f"({today.isoformat()}) or an earlier day."
        )
    return day


def log_real_moment(
    store: Store,
    *,
    when: str | date,
    they_said: str,
    what_i_said: str = "",
    how_it_went: str = "",
    next_time: str = "",
    now: datetime,
    moment_id: str | None = None,
) -> RealMoment:
    """Save a real moment (a new one, or `moment_id` again); UsageError says what to fix."""
    day = parse_moment_day(when, now.date())
    texts = {
        "they_said": they_said,
        "what_i_said": what_i_said,
        "how_it_went": how_it_went,
        "next_time": next_time,
    }
    cleaned = {name: clean_text(value, limit=FIELD_CHARS).strip() for name, value in texts.items()}
    if not cleaned["they_said"]:
        raise UsageError(
            "Write down what was said to you first: it is the line you will practise answering."
        )
    existing = store.get(TABLE, moment_id) if moment_id else None
    record_id = moment_id or new_id("moment-")
    created = existing.get("created_at") if existing else None
    record = {
        "when": day.isoformat(),
        **cleaned,
        "created_at": created or now.isoformat(),
        "scenario_id": existing.get("scenario_id") if existing else None,
    }
    store.put(TABLE, record_id, record)
    moment = _moment_from({**record, "id": record_id})
    assert moment is not None
    return moment


def list_real_moments(store: Store) -> list[RealMoment]:
    """Every logged moment, newest day first."""
    moments = [m for m in map(_moment_from, store.records(TABLE).values()) if m is not None]
    moments.sort(key=lambda moment: (moment.when, moment.created_at), reverse=True)
    return moments


def get_real_moment(store: Store, moment_id: str) -> RealMoment:
    """One logged moment; KeyError if there is none."""
    moment = _moment_from(store.records(TABLE).get(moment_id) or {})
    if moment is None:
        raise KeyError(f"No real moment with id {moment_id!r}")
    return moment


def moment_to_scenario(store: Store, moment_id: str) -> Scenario:
    """Make (or refresh) the user's own scenario from a logged moment and return it."""
    moment = get_real_moment(store, moment_id)
    if not moment.next_time:
        raise UsageError(
            "Write what you would say next time first: it becomes the reply to compare with."
        )
    scenario_id = moment.scenario_id or new_id(CUSTOM_PREFIX)
    record = {
        "title": _title_from(moment.they_said) or f"What was said on {moment.when.isoformat()}",
        "difficulty": CUSTOM_DIFFICULTY,
        "setting": (
            f"This happened for real on {moment.when:%A} {moment.when.day} "
            f"{moment.when:%B %Y}. Here is the same moment again."
        ),
        "says": moment.they_said,
        "needs": CUSTOM_NEEDS,
        "fails": moment.what_i_said or CUSTOM_NOT_WRITTEN,
        "fails_why": CUSTOM_FAILS_WHY,
        "helps": moment.next_time,
        "helps_why": CUSTOM_HELPS_WHY,
        "tags": ["real"],
        "moment_id": moment.id,
    }
    with store.transaction():
        store.put(CUSTOM_TABLE, scenario_id, record)
        store.update(TABLE, moment.id, {"scenario_id": scenario_id})
    scenario = _scenario_from({**record, "id": scenario_id})
    assert scenario is not None
    return scenario


def load_custom_scenarios(store: Store) -> list[Scenario]:
    """The user's own scenarios, oldest first."""
    found = map(_scenario_from, store.records(CUSTOM_TABLE).values())
    return [scenario for scenario in found if scenario is not None]


def latest_setback(store: Store, since: date) -> Setback | None:
    """The newest real moment on or after `since`, with the tags of the closest built-in
    scenario (by shared words), so another screen can offer to rehearse that kind of moment."""
    recent = [moment for moment in list_real_moments(store) if moment.when >= since]
    if not recent:
        return None
    moment = recent[0]
    closest = closest_builtin(" ".join((moment.they_said, moment.what_i_said, moment.how_it_went)))
    if closest is None:
        return Setback(moment, None, ())
    return Setback(moment, closest.id, closest.tags)


def closest_builtin(text: str) -> Scenario | None:
    """The packaged scenario sharing the most words with `text`, or None if none shares any."""
    words = _content_words(text)
    best: tuple[int, Scenario] | None = None
    for scenario in load_scenarios():
        theirs = _content_words(" ".join((scenario.title, scenario.setting, scenario.says)))
        # A tag is what the scenario is about, so a tag word counts for more than any other.
        score = len(words & theirs) + 2 * len(words & set(scenario.tags))
        if score and (best is None or score > best[0]):
            best = (score, scenario)
    return best[1] if best else None


# Helpers -----------------------------------------------------------------------------------
_WORD = re.compile(r"[a-z']+")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_STOPWORDS = frozenset(
    "a about after again all also am an and any are as at be because been before being but by "
    "can could did do does doing don't for from had has have having he her here hers him his "
    "how i i'm if in into is it it's its just me my myself no not now of on once only or our "
    "out over said say says she so some still than that that's the their them then there "
    "these they this to too up very was we were what when where which while who why will with "
    "would you you're your yours".split()
)


def _content_words(text: str) -> set[str]:
    plain = _PLACEHOLDER.sub(" ", text.lower().replace("\u2019", "'"))
    return {word.strip("'") for word in _WORD.findall(plain)} - _STOPWORDS - {""}


def _title_from(said: str) -> str:
    first = next((line for line in said.splitlines() if line.strip()), said)
    title = clean_line(first, limit=len(first) + 1)
    if len(title) <= TITLE_CHARS:
        return title
    cut = title[: TITLE_CHARS - 1].rsplit(" ", 1)[0] or title[: TITLE_CHARS - 1]
    return cut.rstrip(" ,;:.") + "\u2026"


def _moment_from(record: Mapping[str, Any]) -> RealMoment | None:
    try:
        created = datetime.fromisoformat(str(record["created_at"]))
        if created.tzinfo is None:
            created = created.astimezone()
        scenario_id = record.get("scenario_id")
        return RealMoment(
            id=str(record["id"]),
            when=date.fromisoformat(str(record["when"])),
            they_said=str(record.get("they_said", "")),
            what_i_said=str(record.get("what_i_said", "")),
            how_it_went=str(record.get("how_it_went", "")),
            next_time=str(record.get("next_time", "")),
            created_at=created,
            scenario_id=str(scenario_id) if scenario_id else None,
        )
    except (KeyError, TypeError, ValueError):
        return None


def _scenario_from(record: Mapping[str, Any]) -> Scenario | None:
    try:
        texts = {
            name: str(record[name])
            for name in ("title", "setting", "says", "needs", "fails", "fails_why", "helps")
        }
        difficulty = record.get("difficulty", CUSTOM_DIFFICULTY)
        if type(difficulty) is not int or not 1 <= difficulty <= 3:
            difficulty = CUSTOM_DIFFICULTY
        return Scenario(
            id=str(record["id"]),
            difficulty=difficulty,
            helps_why=str(record.get("helps_why", CUSTOM_HELPS_WHY)),
            tags=tuple(str(tag) for tag in record.get("tags", ("real",))),
            custom=True,
            **texts,
        )
    except (KeyError, TypeError, ValueError):
        return None
