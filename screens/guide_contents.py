"""The guide's table of contents: sections with their progress, lessons with read marks.

Labels are drawn from the tree's state at render time, with styles from component
classes, so a new theme or a new read mark shows without rebuilding the tree.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from coach.guide import Guide
from coach.partner import Partner, fill

# Node data: ("section", id) or ("lesson", id).
NodeData = tuple[str, str]

READ_MARK = "✓ "
UNREAD_MARK = "· "


class ContentsTree(Tree[NodeData]):
    """Sections and lessons of the guide; enter on a lesson posts `Tree.NodeSelected`."""

    BINDINGS = [
        Binding(
            "j",
            "cursor_down",
            "Down",
            show=False,
            id="guide.contents.down",
            tooltip="Move down the contents",
        ),
        Binding(
            "k",
            "cursor_up",
            "Up",
            show=False,
            id="guide.contents.up",
            tooltip="Move up the contents",
        ),
        # Space reads on in the lesson, as everywhere in the Guide; a section opens and
        # closes with enter.
        Binding(
            "space",
            "screen.page_lesson(1)",
            "Read on",
            show=False,
            id="guide.contents.read_on",
            tooltip="Scroll the lesson down a page",
        ),
        Binding(
            "shift+space",
            "screen.page_lesson(-1)",
            "Read back",
            show=False,
            id="guide.contents.read_back",
            tooltip="Scroll the lesson up a page",
        ),
    ]

    COMPONENT_CLASSES = {
        "contents--read",
        "contents--unread",
        "contents--open",
        "contents--progress",
        "contents--done",
    }

    def __init__(self, guide: Guide, **kwargs: object) -> None:
        super().__init__(Text("Guide"), **kwargs)  # type: ignore[arg-type]
        self.show_root = False
        self.guide_depth = 2
        self.guide = guide
        self.partner = Partner()
        self.read: set[str] = set()
        self.open_lesson: str | None = None
        self._lesson_nodes: dict[str, TreeNode[NodeData]] = {}
        self._section_nodes: dict[str, TreeNode[NodeData]] = {}
        self._titles: dict[str, str] = {}

    def on_mount(self) -> None:
        # Text, never a str: Tree would read a str as markup. The labels drawn are built
        # in render_label; these only name the nodes.
        for section in self.guide.sections:
            node = self.root.add(Text(section.title), ("section", section.id), expand=True)
            self._section_nodes[section.id] = node
            for lesson in section.lessons:
                leaf = node.add_leaf(Text(lesson.title), ("lesson", lesson.id))
                self._lesson_nodes[lesson.id] = leaf

    # State -------------------------------------------------------------------------------
    def set_partner(self, partner: Partner) -> None:
        """Titles may name the partner; fill them for these settings."""
        if partner == self.partner and self._titles:
            return
        self.partner = partner
        self._titles = {lesson.id: fill(lesson.title, partner) for lesson in self.guide.lessons()}
        for node in self._lesson_nodes.values():
            node.refresh()

    def set_read(self, read: set[str]) -> None:
        """Show these lessons as read; only rows whose mark changed are redrawn."""
        changed = read ^ self.read
        self.read = set(read)
        for lesson_id in changed:
            self._refresh_lesson(lesson_id)

    def set_open(self, lesson_id: str | None) -> None:
        """Mark the lesson being read, and put the cursor on it."""
        previous, self.open_lesson = self.open_lesson, lesson_id
        for changed in (previous, lesson_id):
            if changed is not None:
                self._refresh_lesson(changed)
        if lesson_id is not None:
            self.move_to_lesson(lesson_id)

    def move_to_lesson(self, lesson_id: str) -> None:
        node = self._lesson_nodes.get(lesson_id)
        if node is None:
            return
        if node.parent is not None and not node.parent.is_expanded:
            node.parent.expand()
        # Lines are known only once the tree has laid itself out; move after that.
        self.call_after_refresh(self._reveal, node)

    def _reveal(self, node: TreeNode[NodeData]) -> None:
        self.move_cursor(node)
        parent = node.parent
        if parent is not None and parent.line >= 0 and node.line >= 0:
            # Show the section's title with its lesson, so the reader sees where they are.
            span = Region(0, parent.line, 1, node.line - parent.line + 1)
            self.scroll_to_region(span, animate=False, force=True, x_axis=False)

    @property
    def cursor_lesson(self) -> str | None:
        """The id of the lesson under the cursor, if the cursor is on a lesson."""
        node = self.cursor_node
        if node is not None and node.data is not None and node.data[0] == "lesson":
            return node.data[1]
        return None

    def _refresh_lesson(self, lesson_id: str) -> None:
        node = self._lesson_nodes.get(lesson_id)
        if node is None:
            return
        node.refresh()
        if node.parent is not None:
            node.parent.refresh()

    # Drawing -----------------------------------------------------------------------------
    def render_label(self, node: TreeNode[NodeData], base_style: Style, style: Style) -> Text:
        data = node.data
        if data is None:
            return super().render_label(node, base_style, style)
        kind, item_id = data
        if kind == "section":
            head, tail = self._section_label(item_id)
        else:
            head, tail = self._lesson_label(item_id), Text()
        # Long titles end in an ellipsis rather than being cut at the pane's edge; a
        # section's progress stays whole. Every row is indented two cells (guide or icon).
        room = self.scrollable_content_region.width - 2 - tail.cell_len
        if room > 4 and head.cell_len > room:
            head.truncate(room, overflow="ellipsis")
        label = Text.assemble(head, tail)
        label.stylize(style)
        return Text.assemble(self._toggle(node, base_style), label)

    def _toggle(self, node: TreeNode[NodeData], base_style: Style) -> Text:
        if not node.allow_expand:
            return Text("")
        icon = "▾ " if node.is_expanded else "▸ "
        return Text(icon, base_style)

    def _section_label(self, section_id: str) -> tuple[Text, Text]:
        section = next(s for s in self.guide.sections if s.id == section_id)
        done = sum(lesson.id in self.read for lesson in section.lessons)
        total = len(section.lessons)
        prefix = f"{section.phase}. " if 1 <= section.phase <= 6 else ""
        progress_style = self.get_component_rich_style(
            "contents--done" if done == total else "contents--progress", partial=True
        )
        return Text(prefix + section.title, Style(bold=True)), Text.assemble(
            " ", (f"{done}/{total}", progress_style)
        )

    def _lesson_label(self, lesson_id: str) -> Text:
        read = lesson_id in self.read
        mark_style = self.get_component_rich_style(
            "contents--read" if read else "contents--unread", partial=True
        )
        title = self._titles.get(lesson_id) or self.guide.lesson(lesson_id).title
        title_style = (
            self.get_component_rich_style("contents--open", partial=True)
            if lesson_id == self.open_lesson
            else Style.null()
        )
        return Text.assemble((READ_MARK if read else UNREAD_MARK, mark_style), (title, title_style))
