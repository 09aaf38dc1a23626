"""Export and import: a faithful round trip, the schema, and refusals that change nothing."""

from __future__ import annotations

import json
import os
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from coach import export
from coach import promises as core
from coach.cli import context, main
from coach.clock import FixedClock
from coach.errors import InputTooLarge, UsageError
from coach.migrations import SCHEMA_VERSION
from coach.schedule import parse_every
from coach.settings import Settings, save_settings
from coach.store import Store
from tests.conftest import FIXED_NOW, PROGRAM_START

TODAY = FIXED_NOW.date()
SCHEMA = Path(__file__).parents[1] / "content" / "schema" / "export.schema.json"


def filled(store: Store) -> Store:
    """A store with settings, promises, every kind of entry, and tables of other features."""
    save_settings(
        store, Settings(partner_name="Dana", pronouns="she/her", program_start=PROGRAM_START)
    )
    walk = core.add_promise(
        store, "Walk together", parse_every("mo,we,fr", PROGRAM_START), PROGRAM_START, at="19:30"
    )
    call = core.add_promise(
        store, "Text if I'm late", parse_every("daily", PROGRAM_START), PROGRAM_START
    )
    core.check(store, walk.id, date(2026, 11, 23), "kept", "Long walk.\nWe laughed.")
    core.check(store, call.id, date(2026, 11, 20), "broken", "I forgot. Alarm set for 17:00.")
    core.check(store, call.id, TODAY, "kept")
    core.set_note(store, call.id, date(2026, 11, 21), "Rough day.")
    core.archive_promise(store, walk.id)
    store.put("worksheets", "my-why", {"answers": {"why": "Because I love her.\n\nStill."}})
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
    store.insert("rehearsal_attempts", {"scenario": "why-late", "score": 72, "tags": ["a", "b"]})
    store.put("kind_words", "kw-1", {"text": "You listened.", "day": "2026-11-22"})
    return store


def without_time(raw: bytes) -> dict:
    document = json.loads(raw)
    document.pop("exported_at")
    return document


def test_export_then_import_into_an_empty_store_gives_the_same_export(store):
    original = export.export_json(filled(store))
    fresh = Store.in_memory(FixedClock(FIXED_NOW + timedelta(hours=1)))
    export.import_export(fresh, original)
    again = export.export_json(fresh)
    assert without_time(again) == without_time(original)
    assert again.replace(b"21:15", b"20:15") == original  # byte for byte, the time aside


def test_the_export_holds_every_table_sorted_by_id(store):
    document = export.export_data(filled(store))
    assert list(document)[:6] == [
        "format",
        "schema_version",
        "exported_at",
        "settings",
        "promises",
        "checks",
    ]
    assert document["format"] == "trust-coach" and document["schema_version"] == SCHEMA_VERSION
    assert document["settings"]["partner_name"] == "Dana" and "id" not in document["settings"]
    for name in ("worksheets", "schedule", "rehearsal_attempts", core.UNDO):
        assert name in document
    assert "meta" not in document
    for records in document.values():
        if isinstance(records, list):
            assert [r["id"] for r in records] == sorted(r["id"] for r in records)
    check = document["checks"][0]
    assert set(check) >= {"promise_id", "date", "status", "note", "logged_at", "late"}


def test_the_export_follows_its_json_schema(store):
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(export.export_json(filled(store))), schema)
    jsonschema.validate(json.loads(export.export_json(Store.in_memory())), schema)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"format": "trust-coach", "schema_version": 1, "promises": [', "not complete JSON"),
        (b'{"name": "other-app", "items": []}', "not a Trust Coach export"),
        (b"[1, 2, 3]", "not a Trust Coach export"),
        (
            json.dumps(
                {"format": "trust-coach", "schema_version": SCHEMA_VERSION + 1, "exported_at": "x"}
            ).encode(),
            "newer Trust Coach",
        ),
        (
            json.dumps(
                {
                    "format": "trust-coach",
                    "schema_version": 1,
                    "exported_at": "x",
                    "worksheets": [{"no": "id"}],
                }
            ).encode(),
            "worksheets[0] is not a record",
        ),
        (
            json.dumps(
                {
                    "format": "trust-coach",
                    "schema_version": 1,
                    "exported_at": "x",
                    "checks": [
                        {
                            "id": "c-p-1-2026-01-01",
                            "promise_id": "p-1",
                            "date": "2026-01-01",
                            "status": "kept",
                            "note": "",
                            "logged_at": "2026-01-01T20:00:00+00:00",
                            "late": False,
                        }
                    ],
                }
            ).encode(),
            "names no promise",
        ),
    ],
)
def test_a_bad_file_is_refused_and_the_store_is_untouched(store, raw, expected):
    filled(store)
    before = export.export_json(store, FIXED_NOW)
    with pytest.raises(UsageError) as refused:
        export.import_export(store, raw)
    assert expected in refused.value.message
    assert "Nothing was imported" in refused.value.message
    assert export.export_json(store, FIXED_NOW) == before


