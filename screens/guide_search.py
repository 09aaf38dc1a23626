"""Searching the guide: a box to type in and the matching lines, each with its lesson.

The panel lives inside the Guide screen and covers the contents and lesson while open.
It posts `GuideSearch.Chosen` with the hit to jump to, or `GuideSearch.Closed`.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from coach.guide import Guide, SearchHit, search
from coach.guide_render import query_pattern
from coach.partner import Partner, fill

# More hits than this are not read by anyone; a narrower query is the better answer.
SHOWN_HITS = 60


class GuideSearch(Vertical):
    """The search box and its results."""

    BINDINGS = [
        Binding(
            "escape",
            "close",
            "Close search",
            id="guide.search.close",
            tooltip="Close the search and go back to the lesson",
        ),
        Binding(
            "down",
            "move(1)",
            "Next result",
            show=False,
            id="guide.search.down",
            tooltip="Highlight the next result",
        ),
        Binding(
            "up",
            "move(-1)",
            "Previous result",
            show=False,
            id="guide.search.up",
            tooltip="Highlight the previous result",
        ),
    ]

    class Chosen(Message):
        """The reader picked a hit; the query comes along to highlight it in the lesson."""

        def __init__(self, hit: SearchHit, query: str) -> None:
            super().__init__()
            self.hit = hit
            self.query = query

    class Closed(Message):
        """The reader closed the search without picking anything."""

    def __init__(self, guide: Guide, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.guide = guide
        self.partner = Partner()
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="Search the guide: a word or a phrase",
            id="guide-search-input",
            max_length=80,
        )
        yield Static(
            "Type to search. Enter opens the highlighted result; escape closes.",
            id="guide-search-status",
            markup=False,
        )
        yield OptionList(id="guide-search-hits")

    def on_mount(self) -> None:
        self.query_one("#guide-search-input", Input).border_title = "Search the guide"

    def open(self, partner: Partner) -> None:
        """Show the panel ready to type, keeping the last query (selected, to replace it)."""
        self.partner = partner
        search_box = self.query_one("#guide-search-input", Input)
        self.screen.set_focus(search_box)  # at once: what is typed after / is the search
        search_box.select_all()
        self._run(search_box.value)

    @property
    def query_text(self) -> str:
        return self.query_one("#guide-search-input", Input).value

    @on(Input.Changed, "#guide-search-input")
    def _typed(self, event: Input.Changed) -> None:
        self._run(event.value)

    def _run(self, query: str) -> None:
        self.hits = search(self.guide, query, self.partner)
        hit_list = self.query_one("#guide-search-hits", OptionList)
        status = self.query_one("#guide-search-status", Static)
        hit_list.clear_options()
        if not query.strip():
            status.update("Type to search. Enter opens the highlighted result; escape closes.")
            return
        if not self.hits:
            status.update("Nothing in the guide matches that. Try one word, or fewer.")
            return
        shown = self.hits[:SHOWN_HITS]
        count = len(self.hits)
        lessons = len({hit.lesson_id for hit in self.hits})
        more = f" (the first {SHOWN_HITS} are listed)" if count > SHOWN_HITS else ""
        status.update(
            f"{count} {'line' if count == 1 else 'lines'} in {lessons} "
            f"{'lesson' if lessons == 1 else 'lessons'}{more}. Enter opens the highlighted one."
        )
        previous = [None, *(hit.lesson_id for hit in shown)]
        hit_list.add_options(
            Option(self._prompt(hit, query, first=previous[index] != hit.lesson_id), id=str(index))
            for index, hit in enumerate(shown)
        )
        hit_list.highlighted = 0

    def _prompt(self, hit: SearchHit, query: str, *, first: bool) -> Content:
        """The lesson's title over the matching line; under the same lesson, the line only."""
        title = fill(hit.lesson_title, self.partner)
        pattern = query_pattern(query)
        if hit.snippet == title:
            snippet = Content("  (in the title)").stylize("$foreground-muted")
        else:
            snippet = Content("  " + hit.snippet).stylize("$foreground-muted")
        if pattern is not None:
            snippet = snippet.highlight_regex(pattern, style="$accent bold")
        if not first:
            return snippet
        heading = Content(title).stylize("bold")
        if pattern is not None:
            heading = heading.highlight_regex(pattern, style="$accent bold")
        return Content.assemble(heading, "\n", snippet)

    def action_move(self, step: int) -> None:
        hit_list = self.query_one("#guide-search-hits", OptionList)
        if hit_list.option_count == 0:
            return
        current = hit_list.highlighted if hit_list.highlighted is not None else -step
        hit_list.highlighted = max(0, min(hit_list.option_count - 1, current + step))

    def action_close(self) -> None:
        self.post_message(self.Closed())

    @on(Input.Submitted, "#guide-search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        hit_list = self.query_one("#guide-search-hits", OptionList)
        if hit_list.highlighted is not None:
            self._choose(hit_list.highlighted)

    @on(OptionList.OptionSelected, "#guide-search-hits")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _choose(self, index: int) -> None:
        if 0 <= index < len(self.hits):
            self.post_message(self.Chosen(self.hits[index], self.query_text))
