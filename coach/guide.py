"""The guide: its sections and lessons, each lesson's text, and searching the whole of it.

`content/guide/index.toml` orders the sections and lessons; each lesson is a Markdown file
below `content/guide/`. Everything is read through `coach.resources`, so the guide loads the
same way from a checkout and from an installed wheel. This module never imports textual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from coach.partner import Partner, fill
from coach.resources import content_path, read_text, read_toml

INDEX_FILE = "guide/index.toml"
GUIDE_DIR = "guide"

DO_NOW_KINDS = frozenset({"worksheet", "promise", "rehearse", "checkin", "lesson", "settings"})

# A snippet shows this many characters either side of the match; enough to recognise the
# sentence in a narrow terminal without wrapping onto several lines.
SNIPPET_CONTEXT = 36

_MARKUP_PREFIX = re.compile(r"^\s*(?:#+\s+|>\s?|-\s+|\d+\.\s+)")
_EMPHASIS = re.compile(r"\*{1,2}")


@dataclass(frozen=True)
class DoNow:
    """The one thing a lesson asks the user to do next, and where the app takes them."""

    kind: str
    target: str
    label: str


@dataclass(frozen=True)
class Lesson:
    """One lesson: a single idea, a few minutes of reading, ending in something to do."""

    id: str
    title: str
    file: str
    minutes: int
    section_id: str
    do_now: DoNow


@dataclass(frozen=True)
class Section:
    """A group of lessons: "Start here", a phase of the program, the takeaways or the FAQ."""

    id: str
    title: str
    phase: int
    lessons: tuple[Lesson, ...]


@dataclass(frozen=True)
class Guide:
    """The whole program in reading order."""

    sections: tuple[Section, ...]
    # Built once so that lookups by id, which the screens do on every key press, are O(1).
    _order: tuple[Lesson, ...] = field(init=False, repr=False, compare=False)
    _position: dict[str, int] = field(init=False, repr=False, compare=False)
    _sections_by_lesson: dict[str, Section] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        order = tuple(lesson for section in self.sections for lesson in section.lessons)
        object.__setattr__(self, "_order", order)
        object.__setattr__(self, "_position", {lesson.id: i for i, lesson in enumerate(order)})
        object.__setattr__(
            self,
            "_sections_by_lesson",
            {lesson.id: section for section in self.sections for lesson in section.lessons},
        )

    def lessons(self) -> tuple[Lesson, ...]:
        """Every lesson, flat, in reading order."""
        return self._order

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson with this id; KeyError if there is none."""
        return self._order[self._index(lesson_id)]

    def next_lesson(self, lesson_id: str) -> Lesson | None:
        """The lesson after this one, or None at the end of the guide."""
        position = self._index(lesson_id) + 1
        return self._order[position] if position < len(self._order) else None

    def previous_lesson(self, lesson_id: str) -> Lesson | None:
        """The lesson before this one, or None at the start of the guide."""
        position = self._index(lesson_id) - 1
        return self._order[position] if position >= 0 else None

    def section_of(self, lesson_id: str) -> Section:
        """The section a lesson belongs to; KeyError if the lesson is unknown."""
        self._index(lesson_id)
        return self._sections_by_lesson[lesson_id]

    def _index(self, lesson_id: str) -> int:
        try:
            return self._position[lesson_id]
        except KeyError:
            raise KeyError(f"no lesson with id {lesson_id!r} in the guide") from None


@dataclass(frozen=True)
class SearchHit:
    """One line of the guide that matches a search."""

    lesson_id: str
    lesson_title: str
    line: int  # 1-based line number in the lesson's Markdown
    snippet: str


@cache
def load_guide() -> Guide:
    """Read and validate the guide's index; raise ValueError naming what is wrong."""
    data = read_toml(INDEX_FILE)
    raw_sections = data.get("section")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise ValueError(f"{INDEX_FILE} has no [[section]] tables")
    sections: list[Section] = []
    seen: set[str] = set()
    for raw_section in raw_sections:
        section_id = _required_str(raw_section, "id", f"a section in {INDEX_FILE}")
        where = f"section {section_id!r}"
        lessons: list[Lesson] = []
        for raw_lesson in raw_section.get("lesson", []):
            lesson = _parse_lesson(raw_lesson, section_id)
            if lesson.id in seen:
                raise ValueError(f"lesson id {lesson.id!r} appears twice in {INDEX_FILE}")
            seen.add(lesson.id)
            lessons.append(lesson)
        if not lessons:
            raise ValueError(f"{where} has no lessons")
        phase = raw_section.get("phase")
        if not isinstance(phase, int) or isinstance(phase, bool):
            raise ValueError(f"{where} needs an integer phase")
        title = _required_str(raw_section, "title", where)
        sections.append(Section(section_id, title, phase, tuple(lessons)))
    return Guide(tuple(sections))


