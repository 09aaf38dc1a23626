"""The history file's name and a record's day are read by plain string checks; they
accept exactly what the patterns they replaced accepted (a trailing newline aside)."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from coach import archive

NAME = re.compile(r"^[^/\\]+\.history-[0-9a-f]{16}\Z")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")

hexes = st.text("0123456789abcdefABCDEF", min_size=14, max_size=18)
names = st.tuples(st.text(max_size=12), st.sampled_from([".history-", ".history", "-"]), hexes)


@given(names.map("".join) | st.text())
@example("store.json.history-0123456789abcdef")
@example("a/b.history-0123456789abcdef")
@example("a\\b.history-0123456789abcdef")
@example(".history-0123456789abcdef")
@example("x.history-0123456789abcdef.history-0123456789abcdef")
@example("store.json.history-0123456789abcdeF")
def test_a_history_name_is_what_the_pattern_accepts(name: str) -> None:
    assert archive._well_formed(name) == (NAME.match(name) is not None)


days = st.text("0123456789-٣x", min_size=8, max_size=12)


@given(days | st.text(max_size=12))
@example("2026-11-24")
@example("2026-1-245")
@example("２０２６-１１-２４")
@example("2026-11-2")
def test_a_day_is_what_the_pattern_accepts(text: str) -> None:
    assert archive._iso_shaped(text) == (ISO_DAY.match(text) is not None)
