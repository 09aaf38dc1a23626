"""The Guide as the user meets it: contents, lessons, read marks, search and "Do this now"."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget

from coach import progress
from coach.clock import FixedClock
from coach.guide import load_guide
from coach.screens.guide import GuideScreen
from coach.settings import Settings, save_settings
from coach.store import Store

SIZE = (110, 34)


def shown(app: App, widget: Widget | None = None) -> str:
    """The text on screen, or only inside `widget`'s region, as the terminal draws it."""
    rows = [strip.text for strip in app.screen._compositor.render_strips()]
    if widget is None:
        return "\n".join(row.rstrip() for row in rows)
    region = widget.region
    return "\n".join(
        row[region.x : region.right].rstrip() for row in rows[region.y : region.bottom]
    )


def lesson_title(lesson_id: str) -> str:
    return load_guide().lesson(lesson_id).title.replace("{partner}", "Dana")


@asynccontextmanager
async def guide_open(
    make_test_app: Callable, store: Store, size: tuple[int, int] = SIZE
) -> AsyncIterator[tuple[App, Pilot, GuideScreen]]:
    """The app around `store`, with the Guide opened by its key, as the user would."""
    app = make_test_app(store)
    async with app.run_test(size=size) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.pause()
        yield app, pilot, app.screen


async def test_guide_shows_contents_and_the_first_lesson(
    welcomed_store: Store, make_test_app: Callable
) -> None:
    guide = load_guide()
    first = guide.lessons()[0]
    async with guide_open(make_test_app, welcomed_store) as (app, pilot, screen):
        assert screen.SECTION_TITLE == "Guide"
        contents = shown(app, screen.query_one("#guide-contents"))
        assert "Start here" in contents
        assert f"1. {guide.sections[1].title} 0/{len(guide.sections[1].lessons)}" in contents
        assert f"· {first.title}" in contents
        reader = shown(app, screen.query_one("#guide-reader"))
        assert first.title in reader
        assert "Not read yet" in reader
        assert "Do this now: " + first.do_now.label in reader


async def test_keys_move_in_the_contents_and_enter_opens(
    welcomed_store: Store, make_test_app: Callable
) -> None:
    lessons = load_guide().lessons()
    async with guide_open(make_test_app, welcomed_store) as (app, pilot, screen):
        contents = screen.contents
        assert contents.cursor_lesson == lessons[0].id
        await pilot.press("j", "j")
        assert contents.cursor_lesson == lessons[2].id
        await pilot.press("k")
        assert contents.cursor_lesson == lessons[1].id
        await pilot.press("down", "down")  # past the section title of Phase 1
        assert contents.cursor_lesson is None
        await pilot.press("down")
        assert contents.cursor_lesson == lessons[3].id
        await pilot.press("up", "up", "enter")
        await pilot.pause(0.1)  # the focus follows a frame after the lesson is drawn
        assert screen.lesson.id == lessons[2].id
        assert lesson_title(lessons[2].id) in shown(app, screen.lesson_view)
        assert screen.focused is screen.lesson_view
        # In the lesson, escape goes back to the contents.
        await pilot.press("escape")
        assert screen.focused is contents


async def test_n_and_p_move_between_lessons(welcomed_store: Store, make_test_app: Callable) -> None:
    lessons = load_guide().lessons()
    async with guide_open(make_test_app, welcomed_store) as (app, pilot, screen):
        await pilot.press("n", "n", "n")
        await pilot.pause()
        assert screen.lesson.id == lessons[3].id
        assert lesson_title(lessons[3].id) in shown(app, screen.lesson_view)
        await pilot.press("p")
        await pilot.pause()
        assert screen.lesson.id == lessons[2].id
        assert lesson_title(lessons[2].id) in shown(app, screen.lesson_view)
        await pilot.press("p", "p", "p")  # past the first: stays there
        assert screen.lesson.id == lessons[0].id


