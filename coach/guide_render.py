"""A small, fast renderer for the Markdown the guide uses, laid out into lines of Rich text.

Lessons use a limited subset: headings, paragraphs, bullet and numbered lists (nested by
indentation), block quotes, rules, and inline bold, italic, code and links. Textual's
Markdown widget mounts a widget per block and Rich's Markdown parses a full CommonMark tree;
this does only what the guide needs, and records on which row each source line lands, so a
search hit can scroll to its line. Wrapping is Rich's. This module never imports textual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rich.console import Console
from rich.style import Style
from rich.text import Text

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^( *)[-*+]\s+(.*)$")
_NUMBER = re.compile(r"^( *)(\d{1,3})[.)]\s+(.*)$")
_QUOTE = re.compile(r"^ *>\s?(.*)$")
_RULE = re.compile(r"^ *(?:-\s*){3,}$|^ *(?:\*\s*){3,}$|^ *(?:_\s*){3,}$")
_INLINE = re.compile(
    r"\\(?P<escaped>[\\`*_\[\]()#>+\-.!{}])"
    r"|(?P<strong_mark>\*\*|__)(?P<strong>\S(?:.*?\S)?)(?P=strong_mark)"
    r"|\*(?P<em_star>[^*\s](?:[^*]*?[^*\s])?)\*"
    r"|(?<![\w])_(?P<em_under>[^_\s](?:[^_]*?[^_\s])?)_(?![\w])"
    r"|`(?P<code>[^`]+)`"
    r"|\[(?P<link>[^\]]+)\]\((?P<url>[^)\s]+)\)"
)
# Each nested list level indents this many cells.
LIST_INDENT = 2


@dataclass(frozen=True)
class Block:
    """One block of a lesson: its kind, its inline Markdown and the source lines it spans."""

    kind: str  # "heading", "paragraph", "bullet", "number", "quote", "rule"
    text: str
    line: int  # first source line, 1-based
    end_line: int
    level: int = 0  # heading level, or list nesting depth from 0
    marker: str = ""  # "3." for a numbered item


def parse(markdown: str) -> list[Block]:
    """Split Markdown into blocks; anything outside the subset is kept as plain paragraphs."""
    blocks: list[Block] = []
    # The block being built: kind, lines of text, first line, level, marker.
    current: list | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            kind, parts, first, last, level, marker = current
            blocks.append(Block(kind, " ".join(parts), first, last, level, marker))
            current = None

    for number, raw in enumerate(markdown.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            close()
            continue
        if match := _HEADING.match(line):
            close()
            blocks.append(Block("heading", match.group(2), number, number, len(match.group(1))))
        elif _RULE.match(line):
            close()
            blocks.append(Block("rule", "", number, number))
        elif match := _QUOTE.match(line):
            body = match.group(1).strip()
            if current is not None and current[0] == "quote" and body:
                current[1].append(body)
                current[3] = number
            else:
                close()
                if body:  # a bare ">" separates paragraphs inside a quote
                    current = ["quote", [body], number, number, 0, ""]
        elif match := _BULLET.match(line):
            close()
            current = ["bullet", [match.group(2).strip()], number, number, _depth(match[1]), ""]
        elif match := _NUMBER.match(line):
            close()
            level = _depth(match.group(1))
            current = ["number", [match.group(3).strip()], number, number, level, f"{match[2]}."]
        elif current is not None:
            # A continuation line joins the block it follows, lazily, as in CommonMark.
            current[1].append(line.strip())
            current[3] = number
        else:
            current = ["paragraph", [line.strip()], number, number, 0, ""]
    close()
    return blocks


def _depth(indent: str) -> int:
    return len(indent) // 2


@dataclass(frozen=True)
class LessonStyles:
    """The Rich styles a lesson is drawn with; screens derive them from the theme."""

    heading1: Style = field(default_factory=lambda: Style(bold=True))
    heading2: Style = field(default_factory=lambda: Style(bold=True))
    heading3: Style = field(default_factory=lambda: Style(bold=True, italic=True))
    marker: Style = field(default_factory=Style.null)
    quote: Style = field(default_factory=lambda: Style(italic=True))
    quote_bar: Style = field(default_factory=Style.null)
    code: Style = field(default_factory=lambda: Style(reverse=True))
    link: Style = field(default_factory=lambda: Style(underline=True))
    rule: Style = field(default_factory=lambda: Style(dim=True))
    match: Style = field(default_factory=lambda: Style(reverse=True))


def inline(source: str, styles: LessonStyles, base: Style | None = None) -> Text:
    """Inline Markdown as Rich text: bold, italic, code and links; never Rich markup."""
    text = Text(style=base or "")
    _append_inline(text, source, styles, Style.null())
    return text


def _append_inline(text: Text, source: str, styles: LessonStyles, style: Style) -> None:
    position = 0
    for match in _INLINE.finditer(source):
        if match.start() > position:
            text.append(source[position : match.start()], style)
        position = match.end()
        groups = match.groupdict()
        if groups["escaped"] is not None:
            text.append(groups["escaped"], style)
        elif groups["strong"] is not None:
            _append_inline(text, groups["strong"], styles, style + Style(bold=True))
        elif groups["em_star"] is not None or groups["em_under"] is not None:
            body = groups["em_star"] or groups["em_under"]
            _append_inline(text, body, styles, style + Style(italic=True))
        elif groups["code"] is not None:
            text.append(groups["code"], style + styles.code)
        else:
            _append_inline(text, groups["link"], styles, style + styles.link)
    if position < len(source):
        text.append(source[position:], style)


@dataclass(frozen=True)
class Layout:
    """A lesson laid out at one width: its lines, and the first row of each source line."""

    lines: tuple[Text, ...]
    width: int
    rows: tuple[tuple[int, int, int], ...]  # (first source line, last source line, row)

    def row_of_line(self, line: int, pattern: re.Pattern[str] | None = None) -> int:
        """The row where source line `line` (1-based) is drawn, or its nearest block's row.

        With a search pattern, the first row of that block showing a match, if one does.
        """
        index = self._block_index(line)
        if index < 0:
            return 0
        first, last, row = self.rows[index]
        if pattern is not None and first <= line <= last:
            end = self.rows[index + 1][2] if index + 1 < len(self.rows) else len(self.lines)
            for candidate in range(row, end):
                if pattern.search(self.lines[candidate].plain):
                    return candidate
        return row

    def line_at_row(self, row: int) -> int:
        """The first source line of the block drawn at `row` (for keeping place on resize)."""
        found = self.rows[0][0] if self.rows else 1
        for first, _last, start in self.rows:
            if start > row:
                break
            found = first
        return found

    def _block_index(self, line: int) -> int:
        best = -1
        for index, (first, last, _row) in enumerate(self.rows):
            if first <= line <= last:
                return index
            if first <= line:
                best = index
        return best


def query_pattern(query: str) -> re.Pattern[str] | None:
    """A case-insensitive pattern for a search query, as the guide's search matches it."""
    words = query.replace("\u2019", "'").replace("\u2018", "'").split()
    if not words:
        return None
    # Straight and curly apostrophes match each other, any run of spaces matches a space.
    escaped = [re.escape(word).replace("'", "['\u2019\u2018]") for word in words]
    return re.compile(r"\s+".join(escaped), re.IGNORECASE)


