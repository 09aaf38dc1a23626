"""Everything the app keeps appears in `coach export`, and survives a round trip:
promises and checks, worksheets, rehearsal attempts, real moments, logs, goals and
check-ins."""

from __future__ import annotations

import json
from datetime import date

from coach.checkins import finish_checkin, set_schedule, start_checkin
from coach.cli import main
from coach.export import export_data, export_markdown
from coach.goals import add_goal
from coach.journal import add_appreciation, add_honesty
from coach.promises import add_promise, check
from coach.real_moments import log_real_moment
from coach.rehearsal import record_attempt
from coach.reviews import review_reply
from coach.schedule import Schedule
from coach.store import Store
from coach.worksheets import save_answers
from tests.conftest import FIXED_NOW

DAY = date(2026, 11, 23)


def everything(store: Store) -> Store:
    promise = add_promise(store, "Text when I leave work", Schedule.daily(), date(2026, 11, 1))
    check(store, promise.id, DAY, "kept", now=FIXED_NOW)
    save_answers(store, "their-side", {"saw": "She found the messages"}, FIXED_NOW)
    reply = "You're right. I did that. Talk to me."
    record_attempt(store, "film-scene", reply, review_reply(reply), FIXED_NOW)
    log_real_moment(store, when=DAY, they_said="Where were you?", now=FIXED_NOW)
    add_appreciation(store, "She fixed the gate", DAY, FIXED_NOW)
    add_honesty(store, "Told her about the reunion email", DAY, FIXED_NOW)
    add_goal(store, "A weekend by the sea", "Pick a month", FIXED_NOW)
    set_schedule(store, "Sunday", "19:30", since=date(2026, 11, 1))
    session = start_checkin(store, DAY, FIXED_NOW, ["Promises:"])
    finish_checkin(store, session.id, {"how_are_we": "Steadier"}, 1800, FIXED_NOW, DAY)
    return store


def test_every_kind_of_record_is_exported(clock):
    data = export_data(everything(Store.in_memory(clock)), FIXED_NOW)
    for table in (
        "promises",
        "checks",
        "worksheets",
        "rehearsal_attempts",
        "real_moments",
        "appreciations",
        "honesty",
        "goals",
        "checkins",
        "schedule",
    ):
        assert data.get(table), f"{table} is missing from the export"
    assert data["checkins"][0]["answers"]["how_are_we"] == "Steadier"
    assert data["rehearsal_attempts"][0]["text"] == "You're right. I did that. Talk to me."
    markdown = export_markdown(everything(Store.in_memory(clock)), FIXED_NOW)
    for words in ("She found the messages", "She fixed the gate", "Where were you?"):
        assert words in markdown


def test_export_then_import_into_an_empty_store_is_identical(tmp_path, clock, capsys):
    source, target = tmp_path / "source", tmp_path / "target"
    everything(Store.open(source, clock))
    out = tmp_path / "export.json"
    assert main(["--data-dir", str(source), "export", "--format", "json", "-o", str(out)]) == 0
    assert main(["--data-dir", str(target), "import", str(out)]) == 0
    again = tmp_path / "again.json"
    assert main(["--data-dir", str(target), "export", "--format", "json", "-o", str(again)]) == 0
    first, second = json.loads(out.read_text()), json.loads(again.read_text())
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second
    assert out.stat().st_mode & 0o777 == 0o600
