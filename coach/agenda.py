"""The check-in's agenda, built from the week: promises kept and broken (with their
notes), honesty and appreciation lines, and real moments when the past came up.

Also the browsable, searchable record of the logs, for reading back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from coach.journal import APPRECIATION, HONESTY, entries
from coach.store import Store

PROMISES = "promises"
CHECKS = "checks"


@dataclass(frozen=True)
class AgendaSection:
    title: str
    lines: tuple[str, ...]
    empty: str


@dataclass(frozen=True)
class LogItem:
    """One dated entry of any log, for browsing and search."""

    kind: str  # "Appreciation", "Honesty", "Real moment", "Check-in"
    day: date
    text: str


def week_window(today: date) -> tuple[date, date]:
    """The seven days ending today."""
    return today - timedelta(days=6), today


def _promise_lines(store: Store, first: date, last: date) -> tuple[str, ...]:
    promises = store.records(PROMISES)
    kept: dict[str, int] = {}
    broken: list[str] = []
    for check in store.records(CHECKS).values():
        day = str(check.get("date", ""))
        if not first.isoformat() <= day <= last.isoformat():
            continue
        text = str(promises.get(str(check.get("promise_id")), {}).get("text", "a promise"))
        if check.get("status") == "kept":
            kept[text] = kept.get(text, 0) + 1
        elif check.get("status") == "broken":
            note = str(check.get("note", "")).strip()
            broken.append(f"Broken on {day}: {text}" + (f" ({note})" if note else ""))
    lines = [f"Kept {count}x: {text}" for text, count in sorted(kept.items())]
    return tuple(lines + sorted(broken))


def _real_moment_lines(store: Store, first: date, last: date) -> tuple[str, ...]:
    from coach.real_moments import list_real_moments

    return tuple(
        f"{m.when.isoformat()}: they said \u201c{m.they_said}\u201d; how it went: "
        f"{m.how_it_went or 'not written'}"
        for m in list_real_moments(store)
        if first <= m.when <= last
    )


def week_agenda(store: Store, today: date) -> list[AgendaSection]:
    """What happened this week, in the order the check-in walks through it."""
    first, last = week_window(today)
    return [
        AgendaSection(
            "Promises", _promise_lines(store, first, last), "No promises were logged this week."
        ),
        AgendaSection(
            "Told before being asked",
            tuple(f"{e.day.isoformat()}: {e.text}" for e in entries(store, HONESTY, first, last)),
            "No honesty lines this week.",
        ),
        AgendaSection(
            "Appreciation",
            tuple(
                f"{e.day.isoformat()}: {e.text}" for e in entries(store, APPRECIATION, first, last)
            ),
            "No appreciation lines this week.",
        ),
        AgendaSection(
            "When the past came up",
            _real_moment_lines(store, first, last),
            "No real moments were logged this week.",
        ),
    ]


def agenda_lines(sections: list[AgendaSection]) -> list[str]:
    """The agenda flattened for keeping with the session's record."""
    lines = []
    for section in sections:
        lines.append(f"{section.title}:")
        lines.extend(f"  {line}" for line in section.lines or (section.empty,))
    return lines


def log_items(store: Store) -> list[LogItem]:
    """Every log entry, newest first."""
    from coach.checkins import QUESTIONS, list_checkins
    from coach.real_moments import list_real_moments

    items = [LogItem("Appreciation", e.day, e.text) for e in entries(store, APPRECIATION)]
    items += [LogItem("Honesty", e.day, e.text) for e in entries(store, HONESTY)]
    for m in list_real_moments(store):
        parts = [
            f"They said: {m.they_said}",
            f"I said: {m.what_i_said}",
            f"How it went: {m.how_it_went}",
            f"Next time: {m.next_time}",
        ]
        items.append(
            LogItem("Real moment", m.when, "\n".join(p for p in parts if not p.endswith(": ")))
        )
    for c in list_checkins(store):
        if not c.finished:
            continue
        labelled = [(question, c.answers.get(key, "")) for key, question in QUESTIONS]
        labelled += [
            ("I will:", c.answers.get("my_step", "")),
            ("They will:", c.answers.get("their_step", "")),
        ]
        lines = [f"{label} {answer.strip()}" for label, answer in labelled if answer.strip()]
        items.append(LogItem("Check-in", c.day, "\n".join(lines)))
    return sorted(items, key=lambda i: i.day, reverse=True)


def search_logs(store: Store, query: str) -> list[LogItem]:
    """Entries whose text holds every word of `query` (case-insensitive), newest first."""
    words = query.casefold().split()
    if not words:
        return log_items(store)
    return [item for item in log_items(store) if all(w in item.text.casefold() for w in words)]
