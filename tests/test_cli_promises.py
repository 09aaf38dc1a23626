"""The promise commands as a user types them: output, exit codes, and what the store holds."""

from __future__ import annotations

import json
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from coach import promises as core
from coach.cli import context, main
from coach.clock import FixedClock
from coach.store import CORRUPT_EXIT_CODE, Store
from tests.conftest import FIXED_NOW

TODAY = FIXED_NOW.date()  # Tuesday 24 November 2026


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(context, "CLOCK", FixedClock(FIXED_NOW))
    monkeypatch.delenv("COACH_PASSPHRASE", raising=False)
    monkeypatch.delenv("COACH_DATA_DIR", raising=False)
    return tmp_path / "data"


@pytest.fixture
def coach(data_dir: Path, capsys: pytest.CaptureFixture):
    """Run `coach --data-dir DIR ARGS...`; return (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data_dir), *args])
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    return run


def stored(data_dir: Path) -> Store:
    return Store.open(data_dir, FixedClock(FIXED_NOW))


def test_add_list_and_check(coach, data_dir):
    code, out, _ = coach("promise", "add", "Text if I'll be late", "--from", "2026-11-20")
    assert code == 0 and "Added 'Text if I'll be late' (every day from Fri 20 Nov 2026)" in out
    coach("promise", "add", "Walk together", "--every", "mo,we,fr", "--at", "19:30")
    code, out, _ = coach("promise", "list")
    assert code == 0 and "Walk together" in out and "Mon, Wed, Fri" in out and "19:30" in out

    code, out, _ = coach("check", "text if")
    assert code == 0
    assert out.startswith("Kept: Text if I'll be late, today. Another brick.")
    (entry,) = core.day_entries(stored(data_dir), TODAY)
    assert (entry.status, entry.late) == ("kept", False)


def test_list_json_and_archived(coach):
    coach("promise", "add", "Walk", "--every", "every:3", "--from", "2026-11-01")
    coach("promise", "add", "Call")
    coach("promise", "archive", "call")
    _, out, _ = coach("promise", "list", "--json")
    (walk,) = json.loads(out)
    assert walk["text"] == "Walk" and walk["schedule"] == "FREQ=DAILY;INTERVAL=3"
    assert walk["every"] == "every 3 days" and walk["start"] == "2026-11-01"
    _, out, _ = coach("promise", "list", "--json", "--all")
    assert [p["text"] for p in json.loads(out)] == ["Walk", "Call"]
    assert json.loads(out)[1]["archived"] is True


def test_an_ambiguous_promise_prints_the_candidates_and_changes_nothing(coach, data_dir):
    coach("promise", "add", "Walk together")
    coach("promise", "add", "Walk the dog")
    code, out, err = coach("check", "walk")
    assert code != 0 and out == ""
    assert err.startswith("coach: 'walk' matches 2 promises")
    ids = [p.id for p in core.list_promises(stored(data_dir))]
    assert all(promise_id in err for promise_id in ids)
    assert "Walk together" in err and "Walk the dog" in err
    assert stored(data_dir).all(core.CHECKS) == []


def test_an_unknown_promise_lists_what_there_is(coach):
    coach("promise", "add", "Walk together")
    code, _, err = coach("check", "swim")
    assert code != 0
    assert "No promise matches 'swim'" in err and "Walk together" in err


def test_broken_needs_a_note_and_the_message_says_how(coach, data_dir):
    coach("promise", "add", "Walk")
    code, _, err = coach("check", "walk", "--broken")
    assert code == 2
    assert "takes an honest note" in err and '--note "..."' in err
    code, out, _ = coach("check", "walk", "--broken", "--note", "I skipped it; I'll ask first.")
    assert code == 0 and "Logged as broken: Walk, today" in out
    (entry,) = core.day_entries(stored(data_dir), TODAY)
    assert (entry.status, entry.note) == ("broken", "I skipped it; I'll ask first.")


def test_dates_future_past_and_unreadable(coach, data_dir):
    coach("promise", "add", "Walk", "--from", "2026-11-01")
    code, _, err = coach("check", "walk", "--date", "2026-11-25")
    assert code == 2
    assert "You can't log a day that hasn't happened yet (Wed 2026-11-25" in err
    code, _, err = coach("check", "walk", "--date", "24/11/2026")
    assert code == 2 and "is not a date I can read" in err
    code, out, _ = coach("check", "walk", "--date", "2026-11-20")
    assert code == 0 and "Fri 20 Nov 2026 (logged late)" in out
    code, out, _ = coach("check", "walk", "--date", "yesterday")
    assert code == 0 and "(logged late)" not in out
    dates = sorted(r["date"] for r in stored(data_dir).all(core.CHECKS))
    assert dates == ["2026-11-20", "2026-11-23"]


def test_rename_keeps_history_and_undo(coach, data_dir):
    coach("promise", "add", "Walk")
    coach("check", "walk")
    code, out, _ = coach("promise", "rename", "walk", "Walk together after dinner")
    assert code == 0 and "Renamed 'Walk' to 'Walk together after dinner'" in out
    (entry,) = core.day_entries(stored(data_dir), TODAY)
    assert entry.status == "kept"
    code, out, _ = coach("undo")
    assert code == 0 and out.strip() == "Undid: renamed 'Walk' to 'Walk together after dinner'."
    coach("undo")
    code, out, _ = coach("undo")
    assert out.strip() == "Nothing to undo."
    assert stored(data_dir).all(core.CHECKS) == []


def test_today_shows_marks_and_user_text_is_never_markup(coach):
    coach("promise", "add", "[bold red]Walk[/] together")
    coach("promise", "add", "Call")
    coach("check", "call", "--note", "Nice chat [link=x]")
    _, out, _ = coach("today")
    assert "Tuesday 24 November 2026" in out
    assert "[ ] [bold red]Walk[/] together" in out
    assert "[x] Call - Nice chat [link=x]" in out
    assert "Streak: 0 days" in out and "Today counts once everything due is logged" in out
    _, out, _ = coach("promise", "list")
    assert "[bold red]Walk[/] together" in out


def test_streak_json(coach):
    coach("promise", "add", "Walk", "--from", "2026-11-22")
    for day in ("2026-11-22", "2026-11-23", "2026-11-24"):
        coach("check", "walk", "--date", day)
    code, out, _ = coach("streak", "--json")
    report = json.loads(out)
    assert code == 0 and report["today"] == "2026-11-24"
    assert report["overall"]["current_streak"] == 3
    assert report["overall"]["kept_rate_7"] == 1.0
    assert report["promises"][0]["text"] == "Walk"
    _, out, _ = coach("streak")
    assert "Streak: 3 days" in out and "A day is kept when every promise due" in out


def test_the_month_calendar_has_states_and_a_legend(coach):
    coach("promise", "add", "Walk", "--from", "2026-11-20")
    coach("check", "walk", "--date", "2026-11-21")
    coach("check", "walk", "--date", "2026-11-22", "--broken", "--note", "Forgot.")
    code, out, _ = coach("calendar")
    assert code == 0 and "November 2026" in out
    assert "21✓" in out and "22✗" in out and "20?" in out and "19·" in out
    for name in ("all kept", "partly kept", "broken", "not logged", "nothing due"):
        assert name in out
    code, out, _ = coach("calendar", "--month", "2026-02")
    assert "February 2026" in out
    code, _, err = coach("calendar", "--month", "2026-13")
    assert code == 2 and "Use YYYY-MM" in err


def test_ics_has_rrules_stable_uids_and_the_checkin(coach, data_dir, tmp_path):
    coach("promise", "add", "Walk", "--every", "mo,we,fr", "--at", "19:30", "--from", "2026-11-03")
    coach("promise", "add", "Call", "--every", "every:3", "--from", "2026-11-03")
    store = stored(data_dir)
    store.put(
        "schedule",
        "checkin",
        {
            "weekday": 6,
            "time": "18:00",
            "since": "2026-11-03",
            "rule": "FREQ=WEEKLY;BYDAY=SU;BYHOUR=18;BYMINUTE=0",
        },
    )
    target = tmp_path / "out" / "promises.ics"
    code, _, err = coach("calendar", "--ics", "-o", str(target))
    assert code == 0 and str(target) in err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    events = {str(e["summary"]): e for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    ids = {p.text: p.id for p in core.list_promises(stored(data_dir))}
    assert str(events["Walk"]["uid"]) == f"{ids['Walk']}@trust-coach"
    assert events["Walk"]["rrule"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO,WE,FR"
    assert events["Walk"].decoded("dtstart").isoformat() == "2026-11-04T19:30:00"  # first due
    assert events["Call"]["rrule"].to_ical() == b"FREQ=DAILY;INTERVAL=3"
    assert events["Call"].decoded("dtstart").isoformat() == "2026-11-03"
    assert str(events["Weekly check-in"]["uid"]) == "checkin@trust-coach"
    assert events["Weekly check-in"].decoded("dtstart").isoformat() == "2026-11-08T18:00:00"
    _, again, _ = coach("calendar", "--ics")
    uids = {str(e["uid"]) for e in Calendar.from_ical(again).walk("VEVENT")}
    assert uids == {str(e["uid"]) for e in events.values()}


def test_an_archived_promise_ends_in_the_calendar(coach):
    coach("promise", "add", "Walk", "--from", "2026-11-03")
    coach("promise", "archive", "walk")
    _, out, _ = coach("calendar", "--ics")
    (event,) = Calendar.from_ical(out).walk("VEVENT")
    assert event["rrule"]["UNTIL"][0].isoformat() == (TODAY - timedelta(days=1)).isoformat()


def test_a_recovered_store_stops_the_command_with_exit_code_3(coach, data_dir):
    coach("promise", "add", "Walk")
    (data_dir / "store.json").write_bytes(b'{"promises": {"p-1": ')
    code, out, err = coach("today")
    assert code == CORRUPT_EXIT_CODE == 3
    assert out == "" and "could not be read" in err and "moved aside" in err


def test_help_for_every_new_command_has_an_example(capsys):
    for command in (
        ["promise"],
        ["promise", "add"],
        ["check"],
        ["today"],
        ["streak"],
        ["calendar"],
        ["undo"],
        ["export"],
        ["import"],
    ):
        with pytest.raises(SystemExit):
            main([*command, "--help"])
        assert "example" in capsys.readouterr().out, command


def test_streak_help_quotes_the_rules_as_the_module_states_them(capsys):
    from coach import streaks
    from coach.cli.promises import STREAK_RULES

    doc = " ".join((streaks.__doc__ or "").split())
    rules = " ".join(STREAK_RULES.removeprefix("rules:").split())
    for sentence in rules.split(". "):
        assert sentence.rstrip(".") in doc
    with pytest.raises(SystemExit):
        main(["streak", "--help"])
    assert "A day is kept when every promise due that day was kept." in capsys.readouterr().out
