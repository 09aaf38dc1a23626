"""The Guide: the program's lessons beside a table of contents with reading progress.

Built on the first visit to the section, never at start-up; it opens on the lesson read
last. Lessons are drawn by `LessonView` from `coach.guide_render`, which keeps opening one
well under a tenth of a second; each open is timed into `open_times` for the benchmark.
"""

from __future__ import annotations

import gc
import time
from collections import deque
from datetime import datetime
from functools import lru_cache

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static, Tree

from coach import progress
from coach.guide import Guide, Lesson, lesson_markdown, load_guide
from coach.guide_render import Block, parse, query_pattern
from coach.partner import Partner, fill
from coach.screens.base import SectionScreen
from coach.screens.guide_contents import ContentsTree, NodeData
from coach.screens.guide_do_now import go_to_exercise
from coach.screens.guide_lesson import LessonView
from coach.screens.guide_search import GuideSearch
from coach.screens.type_ahead import is_text_field
from coach.store import Store

# Once the reader settles on a lesson (no new one for this long), the lesson is remembered
# (paging with n costs one write, not one per lesson) and garbage is collected.
SETTLE_SECONDS = 0.6

# Long enough for the lesson to be painted first (a frame is 1/60 s), short enough that
# no one can press another key in between.
FOCUS_AFTER_SECONDS = 0.02

# Narrower than this, the contents would squeeze the lesson too much: hide them until the
# reader asks for them with c.
NARROW_WIDTH = 72


@lru_cache(maxsize=256)
def _blocks(lesson: Lesson, partner: Partner) -> tuple[Block, ...]:
    # Parsing is cheap, but a lesson revisited with the same settings should cost nothing.
    return tuple(parse(lesson_markdown(lesson, partner)))


