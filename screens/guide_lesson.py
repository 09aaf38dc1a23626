"""The lesson text: a Line API widget drawing lines laid out by `coach.guide_render`.

One widget, no children: opening a lesson lays out a few dozen lines of Rich text and
draws only the rows on screen, turning a row into a Strip the first time it is drawn.
Layouts (plain Rich text, no Strips: each Strip carries several caches of its own, which
makes a big cache of them slow for the garbage collector) are kept per (lesson, partner,
width, search, styles), so going back to a lesson, or resizing back, costs nothing.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Hashable

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from coach.guide_render import Block, Layout, LessonStyles, layout

# Past this, lines get too long to read comfortably on a wide terminal.
MAX_TEXT_WIDTH = 78
CACHE_SIZE = 12


class LessonView(ScrollView, can_focus=True):
    """Shows one lesson; posts `EndReached` the first time the reader scrolls to its end."""

    BINDINGS = [
        Binding(
            "j",
            "scroll_down",
            "Down",
            show=False,
            id="guide.lesson.down",
            tooltip="Scroll the lesson down a line",
        ),
        Binding(
            "k",
            "scroll_up",
            "Up",
            show=False,
            id="guide.lesson.up",
            tooltip="Scroll the lesson up a line",
        ),
        Binding(
            "escape",
            "leave",
            "To contents",
            show=False,
            id="guide.lesson.leave",
            tooltip="Go back to the table of contents",
        ),
    ]

    COMPONENT_CLASSES = {
        "lesson--h1",
        "lesson--h2",
        "lesson--h3",
        "lesson--marker",
        "lesson--quote",
        "lesson--quote-bar",
        "lesson--code",
        "lesson--link",
        "lesson--rule",
        "lesson--match",
    }

    class EndReached(Message):
        """The reader scrolled down to the last line of the lesson."""

        def __init__(self, view: LessonView, key: Hashable) -> None:
            super().__init__()
            self.view = view
            self.key = key

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._key: Hashable = None
        self._blocks: list[Block] = []
        self._highlight: re.Pattern[str] | None = None
        self._layout: Layout | None = None
        self._strips: dict[tuple[int, int, Style], Strip] = {}
        self._styles: LessonStyles | None = None
        self._cache: OrderedDict[Hashable, Layout] = OrderedDict()
        self._end_reported = False
        self._jumping = False
        # A line to scroll to once the view has a size (it may be hidden when asked).
        self._pending_line: int | None = None

    # Showing a lesson --------------------------------------------------------------------
    def show(
        self,
        key: Hashable,
        blocks: list[Block],
        highlight: re.Pattern[str] | None = None,
    ) -> None:
        """Show new content (`key` names it for the cache), scrolled to the top."""
        self._key = key
        self._blocks = blocks
        self._highlight = highlight
        self._end_reported = False
        self._pending_line = None
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._relayout()

    @property
    def key(self) -> Hashable:
        return self._key

    @property
    def text_width(self) -> int:
        return min(MAX_TEXT_WIDTH, self.scrollable_content_region.width)

    def scroll_to_source_line(self, line: int, *, context: int = 2) -> None:
        """Scroll so the row showing Markdown line `line` (a search match in it, if
        highlighting) is `context` rows below the top, so the reader sees where it sits."""
        if self._layout is None:
            self._pending_line = line
            return
        row = max(0, self._layout.row_of_line(line, self._highlight) - context)
        # A jump is not reading: landing at the end must not count as reaching it.
        self._jumping = True
        try:
            self.scroll_to(0, row, animate=False, immediate=True)
        finally:
            self._jumping = False

    def rendered_lines(self) -> list[str]:
        """The plain text of every laid-out row; what a reader would see, for tests."""
        return [line.plain.rstrip() for line in self._layout.lines] if self._layout else []

    def action_leave(self) -> None:
        # Back to the contents, unless they are hidden; then escape has nothing to do.
        contents = self.screen.query("#guide-contents")
        if contents and contents.first().display:
            contents.first().focus()

    # Layout ------------------------------------------------------------------------------
    def _relayout(self) -> None:
        width = self.text_width
        if width < 10:
            # Hidden or not laid out yet: wait for a real size (`on_resize`).
            self._layout, self._strips = None, {}
            return
        pattern = self._highlight.pattern if self._highlight is not None else None
        try:
            styles = self._lesson_styles()
        except KeyError:
            # Not styled yet; `_check_styles` lays the lesson out again once it is.
            styles = LessonStyles()
        cache_key = (self._key, width, pattern, styles)
        laid_out = self._cache.get(cache_key)
        if laid_out is None:
            console = self.app.console
            laid_out = layout(self._blocks, width, styles, console, self._highlight)
            self._cache[cache_key] = laid_out
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(cache_key)
        self._layout, self._strips = laid_out, {}
        self.virtual_size = Size(width, len(laid_out.lines))
        self.refresh()

    def _lesson_styles(self) -> LessonStyles:
        if self._styles is None:

            def style(name: str) -> Style:
                return self.get_component_rich_style(f"lesson--{name}", partial=True)

            self._styles = LessonStyles(
                heading1=style("h1"),
                heading2=style("h2"),
                heading3=style("h3"),
                marker=style("marker"),
                quote=style("quote"),
                quote_bar=style("quote-bar"),
                code=style("code"),
                link=style("link"),
                rule=style("rule"),
                match=style("match"),
            )
        return self._styles

    def notify_style_update(self) -> None:
        # Textual rebuilds the component styles just after this call, so look at them a
        # moment later. Focus moving in or out lands here too and changes nothing the text
        # is drawn with; only a real change (a new theme) lays the lesson out again.
        super().notify_style_update()
        self._strips.clear()
        self.call_later(self._check_styles)

    def _check_styles(self) -> None:
        previous = self._styles
        self._styles = None
        try:
            current = self._lesson_styles()
        except KeyError:  # not styled yet
            self._styles = previous
            return
        if current != previous and self._key is not None and self._layout is not None:
            self._cache.clear()
            self._relayout()

    def on_resize(self) -> None:
        if self._key is None:
            return
        if self._layout is None:
            self._relayout()
            pending, self._pending_line = self._pending_line, None
            if pending is not None:
                self.scroll_to_source_line(pending)
        elif self._layout.width != self.text_width:
            # Keep the reader's place: the block at the top stays at the top.
            top_line = self._layout.line_at_row(round(self.scroll_y))
            self._relayout()
            if self._layout is not None and self.scroll_y > 0:
                self.scroll_to_source_line(top_line, context=0)

    # Drawing -----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        # Horizontal scrolling is off, so a row's strip depends only on the row, the width
        # and the base style: build it whole once and hand the same one back every frame.
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        key = (row, width, base)
        strip = self._strips.get(key)
        if strip is None:
            lines = self._layout.lines if self._layout is not None else ()
            if 0 <= row < len(lines):
                strip = _strip(lines[row], self.app.console, base, width)
            else:
                strip = Strip([Segment(" " * width, base)], width)
            self._strips[key] = strip
        return strip

    # Reaching the end --------------------------------------------------------------------
    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if (
            not self._end_reported
            and not self._jumping
            and self._key is not None
            and self.max_scroll_y > 0
            and new_value > old_value
            and round(new_value) >= self.max_scroll_y
        ):
            self._end_reported = True
            self.post_message(self.EndReached(self, self._key))

    @property
    def fits(self) -> bool:
        """Whether the whole lesson is visible without scrolling."""
        if self._layout is None:
            return False
        return len(self._layout.lines) <= self.scrollable_content_region.height


def _strip(line: Text, console: Console, base: Style, width: int) -> Strip:
    """One row as a finished strip: the widget's style under the text's, padded to width."""
    # Rich's Text.render drops the text's own style when it has no spans (a plain heading
    # row, say), so that case is styled here.
    if line.spans:
        segments = list(Segment.apply_style(line.render(console), base))
    else:
        own = console.get_style(line.style) if line.style else Style.null()
        segments = [Segment(line.plain, base + own)]
    length = line.cell_len
    if length < width:
        segments.append(Segment(" " * (width - length), base))
    elif length > width:
        return Strip(segments, length).crop(0, width)
    return Strip(segments, width)