async def test_m_marks_read_and_the_phase_progress_changes(
    welcomed_store: Store, make_test_app: Callable
) -> None:
    guide = load_guide()
    phase_one = guide.sections[1]
    total = len(phase_one.lessons)
    async with guide_open(make_test_app, welcomed_store) as (app, pilot, screen):
        screen.open_lesson(phase_one.lessons[0].id)
        await pilot.pause()
        assert f"{phase_one.title} 0/{total}" in shown(app, screen.contents)
        await pilot.press("m")
        await pilot.pause()
        contents = shown(app, screen.contents)
        assert f"{phase_one.title} 1/{total}" in contents
        assert f"✓ {phase_one.lessons[0].title}" in contents
        assert "✓ Read" in shown(app, screen.query_one("#guide-meta"))
        assert progress.is_read(welcomed_store, phase_one.lessons[0].id)
        await pilot.press("m")  # again: not read after all
        await pilot.pause()
        assert f"{phase_one.title} 0/{total}" in shown(app, screen.contents)
        assert not progress.is_read(welcomed_store, phase_one.lessons[0].id)


async def test_scrolling_to_the_end_marks_the_lesson_read(
    welcomed_store: Store, make_test_app: Callable
) -> None:
    lesson = load_guide().lessons()[0]
    async with guide_open(make_test_app, welcomed_store) as (app, pilot, screen):
        view = screen.lesson_view
        assert view.max_scroll_y > 0, "the first lesson should be longer than the pane"
        assert not progress.is_read(welcomed_store, lesson.id)
        await pilot.press("space")  # a page: not yet the end
        await pilot.pause()
        assert not progress.is_read(welcomed_store, lesson.id)
        for _ in range(10):
            await pilot.press("space")
        await pilot.pause()
        assert progress.is_read(welcomed_store, lesson.id)
        assert "✓ Read" in shown(app, screen.query_one("#guide-meta"))


async def test_read_marks_and_the_last_lesson_survive_a_restart(
    tmp_path: Path, clock: FixedClock, make_test_app: Callable
) -> None:
    lessons = load_guide().lessons()
    store = Store.open(tmp_path, clock)
    save_settings(store, Settings(partner_name="Dana", welcomed=True))
    async with guide_open(make_test_app, store) as (app, pilot, screen):
        await pilot.press("m", "n", "m", "n", "n")
        await pilot.pause()
        assert screen.lesson.id == lessons[3].id
        await pilot.press("ctrl+q")

    reopened = Store.open(tmp_path, clock)
    assert progress.read_ids(reopened) == {lessons[0].id, lessons[1].id}
    assert progress.last_lesson(reopened) == lessons[3].id
    async with guide_open(make_test_app, reopened) as (app, pilot, screen):
        assert screen.lesson.id == lessons[3].id
        assert lessons[3].title in shown(app, screen.lesson_view)
        contents = shown(app, screen.contents)
        assert f"✓ {lessons[0].title}" in contents
        assert f"✓ {lessons[1].title}" in contents
        assert f"· {lessons[2].title}" in contents


async def test_the_last_lesson_is_kept_even_without_quitting(
    tmp_path: Path, clock: FixedClock, make_test_app: Callable
) -> None:
    lessons = load_guide().lessons()
    store = Store.open(tmp_path, clock)
    save_settings(store, Settings(welcomed=True))
    async with guide_open(make_test_app, store) as (app, pilot, screen):
        await pilot.press("n", "n")
        await pilot.pause(1.0)  # the reader settles on a lesson
        assert progress.last_lesson(Store.open(tmp_path, clock)) == lessons[2].id