def _parse_lesson(raw: dict[str, Any], section_id: str) -> Lesson:
    lesson_id = _required_str(raw, "id", f"a lesson in section {section_id!r}")
    where = f"lesson {lesson_id!r}"
    minutes = raw.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 1:
        raise ValueError(f"{where} needs minutes as a positive integer")
    raw_do_now = raw.get("do_now")
    if not isinstance(raw_do_now, dict):
        raise ValueError(f"{where} has no [section.lesson.do_now] table")
    kind = _required_str(raw_do_now, "kind", f"the do_now of {where}")
    if kind not in DO_NOW_KINDS:
        allowed = ", ".join(sorted(DO_NOW_KINDS))
        raise ValueError(f"{where} has an unknown do_now kind {kind!r} (allowed: {allowed})")
    do_now = DoNow(
        kind=kind,
        target=_required_str(raw_do_now, "target", f"the do_now of {where}"),
        label=_required_str(raw_do_now, "label", f"the do_now of {where}"),
    )
    file = _required_str(raw, "file", where)
    # Checked here so a typo in the index fails at start-up, not when the lesson is opened.
    if not content_path(f"{GUIDE_DIR}/{file}").is_file():
        raise ValueError(f"{where} names a file that does not exist: {GUIDE_DIR}/{file}")
    return Lesson(
        id=lesson_id,
        title=_required_str(raw, "title", where),
        file=file,
        minutes=minutes,
        section_id=section_id,
        do_now=do_now,
    )


def _required_str(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where} needs a non-empty string {key!r}")
    return value


@cache
def _raw_markdown(file: str) -> str:
    # Lessons are re-read whenever a screen redraws; content never changes while running.
    return read_text(f"{GUIDE_DIR}/{file}")


def lesson_markdown(lesson: Lesson, partner: Partner) -> str:
    """The lesson's Markdown with the partner's name and pronouns filled in."""
    return fill(_raw_markdown(lesson.file), partner)


def _plain(line: str) -> str:
    """A Markdown line as the reader sees it, so snippets and matches ignore markup."""
    return _EMPHASIS.sub("", _MARKUP_PREFIX.sub("", line)).strip()


@lru_cache(maxsize=8)
def _searchable(guide: Guide, partner: Partner) -> tuple[tuple[Lesson, int, str, str], ...]:
    # Filling and lower-casing the whole guide is the slow part, so it is done once per
    # partner setting; a search is then a plain substring scan over a few hundred lines.
    # lower() rather than casefold(): it keeps lengths, so match offsets fit the snippet text.
    rows: list[tuple[Lesson, int, str, str]] = []
    for lesson in guide.lessons():
        lines = lesson_markdown(lesson, partner).splitlines()
        title = fill(lesson.title, partner)
        if not lines or _plain(lines[0]) != title:
            # The index title differs from the heading, so make it findable on its own.
            rows.append((lesson, 1, title, title.lower()))
        for number, line in enumerate(lines, start=1):
            plain = _plain(line)
            if plain:
                rows.append((lesson, number, plain, plain.lower()))
    return tuple(rows)


def _normalise_query(query: str) -> str:
    return " ".join(query.replace("\u2019", "'").replace("\u2018", "'").split()).lower()


def _snippet(text: str, start: int, length: int) -> str:
    begin = max(0, start - SNIPPET_CONTEXT)
    end = min(len(text), start + length + SNIPPET_CONTEXT)
    # Widen to word boundaries so the snippet never starts or ends mid-word.
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{text[begin:end].strip()}{suffix}"


def search(guide: Guide, query: str, partner: Partner, limit: int = 200) -> list[SearchHit]:
    """Lines of the guide (titles and text, placeholders filled) containing the query.

    Case-insensitive; whitespace in the query is collapsed. An empty query finds nothing.
    """
    needle = _normalise_query(query)
    if not needle:
        return []
    hits: list[SearchHit] = []
    for lesson, number, plain, folded in _searchable(guide, partner):
        start = folded.find(needle)
        if start < 0:
            continue
        hits.append(SearchHit(lesson.id, lesson.title, number, _snippet(plain, start, len(needle))))
        if len(hits) >= limit:
            break
    return hits
