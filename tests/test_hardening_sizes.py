"""Every section at every window size from 40x12 to 300x100, and resizing while typing: no
crash, nothing typed lost, and a plain note when the window is too small."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from coach.screens.app import MIN_HEIGHT, MIN_WIDTH, SECTIONS
from tests.helpers.screen import screen_text

SIZES = [(40, 12), (59, 17), (60, 18), (80, 24), (132, 43), (300, 100)]
EXTREMES = [SIZES[0], SIZES[-1]]


@pytest.mark.parametrize("size", EXTREMES, ids=[f"{w}x{h}" for w, h in EXTREMES])
async def test_every_section_opens_at_every_size(size, welcomed_store, make_test_app) -> None:
    app = make_test_app(welcomed_store)
    async with app.run_test(size=size) as pilot:
        for section in SECTIONS:
            await pilot.press(section.key)
            await pilot.pause()
            assert app.current_mode == section.mode
            shown = screen_text(app)
            width, height = size
            if width < MIN_WIDTH or height < MIN_HEIGHT:
                assert "too small" in shown.replace("\n", " ")
        assert app.is_running


async def test_resizing_through_every_size_in_every_section(welcomed_store, make_test_app) -> None:
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(80, 24)) as pilot:
        for section in SECTIONS:
            await pilot.press(section.key)
            for size in SIZES if section.key in "135" else reversed(SIZES):
                await pilot.resize_terminal(*size)
                await pilot.pause()
            assert app.current_mode == section.mode
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "too small" not in screen_text(app)


async def test_resizing_while_typing_a_checkin_loses_nothing(welcomed_store, make_test_app) -> None:
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("6", "n")
        await pilot.pause()
        typed = ""
        for number, size in enumerate((*SIZES, *reversed(SIZES))):
            await pilot.press(*f"w{number}", "space")
            typed += f"w{number} "
            await pilot.resize_terminal(*size)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.screen.query_one("#how_are_we", TextArea).text == typed
        await pilot.press("escape")  # leave: saved
        await pilot.pause()
    (record,) = welcomed_store.all("checkins")
    assert record["answers"]["how_are_we"] == typed


async def test_dialogs_survive_a_tiny_window(welcomed_store, make_test_app) -> None:
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")  # the keys screen
        await pilot.pause()
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.press("6", "l")  # the logs
        await pilot.pause()
        await pilot.resize_terminal(300, 100)
        await pilot.pause()
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert app.is_running