class GuideScreen(SectionScreen):
    """The table of contents, the open lesson, and search."""

    SECTION_TITLE = "Guide"
    CSS_PATH = "guide.tcss"

    BINDINGS = [
        Binding("n", "next_lesson", "Next", id="guide.next", tooltip="Open the next lesson"),
        Binding(
            "p",
            "previous_lesson",
            "Previous",
            id="guide.previous",
            tooltip="Open the previous lesson",
        ),
        Binding(
            "m",
            "toggle_read",
            "Mark read",
            id="guide.mark",
            tooltip="Mark this lesson read, or unread again",
        ),
        Binding(
            "d",
            "do_now",
            "Do this now",
            id="guide.do_now",
            tooltip="Go straight to this lesson's exercise",
        ),
        # Priority: it acts before the words typed after it, which are the search.
        Binding(
            "slash",
            "search",
            "Search",
            id="guide.search",
            tooltip="Search the whole guide",
            priority=True,
        ),
        Binding(
            "c",
            "toggle_contents",
            "Contents",
            id="guide.contents",
            tooltip="Show or hide the table of contents",
        ),
        Binding(
            "space",
            "page_lesson(1)",
            "Read on",
            show=False,
            id="guide.page_down",
            tooltip="Scroll the lesson down a page",
        ),
        Binding(
            "shift+space",
            "page_lesson(-1)",
            "Read back",
            show=False,
            id="guide.page_up",
            tooltip="Scroll the lesson up a page",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.guide: Guide = load_guide()
        self.lesson: Lesson | None = None
        self.partner: Partner = Partner()
        self.open_times: deque[tuple[str, float]] = deque(maxlen=500)
        self._pending_last: str | None = None
        self._remember_timer: Timer | None = None
        # The reader's own choice with c; until they make one, the width decides.
        self._contents_choice: bool | None = None

    # Building ----------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        with Horizontal(id="guide-main"):
            yield ContentsTree(self.guide, id="guide-contents")
            with Vertical(id="guide-reader"):
                yield Static(id="guide-meta", markup=False)
                yield LessonView(id="guide-lesson")
                yield Static(id="guide-do-now", markup=False)
        # The search panel is built on the first "/", so a first visit builds less.

    def on_mount(self) -> None:
        super().on_mount()
        self.app.register_draft_holder(self)  # type: ignore[attr-defined]
        self.partner = self.settings.partner
        contents = self.contents
        contents.set_partner(self.partner)
        contents.set_read(progress.read_ids(self.store))
        self.open_lesson(self._start_lesson().id)
        contents.focus()

    def _start_lesson(self) -> Lesson:
        remembered = progress.last_lesson(self.store)
        if remembered is not None:
            try:
                return self.guide.lesson(remembered)
            except KeyError:
                pass  # a lesson dropped from the guide: start from the first unread one
        return (
            progress.next_unread(self.guide, progress.read_ids(self.store))
            or (self.guide.lessons()[0])
        )

    def on_screen_resume(self) -> None:
        # Settings may have changed the partner's name or pronouns while we were away.
        partner = self.settings.partner
        if partner != self.partner and self.lesson is not None:
            self.partner = partner
            self.contents.set_partner(partner)
            self.open_lesson(self.lesson.id, keep_scroll=True)
        self.contents.set_read(progress.read_ids(self.store))

    def on_unmount(self) -> None:
        self.flush_drafts()

    @property
    def store(self) -> Store:
        return self.app.store  # type: ignore[attr-defined]

    def _now(self) -> datetime:
        return self.app.clock.now()  # type: ignore[attr-defined]

    @property
    def contents(self) -> ContentsTree:
        return self.query_one("#guide-contents", ContentsTree)

    @property
    def lesson_view(self) -> LessonView:
        return self.query_one("#guide-lesson", LessonView)

    # Opening lessons ---------------------------------------------------------------------
    def open_lesson(
        self,
        lesson_id: str,
        *,
        line: int | None = None,
        query: str | None = None,
        keep_scroll: bool = False,
    ) -> None:
        """Show a lesson, for the partner as Settings name them now."""
        started = time.perf_counter()
        lesson = self.guide.lesson(lesson_id)
        self.partner = self.settings.partner
        view = self.lesson_view
        scroll_y = view.scroll_y
        highlight = query_pattern(query) if query else None
        view.show((lesson.id, self.partner), list(_blocks(lesson, self.partner)), highlight)
        if line is not None:
            view.scroll_to_source_line(line)
        elif keep_scroll:
            view.scroll_to(0, scroll_y, animate=False, immediate=True)
        self.lesson = lesson
        self._show_meta()
        self._show_do_now()
        self.contents.set_open(lesson.id)
        self._remember(lesson.id)
        self.call_after_refresh(self._opened, lesson.id, started)

    def _opened(self, lesson_id: str, started: float) -> None:
        self.open_times.append((lesson_id, time.perf_counter() - started))

    def _show_meta(self) -> None:
        lesson = self.lesson
        if lesson is None:
            return
        section = self.guide.section_of(lesson.id)
        where = section.title
        if 1 <= section.phase <= 6:
            where = f"Phase {section.phase} · {where}"
        if progress.is_read(self.store, lesson.id):
            state = ("✓ Read", "$success")
        else:
            state = ("Not read yet", "")
        # The read state first: it is what changes, and a narrow pane cuts the end. The
        # rest takes the muted colour of #guide-meta from the stylesheet.
        meta = Content.assemble(state, f" · {lesson.minutes} min · {where}")
        # One row, always: no layout pass needed, so only this line is redrawn.
        self.query_one("#guide-meta", Static).update(meta, layout=False)

    def _show_do_now(self) -> None:
        lesson = self.lesson
        if lesson is None:
            return
        label = fill(lesson.do_now.label, self.partner)
        hint = Content.assemble((" d ", "reverse bold"), " Do this now: ", (label, "bold"))
        line = self.query_one("#guide-do-now", Static)
        # A layout pass (the whole screen) only when the hint needs a different number of
        # rows than it has; a new label of the same height just redraws the line.
        rows = 1 if hint.cell_length <= line.content_region.width else 2
        line.update(hint, layout=rows != line.content_region.height)

    # Contents ----------------------------------------------------------------------------
    @on(Tree.NodeSelected, "#guide-contents")
    def _lesson_chosen(self, event: Tree.NodeSelected[NodeData]) -> None:
        data = event.node.data
        if data is None or data[0] != "lesson":
            return  # enter on a section opens or closes it
        event.stop()
        self.open_lesson(data[1])
        self._focus_lesson_soon()

    def _focus_lesson_soon(self) -> None:
        # A focus change restyles both panes and rebuilds the footer's keys (tens of
        # milliseconds); a frame later, the lesson is already drawn and does not wait for
        # it. (`call_after_refresh` can run before the paint when the screen is idle.)
        self.set_timer(FOCUS_AFTER_SECONDS, self.lesson_view.focus)

    def action_toggle_contents(self) -> None:
        self._contents_choice = self.has_class("-no-contents")
        self._place_contents()
        if self._contents_choice:
            self.contents.focus()
        else:
            self.lesson_view.focus()

    def on_resize(self) -> None:
        self._place_contents()

    def _place_contents(self) -> None:
        shown = self._contents_choice
        if shown is None:
            shown = self.size.width >= NARROW_WIDTH
        was_hidden = self.has_class("-no-contents")
        self.set_class(not shown, "-no-contents")
        if not shown and self.focused is self.contents:
            self.lesson_view.focus()
        elif shown and was_hidden and self.lesson is not None:
            # Hidden, the tree could not scroll to the open lesson; show it there now.
            self.contents.move_to_lesson(self.lesson.id)

    # Moving between lessons --------------------------------------------------------------
    def action_next_lesson(self) -> None:
        if self.lesson is None:
            return
        view = self.lesson_view
        if view.fits and view.key == (self.lesson.id, self.partner):
            # The whole lesson was on screen, end included: moving on means it was read.
            self._mark(self.lesson.id)
        following = self.guide.next_lesson(self.lesson.id)
        if following is None:
            self.notify("This is the last lesson of the guide.", title="Guide", markup=False)
            return
        self.open_lesson(following.id)

    def action_previous_lesson(self) -> None:
        if self.lesson is None:
            return
        before = self.guide.previous_lesson(self.lesson.id)
        if before is None:
            self.notify("This is the first lesson of the guide.", title="Guide", markup=False)
            return
        self.open_lesson(before.id)

    def action_page_lesson(self, direction: int) -> None:
        view = self.lesson_view
        if direction > 0:
            view.scroll_page_down(animate=False)
        else:
            view.scroll_page_up(animate=False)

    # Read marks --------------------------------------------------------------------------
    def action_toggle_read(self) -> None:
        if self.lesson is None:
            return
        now_read = progress.toggle_read(self.store, self.lesson.id, self._now())
        self._progress_changed()
        title = fill(self.lesson.title, self.partner)
        message = f"Marked read: {title}" if now_read else f"Marked not read: {title}"
        self.notify(message, title="Guide", timeout=2, markup=False)

    def _mark(self, lesson_id: str) -> None:
        if not progress.is_read(self.store, lesson_id):
            progress.mark_read(self.store, lesson_id, self._now())
            self._progress_changed()

    def _progress_changed(self) -> None:
        self.contents.set_read(progress.read_ids(self.store))
        self._show_meta()

    @on(LessonView.EndReached)
    def _end_reached(self, event: LessonView.EndReached) -> None:
        if self.lesson is not None and event.key == (self.lesson.id, self.partner):
            self._mark(self.lesson.id)

    # The last lesson ---------------------------------------------------------------------
    def _remember(self, lesson_id: str) -> None:
        self._pending_last = lesson_id
        if self._remember_timer is not None:
            self._remember_timer.stop()
        self._remember_timer = self.set_timer(SETTLE_SECONDS, self._settled)

    def _settled(self) -> None:
        self.flush_drafts()
        # Textual's frames leave cyclic garbage (strips caching themselves) that only a
        # full collection frees; left to itself, that collection comes at some key press
        # and can stall it for 100 ms or more. Collecting here, while the reader reads,
        # keeps the next key press clear of it (see benchmarks/bench_guide.py).
        gc.collect()

    def flush_drafts(self) -> None:
        """Write the remembered lesson now (the app calls this before any exit)."""
        pending, self._pending_last = self._pending_last, None
        if pending is not None:
            progress.set_last_lesson(self.store, pending)

    # Do this now -------------------------------------------------------------------------
    def action_do_now(self) -> None:
        lesson = self.lesson
        if lesson is None:
            return
        if lesson.do_now.kind == "lesson":
            try:
                self.open_lesson(self.guide.lesson(lesson.do_now.target).id)
            except KeyError:
                self.notify("That lesson is not in this guide.", title="Guide", markup=False)
            return
        self.flush_drafts()
        go_to_exercise(self.app, lesson.do_now, self.partner)

    # Search ------------------------------------------------------------------------------
    async def action_search(self) -> None:
        if is_text_field(self.focused):
            raise SkipAction()  # a "/" typed in a field is a character
        panels = self.query(GuideSearch)
        if panels:
            panel = panels.first()
        else:
            panel = GuideSearch(self.guide, id="guide-search")
            await self.query_one("#body").mount(panel)
        self.add_class("-searching")
        panel.open(self.settings.partner)

    @on(GuideSearch.Closed)
    def _search_closed(self) -> None:
        self.remove_class("-searching")
        self.lesson_view.focus()

    @on(GuideSearch.Chosen)
    def _search_chosen(self, event: GuideSearch.Chosen) -> None:
        self.remove_class("-searching")
        self.open_lesson(event.hit.lesson_id, line=event.hit.line, query=event.query)
        self._focus_lesson_soon()
