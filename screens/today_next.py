"""What Today points to next: the next lesson or unfinished worksheet, this week's
check-in, and after a setback, the kind of moment worth rehearsing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.app import App

from coach.checkins import checkin_status, schedule_from_worksheet
from coach.store import Store

SMALL_LAPSE = "small-lapse"


@dataclass(frozen=True)
class NextStep:
    """A line to show, and how to open what it names."""

    line: Text
    open: Callable[[App], Awaitable[None]]


def _hint(key: str, words: str, detail: str) -> Text:
    text = Text()
    text.append(f" {key} ", style="reverse bold")
    text.append(f" {words}: ", style="bold")
    text.append(detail)
    return text


def next_step(store: Store) -> NextStep | None:
    """The worksheet in progress, else the next unread lesson, else nothing."""
    from coach.worksheet_defs import load_worksheet_defs
    from coach.worksheets import IN_PROGRESS, worksheet_states

    states = worksheet_states(store)
    for defn in load_worksheet_defs():
        state = states.get(defn.id)
        if state is not None and state.status == IN_PROGRESS:

            async def open_worksheet(app: App, ws_id: str = defn.id) -> None:
                from coach.screens.worksheets import open_worksheet as show

                result = show(app, ws_id)
                if result is not None:
                    await result

            return NextStep(_hint("c", "Continue", f"the worksheet '{defn.title}'"), open_worksheet)

    from coach.guide import load_guide
    from coach.progress import next_unread, read_ids

    lesson = next_unread(load_guide(), read_ids(store))
    if lesson is None:
        return None

    async def open_lesson(app: App, lesson_id: str = lesson.id) -> None:
        await app.switch_mode("guide")
        app.screen.open_lesson(lesson_id)  # type: ignore[attr-defined]

    return NextStep(_hint("c", "Continue", f"the lesson '{lesson.title}'"), open_lesson)


def checkin_line(store: Store, today: date) -> Text:
    """This week's check-in in one line."""
    schedule_from_worksheet(store, today)
    status = checkin_status(store, today)
    text = Text()
    text.append("Weekly check-in: ", style="bold")
    if status.schedule is None:
        text.append("no day set yet (the worksheet 'Our new normal', or 6 then w).")
    elif status.done_this_week and status.next_day is None:
        text.append(f"this week's is done. {status.schedule.describe()}.")
    elif status.next_day is not None and status.next_day < today:
        text.append(f"overdue since {status.next_day.strftime('%A %d %B')}. Press 6 to start.")
    elif status.next_day == today:
        text.append(f"today at {status.schedule.time}. Press 6 to start.")
    elif status.next_day is not None:
        text.append(f"{status.next_day.strftime('%A %d %B')} at {status.schedule.time}.")
    if status.missed:
        text.append(f" Missed: {status.missed[-1].strftime('%d %b')}.", style="bold")
    return text


def setback_offer(store: Store, since: date) -> NextStep | None:
    """After a broken promise or a hard real moment since `since`: rehearse that kind."""
    from coach.real_moments import latest_setback

    setback = latest_setback(store, since)
    if setback is not None:
        scenario = setback.scenario_id or "surprise"
        detail = "a moment like the one you logged, so the answer you want comes first"
    elif any(
        c.get("status") == "broken" and str(c.get("date", "")) >= since.isoformat()
        for c in store.records("checks").values()
    ):
        scenario = SMALL_LAPSE
        detail = "a promise was broken lately; practise the moment it comes up"
    else:
        return None

    async def open_scenario(app: App, scenario_id: str = scenario) -> None:
        await app.switch_mode("rehearse")
        app.screen.open_scenario(scenario_id)  # type: ignore[attr-defined]

    return NextStep(_hint("r", "Rehearse", detail), open_scenario)
