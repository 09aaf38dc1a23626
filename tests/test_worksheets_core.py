"""The worksheet answers in the store: saving, states, revisions, limits and Markdown."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from coach.errors import InputTooLarge, UsageError
from coach.partner import Partner
from coach.store import Store
from coach.textsafe import MAX_LINE_CHARS, MAX_TEXT_CHARS
from coach.worksheet_defs import worksheet_def
from coach.worksheets import (
    COMPLETE,
    IN_PROGRESS,
    MAX_REVISIONS,
    MAX_ROWS,
    NOT_STARTED,
    REVISION_INTERVAL,
    answered_count,
    checkpoint,
    clean_answer,
    list_revisions,
    load_answers,
    mark_complete,
    restore_revision,
    save_answers,
    worksheet_markdown,
    worksheet_state,
    worksheet_states,
    worksheets_markdown,
)
from tests.conftest import FIXED_NOW

NOW = FIXED_NOW
DANA = Partner("Dana", "she/her")


def test_a_new_store_has_every_worksheet_not_started(store: Store):
    states = worksheet_states(store)
    assert "apology" in states and len(states) == 8
    assert {state.status for state in states.values()} == {NOT_STARTED}
    assert load_answers(store, "apology") == {}


def test_answers_round_trip_for_every_kind(store: Store):
    answers = {
        "shape": "Both",
        "acts": [{"act": "I lied about Fridays", "when": "spring", "cost": "her sleep"}],
        "hardest": "I lied to you for months.\nEvery Friday.",
    }
    assert save_answers(store, "what-i-did", answers, NOW)
    assert load_answers(store, "what-i-did") == answers
    save_answers(store, "my-why", {"underneath": ["Shame", "Fear"], "something_else": "x"}, NOW)
    # Ticked choices come back in the worksheet's order, not the order they were ticked.
    assert load_answers(store, "my-why")["underneath"] == ["Fear", "Shame"]
    save_answers(store, "new-normal", {"checkin_day": "Sunday", "checkin_time": "7:30"}, NOW)
    assert load_answers(store, "new-normal")["checkin_time"] == "07:30"


def test_saving_only_some_fields_keeps_the_others(store: Store):
    save_answers(store, "their-side", {"saw": "She found the messages.", "felt": "Foolish."}, NOW)
    save_answers(store, "their-side", {"felt": "Foolish and unsafe."}, NOW)
    assert load_answers(store, "their-side") == {
        "saw": "She found the messages.",
        "felt": "Foolish and unsafe.",
    }


def test_saving_the_same_answers_writes_nothing(store: Store):
    assert save_answers(store, "their-side", {"saw": "x"}, NOW)
    assert not save_answers(store, "their-side", {"saw": "x"}, NOW + timedelta(hours=1))
    assert worksheet_state(store, "their-side").updated_at == NOW


def test_states_follow_the_answers_and_the_user(store: Store):
    save_answers(store, "apology", {"remorse": "I am sorry."}, NOW)
    state = worksheet_state(store, "apology")
    assert state.status == IN_PROGRESS and state.label == "in progress"
    assert mark_complete(store, "apology", NOW).status == COMPLETE
    # Editing a finished worksheet does not quietly un-finish it.
    save_answers(store, "apology", {"remorse": "I am so sorry."}, NOW)
    assert worksheet_state(store, "apology").status == COMPLETE
    assert worksheet_state(store, "apology").completed_at == NOW
    assert mark_complete(store, "apology", NOW, complete=False).status == IN_PROGRESS
    save_answers(store, "apology", {"remorse": ""}, NOW)
    assert worksheet_state(store, "apology").status == NOT_STARTED


def test_empty_list_rows_are_dropped_and_cells_are_lines(store: Store):
    rows = [{"what": "", "how": " ", "when": ""}, {"what": "Where I am\nwhen late", "how": "text"}]
    save_answers(store, "transparency-plan", {"shares": rows}, NOW)
    assert load_answers(store, "transparency-plan")["shares"] == [
        {"what": "Where I am when late", "how": "text", "when": ""}
    ]
    assert answered_count(worksheet_def("transparency-plan"), {"shares": rows}) == 1


def test_control_characters_and_escapes_are_stripped(store: Store):
    save_answers(store, "their-side", {"saw": "she saw\x1b]52;c;aGk=\x07 it\x00"}, NOW)
    assert load_answers(store, "their-side")["saw"] == "she saw it"


@pytest.mark.parametrize(
    ("ws_id", "field_id", "value"),
    [
        ("their-side", "saw", "x" * (MAX_TEXT_CHARS + 1)),
        ("my-why", "something_else", "y" * (MAX_LINE_CHARS + 1)),
        ("transparency-plan", "shares", [{"what": "z"}] * (MAX_ROWS + 1)),
    ],
)
def test_over_the_limit_is_refused_and_nothing_is_saved(store, ws_id, field_id, value):
    save_answers(store, ws_id, {field_id: "kept" if isinstance(value, str) else []}, NOW)
    before = load_answers(store, ws_id)
    with pytest.raises(InputTooLarge, match="limit"):
        save_answers(store, ws_id, {field_id: value}, NOW)
    assert load_answers(store, ws_id) == before


@pytest.mark.parametrize("value", ["3/4/2026", "2026-02-30", "2026-13-01", "tomorrow"])
def test_dates_must_be_iso(value):
    field = worksheet_def("what-i-did").fields[0]
    date_field = type(field)(id="when", kind="date", prompt="When?")
    with pytest.raises(UsageError, match="2026-03-04|does not exist|months run"):
        clean_answer(date_field, value)
    assert clean_answer(date_field, " 2026-3-4 ") == "2026-03-04"
    assert clean_answer(date_field, "") == ""


@pytest.mark.parametrize(
    ("ws_id", "answers"),
    [
        ("new-normal", {"checkin_time": "7pm"}),
        ("new-normal", {"checkin_day": "Someday"}),
        ("my-why", {"underneath": ["Boredom"]}),
        ("their-side", {"saw": ["not", "text"]}),
    ],
)
def test_values_of_the_wrong_shape_are_refused(store, ws_id, answers):
    with pytest.raises(UsageError):
        save_answers(store, ws_id, answers, NOW)
    assert load_answers(store, ws_id) == {}


def test_an_unknown_worksheet_is_refused(store: Store):
    with pytest.raises(KeyError):
        save_answers(store, "no-such-sheet", {"x": "y"}, NOW)


def test_answers_to_fields_no_longer_defined_are_kept(store: Store):
    store.put("worksheets", "their-side", {"answers": {"old_field": "words"}, "status": "x"})
    save_answers(store, "their-side", {"saw": "new"}, NOW)
    assert load_answers(store, "their-side") == {"old_field": "words", "saw": "new"}


# Revisions -------------------------------------------------------------------------------
def test_a_revision_is_taken_before_the_first_change_after_a_quiet_spell(store: Store):
    save_answers(store, "their-side", {"saw": "first"}, NOW)
    assert list_revisions(store, "their-side") == []  # nothing written before: nothing to keep
    save_answers(store, "their-side", {"saw": "second"}, NOW + timedelta(seconds=5))
    revisions = list_revisions(store, "their-side")
    assert [r.answers["saw"] for r in revisions] == ["first"]
    # Within the interval, typing does not pile up revisions ...
    save_answers(store, "their-side", {"saw": "third"}, NOW + timedelta(minutes=1))
    assert len(list_revisions(store, "their-side")) == 1
    # ... and after it, the next change keeps what was there.
    later = NOW + timedelta(seconds=5) + REVISION_INTERVAL
    save_answers(store, "their-side", {"saw": "fourth"}, later)
    assert [r.answers["saw"] for r in list_revisions(store, "their-side")] == ["third", "first"]


def test_leaving_takes_a_revision_only_after_changes(store: Store):
    save_answers(store, "their-side", {"saw": "words"}, NOW)
    assert checkpoint(store, "their-side", NOW)
    assert not checkpoint(store, "their-side", NOW + timedelta(minutes=1))
    assert list_revisions(store, "their-side")[0].reason == "left"


def test_revisions_are_capped_to_the_newest(store: Store):
    for number in range(MAX_REVISIONS + 7):
        save_answers(store, "their-side", {"saw": f"draft {number}"}, NOW)
        checkpoint(store, "their-side", NOW + timedelta(seconds=number))
    revisions = list_revisions(store, "their-side")
    assert len(revisions) == MAX_REVISIONS
    assert revisions[0].answers["saw"] == f"draft {MAX_REVISIONS + 6}"
    assert revisions[-1].answers["saw"] == "draft 7"


def test_restoring_keeps_the_current_answers_as_a_revision(store: Store):
    save_answers(store, "their-side", {"saw": "the long paragraph"}, NOW)
    checkpoint(store, "their-side", NOW)
    save_answers(store, "their-side", {"saw": "oops"}, NOW + timedelta(seconds=1))
    old = list_revisions(store, "their-side")[0]
    restored = restore_revision(store, "their-side", old.id, NOW + timedelta(seconds=2))
    assert restored == {"saw": "the long paragraph"} == load_answers(store, "their-side")
    # The answers the restore replaced are one key away, so a restore is never a loss.
    newest = list_revisions(store, "their-side")[0]
    assert newest.answers == {"saw": "oops"} and newest.reason == "before restoring"


def test_restoring_another_worksheets_revision_is_refused(store: Store):
    save_answers(store, "their-side", {"saw": "a"}, NOW)
    checkpoint(store, "their-side", NOW)
    revision = list_revisions(store, "their-side")[0]
    with pytest.raises(KeyError):
        restore_revision(store, "my-why", revision.id, NOW)


# Markdown --------------------------------------------------------------------------------
def test_markdown_has_every_question_and_answer_filled_with_the_partner():
    answers = {
        "shape": "Both",
        "acts": [{"act": "I hid the phone", "when": "May", "cost": ""}],
        "hardest": "I lied to [bold]you[/].",
    }
    text = worksheet_markdown(worksheet_def("what-i-did"), answers, DANA)
    assert text.startswith("# What I did\n")
    assert "## Is there anything she still doesn't know?\n\n_Not answered yet._" in text
    assert "1. **What I did, named specifically:** I hid the phone" in text
    assert "   - **What it cost her:**\n" in text
    assert "I lied to [bold]you[/]." in text
    assert "\n\nBoth\n" in text


def test_markdown_checklists_show_every_choice_and_fill_choices():
    text = worksheet_markdown(
        worksheet_def("need-help"), {"signs": ["{Partner} has asked for outside help"]}, DANA
    )
    assert "- [x] Dana has asked for outside help" in text
    assert "- [ ] The anger has not eased over months" in text


def test_the_full_export_section_lists_only_started_worksheets(store: Store):
    save_answers(store, "my-why", {"explanation": "I wanted to be admired."}, NOW)
    mark_complete(store, "my-why", NOW)
    text = worksheets_markdown(store, DANA)
    assert text.startswith("## My why\n\nPhase 2 · complete\n")
    assert "### In your own words, why did you do it?" in text
    assert "What I did" not in text
    assert worksheets_markdown(Store.in_memory(), DANA) == ""


def test_timestamps_are_kept_as_given(store: Store):
    moment = datetime(2027, 1, 2, 3, 4, 5).astimezone()
    save_answers(store, "their-side", {"saw": "x"}, moment)
    assert worksheet_state(store, "their-side").updated_at == moment


# The full export and the transparency plan --------------------------------------------
def test_the_markdown_export_has_a_worksheets_section(store: Store):
    export = pytest.importorskip("coach.export")
    save_answers(store, "their-side", {"saw": "She found the [messages]."}, NOW)
    checkpoint(store, "their-side", NOW)
    text = export.export_markdown(store, NOW)
    assert "## Worksheets\n\n### Their side of it\n\nPhase 1 · in progress" in text
    assert "#### What did they see, hear or find out, and how?" in text
    assert "She found the [messages]." in text
    # Old versions are counted, not dumped: the JSON export keeps every word of them.
    assert "## Worksheet versions\n\n1 earlier versions of 1 worksheet(s)" in text


def test_a_plan_row_becomes_promise_text():
    from coach.transparency import PROMISE_LIMIT, promise_text, suggested_cadence

    row = {"what": "  Where I am\nwhen I'm late ", "how": "a text", "when": "every week"}
    assert promise_text(row) == "Where I am when I'm late (a text)"
    assert promise_text({"what": "", "how": "Call at lunch"}) == "Call at lunch"
    long = promise_text({"what": "word " * 100})
    assert len(long) <= PROMISE_LIMIT and long.endswith("word…")
    assert suggested_cadence(row) == "weekly"
    assert suggested_cadence({"when": "every day"}) == "daily"


@pytest.mark.parametrize(("cadence", "due_tomorrow"), [("daily", True), ("weekly", False)])
def test_make_promise_starts_today(store: Store, cadence: str, due_tomorrow: bool):
    promises = pytest.importorskip("coach.promises")
    from coach.transparency import make_promise

    promise = make_promise(store, "Tell Dana when plans change", cadence, NOW)
    assert [p.text for p in promises.list_promises(store)] == ["Tell Dana when plans change"]
    today = promises.program_day(store, NOW)
    assert promise.start == today and promise.due_on(today)
    assert promise.due_on(today + timedelta(days=1)) is due_tomorrow
    assert promise.due_on(today + timedelta(days=7))


def test_make_promise_refuses_what_promises_refuse(store: Store):
    pytest.importorskip("coach.promises")
    from coach.transparency import make_promise

    with pytest.raises(UsageError):
        make_promise(store, "Anything", "monthly", NOW)
    make_promise(store, "Text when late", "daily", NOW)
    with pytest.raises(UsageError, match="already have"):
        make_promise(store, "Text when late", "weekly", NOW)