async def test_search_finds_a_phrase_and_jumps_to_its_line(
    welcomed_store: Store, make_test_app: Callable
) -> None:
    from coach.guide import search

    guide = load_guide()
    # A phrase from the last lesson, far from where the guide opens.
    target = guide.lessons()[-1]
    partner = Settings(partner_name="Dana").partner
    phrase, hit = None, None
    for candidate in ("weekly check-in", "check-in", "trust", "promise"):
        hits = [h for h in search(guide, candidate, partner) if h.lesson_id == target.id]
        if hits:
            phrase, hit = candidate, hits[-1]
            break
    assert phrase is not None and hit is not None
    async with guide_open(make_test_app, welcomed_store) as (app, pilot, screen):
        await pilot.press("slash")
        await pilot.press(*phrase)
        await pilot.pause()
        panel = shown(app, screen.query_one("#guide-search"))
        assert "lines in" in panel or "line in" in panel
        index = screen.query_one("GuideSearch").hits.index(hit)
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert screen.lesson.id == target.id
        view = screen.lesson_view
        assert view.scroll_y > 0
        on_screen = " ".join(shown(app, view).split()).lower()
        assert phrase.lower() in on_screen
        assert target.title in shown(app, screen)  # in the meta line or the lesson


async def test_escape_closes_the_search(welcomed_store: Store, make_test_app: Callable) -> None:
    lessons = load_guide().lessons()
    async with guide_open(make_test_app, welcomed_store) as (app, pilot, screen):
        await pilot.press("slash", "n", "o")
        await pilot.pause()
        assert screen.query_one("#guide-search").display
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.query_one("#guide-search").display
        assert screen.lesson.id == lessons[0].id  # "n" was typed, not "next lesson"
        assert lessons[0].title in shown(app, screen.lesson_view)


async def test_do_this_now_switches_to_the_linked_section(
    welcomed_store: Store, make_test_app: Callable
) -> None:
    guide = load_guide()
    kinds = {"worksheet": "worksheets", "rehearse": "rehearse", "settings": "settings"}
    async with guide_open(make_test_app, welcomed_store) as (app, pilot, screen):
        for kind, mode in kinds.items():
            lesson = next(item for item in guide.lessons() if item.do_now.kind == kind)
            # Back to the Guide directly: the other section may hold the keyboard focus.
            await app.switch_mode("guide")
            await pilot.pause()
            screen.open_lesson(lesson.id)
            await pilot.press("d")
            await pilot.pause()
            assert app.current_mode == mode, kind
        linking = next(item for item in guide.lessons() if item.do_now.kind == "lesson")
        await app.switch_mode("guide")
        await pilot.pause()
        screen.open_lesson(linking.id)
        await pilot.press("d")
        await pilot.pause()
        assert app.current_mode == "guide"
        assert screen.lesson.id == linking.do_now.target


async def test_do_this_now_suggests_the_promise_in_the_partners_name(
    welcomed_store: Store, make_test_app: Callable
) -> None:
    from coach.partner import fill

    lesson = next(item for item in load_guide().lessons() if item.do_now.kind == "promise")
    promise = fill(lesson.do_now.target, Settings(partner_name="Dana").partner)
    async with guide_open(make_test_app, welcomed_store) as (app, pilot, screen):
        screen.open_lesson(lesson.id)
        await pilot.press("d")
        await pilot.pause()
        await pilot.pause()
        assert app.current_mode == "promises"
        assert promise in shown(app)


async def test_settings_changed_elsewhere_show_on_return(
    welcomed_store: Store, make_test_app: Callable
) -> None:
    naming = next(item for item in load_guide().lessons() if "{partner" in _raw(item))
    async with guide_open(make_test_app, welcomed_store) as (app, pilot, screen):
        screen.open_lesson(naming.id)
        await pilot.pause()
        await app.switch_mode("settings")
        app.update_settings(app.settings.with_changes(partner_name="Robin", pronouns="he/him"))
        await app.switch_mode("guide")
        await pilot.pause()
        text = " ".join(screen.lesson_view.rendered_lines())
        assert "Robin" in text and "Dana" not in text
        assert screen.lesson.id == naming.id