def layout(
    blocks: list[Block],
    width: int,
    styles: LessonStyles,
    console: Console,
    highlight: re.Pattern[str] | None = None,
) -> Layout:
    """Wrap the blocks to `width` cells, with a blank line between blocks (not list items)."""
    width = max(width, 10)
    lines: list[Text] = []
    rows: list[tuple[int, int, int]] = []
    previous: Block | None = None
    for block in blocks:
        if previous is not None and not _tight(previous, block):
            lines.append(Text())
        rows.append((block.line, block.end_line, len(lines)))
        lines.extend(_block_lines(block, width, styles, console, highlight))
        previous = block
    return Layout(tuple(lines), width, tuple(rows))


def _tight(previous: Block, block: Block) -> bool:
    # Items of one list sit on consecutive rows; everything else is spaced by a blank row.
    items = {"bullet", "number"}
    return previous.kind in items and block.kind in items


def _block_lines(
    block: Block,
    width: int,
    styles: LessonStyles,
    console: Console,
    highlight: re.Pattern[str] | None,
) -> list[Text]:
    if block.kind == "rule":
        return [Text("─" * width, styles.rule)]
    if block.kind == "heading":
        style = (styles.heading1, styles.heading2, styles.heading3)[min(block.level, 3) - 1]
        return _wrapped(inline(block.text, styles, style), width, console, highlight, styles)
    if block.kind == "quote":
        quote = inline(block.text, styles, styles.quote)
        body = _wrapped(quote, width - 2, console, highlight, styles)
        return [Text.assemble(("▌ ", styles.quote_bar), line) for line in body]
    if block.kind in {"bullet", "number"}:
        indent = " " * (LIST_INDENT * block.level)
        marker = block.marker if block.kind == "number" else "•"
        prefix = f"{indent}{marker} "
        hanging = " " * len(prefix)
        item = inline(block.text, styles)
        body = _wrapped(item, width - len(prefix), console, highlight, styles)
        return [
            Text.assemble((prefix, styles.marker), line) if i == 0 else Text.assemble(hanging, line)
            for i, line in enumerate(body)
        ]
    return _wrapped(inline(block.text, styles), width, console, highlight, styles)


def _wrapped(
    text: Text,
    width: int,
    console: Console,
    highlight: re.Pattern[str] | None,
    styles: LessonStyles,
) -> list[Text]:
    if highlight is not None:
        # Highlighting before wrapping keeps a match that spans two rows marked on both.
        text.highlight_regex(highlight, styles.match)
    return list(text.wrap(console, max(width, 4), overflow="fold"))