def test_every_shape_problem_in_a_promise_is_named(store):
    document = export.export_data(filled(store))
    document["promises"][0].update(start="2026-13-01", schedule="FREQ=HOURLY", archived="no")
    with pytest.raises(UsageError) as refused:
        export.parse_export(json.dumps(document).encode())
    message = refused.value.message
    assert "start is not a YYYY-MM-DD date" in message
    assert "schedule is not a recurrence rule" in message
    assert "archived is not true or false" in message


def test_a_huge_file_is_refused_before_it_is_read(store, monkeypatch):
    monkeypatch.setattr(export, "MAX_IMPORT_BYTES", 1000)
    with pytest.raises(InputTooLarge, match="Nothing was imported"):
        export.parse_export(b" " * 1001)


def test_older_schemas_are_upgraded_on_import(store):
    document = json.loads(export.export_json(filled(store)))
    document["schema_version"] = 0
    fresh = Store.in_memory()
    export.import_export(fresh, json.dumps(document).encode())
    assert fresh.schema_version == SCHEMA_VERSION
    assert len(fresh.records(core.CHECKS)) == len(document["checks"])


def test_markdown_is_readable_and_has_every_table(store):
    text = export.export_markdown(filled(store))
    assert text.startswith("# Trust Coach export")
    assert "- Partner: Dana" in text
    assert "### Walk together" in text and "- Archived" in text
    assert "  - 2026-11-20: I forgot. Alarm set for 17:00." in text
    assert "  - 2026-11-23 (kept): Long walk.\n    We laughed." in text
    assert "## Kind words\n\n### kw-1\n\n- text: You listened.\n- day: 2026-11-22" in text
    assert "## Worksheets" in text or "my-why" in text  # generic, or a registered renderer
    assert "## Promise undo" not in text and "u-0000000001" not in text


def test_a_registered_markdown_section_replaces_the_generic_one(store, monkeypatch):
    monkeypatch.setattr(export, "_MARKDOWN_SECTIONS", {})
    export.register_markdown_section(
        "worksheets", lambda records: "## My worksheets\n\n" + ", ".join(r["id"] for r in records)
    )
    text = export.export_markdown(filled(store))
    assert "## My worksheets\n\nmy-why" in text and "## Worksheets" not in text


# The commands ----------------------------------------------------------------------------
@pytest.fixture
def coach(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(context, "CLOCK", FixedClock(FIXED_NOW))
    monkeypatch.delenv("COACH_PASSPHRASE", raising=False)

    def run(folder: Path, *args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(folder), *args])
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    return run


def test_export_to_a_file_is_private_and_leaves_the_folder_alone(coach, tmp_path):
    filled(Store.open(tmp_path / "data", FixedClock(FIXED_NOW)))
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    for fmt, name in (("json", "all.json"), ("markdown", "all.md")):
        code, _, err = coach(tmp_path / "data", "export", "--format", fmt, "-o", str(shared / name))
        assert code == 0 and "readable by you only" in err
        assert stat.S_IMODE((shared / name).stat().st_mode) == 0o600
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert json.loads((shared / "all.json").read_bytes())["format"] == "trust-coach"


def test_import_into_an_empty_folder_then_asks_before_replacing(coach, tmp_path):
    filled(Store.open(tmp_path / "a", FixedClock(FIXED_NOW)))
    coach(tmp_path / "a", "export", "-o", str(tmp_path / "all.json"))
    code, out, _ = coach(tmp_path / "b", "import", str(tmp_path / "all.json"))
    assert code == 0 and "Imported 2 promises, 4 checks" in out
    code, _, err = coach(tmp_path / "b", "import", str(tmp_path / "all.json"))
    assert code == 1 and "--replace" in err and "does not merge" in err
    code, _, err = coach(tmp_path / "b", "import", "--replace", str(tmp_path / "all.json"))
    assert code == 0
    (aside,) = (tmp_path / "b").glob("before-import-*.json")
    assert str(aside) in err and stat.S_IMODE(aside.stat().st_mode) == 0o600
    b = Store.open(tmp_path / "b", FixedClock(FIXED_NOW))
    a = Store.open(tmp_path / "a", FixedClock(FIXED_NOW))
    assert export.export_json(b, FIXED_NOW) == export.export_json(a, FIXED_NOW)


def test_refused_imports_leave_the_folder_as_it_was(coach, tmp_path):
    store = filled(Store.open(tmp_path / "data", FixedClock(FIXED_NOW)))
    before = (tmp_path / "data" / "store.json").read_bytes()
    truncated = tmp_path / "cut.json"
    truncated.write_bytes(export.export_json(store)[:-40])
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:  # sparse: large on paper, nothing to read
        handle.truncate(export.MAX_IMPORT_BYTES + 1)
    for path, expected in ((truncated, "not complete JSON"), (huge, "at most 50 MB")):
        code, _, err = coach(tmp_path / "data", "import", "--replace", str(path))
        assert code == 2 and expected in err and "Nothing was imported" in err
    code, _, err = coach(tmp_path / "data", "import", str(tmp_path / "missing.json"))
    assert code == 2 and "Could not read" in err
    assert (tmp_path / "data" / "store.json").read_bytes() == before
    assert not list((tmp_path / "data").glob("before-import-*"))
