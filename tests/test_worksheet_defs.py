"""Checks on the worksheet definitions: the packaged files, filling, and the loader's validation."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from coach.partner import PRONOUN_SETS, Partner
from coach.worksheet_defs import (
    CHECKS,
    KINDS,
    FieldDef,
    WorksheetDef,
    load_worksheet_defs,
    parse_worksheet_def,
    parse_worksheet_defs,
    worksheet_def,
)

# Other screens and the guide link to these ids, with these phases.
REQUIRED = {
    "what-i-did": 1,
    "their-side": 1,
    "my-why": 2,
    "my-defensiveness": 2,
    "apology": 3,
    "transparency-plan": 4,
    "need-help": 5,
    "new-normal": 6,
}
APOLOGY_FIELDS = ("remorse", "offense", "impact", "responsibility", "plan", "no_ask", "draft")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

PARTNERS = tuple(Partner(pronouns=pronouns) for pronouns in PRONOUN_SETS) + (
    Partner(name="Sam", pronouns="they/them"),
)

VALID: dict[str, Any] = {
    "id": "test-sheet",
    "title": "A test for {them}",
    "phase": 1,
    "order": 1,
    "intro": "Why this sheet exists.",
    "field": [
        {"id": "note", "kind": "text", "prompt": "What happened?", "hint": "Be plain."},
        {"id": "pick", "kind": "choice", "prompt": "Which?", "choices": ["A", "B"]},
        {
            "id": "rows",
            "kind": "list",
            "prompt": "List them.",
            "columns": [{"id": "what", "label": "What"}, {"id": "when", "label": "When"}],
        },
    ],
}


def _sheet() -> dict[str, Any]:
    return copy.deepcopy(VALID)


def _texts(worksheet: WorksheetDef) -> list[str]:
    texts = [worksheet.title, worksheet.intro]
    for field in worksheet.fields:
        texts += [field.prompt, field.hint, *field.choices]
        texts += [column.label for column in field.columns]
    return texts


def test_packaged_worksheets_load_in_order() -> None:
    worksheets = load_worksheet_defs()
    assert {worksheet.id: worksheet.phase for worksheet in worksheets} == REQUIRED
    assert [worksheet.order for worksheet in worksheets] == list(range(1, 9))
    assert load_worksheet_defs() is worksheets  # cached


def test_every_field_is_well_formed() -> None:
    for worksheet in load_worksheet_defs():
        assert 2 <= worksheet.intro.count(".") + worksheet.intro.count("?"), worksheet.id
        for field in worksheet.fields:
            assert field.kind in KINDS and field.check in CHECKS, (worksheet.id, field.id)
            assert field.hint, (worksheet.id, field.id)
            assert "\n" not in field.hint, (worksheet.id, field.id)


def test_only_the_apology_has_a_builder() -> None:
    builders = {worksheet.id: worksheet.builder for worksheet in load_worksheet_defs()}
    assert builders.pop("apology") == "apology"
    assert set(builders.values()) == {""}


def test_apology_has_exactly_the_seven_fields() -> None:
    apology = worksheet_def("apology")
    assert tuple(field.id for field in apology.fields) == APOLOGY_FIELDS
    assert {field.kind for field in apology.fields} == {"text"}


def test_new_normal_has_a_weekly_checkin() -> None:
    new_normal = worksheet_def("new-normal")
    day = new_normal.field("checkin_day")
    assert day.kind == "choice" and day.choices == WEEKDAYS
    assert new_normal.field("checkin_time").kind == "time"
    goals = new_normal.field("goals")
    assert goals.kind == "list"
    assert [column.id for column in goals.columns] == ["goal", "first_step"]
    assert new_normal.field("appreciation").kind == "text"


def test_list_columns_match_the_spec() -> None:
    expected = {
        ("what-i-did", "acts"): ["act", "when", "cost"],
        ("my-defensiveness", "pairs"): ["trigger", "reach_for", "say_instead"],
        ("transparency-plan", "shares"): ["what", "how", "when"],
    }
    for (worksheet_id, field_id), columns in expected.items():
        field = worksheet_def(worksheet_id).field(field_id)
        assert field.kind == "list"
        assert [column.id for column in field.columns] == columns


def test_checks_sit_where_the_spec_puts_them() -> None:
    their_side = worksheet_def("their-side")
    assert all(f.check == "perspective" for f in their_side.fields if f.kind == "text")
    assert worksheet_def("my-why").field("explanation").check == "dont_know"
    underneath = worksheet_def("my-why").field("underneath")
    assert underneath.kind == "checklist" and len(underneath.choices) == 6


def test_need_help_gives_safe_practical_guidance() -> None:
    need_help = worksheet_def("need-help")
    assert need_help.field("signs").kind == "checklist"
    everything = " ".join(_texts(need_help))
    for phrase in (
        "licensed",
        "marriage and family therapist",
        "Gottman Method Couples Therapy",
        "Emotionally Focused Therapy",
        "first session",
        "emergency services",
        "domestic violence service",
    ):
        assert phrase in everything, phrase


@pytest.mark.parametrize("partner", PARTNERS, ids=lambda p: f"{p.name}-{p.pronouns}")
def test_filled_worksheets_leave_no_braces(partner: Partner) -> None:
    for worksheet in load_worksheet_defs():
        filled = worksheet.filled(partner)
        for text in _texts(filled):
            assert "{" not in text and "}" not in text, (worksheet.id, text)
        assert [f.id for f in filled.fields] == [f.id for f in worksheet.fields]


def test_filling_uses_the_partner() -> None:
    their_side = worksheet_def("their-side")
    assert their_side.filled(Partner("Robin", "he/him")).title == "His side of it"
    assert their_side.filled(Partner("Robin", "they/them")).title == "Their side of it"
    assert "Robin" in their_side.filled(Partner("Robin", "she/her")).intro


def test_unknown_ids_raise_key_error() -> None:
    with pytest.raises(KeyError):
        worksheet_def("no-such-worksheet")
    with pytest.raises(KeyError):
        worksheet_def("apology").field("no_such_field")


def test_parse_accepts_a_valid_sheet() -> None:
    worksheet = parse_worksheet_def(_sheet())
    assert worksheet.builder == ""
    assert isinstance(worksheet.fields[0], FieldDef)
    assert worksheet.field("rows").columns[1].label == "When"


def test_unknown_kind_names_worksheet_and_field() -> None:
    sheet = _sheet()
    sheet["field"][0]["kind"] = "essay"
    with pytest.raises(ValueError, match="test-sheet.*note.*essay"):
        parse_worksheet_def(sheet)


@pytest.mark.parametrize("kind", ["choice", "checklist"])
def test_choice_without_choices_is_rejected(kind: str) -> None:
    sheet = _sheet()
    sheet["field"][1]["kind"] = kind
    del sheet["field"][1]["choices"]
    with pytest.raises(ValueError, match="test-sheet.*pick.*choices"):
        parse_worksheet_def(sheet)


def test_list_without_columns_is_rejected() -> None:
    sheet = _sheet()
    del sheet["field"][2]["columns"]
    with pytest.raises(ValueError, match="test-sheet.*rows.*columns"):
        parse_worksheet_def(sheet)


def test_duplicate_field_ids_are_rejected() -> None:
    sheet = _sheet()
    sheet["field"][1]["id"] = "note"
    with pytest.raises(ValueError, match="test-sheet.*note"):
        parse_worksheet_def(sheet)


def test_duplicate_column_ids_are_rejected() -> None:
    sheet = _sheet()
    sheet["field"][2]["columns"][1]["id"] = "what"
    with pytest.raises(ValueError, match="test-sheet.*rows.*what"):
        parse_worksheet_def(sheet)


def test_unknown_check_and_builder_are_rejected() -> None:
    sheet = _sheet()
    sheet["field"][0]["check"] = "spelling"
    with pytest.raises(ValueError, match="test-sheet.*note.*spelling"):
        parse_worksheet_def(sheet)
    sheet = _sheet()
    sheet["builder"] = "letter"
    with pytest.raises(ValueError, match="test-sheet.*letter"):
        parse_worksheet_def(sheet)


@pytest.mark.parametrize(("key", "value"), [("phase", 0), ("phase", 7), ("order", "1")])
def test_bad_phase_or_order_is_rejected(key: str, value: object) -> None:
    sheet = _sheet()
    sheet[key] = value
    with pytest.raises(ValueError, match=f"test-sheet.*{key}"):
        parse_worksheet_def(sheet)


def test_malformed_field_id_is_rejected() -> None:
    sheet = _sheet()
    sheet["field"][0]["id"] = "Not-Snake"
    with pytest.raises(ValueError, match="test-sheet"):
        parse_worksheet_def(sheet)


def test_unknown_placeholder_is_rejected() -> None:
    sheet = _sheet()
    sheet["field"][0]["hint"] = "Ask {spouse}."
    with pytest.raises(ValueError, match="test-sheet.*note.*spouse"):
        parse_worksheet_def(sheet)


def test_sheet_without_fields_is_rejected() -> None:
    sheet = _sheet()
    del sheet["field"]
    with pytest.raises(ValueError, match="test-sheet"):
        parse_worksheet_def(sheet)


def test_duplicate_worksheets_are_rejected_and_others_sorted() -> None:
    with pytest.raises(ValueError, match="test-sheet"):
        parse_worksheet_defs([_sheet(), _sheet()])
    earlier = _sheet()
    earlier.update(id="earlier-sheet", order=0)
    assert [w.id for w in parse_worksheet_defs([_sheet(), earlier])] == [
        "earlier-sheet",
        "test-sheet",
    ]