async def test_c_hides_and_shows_the_contents(
    welcomed_store: Store, make_test_app: Callable
) -> None:
    async with guide_open(make_test_app, welcomed_store, (80, 24)) as (app, pilot, screen):
        assert screen.contents.display
        await pilot.press("c")
        await pilot.pause()
        assert not screen.contents.display
        assert screen.focused is screen.lesson_view
        assert screen.lesson_view.size.width >= 70
        await pilot.press("c")
        await pilot.pause()
        assert screen.contents.display


async def test_a_narrow_window_starts_with_the_contents_hidden(
    welcomed_store: Store, make_test_app: Callable
) -> None:
    lessons = load_guide().lessons()
    async with guide_open(make_test_app, welcomed_store, (64, 20)) as (app, pilot, screen):
        assert not screen.contents.display
        assert lessons[0].title in shown(app, screen.lesson_view)
        await pilot.press("c")
        await pilot.pause()
        assert screen.contents.display
        assert "Start here" in shown(app, screen.contents)


async def test_new_settings_rename_the_partner_in_the_next_lesson(
    welcomed_store: Store, make_test_app: Callable
) -> None:
    guide = load_guide()
    naming = [lesson for lesson in guide.lessons() if "{partner" in _raw(lesson)]
    assert len(naming) >= 2
    async with guide_open(make_test_app, welcomed_store) as (app, pilot, screen):
        screen.open_lesson(naming[0].id)
        await pilot.pause()
        assert "Dana" in " ".join(screen.lesson_view.rendered_lines())
        app.update_settings(app.settings.with_changes(partner_name="Robin", pronouns="he/him"))
        screen.open_lesson(naming[1].id)
        await pilot.pause()
        text = " ".join(screen.lesson_view.rendered_lines())
        assert "Robin" in text
        assert "Dana" not in text


def _raw(lesson) -> str:
    from coach.guide import _raw_markdown

    return _raw_markdown(lesson.file)


async def test_a_new_theme_recolours_the_open_lesson(
    welcomed_store: Store, make_test_app: Callable
) -> None:
    async with guide_open(make_test_app, welcomed_store) as (app, pilot, screen):

        def title_colour() -> str:
            view = screen.lesson_view
            row = app.screen._compositor.render_strips()[view.region.y]
            title = next(s for s in row if s.text.strip() == screen.lesson.title)
            return title.style.color.name

        before = title_colour()
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        assert title_colour() != before


# The renderer ------------------------------------------------------------------------------
def test_the_renderer_handles_the_guides_markdown() -> None:
    from rich.console import Console

    from coach.guide_render import LessonStyles, layout, parse

    source = (
        "# A title\n\nSome **bold** and *italic* text,\njoined across lines.\n\n"
        "- a bullet long enough to wrap onto a second row here\n  - nested\n1. first\n\n"
        '> "A quote"\n\n---\n'
    )
    blocks = parse(source)
    kinds = "heading paragraph bullet bullet number quote rule".split()
    assert [block.kind for block in blocks] == kinds
    assert blocks[1].text == "Some **bold** and *italic* text, joined across lines."
    assert (blocks[1].line, blocks[1].end_line) == (3, 4)
    laid_out = layout(blocks, 30, LessonStyles(), Console(width=30))
    rows = [line.plain.rstrip() for line in laid_out.lines]
    assert rows[:4] == ["A title", "", "Some bold and italic text,", "joined across lines."]
    bullet = rows.index("• a bullet long enough to wrap")
    assert rows[bullet + 1] == "  onto a second row here"  # a hanging indent
    assert rows[bullet + 2] == "  • nested"  # items of one list are not spaced apart
    assert rows[bullet + 3] == "1. first"
    assert '▌ "A quote"' in rows
    assert rows[-1] == "─" * 30
    assert laid_out.row_of_line(4) == 2  # the paragraph's second source line
    assert laid_out.line_at_row(3) == 3


def test_search_patterns_ignore_case_spacing_and_apostrophe_style() -> None:
    from coach.guide_render import query_pattern

    pattern = query_pattern("don't   RUSH")
    assert pattern is not None
    assert pattern.search("You Don’t rush in")
    assert query_pattern("   ") is None
