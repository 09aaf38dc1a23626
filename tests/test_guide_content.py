"""Checks on the guide's content: the index, every lesson file, its links and placeholders."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from coach.guide import DO_NOW_KINDS, Guide, lesson_markdown, load_guide, search
from coach.partner import PRONOUN_SETS, Partner, fill, known_placeholders, placeholders_in

CONTENT = Path(__file__).resolve().parents[1] / "content"

# The ids other screens build; the guide may only link to these.
WORKSHEETS = frozenset(
    {
        "what-i-did",
        "their-side",
        "my-why",
        "my-defensiveness",
        "apology",
        "transparency-plan",
        "new-normal",
        "need-help",
    }
)
SCENARIOS = frozenset(
    {
        "film-scene",
        "friend-comment",
        "anniversary",
        "random-memory",
        "where-were-you",
        "goes-quiet",
        "recounts-detail",
        "cant-believe-you",
        "see-your-phone",
        "why-did-you",
        "not-sure-stay",
        "closeness-turns-cold",
        "family-event",
        "unknown-number",
        "small-lapse",
    }
)
SECTION_IDS = ("start", *(f"phase-{n}" for n in range(1, 7)), "takeaways", "faq")

PARTNERS = tuple(Partner(pronouns=pronouns) for pronouns in PRONOUN_SETS) + (
    Partner(name="Sam", pronouns="they/them"),
)


@pytest.fixture(scope="module")
def guide() -> Guide:
    return load_guide()


def _content_files() -> list[Path]:
    return sorted(p for p in CONTENT.rglob("*") if p.suffix in {".md", ".toml"} and p.is_file())


def test_sections_are_in_program_order(guide: Guide) -> None:
    assert tuple(section.id for section in guide.sections) == SECTION_IDS
    phases = [section.phase for section in guide.sections]
    assert phases == [0, 1, 2, 3, 4, 5, 6, 7, 7]


def test_each_phase_has_two_to_five_lessons(guide: Guide) -> None:
    for section in guide.sections:
        if 1 <= section.phase <= 6:
            assert 2 <= len(section.lessons) <= 5, section.id
    takeaways, faq = guide.sections[-2:]
    assert len(takeaways.lessons) == 1
    assert len(faq.lessons) == 1


def test_lesson_ids_are_unique_kebab_case(guide: Guide) -> None:
    ids = [lesson.id for lesson in guide.lessons()]
    assert len(ids) == len(set(ids))
    for lesson_id in ids:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", lesson_id), lesson_id


def test_every_lesson_file_exists_and_loads(guide: Guide) -> None:
    for lesson in guide.lessons():
        assert (CONTENT / "guide" / lesson.file).is_file(), lesson.file
        text = lesson_markdown(lesson, Partner())
        assert text.startswith("# "), f"{lesson.file} must start with a '# ' title line"


def test_every_lesson_ends_with_do_this_now(guide: Guide) -> None:
    for lesson in guide.lessons():
        text = lesson_markdown(lesson, Partner())
        headings = [line for line in text.splitlines() if line.startswith("## ")]
        assert headings, f"{lesson.file} has no subheadings"
        assert headings[-1].strip() == "## Do this now", f"{lesson.file} must end with it"
        tail = text.split("## Do this now", 1)[1]
        assert len(tail.split()) >= 15, f"{lesson.file}: 'Do this now' is too thin"


def test_markdown_stays_within_the_supported_subset(guide: Guide) -> None:
    for lesson in guide.lessons():
        text = lesson_markdown(lesson, Partner())
        assert "```" not in text, lesson.file
        assert not re.search(r"^\s*\|", text, re.MULTILINE), f"{lesson.file} has a table"
        assert not re.search(r"\[[^\]]*\]\([^)]*\)", text), f"{lesson.file} has a link"
        assert not re.search(r"<[a-zA-Z/][^>]*>", text), f"{lesson.file} has HTML"
        assert not re.search(r"^###", text, re.MULTILINE), f"{lesson.file} has a ### heading"
        assert text.count("\n# ") == 0, f"{lesson.file} has more than one title"


def test_every_do_now_link_resolves(guide: Guide) -> None:
    lesson_ids = {lesson.id for lesson in guide.lessons()}
    for lesson in guide.lessons():
        do_now = lesson.do_now
        assert do_now.kind in DO_NOW_KINDS
        assert do_now.label.strip(), lesson.id
        if do_now.kind == "worksheet":
            assert do_now.target in WORKSHEETS, lesson.id
        elif do_now.kind == "rehearse":
            assert do_now.target in SCENARIOS | {"surprise"}, lesson.id
        elif do_now.kind == "checkin":
            assert do_now.target == "weekly", lesson.id
        elif do_now.kind == "lesson":
            assert do_now.target in lesson_ids and do_now.target != lesson.id, lesson.id
        elif do_now.kind == "settings":
            assert do_now.target == "partner", lesson.id
        elif do_now.kind == "promise":
            for partner in PARTNERS:
                assert "{" not in fill(do_now.target, partner), lesson.id


def test_every_placeholder_in_content_is_known() -> None:
    known = known_placeholders()
    files = _content_files()
    assert files
    for path in files:
        unknown = placeholders_in(path.read_text(encoding="utf-8")) - known
        assert not unknown, f"{path.relative_to(CONTENT)} uses unknown placeholders {unknown}"


@pytest.mark.parametrize("partner", PARTNERS, ids=lambda p: f"{p.name}-{p.pronouns}")
def test_filled_lessons_leave_no_braces(guide: Guide, partner: Partner) -> None:
    for lesson in guide.lessons():
        text = lesson_markdown(lesson, partner)
        assert "{" not in text and "}" not in text, lesson.file
        assert "{" not in fill(lesson.title, partner), lesson.id


def test_partner_is_never_named_literally() -> None:
    # The partner's pronouns come from Settings; a literal "she" or "her" would be wrong
    # for many readers. "He" and "him" are checked too.
    for path in sorted((CONTENT / "guide").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        found = re.findall(r"\b(?:she|her|hers|herself|he|him|his|himself)\b", text, re.I)
        assert not found, f"{path.name} uses {found}"


def test_guide_is_long_enough(guide: Guide) -> None:
    words = sum(len(lesson_markdown(lesson, Partner()).split()) for lesson in guide.lessons())
    assert words >= 6000, words


def test_no_exclamation_marks(guide: Guide) -> None:
    for lesson in guide.lessons():
        assert "!" not in lesson_markdown(lesson, Partner()), lesson.file


def test_search_finds_a_phrase_in_the_right_lesson(guide: Guide) -> None:
    hits = search(guide, "ASK FOR NOTHING", Partner())
    assert hits
    assert {hit.lesson_id for hit in hits} <= {"six-ingredients", "key-takeaways", "faq"}
    assert hits[0].lesson_id == "six-ingredients"
    assert "ask for nothing" in hits[0].snippet.lower()
    lines = lesson_markdown(guide.lesson("six-ingredients"), Partner()).splitlines()
    assert "ask for nothing" in lines[hits[0].line - 1].lower()


def test_search_fills_placeholders_and_ignores_empty_queries(guide: Guide) -> None:
    assert search(guide, "   ", Partner()) == []
    assert search(guide, "{partner}", Partner()) == []
    named = search(guide, "Robin", Partner(name="Robin"))
    assert named and all("Robin" in hit.snippet for hit in named)


def test_search_is_fast(guide: Guide) -> None:
    partner = Partner(name="Robin", pronouns="he/him")
    search(guide, "warm up", partner)
    started = time.perf_counter()
    for query in ("apology", "trust", "the", "check-in", "nothing matches this at all"):
        search(guide, query, partner)
    assert (time.perf_counter() - started) / 5 < 0.020


def test_navigation(guide: Guide) -> None:
    lessons = guide.lessons()
    first, last = lessons[0], lessons[-1]
    assert guide.previous_lesson(first.id) is None
    assert guide.next_lesson(last.id) is None
    assert guide.next_lesson(first.id) == lessons[1]
    assert guide.previous_lesson(lessons[1].id) == first
    assert guide.section_of(last.id).id == "faq"
    assert guide.lesson(first.id) is first
    with pytest.raises(KeyError):
        guide.lesson("no-such-lesson")


def test_unknown_do_now_kind_names_the_lesson(monkeypatch: pytest.MonkeyPatch) -> None:
    import coach.guide as guide_module

    index = {
        "section": [
            {
                "id": "start",
                "title": "Start here",
                "phase": 0,
                "lesson": [
                    {
                        "id": "broken-link",
                        "title": "Broken",
                        "file": "start/broken.md",
                        "minutes": 3,
                        "do_now": {"kind": "dance", "target": "x", "label": "Dance"},
                    }
                ],
            }
        ]
    }
    monkeypatch.setattr(guide_module, "read_toml", lambda _relative: index)
    guide_module.load_guide.cache_clear()
    try:
        with pytest.raises(ValueError, match="broken-link.*dance"):
            guide_module.load_guide()
    finally:
        guide_module.load_guide.cache_clear()


def test_missing_lesson_file_names_the_lesson(monkeypatch: pytest.MonkeyPatch) -> None:
    import coach.guide as guide_module

    lesson = {
        "id": "ghost",
        "title": "Ghost",
        "file": "start/no-such-file.md",
        "minutes": 3,
        "do_now": {"kind": "settings", "target": "partner", "label": "Settings"},
    }
    index = {"section": [{"id": "start", "title": "Start", "phase": 0, "lesson": [lesson]}]}
    monkeypatch.setattr(guide_module, "read_toml", lambda _relative: index)
    guide_module.load_guide.cache_clear()
    try:
        with pytest.raises(ValueError, match="ghost.*no-such-file"):
            guide_module.load_guide()
    finally:
        guide_module.load_guide.cache_clear()


def test_heading_matches_index_title(guide: Guide) -> None:
    for lesson in guide.lessons():
        first_line = lesson_markdown(lesson, Partner()).splitlines()[0]
        assert first_line == f"# {fill(lesson.title, Partner())}", lesson.file
